#define BOOST_TEST_MODULE output_file
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <array>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "run_graphstat.hpp"
#include "text_checks.hpp"

// --output never destroys what it writes to: a regular file is replaced whole (keeping its mode),
// a symlink stays a link to the file it names, a hard link stays one file, and a FIFO or a device
// is written in place. Every write error is an error. (Never pointed at the real /dev/null: a bug
// there would destroy it for the whole machine.)

namespace fs = std::filesystem;
using graphstat::test::contains;
using graphstat::test::read_file;
using graphstat::test::run_graphstat;
using graphstat::test::TempDir;

namespace {

const std::string kModel =
    "'" + std::string(GRAPHSTAT_TEST_DATA_DIR) + "/tiny_cnn.json' --format csv";

std::string report() {
  const auto r = run_graphstat(kModel);
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  return r.out;
}

struct stat stat_of(const fs::path& p) {
  struct stat st {};
  BOOST_TEST_REQUIRE(::lstat(p.c_str(), &st) == 0, p);
  return st;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_regular_file_is_replaced_whole_and_keeps_its_mode) {
  TempDir dir;
  const auto out = dir.write("r.csv", "old\n");
  fs::permissions(out, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  const auto r = run_graphstat(kModel + " -o '" + out.string() + "'");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(read_file(out) == report());
  BOOST_TEST((stat_of(out).st_mode & 07777) == 0640u);
  // Nothing is left beside it.
  BOOST_TEST(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator{}) == 1);
}

BOOST_AUTO_TEST_CASE(a_failed_run_leaves_the_file_untouched) {
  TempDir dir;
  const auto out = dir.write("r.csv", "old\n");
  const auto r =
      run_graphstat("'" + (dir.path() / "missing.json").string() + "' -o '" + out.string() + "'");
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(read_file(out) == "old\n");
}

BOOST_AUTO_TEST_CASE(a_symlink_stays_a_link_to_the_file_it_names) {
  TempDir dir;
  const auto target = dir.write("target.csv", "old\n");
  const auto link = dir.path() / "link.csv";
  fs::create_symlink("target.csv", link);
  const auto r = run_graphstat(kModel + " -o '" + link.string() + "'");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(fs::is_symlink(link));
  BOOST_TEST(read_file(target) == report());
  // A dangling link creates the file it names.
  const auto dangling = dir.path() / "dangling.csv";
  fs::create_symlink("new.csv", dangling);
  BOOST_TEST(run_graphstat(kModel + " -o '" + dangling.string() + "'").exit_code == 0);
  BOOST_TEST(fs::is_symlink(dangling));
  BOOST_TEST(read_file(dir.path() / "new.csv") == report());
}

BOOST_AUTO_TEST_CASE(a_hard_linked_file_stays_one_file) {
  TempDir dir;
  const auto a = dir.write("a.csv", "old\n");
  const auto b = dir.path() / "b.csv";
  fs::create_hard_link(a, b);
  const auto r = run_graphstat(kModel + " -o '" + a.string() + "'");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(stat_of(a).st_ino == stat_of(b).st_ino);
  BOOST_TEST(read_file(b) == report());
}

BOOST_AUTO_TEST_CASE(a_fifo_is_written_in_place) {
  TempDir dir;
  const auto fifo = dir.path() / "pipe";
  BOOST_TEST_REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  // The test holds the pipe open (read-write never blocks on Linux), so graphstat's open for
  // writing does not wait, the report (small: within the pipe's buffer) waits in the pipe, and a
  // regression that replaced the pipe fails here instead of hanging.
  const int fd = ::open(fifo.c_str(), O_RDWR | O_NONBLOCK);
  BOOST_TEST_REQUIRE(fd >= 0);
  const auto r = run_graphstat(kModel + " -o '" + fifo.string() + "'");
  std::string received;
  std::array<char, 4096> buffer{};
  for (ssize_t n = 0; (n = ::read(fd, buffer.data(), buffer.size())) > 0;) {
    received.append(buffer.data(), static_cast<std::size_t>(n));
  }
  ::close(fd);
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(received == report());
  BOOST_TEST(S_ISFIFO(stat_of(fifo).st_mode));
}

// The device is a private node of /dev/full's kind (char 1:7) made in a temporary directory, so a
// regression that replaced devices would destroy only that node, not the machine's /dev/full.
BOOST_AUTO_TEST_CASE(a_full_device_is_an_error_and_stays_a_device) {
  TempDir dir;
  const auto full = dir.path() / "full";
  if (::mknod(full.c_str(), S_IFCHR | 0666, makedev(1, 7)) == 0) {
    const auto r = run_graphstat(kModel + " -o '" + full.string() + "'");
    BOOST_TEST(r.exit_code == 1);
    BOOST_TEST(r.err == "graphstat: error: " + full.string() +
                            ": cannot write output: No space left on device\n");
    BOOST_TEST(S_ISCHR(stat_of(full).st_mode));
  } else {
    BOOST_TEST_MESSAGE("mknod needs root: the device case is checked only as root (CI is root)");
  }
  // Standard output that cannot be written is an error too, not a silent exit 0.
  const auto to_stdout = run_graphstat(kModel + " >/dev/full");
  BOOST_TEST(to_stdout.exit_code == 1);
  BOOST_TEST(contains(to_stdout.err, "standard output: cannot write output"), to_stdout.err);
}

BOOST_AUTO_TEST_CASE(a_missing_directory_or_a_directory_target_is_one_error_line) {
  TempDir dir;
  const auto missing = dir.path() / "no" / "r.csv";
  auto r = run_graphstat(kModel + " -o '" + missing.string() + "'");
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err == "graphstat: error: " + missing.string() +
                          ": cannot write output: No such file or directory\n");
  r = run_graphstat(kModel + " -o '" + dir.path().string() + "'");
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(contains(r.err, ": cannot write output: Is a directory"), r.err);
  BOOST_TEST(fs::is_directory(dir.path()));
}

BOOST_AUTO_TEST_CASE(a_file_that_cannot_keep_its_owner_loses_only_its_set_id_bits) {
  // Only root may give a file away. Run as an ordinary user (uid 65534) over a root-owned file
  // with the setgid bit: the owner cannot be kept, so neither is setgid (a file that changed hands
  // must not keep set-id rights), and every other permission bit is. Needs root to set up.
  if (::geteuid() != 0) {
    BOOST_TEST_MESSAGE("skipped: needs root to make a file another user rewrites");
    return;
  }
  TempDir dir;
  fs::permissions(dir.path(), fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                  fs::perms::others_read | fs::perms::others_exec);
  const fs::path sub = dir.path() / "nobody";
  fs::create_directory(sub);
  BOOST_TEST_REQUIRE(::chown(sub.c_str(), 65534, 65534) == 0);
  const fs::path out = sub / "r.csv";
  { std::ofstream(out) << "old\n"; }
  // rw-r-Srw- with setgid: 02646, owned by root (world-writable, so the other user may rewrite).
  BOOST_TEST_REQUIRE(::chmod(out.c_str(), 02646) == 0);
  const auto r = run_graphstat(kModel + " -o '" + out.string() + "'",
                               "setpriv --reuid=65534 --regid=65534 --clear-groups");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(read_file(out) == report());
  const struct stat st = stat_of(out);
  BOOST_TEST(st.st_uid == 65534u);  // the writer's: root's ownership could not be kept
  BOOST_TEST((st.st_mode & 07777) == 0646u);
}

#include "atomic_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "graphstat/error.hpp"

namespace graphstat {
namespace fs = std::filesystem;
namespace {

[[noreturn]] void fail(const fs::path& path, int error) {
  throw Error(fmt::format("{}: cannot write output: {}", path.string(), std::strerror(error)));
}

// Writes all of content to fd; returns 0 or the errno of the failed write.
int write_all(int fd, std::string_view content) {
  const char* data = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, data, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    data += n;
    left -= static_cast<std::size_t>(n);
  }
  return 0;
}

// A device, a FIFO or a socket (/dev/stdout, /dev/null, a named pipe) is written in place: it
// cannot be replaced, and replacing it would destroy it.
void write_in_place(const fs::path& path, std::string_view content, int flags) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC | flags);
  if (fd < 0) fail(path, errno);
  const int error = write_all(fd, content);
  if (::close(fd) != 0 && error == 0) fail(path, errno);
  if (error != 0) fail(path, error);
}

// The file a path names once its symlinks are followed (the link stays a link to it). A dangling
// link names the file it would create.
fs::path follow_links(const fs::path& path) {
  fs::path target = path;
  for (int hops = 0; hops < 40; ++hops) {
    std::error_code ec;
    if (!fs::is_symlink(fs::symlink_status(target, ec))) return target;
    const fs::path next = fs::read_symlink(target, ec);
    if (ec) fail(path, ec.value());
    target = next.is_absolute() ? next : target.parent_path() / next;
  }
  fail(path, ELOOP);
}

// Writes content to a new temporary file beside `target` with the given mode; returns its name.
std::string write_temp_beside(const fs::path& path, const fs::path& target,
                              std::string_view content, mode_t mode, const struct stat* owner) {
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::string temp = (dir / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) fail(path, errno);
  auto give_up = [&](int error) {
    ::close(fd);
    ::unlink(temp.c_str());
    fail(path, error);
  };
  if (int error = write_all(fd, content); error != 0) give_up(error);
  // Best effort: only root may give a file away; an ordinary user's file is theirs anyway, and a
  // file that could not keep its owner does not keep set-id bits either.
  if (owner != nullptr && ::fchown(fd, owner->st_uid, owner->st_gid) != 0) {
    mode &= ~static_cast<mode_t>(06000);
  }
  if (::fchmod(fd, mode) != 0) give_up(errno);
  if (::close(fd) != 0) {
    const int error = errno;
    ::unlink(temp.c_str());
    fail(path, error);
  }
  return temp;
}

// Rendered content goes to a temporary file beside the target, which is then renamed over it:
// the target is never half-written. The replacement keeps the old file's permission bits and
// owner; a new file gets 0666 less the umask, as any program's output.
void replace_atomically(const fs::path& path, const fs::path& target, std::string_view content,
                        const struct stat* old) {
  mode_t mode = 0;
  if (old != nullptr) {
    mode = old->st_mode & 07777;
  } else {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    mode = 0666 & ~mask;
  }
  const std::string temp = write_temp_beside(path, target, content, mode, old);
  if (std::rename(temp.c_str(), target.c_str()) != 0) {
    const int error = errno;
    ::unlink(temp.c_str());
    fail(path, error);
  }
}

}  // namespace

void write_output_file(const fs::path& path, std::string_view content) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) fail(path, EISDIR);
    if (!S_ISREG(st.st_mode)) return write_in_place(path, content, 0);
    if (st.st_nlink > 1) {
      // A hard-linked file stays one file with several names: written through, not replaced. The
      // content is complete in memory, so only the disk can fail it; a trial copy beside it first
      // makes a full disk fail before the file is touched.
      const std::string trial = write_temp_beside(path, follow_links(path), content, 0600, nullptr);
      ::unlink(trial.c_str());
      return write_in_place(path, content, O_TRUNC);
    }
    return replace_atomically(path, follow_links(path), content, &st);
  }
  if (errno != ENOENT) fail(path, errno);
  replace_atomically(path, follow_links(path), content, nullptr);
}

}  // namespace graphstat

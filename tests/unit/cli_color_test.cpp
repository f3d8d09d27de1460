#define BOOST_TEST_MODULE cli_color
#include <array>
#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <string>

#include "run_graphstat.hpp"
#include "text_checks.hpp"

// --color: ANSI colors in a terminal only (auto), in any stream but a file (always), or never;
// NO_COLOR (https://no-color.org) and TERM=dumb turn auto off. A terminal is made with util-linux
// `script`, which runs the command on a pseudo-terminal and copies what it prints.

using graphstat::test::contains;
using graphstat::test::read_file;
using graphstat::test::run_graphstat;
using graphstat::test::TempDir;

namespace {

const std::string kModel = "--model resnet18 -d 1";
const std::string kGreenModelRow = "\x1b[32m| model   | 11.690M     | 1.814G   | 116.95MB |\x1b[0m";

// graphstat with `args` on a pseudo-terminal, with `env` set; its output as the terminal saw it.
// (script's copy goes to a file in `dir`, never to a device.)
std::string on_a_terminal(const TempDir& dir, const std::string& args, const std::string& env) {
  const auto typescript = dir.path() / "typescript";
  const std::string command = "script -qec \"env " + env + " '" GRAPHSTAT_EXE "' " + args + "\" '" +
                              typescript.string() + "' </dev/null";
  FILE* pipe = ::popen(command.c_str(), "r");
  BOOST_REQUIRE(pipe != nullptr);
  std::string out;
  std::array<char, 4096> buffer{};
  for (std::size_t n; (n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0;) {
    out.append(buffer.data(), n);
  }
  BOOST_TEST(::pclose(pipe) == 0);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(never_into_a_pipe_by_default_and_always_when_asked) {
  auto r = run_graphstat(kModel);
  BOOST_TEST(r.exit_code == 0, r.err);
  BOOST_TEST(r.out.find('\x1b') == std::string::npos);
  r = run_graphstat(kModel + " --color always");
  BOOST_TEST(r.exit_code == 0, r.err);
  BOOST_TEST(contains(r.out, kGreenModelRow + "\n"), r.out);
  // fc: 1,025,000 FLOPs for 2,060,000 bytes, 0.5 per byte: yellow.
  BOOST_TEST(contains(r.out, "\x1b[33m| fc      | 513.000K    | 512.000K | 2.06MB   |\x1b[0m\n"));
  r = run_graphstat(kModel + " --color always", "NO_COLOR=1");  // The flag wins over the env.
  BOOST_TEST(contains(r.out, kGreenModelRow));
  r = run_graphstat(kModel + " --color never");
  BOOST_TEST(r.out.find('\x1b') == std::string::npos);
}

BOOST_AUTO_TEST_CASE(never_into_a_file) {
  TempDir dir;
  const auto file = dir.path() / "r.md";
  const auto r = run_graphstat(kModel + " --color always -o '" + file.string() + "'");
  BOOST_TEST(r.exit_code == 0, r.err);
  const std::string text = read_file(file);
  BOOST_TEST(contains(text, "| model   | 11.690M"), text);
  BOOST_TEST(text.find('\x1b') == std::string::npos);
}

BOOST_AUTO_TEST_CASE(auto_colors_a_terminal_unless_told_not_to) {
  TempDir dir;
  BOOST_TEST(contains(on_a_terminal(dir, kModel, "TERM=xterm"), kGreenModelRow));
  BOOST_TEST(on_a_terminal(dir, kModel, "TERM=xterm NO_COLOR=1").find('\x1b') == std::string::npos);
  BOOST_TEST(on_a_terminal(dir, kModel, "TERM=dumb").find('\x1b') == std::string::npos);
  BOOST_TEST(on_a_terminal(dir, kModel + " --color never", "TERM=xterm").find('\x1b') ==
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_bad_value_is_one_error_line) {
  const auto r = run_graphstat(kModel + " --color sometimes");
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err ==
             "graphstat: error: --color 'sometimes': must be one of auto, always, never\n");
}

BOOST_AUTO_TEST_CASE(progress_on_a_terminal_only_for_a_slow_load) {
  // Loading a TorchScript file starts libtorch (~0.7 s here, past the 300 ms delay): a terminal
  // sees the line, then its erasure; a JSON graph loads in milliseconds and shows nothing.
  TempDir dir;
  const std::string pt = std::string(GRAPHSTAT_SOURCE_DIR) + "/models/resnet18.pt";
  const auto out = dir.path() / "r.md";
  const std::string slow =
      on_a_terminal(dir, "'" + pt + "' -i 1x3x224x224 -o '" + out.string() + "'", "TERM=xterm");
  BOOST_TEST(slow == "graphstat: reading " + pt + " with the torchscript frontend...\r\x1b[K",
             slow);
  const std::string json = std::string(GRAPHSTAT_TEST_DATA_DIR) + "/tiny_cnn.json";
  BOOST_TEST(on_a_terminal(dir, "'" + json + "' -o '" + out.string() + "'", "TERM=xterm").empty());
  // Not a terminal: never.
  const auto r = run_graphstat("'" + pt + "' -i 1x3x224x224 -o '" + out.string() + "'");
  BOOST_TEST(r.exit_code == 0);
  BOOST_TEST(r.err.empty(), r.err);
}

// The thresholds are exact: 1 FLOP per byte is not yet memory-heavy (yellow is below 1), 10 is
// compute-heavy (green from 10 up). A linear (M, K) x (N, K)ᵀ without bias costs 2·M·N·K FLOPs and
// moves 4·(M·K + N·K + M·N) bytes: 432 for both at M = N = K = 6 (intensity 1), 432,000 FLOPs for
// 43,200 bytes at 60 (intensity 10).
BOOST_AUTO_TEST_CASE(intensity_thresholds_are_exact) {
  TempDir dir;
  const auto linear = [&](int n) {
    const std::string s = std::to_string(n);
    return dir
        .write("l" + s + ".json",
               R"({"format":"graphstat-graph","version":1,"inputs":["x"],"outputs":["y"],
"tensors":[{"name":"x","shape":[)" +
                   s + "," + s + R"(]},{"name":"w","shape":[)" + s + "," + s +
                   R"(],"role":"parameter"},{"name":"y","shape":[)" + s + "," + s + R"(]}],
"nodes":[{"name":"l","op":"linear","module":"fc","inputs":["x","w"],"outputs":["y"]}]})")
        .string();
  };
  auto r = run_graphstat("'" + linear(6) + "' --color always --flops");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  // Uncolored: the row starts its line, no escape before it.
  BOOST_TEST(contains(r.out, "\n| fc     | 36          | 432   | 432B   |\n"), r.out);
  r = run_graphstat("'" + linear(60) + "' --color always --flops");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(contains(r.out, "\x1b[32m| fc     | 3.600K      | 432.000K | 43.20KB |\x1b[0m\n"),
             r.out);
}

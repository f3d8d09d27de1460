#pragma once
/// Runs the real graphstat executable, the way a user does, and captures what it prints.

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "temp_dir.hpp"

namespace graphstat::test {

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// `args` is appended to the executable's path as shell words (tests quote what needs quoting).
inline RunResult run_graphstat(const std::string& args, const std::string& env = "") {
  TempDir scratch;
  const auto err_file = scratch.path() / "stderr";
  const std::string command = env + (env.empty() ? "" : " ") + "'" GRAPHSTAT_EXE "' " + args +
                              " 2>'" + err_file.string() + "'";
  RunResult result;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 65536> buffer{};
  std::size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    result.out.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  std::ifstream in(err_file);
  std::stringstream err;
  err << in.rdbuf();
  result.err = err.str();
  return result;
}

inline std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace graphstat::test

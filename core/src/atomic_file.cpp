#include "atomic_file.hpp"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>

#include "graphstat/error.hpp"

namespace graphstat {
namespace fs = std::filesystem;

void write_file_atomically(const fs::path& path, std::string_view content) {
  const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
  std::string temp = (dir / ("." + path.filename().string() + ".tmp-XXXXXX")).string();
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) {
    throw Error(fmt::format("{}: cannot write output: {}", path.string(), std::strerror(errno)));
  }
  auto fail = [&](int error) {
    ::close(fd);
    ::unlink(temp.c_str());
    throw Error(fmt::format("{}: cannot write output: {}", path.string(), std::strerror(error)));
  };
  const char* data = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, data, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail(errno);
    }
    data += n;
    left -= static_cast<std::size_t>(n);
  }
  // mkstemp creates 0600; a report is an ordinary file.
  if (::fchmod(fd, 0644) != 0) fail(errno);
  if (::close(fd) != 0) {
    const int error = errno;
    ::unlink(temp.c_str());
    throw Error(fmt::format("{}: cannot write output: {}", path.string(), std::strerror(error)));
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    const int error = errno;
    ::unlink(temp.c_str());
    throw Error(fmt::format("{}: cannot write output: {}", path.string(), std::strerror(error)));
  }
}

}  // namespace graphstat

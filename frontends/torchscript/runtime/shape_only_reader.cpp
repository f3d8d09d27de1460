#include "shape_only_reader.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <string>
#include <string_view>
#include <system_error>

#include "graphstat/error.hpp"
#include "zip_sniff.hpp"

namespace graphstat::frontends::torchscript {

namespace {

// Whether the record `name` whose payload starts at `payload` is stored uncompressed: the local
// header that ends right before the payload says so (zip_sniff.hpp).
bool stored_uncompressed(const ShapeOnlyReader& file, std::uint64_t payload,
                         std::string_view name) {
  const std::uint64_t span = std::min<std::uint64_t>(payload, kLocalHeaderSize + kMaxNameAndExtra);
  std::array<char, kLocalHeaderSize + kMaxNameAndExtra> window{};
  if (file.read(payload - span, window.data(), span) != span) return false;
  return local_header_method(std::string_view(window.data(), span), name) == 0;
}

}  // namespace

ShapeOnlyReader::ShapeOnlyReader(const std::filesystem::path& file)
    : fd_(::open(file.c_str(), O_RDONLY | O_CLOEXEC)) {
  struct stat status {};
  if (fd_ < 0 || ::fstat(fd_, &status) != 0) {
    const std::error_code ec(errno, std::generic_category());
    if (fd_ >= 0) ::close(fd_);
    throw Error(fmt::format("{}: cannot open: {}", file.string(), ec.message()));
  }
  size_ = static_cast<std::uint64_t>(status.st_size);
}

ShapeOnlyReader::~ShapeOnlyReader() { ::close(fd_); }

void ShapeOnlyReader::skip_payloads(std::vector<std::uint64_t> offsets) {
  std::sort(offsets.begin(), offsets.end());
  skipped_ = std::move(offsets);
}

std::size_t ShapeOnlyReader::read(std::uint64_t pos, void* buf, std::size_t n,
                                  const char* /*what*/) const {
  if (n >= kMinSkippedPayload && std::binary_search(skipped_.begin(), skipped_.end(), pos)) {
    // The zip reader checks only the count; the caller never looks at these bytes.
    return std::min<std::uint64_t>(n, size_ - std::min(pos, size_));
  }
  auto* out = static_cast<char*>(buf);
  std::size_t done = 0;
  while (done < n) {
    const ssize_t got = ::pread(fd_, out + done, n - done, static_cast<off_t>(pos + done));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;  // end of file or an error: the zip reader reports the short read
    done += static_cast<std::size_t>(got);
  }
  return done;
}

std::vector<std::uint64_t> tensor_payloads(caffe2::serialize::PyTorchStreamReader& reader,
                                           const ShapeOnlyReader& file) {
  std::vector<std::uint64_t> offsets;
  for (const std::string& record : reader.getAllRecords()) {
    // Module attributes live in data/; the code's constants (constants/) stay real tensors.
    if (record.rfind("data/", 0) != 0) continue;
    const std::uint64_t payload = reader.getRecordOffset(record);
    if (stored_uncompressed(file, payload, "/" + record)) offsets.push_back(payload);
  }
  return offsets;
}

}  // namespace graphstat::frontends::torchscript

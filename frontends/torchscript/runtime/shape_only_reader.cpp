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

namespace graphstat::frontends::torchscript {

namespace {

// Zip local file header: signature, then fixed fields, then the name and the extra field, then the
// payload (APPNOTE.TXT 4.3.7).
constexpr std::uint32_t kLocalHeaderSignature = 0x04034b50;
constexpr std::size_t kLocalHeaderSize = 30;
constexpr std::size_t kMethodOffset = 8;
constexpr std::size_t kNameLengthOffset = 26;
constexpr std::size_t kExtraLengthOffset = 28;
// PyTorch pads the extra field to align payloads to 64 bytes and may add a zip64 field; a name
// plus extra field longer than this is not one PyTorch wrote, and its record is simply read.
constexpr std::size_t kMaxNameAndExtra = 512;

std::uint32_t le(const unsigned char* p, std::size_t bytes) {
  std::uint32_t value = 0;
  for (std::size_t i = bytes; i-- > 0;) value = (value << 8) | p[i];
  return value;
}

// Whether the record `name` whose payload starts at `payload` is stored uncompressed. Its local
// header ends right before the payload, so search back for the one header whose name and extra
// field end exactly there.
bool stored_uncompressed(const ShapeOnlyReader& file, std::uint64_t payload,
                         std::string_view name) {
  const std::uint64_t span = std::min<std::uint64_t>(payload, kLocalHeaderSize + kMaxNameAndExtra);
  std::array<unsigned char, kLocalHeaderSize + kMaxNameAndExtra> window{};
  const unsigned char* const end = window.data() + span;
  if (span < kLocalHeaderSize || file.read(payload - span, window.data(), span) != span) {
    return false;
  }
  for (std::size_t at = span - kLocalHeaderSize + 1; at-- > 0;) {
    const unsigned char* header = window.data() + at;
    if (le(header, 4) != kLocalHeaderSignature) continue;
    const std::size_t name_length = le(header + kNameLengthOffset, 2);
    const std::size_t extra_length = le(header + kExtraLengthOffset, 2);
    if (header + kLocalHeaderSize + name_length + extra_length != end) continue;
    // Names carry the archive's directory ("resnet50/data/0"); records are named without it.
    const std::string_view header_name(reinterpret_cast<const char*>(header) + kLocalHeaderSize,
                                       name_length);
    if (!header_name.ends_with(name)) continue;
    return le(header + kMethodOffset, 2) == 0;
  }
  return false;
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

#include "protobuf_scanner.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "graphstat/error.hpp"

namespace graphstat::frontends::onnxfe {
namespace fs = std::filesystem;

FileSource::FileSource(const fs::path& file) : file_(file) {
  fd_ = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) {
    throw Error(fmt::format("{}: cannot open ({})", file.string(), std::strerror(errno)));
  }
  struct stat st {};
  if (::fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd_);
    throw Error(fmt::format("{}: not a regular file", file.string()));
  }
  size_ = static_cast<std::uint64_t>(st.st_size);
  ::posix_fadvise(fd_, 0, 0, POSIX_FADV_RANDOM);
}

FileSource::~FileSource() { ::close(fd_); }

std::string_view FileSource::get(std::uint64_t offset, std::size_t n) {
  if (offset >= window_begin_ && offset + n <= window_begin_ + window_size_) {
    return std::string_view(buffer_.data() + (offset - window_begin_), n);
  }
  // Reading on from the window's end is a scan through nodes: read ahead generously. A jump is
  // the reader skipping a weight payload to the next initializer's header, which is a few dozen
  // bytes: a small read, so that hopping over hundreds of weights does not copy 16 KiB each.
  const bool sequential = offset == window_begin_ + window_size_;
  const std::size_t want = std::max<std::size_t>(n, sequential ? kSequentialRead : kJumpRead);
  window_size_ = static_cast<std::size_t>(std::min<std::uint64_t>(want, size_ - offset));
  if (buffer_.size() < window_size_) buffer_.resize(window_size_);
  std::size_t done = 0;
  while (done < window_size_) {
    const ssize_t got =
        ::pread(fd_, buffer_.data() + done, window_size_ - done, static_cast<off_t>(offset + done));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) {
      throw Error(fmt::format("{}: cannot read ({})", file_.string(),
                              got < 0 ? std::strerror(errno) : "unexpected end of file"));
    }
    done += static_cast<std::size_t>(got);
  }
  window_begin_ = offset;
  return std::string_view(buffer_.data(), n);
}

Field Scanner::next() {
  Field f;
  f.begin = pos_;
  const std::string_view head =
      source_.get(pos_, static_cast<std::size_t>(std::min<std::uint64_t>(20, end_ - pos_)));
  std::size_t k = 0;
  const std::uint64_t tag = varint(head, k);
  f.number = static_cast<std::uint32_t>(tag >> 3);
  f.wire = static_cast<std::uint32_t>(tag & 7);
  if (f.number == 0) fail(pos_, "field number 0");
  std::uint64_t size = 0;
  switch (f.wire) {
    case kVarint:
      f.scalar = varint(head, k);
      break;
    case kFixed64:
    case kFixed32:
      size = f.wire == kFixed64 ? 8 : 4;
      if (k + size > head.size()) truncated(pos_);
      std::memcpy(&f.scalar, head.data() + k, size);  // Little-endian, as the wire format is.
      break;
    case kBytes:
      size = varint(head, k);
      break;
    default:
      fail(pos_, fmt::format("unsupported protobuf wire type {}", f.wire));
  }
  f.payload = pos_ + k;
  if (size > end_ - f.payload) truncated(pos_);
  f.end = f.payload + size;
  pos_ = f.end;
  return f;
}

void Scanner::fail(std::uint64_t at, std::string_view what) const {
  throw Error(fmt::format("{}: not an ONNX model ({} at byte {})", file_.string(), what, at));
}

void Scanner::truncated(std::uint64_t at) const {
  throw Error(
      fmt::format("{}: truncated or corrupt ONNX file (a field at byte {} runs past its end)",
                  file_.string(), at));
}

std::uint64_t Scanner::varint(std::string_view head, std::size_t& k) const {
  std::uint64_t value = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (k >= head.size()) truncated(pos_);
    const auto byte = static_cast<std::uint8_t>(head[k++]);
    value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return value;
  }
  fail(pos_, "over-long varint");
}

bool unpack_varints(std::string_view payload, std::vector<std::int64_t>& out) {
  std::uint64_t value = 0;
  int shift = 0;
  for (char c : payload) {
    const auto byte = static_cast<std::uint8_t>(c);
    if (shift >= 64) return false;
    value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) != 0) {
      shift += 7;
      continue;
    }
    out.push_back(static_cast<std::int64_t>(value));
    value = 0;
    shift = 0;
  }
  return shift == 0;
}

}  // namespace graphstat::frontends::onnxfe

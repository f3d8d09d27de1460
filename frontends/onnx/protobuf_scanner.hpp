#pragma once
// The protobuf wire format, field by field, over bytes in memory or in a file read through a small
// pread window. Knows nothing of ONNX; onnx_wire.cpp gives the fields their meaning.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace graphstat::frontends::onnxfe {

enum WireType : std::uint32_t { kVarint = 0, kFixed64 = 1, kBytes = 2, kFixed32 = 5 };

/// Bytes by absolute offset. A view returned by get() is valid until the next call.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  virtual std::string_view get(std::uint64_t offset, std::size_t n) = 0;
  virtual std::uint64_t size() const = 0;
};

class MemorySource : public ByteSource {
 public:
  explicit MemorySource(std::string_view bytes) : bytes_(bytes) {}
  std::string_view get(std::uint64_t offset, std::size_t n) override {
    return bytes_.substr(offset, n);
  }
  std::uint64_t size() const override { return bytes_.size(); }

 private:
  std::string_view bytes_;
};

// pread through a window rather than mmap: the reader jumps from one initializer header to
// the next over megabytes of weights, and a mapping would fault in (and count in RSS) the pages
// around every header; a window copies only the few KiB it needs.
class FileSource : public ByteSource {
 public:
  /// Throws graphstat::Error when the file cannot be opened or is not a regular file.
  explicit FileSource(const std::filesystem::path& file);
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;
  ~FileSource() override;

  std::string_view get(std::uint64_t offset, std::size_t n) override;
  std::uint64_t size() const override { return size_; }

 private:
  static constexpr std::size_t kSequentialRead = 64 * 1024;
  static constexpr std::size_t kJumpRead = 512;
  const std::filesystem::path& file_;
  int fd_ = -1;
  std::uint64_t size_ = 0;
  std::vector<char> buffer_;  // Holds the window: [window_begin_, window_begin_ + window_size_).
  std::size_t window_size_ = 0;
  std::uint64_t window_begin_ = 0;
};

struct Field {
  std::uint32_t number = 0;
  std::uint32_t wire = 0;
  std::uint64_t begin = 0;    // The tag.
  std::uint64_t payload = 0;  // kBytes: the bytes after the length.
  std::uint64_t end = 0;
  std::uint64_t scalar = 0;  // kVarint: the value; kFixed32/kFixed64: the bits.
};

/// Iterates the fields of the message stored in [begin, end) of a source. Errors (truncation,
/// malformed varints) are graphstat::Error naming `file`.
class Scanner {
 public:
  Scanner(ByteSource& source, std::uint64_t begin, std::uint64_t end,
          const std::filesystem::path& file)
      : source_(source), pos_(begin), end_(end), file_(file) {}

  bool done() const { return pos_ >= end_; }
  Field next();

  [[noreturn]] void fail(std::uint64_t at, std::string_view what) const;

 private:
  [[noreturn]] void truncated(std::uint64_t at) const;
  std::uint64_t varint(std::string_view head, std::size_t& k) const;

  ByteSource& source_;
  std::uint64_t pos_;
  std::uint64_t end_;
  const std::filesystem::path& file_;
};

/// Decodes the varints of a packed repeated field's payload; false when malformed.
bool unpack_varints(std::string_view payload, std::vector<std::int64_t>& out);

}  // namespace graphstat::frontends::onnxfe

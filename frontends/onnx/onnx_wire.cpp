#include "onnx_wire.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <google/protobuf/stubs/logging.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>

#include "graphstat/error.hpp"

namespace graphstat::frontends::onnxfe {
namespace fs = std::filesystem;

namespace {

enum WireType : std::uint32_t { kVarint = 0, kFixed64 = 1, kBytes = 2, kFixed32 = 5 };

// Field numbers from onnx.proto that the filter looks into.
constexpr std::uint32_t kModelGraph = 7;
constexpr std::uint32_t kGraphInitializer = 5;
constexpr std::uint32_t kTensorDataType = 2;
constexpr std::uint32_t kTensorExternalData = 13;
constexpr std::uint32_t kTensorDataLocation = 14;

bool is_payload_field(std::uint32_t number) {
  // float_data, int32_data, string_data, int64_data, raw_data, double_data, uint64_data.
  return number == 4 || number == 5 || number == 6 || number == 7 || number == 9 || number == 10 ||
         number == 11;
}

// Wire types of every ModelProto field: anything else means the file is not an ONNX model, which
// catches most non-ONNX files before protobuf would accept them as a message of unknown fields.
bool is_model_field(std::uint32_t number, std::uint32_t wire) {
  switch (number) {
    case 1:
    case 5:
      return wire == kVarint;
    case 2:
    case 3:
    case 4:
    case 6:
    case 7:
    case 8:
    case 14:
    case 20:
    case 25:
      return wire == kBytes;
    default:
      return false;
  }
}

// Bytes by absolute offset, from memory or from the file. A view returned by get() is valid until
// the next call.
class Source {
 public:
  virtual ~Source() = default;
  virtual std::string_view get(std::uint64_t offset, std::size_t n) = 0;
  virtual std::uint64_t size() const = 0;
};

class MemorySource : public Source {
 public:
  explicit MemorySource(std::string_view bytes) : bytes_(bytes) {}
  std::string_view get(std::uint64_t offset, std::size_t n) override {
    return bytes_.substr(offset, n);
  }
  std::uint64_t size() const override { return bytes_.size(); }

 private:
  std::string_view bytes_;
};

// pread through a small window rather than mmap: the reader jumps from one initializer header to
// the next over megabytes of weights, and a mapping would fault in (and count in RSS) the pages
// around every header; a window copies only the few KiB it needs.
class FileSource : public Source {
 public:
  explicit FileSource(const fs::path& file) : file_(file) {
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
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;
  ~FileSource() override { ::close(fd_); }

  std::string_view get(std::uint64_t offset, std::size_t n) override {
    if (offset >= window_begin_ && offset + n <= window_begin_ + window_.size()) {
      return std::string_view(window_).substr(offset - window_begin_, n);
    }
    const std::size_t want = std::max<std::size_t>(n, kWindow);
    window_.resize(static_cast<std::size_t>(std::min<std::uint64_t>(want, size_ - offset)));
    std::size_t done = 0;
    while (done < window_.size()) {
      const ssize_t got = ::pread(fd_, window_.data() + done, window_.size() - done,
                                  static_cast<off_t>(offset + done));
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) {
        throw Error(fmt::format("{}: cannot read ({})", file_.string(),
                                got < 0 ? std::strerror(errno) : "unexpected end of file"));
      }
      done += static_cast<std::size_t>(got);
    }
    window_begin_ = offset;
    return std::string_view(window_).substr(0, n);
  }
  std::uint64_t size() const override { return size_; }

 private:
  static constexpr std::size_t kWindow = 16 * 1024;
  const fs::path& file_;
  int fd_ = -1;
  std::uint64_t size_ = 0;
  std::string window_;
  std::uint64_t window_begin_ = 0;
};

struct Field {
  std::uint32_t number = 0;
  std::uint32_t wire = 0;
  std::uint64_t begin = 0;    // Tag.
  std::uint64_t payload = 0;  // For kBytes: the bytes after the length.
  std::uint64_t end = 0;
};

// Iterates the fields of the message stored in [begin, end) of a source.
class Scanner {
 public:
  Scanner(Source& source, std::uint64_t begin, std::uint64_t end, const fs::path& file)
      : source_(source), pos_(begin), end_(end), file_(file) {}

  bool done() const { return pos_ >= end_; }

  Field next() {
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
        varint(head, k);
        break;
      case kFixed64:
        size = 8;
        break;
      case kFixed32:
        size = 4;
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

  [[noreturn]] void fail(std::uint64_t at, std::string_view what) const {
    throw Error(fmt::format("{}: not an ONNX model ({} at byte {})", file_.string(), what, at));
  }

 private:
  [[noreturn]] void truncated(std::uint64_t at) const {
    throw Error(
        fmt::format("{}: truncated or corrupt ONNX file (a field at byte {} runs past its end)",
                    file_.string(), at));
  }

  std::uint64_t varint(std::string_view head, std::size_t& k) const {
    std::uint64_t value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (k >= head.size()) truncated(pos_);
      const auto byte = static_cast<std::uint8_t>(head[k++]);
      value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) return value;
    }
    fail(pos_, "over-long varint");
  }

  Source& source_;
  std::uint64_t pos_;
  std::uint64_t end_;
  const fs::path& file_;
};

void append_varint(std::string& out, std::uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

void append_bytes_field(std::string& out, std::uint32_t number, std::string_view payload) {
  append_varint(out, (static_cast<std::uint64_t>(number) << 3) | kBytes);
  append_varint(out, payload.size());
  out.append(payload);
}

void append_verbatim(Source& source, const Field& f, std::string& out) {
  out.append(source.get(f.begin, static_cast<std::size_t>(f.end - f.begin)));
}

// A TensorProto keeps its dims, type and name; its data only when small. Externally stored data is
// always dropped (its file need not exist), so the tensor reads as one with no data.
void filter_tensor(Source& source, const Field& tensor, const fs::path& file, std::string& out) {
  std::uint64_t payload = 0;
  for (Scanner s(source, tensor.payload, tensor.end, file); !s.done();) {
    const Field f = s.next();
    if (is_payload_field(f.number)) payload += f.end - f.begin;
  }
  const bool keep_payload = payload <= kKeptPayloadBytes;
  for (Scanner s(source, tensor.payload, tensor.end, file); !s.done();) {
    const Field f = s.next();
    if (f.number == kTensorExternalData || f.number == kTensorDataLocation) continue;
    if (is_payload_field(f.number) && !keep_payload) continue;
    append_verbatim(source, f, out);
  }
}

void filter_graph(Source& source, const Field& graph, const fs::path& file, std::string& out) {
  std::string tensor;
  for (Scanner s(source, graph.payload, graph.end, file); !s.done();) {
    const Field f = s.next();
    if (f.number == kGraphInitializer && f.wire == kBytes) {
      tensor.clear();
      filter_tensor(source, f, file, tensor);
      append_bytes_field(out, f.number, tensor);
    } else {
      append_verbatim(source, f, out);
    }
  }
}

LoadedModel parse_source(Source& source, const fs::path& file) {
  if (source.size() == 0) {
    throw Error(fmt::format("{}: empty file, not an ONNX model", file.string()));
  }
  std::string filtered;
  filtered.reserve(64 * 1024);
  bool has_graph = false;
  std::string graph;
  for (Scanner s(source, 0, source.size(), file); !s.done();) {
    const Field f = s.next();
    if (!is_model_field(f.number, f.wire)) {
      s.fail(f.begin,
             fmt::format("unexpected field {} of wire type {} in ModelProto", f.number, f.wire));
    }
    if (f.number == kModelGraph) {
      graph.clear();
      filter_graph(source, f, file, graph);
      append_bytes_field(filtered, f.number, graph);
      has_graph = true;
    } else {
      append_verbatim(source, f, filtered);
    }
  }
  if (!has_graph)
    throw Error(fmt::format("{}: not an ONNX model (it holds no graph)", file.string()));
  LoadedModel model;
  // Protobuf would log its own multi-line complaint to stderr; the error below says it in one.
  google::protobuf::LogSilencer silence;
  if (!model.proto.ParseFromString(filtered)) {
    throw Error(fmt::format("{}: corrupt ONNX model (protobuf cannot parse it)", file.string()));
  }
  return model;
}

}  // namespace

bool looks_like_onnx(std::string_view head) {
  // ir_version (field 1, varint) is written first; versions 1..20 are plausible.
  return head.size() >= 4 && head[0] == 0x08 && head[1] >= 1 && head[1] <= 20;
}

LoadedModel parse_model(std::string_view bytes, const fs::path& file) {
  MemorySource source(bytes);
  return parse_source(source, file);
}

LoadedModel read_model(const fs::path& file) {
  FileSource source(file);
  return parse_source(source, file);
}

}  // namespace graphstat::frontends::onnxfe

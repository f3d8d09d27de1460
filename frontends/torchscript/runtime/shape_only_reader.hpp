#pragma once
/// The file reader torch::jit::load reads a TorchScript archive through. graphstat needs the shapes
/// and dtypes of a module's parameters, never their values (every attribute tensor becomes a meta
/// tensor), yet torch::jit::load reads every `data/` record into freshly allocated memory: most of
/// the load time and of the peak memory of a full-weight file. This reader serves every read from
/// the file except the payloads of the large ones, which it leaves unread: the storages keep their
/// sizes, so every tensor keeps its shape, dtype and strides, but their bytes are whatever the
/// allocator handed out (untouched pages, so they cost neither time nor resident memory).
///
/// Small records are still read: code that runs while loading may need their values. Quantized
/// convolutions rebuild their packed weights in __setstate__ from a small int64 tensor holding
/// stride, padding and groups; garbage there fails the load or, worse, changes shapes. Values that
/// matter at load time are such configuration, never the megabytes of a weight matrix.
///
/// map_location=meta is no substitute: libtorch 1.13 still reads the records first, and it moves
/// the code's tensor constants to meta too, where loading fails on ops without a meta kernel
/// (aten::equal in constant pooling, on vit_b_16).

#include <caffe2/serialize/inline_container.h>
#include <caffe2/serialize/read_adapter_interface.h>

#include <cstdint>
#include <filesystem>
#include <vector>

namespace graphstat::frontends::torchscript {

class ShapeOnlyReader final : public caffe2::serialize::ReadAdapterInterface {
 public:
  /// Opens `file`; graphstat::Error if it cannot be opened.
  explicit ShapeOnlyReader(const std::filesystem::path& file);
  ~ShapeOnlyReader() override;
  ShapeOnlyReader(const ShapeOnlyReader&) = delete;
  ShapeOnlyReader& operator=(const ShapeOnlyReader&) = delete;

  /// Payloads smaller than this are read (see above). Small records hold a small share of the
  /// bytes: resnet50.pt keeps 0.5 MB of its 102 MB in records below 64 KiB.
  static constexpr std::size_t kMinSkippedPayload = 64 * 1024;

  /// From now on, reads of at least kMinSkippedPayload bytes that start at one of these offsets
  /// (the payload of a stored tensor record, see tensor_payloads) return without reading.
  void skip_payloads(std::vector<std::uint64_t> offsets);

  std::size_t size() const override { return size_; }
  std::size_t read(std::uint64_t pos, void* buf, std::size_t n,
                   const char* what = "") const override;

 private:
  int fd_ = -1;
  std::uint64_t size_ = 0;
  std::vector<std::uint64_t> skipped_;  // sorted
};

/// File offsets of the payloads of the archive's tensor records (`data/N`) stored uncompressed, as
/// PyTorch writes them: the zip reader reads such a payload in one read at that offset, straight
/// into the storage. A record some zip tool recompressed is read in chunks and inflated, so it is
/// left out and read as usual.
std::vector<std::uint64_t> tensor_payloads(caffe2::serialize::PyTorchStreamReader& reader,
                                           const ShapeOnlyReader& file);

}  // namespace graphstat::frontends::torchscript

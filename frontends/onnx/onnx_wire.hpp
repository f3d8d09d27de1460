#pragma once
// Reads an ONNX file straight from the protobuf wire format into the structs of onnx_model.hpp:
// the file is scanned through a small pread window, large initializer payloads (raw_data,
// float_data, ..., external-data references) are skipped without being read, and only small
// tensors' values are decoded. A 100 MB ResNet-50 costs a few hundred KiB of reads, not 100 MB.

#include <filesystem>
#include <string_view>

#include "graphstat/frontend.hpp"
#include "onnx_model.hpp"

namespace graphstat::frontends::onnxfe {

/// Initializer payloads up to this size are decoded: shape inference needs the values of small
/// integer tensors (Reshape targets, Slice bounds); nothing needs the values of weights.
inline constexpr std::size_t kKeptPayloadBytes = 4096;

/// True when the first bytes look like a serialized ModelProto (field 1, ir_version, comes first in
/// every exporter's output).
bool looks_like_onnx(std::string_view head);

/// Decodes `bytes` (a whole file's contents). `file` only names the source in errors, which are
/// graphstat::Error on one line.
/// Subgraphs (If/Loop/Scan bodies) nested deeper than limits.max_subgraph_depth are an error.
Model parse_model(std::string_view bytes, const std::filesystem::path& file,
                  const Limits& limits = {});

/// Reads `file` and decodes it like parse_model.
Model read_model(const std::filesystem::path& file, const Limits& limits = {});

/// Reads a file holding one serialized TensorProto (the inputs and reference outputs of ONNX's
/// backend tests): its type and dims always, its values when small, like an initializer.
TensorData read_tensor_file(const std::filesystem::path& file);

}  // namespace graphstat::frontends::onnxfe

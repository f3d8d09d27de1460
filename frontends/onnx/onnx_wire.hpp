#pragma once
// Reads an ONNX file without letting protobuf see its weights: the protobuf wire format of
// ModelProto/GraphProto/TensorProto is scanned through a small pread window, large initializer
// payloads (raw_data, float_data, ..., external-data references) are skipped without being read,
// and only the small remainder is parsed into onnx::ModelProto. A 100 MB ResNet-50 costs a few
// hundred KiB of reads, not 100 MB.

#include <onnx/onnx_pb.h>

#include <filesystem>
#include <string_view>

namespace graphstat::frontends::onnxfe {

/// Initializer payloads up to this size are kept: shape inference needs the values of small integer
/// tensors (Reshape targets, Slice bounds); nothing needs the values of weights.
inline constexpr std::size_t kKeptPayloadBytes = 4096;

struct LoadedModel {
  ::onnx::ModelProto proto;
};

/// True when the first bytes look like a serialized ModelProto (field 1, ir_version, comes first in
/// every exporter's output).
bool looks_like_onnx(std::string_view head);

/// Parses `bytes` (a whole file's contents) into a ModelProto without weight payloads. `file` only
/// names the source in errors, which are graphstat::Error on one line.
LoadedModel parse_model(std::string_view bytes, const std::filesystem::path& file);

/// Reads `file` and parses it like parse_model.
LoadedModel read_model(const std::filesystem::path& file);

}  // namespace graphstat::frontends::onnxfe

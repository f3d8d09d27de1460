#pragma once
// The parts of an ONNX model graphstat reads, as plain structs decoded straight from the protobuf
// wire format (onnx_wire.hpp). No protobuf runtime is involved: loading libprotobuf and libonnx
// alone costs ~10 ms per process, half of the whole budget of a run.

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "onnx_value.hpp"

namespace graphstat::frontends::onnxfe {

/// A dimension of a declared type: a number, a symbol ("N", "batch_size") or unknown.
struct Dim {
  std::int64_t value = -1;  // >= 0 when known.
  std::string param;
};

/// What a value is: a tensor, or a sequence or optional of them (opset 11/15), or a map.
enum class ValueKind { tensor, sequence, optional, other };

/// A ValueInfoProto's tensor type. `has_shape` is false when the rank itself is unknown. For a
/// sequence or an optional, `elem`, `has_shape` and `dims` describe the tensor it holds.
struct ValueInfo {
  std::string name;
  ValueKind kind = ValueKind::tensor;
  std::int32_t elem = 0;
  bool has_shape = false;
  std::vector<Dim> dims;
};

/// An initializer or an attribute's tensor: always its type and dims; its values only when the
/// payload is small (weights are never read).
struct TensorData {
  std::string name;
  std::int32_t elem = 0;
  std::vector<std::int64_t> dims;
  std::optional<Value> value;
};

struct OnnxGraph;

/// AttributeProto.type values (onnx.proto).
enum class AttrType : std::int32_t {
  undefined = 0,
  f = 1,
  i = 2,
  s = 3,
  tensor = 4,
  graph = 5,
  floats = 6,
  ints = 7,
  strings = 8,
};

struct Attribute {
  std::string name;
  AttrType type = AttrType::undefined;
  float f = 0;
  std::int64_t i = 0;
  std::string s;
  std::vector<float> floats;
  std::vector<std::int64_t> ints;
  std::vector<std::string> strings;
  std::shared_ptr<TensorData> t;
  std::shared_ptr<OnnxGraph> g;
  /// In a function body: the attribute takes the value of the calling node's attribute of this
  /// name.
  std::string ref_attr_name;
};

struct Node {
  std::string name;
  std::string op_type;
  std::string domain;  // "" for the default domain (also when written "ai.onnx").
  std::vector<std::string> inputs;
  std::vector<std::string> outputs;
  std::vector<Attribute> attributes;

  const Attribute* attr(std::string_view attr_name) const;
  std::int64_t attr_int(std::string_view attr_name, std::int64_t fallback) const;
  std::optional<std::vector<std::int64_t>> attr_ints(std::string_view attr_name) const;
  bool is_default_domain() const { return domain.empty(); }
  /// The input name at `k`, or "" when absent (ONNX writes "" for skipped optional inputs).
  const std::string& input(std::size_t k) const;
};

// Nodes in a deque: a large graph grows without moving (and re-touching) every node decoded so far.
struct OnnxGraph {
  std::string name;
  std::deque<Node> nodes;
  std::vector<TensorData> initializers;
  std::vector<ValueInfo> inputs;
  std::vector<ValueInfo> outputs;
  std::vector<ValueInfo> value_info;
};

/// A model-local function (torch.onnx.export(..., export_modules_as_functions=...)).
struct Function {
  std::string name;
  std::string domain;
  std::vector<std::string> inputs;
  std::vector<std::string> outputs;
  std::deque<Node> nodes;
};

struct Model {
  std::int64_t ir_version = 0;
  std::string producer;
  /// Opset version by domain ("" is the default domain).
  std::map<std::string, std::int64_t> opsets;
  OnnxGraph graph;
  std::vector<Function> functions;
};

}  // namespace graphstat::frontends::onnxfe

#pragma once
// Sequence and Optional values (opset 11 / 15): SequenceConstruct, SequenceEmpty, SequenceInsert,
// SequenceErase, SequenceAt, SequenceLength, SplitToSequence, ConcatFromSequence, Optional,
// OptionalHasElement, OptionalGetElement. A sequence is tracked as the shapes of its elements when
// its length and every element are known (a SplitToSequence of a known tensor), else as the shape
// all its elements share when that is known (a declared input), else as nothing: the tensors read
// from it then stay unknown, never guessed.

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "onnx_model.hpp"
#include "onnx_shape_rules.hpp"

namespace graphstat::frontends::onnxfe {

struct SequenceType {
  std::int32_t elem = elem::undefined;
  /// Every element's type, in order, when the length is known (an element's dims may be unknown).
  std::optional<std::vector<TensorType>> elements;
  /// The dims every element has, when known.
  std::optional<std::vector<std::int64_t>> common;
};

class Sequences {
 public:
  /// A graph input (or subgraph input) declared as a sequence or an optional.
  void declare(const std::string& name, const ValueInfo& vi);

  /// A loop-carried sequence: `formal` (a body input, or a loop's final value) holds what `actual`
  /// holds on the first iteration, except its length, which each iteration may change.
  void carry(const std::string& formal, const std::string& actual);

  /// True when `name` holds a sequence (so Identity or an optional passes it on as one).
  bool is_sequence(const std::string& name) const { return seqs_.contains(name); }

  /// Infers `node` when it is a sequence or optional op: fills `outputs` and, for SequenceLength
  /// and OptionalHasElement when known, `value`. Returns false for any other op. Throws ShapeError
  /// on contradictory inputs (a position out of range, elements of different ranks to concatenate).
  bool infer(const Node& node, const NodeInputs& in, std::vector<TensorType>& outputs,
             std::optional<Value>& value);

 private:
  const SequenceType* find(const std::string& name) const;

  std::unordered_map<std::string, SequenceType> seqs_;
  /// Optionals whose presence is known: true = holds a value, false = empty.
  std::unordered_map<std::string, bool> has_element_;
};

}  // namespace graphstat::frontends::onnxfe

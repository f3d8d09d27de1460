// Consecutive transposes are one data movement:
//
//   y = Transpose(Transpose(x, p1), p2)   ->   transpose(x) -> y, perm p1 then p2
//
// torch.onnx.export merges them (k.transpose(1, 2).transpose(-2, -1) is one Transpose in the
// file); TorchScript records each aten::transpose. Priced op by op, the .pt would count the
// intermediate tensor twice more than the .onnx.

#include "pattern_index.hpp"

namespace graphstat::passes {
namespace {

// The permutation p1 then p2: y[i] = x[p1[p2[i]]]; nothing when p2 is absent or does not fit.
std::optional<std::vector<std::int64_t>> compose(
    const std::vector<std::int64_t>& p1, const std::optional<std::vector<std::int64_t>>& p2) {
  if (!p2 || p1.size() != p2->size()) return std::nullopt;
  std::vector<std::int64_t> out(p2->size());
  for (std::size_t i = 0; i < p2->size(); ++i) {
    const std::int64_t at = (*p2)[i];
    if (at < 0 || static_cast<std::size_t>(at) >= p1.size()) return std::nullopt;
    out[i] = p1[static_cast<std::size_t>(at)];
  }
  return out;
}

}  // namespace

void match_transpose_chains(PatternIndex& index, std::vector<Fusion>& out) {
  for (OpId id = 0; id < index.op_count(); ++id) {
    if (!index.is(id, "transpose")) continue;
    const OpNode& head = index.op(id);
    if (head.inputs.size() != 1 || head.outputs.size() != 1) continue;
    // Start at the first transpose of a chain: its input is not a mergeable transpose's output.
    if (const auto before = index.producer(head.inputs[0], "transpose");
        before && index.sole_consumer(head.inputs[0], "transpose") == id)
      continue;
    Fusion fusion;
    fusion.members = {id};
    std::optional<std::vector<std::int64_t>> perm = head.attr_ints("perm");
    TensorId y = head.outputs[0];
    while (const auto next = index.sole_consumer(y, "transpose")) {
      const OpNode& node = index.op(*next);
      if (node.inputs.size() != 1 || node.outputs.size() != 1) break;
      if (perm) perm = compose(*perm, node.attr_ints("perm"));
      fusion.members.push_back(*next);
      y = node.outputs[0];
    }
    if (fusion.members.size() < 2) continue;
    fusion.fused.op = "transpose";
    if (perm) fusion.fused.attrs["perm"] = *perm;
    fusion.fused.inputs = {head.inputs[0]};
    fusion.fused.outputs = {y};
    if (index.try_claim(fusion)) out.push_back(std::move(fusion));
  }
}

}  // namespace graphstat::passes

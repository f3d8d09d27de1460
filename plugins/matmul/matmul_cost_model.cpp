#include "matmul_cost_model.hpp"

#include <array>
#include <map>
#include <optional>
#include <set>

#include "common/cost_helpers.hpp"

namespace graphstat::plugins {
namespace {

// Each product costs numel(Y) × K MACs: every output element is one dot product of length K.
// The contraction sizes of both operands are compared, because a mismatch means the frontend put
// operands in the wrong slots and any number printed would be wrong.
void require_same_k(const OpView& op, const Tensor& a, std::uint64_t k_a, const Tensor& b,
                    std::uint64_t k_b) {
  if (k_a != k_b) {
    fail(op, "contraction sizes differ: " + std::to_string(k_a) + " in " + describe(a) + " vs " +
                 std::to_string(k_b) + " in " + describe(b));
  }
}

OpCost dot_products(const OpView& op, std::uint64_t k, bool has_bias) {
  const std::uint64_t outputs = op.required_output(0).numel();
  const std::uint64_t macs = outputs * k;
  return {macs, 2 * macs + (has_bias ? outputs : 0)};
}

OpCost price_linear(const OpView& op) {
  const Tensor& x = op.required_input(0);
  const Tensor& w = op.required_input(1);
  if (rank(w) != 1 && rank(w) != 2) {
    fail(op, "weight " + describe(w) + " must be (out, in) or (in)");
  }
  const std::uint64_t k = dim(op, w, -1);
  require_same_k(op, x, dim(op, x, -1), w, k);
  return dot_products(op, k, op.input(2) != nullptr);
}

OpCost price_gemm(const OpView& op) {
  const Tensor& a = op.required_input(0);
  const Tensor& b = op.required_input(1);
  if (rank(a) != 2 || rank(b) != 2) {
    fail(op, "gemm needs two matrices, got " + describe(a) + " and " + describe(b));
  }
  const bool trans_a = op.node.attr_int("transA").value_or(0) != 0;
  const bool trans_b = op.node.attr_int("transB").value_or(0) != 0;
  const std::uint64_t k = dim(op, a, trans_a ? 0 : 1);
  require_same_k(op, a, k, b, dim(op, b, trans_b ? 1 : 0));
  return dot_products(op, k, op.input(2) != nullptr);
}

// NumPy semantics: a 1-D B is a vector contracted over its only dimension, otherwise over B[-2];
// batch dimensions broadcast, which numel(Y) already accounts for.
OpCost price_matmul(const OpView& op) {
  const Tensor& a = op.required_input(0);
  const Tensor& b = op.required_input(1);
  if (rank(a) == 0 || rank(b) == 0) {
    fail(op, "matmul operands must have rank >= 1, got " + describe(a) + " and " + describe(b));
  }
  const std::uint64_t k = dim(op, a, -1);
  require_same_k(op, a, k, b, dim(op, b, rank(b) == 1 ? 0 : -2));
  return dot_products(op, k, op.input(2) != nullptr);
}

// ---- einsum ----

struct EinsumEquation {
  std::vector<std::string> inputs;  // One index string per operand.
  std::string output;
};

bool is_index(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

void check_indices(const OpView& op, const std::string& term, const std::string& equation) {
  for (const char c : term) {
    if (!is_index(c)) {
      fail(op,
           "invalid character '" + std::string(1, c) + "' in einsum equation '" + equation + "'");
    }
  }
}

EinsumEquation parse_equation(const OpView& op, const std::string& equation) {
  std::string text;
  for (const char c : equation) {
    if (c != ' ') text += c;
  }
  if (text.find('.') != std::string::npos) {
    fail(op, "einsum equation '" + equation + "' uses an ellipsis ('...'), which is not supported");
  }
  const std::size_t arrow = text.find("->");
  EinsumEquation parsed;
  const std::string lhs = text.substr(0, arrow);
  for (std::size_t start = 0;;) {
    const std::size_t comma = lhs.find(',', start);
    parsed.inputs.push_back(lhs.substr(start, comma - start));
    check_indices(op, parsed.inputs.back(), equation);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  std::map<char, int> occurrences;
  for (const std::string& term : parsed.inputs) {
    for (const char c : term) ++occurrences[c];
  }
  if (arrow == std::string::npos) {
    // Implicit output, as in NumPy: the indices that occur once, in alphabetical order.
    for (const auto& [index, count] : occurrences) {
      if (count == 1) parsed.output += index;
    }
    return parsed;
  }
  parsed.output = text.substr(arrow + 2);
  check_indices(op, parsed.output, equation);
  std::set<char> seen;
  for (const char c : parsed.output) {
    if (!occurrences.contains(c) || !seen.insert(c).second) {
      fail(op, "output index '" + std::string(1, c) + "' of einsum equation '" + equation +
                   "' is repeated or absent from the operands");
    }
  }
  return parsed;
}

OpCost price_einsum(const OpView& op) {
  const std::optional<std::string> equation = op.node.attr_string("equation");
  if (!equation) fail(op, "einsum has no 'equation' attribute");
  const EinsumEquation parsed = parse_equation(op, *equation);
  if (parsed.inputs.size() != op.inputs.size()) {
    fail(op, "einsum equation '" + *equation + "' names " + std::to_string(parsed.inputs.size()) +
                 " operands but the op has " + std::to_string(op.inputs.size()));
  }
  // Size of each index; a size-1 dimension broadcasts against any other, as in torch.einsum.
  std::map<char, std::uint64_t> sizes;
  for (std::size_t i = 0; i < op.inputs.size(); ++i) {
    const Tensor& operand = op.required_input(i);
    const std::string& term = parsed.inputs[i];
    if (term.size() != rank(operand)) {
      fail(op,
           "einsum term '" + term + "' does not match the rank of operand " + describe(operand));
    }
    for (std::size_t d = 0; d < term.size(); ++d) {
      const std::uint64_t size = dim(op, operand, static_cast<std::int64_t>(d));
      const auto [it, inserted] = sizes.try_emplace(term[d], size);
      if (inserted || it->second == size || size == 1) continue;
      if (it->second != 1) {
        fail(op, "einsum index '" + std::string(1, term[d]) + "' has sizes " +
                     std::to_string(it->second) + " and " + std::to_string(size));
      }
      it->second = size;
    }
  }
  if (op.inputs.size() == 1) {
    // A single operand multiplies nothing; it only adds when an index is summed away.
    const bool sums = std::any_of(parsed.inputs[0].begin(), parsed.inputs[0].end(), [&](char c) {
      return parsed.output.find(c) == std::string::npos;
    });
    return {0, sums ? op.required_input(0).numel() : 0};
  }
  std::uint64_t macs = 1;
  for (const auto& [index, size] : sizes) macs *= size;
  return {macs, 2 * macs};
}

// ---- multi_head_attention ----

struct Sequence {
  std::uint64_t batch;
  std::uint64_t length;
  std::uint64_t embed;
};

// (B, L, E) when batch_first, else (L, B, E); an unbatched (L, E) is one batch.
Sequence read_sequence(const OpView& op, const Tensor& tensor, bool batch_first) {
  if (rank(tensor) == 2) return {1, dim(op, tensor, 0), dim(op, tensor, 1)};
  if (rank(tensor) != 3) {
    fail(op, "attention operand " + describe(tensor) + " must be (L, E), (B, L, E) or (L, B, E)");
  }
  return {dim(op, tensor, batch_first ? 0 : 1), dim(op, tensor, batch_first ? 1 : 0),
          dim(op, tensor, 2)};
}

void require_shape(const OpView& op, const Tensor& tensor, const Shape& expected) {
  if (tensor.shape != expected) {
    fail(op, "expected " + describe(tensor) + " to have shape " + format_shape_tuple(expected));
  }
}

OpCost price_attention(const OpView& op) {
  const std::optional<std::int64_t> heads_attr = op.node.attr_int("num_heads");
  if (!heads_attr || *heads_attr <= 0) fail(op, "attention needs a positive 'num_heads' attribute");
  const bool batch_first = op.node.attr_int("batch_first").value_or(0) != 0;
  const Tensor& query = op.required_input(0);
  const Tensor& key = op.required_input(1);
  const Tensor& value = op.required_input(2);
  const Sequence q = read_sequence(op, query, batch_first);
  const Sequence k = read_sequence(op, key, batch_first);
  const Sequence v = read_sequence(op, value, batch_first);
  const std::uint64_t e = q.embed;
  const auto heads = static_cast<std::uint64_t>(*heads_attr);
  if (rank(key) != rank(query) || rank(value) != rank(query) || k.batch != q.batch ||
      v.batch != q.batch || v.length != k.length || k.embed != e || v.embed != e) {
    fail(op, "query " + describe(query) + ", key " + describe(key) + " and value " +
                 describe(value) + " do not fit together");
  }
  if (e % heads != 0)
    fail(op, "embedding size " + std::to_string(e) + " is not divisible by heads");
  const auto signed_e = static_cast<std::int64_t>(e);
  require_shape(op, op.required_input(3), {3 * signed_e, signed_e});
  require_shape(op, op.required_input(5), {signed_e, signed_e});

  const std::uint64_t b = q.batch;
  const std::uint64_t lq = q.length;
  const std::uint64_t lk = k.length;
  // q, k, v projections; Q·Kᵀ and A·V; the output projection.
  const std::uint64_t macs = b * (lq * e * e + 2 * lk * e * e + 2 * lq * lk * e + lq * e * e);
  const std::uint64_t in_bias = op.input(4) != nullptr ? b * (lq + 2 * lk) * e : 0;
  const std::uint64_t out_bias = op.input(6) != nullptr ? b * lq * e : 0;
  // Scaling the scores costs 1 per score, the softmax over them 5 (as the elementwise softmax).
  const std::uint64_t scores = b * heads * lq * lk;
  return {macs, 2 * macs + in_bias + out_bias + scores + 5 * scores};
}

// ---- transformer_encoder_layer ----

// A whole nn.TransformerEncoderLayer (torch's fused _transformer_encoder_layer_fwd). Operands:
// X (B, L, E), in_proj_weight (3E, E), in_proj_bias?, out_proj_weight (E, E), out_proj_bias?,
// norm1 weight?, bias?, norm2 weight?, bias?, linear1 weight (F, E), bias?, linear2 weight (E, F),
// bias?. Priced as its parts: self-attention (as multi_head_attention with q = k = v = X), both
// feed-forward linears, the activation between them, both layer norms and both residual adds.
OpCost price_encoder_layer(const OpView& op) {
  const std::optional<std::int64_t> heads_attr = op.node.attr_int("num_heads");
  if (!heads_attr || *heads_attr <= 0)
    fail(op, "encoder layer needs a positive 'num_heads' attribute");
  const bool batch_first = op.node.attr_int("batch_first").value_or(1) != 0;
  const Sequence x = read_sequence(op, op.required_input(0), batch_first);
  const std::uint64_t e = x.embed;
  const auto heads = static_cast<std::uint64_t>(*heads_attr);
  if (e % heads != 0)
    fail(op, "embedding size " + std::to_string(e) + " is not divisible by heads");
  const auto signed_e = static_cast<std::int64_t>(e);
  require_shape(op, op.required_input(1), {3 * signed_e, signed_e});
  require_shape(op, op.required_input(3), {signed_e, signed_e});
  const Tensor& ffn1 = op.required_input(9);
  const Tensor& ffn2 = op.required_input(11);
  if (rank(ffn1) != 2 || dim(op, ffn1, 1) != e)
    fail(op, "linear1 weight " + describe(ffn1) + " must be (F, E)");
  const std::uint64_t f = dim(op, ffn1, 0);
  require_shape(op, ffn2, {signed_e, static_cast<std::int64_t>(f)});

  const std::uint64_t b = x.batch;
  const std::uint64_t l = x.length;
  const std::uint64_t tokens = b * l;
  // q, k, v and output projections, Q·Kᵀ and A·V; then linear1 and linear2.
  const std::uint64_t attention_macs = b * (4 * l * e * e + 2 * l * l * e);
  const std::uint64_t ffn_macs = 2 * tokens * e * f;
  const std::uint64_t macs = attention_macs + ffn_macs;
  const auto present = [&](std::size_t i) { return op.input(i) != nullptr; };
  std::uint64_t flops = 2 * macs;
  flops += present(2) ? 3 * tokens * e : 0;  // in-projection bias
  flops += present(4) ? tokens * e : 0;      // out-projection bias
  flops += present(10) ? tokens * f : 0;     // linear1 bias
  flops += present(12) ? tokens * e : 0;     // linear2 bias
  const std::uint64_t scores = b * heads * l * l;
  flops += scores + 5 * scores;  // scaling and softmax, as multi_head_attention
  flops += 2 * 5 * tokens * e;   // two layer norms (normalization plugin's 5/element)
  flops += 2 * tokens * e;       // two residual adds
  const bool gelu = op.node.attr_string("activation").value_or("relu") == "gelu";
  flops += (gelu ? 5 : 1) * tokens * f;  // activation, as the elementwise plugin prices it
  return {macs, flops};
}

constexpr auto kFormulas = std::to_array<Formula>({
    {"linear", price_linear},
    {"gemm", price_gemm},
    {"matmul", price_matmul},
    {"einsum", price_einsum},
    {"multi_head_attention", price_attention},
    {"transformer_encoder_layer", price_encoder_layer},
});

}  // namespace

std::vector<std::string> MatmulCostModel::ops() const { return table_ops(kFormulas); }

OpCost MatmulCostModel::cost(const OpView& op) const {
  return table_entry(kFormulas, op).price(op);
}

}  // namespace graphstat::plugins

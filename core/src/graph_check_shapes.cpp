// What a canonical op requires of its operands' shapes (docs/cost-model.md, "Operand
// conventions"). Only static shapes are checked: a symbolic dim is the frontend's honest "unknown",
// and an op touching it is reported unresolved anyway. A mismatch here would otherwise be priced
// with the weight's numbers (a conv's MACs use W[1]), giving a confident wrong figure.

#include "graph_check_shapes.hpp"

#include <fmt/format.h>

#include <string>

#include "graphstat/error.hpp"
#include "graphstat/printable.hpp"

namespace graphstat {
namespace fs = std::filesystem;
namespace {

class OpShapes {
 public:
  OpShapes(const Graph& graph, const OpNode& op, const fs::path& file)
      : graph_(graph), op_(op), file_(file) {}

  // Operand i when present and static; an absent, symbolic or out-of-range one is skipped.
  const Tensor* in(std::size_t i) const {
    if (i >= op_.inputs.size() || op_.inputs[i] == kNoTensor) return nullptr;
    const Tensor& t = graph_.tensor(op_.inputs[i]);
    return t.is_static() ? &t : nullptr;
  }

  [[noreturn]] void fail(const Tensor& t, std::string_view problem) const {
    throw Error(fmt::format("{}: op '{}' ({}): tensor '{}' {}", file_.string(), printable(op_.name),
                            op_.op, printable(t.name), problem));
  }

  void rank_at_least(const Tensor& t, std::size_t rank, std::string_view role) const {
    if (t.shape.size() < rank) {
      fail(t, fmt::format("is its {} and has rank {}, it needs at least {}", role, t.shape.size(),
                          rank));
    }
  }

  void channels(const Tensor* t, std::int64_t expected, std::string_view role) const {
    if (t == nullptr) return;
    if (t->numel() != static_cast<std::uint64_t>(expected)) {
      fail(*t, fmt::format("is its {} with {} elements {}, it needs {} (one per channel)", role,
                           t->numel(), format_shape_tuple(t->shape), expected));
    }
  }

  // X (N, C_in, ...), W (C_out, C_in/groups, k...), bias (C_out).
  void conv() const {
    const Tensor *x = in(0), *w = in(1);
    if (x == nullptr || w == nullptr) return;
    rank_at_least(*x, 3, "input");
    if (w->shape.size() != x->shape.size()) {
      fail(*w, fmt::format("is its weight and has rank {}, the input {} has rank {}",
                           w->shape.size(), format_shape_tuple(x->shape), x->shape.size()));
    }
    const std::int64_t groups = op_.attr_int("group").value_or(1);
    const std::int64_t per_group = w->shape[1];
    std::int64_t in_channels =
        0;  // __builtin_mul_overflow, not g++'s _p form: clang builds this too.
    if (groups < 1 || per_group < 0 || __builtin_mul_overflow(per_group, groups, &in_channels) ||
        in_channels != x->shape[1]) {
      fail(*w, fmt::format("is its weight {}: {} input channels x {} group(s) do not make the "
                           "input's {} channels",
                           format_shape_tuple(w->shape), per_group, groups, x->shape[1]));
    }
    channels(in(2), w->shape[0], "bias");
  }

  // X (N, C_in, ...), W (C_in, C_out/groups, k...), bias (C_out).
  void conv_transpose() const {
    const Tensor *x = in(0), *w = in(1);
    if (x == nullptr || w == nullptr) return;
    rank_at_least(*x, 3, "input");
    rank_at_least(*w, 3, "weight");
    if (w->shape[0] != x->shape[1]) {
      fail(*w, fmt::format("is its weight {}: {} input channels, the input has {}",
                           format_shape_tuple(w->shape), w->shape[0], x->shape[1]));
    }
    const std::int64_t groups = op_.attr_int("group").value_or(1);
    std::int64_t out_channels = 0;
    if (groups >= 1 && !__builtin_mul_overflow(w->shape[1], groups, &out_channels)) {
      channels(in(2), out_channels, "bias");
    }
  }

  // X (N, C, ...), then scale, bias, running mean, running var: C each.
  void batch_norm() const {
    const Tensor* x = in(0);
    if (x == nullptr || x->shape.size() < 2) return;
    const char* roles[] = {"scale", "bias", "running mean", "running variance"};
    for (std::size_t i = 1; i <= 4; ++i) channels(in(i), x->shape[1], roles[i - 1]);
  }

  // X (..., in), W (out, in), bias (out).
  void linear() const {
    const Tensor *x = in(0), *w = in(1);
    if (x == nullptr || w == nullptr || x->shape.empty()) return;
    if (w->shape.size() != 2)
      fail(*w, fmt::format("is its weight and has rank {}, not 2", w->shape.size()));
    if (w->shape[1] != x->shape.back()) {
      fail(*w, fmt::format("is its weight {}: {} input features, the input {} has {}",
                           format_shape_tuple(w->shape), w->shape[1], format_shape_tuple(x->shape),
                           x->shape.back()));
    }
    channels(in(2), w->shape[0], "bias");
  }

  // NumPy matmul: A (..., M, K) or (K), B (..., K, N) or (K).
  void matmul() const {
    const Tensor *a = in(0), *b = in(1);
    if (a == nullptr || b == nullptr || a->shape.empty() || b->shape.empty()) return;
    const std::int64_t k = b->shape.size() == 1 ? b->shape[0] : b->shape[b->shape.size() - 2];
    if (a->shape.back() != k) {
      fail(*b, fmt::format("has shape {}: its {} rows do not match the {} columns of '{}' {}",
                           format_shape_tuple(b->shape), k, a->shape.back(), printable(a->name),
                           format_shape_tuple(a->shape)));
    }
  }

  // Gemm: A (M, K) or transposed, B (K, N) or transposed.
  void gemm() const {
    const Tensor *a = in(0), *b = in(1);
    if (a == nullptr || b == nullptr) return;
    if (a->shape.size() != 2) fail(*a, fmt::format("has rank {}, gemm needs 2", a->shape.size()));
    if (b->shape.size() != 2) fail(*b, fmt::format("has rank {}, gemm needs 2", b->shape.size()));
    const std::int64_t ka = a->shape[op_.attr_int("transA").value_or(0) != 0 ? 0 : 1];
    const std::int64_t kb = b->shape[op_.attr_int("transB").value_or(0) != 0 ? 1 : 0];
    if (ka != kb) {
      fail(*b, fmt::format("has shape {}: inner dim {} does not match {} of '{}' {}",
                           format_shape_tuple(b->shape), kb, ka, printable(a->name),
                           format_shape_tuple(a->shape)));
    }
  }

 private:
  const Graph& graph_;
  const OpNode& op_;
  const fs::path& file_;
};

}  // namespace

void check_op_shapes(const Graph& graph, const fs::path& file) {
  for (Graph::OpId id = 0; id < graph.op_count(); ++id) {
    const OpNode& op = graph.op(id);
    const OpShapes shapes(graph, op, file);
    if (op.op == "conv")
      shapes.conv();
    else if (op.op == "conv_transpose")
      shapes.conv_transpose();
    else if (op.op == "batch_norm")
      shapes.batch_norm();
    else if (op.op == "linear")
      shapes.linear();
    else if (op.op == "matmul")
      shapes.matmul();
    else if (op.op == "gemm")
      shapes.gemm();
  }
}

}  // namespace graphstat

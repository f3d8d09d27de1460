// Shape rules for the ops of detection heads and optical flow (torchvision's Faster/Mask R-CNN,
// RetinaNet, FCOS, SSD, RAFT as torch 1.13 exports them). How many boxes NonMaxSuppression keeps,
// how many elements NonZero finds and a TopK's k computed from them are data: each becomes a named
// symbol (data_dim_symbol) that the user can bind with --dim; unbound, the output's shape waits on
// it and the ops reading it are reported as unresolved, never guessed.

#include <fmt/format.h>

#include "onnx_shape_context.hpp"

namespace graphstat::frontends::onnxfe {

std::string data_dim_symbol(const Node& node, const std::string& what) {
  if (!node.name.empty()) return fmt::format("{}.{}", node.name, what);
  const std::string first = node.outputs.empty() ? std::string() : node.outputs[0];
  return fmt::format("{}({}).{}", node.op_type, first, what);
}

namespace shape_rules {
namespace {

// selected_indices [num_selected, 3] (batch, class, box): num_selected is data. The symbol is
// asked for even while the inputs' shapes wait on others, so a report lists every symbol of a
// chain of NMS at once, and a bound count gives the shape whatever the inputs are.
void non_max_suppression(Ctx& c) {
  const auto kept = c.data_dim("boxes");
  if ((c.dims(0) != nullptr && c.dims(0)->size() != 3) ||
      (c.dims(1) != nullptr && c.dims(1)->size() != 3)) {
    fail("NonMaxSuppression wants boxes [batch, boxes, 4] and scores [batch, classes, boxes]");
  }
  c.set(0, elem::int64, kept ? std::optional<Dims>(Dims{*kept, 3}) : std::nullopt);
}

// [rank, count]: the count is known when the input's value is (folding), else data.
void non_zero(Ctx& c) {
  const Dims* in = c.dims(0);
  if (in == nullptr) {
    c.data_dim("count");  // Named now, so the report lists it beside the symbols it waits on.
    return c.set(0, elem::int64, std::nullopt);
  }
  const auto rank = static_cast<std::int64_t>(in->size());
  if (const Value* v = c.value(0)) {
    std::int64_t count = 0;
    for (std::size_t k = 0; k < v->size(); ++k) count += v->at_f(k) != 0 ? 1 : 0;
    return c.set(0, elem::int64, Dims{rank, count});
  }
  const auto count = c.data_dim("count");
  c.set(0, elem::int64, count ? std::optional<Dims>(Dims{rank, *count}) : std::nullopt);
}

// TopK whose k is computed at run time (min(number of candidates, 1000) after a threshold): a
// symbol for k, unless folding knew it.
void top_k(Ctx& c) {
  const Dims* in = c.dims(0);
  std::optional<std::int64_t> k;
  if (c.has(1)) {
    if (auto v = c.ints(1); v && v->size() == 1) {
      k = (*v)[0];
    } else {
      k = c.data_dim("k");
    }
  } else if (c.node.attr("k") != nullptr) {
    k = c.node.attr_int("k", 0);
  }
  if (in == nullptr || !k) {
    c.set(0, c.elem(0), std::nullopt);
    return c.set(1, elem::int64, std::nullopt);
  }
  const auto axis = static_cast<std::size_t>(axis_in(c.node.attr_int("axis", -1), in->size()));
  if (*k < 0 || *k > (*in)[axis]) {
    fail(fmt::format("TopK k = {} is outside [0, {}] on axis {}", *k, (*in)[axis], axis));
  }
  Dims out = *in;
  out[axis] = *k;
  c.set(0, c.elem(0), out);
  c.set(1, elem::int64, out);
}

// [num_rois, C, output_height, output_width].
void roi_align(Ctx& c) {
  const Dims* x = c.dims(0);
  const Dims* rois = c.dims(1);
  if (x == nullptr || rois == nullptr) return c.set(0, c.elem(0), std::nullopt);
  if (x->size() != 4 || rois->size() != 2 || (*rois)[1] != 4) {
    fail(fmt::format("RoiAlign wants X [N, C, H, W] and rois [R, 4], got {} and {}", text(*x),
                     text(*rois)));
  }
  c.set(0, c.elem(0),
        Dims{(*rois)[0], (*x)[1], c.node.attr_int("output_height", 1),
             c.node.attr_int("output_width", 1)});
}

// X [N, C, D1.., Dk] sampled at grid [N, O1.., Ok, k]: [N, C, O1.., Ok].
void grid_sample(Ctx& c) {
  const Dims* x = c.dims(0);
  const Dims* grid = c.dims(1);
  if (x == nullptr || grid == nullptr) return c.set(0, c.elem(0), std::nullopt);
  if (x->size() < 3 || grid->size() != x->size() ||
      grid->back() != static_cast<std::int64_t>(x->size()) - 2 || (*grid)[0] != (*x)[0]) {
    fail(
        fmt::format("GridSample wants X [N, C, spatial...] and grid [N, out..., {}], got {} and {}",
                    x->size() - 2, text(*x), text(*grid)));
  }
  Dims out{(*x)[0], (*x)[1]};
  out.insert(out.end(), grid->begin() + 1, grid->end() - 1);
  c.set(0, c.elem(0), out);
}

}  // namespace

void add_detection_rules(RuleTable& table) {
  table["NonMaxSuppression"] = non_max_suppression;
  table["NonZero"] = non_zero;
  table["TopK"] = top_k;
  table["RoiAlign"] = roi_align;
  table["GridSample"] = grid_sample;
}

}  // namespace shape_rules
}  // namespace graphstat::frontends::onnxfe

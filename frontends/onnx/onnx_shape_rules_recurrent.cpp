// Shape rules of the recurrent operators: LSTM, GRU and RNN (one layer each, as torch exports a
// multi-layer nn.LSTM: one node per layer with Transpose/Reshape between).

#include <fmt/format.h>

#include "onnx_shape_context.hpp"

namespace graphstat::frontends::onnxfe::shape_rules {
namespace {

// X (T, B, I) for layout 0, (B, T, I) for layout 1; W (num_directions, gates·H, I);
// R (num_directions, gates·H, H). Outputs Y (T, num_directions, B, H) or (B, T, num_directions, H),
// Y_h and, for LSTM, Y_c (num_directions, B, H) or (B, num_directions, H).
void recurrent(Ctx& c, std::int64_t gates) {
  const Attribute* direction_attr = c.node.attr("direction");
  const std::string direction = direction_attr != nullptr ? direction_attr->s : "forward";
  if (direction != "forward" && direction != "reverse" && direction != "bidirectional") {
    fail(fmt::format("direction '{}' is not forward, reverse or bidirectional", direction));
  }
  const std::int64_t directions = direction == "bidirectional" ? 2 : 1;
  const std::int64_t layout = c.node.attr_int("layout", 0);
  if (layout != 0 && layout != 1) fail(fmt::format("layout {} is not 0 or 1", layout));
  std::int64_t hidden = c.node.attr_int("hidden_size", -1);
  const Dims* x = c.dims(0);
  const Dims* w = c.dims(1);
  const Dims* r = c.dims(2);
  if (hidden <= 0 && r != nullptr && r->size() == 3) hidden = (*r)[2];
  const std::size_t outputs = c.node.outputs.size();
  if (x == nullptr || hidden <= 0) {
    for (std::size_t k = 0; k < outputs; ++k) c.set(k, c.elem(0), std::nullopt);
    return;
  }
  if (x->size() != 3) fail(fmt::format("input {} is not (T, B, I) or (B, T, I)", text(*x)));
  const auto matches = [](std::int64_t a, std::int64_t b) { return a < 0 || b < 0 || a == b; };
  if (w != nullptr && (w->size() != 3 || !matches((*w)[0], directions) ||
                       !matches((*w)[1], gates * hidden) || !matches((*w)[2], (*x)[2]))) {
    fail(fmt::format("weight W {} is not ({}, {}, {})", text(*w), directions, gates * hidden,
                     (*x)[2]));
  }
  if (r != nullptr && (r->size() != 3 || !matches((*r)[0], directions) ||
                       !matches((*r)[1], gates * hidden) || !matches((*r)[2], hidden))) {
    fail(fmt::format("recurrence weight R {} is not ({}, {}, {})", text(*r), directions,
                     gates * hidden, hidden));
  }
  const std::int64_t steps = layout == 0 ? (*x)[0] : (*x)[1];
  const std::int64_t batch = layout == 0 ? (*x)[1] : (*x)[0];
  c.set(0, c.elem(0),
        layout == 0 ? Dims{steps, directions, batch, hidden}
                    : Dims{batch, steps, directions, hidden});
  const Dims state =
      layout == 0 ? Dims{directions, batch, hidden} : Dims{batch, directions, hidden};
  for (std::size_t k = 1; k < outputs; ++k) c.set(k, c.elem(0), state);
}

}  // namespace

void add_recurrent_rules(RuleTable& table) {
  table["LSTM"] = [](Ctx& c) { recurrent(c, 4); };
  table["GRU"] = [](Ctx& c) { recurrent(c, 3); };
  table["RNN"] = [](Ctx& c) { recurrent(c, 1); };
}

}  // namespace graphstat::frontends::onnxfe::shape_rules

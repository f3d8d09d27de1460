#include <fmt/format.h>

#include <charconv>

#include "graphstat/error.hpp"
#include "graphstat/options.hpp"

namespace graphstat {

Shape parse_shape(std::string_view text, std::string_view what) {
  Shape shape;
  if (text.empty()) throw Error(fmt::format("{}: empty shape", what));
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const std::size_t end = text.find_first_of("x,", pos);
    const std::string_view dim =
        text.substr(pos, end == std::string_view::npos ? text.npos : end - pos);
    std::int64_t value = -1;
    const auto [ptr, ec] = std::from_chars(dim.data(), dim.data() + dim.size(), value);
    if (dim.empty() || ec != std::errc() || ptr != dim.data() + dim.size() || value < 0) {
      throw Error(fmt::format("{}: '{}' is not a shape like 1x3x224x224 ('{}' is not a dimension)",
                              what, text, dim));
    }
    shape.push_back(value);
    if (end == std::string_view::npos) break;
    pos = end + 1;
  }
  return shape;
}

std::pair<std::string, std::int64_t> parse_dim_binding(std::string_view text) {
  const auto eq = text.find('=');
  const std::string_view name = text.substr(0, eq);
  const std::string_view value_text = eq == std::string_view::npos ? "" : text.substr(eq + 1);
  std::int64_t value = -1;
  const auto [ptr, ec] =
      std::from_chars(value_text.data(), value_text.data() + value_text.size(), value);
  if (eq == std::string_view::npos || name.empty() || value_text.empty() || ec != std::errc() ||
      ptr != value_text.data() + value_text.size() || value < 0) {
    throw Error(
        fmt::format("--dim '{}': must be NAME=VALUE with a non-negative integer VALUE "
                    "(--dim num_boxes=100)",
                    text));
  }
  return {std::string(name), value};
}

InputSpec parse_input_spec(std::string_view text) {
  const std::string what = fmt::format("--input-shape '{}'", text);
  InputSpec spec;
  std::string_view rest = text;
  if (auto eq = rest.find('='); eq != std::string_view::npos) {
    spec.name = std::string(rest.substr(0, eq));
    if (spec.name.empty()) throw Error(fmt::format("{}: empty input name before '='", what));
    rest.remove_prefix(eq + 1);
  }
  if (auto colon = rest.find(':'); colon != std::string_view::npos) {
    const auto dtype_text = rest.substr(colon + 1);
    spec.dtype = parse_dtype(dtype_text);
    if (!spec.dtype) throw Error(fmt::format("{}: unknown dtype '{}'", what, dtype_text));
    rest = rest.substr(0, colon);
  }
  spec.shape = parse_shape(rest, what);
  return spec;
}

}  // namespace graphstat

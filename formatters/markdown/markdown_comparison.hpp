#pragma once
// --compare as Markdown: which file each label is, one table of every model's columns and the
// deltas from the first, then each model's totals.

#include <ostream>

#include "graphstat/comparison.hpp"

namespace graphstat::formatters {

void write_markdown_comparison(const Comparison& comparison, std::ostream& out);

}  // namespace graphstat::formatters

#pragma once
// The HTML page's building blocks shared by its tables and charts: escaping, the page's style and
// script (inline: the report is one self-contained file, no network), and common cells.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace graphstat::formatters::html {

/// Text as HTML content or attribute value: & < > " ' escaped.
std::string escape(std::string_view text);

/// Whether a row of the module tree can fold its children, and whether they are shown.
enum class Fold { none, open, closed };

/// The first cell of a row, indented by depth (parameter rows pass their owner's depth + 1); a
/// row with children gets the button that folds them.
std::string name_cell(std::string_view name, int depth, Fold fold = Fold::none);

/// This row's share of a total as a bar and a percentage; blank when either is zero.
std::string share_cell(std::uint64_t value, std::uint64_t total);

/// Plain cells, escaped.
std::string cells(const std::vector<std::string>& texts);

/// The page's CSS.
extern const std::string_view kStyle;

/// The page's script: folding the module tree and sorting its columns (siblings stay under their
/// parent). Reads each row's exact values from the JSON in <script id="graphstat-rows">.
extern const std::string_view kScript;

}  // namespace graphstat::formatters::html

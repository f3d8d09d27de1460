#include "markdown_table.hpp"

#include <algorithm>
#include <cstddef>

#include "graphstat/printable.hpp"

namespace graphstat::formatters {
namespace {

/// Width as a terminal shows it: UTF-8 continuation bytes take no column of their own.
std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (unsigned char c : text) width += (c & 0xC0) != 0x80 ? 1 : 0;
  return width;
}

void write_row(std::ostream& out, const MarkdownRow& row, const std::vector<std::size_t>& widths,
               std::string_view style) {
  out << style << '|';
  for (std::size_t col = 0; col < widths.size(); ++col) {
    const std::string_view cell = col < row.size() ? std::string_view(row[col]) : "";
    out << ' ' << cell << std::string(widths[col] - display_width(cell), ' ') << " |";
  }
  if (!style.empty()) out << "\x1b[0m";
  out << '\n';
}

}  // namespace

std::string escape_cell(std::string_view text) {
  std::string out;
  for (char c : printable(text)) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

void write_markdown_table(const std::vector<MarkdownRow>& rows, std::ostream& out,
                          const std::vector<std::string_view>& styles) {
  const auto style = [&](std::size_t i) { return i < styles.size() ? styles[i] : ""; };
  if (rows.empty()) return;
  std::vector<std::size_t> widths(rows.front().size(), 0);
  for (const MarkdownRow& row : rows) {
    for (std::size_t col = 0; col < row.size() && col < widths.size(); ++col) {
      widths[col] = std::max(widths[col], display_width(row[col]));
    }
  }
  write_row(out, rows.front(), widths, style(0));
  out << '|';
  // ":" plus dashes spans the same width as a padded cell, so the separator lines up too.
  for (std::size_t width : widths) out << ':' << std::string(width + 1, '-') << '|';
  out << '\n';
  for (std::size_t i = 1; i < rows.size(); ++i) write_row(out, rows[i], widths, style(i));
}

}  // namespace graphstat::formatters

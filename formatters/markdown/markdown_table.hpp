#pragma once
// A padded Markdown table: every column as wide as its widest cell, so it reads in a terminal as
// well as rendered. Shared by the module table and the audit views.

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace graphstat::formatters {

using MarkdownRow = std::vector<std::string>;

/// A `|` in a name would split its cell, a newline its row.
std::string escape_cell(std::string_view text);

/// Writes rows.front() as the heading, the separator, then the other rows (each padded to the
/// heading's column count). `styles[i]`, when given and not empty, is an ANSI style for the whole
/// of rows[i] (reset at its end), so the escapes never shift a column.
void write_markdown_table(const std::vector<MarkdownRow>& rows, std::ostream& out,
                          const std::vector<std::string_view>& styles = {});

}  // namespace graphstat::formatters

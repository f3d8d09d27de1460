#pragma once
/// One CSV line per module and op row, exact integers, for spreadsheets and scripts.

#include <ostream>
#include <string>
#include <vector>

#include "graphstat/formatter.hpp"

namespace graphstat::formatters {

class CsvFormatter : public Formatter {
 public:
  /// {".csv"}.
  std::vector<std::string> extensions() const override;

  /// A header line, then the rows depth-first. Parameter rows are left out: they are not modules
  /// and share none of the columns. Fields are quoted per RFC 4180 when they need it.
  void render(const Report& report, std::ostream& out) const override;

  /// --compare: every model's figures side by side, with the deltas from the first.
  void render_comparison(const Comparison& comparison, std::ostream& out) const override;
};

}  // namespace graphstat::formatters

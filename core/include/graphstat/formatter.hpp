#pragma once
/// Formatter plugin interface: renders a finished Report to a stream it is given.

#include <ostream>
#include <string>
#include <vector>

#include "graphstat/comparison.hpp"
#include "graphstat/plugin.hpp"
#include "graphstat/report.hpp"

namespace graphstat {

class BOOST_SYMBOL_VISIBLE Formatter : public Plugin {
 public:
  ~Formatter() override;

  /// Output file extensions that select this formatter when --format is not given: {".md"}.
  virtual std::vector<std::string> extensions() const = 0;

  /// Writes the report. Must not compute statistics: everything it prints is in the Report.
  virtual void render(const Report& report, std::ostream& out) const = 0;

  /// Writes several models side by side (--compare). The default refuses with an error naming
  /// the format's extensions: a third-party formatter need not support comparisons.
  virtual void render_comparison(const Comparison& comparison, std::ostream& out) const;
};

}  // namespace graphstat

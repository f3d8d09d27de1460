#include "graphstat/units.hpp"

#include <fmt/format.h>

#include <array>
#include <string>
#include <string_view>
#include <utility>

namespace graphstat {
namespace {

/// value / divisor rounded half up, without the overflow that value + divisor / 2 risks near 2^64.
std::uint64_t divide_rounded(std::uint64_t value, std::uint64_t divisor) {
  const std::uint64_t remainder = value % divisor;
  return value / divisor + (remainder >= divisor - remainder ? 1 : 0);
}

/// Formats value in the largest-but-one unit that keeps the rounded mantissa below 1000.
///
/// Works in integer hundredths or thousandths of a unit so that the printed digits are exactly
/// rounded (a double would print 1814073344 / 1e9 correctly but not every value), and so that a
/// mantissa that rounds up to 1000 carries into the next unit: 999,999,500 is "1.000G", not
/// "1000.000M".
std::string format_scaled(std::uint64_t value, int decimals,
                          const std::array<std::string_view, 5>& suffixes) {
  const std::uint64_t fraction_scale = decimals == 3 ? 1000 : 100;
  const std::uint64_t mantissa_limit = 1000 * fraction_scale;
  // One unit (1000^k) expressed in fraction steps, i.e. 1000^k / fraction_scale.
  std::uint64_t step = 1000 / fraction_scale;
  for (std::size_t k = 0; k < suffixes.size(); ++k, step *= 1000) {
    const std::uint64_t scaled = divide_rounded(value, step);
    if (scaled < mantissa_limit || k + 1 == suffixes.size()) {
      return fmt::format("{}.{:0{}}{}", scaled / fraction_scale, scaled % fraction_scale, decimals,
                         suffixes[k]);
    }
  }
  return {};  // Unreachable: the last suffix always returns.
}

}  // namespace

std::string format_count(std::uint64_t value) {
  if (value < 1000) return fmt::format("{}", value);
  return format_scaled(value, 3, {"K", "M", "G", "T", "P"});
}

std::string format_bytes(std::uint64_t bytes) {
  if (bytes < 1000) return fmt::format("{}B", bytes);
  return format_scaled(bytes, 2, {"KB", "MB", "GB", "TB", "PB"});
}

std::string format_duration(double seconds) {
  if (!(seconds > 0)) return "0s";
  static constexpr std::array<std::pair<double, std::string_view>, 4> kUnits{
      {{1e-9, "ns"}, {1e-6, "µs"}, {1e-3, "ms"}, {1.0, "s"}}};
  // The largest unit that keeps at least 1 of it, re-checked after rounding: 999.96µs is "1.00ms".
  std::size_t unit = 0;
  while (unit + 1 < kUnits.size() && seconds >= kUnits[unit + 1].first) ++unit;
  std::string digits = fmt::format("{:.3g}", seconds / kUnits[unit].first);
  if (digits.find('e') != std::string::npos && unit + 1 < kUnits.size()) {
    ++unit;
    digits = fmt::format("{:.3g}", seconds / kUnits[unit].first);
  }
  // %g drops trailing zeros; a fixed three digits reads better in a column ("1.20ms", not "1.2ms").
  const double value = std::stod(digits);
  const int decimals = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return fmt::format("{:.{}f}{}", value, decimals, kUnits[unit].second);
}

std::string format_grouped(std::uint64_t value) {
  const std::string digits = fmt::format("{}", value);
  std::string out;
  out.reserve(digits.size() + digits.size() / 3);
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace graphstat

#include <cctype>

#include "graphstat/analysis.hpp"

namespace graphstat {
namespace {

bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

}  // namespace

bool natural_less(std::string_view a, std::string_view b) {
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < a.size() && j < b.size()) {
    if (is_digit(a[i]) && is_digit(b[j])) {
      // Compare digit runs by value: skip leading zeros, then longer is larger, then lexically.
      std::size_t ie = i;
      std::size_t je = j;
      while (ie < a.size() && is_digit(a[ie])) ++ie;
      while (je < b.size() && is_digit(b[je])) ++je;
      auto ai = a.substr(i, ie - i);
      auto bj = b.substr(j, je - j);
      ai.remove_prefix(std::min(ai.find_first_not_of('0'), ai.size()));
      bj.remove_prefix(std::min(bj.find_first_not_of('0'), bj.size()));
      if (ai.size() != bj.size()) return ai.size() < bj.size();
      if (ai != bj) return ai < bj;
      i = ie;
      j = je;
    } else {
      if (a[i] != b[j]) return a[i] < b[j];
      ++i;
      ++j;
    }
  }
  return a.size() - i < b.size() - j;
}

}  // namespace graphstat

#pragma once
/// Small checks on messages and reports shared by the tests.

#include <string>
#include <string_view>

#include "graphstat/error.hpp"

namespace graphstat::test {

inline bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

/// The message of the graphstat::Error that f throws, or "(no error)" when it throws none, so a
/// check on the message fails readably.
template <typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace graphstat::test

#pragma once
// Template part of fuzz_support.hpp.

#include <exception>

#include "graphstat/error.hpp"

namespace graphstat::fuzz {

template <typename Step>
void refuse_cleanly(Step&& step) {
  try {
    step();
  } catch (const Error&) {
    // The input was refused with graphstat's error: the outcome the CLI turns into one line.
  } catch (const std::exception& e) {
    report_finding(e.what());
  } catch (...) {
    report_finding("an exception that is not a std::exception");
  }
}

}  // namespace graphstat::fuzz

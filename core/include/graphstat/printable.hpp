#pragma once
/// Names in a report or an error come from model files, which may hold anything. Control
/// characters (a newline in a node name, a terminal escape sequence) are shown as `\xNN`, so a
/// table row stays one row, an error stays one line, and no file can drive the user's terminal.
/// Header-only so that formatter plugins share the core's rule.

#include <cstdio>
#include <string>
#include <string_view>

namespace graphstat {

inline std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) {
      char escaped[5];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", byte);
      out += escaped;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace graphstat

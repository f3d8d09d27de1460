#pragma once
// Checked reads from a hand-written YAML file: every problem is a graphstat::Error "file:line:
// what", because the user has to find the typo. Shared by the config and the hardware-profile
// readers.

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "graphstat/error.hpp"

namespace graphstat {

class YamlReader {
 public:
  explicit YamlReader(std::filesystem::path file) : file_(std::move(file)) {}

  const std::filesystem::path& file() const { return file_; }

  /// The document's root, which must be a mapping; `what` names the kind of file for the errors,
  /// `if_empty` is the whole problem for an empty document (it has no line to point at).
  YAML::Node load_mapping(std::string_view what, std::string_view if_empty) const {
    std::ifstream in(file_);
    if (!in) throw Error(fmt::format("{}: cannot open {}", file_.string(), what));
    YAML::Node root;
    try {
      root = YAML::Load(in);
    } catch (const YAML::ParserException& e) {
      throw Error(fmt::format("{}:{}: invalid YAML: {}", file_.string(), e.mark.line + 1, e.msg));
    }
    if (!root.IsDefined() || root.IsNull()) {
      throw Error(fmt::format("{}: {}", file_.string(), if_empty));
    }
    if (!root.IsMap()) fail(root, fmt::format("a {} must be a mapping of keys", what));
    return root;
  }

  [[noreturn]] void fail(const YAML::Node& node, std::string_view problem) const {
    throw Error(fmt::format("{}:{}: {}", file_.string(), node.Mark().line + 1, problem));
  }

  // Unknown keys are typos; a key given twice is ambiguous (YAML readers disagree on which one
  // wins), so both are errors rather than a silent pick.
  void check_keys(const YAML::Node& map, std::initializer_list<std::string_view> known) const {
    std::vector<std::string> seen;
    for (const auto& kv : map) {
      if (!kv.first.IsScalar()) fail(kv.first, "a key must be a plain name");
      const auto key = kv.first.Scalar();
      if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
        fail(kv.first, fmt::format("key '{}' is given twice", key));
      }
      seen.push_back(key);
      if (std::find(known.begin(), known.end(), key) == known.end()) {
        fail(kv.first,
             fmt::format("unknown key '{}' (known keys: {})", key, fmt::join(known, ", ")));
      }
    }
  }

  std::string scalar(const YAML::Node& n, std::string_view key) const {
    if (!n.IsScalar()) fail(n, fmt::format("'{}' must be a string", key));
    return n.Scalar();
  }

  const YAML::Node& sequence(const YAML::Node& n, std::string_view key) const {
    if (!n.IsSequence()) fail(n, fmt::format("'{}' must be a list", key));
    return n;
  }

  const YAML::Node& mapping(const YAML::Node& n, std::string_view key) const {
    if (!n.IsMap()) fail(n, fmt::format("'{}' must be a mapping", key));
    return n;
  }

  std::int64_t integer(const YAML::Node& n, std::string_view key) const {
    std::int64_t value = 0;
    if (!n.IsScalar() || !YAML::convert<std::int64_t>::decode(n, value)) {
      fail(n, fmt::format("'{}' must be an integer, not '{}'", key,
                          n.IsScalar() ? n.Scalar() : "a collection"));
    }
    return value;
  }

  /// A finite number greater than zero (a rate, a bandwidth).
  double positive_number(const YAML::Node& n, std::string_view key) const {
    double value = 0;
    if (!n.IsScalar() || !YAML::convert<double>::decode(n, value) || !std::isfinite(value) ||
        value <= 0) {
      fail(n, fmt::format("'{}' must be a number greater than 0, not '{}'", key,
                          n.IsScalar() ? n.Scalar() : "a collection"));
    }
    return value;
  }

  bool boolean(const YAML::Node& n, std::string_view key) const {
    bool value = false;
    if (!n.IsScalar() || !YAML::convert<bool>::decode(n, value)) {
      fail(n, fmt::format("'{}' must be true or false", key));
    }
    return value;
  }

 private:
  std::filesystem::path file_;
};

}  // namespace graphstat

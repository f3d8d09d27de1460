#include "onnx_scopes.hpp"

#include <cctype>
#include <vector>

namespace graphstat::frontends::onnxfe {
namespace {

// "/a/b/c/Op" -> {"a", "b", "c"}: the last segment is the op itself.
std::vector<std::string> scope_segments(const std::string& name) {
  std::vector<std::string> segments;
  if (name.size() < 2 || name[0] != '/') return segments;
  std::size_t start = 1;
  for (std::size_t slash = name.find('/', start); slash != std::string::npos;
       slash = name.find('/', start)) {
    segments.push_back(name.substr(start, slash - start));
    start = slash + 1;
  }
  return segments;
}

// Appends one scope segment to a dotted path: "layer1" + "layer1.0" -> "layer1.0",
// "layer1.0" + "conv1" -> "layer1.0.conv1".
std::string extend(const std::string& path, const std::string& parent_segment,
                   const std::string& segment) {
  if (path.empty()) return segment;
  if (!parent_segment.empty() && segment.size() > parent_segment.size() &&
      segment.compare(0, parent_segment.size(), parent_segment) == 0 &&
      segment[parent_segment.size()] == '.') {
    return path + segment.substr(parent_segment.size());
  }
  return path + "." + segment;
}

// "relu_1" -> "relu"; nothing when the segment has no call-index suffix.
std::string without_call_index(const std::string& segment) {
  const auto underscore = segment.rfind('_');
  if (underscore == std::string::npos || underscore == 0 || underscore + 1 == segment.size()) {
    return {};
  }
  for (std::size_t k = underscore + 1; k < segment.size(); ++k) {
    if (std::isdigit(static_cast<unsigned char>(segment[k])) == 0) return {};
  }
  return segment.substr(0, underscore);
}

}  // namespace

ScopeNamer::ScopeNamer(const OnnxGraph& graph) {
  for (const auto& node : graph.nodes) {
    const auto segments = scope_segments(node.name);
    if (!node.name.empty() && node.name[0] == '/') scoped_ = true;
    std::string path;
    std::string parent;
    for (const auto& segment : segments) {
      path = extend(path, parent, segment);
      parent = segment;
      raw_paths_.insert(path);
    }
  }
}

std::string ScopeNamer::module_of(const Node& node, std::size_t index) const {
  if (!scoped_) {
    std::string name = node.name.empty() ? node.op_type + "_" + std::to_string(index) : node.name;
    // Dots would make a hierarchy the exporter never meant.
    for (char& c : name) {
      if (c == '.') c = '_';
    }
    return name;
  }
  std::string path;
  std::string raw;
  std::string parent;
  for (const auto& segment : scope_segments(node.name)) {
    const std::string raw_parent = raw;
    raw = extend(raw_parent, parent, segment);
    // A repeated call of a module gets "_N" appended to its scope; it is the same module when the
    // un-suffixed scope exists (its first call). "encoder_layer_0" stays: there is no
    // "encoder_layer".
    const std::string base = without_call_index(segment);
    const bool repeat = !base.empty() && raw_paths_.contains(extend(raw_parent, parent, base));
    path = extend(path, parent, repeat ? base : segment);
    parent = segment;
  }
  return path;
}

}  // namespace graphstat::frontends::onnxfe

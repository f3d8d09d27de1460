// The YAML config reader (docs/config.md). Every error says file:line and what is wrong, because a
// config is hand-written and the user needs to find the typo.

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <array>
#include <fstream>

#include "graphstat/error.hpp"
#include "graphstat/options.hpp"

namespace graphstat {
namespace fs = std::filesystem;
namespace {

constexpr std::int64_t kMaxModuleDepth = 4096;

class ConfigReader {
 public:
  explicit ConfigReader(fs::path file) : file_(std::move(file)) {}

  Options read() {
    std::ifstream in(file_);
    if (!in) throw Error(fmt::format("{}: cannot open config file", file_.string()));
    YAML::Node root;
    try {
      root = YAML::Load(in);
    } catch (const YAML::ParserException& e) {
      throw Error(fmt::format("{}:{}: invalid YAML: {}", file_.string(), e.mark.line + 1, e.msg));
    }
    // An empty file has no line to point at.
    if (!root.IsDefined() || root.IsNull()) {
      throw Error(fmt::format("{}: empty config (it needs at least 'model:')", file_.string()));
    }
    if (!root.IsMap()) fail(root, "a config must be a mapping of keys (model:, inputs:, ...)");

    Options options;
    check_keys(root, {"model", "frontend", "inputs", "metric", "max_depth", "sort", "output",
                      "plugins", "strict", "dims", "limits"});
    if (auto n = root["model"]) options.model = relative_to_config(scalar(n, "model"));
    if (auto n = root["frontend"]) options.frontend = scalar(n, "frontend");
    if (auto n = root["inputs"]) options.inputs = inputs(n);
    if (auto n = root["metric"]) options.metric = metric(n);
    if (auto n = root["max_depth"]) options.max_depth = non_negative_int(n, "max_depth");
    if (auto n = root["sort"]) options.sort = sort_key(n);
    if (auto n = root["output"]) output(n, options);
    if (auto n = root["plugins"]) {
      for (const auto& item : sequence(n, "plugins")) {
        options.plugins.push_back(relative_to_config(scalar(item, "plugins entry")));
      }
    }
    if (auto n = root["strict"]) options.strict = boolean(n, "strict");
    if (auto n = root["dims"]) options.dims = dims(n);
    if (auto n = root["limits"]) options.limits = limits(n);
    if (options.model.empty()) fail(root, "missing required key 'model'");
    return options;
  }

 private:
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

  std::int64_t integer(const YAML::Node& n, std::string_view key) const {
    std::int64_t value = 0;
    if (!n.IsScalar() || !YAML::convert<std::int64_t>::decode(n, value)) {
      fail(n, fmt::format("'{}' must be an integer, not '{}'", key,
                          n.IsScalar() ? n.Scalar() : "a collection"));
    }
    return value;
  }

  int non_negative_int(const YAML::Node& n, std::string_view key) const {
    const auto value = integer(n, key);
    if (value < 0 || value > 1000) fail(n, fmt::format("'{}' must be between 0 and 1000", key));
    return static_cast<int>(value);
  }

  bool boolean(const YAML::Node& n, std::string_view key) const {
    bool value = false;
    if (!n.IsScalar() || !YAML::convert<bool>::decode(n, value)) {
      fail(n, fmt::format("'{}' must be true or false", key));
    }
    return value;
  }

  Metric metric(const YAML::Node& n) const {
    const auto text = scalar(n, "metric");
    if (text == "macs") return Metric::macs;
    if (text == "flops") return Metric::flops;
    fail(n, fmt::format("'metric' must be macs or flops, not '{}'", text));
  }

  SortKey sort_key(const YAML::Node& n) const {
    const auto text = scalar(n, "sort");
    if (auto key = parse_sort_key(text)) return *key;
    fail(n, fmt::format("'sort' must be one of name, order, params, macs, flops, memory, not '{}'",
                        text));
  }

  void output(const YAML::Node& n, Options& options) const {
    if (!n.IsMap()) fail(n, "'output' must be a mapping with 'format' and/or 'path'");
    check_keys(n, {"format", "path"});
    if (auto f = n["format"]) options.format = scalar(f, "output.format");
    if (auto p = n["path"]) options.output = fs::path(scalar(p, "output.path"));
  }

  std::vector<InputSpec> inputs(const YAML::Node& n) const {
    std::vector<InputSpec> specs;
    for (const auto& item : sequence(n, "inputs")) {
      if (!item.IsMap()) fail(item, "each 'inputs' entry must be a mapping with 'shape'");
      check_keys(item, {"name", "shape", "dtype"});
      InputSpec spec;
      if (auto name = item["name"]) spec.name = scalar(name, "inputs.name");
      const auto shape = item["shape"];
      if (!shape) fail(item, "an 'inputs' entry needs a 'shape'");
      for (const auto& dim : sequence(shape, "inputs.shape")) {
        const auto value = integer(dim, "inputs.shape");
        if (value < 0) fail(dim, "dimensions must not be negative");
        spec.shape.push_back(value);
      }
      if (auto dtype = item["dtype"]) {
        const auto text = scalar(dtype, "inputs.dtype");
        spec.dtype = parse_dtype(text);
        if (!spec.dtype) fail(dtype, fmt::format("unknown dtype '{}'", text));
      }
      specs.push_back(std::move(spec));
    }
    return specs;
  }

  // dims: {num_boxes: 100, N: 8}: symbolic dims bound by name.
  DimValues dims(const YAML::Node& n) const {
    if (!n.IsMap()) fail(n, "'dims' must be a mapping of dim names to sizes (num_boxes: 100)");
    DimValues out;
    for (const auto& kv : n) {
      const auto name = scalar(kv.first, "dims key");
      const auto value = integer(kv.second, "dims." + name);
      if (value < 0) fail(kv.second, fmt::format("dim '{}' must not be negative", name));
      if (!out.emplace(name, value).second)
        fail(kv.first, fmt::format("dim '{}' is given twice", name));
    }
    return out;
  }

  // limits: {max_ops: 20000000, ...}: each a positive integer (docs/errors.md, "Limits").
  Limits limits(const YAML::Node& n) const {
    if (!n.IsMap()) fail(n, "'limits' must be a mapping of limit names to numbers (max_ops: 1000)");
    Limits out;
    const std::pair<const char*, std::uint64_t Limits::*> keys[] = {
        {"max_ops", &Limits::max_ops},
        {"max_tensors", &Limits::max_tensors},
        {"max_module_depth", &Limits::max_module_depth},
        {"max_module_path", &Limits::max_module_path},
        {"max_function_nodes", &Limits::max_function_nodes},
        {"max_function_depth", &Limits::max_function_depth},
        {"max_subgraph_depth", &Limits::max_subgraph_depth},
        {"max_inlined_calls", &Limits::max_inlined_calls},
        {"max_loop_iterations", &Limits::max_loop_iterations}};
    check_keys(n, {"max_ops", "max_tensors", "max_module_depth", "max_module_path",
                   "max_function_nodes", "max_function_depth", "max_subgraph_depth",
                   "max_inlined_calls", "max_loop_iterations"});
    for (const auto& [key, member] : keys) {
      if (auto v = n[key]) {
        const auto value = integer(v, std::string("limits.") + key);
        if (value < 1) fail(v, fmt::format("'limits.{}' must be at least 1", key));
        // The report's rows nest as deep as module paths, and formatters walk them recursively:
        // past a few thousand levels that is the stack, whatever the limit says.
        if (member == &Limits::max_module_depth && value > kMaxModuleDepth) {
          fail(v, fmt::format("'limits.max_module_depth' can be at most {}", kMaxModuleDepth));
        }
        out.*member = static_cast<std::uint64_t>(value);
      }
    }
    return out;
  }

  fs::path relative_to_config(const std::string& path) const {
    const fs::path p(path);
    return p.is_absolute() ? p : file_.parent_path() / p;
  }

  fs::path file_;
};

}  // namespace

Options load_config(const fs::path& file) { return ConfigReader(file).read(); }

}  // namespace graphstat

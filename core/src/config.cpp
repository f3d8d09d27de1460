// The YAML config reader (docs/config.md). Every error says file:line and what is wrong, because a
// config is hand-written and the user needs to find the typo.

#include <fmt/format.h>

#include "graphstat/error.hpp"
#include "graphstat/hardware.hpp"
#include "graphstat/options.hpp"
#include "yaml_reader.hpp"

namespace graphstat {
namespace fs = std::filesystem;
namespace {

constexpr std::int64_t kMaxModuleDepth = 4096;

class ConfigReader : private YamlReader {
 public:
  explicit ConfigReader(fs::path file) : YamlReader(std::move(file)) {}

  Options read() {
    const YAML::Node root =
        load_mapping("config file", "empty config (it needs at least 'model:')");

    Options options;
    check_keys(root, {"model", "frontend", "inputs", "metric", "max_depth", "sort", "output",
                      "plugins", "strict", "dims", "limits", "hardware", "dtype", "view", "only",
                      "modules", "hide_zero", "columns"});
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
    if (auto n = root["hardware"]) options.hardware = hardware(n);
    if (auto n = root["dtype"]) options.precision = precision(n);
    if (auto n = root["view"]) options.view = view(n);
    if (auto n = root["only"]) options.filter.ops = strings(n, "only");
    if (auto n = root["modules"]) options.filter.modules = strings(n, "modules");
    if (auto n = root["hide_zero"]) options.hide_zero = boolean(n, "hide_zero");
    if (auto n = root["columns"]) options.columns = columns(n);
    if (auto n = root["limits"]) options.limits = limits(n);
    if (options.model.empty()) fail(root, "missing required key 'model'");
    return options;
  }

 private:
  int non_negative_int(const YAML::Node& n, std::string_view key) const {
    const auto value = integer(n, key);
    if (value < 0 || value > 1000) fail(n, fmt::format("'{}' must be between 0 and 1000", key));
    return static_cast<int>(value);
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
    fail(n, fmt::format(
                "'sort' must be one of name, order, params, macs, flops, memory, time, not '{}'",
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

  // A shipped profile's name stays a name; a path is relative to the config, like model:.
  std::string hardware(const YAML::Node& n) const {
    const auto text = scalar(n, "hardware");
    return names_profile_file(text) ? relative_to_config(text).string() : text;
  }

  std::vector<std::string> strings(const YAML::Node& n, std::string_view key) const {
    std::vector<std::string> out;
    for (const auto& item : sequence(n, key))
      out.push_back(scalar(item, std::string(key) + " entry"));
    return out;
  }

  // A list (columns: [params, macs%]) or one comma-separated string ("params,macs%").
  std::vector<Column> columns(const YAML::Node& n) const {
    std::string list;
    if (n.IsScalar()) {
      list = n.Scalar();
    } else {
      for (const auto& name : strings(n, "columns")) list += name + ",";
    }
    try {
      return parse_columns(list, "'columns'");
    } catch (const Error& e) {
      fail(n, e.what());
    }
  }

  ReportView view(const YAML::Node& n) const {
    const auto text = scalar(n, "view");
    if (text == "modules") return ReportView::modules;
    if (text == "by_op") return ReportView::by_op;
    if (text == "ops") return ReportView::ops;
    fail(n, fmt::format("'view' must be modules, by_op or ops, not '{}'", text));
  }

  std::string precision(const YAML::Node& n) const {
    const auto text = scalar(n, "dtype");
    try {
      (void)precision_dtype(text);
    } catch (const Error&) {
      fail(n, fmt::format("'dtype' must be one of fp32, tf32, fp16, bf16, int8, not '{}'", text));
    }
    return text;
  }

  fs::path relative_to_config(const std::string& path) const {
    const fs::path p(path);
    return p.is_absolute() ? p : file().parent_path() / p;
  }
};

}  // namespace

Options load_config(const fs::path& file) { return ConfigReader(file).read(); }

}  // namespace graphstat

#include "self_check.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string_view>
#include <vector>

#include "graphstat/error.hpp"
#include "graphstat/frontend.hpp"
#include "graphstat/json_graph_writer.hpp"

namespace graphstat {
namespace {

// The additive columns of a row, by name, in one place for every check below.
struct Column {
  std::string_view name;
  std::uint64_t ModuleStats::*field;
};
constexpr Column kAdditive[] = {
    {"MACs", &ModuleStats::macs},
    {"FLOPs", &ModuleStats::flops},
    {"input bytes", &ModuleStats::input_bytes},
    {"output bytes", &ModuleStats::output_bytes},
    {"weight bytes", &ModuleStats::weight_bytes},
    {"op count", &ModuleStats::op_count},
    {"unresolved ops", &ModuleStats::unresolved_ops},
};

class SelfCheck {
 public:
  explicit SelfCheck(const std::filesystem::path& model) : model_(model) {}

  [[noreturn]] void fail(const std::string& what) const {
    throw Error(fmt::format("{}: self-check failed: {}", model_.string(), what));
  }

  void parents_are_sums(const ModuleStats& root) const {
    // Iterative: a module path may be thousands of levels deep (limits.max_module_depth).
    std::vector<const ModuleStats*> pending{&root};
    while (!pending.empty()) {
      const ModuleStats& row = *pending.back();
      pending.pop_back();
      if (row.children.empty()) continue;
      for (const Column& column : kAdditive) {
        std::uint64_t sum = 0;
        for (const auto& child : row.children) sum += child.*column.field;
        if (sum != row.*column.field) {
          fail(fmt::format("row '{}' has {} {}, its children sum to {}", row.name,
                           row.*column.field, column.name, sum));
        }
      }
      std::uint64_t param_sum = 0, param_max = 0;
      for (const auto& child : row.children) {
        param_sum += child.params;
        param_max = std::max(param_max, child.params);
        pending.push_back(&child);
      }
      // A module's own ops (a residual add, `x * self.layer_scale`) are child rows of their own,
      // but the parameters they read stay the module's (param_rows), not the op row's.
      std::uint64_t own = 0;
      for (const auto& p : row.param_rows) own += p.numel;
      if (row.params < param_max || row.params > param_sum + own) {
        fail(fmt::format("row '{}' has {} params; its children {} (largest {}), its own {}",
                         row.name, row.params, param_sum, param_max, own));
      }
    }
  }

  void ops_add_up(const Report& ops, const ModuleStats& root) const {
    ModuleStats sum;
    for (const OpRecord& op : ops.ops) {
      sum.macs += op.macs;
      sum.flops += op.flops;
      sum.input_bytes += op.input_bytes;
      sum.output_bytes += op.output_bytes;
      sum.weight_bytes += op.weight_bytes;
      if (op.flops < op.macs) {
        fail(fmt::format("op '{}' ({}) has {} FLOPs for {} MACs", op.name, op.op, op.flops,
                         op.macs));
      }
      if (is_pure_multiply_add(op) && op.flops != 2 * op.macs) {
        fail(fmt::format("op '{}' ({}) is a pure multiply-add but has {} FLOPs for {} MACs",
                         op.name, op.op, op.flops, op.macs));
      }
    }
    for (const Column& column : kAdditive) {
      if (column.field == &ModuleStats::op_count || column.field == &ModuleStats::unresolved_ops) {
        continue;
      }
      if (sum.*column.field != root.*column.field) {
        fail(fmt::format("the ops' {} sum to {}, the model's total is {}", column.name,
                         sum.*column.field, root.*column.field));
      }
    }
    if (ops.ops.size() != root.op_count) {
      fail(fmt::format("{} ops listed, the model counts {}", ops.ops.size(), root.op_count));
    }
  }

  void weights_cover_params(const ModuleStats& root) const {
    if (root.weight_bytes < root.params) {
      fail(fmt::format("{} weight bytes for {} parameters", root.weight_bytes, root.params));
    }
  }

  // Row by row, in order: names and every column.
  void same_rows(const ModuleStats& expected, const ModuleStats& got) const {
    std::vector<std::pair<const ModuleStats*, const ModuleStats*>> pending{{&expected, &got}};
    while (!pending.empty()) {
      auto [a, b] = pending.back();
      pending.pop_back();
      if (a->name != b->name || a->children.size() != b->children.size()) {
        fail(
            fmt::format("read back from graphstat JSON, row '{}' ({} children) became '{}' ({} "
                        "children)",
                        a->name, a->children.size(), b->name, b->children.size()));
      }
      for (const Column& column : kAdditive) {
        if (a->*column.field != b->*column.field) {
          fail(fmt::format("read back from graphstat JSON, row '{}' has {} {} instead of {}",
                           a->name, b->*column.field, column.name, a->*column.field));
        }
      }
      if (a->frozen_params != b->frozen_params ||
          a->unknown_trainability_params != b->unknown_trainability_params) {
        fail(
            fmt::format("read back from graphstat JSON, row '{}' has {} frozen and {} unknown "
                        "params instead of {} and {}",
                        a->name, b->frozen_params, b->unknown_trainability_params, a->frozen_params,
                        a->unknown_trainability_params));
      }
      if (a->params != b->params) {
        fail(fmt::format("read back from graphstat JSON, row '{}' has {} params instead of {}",
                         a->name, b->params, a->params));
      }
      for (std::size_t k = 0; k < a->children.size(); ++k) {
        pending.emplace_back(&a->children[k], &b->children[k]);
      }
    }
  }

 private:
  // FLOPs = 2·MACs exactly: a product of two operands with nothing added after it.
  static bool is_pure_multiply_add(const OpRecord& op) {
    if (!op.priced || !op.resolved) return false;
    if (op.op == "matmul") return true;
    const bool no_bias = op.input_shapes.size() < 3 || op.input_shapes[2] == "-";
    return (op.op == "conv" || op.op == "linear") && no_bias;
  }

  const std::filesystem::path& model_;
};

// A temporary file removed on every path out.
class TempFile {
 public:
  TempFile() {
    static int counter = 0;
    path_ = std::filesystem::temp_directory_path() /
            fmt::format("graphstat-self-check-{}-{}.json", ::getpid(), ++counter);
  }
  ~TempFile() {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

Report read_back_as_json(const Graph& graph, const PluginRegistry& registry,
                         const ReportOptions& options, const SelfCheck& check) {
  const auto json = registry.frontend("json");
  if (!json) check.fail("the json frontend is not loaded, so the graph cannot be read back");
  TempFile file;
  {
    std::ofstream out(file.path(), std::ios::binary);
    write_json_graph(graph, out);
    if (!out.flush()) check.fail(fmt::format("cannot write {}", file.path().string()));
  }
  Graph back;
  try {
    back = json->load(file.path(), LoadOptions{});
  } catch (const std::exception& e) {
    check.fail(fmt::format("the graph written as graphstat JSON does not read back: {}", e.what()));
  }
  return make_report(back, registry, options);
}

}  // namespace

bool self_check_requested() {
  const char* value = std::getenv("GRAPHSTAT_SELF_CHECK");
  return value != nullptr && *value != '\0' && std::string_view(value) != "0";
}

void self_check(const Graph& graph, const PluginRegistry& registry,
                const std::filesystem::path& model) {
  const SelfCheck check(model);
  ReportOptions options;  // Every row, no depth cap, no hidden rows.
  const Report modules = make_report(graph, registry, options);
  check.parents_are_sums(modules.root);
  check.weights_cover_params(modules.root);
  options.view = ReportView::ops;
  check.ops_add_up(make_report(graph, registry, options), modules.root);
  options.view = ReportView::modules;
  check.same_rows(modules.root, read_back_as_json(graph, registry, options, check).root);
}

}  // namespace graphstat

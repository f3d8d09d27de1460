#define BOOST_TEST_MODULE onnx_conformance
#include <fmt/format.h>

#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "graphstat/error.hpp"
#include "onnx_functions.hpp"
#include "onnx_graph_builder.hpp"
#include "onnx_shapes.hpp"
#include "onnx_wire.hpp"

// ONNX's own backend test models (Debian's libonnx-testdata) against graphstat's shape inference,
// compared with the dims of the reference outputs ONNX ships beside each model
// (test_data_set_0/output_<k>.pb, read with graphstat's own wire reader). Two checks:
//
// 1. As a user runs them (the shapes the models declare are the fallback where no rule gives
//    one): every model loads, gives a graph, and every tensor output has the reference shape.
//    A model that cannot is listed below with the reason; a listed model that starts passing
//    fails the test too, so that the list only ever shrinks.
// 2. graphstat's rules alone (every declared shape erased): numbers must be right or absent, so
//    every output shape inferred must be the reference one. An output may stay unknown (its
//    shape depends on the value of a graph input, e.g. a Pad's pads or a Loop's trip count); how
//    many do is reported.

namespace fs = std::filesystem;
namespace onnxfe = graphstat::frontends::onnxfe;

namespace {

const fs::path kDataRoot = "/usr/include/onnx/backend/test/data";

// Models (suite/name) that cannot pass check 1, with why.
const std::map<std::string, std::string> kExplained = {
    {"node/test_loop11",
     "a Loop whose trip count is a graph input's value: the scan output waits on '<loop>.trips'"},
    {"node/test_nonmaxsuppression_center_point_box_format",
     "NonMaxSuppression keeps a data-dependent number of boxes: the output's size depends on input "
     "values (a data-dependent dim): graphstat leaves it a named symbol to bind with --dim rather "
     "than trust the file's declared shape"},
    {"node/test_nonmaxsuppression_flipped_coordinates",
     "NonMaxSuppression keeps a data-dependent number of boxes: the output's size depends on input "
     "values (a data-dependent dim): graphstat leaves it a named symbol to bind with --dim rather "
     "than trust the file's declared shape"},
    {"node/test_nonmaxsuppression_identical_boxes",
     "NonMaxSuppression keeps a data-dependent number of boxes: the output's size depends on input "
     "values (a data-dependent dim): graphstat leaves it a named symbol to bind with --dim rather "
     "than trust the file's declared shape"},
    {"node/test_nonmaxsuppression_limit_output_size",
     "NonMaxSuppression keeps a data-dependent number of boxes: the output's size depends on input "
     "values (a data-dependent dim): graphstat leaves it a named symbol to bind with --dim rather "
     "than trust the file's declared shape"},
    {"node/test_nonmaxsuppression_single_box",
     "NonMaxSuppression keeps a data-dependent number of boxes: the output's size depends on input "
     "values (a data-dependent dim): graphstat leaves it a named symbol to bind with --dim rather "
     "than trust the file's declared shape"},
    {"node/test_nonmaxsuppression_suppress_by_IOU",
     "NonMaxSuppression keeps a data-dependent number of boxes: the output's size depends on input "
     "values (a data-dependent dim): graphstat leaves it a named symbol to bind with --dim rather "
     "than trust the file's declared shape"},
    {"node/test_nonmaxsuppression_suppress_by_IOU_and_scores",
     "NonMaxSuppression keeps a data-dependent number of boxes: the output's size depends on input "
     "values (a data-dependent dim): graphstat leaves it a named symbol to bind with --dim rather "
     "than trust the file's declared shape"},
    {"node/test_nonmaxsuppression_two_batches",
     "NonMaxSuppression keeps a data-dependent number of boxes: the output's size depends on input "
     "values (a data-dependent dim): graphstat leaves it a named symbol to bind with --dim rather "
     "than trust the file's declared shape"},
    {"node/test_nonmaxsuppression_two_classes",
     "NonMaxSuppression keeps a data-dependent number of boxes: the output's size depends on input "
     "values (a data-dependent dim): graphstat leaves it a named symbol to bind with --dim rather "
     "than trust the file's declared shape"},
    {"node/test_nonzero_example",
     "NonZero's count is data: the output's size depends on input values (a data-dependent dim): "
     "graphstat leaves it a named symbol to bind with --dim rather than trust the file's declared "
     "shape"},
    {"node/test_range_float_type_positive_delta_expanded",
     "Range expanded into a Loop whose trip count comes from input values: the output's size "
     "depends on input values (a data-dependent dim): graphstat leaves it a named symbol to bind "
     "with --dim rather than trust the file's declared shape"},
    {"node/test_range_int32_type_negative_delta_expanded",
     "Range expanded into a Loop whose trip count comes from input values: the output's size "
     "depends on input values (a data-dependent dim): graphstat leaves it a named symbol to bind "
     "with --dim rather than trust the file's declared shape"},
    {"node/test_top_k",
     "TopK's k is a graph input: the output's size depends on input values (a data-dependent dim): "
     "graphstat leaves it a named symbol to bind with --dim rather than trust the file's declared "
     "shape"},
    {"node/test_top_k_negative_axis",
     "TopK's k is a graph input: the output's size depends on input values (a data-dependent dim): "
     "graphstat leaves it a named symbol to bind with --dim rather than trust the file's declared "
     "shape"},
    {"node/test_top_k_smallest",
     "TopK's k is a graph input: the output's size depends on input values (a data-dependent dim): "
     "graphstat leaves it a named symbol to bind with --dim rather than trust the file's declared "
     "shape"},
};

struct Outcome {
  std::string refused;             // The error, when the model did not load.
  std::vector<std::string> wrong;  // Outputs given a shape other than the reference.
  std::vector<std::string> unknown;
  bool pass() const { return refused.empty() && wrong.empty() && unknown.empty(); }
};

std::string dims_text(const std::vector<std::int64_t>& d) {
  return fmt::format("[{}]", fmt::join(d, ","));
}

bool has_unknown_dim(const onnxfe::ValueInfo& vi) {
  if (!vi.has_shape) return true;
  return std::any_of(vi.dims.begin(), vi.dims.end(), [](const auto& d) { return d.value < 0; });
}

Outcome check_model(const fs::path& dir, bool keep_declared_shapes) {
  const fs::path file = dir / "model.onnx";
  const fs::path data = dir / "test_data_set_0";
  Outcome outcome;
  try {
    onnxfe::Model model = onnxfe::read_model(file);
    if (!keep_declared_shapes) {
      model.graph.value_info.clear();
      for (auto& output : model.graph.outputs) {
        output.has_shape = false;
        output.dims.clear();
      }
    }
    // The reference inputs give the shapes of inputs the model declares with symbolic dims.
    graphstat::LoadOptions options;
    std::size_t k = 0;
    for (const auto& input : model.graph.inputs) {
      const bool is_init =
          std::any_of(model.graph.initializers.begin(), model.graph.initializers.end(),
                      [&](const auto& t) { return t.name == input.name; });
      if (is_init) continue;
      const fs::path pb = data / fmt::format("input_{}.pb", k++);
      if (input.kind != onnxfe::ValueKind::tensor || !has_unknown_dim(input)) continue;
      if (!fs::exists(pb)) continue;
      const onnxfe::TensorData ref = onnxfe::read_tensor_file(pb);
      options.inputs.push_back({input.name, ref.dims, std::nullopt});
    }
    onnxfe::inline_functions(model, file);
    onnxfe::InferredModel inferred = onnxfe::infer_shapes(model, options, file);
    const graphstat::Graph graph = onnxfe::build_graph(inferred, file);
    for (std::size_t o = 0; o < model.graph.outputs.size(); ++o) {
      const auto& output = model.graph.outputs[o];
      // Sequence and optional outputs are stored as SequenceProto/OptionalProto: the model must
      // load, but there is no single tensor shape to compare.
      if (output.kind != onnxfe::ValueKind::tensor) continue;
      const onnxfe::TensorData ref =
          onnxfe::read_tensor_file(data / fmt::format("output_{}.pb", o));
      auto t = inferred.types.find(output.name);
      if (t == inferred.types.end() || !t->second.dims) {
        outcome.unknown.push_back(
            fmt::format("{}: unknown, expected {}", output.name, dims_text(ref.dims)));
      } else if (*t->second.dims != ref.dims) {
        outcome.wrong.push_back(fmt::format("{}: {}, expected {}", output.name,
                                            dims_text(*t->second.dims), dims_text(ref.dims)));
      }
    }
  } catch (const std::exception& e) {
    outcome.refused = e.what();
  }
  return outcome;
}

std::vector<fs::path> model_dirs() {
  std::vector<fs::path> dirs;
  for (const char* suite : {"node", "pytorch-converted", "pytorch-operator", "simple"}) {
    if (!fs::is_directory(kDataRoot / suite)) continue;
    for (const auto& entry : fs::directory_iterator(kDataRoot / suite)) {
      if (fs::exists(entry.path() / "model.onnx")) dirs.push_back(entry.path());
    }
  }
  std::sort(dirs.begin(), dirs.end());
  return dirs;
}

std::string shown(const fs::path& dir) {
  return dir.parent_path().filename().string() + "/" + dir.filename().string();
}

bool data_absent() {
  if (fs::is_directory(kDataRoot)) return false;
  BOOST_TEST_MESSAGE("SKIPPED: " << kDataRoot << " is absent (apt-get install libonnx-testdata)");
  return true;
}

}  // namespace

BOOST_AUTO_TEST_CASE(backend_test_models_get_the_reference_output_shapes) {
  if (data_absent()) return;
  const std::vector<fs::path> dirs = model_dirs();
  BOOST_TEST(dirs.size() > 1000u);
  std::size_t passing = 0, explained = 0, failing = 0;
  for (const auto& dir : dirs) {
    const Outcome outcome = check_model(dir, true);
    const auto listed = kExplained.find(shown(dir));
    if (listed != kExplained.end()) {
      ++explained;
      BOOST_TEST(!outcome.pass(), shown(dir) << " is listed (" << listed->second
                                             << ") but passes: take it off the list");
    } else if (outcome.pass()) {
      ++passing;
    } else {
      ++failing;
      std::vector<std::string> problems = outcome.wrong;
      problems.insert(problems.end(), outcome.unknown.begin(), outcome.unknown.end());
      BOOST_ERROR(shown(dir) << ": "
                             << (outcome.refused.empty()
                                     ? fmt::format("{}", fmt::join(problems, "; "))
                                     : "refused: " + outcome.refused));
    }
  }
  BOOST_TEST_MESSAGE(fmt::format("{} models: {} pass, {} listed with a reason, {} fail",
                                 dirs.size(), passing, explained, failing));
  BOOST_TEST(failing == 0u);
}

BOOST_AUTO_TEST_CASE(rules_alone_give_right_shapes_or_none) {
  if (data_absent()) return;
  std::size_t outputs_unknown = 0, models_complete = 0;
  const std::vector<fs::path> dirs = model_dirs();
  for (const auto& dir : dirs) {
    const Outcome outcome = check_model(dir, false);
    BOOST_TEST(outcome.refused.empty(), shown(dir) << " refused: " << outcome.refused);
    BOOST_TEST(outcome.wrong.empty(),
               shown(dir) << " wrong shape: " << fmt::format("{}", fmt::join(outcome.wrong, "; ")));
    outputs_unknown += outcome.unknown.size();
    if (outcome.pass()) ++models_complete;
  }
  BOOST_TEST_MESSAGE(fmt::format(
      "without declared shapes: {} of {} models get every output shape from graphstat's rules; "
      "{} outputs stay unknown, none is wrong",
      models_complete, dirs.size(), outputs_unknown));
}

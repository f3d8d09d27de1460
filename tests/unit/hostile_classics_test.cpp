#define BOOST_TEST_MODULE hostile_classics
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <string>

#include "run_graphstat.hpp"
#include "text_checks.hpp"

// The classic broken inputs, for every format graphstat reads: each run ends with exit 1, exactly
// one error line (asserted whole), nothing on stdout, and no output file. The ONNX and zip
// fixtures come from tools/make_hostile_fixtures.py; the rest is made here from the shipped models.

namespace fs = std::filesystem;
using graphstat::test::read_file;
using graphstat::test::run_graphstat;
using graphstat::test::TempDir;

namespace {

const std::string kModels = std::string(GRAPHSTAT_SOURCE_DIR) + "/models/";
const std::string kHostile = std::string(GRAPHSTAT_TEST_DATA_DIR) + "/hostile/";

// Runs graphstat with `args` and checks the run failed with exactly `line` (after the prefix).
void refused(const std::string& args, const std::string& line) {
  const auto r = run_graphstat(args);
  BOOST_TEST(r.exit_code == 1, args << ": " << r.err);
  BOOST_TEST(r.out.empty(), args << ": " << r.out);
  BOOST_TEST(r.err == "graphstat: error: " + line + "\n", args);
}

std::string quoted(const fs::path& p) { return "'" + p.string() + "'"; }

// The shipped model `name` with the byte at `offset` inverted.
fs::path bit_flipped(const TempDir& dir, const std::string& name, std::size_t offset) {
  std::string bytes = read_file(kModels + name);
  bytes.at(offset) = static_cast<char>(~bytes.at(offset));
  return dir.write("flip-" + name, bytes);
}

fs::path truncated(const TempDir& dir, const std::string& name, std::size_t size) {
  return dir.write("cut-" + name, read_file(kModels + name).substr(0, size));
}

}  // namespace

BOOST_AUTO_TEST_CASE(zero_byte_files) {
  TempDir dir;
  const auto onnx = dir.write("m.onnx", "");
  refused(quoted(onnx), onnx.string() + ": empty file, not an ONNX model");
  const auto json = dir.write("m.json", "");
  refused(quoted(json), json.string() + ": not valid JSON (Empty: no JSON found)");
  const auto pt = dir.write("m.pt", "");
  refused(quoted(pt) + " -i 1x3x224x224",
          pt.string() +
              ": not a TorchScript file (not a PyTorch zip archive: PytorchStreamReader failed "
              "reading zip archive: "
              "not a ZIP archive)");
  const auto yaml = dir.write("c.yaml", "");
  refused("--config " + quoted(yaml),
          yaml.string() + ": empty config (it needs at least 'model:')");
}

BOOST_AUTO_TEST_CASE(truncated_files) {
  TempDir dir;
  const auto onnx = truncated(dir, "resnet18.onnx", 13000);
  refused(
      quoted(onnx),
      onnx.string() + ": truncated or corrupt ONNX file (a field at byte 19 runs past its end)");
  const auto json = truncated(dir, "resnet18.json", 12000);
  refused(quoted(json), json.string() +
                            ": not valid JSON (The JSON document has an improper structure: "
                            "missing or superfluous commas, braces, missing keys, etc.)");
  const auto pt = truncated(dir, "resnet18.pt", 60000);
  refused(quoted(pt) + " -i 1x3x224x224",
          pt.string() +
              ": not a TorchScript file (not a PyTorch zip archive: PytorchStreamReader failed "
              "reading zip archive: "
              "failed finding central directory)");
  const auto yaml = dir.write("c.yaml", "model: [resnet18.onnx\n");
  refused("--config " + quoted(yaml),
          yaml.string() + ":2: invalid YAML: end of sequence flow not found");
}

BOOST_AUTO_TEST_CASE(bit_flipped_files) {
  TempDir dir;
  // Byte 2 is the key of ModelProto's producer_name: inverted, it is a field no ModelProto has.
  const auto onnx = bit_flipped(dir, "resnet18.onnx", 2);
  refused(quoted(onnx), onnx.string() +
                            ": not an ONNX model (unexpected field 125 of wire type 5 in "
                            "ModelProto at byte 2)");
  // The leading '{' inverted is not UTF-8.
  const auto json = bit_flipped(dir, "resnet18.json", 0);
  refused(quoted(json), json.string() + ": not valid JSON (The input is not valid UTF-8)");
  // The zip signature's 'P' inverted: the local header of the first record no longer reads.
  const auto pt = bit_flipped(dir, "resnet18.pt", 0);
  refused(quoted(pt) + " -i 1x3x224x224",
          pt.string() +
              ": cannot load the TorchScript code (PytorchStreamReader failed reading file "
              "data/0: invalid header or archive is corrupted); files from a newer PyTorch may "
              "use operators this graphstat's libtorch 1.13 lacks");
}

BOOST_AUTO_TEST_CASE(wrong_magic) {
  TempDir dir;
  const std::string png("\x89PNG\r\n\x1a\n\0\0", 10);
  const auto onnx = dir.write("m.onnx", png + std::string(64, '\0'));
  refused(quoted(onnx), onnx.string() +
                            ": not an ONNX model (unexpected field 1281 of wire type 1 in "
                            "ModelProto at byte 0)");
  const auto json = dir.write("m.json", "GIF89a" + std::string(64, '\0'));
  refused(quoted(json), json.string() +
                            ": not valid JSON (The JSON document has an improper structure: "
                            "missing or superfluous commas, braces, missing keys, etc.)");
  const auto pt = dir.write("m.pt", "%PDF-1.4\n" + std::string(64, 'x'));
  refused(quoted(pt) + " -i 1x3x224x224",
          pt.string() +
              ": not a TorchScript file (not a PyTorch zip archive: PytorchStreamReader failed "
              "reading zip archive: "
              "failed finding central directory)");
  const auto yaml = dir.write("c.yaml", png);
  refused("--config " + quoted(yaml),
          yaml.string() + ":3: invalid YAML: unknown escape character: ");
}

BOOST_AUTO_TEST_CASE(a_zip_that_is_not_torchscript) {
  const std::string zip = kHostile + "plain_zip.pt";
  refused("'" + zip + "' -i 1x3x224x224",
          zip +
              ": not a TorchScript file (not a PyTorch zip archive: [enforce fail at "
              "inline_container.cc:129] . file in archive is not in a subdirectory: "
              "readme.txt)");
}

BOOST_AUTO_TEST_CASE(dangling_references) {
  // ONNX: a name nothing gives (no node, input or initializer, in this graph or an enclosing one)
  // is a broken file, refused before shapes are inferred; never a dim to wait on.
  const std::string onnx = kHostile + "dangling.onnx";
  refused("'" + onnx + "'", onnx +
                                ": node #0 (Relu) in graph 'dangling' reads 'ghost', which no "
                                "node, input or initializer gives");
  // In an If body: the else-branch may read the enclosing graph's 'x'; 'ghost' is nowhere.
  const std::string body = kHostile + "dangling_in_body.onnx";
  refused("'" + body + "'", body +
                                ": node #0 (Relu) in graph 'then' reads 'ghost', which no node, "
                                "input or initializer gives");
  TempDir dir;
  const auto json = dir.write("m.json", R"({"format":"graphstat-graph","version":1,"inputs":["x"],
"outputs":["y"],"tensors":[{"name":"x","shape":[1]},{"name":"y","shape":[1]}],
"nodes":[{"name":"r","op":"relu","inputs":["ghost"],"outputs":["y"]}]})");
  refused(quoted(json),
          json.string() + ": node 'r': 'inputs' names tensor 'ghost', which is not declared");
}

BOOST_AUTO_TEST_CASE(unknown_dtypes) {
  const std::string onnx = kHostile + "unknown_dtype.onnx";
  refused("'" + onnx + "'", onnx +
                                ": tensor 'in' has the element type 99, which no ONNX version this "
                                "graphstat reads defines (1 to 16)");
  TempDir dir;
  const auto json = dir.write("m.json", R"({"format":"graphstat-graph","version":1,"inputs":["x"],
"outputs":["x"],"tensors":[{"name":"x","shape":[1],"dtype":"float128"}],"nodes":[]})");
  refused(quoted(json), json.string() + ": tensor 'x': unknown dtype 'float128'");
  refused("--model resnet18 --input-shape input=1x3x224x224:float128",
          "--input-shape 'input=1x3x224x224:float128': unknown dtype 'float128'");
}

BOOST_AUTO_TEST_CASE(wrong_yaml_types_and_unknown_keys) {
  TempDir dir;
  const auto line = [&](const std::string& yaml, const std::string& problem) {
    const auto config = dir.write("c.yaml", "model: m.json\n" + yaml);
    refused("--config " + quoted(config), config.string() + ":" + problem);
  };
  line("strict: maybe\n", "2: 'strict' must be true or false");
  line("inputs: 5\n", "2: 'inputs' must be a list");
  line("dims: [1]\n", "2: 'dims' must be a mapping of dim names to sizes (num_boxes: 100)");
  line("output: json\n", "2: 'output' must be a mapping with 'format' and/or 'path'");
  line("inputs:\n  - shape: [1, x]\n", "3: 'inputs.shape' must be an integer, not 'x'");
  line("limits: {max_ops: 1, max_opps: 2}\n",
       "2: unknown key 'max_opps' (known keys: max_ops, max_tensors, max_module_depth, "
       "max_module_path, max_function_nodes, max_function_depth, max_subgraph_depth, "
       "max_inlined_calls, max_loop_iterations)");
  line("Model: m.json\n",
       "2: unknown key 'Model' (known keys: model, frontend, inputs, metric, max_depth, sort, "
       "output, plugins, strict, dims, limits, hardware, dtype, view, only, modules, hide_zero, "
       "columns)");
}

BOOST_AUTO_TEST_CASE(an_input_shape_of_the_wrong_rank) {
  const std::string onnx = kModels + "resnet18.onnx";
  refused("'" + onnx + "' --input-shape 1x3x224",
          onnx + ": input 'x' has rank 4 (Nx3x224x224), the given shape has rank 3");
  const std::string json = kModels + "resnet18.json";
  refused("'" + json + "' --input-shape 1x3x224",
          json +
              ": input 'input' has the fixed shape 1x3x224x224 in this JSON graph, not 1x3x224 "
              "(JSON graphs hold concrete shapes; re-export the model to change them)");
  // conv2d takes an unbatched (C, H, W) input, so TorchScript's rank-3 input fails where the
  // flattened features meet the classifier.
  const std::string pt = kModels + "resnet18.pt";
  refused("'" + pt + "' --input-shape 1x3x224",
          pt + ": cannot infer the shapes of aten::linear in module 'fc': mat1 and mat2 "
               "shapes cannot be multiplied (512x1 and 512x1000)");
}

BOOST_AUTO_TEST_CASE(an_output_path_under_a_file_is_one_error_line) {
  // ENOTDIR: what a path through a regular file gives, whoever runs the test.
  TempDir dir;
  const auto file = dir.write("plain", "keep me");
  const auto target = file / "r.md";
  refused("--model resnet18 -o " + quoted(target),
          target.string() + ": cannot write output: Not a directory");
  BOOST_TEST(read_file(file) == "keep me");
}

BOOST_AUTO_TEST_CASE(a_read_only_output_directory_is_one_error_line) {
  // Root ignores directory permissions, so as root the run drops to user nobody (setpriv): the
  // kernel then refuses the write as it would for any user. Everything the run reads (the build,
  // the models) is world-readable; the scratch directory is opened up to be traversed.
  TempDir dir;
  fs::permissions(dir.path(), fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                  fs::perms::others_read | fs::perms::others_exec);
  const auto ro = dir.path() / "ro";
  fs::create_directory(ro);
  fs::permissions(ro, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                          fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec);
  const std::string as_user =
      ::geteuid() == 0 ? "setpriv --reuid=65534 --regid=65534 --clear-groups" : "";
  const auto target = ro / "r.md";
  const auto r = run_graphstat("--model resnet18 -o " + quoted(target), as_user);
  BOOST_TEST(r.exit_code == 1, r.err);
  BOOST_TEST(r.err ==
             "graphstat: error: " + target.string() + ": cannot write output: Permission denied\n");
  BOOST_TEST(fs::is_empty(ro));
}

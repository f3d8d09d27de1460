#define BOOST_TEST_MODULE torchscript_frontend
#include "torchscript_frontend.hpp"

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <string>

#include "run_graphstat.hpp"

// The TorchScript frontend: its thin plugin (sniffing, here directly), the errors of the real
// executable on files it must refuse, scripted control flow, and the promise that libtorch is
// linked by the runtime library alone and loaded only for .pt files.

using graphstat::frontends::TorchScriptFrontend;
using graphstat::test::read_file;
using graphstat::test::run_graphstat;

namespace {

const std::string kData = std::string(GRAPHSTAT_TEST_DATA_DIR) + "/torchscript/";
const std::string kPluginDir = GRAPHSTAT_PLUGIN_DIR;

std::string head_of(const std::string& file) { return read_file(file).substr(0, 4096); }

// One line on stderr naming the file and saying `what`; exit status 1, not a crash.
void check_refused(const std::string& args, const std::string& file, const std::string& what) {
  const auto r = run_graphstat("'" + kData + file + "' " + args);
  BOOST_TEST(r.exit_code == 1, file << ": " << r.err);
  BOOST_TEST(r.out.empty());
  BOOST_TEST(r.err.find(file) != std::string::npos, r.err);
  BOOST_TEST(r.err.find(what) != std::string::npos, r.err);
  BOOST_TEST(r.err.find('\n') == r.err.size() - 1, "one line: " << r.err);
}

std::string shell(const std::string& command) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buffer[4096];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  ::pclose(pipe);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(claims_pt_files_and_sniffs_pytorch_archives) {
  const TorchScriptFrontend frontend;
  const std::vector<std::string> expected{".pt", ".pth", ".torchscript"};
  BOOST_TEST(frontend.extensions() == expected, boost::test_tools::per_element());
  BOOST_TEST(frontend.sniff(head_of(kData + "resnet18.pt")));
  BOOST_TEST(!frontend.sniff(head_of(kData + "not_a_zip.pt")));
  BOOST_TEST(!frontend.sniff("{\"format\":\"graphstat-graph\"}"));
  BOOST_TEST(!frontend.sniff(std::string("PK\x03\x04", 4)));  // a zip header cut short
}

BOOST_AUTO_TEST_CASE(unreadable_files_give_one_clear_line) {
  check_refused("-i 1x3x224x224", "not_a_zip.pt", "not a TorchScript file");
  check_refused("-i 1x3x224x224", "truncated.pt", "not a TorchScript file");
  check_refused("-i 1x3x224x224", "state_dict.pt", "written by torch.save");
  check_refused("-i 1x64x256", "newer_version.pt", "file format version 11 is newer");
  check_refused("-i 1x64x256", "newer_version.pt", "versions 1 to 10");
}

BOOST_AUTO_TEST_CASE(inputs_must_be_given_and_be_tensors) {
  check_refused("", "resnet18.pt", "no shape for input 'input'");
  check_refused("-i 1x3x224x224 -i 1x3", "resnet18.pt", "2 input shapes given");
  check_refused("-i nope=1x3x224x224", "resnet18.pt", "no input 'nope'");
  check_refused("-i 1x3 -i 1", "int_input.pt", "forward input 'n' has type int, not Tensor");
}

BOOST_AUTO_TEST_CASE(scripted_control_flow_prices_the_path_that_runs) {
  // Taller than 16: the 3x3 conv, 8*32*32 outputs x 27 = 221,184 MACs; relu twice (loop) adds
  // 2*8192 FLOPs to 2*221,184.
  const auto tall = run_graphstat("'" + kData + "scripted_branch.pt' -i 1x3x32x32 --strict");
  BOOST_TEST_REQUIRE(tall.exit_code == 0, tall.err);
  BOOST_TEST(tall.out.find("Total MACs: 221.184K (221,184)") != std::string::npos, tall.out);
  BOOST_TEST(tall.out.find("Total FLOPs: 458.752K (458,752)") != std::string::npos, tall.out);
  // Otherwise the 1x1 conv: 8*8*8 outputs x 3 = 1,536 MACs.
  const auto low = run_graphstat("'" + kData + "scripted_branch.pt' -i 1x3x8x8 --strict");
  BOOST_TEST_REQUIRE(low.exit_code == 0, low.err);
  BOOST_TEST(low.out.find("Total MACs: 1.536K (1,536)") != std::string::npos, low.out);
}

BOOST_AUTO_TEST_CASE(recompressed_archives_give_the_same_report) {
  // The runtime leaves unread the tensor records PyTorch stores uncompressed, and reads the rest as
  // usual: this copy of scripted_branch.pt (real weights) has every record deflated by a zip tool.
  const auto r = run_graphstat("'" + kData + "recompressed.pt' -i 1x3x32x32 --strict");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(r.out.find("Total parameters: 216 (216)") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("Total MACs: 221.184K (221,184)") != std::string::npos, r.out);
}

BOOST_AUTO_TEST_CASE(full_weight_files_are_priced_from_unread_records) {
  // Real weights: fc 0's (128, 256) weight is a 128 KiB record the runtime leaves unread, yet the
  // shapes are whole: 256*128 + 128 + 128*10 + 10 = 34,186 parameters, 32,768 + 1,280 MACs.
  const auto r = run_graphstat("'" + kData + "full_weight_mlp.pt' -i 1x256 --strict");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(r.out.find("Total parameters: 34.186K (34,186)") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("Total MACs: 34.048K (34,048)") != std::string::npos, r.out);
}

BOOST_AUTO_TEST_CASE(code_run_while_loading_reads_small_tensors) {
  // setstate.pt sizes its weight in __setstate__ from a one-element tensor: x @ 16x16.
  const auto r = run_graphstat("'" + kData + "setstate.pt' -i 1x16 --strict");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(r.out.find("Total MACs: 256 (256)") != std::string::npos, r.out);
}

BOOST_AUTO_TEST_CASE(only_the_runtime_links_libtorch) {
  const std::string exe = shell("ldd '" GRAPHSTAT_EXE "'");
  BOOST_TEST_REQUIRE(exe.find("libgraphstat_core") != std::string::npos, exe);
  BOOST_TEST(exe.find("torch") == std::string::npos, exe);
  BOOST_TEST(exe.find("libc10") == std::string::npos, exe);
  for (const auto& entry : std::filesystem::directory_iterator(kPluginDir)) {
    const std::string libs = shell("ldd '" + entry.path().string() + "'");
    BOOST_TEST(libs.find("torch") == std::string::npos, entry.path() << ": " << libs);
  }
  const auto runtime = std::filesystem::path(kPluginDir).parent_path() / "runtime" /
                       "libgraphstat_torchscript_runtime.so";
  BOOST_TEST(shell("ldd '" + runtime.string() + "'").find("libtorch") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(libtorch_is_loaded_only_for_torchscript_files) {
  // LD_DEBUG=files makes the dynamic loader report every library it opens on stderr.
  const auto json = run_graphstat("--model resnet18", "LD_DEBUG=files");
  BOOST_TEST(json.exit_code == 0);
  BOOST_TEST(json.err.find("libtorch") == std::string::npos);
  const auto list = run_graphstat("--list-plugins", "LD_DEBUG=files");
  BOOST_TEST(list.err.find("libtorch") == std::string::npos);
  const auto pt =
      run_graphstat("'" + kData + "transformer_encoder.pt' -i 1x64x256", "LD_DEBUG=files");
  BOOST_TEST(pt.exit_code == 0);
  BOOST_TEST(pt.err.find("libtorch_cpu") != std::string::npos);
}

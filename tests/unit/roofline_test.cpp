#define BOOST_TEST_MODULE roofline
#include <boost/test/tools/floating_point_comparison.hpp>
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "graphstat/analysis.hpp"
#include "graphstat/hardware.hpp"
#include "graphstat/units.hpp"
#include "run_graphstat.hpp"
#include "text_checks.hpp"

// The roofline estimate (docs/cost-model.md, "Roofline estimate"), checked by hand.
//
// tests/data/tiny_cnn.json on a made-up profile with round numbers: 4 GFLOP/s peak
// (peak_tflops fp32: 0.004) and 1 GB/s, so the ridge point is 4 FLOPs/byte and every time below is
// FLOPs / 4e9 or bytes / 1e9. fp32, 4 bytes per element:
//   stem conv   X 768 + W 432 + b 16 + Y 1024 = 2240 B; FLOPs 2·(256·3·9) + 256 = 14,080
//               -> max(3.52µs, 2.24µs) = 3.52µs, compute-bound
//   block.conv  X 1024 + W 576 + b 16 + Y 1024 = 2640 B; FLOPs 2·(256·4·9) + 256 = 18,688
//               -> max(4.672µs, 2.64µs) = 4.672µs, compute-bound
//   block.bn    X 1024 + 4·16 + Y 1024 = 2112 B; FLOPs 5·256 = 1,280 -> 2.112µs, memory-bound
//   block.relu  two relus, each 2048 B and 256 FLOPs -> 2·2.048µs = 4.096µs, memory-bound
//   block.add   2048 + 1024 = 3072 B; 256 FLOPs -> 3.072µs, memory-bound
//   pool        1024 + 16 = 1040 B; 256 FLOPs -> 1.04µs; flatten 32 B -> 0.032µs
//   fc          16 + 160 + 40 + 40 = 256 B; 90 FLOPs -> 0.256µs
// block = 4.672 + 2.112 + 4.096 + 3.072 = 13.952µs, of it 4.672 compute-bound (33%): memory.
// model = 3.52 + 13.952 + 1.04 + 0.032 + 0.256 = 18.8µs, compute-bound 8.192µs (43.6%); memory
// 2240 + 2640 + 2112 + 2·2048 + 3072 + 1040 + 32 + 256 = 15,488 bytes.

using graphstat::test::contains;
using graphstat::test::run_graphstat;
using graphstat::test::TempDir;

namespace {

const std::string kTinyCnn = "'" + std::string(GRAPHSTAT_TEST_DATA_DIR) + "/tiny_cnn.json'";

std::string round_profile(const TempDir& dir) {
  return dir
      .write("round.yaml",
             "name: Round numbers\nmemory_bandwidth_gb_s: 1\npeak_tflops:\n  fp32: 0.004\n"
             "  fp16: 0.008\n")
      .string();
}

}  // namespace

BOOST_AUTO_TEST_CASE(per_op_time_is_the_larger_of_compute_and_memory_time) {
  // 1000 FLOPs at 1000/s is 1 s; 100 bytes at 1000 B/s is 0.1 s: compute-bound, 1 s.
  std::vector<graphstat::OpMeasure> ops(2);
  ops[0].flops = 1000;
  ops[0].input_bytes = 60;
  ops[0].output_bytes = 40;
  // No FLOPs, 500 bytes: memory-bound, 0.5 s.
  ops[1].input_bytes = 250;
  ops[1].weight_bytes = 250;
  graphstat::estimate_op_times(ops, {"test", "fp32", 1000.0, 1000.0});
  BOOST_TEST(ops[0].seconds == 1.0, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(ops[0].compute_bound);
  BOOST_TEST(ops[1].seconds == 0.5, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(!ops[1].compute_bound);
}

BOOST_AUTO_TEST_CASE(durations_have_three_significant_digits) {
  BOOST_TEST(graphstat::format_duration(0) == "0s");
  BOOST_TEST(graphstat::format_duration(950e-9) == "950ns");
  BOOST_TEST(graphstat::format_duration(4.672e-6) == "4.67µs");
  BOOST_TEST(graphstat::format_duration(18.8e-6) == "18.8µs");
  BOOST_TEST(graphstat::format_duration(999.96e-6) == "1.00ms");  // rounds into the next unit
  BOOST_TEST(graphstat::format_duration(2.05) == "2.05s");
}

BOOST_AUTO_TEST_CASE(table_shows_time_bound_and_share_per_row) {
  TempDir dir;
  const auto r = run_graphstat(kTinyCnn + " --sort order --hardware '" + round_profile(dir) + "'");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(contains(r.out,
                      "| Module              | #Parameters  | MACs    | Memory  | Time   | Bound   "
                      "| Time % |\n"),
             r.out);
  BOOST_TEST(contains(r.out,
                      "| model               | 318          | 16.168K | 15.49KB | 18.8µs | memory  "
                      "| 100.0% |\n"),
             r.out);
  BOOST_TEST(contains(r.out,
                      "|  stem.weight        | (4, 3, 3, 3) |         |         |        |         "
                      "|        |\n"),
             r.out);
  BOOST_TEST(contains(r.out, "| 3.52µs | compute | 18.7%  |"), r.out);  // stem
  BOOST_TEST(contains(r.out, "| 4.67µs | compute | 24.9%  |"), r.out);  // block.conv
  BOOST_TEST(contains(r.out, "| 14.0µs | memory  | 74.2%  |"), r.out);  // block: 13.952µs
  BOOST_TEST(contains(r.out, "| 4.10µs | memory  | 21.8%  |"), r.out);  // block.relu
  BOOST_TEST(
      contains(
          r.out,
          "Hardware: Round numbers, fp32: 0.004 TFLOP/s peak, 1 GB/s, ridge 4.00 FLOPs/byte\n"),
      r.out);
  BOOST_TEST(contains(r.out, "Estimated time: 18.8µs (43.6% of it in compute-bound ops)\n"), r.out);
  BOOST_TEST(contains(r.out,
                      "1. block.conv: 4.67µs (24.9%), compute-bound: 18.688K FLOPs at 0.004 "
                      "TFLOP/s = 4.67µs, 2.64KB at 1 GB/s = 2.64µs; intensity 7.08 "
                      "FLOPs/byte vs ridge 4.00\n"),
             r.out);
  BOOST_TEST(contains(r.out, "2. block.relu: 4.10µs (21.8%), memory-bound: 512 FLOPs"), r.out);
  BOOST_TEST(contains(r.out, "3. stem: 3.52µs (18.7%), compute-bound"), r.out);
  BOOST_TEST(contains(r.out, "4. block.add: 3.07µs (16.3%), memory-bound"), r.out);
  BOOST_TEST(contains(r.out, "5. block.bn: 2.11µs (11.2%), memory-bound"), r.out);
  BOOST_TEST(!contains(r.out, "6. "), r.out);
}

BOOST_AUTO_TEST_CASE(json_and_csv_carry_the_exact_seconds) {
  TempDir dir;
  const std::string profile = round_profile(dir);
  const auto json = run_graphstat(kTinyCnn + " --format json --hardware '" + profile + "'");
  BOOST_TEST_REQUIRE(json.exit_code == 0, json.err);
  const auto doc = nlohmann::json::parse(json.out);
  const auto tol = boost::test_tools::tolerance(1e-9);
  BOOST_TEST(doc["hardware"]["seconds"].get<double>() == 18.8e-6, tol);
  BOOST_TEST(doc["hardware"]["compute_bound_seconds"].get<double>() == 8.192e-6, tol);
  BOOST_TEST(doc["hardware"]["ridge_point"].get<double>() == 4.0, tol);
  BOOST_TEST(doc["hardware"]["peak_ops_per_s"].get<double>() == 4e9, tol);
  BOOST_TEST(doc["hardware"]["bottlenecks"].size() == 5u);
  BOOST_TEST(doc["hardware"]["bottlenecks"][0]["module"] == "block.conv");
  BOOST_TEST(doc["hardware"]["bottlenecks"][0]["bound"] == "compute");
  BOOST_TEST(doc["modules"]["seconds"].get<double>() == 18.8e-6, tol);
  BOOST_TEST(doc["modules"]["bound"] == "memory");

  const auto csv =
      run_graphstat(kTinyCnn + " --format csv --sort order --hardware '" + profile + "'");
  BOOST_TEST_REQUIRE(csv.exit_code == 0, csv.err);
  BOOST_TEST(contains(csv.out, ",unresolved_ops,seconds,bound,time_share\n"), csv.out);
  // stem: 3.52µs of 18.8µs = 0.18723404...
  BOOST_TEST(contains(csv.out, "\nstem,module,1,model,"), csv.out);
  BOOST_TEST(contains(csv.out, ",0,3.52e-06,compute,0.1872340425531915"), csv.out);
}

BOOST_AUTO_TEST_CASE(dtype_reprices_floating_tensors_and_picks_that_peak) {
  // fp16: every tensor of tiny_cnn is float, so every byte count halves; the fp16 peak is 8
  // GFLOP/s. stem: max(14080 / 8e9, 1120 / 1e9) = max(1.76µs, 1.12µs) = 1.76µs.
  TempDir dir;
  const auto r = run_graphstat(kTinyCnn + " --dtype fp16 --sort order --hardware '" +
                               round_profile(dir) + "'");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(contains(r.out, "Total memory: 7.74KB (7,744 bytes)\n"), r.out);  // 15,488 / 2
  BOOST_TEST(contains(r.out, "Hardware: Round numbers, fp16: 0.008 TFLOP/s peak"), r.out);
  BOOST_TEST(contains(r.out, "| 1.76µs | compute |"), r.out);
  BOOST_TEST(contains(r.out, "Note: floating-point tensors priced as float16 (--dtype fp16)\n"),
             r.out);
  // Without a profile, --dtype still re-prices memory.
  const auto plain = run_graphstat(kTinyCnn + " --dtype int8");
  BOOST_TEST_REQUIRE(plain.exit_code == 0, plain.err);
  BOOST_TEST(contains(plain.out, "Total memory: 3.87KB (3,872 bytes)\n"), plain.out);  // 15,488 / 4
}

BOOST_AUTO_TEST_CASE(sort_by_time_puts_the_slowest_sibling_first) {
  TempDir dir;
  const auto r = run_graphstat(kTinyCnn + " --sort time --max-depth 1 --hardware '" +
                               round_profile(dir) + "'");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  // block 13.952µs, stem 3.52µs, pool 1.04µs, fc 0.256µs, flatten 0.032µs.
  const auto block = r.out.find("| block ");
  const auto stem = r.out.find("| stem ");
  const auto pool = r.out.find("| pool ");
  const auto fc = r.out.find("| fc ");
  const auto flatten = r.out.find("| flatten ");
  BOOST_TEST((block < stem && stem < pool && pool < fc && fc < flatten), r.out);
}

BOOST_AUTO_TEST_CASE(bad_profiles_are_one_clear_error) {
  TempDir dir;
  const auto check = [&](const std::string& text, const std::string& message) {
    const auto file = dir.write("bad.yaml", text).string();
    const auto r = run_graphstat(kTinyCnn + " --hardware '" + file + "'");
    BOOST_TEST(r.exit_code == 1);
    BOOST_TEST(contains(r.err, "graphstat: error: " + file + message), r.err);
    BOOST_TEST(r.out.empty());
  };
  check("peak_tflops: {fp32: 1}\n", ":1: missing required key 'memory_bandwidth_gb_s'");
  check("memory_bandwidth_gb_s: 1\n", ":1: missing required key 'peak_tflops'");
  check("memory_bandwidth_gb_s: -5\npeak_tflops: {fp32: 1}\n",
        ":1: 'memory_bandwidth_gb_s' must be a number greater than 0, not '-5'");
  check("memory_bandwidth_gb_s: 1\npeak_tflops: {fp32: fast}\n",
        ":2: 'peak_tflops.fp32' must be a number greater than 0, not 'fast'");
  check("memory_bandwidth_gb_s: 1\npeak_tflops: {fp64: 1}\n", ":2: unknown key 'fp64'");
  check("memory_bandwidth_gb_s: 1\npeak_tflops: {fp16: 1}\n",
        ":2: 'peak_tflops' needs at least 'fp32'");
  check("bandwidth: 1\n", ":1: unknown key 'bandwidth'");

  const auto no_peak =
      run_graphstat(kTinyCnn + " --dtype int8 --hardware '" + round_profile(dir) + "'");
  BOOST_TEST(no_peak.exit_code == 1);
  BOOST_TEST(contains(no_peak.err, "round.yaml: the profile gives no peak for int8 (--dtype)"),
             no_peak.err);

  const auto unknown = run_graphstat(kTinyCnn + " --hardware tpu9000");
  BOOST_TEST(unknown.exit_code == 1);
  BOOST_TEST(contains(unknown.err,
                      "--hardware tpu9000: no such shipped hardware profile (known: a100, "
                      "epyc9654, jetson_agx_orin, rtx4090)"),
             unknown.err);
  const auto bad_dtype = run_graphstat(kTinyCnn + " --dtype fp8");
  BOOST_TEST(bad_dtype.exit_code == 1);
  BOOST_TEST(contains(bad_dtype.err, "--dtype 'fp8': must be one of fp32, tf32, fp16, bf16, int8"),
             bad_dtype.err);
}

BOOST_AUTO_TEST_CASE(every_shipped_profile_loads_with_its_spec_sheet_figures) {
  // The figures each file cites (see the comments in configs/hardware/).
  const auto a100 = graphstat::load_hardware_profile("a100");
  BOOST_TEST(a100.peak_ops_per_s.at("fp32") == 19.5e12);
  BOOST_TEST(a100.peak_ops_per_s.at("fp16") == 312e12);
  BOOST_TEST(a100.memory_bytes_per_s == 2039e9);
  const auto rtx = graphstat::load_hardware_profile("rtx4090");
  BOOST_TEST(rtx.peak_ops_per_s.at("fp32") == 82.6e12);
  BOOST_TEST(rtx.memory_bytes_per_s == 1008e9);
  const auto orin = graphstat::load_hardware_profile("jetson_agx_orin");
  BOOST_TEST(orin.peak_ops_per_s.at("fp32") == 5.3e12);
  BOOST_TEST(orin.memory_bytes_per_s == 204.8e9);
  const auto epyc = graphstat::load_hardware_profile("epyc9654");
  BOOST_TEST(epyc.peak_ops_per_s.at("fp32") == 7.3728e12);
  BOOST_TEST(epyc.memory_bytes_per_s == 460.8e9);
}

BOOST_AUTO_TEST_CASE(resnet50_on_an_a100_names_its_bottlenecks) {
  // A100 SXM4 fp32: 19.5e12 FLOP/s, 2039e9 B/s (configs/hardware/a100.yaml). From the op list
  // (--ops) of the shipped ResNet-50:
  //   conv1: 236,027,904 FLOPs / 19.5e12 = 12.10µs; 3,851,008 B / 2039e9 = 1.89µs -> compute
  //   layer1.0.conv2: 231,211,008 / 19.5e12 = 11.86µs; 1,753,088 / 2039e9 = 860ns -> compute
  //   maxpool: 0 FLOPs; 4,014,080 B / 2039e9 = 1.97µs -> memory
  const auto r = run_graphstat("--model resnet50 --hardware a100 --max-depth 1");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(contains(r.out,
                      "Hardware: NVIDIA A100 SXM4 80GB, fp32: 19.5 TFLOP/s peak, 2039 GB/s, "
                      "ridge 9.56 FLOPs/byte\n"),
             r.out);
  BOOST_TEST(contains(r.out, "Estimated time: 539µs (77.7% of it in compute-bound ops)\n"), r.out);
  BOOST_TEST(contains(r.out,
                      "1. conv1: 12.1µs (2.2%), compute-bound: 236.028M FLOPs at 19.5 TFLOP/s "
                      "= 12.1µs, 3.85MB at 2039 GB/s = 1.89µs; intensity 61.29 FLOPs/byte vs "
                      "ridge 9.56\n"),
             r.out);
  BOOST_TEST(contains(r.out,
                      "2. layer1.0.conv2: 11.9µs (2.2%), compute-bound: 231.211M FLOPs at 19.5 "
                      "TFLOP/s = 11.9µs, 1.75MB at 2039 GB/s = 860ns; intensity 131.89 "
                      "FLOPs/byte vs ridge 9.56\n"),
             r.out);
  BOOST_TEST(
      contains(r.out,
               "| maxpool |             |          | 4.01MB   | 1.97µs | memory  | 0.4%   |\n"),
      r.out);
}

BOOST_AUTO_TEST_CASE(audit_views_carry_the_times) {
  // By op type: the two convs 3.52 + 4.672 = 8.192µs (43.6% of 18.8µs), the two relus 4.096µs;
  // every op in order: stem's conv first, 3.52µs.
  TempDir dir;
  const std::string profile = round_profile(dir);
  auto r = run_graphstat(kTinyCnn + " --by-op --hardware '" + profile + "'");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(contains(r.out,
                      "| Op                | Count | MACs    | FLOPs   | Memory | MACs % | "
                      "Time   | Time % |\n"),
             r.out);
  BOOST_TEST(contains(r.out,
                      "| conv              | 2     | 16.128K | 32.768K | 4.88KB | 99.8%  | "
                      "8.19µs | 43.6%  |\n"),
             r.out);
  BOOST_TEST(contains(r.out,
                      "| relu              | 2     |         | 512     | 4.10KB |        | "
                      "4.10µs | 21.8%  |\n"),
             r.out);
  r = run_graphstat(kTinyCnn + " --by-op --format csv --hardware '" + profile + "'");
  BOOST_TEST(contains(r.out, "\nconv,2,16128,32768,4880,1792,2048,1040,0,0,8.192e-06\n"), r.out);
  r = run_graphstat(kTinyCnn + " --ops --hardware '" + profile + "'");
  BOOST_TEST(contains(r.out,
                      "| 0 | stem       | conv              | aten::_convolution        | "
                      "(1, 3, 8, 8) (4, 3, 3, 3) (4,)   | (1, 4, 8, 8) | 6,912 | 14,080 | "
                      "2,240  | 3.52µs |\n"),
             r.out);
  r = run_graphstat(kTinyCnn + " --ops --format csv --hardware '" + profile + "'");
  BOOST_TEST(contains(r.out,
                      "\n0,stem/conv,stem,conv,aten::_convolution,\"(1, 3, 8, 8) (4, 3, 3, "
                      "3) (4,)\",\"(1, 4, 8, 8)\",6912,14080,2240,768,1024,448,true,true,"
                      "3.52e-06\n"),
             r.out);
  r = run_graphstat(kTinyCnn + " --by-op --format json --hardware '" + profile + "'");
  BOOST_TEST(contains(r.out, "\"seconds\": 8.192e-06"), r.out);
}

#define BOOST_TEST_MODULE audit_views
#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "run_graphstat.hpp"
#include "text_checks.hpp"

// --by-op and --ops: the figures behind the module table, per op type and per op.
//
// tests/data/tiny_cnn.json by hand (fp32):
//   conv ×2: MACs 256·3·9 + 256·4·9 = 6,912 + 9,216 = 16,128; FLOPs 2·16,128 + 2·256 = 32,768;
//            memory 2,240 + 2,640 = 4,880 bytes
//   linear: MACs 10·4 = 40, FLOPs 2·40 + 10 = 90, memory 16 + 160 + 40 + 40 = 256
//   relu ×2: 2·256 FLOPs, 2·2,048 bytes; add: 256 FLOPs, 3,072 bytes; batch_norm 5·256 = 1,280
//   FLOPs, 2,112 bytes; adaptive_avg_pool 256 FLOPs, 1,040 bytes; flatten 32 bytes.
// Totals: MACs 16,168, FLOPs 35,162, memory 15,488: the model's.

using graphstat::test::contains;
using graphstat::test::run_graphstat;

namespace {

const std::string kTinyCnn = "'" + std::string(GRAPHSTAT_TEST_DATA_DIR) + "/tiny_cnn.json'";

}  // namespace

BOOST_AUTO_TEST_CASE(by_op_table_has_every_type_with_its_share) {
  const auto r = run_graphstat(kTinyCnn + " --by-op");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  const std::string expected =
      "| Op                | Count | MACs    | FLOPs   | Memory | MACs % |\n"
      "|:------------------|:------|:--------|:--------|:-------|:-------|\n"
      "| conv              | 2     | 16.128K | 32.768K | 4.88KB | 99.8%  |\n"
      "| linear            | 1     | 40      | 90      | 256B   | 0.2%   |\n"
      "| relu              | 2     |         | 512     | 4.10KB |        |\n"
      "| add               | 1     |         | 256     | 3.07KB |        |\n"
      "| batch_norm        | 1     |         | 1.280K  | 2.11KB |        |\n"
      "| adaptive_avg_pool | 1     |         | 256     | 1.04KB |        |\n"
      "| flatten           | 1     |         |         | 32B    |        |\n"
      "\n"
      "Total parameters: 318 (318)\n"
      "Total MACs: 16.168K (16,168)\n"
      "Total FLOPs: 35.162K (35,162)\n"
      "Total memory: 15.49KB (15,488 bytes)\n";
  BOOST_TEST(r.out.starts_with(expected), r.out);
}

BOOST_AUTO_TEST_CASE(ops_table_traces_every_figure_to_its_op) {
  const auto r = run_graphstat(kTinyCnn + " --ops");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(contains(r.out,
                      "| 0 | stem       | conv              | aten::_convolution        | "
                      "(1, 3, 8, 8) (4, 3, 3, 3) (4,)   | (1, 4, 8, 8) | 6,912 | 14,080 | "
                      "2,240  |\n"),
             r.out);
  BOOST_TEST(contains(r.out,
                      "| 7 | model      | flatten           | aten::flatten             | "
                      "(1, 4, 1, 1)                     | (1, 4)       |       |        | "
                      "32     |\n"),
             r.out);
  BOOST_TEST(contains(r.out,
                      "| 8 | fc         | linear            | aten::linear              | "
                      "(1, 4) (10, 4) (10,)             | (1, 10)      | 40    | 90     | "
                      "256    |\n"),
             r.out);
}

BOOST_AUTO_TEST_CASE(by_op_and_ops_sum_exactly_to_the_model_on_resnet18) {
  // The shipped ResNet-18: whatever the view, per-op figures add up to the model's to the byte.
  for (const std::string view : {"--by-op", "--ops"}) {
    const auto r = run_graphstat("--model resnet18 --format json " + view);
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    const auto doc = nlohmann::json::parse(r.out);
    const auto& rows = doc[view == "--by-op" ? "by_op" : "ops"];
    std::uint64_t macs = 0, flops = 0, memory = 0, count = 0;
    for (const auto& row : rows) {
      macs += row["macs"].get<std::uint64_t>();
      flops += row["flops"].get<std::uint64_t>();
      memory += row["memory_bytes"].get<std::uint64_t>();
      count += view == "--by-op" ? row["count"].get<std::uint64_t>() : 1;
    }
    BOOST_TEST(macs == 1'814'073'344u);
    BOOST_TEST(flops == 3'643'652'072u);
    BOOST_TEST(memory == 116'954'688u);
    BOOST_TEST(count == doc["modules"]["op_count"].get<std::uint64_t>());
  }
}

BOOST_AUTO_TEST_CASE(csv_views_have_their_own_columns) {
  const auto by_op = run_graphstat(kTinyCnn + " --by-op --format csv");
  BOOST_TEST_REQUIRE(by_op.exit_code == 0, by_op.err);
  BOOST_TEST(by_op.out.starts_with("op,count,macs,flops,memory_bytes,input_bytes,output_bytes,"
                                   "weight_bytes,unpriced,unresolved\n"
                                   "conv,2,16128,32768,4880,1792,2048,1040,0,0\n"),
             by_op.out);
  const auto ops = run_graphstat(kTinyCnn + " --ops --format csv");
  BOOST_TEST_REQUIRE(ops.exit_code == 0, ops.err);
  BOOST_TEST(contains(ops.out,
                      "\n0,stem/conv,stem,conv,aten::_convolution,"
                      "\"(1, 3, 8, 8) (4, 3, 3, 3) (4,)\",\"(1, 4, 8, 8)\",6912,14080,"
                      "2240,768,1024,448,true,true\n"),
             ops.out);
}

BOOST_AUTO_TEST_CASE(views_are_exclusive) {
  const auto r = run_graphstat(kTinyCnn + " --by-op --ops");
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(contains(r.err, "graphstat: error: give one of --by-op and --ops, not both"), r.err);
}

BOOST_AUTO_TEST_CASE(only_counts_the_named_ops_and_says_so) {
  // --only conv: stem and block.conv alone. MACs 6,912 + 9,216 = 16,128; memory 2,240 + 2,640 =
  // 4,880; parameters read by those convs: (108 + 4) + (144 + 4) = 260.
  const auto r = run_graphstat(kTinyCnn + " --only conv --sort order");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(r.out.starts_with(
                 "Filter: ops conv (only these ops are counted; totals are not the model's)\n\n"),
             r.out);
  BOOST_TEST(contains(r.out, "Total parameters: 260 (260)\n"), r.out);
  BOOST_TEST(contains(r.out, "Total MACs: 16.128K (16,128)\n"), r.out);
  BOOST_TEST(contains(r.out, "Total memory: 4.88KB (4,880 bytes)\n"), r.out);
  BOOST_TEST(!contains(r.out, "block.bn"), r.out);
  BOOST_TEST(!contains(r.out, "| fc"), r.out);

  // A family: the matmul cost model prices linear. fc: 40 MACs, 256 bytes, 50 parameters.
  const auto family = run_graphstat(kTinyCnn + " --only matmul --format json");
  BOOST_TEST_REQUIRE(family.exit_code == 0, family.err);
  const auto doc = nlohmann::json::parse(family.out);
  BOOST_TEST(doc["filter"] == "ops matmul");
  BOOST_TEST(doc["totals"]["macs"].get<std::uint64_t>() == 40u);
  BOOST_TEST(doc["totals"]["memory_bytes"].get<std::uint64_t>() == 256u);
  BOOST_TEST(doc["totals"]["params"].get<std::uint64_t>() == 50u);
}

BOOST_AUTO_TEST_CASE(module_globs_restrict_to_a_subtree) {
  // 'block.*' matches block.conv, block.bn, block.relu but not block's own add (module "block"):
  // MACs 9,216; memory 2,640 + 2,112 + 2·2,048 = 8,848.
  const auto r = run_graphstat(kTinyCnn + " --module 'block.*' --format csv");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(contains(r.out, ",unresolved_ops,filter\n"), r.out);
  BOOST_TEST(contains(r.out, "\nmodel,model,0,,156,9216,"), r.out);
  BOOST_TEST(contains(r.out, ",8848,"), r.out);
  BOOST_TEST(contains(r.out, ",modules block.*\n"), r.out);
  BOOST_TEST(!contains(r.out, "block.add"), r.out);
}

BOOST_AUTO_TEST_CASE(hide_zero_drops_rows_with_nothing_in_them) {
  // An op on an empty tensor ([0] elements) moves no bytes and costs nothing: its row is all zero.
  graphstat::test::TempDir dir;
  const auto model = dir.write("empty.json", R"({"format":"graphstat-graph","version":1,
    "inputs":["x","e"],"outputs":["y","f"],
    "tensors":[{"name":"x","shape":[1,4]},{"name":"y","shape":[1,4]},
               {"name":"e","shape":[0]},{"name":"f","shape":[0]}],
    "nodes":[{"name":"act","op":"relu","module":"act","inputs":["x"],"outputs":["y"]},
             {"name":"nothing","op":"relu","module":"nothing","inputs":["e"],"outputs":["f"]}]})");
  const auto all = run_graphstat("'" + model.string() + "'");
  BOOST_TEST_REQUIRE(all.exit_code == 0, all.err);
  BOOST_TEST(contains(all.out, "| nothing |"), all.out);
  const auto hidden = run_graphstat("'" + model.string() + "' --hide-zero");
  BOOST_TEST_REQUIRE(hidden.exit_code == 0, hidden.err);
  BOOST_TEST(!contains(hidden.out, "nothing"), hidden.out);
  BOOST_TEST(contains(hidden.out, "| act "), hidden.out);
}

BOOST_AUTO_TEST_CASE(by_op_counts_the_ops_waiting_on_a_dim) {
  // tiny_detector: the five Gathers after NonMaxSuppression wait on its box count, four of them
  // with outputs of unknown size; one RoiAlign and the NMS itself wait too. The last Gather reads
  // a constant index table of 4 int64 (32 bytes), counted as the .pt's aten::index reads it.
  const std::string model =
      "'" + std::string(GRAPHSTAT_TEST_DATA_DIR) + "/onnx/tiny_detector-op13.onnx'";
  const auto r = run_graphstat(model + " --by-op --format csv");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(contains(r.out, "\ngather,5,0,0,12320,8224,4096,0,0,4\n"), r.out);
  BOOST_TEST(contains(r.out, "\nroi_align,1,0,0,8192,8192,0,0,0,1\n"), r.out);
  BOOST_TEST(contains(r.out, "\nnon_max_suppression,1,0,0,5120,5120,0,0,0,1\n"), r.out);
  const auto md = run_graphstat(model + " --by-op");
  BOOST_TEST(contains(md.out, "Unresolved operators"), md.out);
}

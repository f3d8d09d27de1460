#define BOOST_TEST_MODULE graph_integrity
#include <boost/test/unit_test.hpp>
#include <string>

#include "run_graphstat.hpp"
#include "text_checks.hpp"

// The core's checks of a frontend's graph (graph_check.hpp), end to end through the JSON frontend,
// which takes a graph as written: each broken graph is one error line naming the file, the op and
// the tensor, exit 1, and no report. Without the check each of these was priced with exit 0.

using graphstat::test::contains;
using graphstat::test::run_graphstat;
using graphstat::test::TempDir;

namespace {

std::string graph(const std::string& tensors, const std::string& nodes,
                  const std::string& outputs = R"(["y"])") {
  return R"({"format":"graphstat-graph","version":1,"inputs":["x"],"outputs":)" + outputs +
         R"(,"tensors":[)" + tensors + R"(],"nodes":[)" + nodes + "]}";
}

// Runs graphstat on `doc` and returns stderr; the run must fail with exit 1 and print nothing.
std::string error_of(const std::string& doc) {
  TempDir dir;
  const auto model = dir.write("m.json", doc);
  const auto r = run_graphstat("'" + model.string() + "'");
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.out.empty(), r.out);
  const std::string prefix = "graphstat: error: " + model.string() + ": ";
  BOOST_TEST_REQUIRE(r.err.substr(0, prefix.size()) == prefix, r.err);
  return r.err.substr(prefix.size());
}

const std::string kXY = R"({"name":"x","shape":[1,4,8,8]},{"name":"y","shape":[1,4,8,8]})";

// A conv reading x (1, C, 8, 8) with weight `w_shape` and a bias of `bias` channels.
std::string conv(const std::string& x_shape, const std::string& w_shape, int group, int bias) {
  return graph(R"({"name":"x","shape":)" + x_shape + R"(},{"name":"y","shape":[1,8,8,8]},
{"name":"w","shape":)" +
                   w_shape + R"(,"role":"parameter"},{"name":"b","shape":[)" +
                   std::to_string(bias) + R"(],"role":"parameter"})",
               R"({"name":"c","op":"conv","inputs":["x","w","b"],"outputs":["y"],
"attrs":{"group":)" +
                   std::to_string(group) + "}}");
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_sound_graph_still_passes) {
  TempDir dir;
  // Grouped conv: 8 input channels = 2 per group x 4 groups; 8 output channels, bias of 8.
  const auto model = dir.write("ok.json", conv("[1,8,8,8]", "[8,2,3,3]", 4, 8));
  const auto r = run_graphstat("'" + model.string() + "'");
  BOOST_TEST(r.exit_code == 0, r.err);
}

BOOST_AUTO_TEST_CASE(an_op_reading_its_own_output) {
  BOOST_TEST(error_of(graph(kXY, R"({"name":"loop","op":"add","inputs":["x","y"],
"outputs":["y"]})")) == "op 'loop' reads its own output 'y'\n");
}

BOOST_AUTO_TEST_CASE(an_op_listing_one_output_twice) {
  BOOST_TEST(error_of(graph(kXY, R"({"name":"dup","op":"relu","inputs":["x"],
"outputs":["y","y"]})")) == "op 'dup' lists its output 'y' twice\n");
}

BOOST_AUTO_TEST_CASE(a_graph_output_listed_twice) {
  BOOST_TEST(error_of(graph(kXY, R"({"name":"r","op":"relu","inputs":["x"],"outputs":["y"]})",
                            R"(["y","y"])")) == "graph output 'y' is listed twice\n");
}

BOOST_AUTO_TEST_CASE(conv_channels_must_fit_the_input) {
  // 3 input channels per group x 1 group against a 4-channel input: priced, it would use 3.
  BOOST_TEST(error_of(conv("[1,4,8,8]", "[8,3,3,3]", 1, 8)) ==
             "op 'c' (conv): tensor 'w' is its weight (8, 3, 3, 3): 3 input channels x 1 group(s) "
             "do not make the input's 4 channels\n");
  // 2 per group x 4 groups = 8, not 4.
  BOOST_TEST(error_of(conv("[1,4,8,8]", "[8,2,3,3]", 4, 8)) ==
             "op 'c' (conv): tensor 'w' is its weight (8, 2, 3, 3): 2 input channels x 4 group(s) "
             "do not make the input's 4 channels\n");
  BOOST_TEST(error_of(conv("[1,4,8,8]", "[8,4,3,3]", 1, 7)) ==
             "op 'c' (conv): tensor 'b' is its bias with 7 elements (7,), it needs 8 (one per "
             "channel)\n");
  BOOST_TEST(error_of(conv("[1,4,8,8]", "[8,4,3]", 1, 8)) ==
             "op 'c' (conv): tensor 'w' is its weight and has rank 3, the input (1, 4, 8, 8) has "
             "rank 4\n");
}

BOOST_AUTO_TEST_CASE(batch_norm_parameters_must_have_the_channels) {
  const auto doc = graph(kXY + R"(,{"name":"s","shape":[4],"role":"parameter"},
{"name":"m","shape":[5],"role":"buffer"})",
                         R"({"name":"bn","op":"batch_norm","inputs":["x","s","","m"],
"outputs":["y"]})");
  BOOST_TEST(error_of(doc) ==
             "op 'bn' (batch_norm): tensor 'm' is its running mean with 5 elements (5,), it needs "
             "4 (one per channel)\n");
}

BOOST_AUTO_TEST_CASE(matmul_and_linear_inner_dims_must_match) {
  const auto mm =
      graph(R"({"name":"x","shape":[2,3,5]},{"name":"w","shape":[4,6],"role":"parameter"},
{"name":"y","shape":[2,3,6]})",
            R"({"name":"mm","op":"matmul","inputs":["x","w"],"outputs":["y"]})");
  BOOST_TEST(error_of(mm) ==
             "op 'mm' (matmul): tensor 'w' has shape (4, 6): its 4 rows do not match the 5 "
             "columns of 'x' (2, 3, 5)\n");
  const auto fc = graph(R"({"name":"x","shape":[2,5]},{"name":"w","shape":[6,4],"role":"parameter"},
{"name":"y","shape":[2,6]})",
                        R"({"name":"fc","op":"linear","inputs":["x","w"],"outputs":["y"]})");
  BOOST_TEST(error_of(fc) ==
             "op 'fc' (linear): tensor 'w' is its weight (6, 4): 4 input features, the input "
             "(2, 5) has 5\n");
}

BOOST_AUTO_TEST_CASE(symbolic_shapes_are_not_judged) {
  // The conv reads t, whose channels are the symbol C: nothing is known to contradict its 3-channel
  // weight, and the op is reported unresolved instead.
  TempDir dir;
  const auto model =
      dir.write("sym.json", graph(
                                R"({"name":"x","shape":[1,4,8,8]},{"name":"t","shape":[1,"C",8,8]},
{"name":"y","shape":[1,8,8,8]},{"name":"w","shape":[8,3,3,3],"role":"parameter"})",
                                R"({"name":"r","op":"relu","inputs":["x"],"outputs":["t"]},
{"name":"c","op":"conv","inputs":["t","w"],"outputs":["y"]})"));
  const auto r = run_graphstat("'" + model.string() + "'");
  BOOST_TEST(r.exit_code == 0, r.err);
  BOOST_TEST(contains(r.out, "- c (conv) in model: waits on C"), r.out);
}

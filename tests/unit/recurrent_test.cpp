#define BOOST_TEST_MODULE recurrent
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "run_graphstat.hpp"
#include "text_checks.hpp"

// End-to-end: the graphstat executable on recurrent models exported twice from the same PyTorch
// module (tests/data/recurrent/, made by tools/make_recurrent_fixtures.py): torch.onnx.export,
// which writes one LSTM/GRU/RNN node per layer, and torch.jit.trace, which records one aten::lstm
// (gru, rnn_tanh, rnn_relu) call for the whole stack. Both must give the hand-computed figures of
// docs/cost-model.md ("Recurrent"), and the same module rows.

using graphstat::test::report_total;
using graphstat::test::run_graphstat;

namespace {

const std::string kData = std::string(GRAPHSTAT_TEST_DATA_DIR) + "/recurrent/";

struct Fixture {
  const char* name;
  const char* input;  // --input-shape for the .pt (the .onnx stores its own)
  std::uint64_t params;
  std::uint64_t macs;
  std::uint64_t flops;
  const char* module;         // the recurrent module's path
  std::uint64_t module_macs;  // its MACs
};

std::ostream& operator<<(std::ostream& out, const Fixture& f) { return out << f.name; }

// I = 16, H = 32, T = 10, B = 2. Per layer and direction: MACs = T·B·G·H·(I_l + H), FLOPs =
// 2·MACs + T·B·H·(e + 2·G·bias), e = 19 (LSTM), 14 (GRU), 2 (RNN); the other ops of these models
// (Transpose, Squeeze, zeros/Expand for the initial states, Embedding) cost 0 FLOPs.
const Fixture kFixtures[] = {
    // nn.LSTM(16, 32): params 4·32·(16 + 32) + 2·128 = 6,144 + 256 = 6,400.
    // MACs 20·128·48 = 122,880; FLOPs 245,760 + 20·32·27 = 263,040.
    {"lstm", "10x2x16", 6400, 122880, 263040, "rnn", 122880},
    // nn.LSTM(16, 32, 2, bidirectional, batch_first): params 2·6,400 + 2·(128·(64 + 32) + 256)
    // = 12,800 + 25,088 = 37,888. MACs 2·122,880 + 2·20·128·96 = 245,760 + 491,520 = 737,280;
    // FLOPs 1,474,560 + 4·17,280 = 1,543,680.
    {"lstm_bi2_batch_first", "2x10x16", 37888, 737280, 1543680, "rnn", 737280},
    // nn.GRU(16, 32, 2): params 96·48 + 192 + 96·64 + 192 = 4,800 + 6,336 = 11,136.
    // MACs 20·96·48 + 20·96·64 = 92,160 + 122,880 = 215,040; FLOPs 430,080 + 2·20·32·20 = 455,680.
    {"gru2", "10x2x16", 11136, 215040, 455680, "rnn", 215040},
    // nn.RNN(16, 32): params 32·48 + 64 = 1,600. MACs 20·32·48 = 30,720;
    // FLOPs 61,440 + 20·32·4 = 64,000.
    {"rnn_tanh", "10x2x16", 1600, 30720, 64000, "rnn", 30720},
    // nn.RNN(16, 32, nonlinearity="relu", bidirectional, bias=False): params 2·32·48 = 3,072.
    // MACs 2·30,720 = 61,440; FLOPs 122,880 + 2·20·32·2 = 125,440.
    {"rnn_relu_bi_nobias", "10x2x16", 3072, 61440, 125440, "rnn", 61440},
    // Embedding(50, 16) + LSTM(16, 32, batch_first) + Linear(32, 8) on (2, 10) tokens: params
    // 800 + 6,400 + 264 = 7,464. MACs 122,880 + 20·32·8 = 128,000; FLOPs 263,040 + 2·5,120 +
    // 160 (bias) = 273,440.
    {"lstm_tagger", "2x10:int64", 7464, 128000, 273440, "encoder.lstm", 122880},
};

struct Row {
  std::uint64_t params = 0;
  std::uint64_t macs = 0;
  std::uint64_t flops = 0;
  bool operator==(const Row&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Row& r) {
  return out << "(params " << r.params << ", MACs " << r.macs << ", FLOPs " << r.flops << ")";
}

// The model and module rows of a CSV report (docs: formatters/csv), by name; op rows differ by
// frontend (ONNX's Transpose vs aten::zeros) and are left out.
std::map<std::string, Row> module_rows(const std::string& csv) {
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header;
  std::map<std::string, std::size_t> column;
  {
    std::istringstream fields(line);
    for (std::string field; std::getline(fields, field, ',');) {
      column[field] = header.size();
      header.push_back(field);
    }
  }
  std::map<std::string, Row> rows;
  while (std::getline(in, line)) {
    std::vector<std::string> fields;
    std::istringstream cells(line);
    for (std::string cell; std::getline(cells, cell, ',');) fields.push_back(cell);
    if (fields.size() != header.size()) continue;
    const std::string& kind = fields[column.at("kind")];
    if (kind != "model" && kind != "module") continue;
    rows[fields[column.at("module")]] = {std::stoull(fields[column.at("params")]),
                                         std::stoull(fields[column.at("macs")]),
                                         std::stoull(fields[column.at("flops")])};
  }
  return rows;
}

std::string pt_args(const Fixture& f, const std::string& variant = "") {
  return "'" + kData + f.name + variant + ".pt' --input-shape " + f.input + " --strict";
}
// The scripted export reads its weights through the module's `_flat_weights` list attribute and
// branches on prim::If; the parameters must still be found and named as in the traced file.
std::string scripted_args(const Fixture& f) { return pt_args(f, ".scripted"); }
std::string onnx_args(const Fixture& f) { return "'" + kData + f.name + ".onnx' --strict"; }

}  // namespace

BOOST_DATA_TEST_CASE(both_formats_give_the_hand_computed_figures,
                     boost::unit_test::data::make(kFixtures), f) {
  for (const std::string& args : {onnx_args(f), pt_args(f)}) {
    const auto r = run_graphstat(args + " --flops");
    BOOST_TEST_REQUIRE(r.exit_code == 0, args << ": " << r.err);
    BOOST_TEST(r.out.find("Unsupported operators: none") != std::string::npos, args);
    BOOST_TEST(report_total(r.out, "parameters") == f.params, args);
    BOOST_TEST(report_total(r.out, "MACs") == f.macs, args);
    BOOST_TEST(report_total(r.out, "FLOPs") == f.flops, args);
  }
}

BOOST_DATA_TEST_CASE(pt_and_onnx_have_the_same_module_rows, boost::unit_test::data::make(kFixtures),
                     f) {
  const auto onnx = run_graphstat(onnx_args(f) + " --format csv");
  const auto pt = run_graphstat(pt_args(f) + " --format csv");
  const auto scripted = run_graphstat(scripted_args(f) + " --format csv");
  BOOST_TEST_REQUIRE(onnx.exit_code == 0, onnx.err);
  BOOST_TEST_REQUIRE(pt.exit_code == 0, pt.err);
  BOOST_TEST_REQUIRE(scripted.exit_code == 0, scripted.err);
  const auto onnx_rows = module_rows(onnx.out);
  const auto pt_rows = module_rows(pt.out);
  // Every module row and the model row (the hand-computed totals above) equal the traced file's.
  BOOST_TEST((module_rows(scripted.out) == pt_rows));
  BOOST_TEST_REQUIRE(pt_rows.contains(f.module), f.module);
  BOOST_TEST(pt_rows.at(f.module).macs == f.module_macs);
  BOOST_TEST(onnx_rows.size() == pt_rows.size());
  for (const auto& [name, row] : pt_rows) {
    BOOST_TEST_CONTEXT(name) {
      BOOST_TEST_REQUIRE(onnx_rows.contains(name));
      BOOST_TEST(onnx_rows.at(name) == row);
    }
  }
}

// The TorchScript rows hold the module's own parameters by name.
BOOST_DATA_TEST_CASE(pt_parameters_belong_to_the_lstm_module,
                     boost::unit_test::data::make({"lstm_tagger.pt", "lstm_tagger.scripted.pt"}),
                     file) {
  const auto r = run_graphstat("'" + kData + file + "' --input-shape 2x10:int64");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  for (const char* row :
       {"encoder.lstm.weight_ih_l0 | (128, 16)", "encoder.lstm.weight_hh_l0 | (128, 32)",
        "encoder.lstm.bias_ih_l0   | (128,)"}) {
    BOOST_TEST(r.out.find(row) != std::string::npos, row << "\n" << r.out);
  }
}

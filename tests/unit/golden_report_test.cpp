#define BOOST_TEST_MODULE golden_report
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <map>
#include <set>

#include "run_graphstat.hpp"

// Every figure of every shipped model's report, pinned: for each configs/<name>.yaml the full CSV
// report (every module and op row at full depth, every column: params, MACs, FLOPs, memory and its
// three parts, arithmetic intensity, unresolved ops) must equal tests/golden/<name>.csv byte for
// byte. The configs cover every model file under models/ with the frontend that reads it (JSON,
// ONNX, TorchScript). After an intentional change, tools/update-goldens.sh regenerates the files
// and the diff is reviewed in the commit (docs/testing.md).

namespace fs = std::filesystem;
using graphstat::test::read_file;
using graphstat::test::run_graphstat;

namespace {

const fs::path kSource = GRAPHSTAT_SOURCE_DIR;

std::set<std::string> stems(const fs::path& dir, const std::string& extension) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == extension) names.insert(entry.path().stem().string());
  }
  return names;
}

// The first line where the two texts differ, for a readable failure.
std::string first_difference(const std::string& expected, const std::string& actual) {
  std::istringstream e(expected), a(actual);
  std::string le, la;
  for (int line = 1;; ++line) {
    const bool more_e = static_cast<bool>(std::getline(e, le));
    const bool more_a = static_cast<bool>(std::getline(a, la));
    if (!more_e && !more_a) return "identical";
    if (!more_e || !more_a || le != la) {
      return "line " + std::to_string(line) + ":\n  golden: " + (more_e ? le : "(end)") +
             "\n  actual: " + (more_a ? la : "(end)");
    }
  }
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_shipped_config_has_a_golden_and_no_golden_is_stale) {
  const auto configs = stems(kSource / "configs", ".yaml");
  const auto goldens = stems(kSource / "tests/golden", ".csv");
  BOOST_TEST(configs.size() >= 9u);
  BOOST_TEST(configs == goldens, "run tools/update-goldens.sh after adding or removing a config");
}

BOOST_AUTO_TEST_CASE(every_report_matches_its_golden_exactly) {
  for (const auto& name : stems(kSource / "configs", ".yaml")) {
    BOOST_TEST_CONTEXT("config " << name) {
      const auto golden = kSource / "tests/golden" / (name + ".csv");
      BOOST_TEST_REQUIRE(fs::exists(golden));
      const auto config = kSource / "configs" / (name + ".yaml");
      const auto r = run_graphstat("--config '" + config.string() + "' --format csv");
      BOOST_TEST(r.exit_code == 0, r.err);
      BOOST_TEST(r.err.empty(), r.err);
      const std::string expected = read_file(golden);
      BOOST_TEST(r.out == expected, first_difference(expected, r.out));
    }
  }
}

// The ONNX test fixtures (tests/data/onnx, tests/data/recurrent), each against
// tests/golden/fixtures/<dir>/<name>.csv: function expansion, sequence and recurrent models and a
// detector's partial report, pinned row by row like the shipped models.
BOOST_AUTO_TEST_CASE(every_onnx_fixture_matches_its_golden_exactly) {
  std::set<std::string> fixtures, goldens;
  for (const char* dir : {"onnx", "recurrent"}) {
    for (const auto& stem : stems(kSource / "tests/data" / dir, ".onnx"))
      fixtures.insert(std::string(dir) + "/" + stem);
    const auto golden_dir = kSource / "tests/golden/fixtures" / dir;
    if (fs::is_directory(golden_dir)) {
      for (const auto& stem : stems(golden_dir, ".csv"))
        goldens.insert(std::string(dir) + "/" + stem);
    }
  }
  BOOST_TEST(fixtures.size() >= 29u);
  BOOST_TEST(fixtures == goldens, "run tools/update-goldens.sh after adding or removing a fixture");
  for (const auto& name : fixtures) {
    BOOST_TEST_CONTEXT("fixture " << name) {
      const auto golden = kSource / "tests/golden/fixtures" / (name + ".csv");
      BOOST_TEST_REQUIRE(fs::exists(golden));
      const auto model = kSource / "tests/data" / (name + ".onnx");
      const auto r = run_graphstat("'" + model.string() + "' --format csv");
      BOOST_TEST(r.exit_code == 0, r.err);
      const std::string expected = read_file(golden);
      BOOST_TEST(r.out == expected, first_difference(expected, r.out));
    }
  }
}

BOOST_AUTO_TEST_CASE(every_parent_row_is_the_sum_of_its_children) {
  // docs/design.md, "The module tree": a module with children holds nothing of its own (its own
  // ops become leaf rows), so in every additive column (MACs, FLOPs, input, output and weight
  // bytes, unresolved ops) a parent is exactly the sum of its children. Params are not additive
  // (a weight shared by two modules counts once in their parent); the peak of live activations
  // is the largest of the children's, not their sum.
  for (const auto& name : stems(kSource / "configs", ".yaml")) {
    BOOST_TEST_CONTEXT("config " << name) {
      std::istringstream csv(read_file(kSource / "tests/golden" / (name + ".csv")));
      std::string line;
      std::getline(csv, line);  // Header.
      // module name -> its columns 5..13 (macs, flops, memory, in, out, weight, peak, -,
      // unresolved).
      std::map<std::string, std::vector<std::uint64_t>> own, children_sum;
      std::map<std::string, std::uint64_t> own_peak, children_peak;
      std::set<std::string> parents;
      while (std::getline(csv, line)) {
        std::vector<std::string> cells;
        std::string cell;
        std::istringstream fields(line);
        while (std::getline(fields, cell, ',')) cells.push_back(cell);
        BOOST_TEST_REQUIRE(cells.size() == 14u, line);  // Shipped names hold no commas.
        std::vector<std::uint64_t> values;
        for (int k : {5, 6, 7, 8, 9, 10, 13}) values.push_back(std::stoull(cells[k]));
        own[cells[0]] = values;
        own_peak[cells[0]] = std::stoull(cells[11]);
        if (!cells[3].empty()) {
          parents.insert(cells[3]);
          auto& peak = children_peak[cells[3]];
          peak = std::max(peak, own_peak[cells[0]]);
          auto& sum = children_sum[cells[3]];
          sum.resize(values.size());
          for (std::size_t k = 0; k < values.size(); ++k) sum[k] += values[k];
        }
      }
      BOOST_TEST(parents.size() > 1u);
      for (const auto& parent : parents) {
        BOOST_TEST(own.at(parent) == children_sum.at(parent), "row " << parent);
        BOOST_TEST(own_peak.at(parent) == children_peak.at(parent), "peak of row " << parent);
      }
    }
  }
}

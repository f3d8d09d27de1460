#define BOOST_TEST_MODULE formatter_csv
#include <boost/test/unit_test.hpp>
#include <sstream>
#include <string>

#include "csv_formatter.hpp"
#include "sample_report.hpp"

using graphstat::Report;
using graphstat::formatters::CsvFormatter;
using graphstat::testing::sample_report;

namespace {

std::string render(const Report& report) {
  std::ostringstream out;
  CsvFormatter().render(report, out);
  return out.str();
}

}  // namespace

BOOST_AUTO_TEST_CASE(one_line_per_module_and_op_with_exact_integers) {
  const std::string expected =
      "module,kind,depth,parent,params,macs,flops,memory_bytes,input_bytes,output_bytes,"
      "weight_bytes,peak_activation_bytes,arithmetic_intensity,unresolved_ops\n"
      "model,model,0,,46400,233619456,468443136,9619200,3813376,5619712,186112,3813376,"
      "48.698762475049904,0\n"
      "conv1,module,1,model,9408,118013952,236027904,3851008,602112,3211264,37632,3813376,"
      "61.28990228013029,0\n"
      "layer1,module,1,model,36992,115605504,232415232,5768192,3211264,2408448,148480,2408448,"
      "40.292561690040834,0\n"
      "layer1.0,module,2,layer1,36992,115605504,232415232,5768192,3211264,2408448,148480,2408448,"
      "40.292561690040834,0\n"
      "layer1.0.conv1,module,3,layer1.0,36864,115605504,231211008,1753088,802816,802816,147456,"
      "1605632,131.88785046728972,0\n"
      "layer1.0.bn1,module,3,layer1.0,128,0,1003520,1606656,802816,802816,1024,2408448,"
      "0.6246016571064372,0\n"
      "layer1.0.add,op,3,layer1.0,0,0,200704,2408448,1605632,802816,0,2408448,"
      "0.08333333333333333,0\n";
  BOOST_TEST(render(sample_report()) == expected);
}

BOOST_AUTO_TEST_CASE(names_with_commas_and_quotes_are_quoted) {
  Report report = sample_report();
  report.root.children.resize(1);
  report.root.children[0].name = "stem,\"a\"";
  report.root.children[0].children.push_back(
      graphstat::testing::make_row("stem.x", graphstat::RowKind::op, 2, {0, 0, 0, 0, 0, 0, 1}));
  const std::string out = render(report);
  BOOST_TEST(out.find("\n\"stem,\"\"a\"\"\",module,1,model,9408,") != std::string::npos);
  BOOST_TEST(out.find("\nstem.x,op,2,\"stem,\"\"a\"\"\",0,0,0,0,0,0,0,0,0,0\n") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(names_with_line_breaks_are_quoted) {
  // RFC 4180: a bare CR or LF inside a field would end the record; quoted, it stays one field.
  // "a\rb" starts with no formula character, so no apostrophe; "\nx" neither.
  Report report = sample_report();
  report.root.children.resize(1);
  report.root.children[0].name = "a\rb";
  report.root.children[0].children.clear();
  report.root.children[0].children.push_back(
      graphstat::testing::make_row("a\nb", graphstat::RowKind::op, 2, {0, 0, 0, 0, 0, 0, 1}));
  const std::string out = render(report);
  BOOST_TEST(out.find("\n\"a\rb\",module,1,model,9408,") != std::string::npos, out);
  BOOST_TEST(out.find("\n\"a\nb\",op,2,\"a\rb\",0,0,0,0,0,0,0,0,0,0\n") != std::string::npos, out);
  // A leading CR is also a formula trigger: apostrophe first, then quoted for the CR.
  report.root.children[0].name = "\r=1";
  BOOST_TEST(render(report).find("\n\"'\r=1\",module,1,") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(selected_by_csv_extension) {
  const std::vector<std::string> expected{".csv"};
  BOOST_TEST(CsvFormatter().extensions() == expected, boost::test_tools::per_element());
}

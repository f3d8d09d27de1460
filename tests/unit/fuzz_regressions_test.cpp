// The ONNX reader crashes listed in issue 10, each as a model written by
// tools/make_fuzz_regressions.py under tests/fuzz/regressions/onnx/. fuzz_replay_onnx runs them
// through the reader (a crash or a sanitizer report fails it); this test runs them through the CLI
// and checks the user's side: a clean refusal with one error line naming the file and the
// problem, and no output file; or, for the two whose folding used to read out of bounds, a report
// that leaves the unknowable shape unresolved instead of a wrong number.

#define BOOST_TEST_MODULE fuzz_regressions
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <string>

#include "run_graphstat.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;
using graphstat::test::run_graphstat;
using graphstat::test::TempDir;

namespace {

struct Refused {
  const char* file;
  const char* problem;  // what the error line must say
};

std::ostream& operator<<(std::ostream& out, const Refused& r) { return out << r.file; }

const Refused kRefused[] = {
    // Before the fix: SIGFPE (INT64_MIN / -1 in constant folding). Now it wraps as the runtimes
    // do, and the folded Reshape target is refused.
    {"fold_int64_min_div_minus_one.onnx",
     "the target shape (-9223372036854775808) has a negative dimension"},
    // INT64_MIN mod -1 is 0; a 0 in a Reshape target copies the input dim: (1).
    {"fold_int64_min_mod_minus_one.onnx", "cannot reshape (1, 4, 4, 4) (64 elements) into (1)"},
    // SIGFPE (division by blocksize 0); UB (blocksize^2 overflowing).
    {"spacetodepth_blocksize_0.onnx",
     "SpaceToDepth): shape inference failed: blocksize 0 is not "
     "positive"},
    {"depthtospace_blocksize_0.onnx", "blocksize 0 is not positive"},
    {"spacetodepth_blocksize_minus2.onnx", "blocksize -2 is not positive"},
    {"depthtospace_blocksize_minus2.onnx", "blocksize -2 is not positive"},
    {"spacetodepth_blocksize_2pow32.onnx", "blocksize^2 overflows int64"},
    {"depthtospace_blocksize_2pow32.onnx", "blocksize^2 overflows int64"},
    // SIGFPE (a division by the number of outputs).
    {"split_zero_outputs.onnx", "(Split): shape inference failed: Split has no outputs"},
    // Found by fuzzing (18:30, 2026-12-07): a Reshape target whose dims multiply past int64 was
    // signed overflow (UBSan) and a wrong element count.
    {"reshape_target_overflow.onnx",
     "(Reshape): shape inference failed: the target shape (1, 8, 144115188075855876, 8) has more "
     "elements than 64 bits count"},
    {"split_zero_outputs_constant.onnx", "Split has no outputs"},
    // Found by fuzzing in CI: a Resize scale of 3.96e28 made a dim beyond int64 (an undefined
    // conversion); now it saturates and the output's element count is refused. The error used to
    // name only the tensor ('y: ...'), not the file.
    {"resize_huge_scale.onnx", "resize_huge_scale.onnx: y: the count overflows 64 bits"},
    // Heap-buffer-overflow (output_shape read from before its start).
    {"conv_transpose_short_output_shape.onnx",
     "(ConvTranspose): shape inference failed: output_shape (5) has neither 2 spatial dims nor 4 "
     "dims"},
};

struct Unresolved {
  const char* file;
  const char* params;  // the total's parameter line
};

std::ostream& operator<<(std::ostream& out, const Unresolved& u) { return out << u.file; }

const Unresolved kUnresolved[] = {
    // A 2^32 x 2^32 constant with no values: its element count used to wrap to 0, so folding
    // Gather or Slice on it read past its (empty) values.
    {"gather_wrapped_element_count.onnx", "Total parameters: 0"},
    {"slice_wrapped_element_count.onnx", "Total parameters: 0"},
    // Found by fuzzing in CI: a Cast of 3.96e28 (or NaN) to int64 was an undefined conversion.
    // ONNX leaves the value undefined, so the fold is declined. The 4-float initializer counts as
    // 4 parameters.
    {"cast_huge_float_to_int64_shape.onnx", "Total parameters: 4"},
    {"cast_nan_float_to_int64_shape.onnx", "Total parameters: 4"},
};

fs::path regression(const std::string& name) {
  return fs::path(GRAPHSTAT_SOURCE_DIR) / "tests/fuzz/regressions/onnx" / name;
}

}  // namespace

BOOST_DATA_TEST_CASE(crash_inputs_are_refused_with_one_error_line,
                     boost::unit_test::data::make(kRefused), c) {
  TempDir dir;
  const fs::path model = regression(c.file);
  const fs::path out = dir.path() / "report.md";
  const auto r = run_graphstat("'" + model.string() + "' -o '" + out.string() + "'");
  // Non-zero, and not a signal (a crash shows as 128 + signal number).
  BOOST_TEST(r.exit_code != 0);
  BOOST_TEST(r.exit_code < 128);
  BOOST_TEST(r.err.find('\n') == r.err.size() - 1, "one line: " << r.err);
  BOOST_TEST(r.err.find(model.string() + ": ") != std::string::npos, r.err);
  BOOST_TEST(r.err.find(c.problem) != std::string::npos, r.err);
  BOOST_TEST(!fs::exists(out));
}

BOOST_DATA_TEST_CASE(unfoldable_values_leave_the_shape_unresolved,
                     boost::unit_test::data::make(kUnresolved), c) {
  // The value cannot be folded, so the Reshape it feeds waits on an unknown shape and is listed,
  // not priced with a made-up one.
  const auto r = run_graphstat("'" + regression(c.file).string() + "'");
  BOOST_TEST(r.exit_code == 0, r.err);
  BOOST_TEST(
      r.out.find("- Reshape_1 (Reshape) in Reshape_1: waits on shape of 'y'") != std::string::npos,
      r.out);
  BOOST_TEST(r.out.find(c.params) != std::string::npos, r.out);
}

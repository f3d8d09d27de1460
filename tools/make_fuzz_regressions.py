#!/usr/bin/python3
"""Writes the hand-made ONNX regression inputs of issue 10 into tests/fuzz/regressions/onnx/.

Each model is one known crash of the ONNX reader (the issue's list): graphstat must refuse it with
one error line (or price it correctly), never crash. fuzz_replay_onnx runs them in every build, and
tests/unit/fuzz_regressions_test.cpp checks the CLI's exit code and error line for each.
Needs Debian's python3-onnx (/usr/bin/python3); the files are committed, so only rerun it to
change them. The models are not checked with onnx.checker: they are invalid on purpose.
"""
import os
import sys

from onnx import TensorProto, helper

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fuzz", "regressions",
                   "onnx")
INT64_MIN = -(2**63)


def model(name, nodes, inputs, outputs, initializers=(), opset=17):
    graph = helper.make_graph(nodes, name, inputs, outputs, initializer=list(initializers))
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)],
                          producer_name="graphstat-fuzz-regressions")
    m.ir_version = 8
    with open(os.path.join(OUT, name + ".onnx"), "wb") as f:
        f.write(m.SerializeToString())


def vi(name, elem, dims):
    return helper.make_tensor_value_info(name, elem, dims)


def int64s(name, values, dims=None):
    return helper.make_tensor(name, TensorProto.INT64, dims if dims is not None else [len(values)],
                              values)


def main():
    os.makedirs(OUT, exist_ok=True)
    x = vi("x", TensorProto.FLOAT, [1, 4, 4, 4])
    y = vi("y", TensorProto.FLOAT, None)

    # Constant folding of INT64_MIN / -1 and INT64_MIN mod -1 (SIGFPE on x86), used as a Reshape
    # target so that the folded value matters.
    for op in ("Div", "Mod"):
        model(f"fold_int64_min_{op.lower()}_minus_one",
              [helper.make_node(op, ["a", "b"], ["c"]),
               helper.make_node("Reshape", ["x", "c"], ["y"])],
              [x], [y], [int64s("a", [INT64_MIN]), int64s("b", [-1])])

    # SpaceToDepth / DepthToSpace with blocksize 0 (division by zero) and with a blocksize whose
    # square overflows int64.
    for op in ("SpaceToDepth", "DepthToSpace"):
        for blocksize, tag in ((0, "0"), (2**32, "2pow32"), (-2, "minus2")):
            model(f"{op.lower()}_blocksize_{tag}",
                  [helper.make_node(op, ["x"], ["y"], blocksize=blocksize)], [x], [y])

    # Split with zero outputs (a division by the output count), on a graph input and on a constant.
    model("split_zero_outputs", [helper.make_node("Split", ["x"], [], axis=1),
                                 helper.make_node("Identity", ["x"], ["y"])], [x], [y])
    model("split_zero_outputs_constant",
          [helper.make_node("Split", ["k"], [], axis=0), helper.make_node("Identity", ["x"], ["y"])],
          [x], [y], [int64s("k", [1, 2, 3, 4])])

    # A constant whose element count wraps to 0 in 64 bits (2^32 x 2^32), with no data: folding
    # Slice and Gather on it must not read past its (empty) values.
    huge = TensorProto(name="h", data_type=TensorProto.INT64, dims=[2**32, 2**32])
    model("gather_wrapped_element_count",
          [helper.make_node("Gather", ["h", "i"], ["g"], axis=0),
           helper.make_node("Reshape", ["x", "g"], ["y"])],
          [x], [y], [huge, int64s("i", [1], [])])
    model("slice_wrapped_element_count",
          [helper.make_node("Slice", ["h", "s", "e"], ["g"]),
           helper.make_node("Reshape", ["x", "g"], ["y"])],
          [x], [y], [huge, int64s("s", [0]), int64s("e", [2])])

    # ConvTranspose whose output_shape is shorter than its spatial rank (read before the vector).
    w = helper.make_tensor("w", TensorProto.FLOAT, [4, 2, 3, 3], [0.0] * 72)
    model("conv_transpose_short_output_shape",
          [helper.make_node("ConvTranspose", ["x", "w"], ["y"], output_shape=[5])], [x], [y], [w])

    # Found by fuzzing in CI (2026-12-07): a float that does not fit int64, converted to a shape
    # value (Cast to int64 feeding a Reshape, a Resize scale), was undefined behaviour.
    for tag, value in (("huge", 3.96141e28), ("nan", float("nan"))):
        model(f"cast_{tag}_float_to_int64_shape",
              [helper.make_node("Cast", ["f"], ["c"], to=TensorProto.INT64),
               helper.make_node("Reshape", ["x", "c"], ["y"])],
              [x], [y], [helper.make_tensor("f", TensorProto.FLOAT, [4], [1.0, 4.0, value, 4.0])])
    model("resize_huge_scale",
          [helper.make_node("Resize", ["x", "", "s"], ["y"], mode="nearest")], [x], [y],
          [helper.make_tensor("s", TensorProto.FLOAT, [4], [1.0, 1.0, 3.96141e28, 1.0])])

    # A Loop whose node omits its trailing scan output (ONNX lets trailing outputs be left out):
    # the body outputs one more value than the condition and one per node output. Inference
    # must stop at the node's outputs (a mutant running one past them wrote past the vector, which
    # the asan build's fuzz_replay_onnx reports). Body: cond passes through, x is carried, and
    # `stray` is the unrequested scan output.
    body = helper.make_graph(
        [helper.make_node("Identity", ["cond_in"], ["cond_out"]),
         helper.make_node("Identity", ["x_in"], ["x_out"]),
         helper.make_node("Identity", ["x_in"], ["stray"])],
        "body",
        [vi("i", TensorProto.INT64, []), vi("cond_in", TensorProto.BOOL, []),
         vi("x_in", TensorProto.FLOAT, [1, 4, 4, 4])],
        [vi("cond_out", TensorProto.BOOL, []), vi("x_out", TensorProto.FLOAT, [1, 4, 4, 4]),
         vi("stray", TensorProto.FLOAT, [1, 4, 4, 4])])
    model("loop_trailing_scan_output_omitted",
          [helper.make_node("Loop", ["m", "", "x"], ["y"], body=body)], [x], [y],
          [int64s("m", [3], [])])
    return 0


if __name__ == "__main__":
    sys.exit(main())

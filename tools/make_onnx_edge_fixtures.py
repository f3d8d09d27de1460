#!/usr/bin/python3
"""Writes small ONNX models for edge cases of the ONNX reader that no exporter fixture holds
(tests/data/onnx_edge/; tests/unit/onnx_edge_cases_test.cpp states what each must give).

Run with Debian's /usr/bin/python3 (onnx 1.12): /usr/bin/python3 tools/make_onnx_edge_fixtures.py
- loop_never_runs.onnx: a Loop with a trip count of 5 whose initial condition is a constant
  false: its body (an Add on 2x3) runs 0 times; a Relu on the 2x3 result follows.
- function_slash_names.onnx: a model-local function whose body node is named "inner/relu"; the
  node must stay in the calling node's module (no "inner" level).
- scan8_batch2.onnx: an opset-8 Scan (batch axis first, no sequence_lens) over a (2, 3, 2) input:
  every one of the 2 batch elements runs the body (an Add on 2 floats) for 3 steps.
- sequence_zero_rows.onnx: a graph input that is a sequence of float tensors of declared shape
  (0, 3); SequenceAt takes element 0, a Relu reads it.
"""
import os

import onnx
from onnx import TensorProto, helper

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "data", "onnx_edge")


def save(model, name):
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(OUT, name))


def loop_never_runs():
    body = helper.make_graph(
        [helper.make_node("Add", ["x_in", "x_in"], ["y"], name="twice"),
         helper.make_node("Identity", ["cond_in"], ["cond_out"], name="keep")],
        "body",
        [helper.make_tensor_value_info("i", TensorProto.INT64, []),
         helper.make_tensor_value_info("cond_in", TensorProto.BOOL, []),
         helper.make_tensor_value_info("x_in", TensorProto.FLOAT, [2, 3])],
        [helper.make_tensor_value_info("cond_out", TensorProto.BOOL, []),
         helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 3])])
    nodes = [
        helper.make_node("Constant", [], ["trips"], name="trips",
                         value=helper.make_tensor("t", TensorProto.INT64, [], [5])),
        helper.make_node("Constant", [], ["cond"], name="cond",
                         value=helper.make_tensor("c", TensorProto.BOOL, [], [False])),
        helper.make_node("Loop", ["trips", "cond", "x"], ["x_final"], name="loop", body=body),
        helper.make_node("Relu", ["x_final"], ["out"], name="relu"),
    ]
    graph = helper.make_graph(nodes, "loop_never_runs",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3])],
                              [helper.make_tensor_value_info("out", TensorProto.FLOAT, [2, 3])])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])


def function_slash_names():
    block = helper.make_function(
        "edge", "Block", ["X"], ["Y"],
        [helper.make_node("Relu", ["X"], ["Y"], name="inner/relu")],
        opset_imports=[helper.make_opsetid("", 15)])
    graph = helper.make_graph(
        [helper.make_node("Block", ["x"], ["y"], name="/block/Block", domain="edge")],
        "function_slash_names",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4])])
    return helper.make_model(graph, functions=[block],
                             opset_imports=[helper.make_opsetid("", 15),
                                            helper.make_opsetid("edge", 1)])


def sequence_zero_rows():
    seq_type = helper.make_sequence_type_proto(
        helper.make_tensor_type_proto(TensorProto.FLOAT, [0, 3]))
    nodes = [
        helper.make_node("Constant", [], ["zero"], name="zero",
                         value=helper.make_tensor("z", TensorProto.INT64, [], [0])),
        helper.make_node("SequenceAt", ["seq", "zero"], ["first"], name="at"),
        helper.make_node("Relu", ["first"], ["out"], name="relu"),
    ]
    graph = helper.make_graph(nodes, "sequence_zero_rows",
                              [helper.make_value_info("seq", seq_type)],
                              [helper.make_tensor_value_info("out", TensorProto.FLOAT, [0, 3])])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 15)])


def scan8_batch2():
    body = helper.make_graph(
        [helper.make_node("Add", ["sum_in", "next"], ["sum_out"], name="add"),
         helper.make_node("Identity", ["sum_out"], ["scan_out"], name="copy")],
        "body",
        [helper.make_tensor_value_info("sum_in", TensorProto.FLOAT, [2]),
         helper.make_tensor_value_info("next", TensorProto.FLOAT, [2])],
        [helper.make_tensor_value_info("sum_out", TensorProto.FLOAT, [2]),
         helper.make_tensor_value_info("scan_out", TensorProto.FLOAT, [2])])
    node = helper.make_node("Scan", ["", "initial", "x"], ["final", "steps"], name="scan",
                            body=body, num_scan_inputs=1)
    graph = helper.make_graph(
        [node], "scan8_batch2",
        [helper.make_tensor_value_info("initial", TensorProto.FLOAT, [2, 2]),
         helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3, 2])],
        [helper.make_tensor_value_info("final", TensorProto.FLOAT, [2, 2]),
         helper.make_tensor_value_info("steps", TensorProto.FLOAT, [2, 3, 2])])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 8)])


def main():
    os.makedirs(OUT, exist_ok=True)
    save(loop_never_runs(), "loop_never_runs.onnx")
    save(function_slash_names(), "function_slash_names.onnx")
    save(sequence_zero_rows(), "sequence_zero_rows.onnx")
    save(scan8_batch2(), "scan8_batch2.onnx")


if __name__ == "__main__":
    main()

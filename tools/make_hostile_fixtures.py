#!/usr/bin/python3
"""Writes the ONNX fixtures of the resource-limit tests (tests/data/hostile/).

Run with Debian's /usr/bin/python3 (onnx 1.12): /usr/bin/python3 tools/make_hostile_fixtures.py
Each file is a few KB and is what a hostile or broken exporter could write:
- function_doubling.onnx: 31 model-local functions, each calling the one below it twice; inlined,
  the call in the main graph would become 2^30 Relu nodes.
- function_recursion.onnx: a function that calls itself.
- dangling.onnx: a Relu reading 'ghost', which no node, input or initializer gives.
- dangling_in_body.onnx: an If whose else-branch reads the outer input 'x' (allowed: bodies see
  enclosing names) and whose then-branch reads 'ghost', given nowhere.
- unknown_dtype.onnx: an input of element type 99, which no ONNX version defines.
- plain_zip.pt: a zip archive of one text file, named like a TorchScript file.
- nested_if.onnx: If nodes nested 20 deep (each then-branch holds the next If, each
  else-branch one Relu).
- loop_1000.pt: a scripted module adding 1 to its input in a `for` loop of 1000 iterations (1000
  add ops: the TorchScript loop and op limits).
"""
import os
import zipfile

import onnx
from onnx import TensorProto, helper

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "data", "hostile")
DOMAIN = "hostile"


def save(model, name):
    model.ir_version = 8
    onnx.save(model, os.path.join(OUT, name))


def vi(name):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, [1, 4])


def function_chain(levels, recursive):
    functions = []
    for k in range(levels):
        if k == 0 and not recursive:
            nodes = [helper.make_node("Relu", ["x"], ["y"])]
        else:
            callee = f"f{k}" if recursive else f"f{k - 1}"
            nodes = [helper.make_node(callee, ["x"], ["t"], domain=DOMAIN),
                     helper.make_node(callee, ["t"], ["y"], domain=DOMAIN)]
        functions.append(helper.make_function(
            DOMAIN, f"f{k}", ["x"], ["y"], nodes,
            [helper.make_opsetid("", 15)]))
    top = f"f{levels - 1}"
    graph = helper.make_graph([helper.make_node(top, ["in"], ["out"], domain=DOMAIN)],
                              "chain", [vi("in")], [vi("out")])
    return helper.make_model(graph, functions=functions,
                             opset_imports=[helper.make_opsetid("", 15),
                                            helper.make_opsetid(DOMAIN, 1)])


def nested_if(depth):
    cond = helper.make_tensor_value_info("cond", TensorProto.BOOL, [])

    def leaf(level):
        return helper.make_graph([helper.make_node("Relu", ["x"], [f"z{level}"])],
                                 f"e{level}", [], [vi(f"z{level}")])

    def branch(level):
        out = f"y{level}"
        if level == depth:
            node = helper.make_node("Relu", ["x"], [out])
        else:
            node = helper.make_node("If", ["cond"], [out], then_branch=branch(level + 1),
                                    else_branch=leaf(level))
        return helper.make_graph([node], f"b{level}", [], [vi(out)])

    top = helper.make_node("If", ["cond"], ["out"], then_branch=branch(1),
                           else_branch=leaf(0))
    graph = helper.make_graph([top], "nested", [vi("x"), cond], [vi("out")])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 15)])


def loop_1000():
    import torch  # Only this fixture needs torch.

    class Loop(torch.nn.Module):
        def forward(self, x):
            for _ in range(1000):
                x = x + 1.0
            return x

    torch.jit.script(Loop()).save(os.path.join(OUT, "loop_1000.pt"))


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    save(function_chain(31, recursive=False), "function_doubling.onnx")
    save(function_chain(1, recursive=True), "function_recursion.onnx")
    save(nested_if(20), "nested_if.onnx")
    relu = helper.make_node("Relu", ["ghost"], ["out"])
    save(helper.make_model(helper.make_graph([relu], "dangling", [vi("in")], [vi("out")]),
                           opset_imports=[helper.make_opsetid("", 15)]), "dangling.onnx")
    odd = helper.make_tensor_value_info("in", 99, [1, 4])
    relu = helper.make_node("Relu", ["in"], ["out"])
    save(helper.make_model(helper.make_graph([relu], "odd", [odd], [vi("out")]),
                           opset_imports=[helper.make_opsetid("", 15)]), "unknown_dtype.onnx")
    with zipfile.ZipFile(os.path.join(OUT, "plain_zip.pt"), "w") as z:
        z.writestr("readme.txt", "not a model\n")
    cond = helper.make_tensor_value_info("cond", TensorProto.BOOL, [])
    then_branch = helper.make_graph([helper.make_node("Relu", ["ghost"], ["t"])], "then", [],
                                    [vi("t")])
    else_branch = helper.make_graph([helper.make_node("Relu", ["x"], ["e"])], "else", [],
                                    [vi("e")])
    top = helper.make_node("If", ["cond"], ["out"], then_branch=then_branch,
                           else_branch=else_branch)
    save(helper.make_model(helper.make_graph([top], "body", [vi("x"), cond], [vi("out")]),
                           opset_imports=[helper.make_opsetid("", 15)]), "dangling_in_body.onnx")
    loop_1000()

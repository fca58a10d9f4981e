"""Writes a tiny ONNX model to stdout with the onnx package: the C++ tests' member files (test_support.hpp runs it).

    tiny_onnx.py --output-name r --weights=0.1,-0.2,0.3,-0.4,0.5 > member-00.onnx

The model (IR 8, opset 17) computes output = sigmoid(input · w): input "input" float32 [N, len(w)], output
float32 [N, 1].
"""

from __future__ import annotations

import argparse
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def linear_sigmoid(weights: list[float], output_name: str) -> bytes:
    w = np.asarray(weights, dtype=np.float32).reshape(-1, 1)
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["input", "w"], ["z"]), helper.make_node("Sigmoid", ["z"], [output_name])],
        "tiny",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N", w.shape[0]])],
        [helper.make_tensor_value_info(output_name, TensorProto.FLOAT, ["N", 1])],
        [numpy_helper.from_array(w, "w")],
    )
    model = helper.make_model(graph, producer_name="xsdnn-cpp-test", opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model.SerializeToString()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output-name", required=True, help="name of the graph output")
    parser.add_argument("--weights", required=True, help="comma-separated float32 weights, one per input column")
    args = parser.parse_args()
    sys.stdout.buffer.write(linear_sigmoid([float(v) for v in args.weights.split(",")], args.output_name))


if __name__ == "__main__":
    main()

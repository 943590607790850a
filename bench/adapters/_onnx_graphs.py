"""The three workloads as ONNX graphs (onnx.helper), the shared weights as initializers: the model
that the inference-only adapters (ONNX Runtime, OpenVINO) load. The input is "x" (NCHW for images),
the output "logits"."""

import math

import numpy

onnx = helper = numpy_helper = None


def load():
    global onnx, helper, numpy_helper
    import onnx
    from onnx import helper, numpy_helper


def graph_nodes(workload_id, weights):
    """The nodes and initializers for one workload; the input is "x" (NCHW for images), output "logits"."""
    node = helper.make_node
    inits = {name.replace(".", "_"): array for name, array in weights.items()}
    if workload_id == "cnn":
        for name in ("conv1_kernel", "conv2_kernel"):
            inits[name] = inits[name].transpose(3, 2, 0, 1).copy()  # HWIO to ONNX's OIHW
    extra = {}
    if workload_id == "mlp":
        nodes = [
            node("Gemm", ["x", "dense1_kernel", "dense1_bias"], ["h1"]), node("Relu", ["h1"], ["a1"]),
            node("Gemm", ["a1", "dense2_kernel", "dense2_bias"], ["h2"]), node("Relu", ["h2"], ["a2"]),
            node("Gemm", ["a2", "dense3_kernel", "dense3_bias"], ["logits"]),
        ]
    elif workload_id == "cnn":
        nodes = [
            node("Conv", ["x", "conv1_kernel", "conv1_bias"], ["c1"], pads=[1, 1, 1, 1]), node("Relu", ["c1"], ["r1"]),
            node("MaxPool", ["r1"], ["p1"], kernel_shape=[2, 2], strides=[2, 2]),
            node("Conv", ["p1", "conv2_kernel", "conv2_bias"], ["c2"], pads=[1, 1, 1, 1]), node("Relu", ["c2"], ["r2"]),
            node("GlobalAveragePool", ["r2"], ["g"]), node("Flatten", ["g"], ["f"]),
            node("Gemm", ["f", "dense_kernel", "dense_bias"], ["logits"]),
        ]
    else:
        extra["scale"] = numpy.array(1 / math.sqrt(32), dtype="float32")
        nodes = [
            node("MatMul", ["x", "attn_query"], ["q"]), node("MatMul", ["x", "attn_key"], ["k"]),
            node("MatMul", ["x", "attn_value"], ["v"]),
            node("Transpose", ["k"], ["kt"], perm=[0, 2, 1]), node("MatMul", ["q", "kt"], ["s0"]),
            node("Mul", ["s0", "scale"], ["s"]), node("Softmax", ["s"], ["a"], axis=-1),
            node("MatMul", ["a", "v"], ["av"]), node("MatMul", ["av", "attn_output"], ["o"]),
            node("Add", ["x", "o"], ["h"]),
            node("MatMul", ["h", "ff1_kernel"], ["f0"]), node("Add", ["f0", "ff1_bias"], ["f1"]),
            node("Relu", ["f1"], ["f2"]), node("MatMul", ["f2", "ff2_kernel"], ["f3"]),
            node("Add", ["f3", "ff2_bias"], ["f4"]), node("Add", ["h", "f4"], ["h2"]),
            node("ReduceMean", ["h2", "axes"], ["m"], keepdims=0),
            node("Gemm", ["m", "head_kernel", "head_bias"], ["logits"]),
        ]
        extra["axes"] = numpy.array([1], dtype="int64")
    return nodes, {**inits, **extra}


def make_model(workload, weights):
    """The checked ONNX model (opset 18) for one workload."""
    nodes, inits = graph_nodes(workload.id, weights)
    shape = ["batch", 3, 32, 32] if workload.id == "cnn" else ["batch", *workload.sample_shape]
    graph = helper.make_graph(
        nodes, workload.id,
        [helper.make_tensor_value_info("x", onnx.TensorProto.FLOAT, shape)],
        [helper.make_tensor_value_info("logits", onnx.TensorProto.FLOAT, ["batch", workload.classes])],
        [numpy_helper.from_array(array, name) for name, array in inits.items()],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)], ir_version=10)
    onnx.checker.check_model(model)
    return model


def to_inputs(x):
    """The numpy batch in the graph's layout: images from NHWC to NCHW."""
    return x.transpose(0, 3, 1, 2).copy() if x.ndim == 4 else x

"""The two workloads as ONNX graphs written with onnx.helper (opset 17), the numpy weights as
initializers, batch dimension symbolic ("batch"). Batchnorm stays a BatchNormalization node in
inference form and GELU is written out from its tanh formula (opset 17 has no Gelu), so a runtime's
own graph optimiser does the fusing. Used by the ONNX Runtime and OpenVINO runtimes. Imports onnx."""

from __future__ import annotations

import math

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from bench.workloads import realistic as r

OPSET = 17


class Graph:
    def __init__(self) -> None:
        self.nodes: list = []
        self.inits: list = []
        self.count = 0

    def const(self, name: str, value: np.ndarray) -> str:
        self.inits.append(numpy_helper.from_array(np.asarray(value), name))
        return name

    def op(self, op_type: str, inputs: list[str], **attrs) -> str:
        self.count += 1
        out = f"{op_type.lower()}_{self.count}"
        self.nodes.append(helper.make_node(op_type, inputs, [out], **attrs))
        return out


def _resnet(g: Graph, w: dict[str, np.ndarray], c: r.ResNetConfig, x: str) -> str:
    def conv_bn(h: str, conv: str, bn: str, stride: int, pad: int) -> str:
        k = w[conv].shape[2]
        y = g.op("Conv", [h, g.const(conv, w[conv])], kernel_shape=[k, k], strides=[stride, stride], pads=[pad] * 4)
        return g.op("BatchNormalization", [y, *(g.const(f"{bn}.{p}", w[f"{bn}.{p}"])
                                                for p in ("weight", "bias", "running_mean", "running_var"))],
                    epsilon=r.BN_EPS)

    h = g.op("Relu", [conv_bn(x, "conv1.weight", "bn1", 2, 3)])
    h = g.op("MaxPool", [h], kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1])
    for name, _c_in, _c_out, stride in r.resnet_blocks(c):
        y = g.op("Relu", [conv_bn(h, f"{name}.conv1.weight", f"{name}.bn1", stride, 1)])
        y = conv_bn(y, f"{name}.conv2.weight", f"{name}.bn2", 1, 1)
        if f"{name}.downsample.0.weight" in w:
            h = conv_bn(h, f"{name}.downsample.0.weight", f"{name}.downsample.1", stride, 0)
        h = g.op("Relu", [g.op("Add", [y, h])])
    pooled = g.op("Flatten", [g.op("GlobalAveragePool", [h])], axis=1)
    return g.op("Gemm", [pooled, g.const("fc.weight", w["fc.weight"]), g.const("fc.bias", w["fc.bias"])], transB=1)


def _encoder(g: Graph, w: dict[str, np.ndarray], c: r.EncoderConfig, ids: str) -> str:
    d = c.hidden // c.heads

    def linear(h: str, name: str) -> str:
        # MatMul by the transposed weight (stored (in, out) as a user's exporter writes it) plus the bias.
        kernel = g.const(f"{name}.kernel", np.ascontiguousarray(w[f"{name}.weight"].T))
        return g.op("Add", [g.op("MatMul", [h, kernel]), g.const(f"{name}.bias", w[f"{name}.bias"])])

    def norm(h: str, name: str) -> str:
        return g.op("LayerNormalization", [h, g.const(f"{name}.weight", w[f"{name}.weight"]),
                                           g.const(f"{name}.bias", w[f"{name}.bias"])], axis=-1, epsilon=r.LN_EPS)

    heads_shape = g.const("shape.heads", np.array([0, 0, c.heads, d], dtype=np.int64))
    merged_shape = g.const("shape.merged", np.array([0, 0, c.hidden], dtype=np.int64))
    scale = g.const("attn.scale", np.array(1 / math.sqrt(d), dtype=np.float32))
    half, one = g.const("gelu.half", np.array(0.5, np.float32)), g.const("gelu.one", np.array(1.0, np.float32))
    cube, root = g.const("gelu.cube", np.array(0.044715, np.float32)), g.const("gelu.root", np.array(math.sqrt(2 / math.pi), np.float32))
    three = g.const("gelu.three", np.array(3.0, np.float32))

    tokens = g.op("Gather", [g.const("embed.tokens", w["embed.tokens"]), ids], axis=0)
    h = norm(g.op("Add", [tokens, g.const("embed.positions", w["embed.positions"])]), "embed.norm")
    for i in range(c.layers):
        p = f"layers.{i}"
        q, k, v = (g.op("Transpose", [g.op("Reshape", [linear(h, f"{p}.attn.{part}"), heads_shape])], perm=[0, 2, 1, 3])
                   for part in "qkv")
        scores = g.op("Mul", [g.op("MatMul", [q, g.op("Transpose", [k], perm=[0, 1, 3, 2])]), scale])
        attended = g.op("MatMul", [g.op("Softmax", [scores], axis=-1), v])
        attended = g.op("Reshape", [g.op("Transpose", [attended], perm=[0, 2, 1, 3]), merged_shape])
        h = norm(g.op("Add", [h, linear(attended, f"{p}.attn.o")]), f"{p}.norm1")
        up = linear(h, f"{p}.ffn.up")
        inner = g.op("Mul", [root, g.op("Add", [up, g.op("Mul", [cube, g.op("Pow", [up, three])])])])
        gelu = g.op("Mul", [g.op("Mul", [half, up]), g.op("Add", [one, g.op("Tanh", [inner])])])
        h = norm(g.op("Add", [h, linear(gelu, f"{p}.ffn.down")]), f"{p}.norm2")
    return h


def make_model(workload: r.RealisticWorkload, w: dict[str, np.ndarray]) -> onnx.ModelProto:
    g = Graph()
    c = workload.config
    if isinstance(c, r.ResNetConfig):
        inp = helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch", c.channels, c.image, c.image])
        out = _resnet(g, w, c, "input")
        out_info = helper.make_tensor_value_info("output", TensorProto.FLOAT, ["batch", c.classes])
    else:
        inp = helper.make_tensor_value_info("input", TensorProto.INT64, ["batch", c.sequence])
        out = _encoder(g, w, c, "input")
        out_info = helper.make_tensor_value_info("output", TensorProto.FLOAT, ["batch", c.sequence, c.hidden])
    g.nodes.append(helper.make_node("Identity", [out], ["output"]))
    graph = helper.make_graph(g.nodes, workload.id, [inp], [out_info], g.inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="framework-facts-bench")
    model.ir_version = 8
    onnx.checker.check_model(model, full_check=True)
    return model

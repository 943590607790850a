"""The two workloads as a TensorFlow model: a tf.Module holding the weights as tf.Variables and a
`serve` tf.function with a fixed input signature (batch dimension None), the form a SavedModel and
the LiteRT converter take. Images are NHWC (TensorFlow's CPU layout): convolution kernels are the
OIHW weights transposed to HWIO, and stride-2 convolutions pad explicitly (torchvision's symmetric
padding; TensorFlow's "SAME" would pad one side only). Token ids are int32. Used by the
tensorflow-function and LiteRT runtimes. Imports tensorflow."""

from __future__ import annotations

import math

import numpy as np
import tensorflow as tf

from bench.workloads import realistic as r


def _var(w: dict[str, np.ndarray], name: str, value: np.ndarray | None = None) -> tf.Variable:
    return tf.Variable(w[name] if value is None else value, trainable=False, name=name.replace(".", "_"))


class ResNet(tf.Module):
    def __init__(self, c: r.ResNetConfig, w: dict[str, np.ndarray]) -> None:
        super().__init__(name="resnet")
        self.blocks = r.resnet_blocks(c)
        self.v = {}
        for name, array in w.items():
            value = array.transpose(2, 3, 1, 0) if array.ndim == 4 else array.T if name == "fc.weight" else array
            self.v[name] = _var(w, name, np.ascontiguousarray(value))
        self.serve = tf.function(self._forward, input_signature=[
            tf.TensorSpec([None, c.image, c.image, c.channels], tf.float32, name="input")])

    def _conv_bn(self, x, conv: str, bn: str, stride: int, pad: int):
        v = self.v
        if stride == 1:
            y = tf.nn.conv2d(x, v[conv], 1, "SAME" if pad else "VALID")
        else:
            if pad:
                x = tf.pad(x, [[0, 0], [pad, pad], [pad, pad], [0, 0]])
            y = tf.nn.conv2d(x, v[conv], stride, "VALID")
        return tf.nn.batch_normalization(y, v[f"{bn}.running_mean"], v[f"{bn}.running_var"],
                                         v[f"{bn}.bias"], v[f"{bn}.weight"], r.BN_EPS)

    def _forward(self, x):
        h = tf.nn.relu(self._conv_bn(x, "conv1.weight", "bn1", 2, 3))
        # Zero padding equals -inf padding here: the input is after a ReLU, so never negative.
        h = tf.nn.max_pool2d(tf.pad(h, [[0, 0], [1, 1], [1, 1], [0, 0]]), 3, 2, "VALID")
        for name, _i, _o, stride in self.blocks:
            y = tf.nn.relu(self._conv_bn(h, f"{name}.conv1.weight", f"{name}.bn1", stride, 1))
            y = self._conv_bn(y, f"{name}.conv2.weight", f"{name}.bn2", 1, 1)
            if f"{name}.downsample.0.weight" in self.v:
                h = self._conv_bn(h, f"{name}.downsample.0.weight", f"{name}.downsample.1", stride, 0)
            h = tf.nn.relu(y + h)
        pooled = tf.reduce_mean(h, axis=[1, 2])
        return tf.matmul(pooled, self.v["fc.weight"]) + self.v["fc.bias"]


class Encoder(tf.Module):
    def __init__(self, c: r.EncoderConfig, w: dict[str, np.ndarray]) -> None:
        super().__init__(name="encoder")
        self.c = c
        self.v = {name: _var(w, name, np.ascontiguousarray(a.T) if a.ndim == 2 and name.endswith(".weight") else a)
                  for name, a in w.items()}
        self.serve = tf.function(self._forward, input_signature=[
            tf.TensorSpec([None, c.sequence], tf.int32, name="input")])

    def _linear(self, x, name: str):
        kernel = self.v[f"{name}.weight"]  # (in, out)
        flat = tf.reshape(x, [-1, kernel.shape[0]])
        out = tf.matmul(flat, kernel) + self.v[f"{name}.bias"]
        return tf.reshape(out, tf.concat([tf.shape(x)[:-1], [kernel.shape[1]]], axis=0))

    def _norm(self, x, name: str):
        mean, var = tf.nn.moments(x, axes=[-1], keepdims=True)
        return (x - mean) * tf.math.rsqrt(var + r.LN_EPS) * self.v[f"{name}.weight"] + self.v[f"{name}.bias"]

    def _forward(self, ids):
        c = self.c
        d = c.hidden // c.heads
        n = tf.shape(ids)[0]
        h = self._norm(tf.gather(self.v["embed.tokens"], ids) + self.v["embed.positions"], "embed.norm")
        for i in range(c.layers):
            p = f"layers.{i}"
            q, k, v = (tf.transpose(tf.reshape(self._linear(h, f"{p}.attn.{part}"), [n, c.sequence, c.heads, d]),
                                    [0, 2, 1, 3]) for part in "qkv")
            scores = tf.matmul(q, k, transpose_b=True) / math.sqrt(d)
            attended = tf.matmul(tf.nn.softmax(scores, axis=-1), v)
            attended = tf.reshape(tf.transpose(attended, [0, 2, 1, 3]), [n, c.sequence, c.hidden])
            h = self._norm(h + self._linear(attended, f"{p}.attn.o"), f"{p}.norm1")
            ffn = self._linear(tf.nn.gelu(self._linear(h, f"{p}.ffn.up"), approximate=True), f"{p}.ffn.down")
            h = self._norm(h + ffn, f"{p}.norm2")
        return h


def build(workload: r.RealisticWorkload, w: dict[str, np.ndarray]) -> tf.Module:
    c = workload.config
    return ResNet(c, w) if isinstance(c, r.ResNetConfig) else Encoder(c, w)


def to_inputs(workload: r.RealisticWorkload, x: np.ndarray) -> np.ndarray:
    """NCHW images to NHWC; int64 token ids to int32 (done once, outside the timer)."""
    if isinstance(workload.config, r.ResNetConfig):
        return np.ascontiguousarray(x.transpose(0, 2, 3, 1))
    return x.astype(np.int32)


def set_threads(threads: int) -> None:
    tf.config.threading.set_intra_op_parallelism_threads(threads)
    tf.config.threading.set_inter_op_parallelism_threads(threads)

"""The workloads as symbolic graphs for Theano and its fork PyTensor, which share this API
(tensor module, shared variables, grad, function with updates): the graph is declared once,
compiled by function(), and the SGD update runs inside the compiled function."""

import math

import numpy as np


def forward(T, w, x, workload_id, conv=None, pool=None):
    relu = T.nnet.relu if hasattr(T, "nnet") else (lambda h: T.maximum(h, 0))
    if workload_id == "mlp":
        h = relu(T.dot(x, w["dense1.kernel"]) + w["dense1.bias"])
        h = relu(T.dot(h, w["dense2.kernel"]) + w["dense2.bias"])
        return T.dot(h, w["dense3.kernel"]) + w["dense3.bias"]
    if workload_id == "cnn":  # NCHW; the kernels were stored (out, in, h, w)
        h = relu(conv(x, w["conv1.kernel"]) + w["conv1.bias"].dimshuffle("x", 0, "x", "x"))
        h = relu(conv(pool(h), w["conv2.kernel"]) + w["conv2.bias"].dimshuffle("x", 0, "x", "x"))
        return T.dot(h.mean(axis=(2, 3)), w["dense.kernel"]) + w["dense.bias"]
    q, k, v = (T.dot(x, w[f"attn.{n}"]) for n in ("query", "key", "value"))
    scores = T.batched_dot(q, k.dimshuffle(0, 2, 1)) / math.sqrt(32)
    scores = scores - scores.max(axis=-1, keepdims=True)
    attention = T.exp(scores) / T.exp(scores).sum(axis=-1, keepdims=True)
    h = x + T.dot(T.batched_dot(attention, v), w["attn.output"])
    h = h + T.dot(relu(T.dot(h, w["ff1.kernel"]) + w["ff1.bias"]), w["ff2.kernel"]) + w["ff2.bias"]
    return T.dot(h.mean(axis=1), w["head.kernel"]) + w["head.bias"]


class Model:
    def __init__(self, lib, T, workload_id, weights, learning_rate, conv=None, pool=None):
        self.w = {}
        for name, array in weights.items():
            if array.ndim == 4:
                array = array.transpose(3, 2, 0, 1)
            self.w[name] = lib.shared(np.ascontiguousarray(array), name=name)
        ndim = {"mlp": 2, "cnn": 4, "seq": 3}[workload_id]
        x = T.TensorType("float32", (False,) * ndim)("x") if hasattr(T, "TensorType") else T.tensor("x", dtype="float32", shape=(None,) * ndim)
        y = T.ivector("y")
        logits = forward(T, self.w, x, workload_id, conv, pool)
        shifted = logits - logits.max(axis=1, keepdims=True)
        log_probs = shifted - T.log(T.exp(shifted).sum(axis=1, keepdims=True))
        loss = -log_probs[T.arange(y.shape[0]), y].mean()
        params = list(self.w.values())
        grads = lib.grad(loss, params)
        updates = [(p, p - np.float32(learning_rate) * g) for p, g in zip(params, grads)]
        self._step = lib.function([x, y], loss, updates=updates)
        self._predict = lib.function([x], logits)

    def to_inputs(self, x, y=None):
        return (x.transpose(0, 3, 1, 2).copy() if x.ndim == 4 else x), y

    def train_step(self, batch):
        return float(self._step(*batch))

    def predict(self, batch):
        return self._predict(batch[0])

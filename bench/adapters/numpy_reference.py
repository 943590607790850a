"""The numpy reference adapter: the MLP with hand-written backpropagation (it really trains), and
the forward pass of every workload. It runs everywhere and is what the harness tests use."""

from bench.workloads import LEARNING_RATE
from bench.workloads.reference import forward

NAME = "numpy-reference"
FRAMEWORK = "numpy"
MODE = "reference (float32, hand-written gradients)"
ENV = "numpy"
PACKAGES = ("numpy",)
WORKLOADS = ("mlp", "cnn", "seq")

np = None


def load(threads):
    global np
    import numpy

    np = numpy


class Mlp:
    def __init__(self, weights):
        self.w = {k: v.copy() for k, v in weights.items()}

    def to_inputs(self, x, y=None):
        return x, y

    def predict(self, inputs):
        x, _ = inputs
        h1 = np.maximum(x @ self.w["dense1.kernel"] + self.w["dense1.bias"], 0)
        h2 = np.maximum(h1 @ self.w["dense2.kernel"] + self.w["dense2.bias"], 0)
        return h2 @ self.w["dense3.kernel"] + self.w["dense3.bias"]

    def train_step(self, inputs):
        x, y = inputs
        w = self.w
        h1 = np.maximum(x @ w["dense1.kernel"] + w["dense1.bias"], 0)
        h2 = np.maximum(h1 @ w["dense2.kernel"] + w["dense2.bias"], 0)
        logits = h2 @ w["dense3.kernel"] + w["dense3.bias"]
        shifted = logits - logits.max(axis=1, keepdims=True)
        probs = np.exp(shifted)
        probs /= probs.sum(axis=1, keepdims=True)
        rows = np.arange(len(y))
        loss = float(-np.log(probs[rows, y]).mean())
        d_logits = probs
        d_logits[rows, y] -= 1
        d_logits /= len(y)
        d_h2 = (d_logits @ w["dense3.kernel"].T) * (h2 > 0)
        d_h1 = (d_h2 @ w["dense2.kernel"].T) * (h1 > 0)
        grads = {
            "dense3.kernel": h2.T @ d_logits, "dense3.bias": d_logits.sum(axis=0),
            "dense2.kernel": h1.T @ d_h2, "dense2.bias": d_h2.sum(axis=0),
            "dense1.kernel": x.T @ d_h1, "dense1.bias": d_h1.sum(axis=0),
        }
        for name, grad in grads.items():
            w[name] -= LEARNING_RATE * grad.astype(np.float32)
        return loss


class ForwardOnly:
    def __init__(self, workload, weights):
        self.workload, self.weights = workload, weights

    def to_inputs(self, x, y=None):
        return x, y

    def predict(self, inputs):
        return forward(self.workload, self.weights, inputs[0]).astype(np.float32)


def build(workload, weights):
    return Mlp(weights) if workload.id == "mlp" else ForwardOnly(workload, weights)

"""MLX on Linux's CPU backend (the mlx[cpu] extra): mlx.nn modules, SGD, and mx.compile around
the step, with lazy arrays evaluated at the end of each call."""

import math
from functools import partial

from bench.workloads import LEARNING_RATE

NAME = "mlx-compile"
FRAMEWORK = "mlx"
MODE = "mx.compile, CPU"
ENV = "mlx"
PACKAGES = ("mlx",)
WORKLOADS = ("mlp", "cnn", "seq")

mx = nn = optim = np = None


def load(threads):
    global mx, nn, optim, np
    import mlx.core as mx
    import mlx.nn as nn
    import mlx.optimizers as optim
    import numpy as np

    mx.set_default_device(mx.cpu)


def make_model(workload_id):
    class Mlp(nn.Module):
        def __init__(self):
            super().__init__()
            self.dense1, self.dense2, self.dense3 = nn.Linear(784, 128), nn.Linear(128, 128), nn.Linear(128, 10)

        def __call__(self, x):
            return self.dense3(nn.relu(self.dense2(nn.relu(self.dense1(x)))))

    class Cnn(nn.Module):  # MLX convolutions are NHWC, like the data
        def __init__(self):
            super().__init__()
            self.conv1, self.conv2 = nn.Conv2d(3, 32, 3, padding=1), nn.Conv2d(32, 64, 3, padding=1)
            self.pool, self.dense = nn.MaxPool2d(2, 2), nn.Linear(64, 10)

        def __call__(self, x):
            h = self.pool(nn.relu(self.conv1(x)))
            return self.dense(nn.relu(self.conv2(h)).mean(axis=(1, 2)))

    class Seq(nn.Module):
        def __init__(self, dim=32):
            super().__init__()
            self.query, self.key, self.value, self.output = (nn.Linear(dim, dim, bias=False) for _ in range(4))
            self.ff1, self.ff2, self.head = nn.Linear(dim, 64), nn.Linear(64, dim), nn.Linear(dim, 10)

        def __call__(self, x):
            scores = self.query(x) @ self.key(x).transpose(0, 2, 1) / math.sqrt(x.shape[-1])
            h = x + self.output(mx.softmax(scores, axis=-1) @ self.value(x))
            h = h + self.ff2(nn.relu(self.ff1(h)))
            return self.head(h.mean(axis=1))

    return {"mlp": Mlp, "cnn": Cnn, "seq": Seq}[workload_id]()


def mlx_weights(weights):
    """MLX keeps dense weights (out, in) and convolution weights (out, h, w, in)."""
    pairs = []
    for name, array in weights.items():
        layer, _, kind = name.rpartition(".")
        if layer == "attn":
            layer, kind = kind, "kernel"
        if array.ndim == 4:
            array = array.transpose(3, 0, 1, 2)
        elif array.ndim == 2:
            array = array.T
        pairs.append((f"{layer}.{'bias' if kind == 'bias' else 'weight'}", mx.array(np.ascontiguousarray(array))))
    return pairs


class Model:
    def __init__(self, workload_id, weights):
        self.model = make_model(workload_id)
        self.model.load_weights(mlx_weights(weights))
        self.optimizer = optim.SGD(learning_rate=LEARNING_RATE)
        state = [self.model.state, self.optimizer.state]

        def loss_fn(model, x, y):
            return nn.losses.cross_entropy(model(x), y, reduction="mean")

        @partial(mx.compile, inputs=state, outputs=state)
        def step(x, y):
            loss, grads = nn.value_and_grad(self.model, loss_fn)(self.model, x, y)
            self.optimizer.update(self.model, grads)
            return loss

        self._step, self._state = step, state
        self._predict = mx.compile(lambda x: self.model(x), inputs=state)

    def to_inputs(self, x, y=None):
        return mx.array(x), None if y is None else mx.array(y)

    def train_step(self, batch):
        loss = self._step(*batch)
        mx.eval(self._state)
        return loss.item()

    def predict(self, batch):
        return np.array(self._predict(batch[0]))


def build(workload, weights):
    return Model(workload.id, weights)

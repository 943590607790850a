"""PaddlePaddle in dynamic-graph mode (its default): paddle.nn layers, SGD, op by op."""

import math

from bench.workloads import LEARNING_RATE

NAME = "paddle-dygraph"
FRAMEWORK = "paddlepaddle"
MODE = "dynamic graph (eager)"
ENV = "paddle"
PACKAGES = ("paddlepaddle",)
WORKLOADS = ("mlp", "cnn", "seq")

paddle = nn = F = None


def load(threads):
    global paddle, nn, F
    import paddle
    import paddle.nn as nn
    import paddle.nn.functional as F

    paddle.set_device("cpu")


def make_model(workload_id):
    if workload_id == "mlp":
        return nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 128), nn.ReLU(), nn.Linear(128, 10))
    if workload_id == "cnn":
        return nn.Sequential(
            nn.Conv2D(3, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2D(2),
            nn.Conv2D(32, 64, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2D(1), nn.Flatten(),
            nn.Linear(64, 10),
        )

    class Seq(nn.Layer):
        def __init__(self, dim=32):
            super().__init__()
            self.query, self.key, self.value, self.output = (
                nn.Linear(dim, dim, bias_attr=False) for _ in range(4))
            self.ff1, self.ff2, self.head = nn.Linear(dim, 64), nn.Linear(64, dim), nn.Linear(dim, 10)

        def forward(self, x):
            scores = self.query(x) @ self.key(x).transpose([0, 2, 1]) / math.sqrt(x.shape[-1])
            h = x + self.output(F.softmax(scores, axis=-1) @ self.value(x))
            h = h + self.ff2(F.relu(self.ff1(h)))
            return self.head(h.mean(axis=1))

    return Seq()


# Paddle keeps dense weights (in, out) like the workload, convolution weights (out, in, h, w).
STATE_NAMES = {
    "mlp": {"dense1": "0", "dense2": "2", "dense3": "4"},
    "cnn": {"conv1": "0", "conv2": "3", "dense": "7"},
    "seq": {"attn.query": "query", "attn.key": "key", "attn.value": "value", "attn.output": "output",
            "ff1": "ff1", "ff2": "ff2", "head": "head"},
}


class Model:
    def __init__(self, workload_id, weights):
        self.model = make_model(workload_id)
        state = {}
        for name, array in weights.items():
            layer, _, kind = name.rpartition(".") if name.endswith((".kernel", ".bias")) else (name, "", "kernel")
            key = STATE_NAMES[workload_id][layer] + (".bias" if kind == "bias" else ".weight")
            state[key] = array.transpose(3, 2, 0, 1) if array.ndim == 4 else array
        self.model.set_state_dict(state)
        self.optimizer = paddle.optimizer.SGD(learning_rate=LEARNING_RATE, parameters=self.model.parameters())

    def to_inputs(self, x, y=None):
        x = paddle.to_tensor(x.transpose(0, 3, 1, 2).copy() if x.ndim == 4 else x)
        return x, None if y is None else paddle.to_tensor(y.astype("int64"))

    def train_step(self, batch):
        x, y = batch
        loss = F.cross_entropy(self.model(x), y)
        loss.backward()
        self.optimizer.step()
        self.optimizer.clear_grad()
        return float(loss)

    def predict(self, batch):
        with paddle.no_grad():
            return self.model(batch[0]).numpy()


def build(workload, weights):
    return Model(workload.id, weights)

"""tinygrad on its CPU device (C source compiled by clang): tinygrad.nn layers, SGD, and TinyJit
around the step, which replays the captured kernels after two calls."""

import math

from bench.workloads import LEARNING_RATE

NAME = "tinygrad-jit"
FRAMEWORK = "tinygrad"
MODE = "TinyJit, CPU device"
ENV = "tinygrad"
PACKAGES = ("tinygrad",)
WORKLOADS = ("mlp", "cnn", "seq")

Context = Tensor = nn = TinyJit = None


def load(threads):
    global Context, Tensor, nn, TinyJit
    import os

    os.environ.setdefault("DEV", "CPU")  # read when tinygrad is imported
    from tinygrad import Context, Tensor, TinyJit, nn


class Mlp:
    def __init__(self):
        self.dense1, self.dense2, self.dense3 = nn.Linear(784, 128), nn.Linear(128, 128), nn.Linear(128, 10)

    def __call__(self, x):
        return self.dense3(self.dense2(self.dense1(x).relu()).relu())


class Cnn:
    def __init__(self):
        self.conv1, self.conv2 = nn.Conv2d(3, 32, 3, padding=1), nn.Conv2d(32, 64, 3, padding=1)
        self.dense = nn.Linear(64, 10)

    def __call__(self, x):
        h = self.conv1(x).relu().max_pool2d(2)
        return self.dense(self.conv2(h).relu().mean(axis=(2, 3)))


class Seq:
    def __init__(self, dim=32):
        self.query, self.key, self.value, self.output = (nn.Linear(dim, dim, bias=False) for _ in range(4))
        self.ff1, self.ff2, self.head = nn.Linear(dim, 64), nn.Linear(64, dim), nn.Linear(dim, 10)

    def __call__(self, x):
        scores = self.query(x) @ self.key(x).transpose(1, 2) / math.sqrt(x.shape[-1])
        h = x + self.output(scores.softmax(-1) @ self.value(x))
        h = h + self.ff2(self.ff1(h).relu())
        return self.head(h.mean(axis=1))


class Model:
    def __init__(self, workload_id, weights):
        self.model = {"mlp": Mlp, "cnn": Cnn, "seq": Seq}[workload_id]()
        # tinygrad keeps dense weights (out, in) and convolution weights (out, in, h, w), like PyTorch.
        for name, array in weights.items():
            layer_name, _, kind = name.rpartition(".")
            layer = getattr(self.model, kind if layer_name == "attn" else layer_name)
            if layer_name == "attn":
                kind = "kernel"
            array = array.transpose(3, 2, 0, 1) if array.ndim == 4 else (array.T if array.ndim == 2 else array)
            setattr(layer, "bias" if kind == "bias" else "weight", Tensor(array.copy()).realize())
        self.optimizer = nn.optim.SGD(nn.state.get_parameters(self.model), lr=LEARNING_RATE)

        @TinyJit
        def step(x, y):
            with Context(TRAINING=1):
                self.optimizer.zero_grad()
                loss = self.model(x).sparse_categorical_crossentropy(y).backward()
                # The loss and the update in one schedule: realized after step(), the lazy loss
                # would read the updated weights (the correctness check caught exactly that).
                return loss.realize(*self.optimizer.schedule_step())

        self._step = step
        self._predict = {}  # TinyJit replays one input shape: one per batch size

    def to_inputs(self, x, y=None):
        x = Tensor(x.transpose(0, 3, 1, 2).copy() if x.ndim == 4 else x).realize()
        return x, None if y is None else Tensor(y.astype("int32")).realize()

    def train_step(self, batch):
        return float(self._step(*batch).item())

    def predict(self, batch):
        x = batch[0]
        if x.shape not in self._predict:
            self._predict[x.shape] = TinyJit(lambda x: self.model(x).realize())
        return self._predict[x.shape](x).numpy()


def build(workload, weights):
    return Model(workload.id, weights)

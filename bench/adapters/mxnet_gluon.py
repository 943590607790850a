"""Apache MXNet 1.9 Gluon (the project was retired to the Apache Attic in 2023): imperative by
default, or hybridized into a cached symbolic graph."""

import math

from bench.workloads import LEARNING_RATE

NAME = "mxnet-gluon"
FRAMEWORK = "mxnet"
MODE = "Gluon, imperative"
ENV = "mxnet"
PACKAGES = ("mxnet",)
WORKLOADS = ("mlp", "cnn", "seq")

mx = nn = None


def load(threads):
    global mx, nn
    import mxnet as mx
    from mxnet.gluon import nn


def make_model(workload_id):
    if workload_id == "mlp":
        net = nn.HybridSequential()
        net.add(nn.Dense(128, activation="relu", in_units=784), nn.Dense(128, activation="relu", in_units=128),
                nn.Dense(10, in_units=128))
        return net, ["dense1", "dense2", "dense3"]
    if workload_id == "cnn":
        net = nn.HybridSequential()
        net.add(nn.Conv2D(32, 3, padding=1, activation="relu", in_channels=3), nn.MaxPool2D(2),
                nn.Conv2D(64, 3, padding=1, activation="relu", in_channels=32), nn.GlobalAvgPool2D(),
                nn.Flatten(), nn.Dense(10, in_units=64))
        return net, ["conv1", "conv2", "dense"]

    class Seq(nn.HybridBlock):
        def __init__(self, dim=32):
            super().__init__()
            with self.name_scope():
                self.query, self.key, self.value, self.output = (
                    nn.Dense(dim, use_bias=False, flatten=False, in_units=dim) for _ in range(4))
                self.ff1 = nn.Dense(64, activation="relu", flatten=False, in_units=dim)
                self.ff2 = nn.Dense(dim, flatten=False, in_units=64)
                self.head = nn.Dense(10, in_units=dim)

        def hybrid_forward(self, F, x):
            scores = F.batch_dot(self.query(x), self.key(x), transpose_b=True) / math.sqrt(32)
            h = x + self.output(F.batch_dot(F.softmax(scores, axis=-1), self.value(x)))
            h = h + self.ff2(self.ff1(h))
            return self.head(F.mean(h, axis=1))

    net = Seq()
    return net, ["attn.query", "attn.key", "attn.value", "attn.output", "ff1", "ff2", "head"]


class Model:
    def __init__(self, workload_id, weights, hybridize):
        self.net, layer_names = make_model(workload_id)
        self.net.initialize()
        # Gluon keeps dense weights (out, in) and convolution weights (out, in, h, w); its parameters
        # come in creation order, weight then bias, which follows the workload's order.
        params = [p for p in self.net.collect_params().values()]
        arrays = [weights[n] for n in weights]
        for param, array in zip(params, arrays):
            if array.ndim == 4:
                array = array.transpose(3, 2, 0, 1)
            elif array.ndim == 2:
                array = array.T
            param.set_data(mx.nd.array(array))
        if hybridize:
            self.net.hybridize(static_alloc=True, static_shape=True)
        self.loss = mx.gluon.loss.SoftmaxCrossEntropyLoss()
        self.trainer = mx.gluon.Trainer(self.net.collect_params(), "sgd", {"learning_rate": LEARNING_RATE})

    def to_inputs(self, x, y=None):
        x = mx.nd.array(x.transpose(0, 3, 1, 2) if x.ndim == 4 else x)
        return x, None if y is None else mx.nd.array(y)

    def train_step(self, batch):
        x, y = batch
        with mx.autograd.record():
            loss = self.loss(self.net(x), y)
        loss.backward()
        self.trainer.step(x.shape[0])  # gradients of the summed loss, divided by the batch: the mean
        return float(loss.mean().asscalar())

    def predict(self, batch):
        return self.net(batch[0]).asnumpy()


def build(workload, weights):
    return Model(workload.id, weights, hybridize=False)

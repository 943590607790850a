"""The workloads in MindSpore (nn.Cell, NCHW images), with the functional training step of
MindSpore 2 (value_and_grad over the optimizer's parameters); shared by the PyNative and graph
(ms.jit) adapters."""

import math

import mindspore as ms
import numpy as np
from mindspore import nn, ops


class Seq(nn.Cell):
    def __init__(self, dim=32):
        super().__init__()
        self.query, self.key, self.value, self.output = (nn.Dense(dim, dim, has_bias=False) for _ in range(4))
        self.ff1, self.ff2, self.head = nn.Dense(dim, 64), nn.Dense(64, dim), nn.Dense(dim, 10)
        self.scale = 1 / math.sqrt(dim)

    def construct(self, x):
        scores = ops.bmm(self.query(x), self.key(x).transpose(0, 2, 1)) * self.scale
        h = x + self.output(ops.bmm(ops.softmax(scores, axis=-1), self.value(x)))
        h = h + self.ff2(ops.relu(self.ff1(h)))
        return self.head(h.mean(axis=1))


class Cnn(nn.Cell):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 32, 3, pad_mode="pad", padding=1, has_bias=True)
        self.conv2 = nn.Conv2d(32, 64, 3, pad_mode="pad", padding=1, has_bias=True)
        self.pool, self.relu, self.dense = nn.MaxPool2d(2, 2), nn.ReLU(), nn.Dense(64, 10)

    def construct(self, x):
        h = self.relu(self.conv2(self.pool(self.relu(self.conv1(x)))))
        return self.dense(h.mean(axis=(2, 3)))


def make_model(workload_id):
    if workload_id == "mlp":
        return nn.SequentialCell([nn.Dense(784, 128), nn.ReLU(), nn.Dense(128, 128), nn.ReLU(), nn.Dense(128, 10)])
    return Cnn() if workload_id == "cnn" else Seq()


class Model:
    def __init__(self, workload_id, weights, learning_rate, wrap):
        self.model = make_model(workload_id)
        # Parameters come in creation order, which follows the workload's; dense weights are
        # (out, in) and convolution weights (out, in, h, w) in MindSpore.
        for param, array in zip(self.model.trainable_params(), weights.values(), strict=True):
            array = array.transpose(3, 2, 0, 1) if array.ndim == 4 else (array.T if array.ndim == 2 else array)
            assert tuple(param.shape) == array.shape, (param.name, param.shape, array.shape)
            param.set_data(ms.Tensor(np.ascontiguousarray(array)))
        loss_fn = nn.CrossEntropyLoss()
        optimizer = nn.SGD(self.model.trainable_params(), learning_rate=learning_rate)

        def forward(x, y):
            return loss_fn(self.model(x), y)

        grad_fn = ms.value_and_grad(forward, None, optimizer.parameters)

        def step(x, y):
            loss, grads = grad_fn(x, y)
            optimizer(grads)
            return loss

        def predict(x):  # a def, not a lambda: ms.jit parses the function's source
            return self.model(x)

        self._step, self._predict = wrap(step), wrap(predict)

    def to_inputs(self, x, y=None):
        x = ms.Tensor(x.transpose(0, 3, 1, 2).copy() if x.ndim == 4 else x)
        return x, None if y is None else ms.Tensor(y)

    def train_step(self, batch):
        self.model.set_train(True)
        return float(self._step(*batch).asnumpy())

    def predict(self, batch):
        self.model.set_train(False)
        return self._predict(batch[0]).asnumpy()

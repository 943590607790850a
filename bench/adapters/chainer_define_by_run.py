"""Chainer 7 (define-by-run, the framework that introduced it): chainer.links, SGD, op by op."""

import math

from bench.workloads import LEARNING_RATE

NAME = "chainer"
FRAMEWORK = "chainer"
MODE = "define-by-run (eager)"
ENV = "chainer"
PACKAGES = ("chainer",)
WORKLOADS = ("mlp", "cnn", "seq")

chainer = F = L = None


def load(threads):
    global chainer, F, L
    import chainer
    import chainer.functions as F
    import chainer.links as L


def make_model(workload_id, w):
    # Chainer's links keep dense weights (out, in) and convolution weights (out, in, h, w).
    def dense(name, bias=True):
        kernel = w[f"{name}.kernel"] if bias else w[name]
        return L.Linear(kernel.shape[0], kernel.shape[1], nobias=not bias, initialW=kernel.T.copy(),
                        initial_bias=w[f"{name}.bias"] if bias else None)

    def conv(name):
        kernel = w[f"{name}.kernel"]
        return L.Convolution2D(kernel.shape[2], kernel.shape[3], 3, pad=1,
                               initialW=kernel.transpose(3, 2, 0, 1).copy(), initial_bias=w[f"{name}.bias"])

    class Mlp(chainer.Chain):
        def __init__(self):
            super().__init__()
            with self.init_scope():
                self.dense1, self.dense2, self.dense3 = dense("dense1"), dense("dense2"), dense("dense3")

        def forward(self, x):
            return self.dense3(F.relu(self.dense2(F.relu(self.dense1(x)))))

    class Cnn(chainer.Chain):
        def __init__(self):
            super().__init__()
            with self.init_scope():
                self.conv1, self.conv2, self.dense = conv("conv1"), conv("conv2"), dense("dense")

        def forward(self, x):
            h = F.max_pooling_2d(F.relu(self.conv1(x)), 2)
            h = F.relu(self.conv2(h))
            return self.dense(F.mean(h, axis=(2, 3)))

    class Seq(chainer.Chain):
        def __init__(self):
            super().__init__()
            with self.init_scope():
                self.query, self.key = dense("attn.query", False), dense("attn.key", False)
                self.value, self.output = dense("attn.value", False), dense("attn.output", False)
                self.ff1, self.ff2, self.head = dense("ff1"), dense("ff2"), dense("head")

        def forward(self, x):
            def per_step(link, h):  # Linear flattens trailing axes; n_batch_axes keeps the steps
                return link(h, n_batch_axes=2)

            q, k, v = per_step(self.query, x), per_step(self.key, x), per_step(self.value, x)
            scores = F.matmul(q, k, transb=True) / math.sqrt(x.shape[-1])
            h = x + per_step(self.output, F.matmul(F.softmax(scores, axis=2), v))
            h = h + per_step(self.ff2, F.relu(per_step(self.ff1, h)))
            return self.head(F.mean(h, axis=1))

    return {"mlp": Mlp, "cnn": Cnn, "seq": Seq}[workload_id]()


class Model:
    def __init__(self, workload_id, weights):
        self.model = make_model(workload_id, weights)
        self.optimizer = chainer.optimizers.SGD(lr=LEARNING_RATE)
        self.optimizer.setup(self.model)

    def to_inputs(self, x, y=None):
        return (x.transpose(0, 3, 1, 2).copy() if x.ndim == 4 else x), y

    def train_step(self, batch):
        x, y = batch
        loss = F.softmax_cross_entropy(self.model(x), y)
        self.model.cleargrads()
        loss.backward()
        self.optimizer.update()
        return float(loss.array)

    def predict(self, batch):
        with chainer.using_config("train", False), chainer.no_backprop_mode():
            return self.model(batch[0]).array


def build(workload, weights):
    return Model(workload.id, weights)

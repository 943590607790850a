"""Apache MXNet 1.9 Gluon, hybridized: the same blocks as mxnet-gluon, compiled into a cached
static graph (hybridize(static_alloc=True, static_shape=True))."""

from bench.adapters import mxnet_gluon

NAME = "mxnet-hybrid"
FRAMEWORK = "mxnet"
MODE = "Gluon, hybridized (static graph)"
ENV = "mxnet"
PACKAGES = ("mxnet",)
WORKLOADS = ("mlp", "cnn", "seq")
USES = ("mxnet_gluon",)

load = mxnet_gluon.load


def build(workload, weights):
    return mxnet_gluon.Model(workload.id, weights, hybridize=True)

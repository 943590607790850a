"""Theano 1.0.5 (development ended in 2017; numpy 1.23 and an empty blas.ldflags make it run on
Python 3.11): a symbolic graph compiled to C by theano.function."""

from bench.workloads import LEARNING_RATE

NAME = "theano"
FRAMEWORK = "theano"
MODE = "theano.function (C code)"
ENV = "theano"
PACKAGES = ("theano",)
WORKLOADS = ("mlp", "cnn", "seq")
USES = ("_symbolic",)

theano = T = symbolic = None


def load(threads):
    global theano, T, symbolic
    import theano
    import theano.tensor as T

    from bench.adapters import _symbolic as symbolic

    theano.config.floatX = "float32"


def conv(x, kernel):
    return T.nnet.conv2d(x, kernel, border_mode="half", filter_flip=False)  # cross-correlation, "same"


def pool(x):
    from theano.tensor.signal.pool import pool_2d

    return pool_2d(x, ws=(2, 2), ignore_border=True, mode="max")


def build(workload, weights):
    return symbolic.Model(theano, T, workload.id, weights, LEARNING_RATE, conv=conv, pool=pool)

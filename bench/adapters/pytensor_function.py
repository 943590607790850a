"""PyTensor (the maintained fork of Theano, used by PyMC): a symbolic graph compiled by
pytensor.function with its default linker. PyTensor has no batched 2-D convolution op, so it runs
the MLP and the sequence model only."""

from bench.workloads import LEARNING_RATE

NAME = "pytensor"
FRAMEWORK = "pytensor"
MODE = "pytensor.function (default linker)"
ENV = "pytensor"
PACKAGES = ("pytensor",)
WORKLOADS = ("mlp", "seq")
USES = ("_symbolic",)

pytensor = pt = symbolic = None


def load(threads):
    global pytensor, pt, symbolic
    import pytensor
    import pytensor.tensor as pt

    from bench.adapters import _symbolic as symbolic

    pytensor.config.floatX = "float32"


def build(workload, weights):
    return symbolic.Model(pytensor, pt, workload.id, weights, LEARNING_RATE)

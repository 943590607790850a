"""MindSpore, PyNative (eager): the training step op by op."""

from bench.workloads import LEARNING_RATE

NAME = "mindspore-pynative"
FRAMEWORK = "mindspore"
MODE = "PyNative (eager)"
ENV = "mindspore"
PACKAGES = ("mindspore",)
WORKLOADS = ("mlp", "cnn", "seq")
USES = ("_mindspore_models",)

ms = models = None


def load(threads):
    global ms, models
    import mindspore as ms

    ms.set_device("CPU")  # threads: MindSpore's defaults, inside the CPUs the runner pins
    from bench.adapters import _mindspore_models as models


def build(workload, weights):
    return models.Model(workload.id, weights, LEARNING_RATE, wrap=lambda f: f)

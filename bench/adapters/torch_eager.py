"""PyTorch, eager execution: the module runs op by op as Python calls it."""

from bench.workloads import LEARNING_RATE

NAME = "torch-eager"
FRAMEWORK = "pytorch"
MODE = "eager"
ENV = "torch"
PACKAGES = ("torch",)
WORKLOADS = ("mlp", "cnn", "seq")
DEVICES = ("cpu", "cuda")
USES = ("_torch_models",)

models = None


def load(threads):
    global models
    import torch

    torch.set_num_threads(threads)
    torch.set_num_interop_threads(threads)
    from bench.adapters import _torch_models as models


def build(workload, weights):
    model = models.make_model(workload.id)
    models.load_weights(model, workload.id, weights)
    return models.Trainer(model, model, LEARNING_RATE)

"""PyTorch with torch.compile (TorchInductor, default mode): the module's forward and backward are
traced and compiled to C++ on first use; the optimizer step stays eager."""

from bench.workloads import LEARNING_RATE

NAME = "torch-compile"
FRAMEWORK = "pytorch"
MODE = "torch.compile (inductor, default mode)"
ENV = "torch"
PACKAGES = ("torch",)
WORKLOADS = ("mlp", "cnn", "seq")
DEVICES = ("cpu", "cuda")
USES = ("_torch_models",)

torch = None
models = None


def load(threads):
    global torch, models
    import torch

    torch.set_num_threads(threads)
    torch.set_num_interop_threads(threads)
    from bench.adapters import _torch_models as models


def build(workload, weights):
    model = models.make_model(workload.id)
    models.load_weights(model, workload.id, weights)
    return models.Trainer(model, torch.compile(model), LEARNING_RATE)

"""Keras 3 on its torch backend, with Keras's defaults (jit_compile="auto")."""

from bench.workloads import LEARNING_RATE

NAME = "keras-torch"
FRAMEWORK = "keras"
MODE = "Keras 3, torch backend"
ENV = "keras-torch"
PACKAGES = ("keras", "torch")
WORKLOADS = ("mlp", "cnn", "seq")
DEVICES = ("cpu", "cuda")
USES = ("_keras_models",)

models = None


def load(threads):
    global models
    import os

    os.environ["KERAS_BACKEND"] = "torch"
    import torch

    torch.set_num_threads(threads)
    torch.set_num_interop_threads(threads)
    from bench.adapters import _keras_models as models


def build(workload, weights):
    return models.Model(workload.id, weights, LEARNING_RATE)

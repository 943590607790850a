"""Keras 3 on its jax backend, with Keras's defaults (jit_compile="auto")."""

from bench.workloads import LEARNING_RATE

NAME = "keras-jax"
FRAMEWORK = "keras"
MODE = "Keras 3, jax backend"
ENV = "keras-jax"
PACKAGES = ("keras", "jax")
WORKLOADS = ("mlp", "cnn", "seq")
DEVICES = ("cpu", "cuda")
USES = ("_keras_models",)

models = None


def load(threads):
    global models
    import os

    os.environ["KERAS_BACKEND"] = "jax"  # XLA threads: XLA_FLAGS from the runner (run.py: xla_flags)
    from bench.adapters import _keras_models as models


def build(workload, weights):
    return models.Model(workload.id, weights, LEARNING_RATE)

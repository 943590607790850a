"""Keras 3 on its tensorflow backend, with Keras's defaults (jit_compile="auto")."""

from bench.workloads import LEARNING_RATE

NAME = "keras-tensorflow"
FRAMEWORK = "keras"
MODE = "Keras 3, tensorflow backend"
ENV = "keras-tensorflow"
PACKAGES = ("keras", "tensorflow")
WORKLOADS = ("mlp", "cnn", "seq")
DEVICES = ("cpu", "cuda")
USES = ("_keras_models",)

models = None


def load(threads):
    global models
    import os

    os.environ["KERAS_BACKEND"] = "tensorflow"
    import tensorflow as tf

    tf.config.threading.set_intra_op_parallelism_threads(threads)
    tf.config.threading.set_inter_op_parallelism_threads(threads)
    from bench.adapters import _keras_models as models


def build(workload, weights):
    return models.Model(workload.id, weights, LEARNING_RATE)

"""TensorFlow, eager (op by op): the step written with tf.Variable, tf.nn ops and GradientTape."""

from bench.workloads import LEARNING_RATE

NAME = "tf-eager"
FRAMEWORK = "tensorflow"
MODE = "eager (op by op)"
ENV = "tensorflow"
PACKAGES = ("tensorflow",)
WORKLOADS = ("mlp", "cnn", "seq")
DEVICES = ("cpu", "cuda")
USES = ("_tf_models",)

tf = None
models = None


def load(threads):
    global tf, models
    import tensorflow as tf

    from bench.adapters import _tf_models as models

    models.load(threads)


def build(workload, weights):
    return models.Model(workload.id, weights, LEARNING_RATE, wrap=lambda f: f)

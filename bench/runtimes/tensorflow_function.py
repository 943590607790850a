"""TensorFlow: the TensorFlow model (a tf.Module whose `serve` is a tf.function, NHWC) saved as a
SavedModel, loaded with tf.saved_model.load and called through its restored tf.function (graph
execution, no XLA)."""

from __future__ import annotations

from pathlib import Path

ID = "tensorflow-function"
TITLE = "TensorFlow SavedModel (tf.function)"
FRAMEWORK = "tensorflow"
ENV = CONVERT_ENV = "rt-tensorflow"
FORMAT = "savedmodel"
PATH = "numpy weights -> TensorFlow model (tf.Module, NHWC) -> tf.saved_model.save -> tf.saved_model.load -> tf.function"
PRECISION = "float32"
PACKAGE = "tensorflow"
CONVERTER = ("tensorflow",)
IMPORTS = ("tensorflow",)  # imported (and timed) before the model is loaded
CONVERT_IMPORTS = ("tensorflow",)  # imported before conversion is timed


def set_threads(threads: int) -> None:
    from bench.runtimes import _tf_nets

    _tf_nets.set_threads(threads)


def convert(weights_file: Path, workload, out_dir: Path):
    import tensorflow as tf

    from bench.runtimes import _tf_nets, package_versions
    from bench.workloads.realistic import read_npz

    module = _tf_nets.build(workload, read_npz(weights_file))
    path = out_dir / f"{workload.id}.savedmodel"
    tf.saved_model.save(module, str(path), signatures={"serving_default": module.serve.get_concrete_function()})
    return path, package_versions(CONVERTER) + " (tf.saved_model.save)"


def load(model_file: Path, workload):
    import tensorflow as tf

    loaded = tf.saved_model.load(str(model_file))  # kept: its variables die with it

    def run(x):
        return loaded.serve(x).numpy()

    return run


def to_inputs(workload, x):
    import tensorflow as tf

    from bench.runtimes import _tf_nets

    return tf.constant(_tf_nets.to_inputs(workload, x))

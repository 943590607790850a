"""LiteRT (formerly TensorFlow Lite): the TensorFlow model (a tf.Module with a serving tf.function)
saved as a SavedModel and converted with tf.lite.TFLiteConverter.from_saved_model, float32 with no
optimisations (so no quantisation); the .tflite file run by ai_edge_litert's Interpreter (its
default XNNPACK delegate), resized to each batch size. Converting needs TensorFlow (the rt-tensorflow
environment); running needs only ai-edge-litert."""

from __future__ import annotations

import shutil
from pathlib import Path

ID = "litert-interpreter"
TITLE = "LiteRT interpreter (XNNPACK delegate)"
FRAMEWORK = "litert"
ENV = "rt-litert"
CONVERT_ENV = "rt-tensorflow"
FORMAT = "tflite"
PATH = ("numpy weights -> TensorFlow model (tf.Module, NHWC) -> SavedModel -> "
        "tf.lite.TFLiteConverter.from_saved_model (float32, no optimisations) -> .tflite -> ai_edge_litert Interpreter")
PRECISION = "float32"
PACKAGE = "ai-edge-litert"
CONVERTER = ("tensorflow",)
IMPORTS = ("ai_edge_litert.interpreter",)  # imported (and timed) before the model is loaded
CONVERT_IMPORTS = ("tensorflow",)  # imported before conversion is timed
THREADS = 1


def set_threads(threads: int) -> None:
    global THREADS
    THREADS = threads


def convert(weights_file: Path, workload, out_dir: Path):
    import tensorflow as tf

    from bench.runtimes import _tf_nets, package_versions
    from bench.workloads.realistic import read_npz

    module = _tf_nets.build(workload, read_npz(weights_file))
    staging = out_dir / "saved-model-staging"
    tf.saved_model.save(module, str(staging), signatures={"serving_default": module.serve.get_concrete_function()})
    flatbuffer = tf.lite.TFLiteConverter.from_saved_model(str(staging)).convert()
    shutil.rmtree(staging)
    path = out_dir / f"{workload.id}.tflite"
    path.write_bytes(flatbuffer)
    return path, package_versions(CONVERTER) + " (tf.lite.TFLiteConverter)"


def load(model_file: Path, workload):
    from ai_edge_litert.interpreter import Interpreter

    interpreter = Interpreter(model_path=str(model_file), num_threads=THREADS)
    interpreter.allocate_tensors()
    inp = interpreter.get_input_details()[0]["index"]
    out = interpreter.get_output_details()[0]["index"]
    shape = [None]

    def run(x):
        if shape[0] != x.shape:  # a new batch size: resize once (the first call at that size pays)
            interpreter.resize_tensor_input(inp, list(x.shape))
            interpreter.allocate_tensors()
            shape[0] = x.shape
        interpreter.set_tensor(inp, x)
        interpreter.invoke()
        return interpreter.get_tensor(out)

    return run


def to_inputs(workload, x):
    import numpy as np

    from bench.workloads.realistic import ResNetConfig

    if isinstance(workload.config, ResNetConfig):
        return np.ascontiguousarray(x.transpose(0, 2, 3, 1))
    return x.astype(np.int32)

"""ONNX Runtime, CPU execution provider: the weights written as an ONNX graph with onnx.helper, loaded
by an InferenceSession with its default graph optimisations (ORT_ENABLE_ALL)."""

from __future__ import annotations

from pathlib import Path

ID = "onnxruntime-cpu"
TITLE = "ONNX Runtime (CPU execution provider)"
FRAMEWORK = "onnx-runtime"
ENV = CONVERT_ENV = "rt-onnxruntime"
FORMAT = "onnx"
PATH = "numpy weights -> ONNX graph built with onnx.helper (opset 17) -> InferenceSession"
PRECISION = "float32"
PACKAGE = "onnxruntime"
CONVERTER = ("onnx",)
IMPORTS = ("onnxruntime",)  # imported (and timed) before the model is loaded
CONVERT_IMPORTS = ("onnx",)  # imported before conversion is timed
THREADS = 1


def set_threads(threads: int) -> None:
    global THREADS
    THREADS = threads


def convert(weights_file: Path, workload, out_dir: Path):
    import onnx

    from bench.runtimes import _onnx_nets, package_versions
    from bench.workloads.realistic import read_npz

    path = out_dir / f"{workload.id}.onnx"
    onnx.save(_onnx_nets.make_model(workload, read_npz(weights_file)), str(path))
    return path, package_versions(CONVERTER)


def load(model_file: Path, workload):
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = THREADS
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    session = ort.InferenceSession(str(model_file), options, providers=["CPUExecutionProvider"])
    return lambda x: session.run(["output"], {"input": x})[0]


def to_inputs(workload, x):
    import numpy as np

    return np.ascontiguousarray(x)

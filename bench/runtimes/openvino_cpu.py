"""OpenVINO, CPU plugin: the same onnx.helper graph as ONNX Runtime's, converted with
openvino.convert_model and saved as OpenVINO IR (float32 weights: compress_to_fp16=False), then
read and compiled for the CPU with float32 inference precision, one stream, one thread."""

from __future__ import annotations

import shutil
from pathlib import Path

ID = "openvino-cpu"
TITLE = "OpenVINO (CPU plugin)"
FRAMEWORK = "openvino"
ENV = CONVERT_ENV = "rt-openvino"
FORMAT = "openvino-ir"
PATH = ("numpy weights -> ONNX graph built with onnx.helper (opset 17) -> openvino.convert_model -> "
        "OpenVINO IR (save_model, float32) -> compile_model on CPU")
PRECISION = "float32"
PACKAGE = "openvino"
CONVERTER = ("openvino", "onnx")
IMPORTS = ("openvino",)  # imported (and timed) before the model is loaded
CONVERT_IMPORTS = ("openvino",)  # imported before conversion is timed
THREADS = 1


def set_threads(threads: int) -> None:
    global THREADS
    THREADS = threads


def convert(weights_file: Path, workload, out_dir: Path):
    import onnx
    import openvino as ov

    from bench.runtimes import _onnx_nets, package_versions
    from bench.workloads.realistic import read_npz

    staging = out_dir / "onnx-staging"
    staging.mkdir(exist_ok=True)
    onnx_path = staging / f"{workload.id}.onnx"
    onnx.save(_onnx_nets.make_model(workload, read_npz(weights_file)), str(onnx_path))
    path = out_dir / f"{workload.id}.xml"
    ov.save_model(ov.convert_model(str(onnx_path)), str(path), compress_to_fp16=False)
    shutil.rmtree(staging)  # the runtime loads the IR (.xml and .bin), not the ONNX file
    return path, package_versions(CONVERTER)


def load(model_file: Path, workload):
    import openvino as ov

    core = ov.Core()
    config = {"INFERENCE_NUM_THREADS": THREADS, "INFERENCE_PRECISION_HINT": "f32", "NUM_STREAMS": 1,
              "PERFORMANCE_HINT": "LATENCY"}
    compiled = core.compile_model(core.read_model(str(model_file)), "CPU", config)
    request = compiled.create_infer_request()
    output = compiled.output(0)
    return lambda x: request.infer({0: x})[output].copy()


def to_inputs(workload, x):
    import numpy as np

    return np.ascontiguousarray(x)

"""The numpy float32 reference as a runtime: not measured by default (numpy is the yardstick, not
a runtime a reader deploys); the harness's tests run the worker with it, needing no framework."""

from __future__ import annotations

import shutil
from pathlib import Path

ID = "numpy-reference"
TITLE = "numpy float32 reference"
FRAMEWORK = "numpy"
ENV = CONVERT_ENV = "numpy"
FORMAT = "npz"
PATH = "numpy weights (.npz) -> numpy forward pass"
PRECISION = "float32"
PACKAGE = "numpy"
CONVERTER: tuple[str, ...] = ()
IMPORTS = ("numpy",)
CONVERT_IMPORTS: tuple[str, ...] = ()


def set_threads(threads: int) -> None:
    pass


def convert(weights_file: Path, workload, out_dir: Path):
    path = out_dir / f"{workload.id}.npz"
    shutil.copyfile(weights_file, path)
    return path, None


def load(model_file: Path, workload):
    from bench.workloads.realistic import read_npz, reference_forward

    weights = read_npz(model_file)
    return lambda x: reference_forward(workload, weights, x)


def to_inputs(workload, x):
    return x

"""Inference runtimes for `python -m bench infer`, one module per runtime, each in the style a user of
that runtime writes. Importing a runtime module does not import its framework (the framework is
imported inside its functions), so the registry below works with numpy alone.

Every module defines:
  ID, TITLE, FRAMEWORK (a framework id of data/frameworks/), ENV (the environment that runs it),
  CONVERT_ENV (the environment that converts: LiteRT converts with TensorFlow), FORMAT, PATH (the
  conversion path in words), PRECISION, PACKAGE (whose version is the runtime's), CONVERTER
  (packages whose versions name the converter; empty: no conversion step);
  set_threads(threads)                 thread settings, after the environment variables;
  convert(weights_file, workload, out_dir) -> (model file, converter version or None);
  load(model_file, workload) -> run, where run(inputs) returns a numpy array;
  to_inputs(workload, x) -> the runtime's input (layout and dtype), made once, outside the timer.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from importlib import metadata
from types import ModuleType

MODULES = ("onnxruntime_cpu", "openvino_cpu", "torch_eager", "executorch_xnnpack", "litert_interpreter",
           "tensorflow_function", "jax_jit")


@dataclass(frozen=True)
class RuntimeInfo:
    module: str
    id: str
    title: str
    framework: str
    env: str
    convert_env: str
    format: str
    path: str
    precision: str
    package: str
    converter: tuple[str, ...]


def import_runtime(module: str) -> ModuleType:
    return importlib.import_module(f"bench.runtimes.{module}")


def all_runtimes() -> dict[str, RuntimeInfo]:
    found = {}
    for module in MODULES:
        m = import_runtime(module)
        found[m.ID] = RuntimeInfo(module, m.ID, m.TITLE, m.FRAMEWORK, m.ENV, m.CONVERT_ENV, m.FORMAT, m.PATH,
                                  m.PRECISION, m.PACKAGE, tuple(m.CONVERTER))
    return found


def package_versions(packages: tuple[str, ...] | list[str]) -> str | None:
    """'onnx 1.23.2, ...' from the installed distributions; None for no packages."""
    if not packages:
        return None
    return ", ".join(f"{p} {metadata.version(p)}" for p in packages)

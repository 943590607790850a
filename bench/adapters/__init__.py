"""One module per framework and execution mode. Each module is the code the site shows for it.

A module defines, without importing its framework at import time (so listing and validating work
where the framework is not installed):

    NAME       the adapter's id, e.g. "torch-compile"
    FRAMEWORK  the framework's id in data/frameworks/
    MODE       the execution mode in words ("eager", "torch.compile", "XLA", ...)
    ENV        the environment (bench/envs/requirements/<ENV>.txt) it runs in
    PACKAGES   the distributions whose versions identify the framework (the first is the framework)
    WORKLOADS  the workload ids it implements
    DEVICES    (optional) the devices it supports, default ("cpu",); "cuda" where the framework
               places work on a visible GPU itself or the adapter moves it there
    USES       (optional) private modules of this folder it shares with other modes, e.g. the
               model definitions; their lines count as the adapter's too
    load(threads)            import the framework and fix its thread count (timed as import time)
    build(workload, weights) a model object with
        to_inputs(x, y=None)   framework arrays from the numpy batch (not timed)
        train_step(inputs)     one SGD step; returns the loss as a Python float (absent: inference only)
        predict(inputs)        the logits as a numpy array
"""

from __future__ import annotations

import ast
import importlib
from dataclasses import dataclass
from pathlib import Path

ADAPTER_DIR = Path(__file__).parent
_CONSTANTS = ("NAME", "FRAMEWORK", "MODE", "ENV", "PACKAGES", "WORKLOADS")


@dataclass(frozen=True)
class AdapterInfo:
    name: str
    framework: str
    mode: str
    env: str
    packages: tuple[str, ...]
    workloads: tuple[str, ...]
    module: str
    path: Path
    uses: tuple[str, ...] = ()
    devices: tuple[str, ...] = ("cpu",)

    @property
    def lines_of_code(self) -> int:
        """Non-blank, non-comment lines, docstrings included (they are part of what a reader sees)."""
        lines = [line for path in (self.path, *(ADAPTER_DIR / f"{u}.py" for u in self.uses))
                 for line in path.read_text().splitlines()]
        return sum(1 for line in lines if line.strip() and not line.strip().startswith("#"))


def read_info(path: Path) -> AdapterInfo:
    """The module's constants, read from its source without importing it."""
    tree = ast.parse(path.read_text(), str(path))
    found: dict[str, object] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            if node.targets[0].id in (*_CONSTANTS, "USES", "DEVICES"):
                found[node.targets[0].id] = ast.literal_eval(node.value)
    missing = [name for name in _CONSTANTS if name not in found]
    if missing:
        raise ValueError(f"{path}: adapter lacks {', '.join(missing)}")
    return AdapterInfo(
        name=str(found["NAME"]),
        framework=str(found["FRAMEWORK"]),
        mode=str(found["MODE"]),
        env=str(found["ENV"]),
        packages=tuple(found["PACKAGES"]),  # type: ignore[arg-type]
        workloads=tuple(found["WORKLOADS"]),  # type: ignore[arg-type]
        module=f"bench.adapters.{path.stem}",
        path=path,
        uses=tuple(found.get("USES", ())),  # type: ignore[arg-type]
        devices=tuple(found.get("DEVICES", ("cpu",))),  # type: ignore[arg-type]
    )


def all_adapters() -> dict[str, AdapterInfo]:
    infos = [read_info(p) for p in sorted(ADAPTER_DIR.glob("*.py")) if not p.name.startswith("_")]
    return {info.name: info for info in infos}


def import_adapter(info: AdapterInfo):
    return importlib.import_module(info.module)

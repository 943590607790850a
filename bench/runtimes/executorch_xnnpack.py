"""ExecuTorch with the XNNPACK backend: the torch.nn model exported with torch.export (batch
dimension dynamic, 1 to 8), lowered with to_edge_transform_and_lower and the XnnpackPartitioner,
written as a .pte program, loaded and run with executorch.runtime (float32; no quantisation)."""

from __future__ import annotations

from pathlib import Path

ID = "executorch-xnnpack"
TITLE = "ExecuTorch (XNNPACK backend)"
FRAMEWORK = "executorch"
ENV = CONVERT_ENV = "rt-executorch"
FORMAT = "pte"
PATH = ("numpy weights -> torch.nn modules -> torch.export (dynamic batch 1-8) -> "
        "to_edge_transform_and_lower with XnnpackPartitioner -> .pte -> executorch.runtime")
PRECISION = "float32"
PACKAGE = "executorch"
CONVERTER = ("executorch", "torch")
IMPORTS = ("executorch.runtime",)  # imported (and timed) before the model is loaded
CONVERT_IMPORTS = ("executorch.exir",)  # imported before conversion is timed
THREADS = 1


def set_threads(threads: int) -> None:
    global THREADS
    THREADS = threads
    from bench.runtimes import _torch_nets

    _torch_nets.set_threads(threads)


def convert(weights_file: Path, workload, out_dir: Path):
    import numpy as np
    import torch
    from executorch.backends.xnnpack.partition.xnnpack_partitioner import XnnpackPartitioner
    from executorch.exir import to_edge_transform_and_lower

    from bench.runtimes import _torch_nets, package_versions
    from bench.workloads.realistic import inputs_for, read_npz

    model = _torch_nets.build(workload, read_npz(weights_file))
    example = _torch_nets.to_inputs(workload, np.ascontiguousarray(inputs_for(workload)[:2]))
    batch = torch.export.Dim("batch", min=1, max=max(workload.batches))
    exported = torch.export.export(model, (example,), dynamic_shapes=({0: batch},))
    program = to_edge_transform_and_lower(exported, partitioner=[XnnpackPartitioner()]).to_executorch()
    path = out_dir / f"{workload.id}.pte"
    path.write_bytes(program.buffer)
    return path, package_versions(CONVERTER)


def load(model_file: Path, workload):
    from executorch.extension.pybindings.portable_lib import _unsafe_reset_threadpool
    from executorch.runtime import Runtime

    _unsafe_reset_threadpool(THREADS)
    method = Runtime.get().load_program(Path(model_file)).load_method("forward")
    return lambda x: method.execute((x,))[0].numpy()


def to_inputs(workload, x):
    from bench.runtimes import _torch_nets

    return _torch_nets.to_inputs(workload, x)

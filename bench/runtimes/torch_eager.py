"""PyTorch eager: torch.nn modules (torchvision's ResNet-18 names and layout), the numpy weights
loaded with load_state_dict and saved as a state dict (torch.save), run under torch.inference_mode."""

from __future__ import annotations

from pathlib import Path

ID = "torch-eager"
TITLE = "PyTorch eager (torch.inference_mode)"
FRAMEWORK = "pytorch"
ENV = CONVERT_ENV = "rt-torch"
FORMAT = "pytorch-checkpoint"  # the capability vocabulary's id for a torch.save file
PATH = "numpy weights -> torch.nn modules (load_state_dict) -> torch.save state dict -> eager forward in inference_mode"
PRECISION = "float32"
PACKAGE = "torch"
CONVERTER = ("torch",)
IMPORTS = ("torch",)  # imported (and timed) before the model is loaded
CONVERT_IMPORTS = ("torch",)  # imported before conversion is timed


def set_threads(threads: int) -> None:
    from bench.runtimes import _torch_nets

    _torch_nets.set_threads(threads)


def convert(weights_file: Path, workload, out_dir: Path):
    import torch

    from bench.runtimes import _torch_nets, package_versions
    from bench.workloads.realistic import read_npz

    path = out_dir / f"{workload.id}.pt"
    torch.save(_torch_nets.build(workload, read_npz(weights_file)).state_dict(), str(path))
    return path, package_versions(CONVERTER)


def load(model_file: Path, workload):
    import torch

    from bench.runtimes import _torch_nets

    state = torch.load(str(model_file), weights_only=True)
    model = _torch_nets.build(workload, {k: v.numpy() for k, v in state.items() if not k.endswith("num_batches_tracked")})

    def run(x):
        with torch.inference_mode():
            return model(x).numpy()

    return run


def to_inputs(workload, x):
    from bench.runtimes import _torch_nets

    return _torch_nets.to_inputs(workload, x)

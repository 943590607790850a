"""The workloads, defined once and framework-neutral: shapes, parameters, data, initial weights.

Every adapter builds the same architecture from the same float32 arrays, so the first loss of a
training step must agree with the numpy reference (bench/workloads/reference.py) within
FIRST_LOSS_RTOL; that check is what proves the workloads are the same, and it is recorded with
each result.

Conventions every adapter follows:
- images are NHWC in the data; convolution kernels are stored HWIO (height, width, in, out) and
  dense kernels (in, out); an adapter whose framework wants another layout transposes them;
- "same" padding for 3x3 convolutions (one pixel of zeros each side), stride 1; 2x2 max pooling;
- the loss is the mean softmax cross-entropy over the batch, integer labels;
- the training step is plain SGD with LEARNING_RATE, no momentum, no weight decay.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

SEED = 20261127
LEARNING_RATE = 0.01
FIRST_LOSS_RTOL = 1e-3  # 0.1 %: float32 summation order differs between BLAS and conv algorithms


@dataclass(frozen=True)
class Param:
    name: str
    shape: tuple[int, ...]
    fan_in: int  # for the scale of the initial weights (He normal); 0 means zeros (biases)


@dataclass(frozen=True)
class Workload:
    id: str
    title: str
    sample_shape: tuple[int, ...]  # one input sample, without the batch dimension
    classes: int
    train_batch: int
    infer_batches: tuple[int, ...]
    params: tuple[Param, ...]

    @property
    def parameter_count(self) -> int:
        return sum(int(np.prod(p.shape)) for p in self.params)


def _dense(name: str, n_in: int, n_out: int) -> tuple[Param, Param]:
    return Param(f"{name}.kernel", (n_in, n_out), n_in), Param(f"{name}.bias", (n_out,), 0)


def _conv(name: str, c_in: int, c_out: int) -> tuple[Param, Param]:
    return Param(f"{name}.kernel", (3, 3, c_in, c_out), 9 * c_in), Param(f"{name}.bias", (c_out,), 0)


MLP = Workload(
    id="mlp",
    title="MLP, 28x28 input flattened: dense 784-128 ReLU, 128-128 ReLU, 128-10",
    sample_shape=(784,),
    classes=10,
    train_batch=64,
    infer_batches=(1, 64),
    params=(*_dense("dense1", 784, 128), *_dense("dense2", 128, 128), *_dense("dense3", 128, 10)),
)

CNN = Workload(
    id="cnn",
    title="CNN, 32x32x3 input: conv3x3 3-32 ReLU, maxpool 2, conv3x3 32-64 ReLU, global average pool, dense 64-10",
    sample_shape=(32, 32, 3),
    classes=10,
    train_batch=32,
    infer_batches=(1, 32),
    params=(*_conv("conv1", 3, 32), *_conv("conv2", 32, 64), *_dense("dense", 64, 10)),
)

SEQ_LEN, SEQ_DIM = 16, 32
SEQ = Workload(
    id="seq",
    title=(
        "Sequence model, 16 steps x 32 features: one single-head self-attention block with residual, "
        "a ReLU feed-forward 32-64-32 with residual, mean over steps, dense 32-10"
    ),
    sample_shape=(SEQ_LEN, SEQ_DIM),
    classes=10,
    train_batch=32,
    infer_batches=(1, 32),
    params=(
        Param("attn.query", (SEQ_DIM, SEQ_DIM), SEQ_DIM),
        Param("attn.key", (SEQ_DIM, SEQ_DIM), SEQ_DIM),
        Param("attn.value", (SEQ_DIM, SEQ_DIM), SEQ_DIM),
        Param("attn.output", (SEQ_DIM, SEQ_DIM), SEQ_DIM),
        *_dense("ff1", SEQ_DIM, 64),
        *_dense("ff2", 64, SEQ_DIM),
        *_dense("head", SEQ_DIM, 10),
    ),
)

WORKLOADS: dict[str, Workload] = {w.id: w for w in (MLP, CNN, SEQ)}


def initial_weights(workload: Workload) -> dict[str, np.ndarray]:
    """He-normal kernels and zero biases, float32, from one seeded generator (same on every run)."""
    rng = np.random.default_rng(SEED)
    weights = {}
    for param in workload.params:
        if param.fan_in:
            values = rng.standard_normal(param.shape) * np.sqrt(2.0 / param.fan_in)
        else:
            values = np.zeros(param.shape)
        weights[param.name] = values.astype(np.float32)
    return weights


def batch(workload: Workload, size: int) -> tuple[np.ndarray, np.ndarray]:
    """A fixed batch of inputs in [0, 1) and integer labels (int32); data feeding is not timed."""
    rng = np.random.default_rng(SEED + size)
    x = rng.random((size, *workload.sample_shape)).astype(np.float32)
    y = rng.integers(0, workload.classes, size=size).astype(np.int32)
    return x, y


def write_inputs(workload: Workload, folder: Path) -> Path:
    """Generate weights and batches once, in the harness, and store them for the workers.

    The workers run other numpy versions (1.23 to 2.3); generating there could give other numbers,
    so every framework loads this one file instead.
    """
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{workload.id}.npz"
    arrays = {f"w:{k}": v for k, v in initial_weights(workload).items()}
    for size in sorted({workload.train_batch, *workload.infer_batches}):
        x, y = batch(workload, size)
        arrays[f"x:{size}"], arrays[f"y:{size}"] = x, y
    np.savez(path, **arrays)
    return path


@dataclass(frozen=True)
class Inputs:
    weights: dict[str, np.ndarray]
    batches: dict[int, tuple[np.ndarray, np.ndarray]]


def read_inputs(path: Path) -> Inputs:
    with np.load(path) as stored:
        weights = {k[2:]: stored[k] for k in stored.files if k.startswith("w:")}
        sizes = sorted(int(k[2:]) for k in stored.files if k.startswith("x:"))
        batches = {n: (stored[f"x:{n}"], stored[f"y:{n}"]) for n in sizes}
    return Inputs(weights, batches)

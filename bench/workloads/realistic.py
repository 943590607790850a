"""The two inference workloads of realistic size, defined once for every runtime (bench infer).

- `resnet18`: a ResNet-18 image classifier (torchvision's BasicBlock layout: 7x7/2 stem, 3x3/2 max
  pool, four stages of two BasicBlocks of widths 64-128-256-512, a 1x1/2 convolution with
  batchnorm on each downsampling shortcut, global average pool, dense 512-1000), input NCHW
  3x224x224 float32. Batchnorm is kept in inference form (scale, shift, running mean and
  variance, epsilon 1e-5); each runtime's converter folds it if it folds.
- `encoder`: a BERT-style transformer encoder: token embedding (vocabulary 8192) plus learned
  positions, layernorm, then 4 post-layernorm layers of hidden size 256, 4 heads, a GELU (tanh
  approximation) feed-forward of 1024; no attention mask; sequence 128; the output is the last
  hidden states, shape (batch, 128, 256). Input: int64 token ids (batch, 128).

Weights follow PyTorch's names and layouts (convolutions OIHW, dense weights (out, in)) so that
`state_dict` names read across; a runtime that wants another layout transposes at conversion.
They are generated once with numpy (fixed seed; He-normal convolutions, Xavier-normal dense
layers, batchnorm statistics drawn near 0 and 1, the second batchnorm of each block scaled down as
in a trained residual net) so activations stay of order one. The numpy float32 forward pass here
is the reference every runtime's outputs are compared with.

Parameter counts are counted from the weights: every array but the batchnorm running statistics
(buffers, not parameters), so ResNet-18 with 1000 classes has torchvision's 11,689,512.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

SEED = 20261207
BN_EPS = 1e-5
LN_EPS = 1e-5
BATCHES = (1, 8)
BUFFERS = ("running_mean", "running_var")


@dataclass(frozen=True)
class ResNetConfig:
    widths: tuple[int, ...] = (64, 128, 256, 512)
    blocks: tuple[int, ...] = (2, 2, 2, 2)
    classes: int = 1000
    image: int = 224
    channels: int = 3


@dataclass(frozen=True)
class EncoderConfig:
    layers: int = 4
    hidden: int = 256
    heads: int = 4
    ffn: int = 1024
    sequence: int = 128
    vocab: int = 8192


@dataclass(frozen=True)
class RealisticWorkload:
    id: str
    title: str
    config: ResNetConfig | EncoderConfig
    batches: tuple[int, ...] = BATCHES

    @property
    def sample_shape(self) -> tuple[int, ...]:
        c = self.config
        if isinstance(c, ResNetConfig):
            return (c.channels, c.image, c.image)
        return (c.sequence,)


RESNET18 = RealisticWorkload("resnet18", "ResNet-18 image classifier, 224x224x3", ResNetConfig())
ENCODER = RealisticWorkload("encoder", "Transformer encoder, 4 layers, hidden 256, sequence 128", EncoderConfig())
REALISTIC = {w.id: w for w in (RESNET18, ENCODER)}


# ---- the weights -------------------------------------------------------------------------------

def _bn(rng: np.random.Generator, prefix: str, c: int, gamma: float) -> dict[str, np.ndarray]:
    return {
        f"{prefix}.weight": (gamma * (1 + 0.1 * rng.standard_normal(c))).astype(np.float32),
        f"{prefix}.bias": (0.1 * rng.standard_normal(c)).astype(np.float32),
        f"{prefix}.running_mean": (0.1 * rng.standard_normal(c)).astype(np.float32),
        f"{prefix}.running_var": rng.uniform(0.5, 1.5, c).astype(np.float32),
    }


def _conv(rng: np.random.Generator, name: str, c_out: int, c_in: int, k: int) -> dict[str, np.ndarray]:
    std = math.sqrt(2.0 / (c_in * k * k))  # He normal
    return {name: (std * rng.standard_normal((c_out, c_in, k, k))).astype(np.float32)}


def _dense(rng: np.random.Generator, name: str, n_out: int, n_in: int) -> dict[str, np.ndarray]:
    std = math.sqrt(2.0 / (n_in + n_out))  # Xavier normal
    return {f"{name}.weight": (std * rng.standard_normal((n_out, n_in))).astype(np.float32),
            f"{name}.bias": (0.02 * rng.standard_normal(n_out)).astype(np.float32)}


def resnet_blocks(c: ResNetConfig) -> list[tuple[str, int, int, int]]:
    """(name, in channels, out channels, stride) of every BasicBlock, in order."""
    blocks, c_in = [], c.widths[0]
    for stage, (width, count) in enumerate(zip(c.widths, c.blocks), start=1):
        for i in range(count):
            stride = 2 if stage > 1 and i == 0 else 1
            blocks.append((f"layer{stage}.{i}", c_in, width, stride))
            c_in = width
    return blocks


def resnet_weights(c: ResNetConfig, seed: int = SEED) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    w = _conv(rng, "conv1.weight", c.widths[0], c.channels, 7)
    w.update(_bn(rng, "bn1", c.widths[0], 1.0))
    for name, c_in, c_out, stride in resnet_blocks(c):
        w.update(_conv(rng, f"{name}.conv1.weight", c_out, c_in, 3))
        w.update(_bn(rng, f"{name}.bn1", c_out, 1.0))
        w.update(_conv(rng, f"{name}.conv2.weight", c_out, c_out, 3))
        w.update(_bn(rng, f"{name}.bn2", c_out, 0.3))
        if stride != 1 or c_in != c_out:
            w.update(_conv(rng, f"{name}.downsample.0.weight", c_out, c_in, 1))
            w.update(_bn(rng, f"{name}.downsample.1", c_out, 1.0))
    w.update(_dense(rng, "fc", c.classes, c.widths[-1]))
    return w


def encoder_weights(c: EncoderConfig, seed: int = SEED) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    w = {"embed.tokens": rng.standard_normal((c.vocab, c.hidden)).astype(np.float32),
         "embed.positions": (0.1 * rng.standard_normal((c.sequence, c.hidden))).astype(np.float32)}
    w.update(_layernorm(rng, "embed.norm", c.hidden))
    for i in range(c.layers):
        p = f"layers.{i}"
        for part in ("q", "k", "v", "o"):
            w.update(_dense(rng, f"{p}.attn.{part}", c.hidden, c.hidden))
        w.update(_layernorm(rng, f"{p}.norm1", c.hidden))
        w.update(_dense(rng, f"{p}.ffn.up", c.ffn, c.hidden))
        w.update(_dense(rng, f"{p}.ffn.down", c.hidden, c.ffn))
        w.update(_layernorm(rng, f"{p}.norm2", c.hidden))
    return w


def _layernorm(rng: np.random.Generator, prefix: str, n: int) -> dict[str, np.ndarray]:
    return {f"{prefix}.weight": (1 + 0.1 * rng.standard_normal(n)).astype(np.float32),
            f"{prefix}.bias": (0.1 * rng.standard_normal(n)).astype(np.float32)}


def weights_for(workload: RealisticWorkload, seed: int = SEED) -> dict[str, np.ndarray]:
    c = workload.config
    return resnet_weights(c, seed) if isinstance(c, ResNetConfig) else encoder_weights(c, seed)


def parameter_count(weights: dict[str, np.ndarray]) -> int:
    """Every array except batchnorm running statistics (buffers)."""
    return sum(int(a.size) for name, a in weights.items() if not name.endswith(BUFFERS))


def inputs_for(workload: RealisticWorkload, seed: int = SEED) -> np.ndarray:
    """The largest batch; a smaller batch is its first rows."""
    rng = np.random.default_rng(seed + 1)
    n = max(workload.batches)
    c = workload.config
    if isinstance(c, ResNetConfig):
        return rng.standard_normal((n, c.channels, c.image, c.image)).astype(np.float32)
    return rng.integers(0, c.vocab, (n, c.sequence)).astype(np.int64)


# ---- the numpy float32 reference -------------------------------------------------------------

def conv2d(x: np.ndarray, w: np.ndarray, stride: int = 1, pad: int = 0) -> np.ndarray:
    """NCHW x, OIHW w, zero padding, no bias: im2col through a strided view, one tensordot."""
    k = w.shape[2]
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad))) if pad else x
    windows = np.lib.stride_tricks.sliding_window_view(xp, (k, k), axis=(2, 3))[:, :, ::stride, ::stride]
    out = np.tensordot(windows, w, axes=([1, 4, 5], [1, 2, 3]))  # N, Ho, Wo, O
    return np.ascontiguousarray(out.transpose(0, 3, 1, 2))


def batchnorm(x: np.ndarray, w: dict[str, np.ndarray], prefix: str) -> np.ndarray:
    scale = w[f"{prefix}.weight"] / np.sqrt(w[f"{prefix}.running_var"] + np.float32(BN_EPS))
    shift = w[f"{prefix}.bias"] - w[f"{prefix}.running_mean"] * scale
    return x * scale[None, :, None, None] + shift[None, :, None, None]


def maxpool3x3s2(x: np.ndarray) -> np.ndarray:
    xp = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)), constant_values=-np.inf)
    windows = np.lib.stride_tricks.sliding_window_view(xp, (3, 3), axis=(2, 3))[:, :, ::2, ::2]
    return windows.max(axis=(4, 5))


def resnet_forward(w: dict[str, np.ndarray], x: np.ndarray, c: ResNetConfig) -> np.ndarray:
    relu = lambda a: np.maximum(a, np.float32(0))  # noqa: E731
    h = maxpool3x3s2(relu(batchnorm(conv2d(x, w["conv1.weight"], 2, 3), w, "bn1")))
    for name, c_in, c_out, stride in resnet_blocks(c):
        y = relu(batchnorm(conv2d(h, w[f"{name}.conv1.weight"], stride, 1), w, f"{name}.bn1"))
        y = batchnorm(conv2d(y, w[f"{name}.conv2.weight"], 1, 1), w, f"{name}.bn2")
        if f"{name}.downsample.0.weight" in w:
            h = batchnorm(conv2d(h, w[f"{name}.downsample.0.weight"], stride, 0), w, f"{name}.downsample.1")
        h = relu(y + h)
    pooled = h.mean(axis=(2, 3))
    return (pooled @ w["fc.weight"].T + w["fc.bias"]).astype(np.float32)


def gelu_tanh(x: np.ndarray) -> np.ndarray:
    c = np.float32(math.sqrt(2.0 / math.pi))
    return np.float32(0.5) * x * (np.float32(1) + np.tanh(c * (x + np.float32(0.044715) * x ** 3)))


def layernorm(x: np.ndarray, w: dict[str, np.ndarray], prefix: str) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + np.float32(LN_EPS)) * w[f"{prefix}.weight"] + w[f"{prefix}.bias"]


def _linear(x: np.ndarray, w: dict[str, np.ndarray], name: str) -> np.ndarray:
    return x @ w[f"{name}.weight"].T + w[f"{name}.bias"]


def softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def encoder_forward(w: dict[str, np.ndarray], tokens: np.ndarray, c: EncoderConfig) -> np.ndarray:
    n, s = tokens.shape
    d = c.hidden // c.heads
    h = layernorm(w["embed.tokens"][tokens] + w["embed.positions"][None, :s], w, "embed.norm")
    for i in range(c.layers):
        p = f"layers.{i}"
        q, k, v = (_linear(h, w, f"{p}.attn.{part}").reshape(n, s, c.heads, d) for part in "qkv")
        scores = np.einsum("bqhd,bkhd->bhqk", q, k) / np.float32(math.sqrt(d))
        attended = np.einsum("bhqk,bkhd->bqhd", softmax(scores), v).reshape(n, s, c.hidden)
        h = layernorm(h + _linear(attended, w, f"{p}.attn.o"), w, f"{p}.norm1")
        ffn = _linear(gelu_tanh(_linear(h, w, f"{p}.ffn.up")), w, f"{p}.ffn.down")
        h = layernorm(h + ffn, w, f"{p}.norm2")
    return h.astype(np.float32)


def reference_forward(workload: RealisticWorkload, w: dict[str, np.ndarray], x: np.ndarray) -> np.ndarray:
    c = workload.config
    if isinstance(c, ResNetConfig):
        return resnet_forward(w, x, c)
    return encoder_forward(w, x, c)


def max_relative_error(y: np.ndarray, ref: np.ndarray) -> float:
    """max |y - ref| / max |ref| (the contract's measure), in float64."""
    y64, r64 = np.asarray(y, dtype=np.float64), np.asarray(ref, dtype=np.float64)
    if y64.shape != r64.shape:
        raise ValueError(f"output shape {y64.shape}, the reference's is {r64.shape}")
    return float(np.abs(y64 - r64).max() / np.abs(r64).max())


# ---- the run folder's files ----------------------------------------------------------------

def write_workload_files(workload: RealisticWorkload, folder: Path) -> None:
    """<id>.weights.npz (the weights every runtime converts) and <id>.data.npz (inputs and the
    reference output of every batch size), each written once: an existing file is kept."""
    from bench.atomic_write import write_atomic
    import io

    folder.mkdir(parents=True, exist_ok=True)
    weights_path, data_path = folder / f"{workload.id}.weights.npz", folder / f"{workload.id}.data.npz"
    if weights_path.exists() and data_path.exists():
        return
    w = weights_for(workload)
    x = inputs_for(workload)
    data = {"inputs": x}
    for b in workload.batches:
        data[f"reference_{b}"] = reference_forward(workload, w, x[:b])
    for path, arrays in ((weights_path, w), (data_path, data)):
        buffer = io.BytesIO()
        np.savez(buffer, **arrays)
        write_atomic(path, buffer.getvalue())


def read_npz(path: Path) -> dict[str, np.ndarray]:
    with np.load(path) as f:
        return {k: f[k] for k in f.files}

"""JAX: the forward pass written with jax.numpy and jax.lax in NHWC, as Flax writes convolutions
(lax.conv_general_dilated with HWIO kernels: the OIHW weights are transposed once when loaded), the
weights read from the .npz file and passed as a pytree argument to one jax.jit function (compiled at
the first call of each batch size). There is no conversion step: the model file is the weights file."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

ID = "jax-jit"
TITLE = "JAX (jax.jit, XLA CPU)"
FRAMEWORK = "jax"
ENV = CONVERT_ENV = "rt-jax"
FORMAT = "npz"
PATH = "numpy weights (.npz) -> jax.numpy forward pass (NHWC) -> jax.jit (XLA CPU), compiled at the first call"
PRECISION = "float32"
PACKAGE = "jax"
CONVERTER: tuple[str, ...] = ()
IMPORTS = ("jax",)  # imported (and timed) before the model is loaded
CONVERT_IMPORTS = ()  # imported before conversion is timed


def set_threads(threads: int) -> None:
    # XLA's CPU threads are set by XLA_FLAGS in the worker's environment (see bench/runner/infer.py).
    pass


def convert(weights_file: Path, workload, out_dir: Path):
    path = out_dir / f"{workload.id}.npz"
    shutil.copyfile(weights_file, path)
    return path, None


def _resnet(w, x, c):
    import jax
    from jax import lax
    import jax.numpy as jnp

    from bench.workloads import realistic as r

    def conv_bn(h, conv, bn, stride, pad):
        y = lax.conv_general_dilated(h, w[conv], (stride, stride), [(pad, pad), (pad, pad)],
                                     dimension_numbers=("NHWC", "HWIO", "NHWC"))
        scale = w[f"{bn}.weight"] * lax.rsqrt(w[f"{bn}.running_var"] + r.BN_EPS)
        shift = w[f"{bn}.bias"] - w[f"{bn}.running_mean"] * scale
        return y * scale + shift

    h = jax.nn.relu(conv_bn(x, "conv1.weight", "bn1", 2, 3))
    h = lax.reduce_window(h, -jnp.inf, lax.max, (1, 3, 3, 1), (1, 2, 2, 1), [(0, 0), (1, 1), (1, 1), (0, 0)])
    for name, _i, _o, stride in r.resnet_blocks(c):
        y = jax.nn.relu(conv_bn(h, f"{name}.conv1.weight", f"{name}.bn1", stride, 1))
        y = conv_bn(y, f"{name}.conv2.weight", f"{name}.bn2", 1, 1)
        if f"{name}.downsample.0.weight" in w:
            h = conv_bn(h, f"{name}.downsample.0.weight", f"{name}.downsample.1", stride, 0)
        h = jax.nn.relu(y + h)
    return jnp.mean(h, axis=(1, 2)) @ w["fc.weight"].T + w["fc.bias"]


def _encoder(w, ids, c):
    import jax
    import jax.numpy as jnp

    from bench.workloads import realistic as r

    def linear(h, name):
        return h @ w[f"{name}.weight"].T + w[f"{name}.bias"]

    def norm(h, name):
        mean = jnp.mean(h, axis=-1, keepdims=True)
        var = jnp.mean((h - mean) ** 2, axis=-1, keepdims=True)
        return (h - mean) * jax.lax.rsqrt(var + r.LN_EPS) * w[f"{name}.weight"] + w[f"{name}.bias"]

    n, s = ids.shape
    d = c.hidden // c.heads
    h = norm(jnp.take(w["embed.tokens"], ids, axis=0) + w["embed.positions"][None, :s], "embed.norm")
    for i in range(c.layers):
        p = f"layers.{i}"
        q, k, v = (linear(h, f"{p}.attn.{part}").reshape(n, s, c.heads, d) for part in "qkv")
        scores = jnp.einsum("bqhd,bkhd->bhqk", q, k) / math.sqrt(d)
        attended = jnp.einsum("bhqk,bkhd->bqhd", jax.nn.softmax(scores, axis=-1), v).reshape(n, s, c.hidden)
        h = norm(h + linear(attended, f"{p}.attn.o"), f"{p}.norm1")
        h = norm(h + linear(jax.nn.gelu(linear(h, f"{p}.ffn.up"), approximate=True), f"{p}.ffn.down"), f"{p}.norm2")
    return h


def load(model_file: Path, workload):
    import jax
    import numpy as np

    from bench.workloads.realistic import ResNetConfig, read_npz

    c = workload.config
    weights = read_npz(model_file)
    if isinstance(c, ResNetConfig):  # OIHW to HWIO, once
        weights = {k: np.ascontiguousarray(v.transpose(2, 3, 1, 0)) if v.ndim == 4 else v for k, v in weights.items()}
    params = jax.device_put(weights)
    forward = _resnet if isinstance(c, ResNetConfig) else _encoder
    jitted = jax.jit(lambda w, x: forward(w, x, c))
    return lambda x: np.asarray(jitted(params, x))


def to_inputs(workload, x):
    import jax
    import numpy as np

    from bench.workloads.realistic import ResNetConfig

    # NHWC images; int32 token ids, JAX's default integer width (int64 needs jax_enable_x64).
    if isinstance(workload.config, ResNetConfig):
        return jax.device_put(np.ascontiguousarray(x.transpose(0, 2, 3, 1)))
    return jax.device_put(x.astype(np.int32))

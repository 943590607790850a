"""The realistic inference workloads (bench/workloads/realistic.py), numpy only: shapes, parameter
counts worked out by hand, a deterministic reference, and tiny versions of both forward passes
against plain loops written here independently of the vectorised code."""

from __future__ import annotations

import math

import numpy as np
import pytest

from bench.workloads import realistic as r


def test_resnet18_parameter_count_is_torchvisions() -> None:
    # By hand, per stage: conv kernels (out*in*k*k), batchnorm scale+shift (2*c), shortcut 1x1 + its bn.
    stem = 64 * 3 * 7 * 7 + 2 * 64                                              # 9,536
    layer1 = 4 * 64 * 64 * 9 + 4 * 2 * 64                                       # 147,968
    layer2 = 128 * 64 * 9 + 3 * 128 * 128 * 9 + 4 * 2 * 128 + 128 * 64 + 2 * 128   # 525,568
    layer3 = 256 * 128 * 9 + 3 * 256 * 256 * 9 + 4 * 2 * 256 + 256 * 128 + 2 * 256  # 2,099,712
    layer4 = 512 * 256 * 9 + 3 * 512 * 512 * 9 + 4 * 2 * 512 + 512 * 256 + 2 * 512  # 8,393,728
    fc = 512 * 1000 + 1000
    assert stem + layer1 + layer2 + layer3 + layer4 + fc == 11_689_512
    assert r.parameter_count(r.weights_for(r.RESNET18)) == 11_689_512


def test_encoder_parameter_count() -> None:
    embeddings = 8192 * 256 + 128 * 256 + 2 * 256
    per_layer = 4 * (256 * 256 + 256) + (256 * 1024 + 1024) + (1024 * 256 + 256) + 2 * 2 * 256
    assert per_layer == 789_760
    assert r.parameter_count(r.weights_for(r.ENCODER)) == embeddings + 4 * per_layer == 5_289_472


def test_buffers_are_not_parameters_but_are_in_the_weights() -> None:
    w = r.weights_for(r.RESNET18)
    assert w["bn1.running_var"].shape == (64,) and (w["bn1.running_var"] > 0).all()
    buffers = sum(a.size for n, a in w.items() if n.endswith(("running_mean", "running_var")))
    assert buffers == 2 * (64 + 4 * 64 + 4 * 128 + 128 + 4 * 256 + 256 + 4 * 512 + 512)
    assert all(a.dtype == np.float32 for a in w.values())


def test_input_shapes_and_dtypes() -> None:
    assert r.RESNET18.sample_shape == (3, 224, 224) and r.ENCODER.sample_shape == (128,)
    x = r.inputs_for(r.RESNET18)
    assert x.shape == (8, 3, 224, 224) and x.dtype == np.float32
    t = r.inputs_for(r.ENCODER)
    assert t.shape == (8, 128) and t.dtype == np.int64 and 0 <= t.min() and t.max() < 8192


def test_weights_and_inputs_are_deterministic_and_seeded() -> None:
    a, b = r.weights_for(r.ENCODER), r.weights_for(r.ENCODER)
    assert all(np.array_equal(a[k], b[k]) for k in a)
    other = r.weights_for(r.ENCODER, seed=1)
    assert not np.array_equal(a["embed.tokens"], other["embed.tokens"])
    assert np.array_equal(r.inputs_for(r.RESNET18), r.inputs_for(r.RESNET18))


TINY_RESNET = r.ResNetConfig(widths=(4, 6), blocks=(1, 2), classes=5, image=12, channels=3)
TINY_ENCODER = r.EncoderConfig(layers=2, hidden=8, heads=2, ffn=12, sequence=5, vocab=11)


def naive_conv(x, w, stride, pad):
    n, c, h, wd = x.shape
    o, _, k, _ = w.shape
    xp = np.zeros((n, c, h + 2 * pad, wd + 2 * pad), dtype=np.float64)
    xp[:, :, pad:pad + h, pad:pad + wd] = x
    ho, wo = (h + 2 * pad - k) // stride + 1, (wd + 2 * pad - k) // stride + 1
    out = np.zeros((n, o, ho, wo))
    for b in range(n):
        for oc in range(o):
            for i in range(ho):
                for j in range(wo):
                    total = 0.0
                    for ic in range(c):
                        for di in range(k):
                            for dj in range(k):
                                total += xp[b, ic, i * stride + di, j * stride + dj] * w[oc, ic, di, dj]
                    out[b, oc, i, j] = total
    return out


def naive_bn(x, w, p):
    out = np.empty_like(x, dtype=np.float64)
    for ch in range(x.shape[1]):
        out[:, ch] = ((x[:, ch] - w[p + ".running_mean"][ch]) / math.sqrt(w[p + ".running_var"][ch] + 1e-5)
                      * w[p + ".weight"][ch] + w[p + ".bias"][ch])
    return out


def naive_maxpool(x):
    n, c, h, wd = x.shape
    ho, wo = (h + 2 - 3) // 2 + 1, (wd + 2 - 3) // 2 + 1
    out = np.full((n, c, ho, wo), -np.inf)
    for i in range(ho):
        for j in range(wo):
            for di in range(3):
                for dj in range(3):
                    y, z = 2 * i + di - 1, 2 * j + dj - 1
                    if 0 <= y < h and 0 <= z < wd:
                        out[:, :, i, j] = np.maximum(out[:, :, i, j], x[:, :, y, z])
    return out


def naive_resnet(w, x):
    relu = lambda a: np.maximum(a, 0)  # noqa: E731
    h = naive_maxpool(relu(naive_bn(naive_conv(x, w["conv1.weight"], 2, 3), w, "bn1")))
    # Stage 1: one block, 4->4, stride 1; stage 2: two blocks, the first 4->6 stride 2 with a shortcut.
    for name, stride, shortcut in (("layer1.0", 1, False), ("layer2.0", 2, True), ("layer2.1", 1, False)):
        y = relu(naive_bn(naive_conv(h, w[name + ".conv1.weight"], stride, 1), w, name + ".bn1"))
        y = naive_bn(naive_conv(y, w[name + ".conv2.weight"], 1, 1), w, name + ".bn2")
        if shortcut:
            h = naive_bn(naive_conv(h, w[name + ".downsample.0.weight"], stride, 0), w, name + ".downsample.1")
        h = relu(y + h)
    pooled = np.array([[h[b, ch].mean() for ch in range(h.shape[1])] for b in range(h.shape[0])])
    return np.array([[sum(pooled[b, i] * w["fc.weight"][o, i] for i in range(pooled.shape[1])) + w["fc.bias"][o]
                      for o in range(w["fc.weight"].shape[0])] for b in range(pooled.shape[0])])


def test_tiny_resnet_forward_matches_loops() -> None:
    w = r.resnet_weights(TINY_RESNET, seed=3)
    assert "layer2.0.downsample.0.weight" in w and "layer1.0.downsample.0.weight" not in w
    x = np.random.default_rng(4).standard_normal((2, 3, 12, 12)).astype(np.float32)
    got = r.resnet_forward(w, x, TINY_RESNET)
    assert got.shape == (2, 5) and got.dtype == np.float32
    np.testing.assert_allclose(got, naive_resnet(w, x), rtol=1e-4, atol=1e-5)


def naive_layernorm(v, w, p):
    mean = sum(v) / len(v)
    var = sum((a - mean) ** 2 for a in v) / len(v)
    return [(a - mean) / math.sqrt(var + 1e-5) * w[p + ".weight"][i] + w[p + ".bias"][i] for i, a in enumerate(v)]


def naive_linear(v, w, name):
    weight, bias = w[name + ".weight"], w[name + ".bias"]
    return [sum(weight[o, i] * v[i] for i in range(len(v))) + bias[o] for o in range(weight.shape[0])]


def naive_gelu(a):
    return 0.5 * a * (1 + math.tanh(math.sqrt(2 / math.pi) * (a + 0.044715 * a ** 3)))


def naive_encoder(w, tokens, c):
    out = []
    d = c.hidden // c.heads
    for row in tokens:
        h = [naive_layernorm([w["embed.tokens"][t][i] + w["embed.positions"][pos][i] for i in range(c.hidden)], w, "embed.norm")
             for pos, t in enumerate(row)]
        for layer in range(c.layers):
            p = f"layers.{layer}"
            q = [naive_linear(v, w, p + ".attn.q") for v in h]
            k = [naive_linear(v, w, p + ".attn.k") for v in h]
            val = [naive_linear(v, w, p + ".attn.v") for v in h]
            attended = []
            for i in range(len(h)):
                vec = []
                for head in range(c.heads):
                    sl = range(head * d, head * d + d)
                    scores = [sum(q[i][a] * k[j][a] for a in sl) / math.sqrt(d) for j in range(len(h))]
                    top = max(scores)
                    e = [math.exp(s - top) for s in scores]
                    probs = [x / sum(e) for x in e]
                    vec += [sum(probs[j] * val[j][a] for j in range(len(h))) for a in sl]
                attended.append(vec)
            h = [naive_layernorm([a + b for a, b in zip(h[i], naive_linear(attended[i], w, p + ".attn.o"))], w, p + ".norm1")
                 for i in range(len(h))]
            ffn = [naive_linear([naive_gelu(a) for a in naive_linear(v, w, p + ".ffn.up")], w, p + ".ffn.down") for v in h]
            h = [naive_layernorm([a + b for a, b in zip(h[i], ffn[i])], w, p + ".norm2") for i in range(len(h))]
        out.append(h)
    return np.array(out)


def test_tiny_encoder_forward_matches_loops() -> None:
    w = r.encoder_weights(TINY_ENCODER, seed=5)
    tokens = np.array([[1, 4, 10, 0, 4], [7, 7, 2, 3, 9]], dtype=np.int64)
    got = r.encoder_forward(w, tokens, TINY_ENCODER)
    assert got.shape == (2, 5, 8) and got.dtype == np.float32
    np.testing.assert_allclose(got, naive_encoder(w, tokens, TINY_ENCODER), rtol=1e-4, atol=1e-5)


def test_max_relative_error_is_scaled_by_the_largest_reference_value() -> None:
    ref = np.array([[2.0, -4.0], [1.0, 0.0]], dtype=np.float32)
    y = ref + np.array([[0.0, 0.0], [0.04, 0.0]], dtype=np.float32)
    assert r.max_relative_error(y, ref) == pytest.approx(0.01, rel=1e-5)
    assert r.max_relative_error(ref, ref) == 0.0
    with pytest.raises(ValueError):
        r.max_relative_error(ref[:1], ref)


def test_workload_files_are_written_once_with_references(tmp_path) -> None:
    small = r.RealisticWorkload("tiny", "tiny", TINY_ENCODER, batches=(1, 2))
    r.write_workload_files(small, tmp_path)
    data = r.read_npz(tmp_path / "tiny.data.npz")
    weights = r.read_npz(tmp_path / "tiny.weights.npz")
    assert data["inputs"].shape == (2, 5)
    assert np.array_equal(data["reference_1"], r.encoder_forward(weights, data["inputs"][:1], TINY_ENCODER))
    assert data["reference_2"].shape == (2, 5, 8)
    before = (tmp_path / "tiny.weights.npz").stat().st_mtime_ns
    r.write_workload_files(small, tmp_path)
    assert (tmp_path / "tiny.weights.npz").stat().st_mtime_ns == before

"""The numpy reference: the forward pass of every workload and the loss, in float64.

The first loss of every adapter is compared with `reference_loss`; float64 here makes the reference
the exact value that the float32 frameworks approximate.
"""

from __future__ import annotations

import numpy as np

from bench.workloads import SEQ_DIM, Workload


def cross_entropy(logits: np.ndarray, labels: np.ndarray) -> float:
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-log_probs[np.arange(len(labels)), labels].mean())


def relu(x: np.ndarray) -> np.ndarray:
    return np.maximum(x, 0.0)


def conv3x3_same(x: np.ndarray, kernel: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """NHWC input, HWIO kernel, one pixel of zero padding, stride 1."""
    n, h, w, _ = x.shape
    padded = np.pad(x, ((0, 0), (1, 1), (1, 1), (0, 0)))
    out = np.zeros((n, h, w, kernel.shape[3]))
    for dy in range(3):
        for dx in range(3):
            out += padded[:, dy : dy + h, dx : dx + w, :] @ kernel[dy, dx]
    return out + bias


def maxpool2(x: np.ndarray) -> np.ndarray:
    n, h, w, c = x.shape
    return x.reshape(n, h // 2, 2, w // 2, 2, c).max(axis=(2, 4))


def softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def forward(workload: Workload, weights: dict[str, np.ndarray], x: np.ndarray) -> np.ndarray:
    w = {k: v.astype(np.float64) for k, v in weights.items()}
    x = x.astype(np.float64)
    if workload.id == "mlp":
        h = relu(x @ w["dense1.kernel"] + w["dense1.bias"])
        h = relu(h @ w["dense2.kernel"] + w["dense2.bias"])
        return h @ w["dense3.kernel"] + w["dense3.bias"]
    if workload.id == "cnn":
        h = maxpool2(relu(conv3x3_same(x, w["conv1.kernel"], w["conv1.bias"])))
        h = relu(conv3x3_same(h, w["conv2.kernel"], w["conv2.bias"]))
        return h.mean(axis=(1, 2)) @ w["dense.kernel"] + w["dense.bias"]
    if workload.id == "seq":
        q, k, v = x @ w["attn.query"], x @ w["attn.key"], x @ w["attn.value"]
        attention = softmax(q @ k.transpose(0, 2, 1) / np.sqrt(SEQ_DIM))
        h = x + (attention @ v) @ w["attn.output"]
        h = h + relu(h @ w["ff1.kernel"] + w["ff1.bias"]) @ w["ff2.kernel"] + w["ff2.bias"]
        return h.mean(axis=1) @ w["head.kernel"] + w["head.bias"]
    raise ValueError(f"unknown workload {workload.id!r}")


def reference_loss(workload: Workload, weights: dict[str, np.ndarray], x: np.ndarray, y: np.ndarray) -> float:
    return cross_entropy(forward(workload, weights, x), y)

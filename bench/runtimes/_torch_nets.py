"""The two workloads as torch.nn modules, with the parameter and buffer names of the weights file
(torchvision's ResNet names), so `load_state_dict` takes the numpy weights as they are. Used by the
torch-eager and ExecuTorch runtimes. Imports torch: import it only inside a torch environment."""

from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn

from bench.workloads import realistic as r


class BasicBlock(nn.Module):
    def __init__(self, c_in: int, c_out: int, stride: int) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(c_in, c_out, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(c_out, eps=r.BN_EPS)
        self.conv2 = nn.Conv2d(c_out, c_out, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(c_out, eps=r.BN_EPS)
        self.relu = nn.ReLU()
        self.downsample = None
        if stride != 1 or c_in != c_out:
            self.downsample = nn.Sequential(nn.Conv2d(c_in, c_out, 1, stride, bias=False),
                                            nn.BatchNorm2d(c_out, eps=r.BN_EPS))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        shortcut = x if self.downsample is None else self.downsample(x)
        return self.relu(y + shortcut)


class ResNet(nn.Module):
    def __init__(self, c: r.ResNetConfig) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(c.channels, c.widths[0], 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(c.widths[0], eps=r.BN_EPS)
        self.relu = nn.ReLU()
        self.maxpool = nn.MaxPool2d(3, 2, 1)
        blocks = r.resnet_blocks(c)
        for stage in range(1, len(c.widths) + 1):
            mine = [b for b in blocks if b[0].startswith(f"layer{stage}.")]
            setattr(self, f"layer{stage}", nn.Sequential(*(BasicBlock(i, o, s) for _, i, o, s in mine)))
        self.stages = len(c.widths)
        self.fc = nn.Linear(c.widths[-1], c.classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        for stage in range(1, self.stages + 1):
            h = getattr(self, f"layer{stage}")(h)
        return self.fc(torch.flatten(torch.mean(h, dim=(2, 3)), 1))


class Attention(nn.Module):
    def __init__(self, hidden: int, heads: int) -> None:
        super().__init__()
        self.q, self.k, self.v, self.o = (nn.Linear(hidden, hidden) for _ in range(4))
        self.heads, self.head_dim = heads, hidden // heads

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        n, s, h = x.shape
        q, k, v = (f(x).reshape(n, s, self.heads, self.head_dim).transpose(1, 2) for f in (self.q, self.k, self.v))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.head_dim)
        out = torch.matmul(torch.softmax(scores, dim=-1), v)
        return self.o(out.transpose(1, 2).reshape(n, s, h))


class FeedForward(nn.Module):
    def __init__(self, hidden: int, ffn: int) -> None:
        super().__init__()
        self.up, self.down = nn.Linear(hidden, ffn), nn.Linear(ffn, hidden)
        self.gelu = nn.GELU(approximate="tanh")

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.down(self.gelu(self.up(x)))


class Layer(nn.Module):
    def __init__(self, c: r.EncoderConfig) -> None:
        super().__init__()
        self.attn = Attention(c.hidden, c.heads)
        self.norm1 = nn.LayerNorm(c.hidden, eps=r.LN_EPS)
        self.ffn = FeedForward(c.hidden, c.ffn)
        self.norm2 = nn.LayerNorm(c.hidden, eps=r.LN_EPS)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.norm1(x + self.attn(x))
        return self.norm2(x + self.ffn(x))


class Embedding(nn.Module):
    def __init__(self, c: r.EncoderConfig) -> None:
        super().__init__()
        self.tokens = nn.Parameter(torch.zeros(c.vocab, c.hidden))
        self.positions = nn.Parameter(torch.zeros(c.sequence, c.hidden))
        self.norm = nn.LayerNorm(c.hidden, eps=r.LN_EPS)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        return self.norm(nn.functional.embedding(ids, self.tokens) + self.positions[: ids.shape[1]])


class Encoder(nn.Module):
    def __init__(self, c: r.EncoderConfig) -> None:
        super().__init__()
        self.embed = Embedding(c)
        self.layers = nn.ModuleList(Layer(c) for _ in range(c.layers))

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        h = self.embed(ids)
        for layer in self.layers:
            h = layer(h)
        return h


def build(workload: r.RealisticWorkload, weights: dict[str, np.ndarray]) -> nn.Module:
    c = workload.config
    model = ResNet(c) if isinstance(c, r.ResNetConfig) else Encoder(c)
    state = {k: torch.from_numpy(np.ascontiguousarray(v)) for k, v in weights.items()}
    expected = set(model.state_dict()) - {k for k in model.state_dict() if k.endswith("num_batches_tracked")}
    missing, unexpected = expected - set(state), set(state) - expected
    if missing or unexpected:
        raise ValueError(f"weights do not fit the model: missing {sorted(missing)[:3]}, unexpected {sorted(unexpected)[:3]}")
    model.load_state_dict(state, strict=False)
    return model.eval()


def to_inputs(workload: r.RealisticWorkload, x: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(np.ascontiguousarray(x))


def set_threads(threads: int) -> None:
    torch.set_num_threads(threads)
    try:
        torch.set_num_interop_threads(threads)
    except RuntimeError:  # already set once in this process
        pass

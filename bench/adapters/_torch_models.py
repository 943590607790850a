"""The workloads as PyTorch modules (NCHW images, as PyTorch expects), shared by torch-eager and
torch-compile. Imported only inside load(), so torch is needed only where the adapter runs."""

import math
import os

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F


class Attention(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.query, self.key, self.value, self.output = (nn.Linear(dim, dim, bias=False) for _ in range(4))
        self.scale = 1 / math.sqrt(dim)

    def forward(self, x):
        scores = self.query(x) @ self.key(x).transpose(1, 2) * self.scale
        return self.output(torch.softmax(scores, dim=-1) @ self.value(x))


class SequenceModel(nn.Module):
    def __init__(self, dim=32, hidden=64, classes=10):
        super().__init__()
        self.attn = Attention(dim)
        self.ff1, self.ff2 = nn.Linear(dim, hidden), nn.Linear(hidden, dim)
        self.head = nn.Linear(dim, classes)

    def forward(self, x):
        h = x + self.attn(x)
        h = h + self.ff2(F.relu(self.ff1(h)))
        return self.head(h.mean(dim=1))


def make_model(workload_id):
    if workload_id == "mlp":
        return nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 128), nn.ReLU(), nn.Linear(128, 10))
    if workload_id == "cnn":
        return nn.Sequential(
            nn.Conv2d(3, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
            nn.Linear(64, 10),
        )
    return SequenceModel()


# Where each workload parameter goes in the module's state dict (dense kernels are stored
# (out, in) and convolution kernels (out, in, h, w) in PyTorch).
STATE_NAMES = {
    "mlp": {"dense1": "0", "dense2": "2", "dense3": "4"},
    "cnn": {"conv1": "0", "conv2": "3", "dense": "7"},
    "seq": {"attn.query": "attn.query", "attn.key": "attn.key", "attn.value": "attn.value",
            "attn.output": "attn.output", "ff1": "ff1", "ff2": "ff2", "head": "head"},
}


def to_torch_layout(array):
    if array.ndim == 4:
        return np.ascontiguousarray(array.transpose(3, 2, 0, 1))
    return np.ascontiguousarray(array.T) if array.ndim == 2 else array


def load_weights(model, workload_id, weights):
    state = {}
    for name, array in weights.items():
        layer, _, kind = name.rpartition(".") if name.endswith((".kernel", ".bias")) else (name, "", "kernel")
        key = STATE_NAMES[workload_id][layer] + (".bias" if kind == "bias" else ".weight")
        state[key] = torch.from_numpy(to_torch_layout(array))
    model.load_state_dict(state)


DEVICE = torch.device("cuda" if os.environ.get("BENCH_DEVICE") == "cuda" else "cpu")


class Trainer:
    """One model, its SGD optimizer, and the step. `forward` is the module or its compiled form."""

    def __init__(self, model, forward, learning_rate):
        self.model, self.forward = model.to(DEVICE), forward
        self.optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)

    def to_inputs(self, x, y=None):
        x = torch.from_numpy(x)
        if x.ndim == 4:  # NHWC data to PyTorch's NCHW
            x = x.permute(0, 3, 1, 2).contiguous()
        return x.to(DEVICE), None if y is None else torch.from_numpy(y).long().to(DEVICE)

    def train_step(self, batch):
        x, y = batch
        self.model.train()
        self.optimizer.zero_grad()
        loss = F.cross_entropy(self.forward(x), y)
        loss.backward()
        self.optimizer.step()
        return loss.item()

    def predict(self, batch):
        with torch.no_grad():
            return self.forward(batch[0]).cpu().numpy()

"""JAX: pure functions over a dict of arrays, jax.value_and_grad, and jax.jit around the whole
step (forward, backward and the SGD update compile to one XLA program)."""

from bench.workloads import LEARNING_RATE

NAME = "jax-jit"
FRAMEWORK = "jax"
MODE = "jax.jit (XLA)"
ENV = "jax"
PACKAGES = ("jax", "jaxlib")
WORKLOADS = ("mlp", "cnn", "seq")
DEVICES = ("cpu", "cuda")

jax = jnp = None


def load(threads):
    global jax, jnp
    # XLA's threads come from XLA_FLAGS, which the runner sets (bench/runner/run.py: xla_flags).
    import jax
    import jax.numpy as jnp


def forward(workload_id, w, x):
    relu = jax.nn.relu
    if workload_id == "mlp":
        h = relu(x @ w["dense1.kernel"] + w["dense1.bias"])
        h = relu(h @ w["dense2.kernel"] + w["dense2.bias"])
        return h @ w["dense3.kernel"] + w["dense3.bias"]
    if workload_id == "cnn":
        def conv(h, name):
            out = jax.lax.conv_general_dilated(h, w[f"{name}.kernel"], (1, 1), "SAME",
                                               dimension_numbers=("NHWC", "HWIO", "NHWC"))
            return relu(out + w[f"{name}.bias"])

        h = conv(x, "conv1")
        h = jax.lax.reduce_window(h, -jnp.inf, jax.lax.max, (1, 2, 2, 1), (1, 2, 2, 1), "VALID")
        h = conv(h, "conv2")
        return h.mean(axis=(1, 2)) @ w["dense.kernel"] + w["dense.bias"]
    q, k, v = x @ w["attn.query"], x @ w["attn.key"], x @ w["attn.value"]
    attention = jax.nn.softmax(q @ k.transpose(0, 2, 1) / jnp.sqrt(x.shape[-1]), axis=-1)
    h = x + (attention @ v) @ w["attn.output"]
    h = h + relu(h @ w["ff1.kernel"] + w["ff1.bias"]) @ w["ff2.kernel"] + w["ff2.bias"]
    return h.mean(axis=1) @ w["head.kernel"] + w["head.bias"]


def loss_fn(params, workload_id, x, y):
    logits = forward(workload_id, params, x)
    log_probs = jax.nn.log_softmax(logits)
    return -jnp.take_along_axis(log_probs, y[:, None], axis=1).mean()


class Model:
    def __init__(self, workload_id, weights):
        self.params = {name: jnp.asarray(array) for name, array in weights.items()}

        def step(params, x, y):
            loss, grads = jax.value_and_grad(loss_fn)(params, workload_id, x, y)
            return jax.tree.map(lambda p, g: p - LEARNING_RATE * g, params, grads), loss

        self._step = jax.jit(step)
        self._predict = jax.jit(lambda params, x: forward(workload_id, params, x))

    def to_inputs(self, x, y=None):
        return jnp.asarray(x), None if y is None else jnp.asarray(y)

    def train_step(self, batch):
        self.params, loss = self._step(self.params, *batch)
        return float(loss)

    def predict(self, batch):
        return jax.device_get(self._predict(self.params, batch[0]))


def build(workload, weights):
    return Model(workload.id, weights)

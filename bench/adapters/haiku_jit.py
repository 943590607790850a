"""Haiku on JAX: the model is written with hk.Module layers inside a function that hk.transform turns
into pure init and apply functions over a parameter dict; optax SGD and jax.jit around the whole step."""

from bench.workloads import LEARNING_RATE

NAME = "haiku-jit"
FRAMEWORK = "haiku"
MODE = "hk.transform + jax.jit (XLA)"
ENV = "haiku"
PACKAGES = ("dm-haiku", "jax", "optax")
WORKLOADS = ("mlp", "cnn", "seq")
DEVICES = ("cpu", "cuda")

jax = jnp = hk = optax = None


def load(threads):
    global jax, jnp, hk, optax
    # XLA's threads come from XLA_FLAGS, which the runner sets (bench/runner/run.py: xla_flags).
    import haiku as hk
    import jax
    import jax.numpy as jnp
    import optax


def forward(workload_id, x):
    relu = jax.nn.relu
    if workload_id == "mlp":
        h = relu(hk.Linear(128, name="dense1")(x))
        h = relu(hk.Linear(128, name="dense2")(h))
        return hk.Linear(10, name="dense3")(h)
    if workload_id == "cnn":
        h = relu(hk.Conv2D(32, 3, padding="SAME", name="conv1")(x))
        h = hk.max_pool(h, window_shape=2, strides=2, padding="VALID")
        h = relu(hk.Conv2D(64, 3, padding="SAME", name="conv2")(h))
        return hk.Linear(10, name="dense")(h.mean(axis=(1, 2)))
    dim = x.shape[-1]
    query, key, value, output = (hk.Linear(dim, with_bias=False, name=n) for n in ("query", "key", "value", "output"))
    scores = query(x) @ key(x).transpose(0, 2, 1) / jnp.sqrt(dim)
    h = x + output(jax.nn.softmax(scores, axis=-1) @ value(x))
    h = h + hk.Linear(dim, name="ff2")(relu(hk.Linear(64, name="ff1")(h)))
    return hk.Linear(10, name="head")(h.mean(axis=1))


def to_params(weights):
    """Our weights as Haiku's dict: {module name: {"w": kernel, "b": bias}}; its layouts match ours."""
    params = {}
    for name, array in weights.items():
        module, _, kind = name.removeprefix("attn.").partition(".")  # "attn.query" holds a kernel
        params.setdefault(module, {})["b" if kind == "bias" else "w"] = jnp.asarray(array)
    return params


class Model:
    def __init__(self, workload_id, weights):
        model = hk.without_apply_rng(hk.transform(lambda x: forward(workload_id, x)))
        self.params = to_params(weights)
        optimizer = optax.sgd(LEARNING_RATE)
        self.state = optimizer.init(self.params)

        def loss_fn(params, x, y):
            return optax.softmax_cross_entropy_with_integer_labels(model.apply(params, x), y).mean()

        @jax.jit
        def step(params, state, x, y):
            loss, grads = jax.value_and_grad(loss_fn)(params, x, y)
            updates, state = optimizer.update(grads, state)
            return optax.apply_updates(params, updates), state, loss

        self._step = step
        self._predict = jax.jit(model.apply)

    def to_inputs(self, x, y=None):
        return jnp.asarray(x), None if y is None else jnp.asarray(y)

    def train_step(self, batch):
        self.params, self.state, loss = self._step(self.params, self.state, *batch)
        return float(loss)

    def predict(self, batch):
        return jax.device_get(self._predict(self.params, batch[0]))


def build(workload, weights):
    return Model(workload.id, weights)

"""Equinox on JAX: the model is a pytree of eqx.nn layers that act on one example (jax.vmap adds
the batch), optax SGD, and eqx.filter_jit around the whole step."""

from bench.workloads import LEARNING_RATE

NAME = "equinox-filter-jit"
FRAMEWORK = "equinox"
MODE = "eqx.filter_jit (XLA)"
ENV = "equinox"
PACKAGES = ("equinox", "jax", "optax")
WORKLOADS = ("mlp", "cnn", "seq")
DEVICES = ("cpu", "cuda")

jax = jnp = eqx = optax = None


def load(threads):
    global jax, jnp, eqx, optax
    # XLA's threads come from XLA_FLAGS, which the runner sets (bench/runner/run.py: xla_flags).
    import equinox as eqx
    import jax
    import jax.numpy as jnp
    import optax


def make_model(workload_id, key):
    keys = iter(jax.random.split(key, 8))  # replaced by the shared weights below

    class Mlp(eqx.Module):
        dense1: eqx.nn.Linear
        dense2: eqx.nn.Linear
        dense3: eqx.nn.Linear

        def __init__(self):
            self.dense1 = eqx.nn.Linear(784, 128, key=next(keys))
            self.dense2 = eqx.nn.Linear(128, 128, key=next(keys))
            self.dense3 = eqx.nn.Linear(128, 10, key=next(keys))

        def __call__(self, x):
            return self.dense3(jax.nn.relu(self.dense2(jax.nn.relu(self.dense1(x)))))

    class Cnn(eqx.Module):
        conv1: eqx.nn.Conv2d
        conv2: eqx.nn.Conv2d
        pool: eqx.nn.MaxPool2d
        dense: eqx.nn.Linear

        def __init__(self):
            self.conv1 = eqx.nn.Conv2d(3, 32, 3, padding="SAME", key=next(keys))
            self.conv2 = eqx.nn.Conv2d(32, 64, 3, padding="SAME", key=next(keys))
            self.pool = eqx.nn.MaxPool2d(2, stride=2)
            self.dense = eqx.nn.Linear(64, 10, key=next(keys))

        def __call__(self, x):  # x: (channels, height, width)
            h = jax.nn.relu(self.conv2(self.pool(jax.nn.relu(self.conv1(x)))))
            return self.dense(h.mean(axis=(1, 2)))

    class Seq(eqx.Module):
        query: eqx.nn.Linear
        key: eqx.nn.Linear
        value: eqx.nn.Linear
        output: eqx.nn.Linear
        ff1: eqx.nn.Linear
        ff2: eqx.nn.Linear
        head: eqx.nn.Linear

        def __init__(self, dim=32):
            self.query, self.key, self.value, self.output = (
                eqx.nn.Linear(dim, dim, use_bias=False, key=next(keys)) for _ in range(4))
            self.ff1, self.ff2 = eqx.nn.Linear(dim, 64, key=next(keys)), eqx.nn.Linear(64, dim, key=next(keys))
            self.head = eqx.nn.Linear(dim, 10, key=next(keys))

        def __call__(self, x):  # x: (steps, dim); the layers map over the steps
            q, k, v = jax.vmap(self.query)(x), jax.vmap(self.key)(x), jax.vmap(self.value)(x)
            attention = jax.nn.softmax(q @ k.T / jnp.sqrt(x.shape[-1]), axis=-1)
            h = x + jax.vmap(self.output)(attention @ v)
            h = h + jax.vmap(lambda t: self.ff2(jax.nn.relu(self.ff1(t))))(h)
            return self.head(h.mean(axis=0))

    return {"mlp": Mlp, "cnn": Cnn, "seq": Seq}[workload_id]()


def with_weights(model, weights):
    """Our weights in Equinox's layout: Linear holds (out, in), Conv2d (out, in, height, width)."""
    for name, array in weights.items():
        path = name.replace("attn.", "").split(".")
        layer = getattr(model, path[0])
        if path[-1] == "bias":
            value = array.reshape(layer.bias.shape)  # a conv bias is (out, 1, 1)
            model = eqx.tree_at(lambda m: getattr(m, path[0]).bias, model, jnp.asarray(value))
        else:
            value = array.T if array.ndim == 2 else array.transpose(3, 2, 0, 1)
            model = eqx.tree_at(lambda m: getattr(m, path[0]).weight, model, jnp.asarray(value))
    return model


class Model:
    def __init__(self, workload_id, weights):
        self.model = with_weights(make_model(workload_id, jax.random.key(0)), weights)
        self.optimizer = optax.sgd(LEARNING_RATE)
        self.state = self.optimizer.init(eqx.filter(self.model, eqx.is_array))
        optimizer = self.optimizer

        @eqx.filter_jit
        def step(model, state, x, y):
            def loss_fn(model):
                return optax.softmax_cross_entropy_with_integer_labels(jax.vmap(model)(x), y).mean()

            loss, grads = eqx.filter_value_and_grad(loss_fn)(model)
            updates, state = optimizer.update(grads, state)
            return eqx.apply_updates(model, updates), state, loss

        self._step = step
        self._predict = eqx.filter_jit(lambda model, x: jax.vmap(model)(x))
        self._channels_first = workload_id == "cnn"

    def to_inputs(self, x, y=None):
        x = x.transpose(0, 3, 1, 2) if self._channels_first else x
        return jnp.asarray(x), None if y is None else jnp.asarray(y)

    def train_step(self, batch):
        self.model, self.state, loss = self._step(self.model, self.state, *batch)
        return float(loss)

    def predict(self, batch):
        return jax.device_get(self._predict(self.model, batch[0]))


def build(workload, weights):
    return Model(workload.id, weights)

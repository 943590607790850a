"""The workloads in Keras 3 (the same code for every backend): Sequential models for the MLP and
the CNN, the functional API with keras.ops for the sequence model; compile() with SGD, then
train_on_batch and predict_on_batch, Keras's own compiled step (jit_compile="auto")."""

import math

import keras
from keras import layers, ops


def make_model(workload_id):
    if workload_id == "mlp":
        return keras.Sequential([
            keras.Input((784,)),
            layers.Dense(128, activation="relu", name="dense1"),
            layers.Dense(128, activation="relu", name="dense2"),
            layers.Dense(10, name="dense3"),
        ])
    if workload_id == "cnn":
        return keras.Sequential([
            keras.Input((32, 32, 3)),
            layers.Conv2D(32, 3, padding="same", activation="relu", name="conv1"),
            layers.MaxPooling2D(2),
            layers.Conv2D(64, 3, padding="same", activation="relu", name="conv2"),
            layers.GlobalAveragePooling2D(),
            layers.Dense(10, name="dense"),
        ])
    x = keras.Input((16, 32))
    q, k, v = (layers.Dense(32, use_bias=False, name=f"attn_{n}")(x) for n in ("query", "key", "value"))
    attention = ops.softmax(ops.matmul(q, ops.transpose(k, (0, 2, 1))) / math.sqrt(32), axis=-1)
    h = x + layers.Dense(32, use_bias=False, name="attn_output")(ops.matmul(attention, v))
    h = h + layers.Dense(32, name="ff2")(layers.Dense(64, activation="relu", name="ff1")(h))
    logits = layers.Dense(10, name="head")(ops.mean(h, axis=1))
    return keras.Model(x, logits)


class Model:
    def __init__(self, workload_id, weights, learning_rate):
        self.model = make_model(workload_id)
        for layer in self.model.layers:
            if layer.weights:
                name = layer.name.replace("attn_", "attn.")  # the torch backend forbids "." in names
                names = [f"{name}.kernel", f"{name}.bias"] if f"{name}.bias" in weights else [name]
                layer.set_weights([weights[n] for n in names])
        self.model.compile(
            optimizer=keras.optimizers.SGD(learning_rate),
            loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        )

    def to_inputs(self, x, y=None):
        return x, y

    def train_step(self, batch):
        return float(self.model.train_on_batch(*batch))

    def predict(self, batch):
        return self.model.predict_on_batch(batch[0])

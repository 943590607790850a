"""The workloads in TensorFlow's own API (tf.Variable, tf.nn ops, tf.GradientTape; NHWC as
TensorFlow prefers), shared by the eager, tf.function and XLA adapters, which differ only in how
the step is wrapped."""

import math

import tensorflow as tf


def forward(workload_id, w, x):
    if workload_id == "mlp":
        h = tf.nn.relu(x @ w["dense1.kernel"] + w["dense1.bias"])
        h = tf.nn.relu(h @ w["dense2.kernel"] + w["dense2.bias"])
        return h @ w["dense3.kernel"] + w["dense3.bias"]
    if workload_id == "cnn":
        h = tf.nn.relu(tf.nn.conv2d(x, w["conv1.kernel"], 1, "SAME") + w["conv1.bias"])
        h = tf.nn.max_pool2d(h, 2, 2, "VALID")
        h = tf.nn.relu(tf.nn.conv2d(h, w["conv2.kernel"], 1, "SAME") + w["conv2.bias"])
        return tf.reduce_mean(h, axis=[1, 2]) @ w["dense.kernel"] + w["dense.bias"]
    q, k, v = x @ w["attn.query"], x @ w["attn.key"], x @ w["attn.value"]
    attention = tf.nn.softmax(q @ tf.transpose(k, [0, 2, 1]) / math.sqrt(x.shape[-1]))
    h = x + (attention @ v) @ w["attn.output"]
    h = h + tf.nn.relu(h @ w["ff1.kernel"] + w["ff1.bias"]) @ w["ff2.kernel"] + w["ff2.bias"]
    return tf.reduce_mean(h, axis=1) @ w["head.kernel"] + w["head.bias"]


class Model:
    """`wrap` turns a Python function into what runs: identity (eager), tf.function, or
    tf.function(jit_compile=True) (XLA)."""

    def __init__(self, workload_id, weights, learning_rate, wrap):
        self.variables = {name: tf.Variable(array, name=name.replace(".", "_")) for name, array in weights.items()}
        self.workload_id, self.learning_rate = workload_id, learning_rate
        self._train = wrap(self._train_step)
        self._predict = wrap(lambda x: forward(self.workload_id, self.variables, x))

    def _train_step(self, x, y):
        with tf.GradientTape() as tape:
            logits = forward(self.workload_id, self.variables, x)
            loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
        names = list(self.variables)
        grads = tape.gradient(loss, [self.variables[n] for n in names])
        for name, grad in zip(names, grads):
            self.variables[name].assign_sub(self.learning_rate * grad)
        return loss

    def to_inputs(self, x, y=None):
        return tf.constant(x), None if y is None else tf.constant(y)

    def train_step(self, batch):
        return float(self._train(*batch))

    def predict(self, batch):
        return self._predict(batch[0]).numpy()


def load(threads):
    tf.config.threading.set_intra_op_parallelism_threads(threads)
    tf.config.threading.set_inter_op_parallelism_threads(threads)

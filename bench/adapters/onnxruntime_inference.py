"""ONNX Runtime, inference only: each workload written as an ONNX graph (onnx.helper) with the
shared weights as initializers, run by the CPU execution provider. It has no training step."""

NAME = "onnxruntime"
FRAMEWORK = "onnx-runtime"
MODE = "inference session, CPU execution provider"
ENV = "onnxruntime"
PACKAGES = ("onnxruntime", "onnx")
WORKLOADS = ("mlp", "cnn", "seq")
USES = ("_onnx_graphs",)

ort = graphs = None
THREADS = 1


def load(threads):
    global ort, graphs, THREADS
    import onnxruntime as ort

    from bench.adapters import _onnx_graphs as graphs

    graphs.load()
    THREADS = threads


class Model:
    def __init__(self, workload, weights):
        model = graphs.make_model(workload, weights)
        options = ort.SessionOptions()
        options.intra_op_num_threads = options.inter_op_num_threads = THREADS
        self.session = ort.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])

    def to_inputs(self, x, y=None):
        return {"x": graphs.to_inputs(x)}, y

    def predict(self, batch):
        return self.session.run(["logits"], batch[0])[0]


def build(workload, weights):
    return Model(workload, weights)

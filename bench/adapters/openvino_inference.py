"""OpenVINO, inference only: the same ONNX graphs as the ONNX Runtime adapter, read by OpenVINO's
ONNX frontend and compiled for its CPU plugin. It has no training step."""

NAME = "openvino"
FRAMEWORK = "openvino"
MODE = "compiled model, CPU plugin"
ENV = "openvino"
PACKAGES = ("openvino", "onnx")
WORKLOADS = ("mlp", "cnn", "seq")
USES = ("_onnx_graphs",)

ov = graphs = None
THREADS = 1


def load(threads):
    global ov, graphs, THREADS
    import openvino as ov

    from bench.adapters import _onnx_graphs as graphs

    graphs.load()
    THREADS = threads


class Model:
    def __init__(self, workload, weights):
        import tempfile
        from pathlib import Path

        # OpenVINO reads ONNX from a file; TMPDIR is this worker's scratch folder.
        path = Path(tempfile.mkdtemp()) / f"{workload.id}.onnx"
        path.write_bytes(graphs.make_model(workload, weights).SerializeToString())
        core = ov.Core()
        config = {"INFERENCE_NUM_THREADS": THREADS, "INFERENCE_PRECISION_HINT": "f32"}
        self.compiled = core.compile_model(core.read_model(path), "CPU", config)
        self.request = self.compiled.create_infer_request()

    def to_inputs(self, x, y=None):
        return graphs.to_inputs(x), y

    def predict(self, batch):
        return self.request.infer({0: batch[0]})[0].copy()


def build(workload, weights):
    return Model(workload, weights)

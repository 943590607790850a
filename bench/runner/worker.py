"""One measurement process: `python -m bench.runner.worker --adapter NAME ...`, run by the runner in
the adapter's own environment. It needs only numpy and the standard library from that environment.

Protocol inside the process (the runner repeats the process for every round):
  import time   load() of the adapter: the framework's import and thread settings;
  first step    building the model plus the first training step (or the first inference call at
                each batch size), compile included, timed alone;
  warm-up       at least WARMUP_STEPS calls and WARMUP_SECONDS, not kept;
  calibration   the number of calls per repetition so one repetition lasts about TARGET_SECONDS;
  repetitions   REPETITIONS timed repetitions, each kept as seconds per call.
Every call ends with its result on the host (the loss as a float, the logits as numpy), so
asynchronous frameworks are timed for the work they did. It writes one JSON file (--out).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import sys
import time
import traceback
from pathlib import Path

from bench.atomic_write import write_atomic

WARMUP_STEPS = 2
WARMUP_SECONDS = 0.2
TARGET_SECONDS = 0.1
MAX_CALLS_PER_REPETITION = 200


def measure(call, repetitions: int, before_first: float = 0.0) -> dict:
    """`before_first`: seconds spent building the model, counted into the first call (graph
    frameworks such as Theano compile while building)."""
    started = time.perf_counter()
    call()
    first = time.perf_counter() - started + before_first
    warmup_started, done = time.perf_counter(), 0
    while done < WARMUP_STEPS or time.perf_counter() - warmup_started < WARMUP_SECONDS:
        call()
        done += 1
    one = (time.perf_counter() - warmup_started) / done
    calls = max(1, min(MAX_CALLS_PER_REPETITION, math.ceil(TARGET_SECONDS / max(one, 1e-9))))
    samples = []
    for _ in range(repetitions):
        started = time.perf_counter()
        for _ in range(calls):
            call()
        samples.append((time.perf_counter() - started) / calls)
    return {"first_s": first, "calls_per_repetition": calls, "seconds": samples}


def cross_entropy(logits, labels) -> float:
    import numpy as np

    logits = np.asarray(logits, dtype=np.float64)
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-log_probs[np.arange(len(labels)), labels].mean())


def run_workload(adapter, workload, inputs, repetitions: int) -> dict:
    started = time.perf_counter()
    model = adapter.build(workload, inputs.weights)
    build_s = time.perf_counter() - started
    x, y = inputs.batches[workload.train_batch]
    result: dict = {"workload": workload.id, "build_s": build_s}
    if hasattr(model, "train_step"):
        batch = model.to_inputs(x, y)
        losses = []
        first = measure(lambda: losses.append(model.train_step(batch)), repetitions, build_s)
        result["first_loss"] = float(losses[0])
        result["second_loss"] = float(losses[1])
        result["train"] = first
    else:
        # Inference only: the first loss is the cross-entropy of the first logits.
        result["first_loss"] = cross_entropy(model.predict(model.to_inputs(x, y)), y)
    result["infer"] = {}
    for size in workload.infer_batches:
        bx, by = inputs.batches[size]
        batch = model.to_inputs(bx, by)
        result["infer"][str(size)] = measure(lambda: model.predict(batch), repetitions)
    return result


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.runner.worker")
    parser.add_argument("--adapter", required=True)
    parser.add_argument("--workloads", required=True, help="comma-separated workload ids")
    parser.add_argument("--inputs", required=True, type=Path, help="folder with <workload>.npz")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--out", required=True, type=Path)
    args = parser.parse_args(argv)

    from bench.adapters import all_adapters, import_adapter
    from bench.workloads import WORKLOADS, read_inputs

    info = all_adapters()[args.adapter]
    output: dict = {"adapter": info.name, "workloads": [], "errors": []}
    device = os.environ.get("BENCH_DEVICE", "cpu")
    if device not in info.devices:
        output["errors"].append({"workload": None, "error": f"the adapter supports {', '.join(info.devices)}, not {device}"})
        _write(args.out, output)
        return 0
    adapter = import_adapter(info)
    started = time.perf_counter()
    try:
        adapter.load(args.threads)
    except Exception as exc:  # a framework that cannot load is a result to record, not a crash
        output["errors"].append({"workload": None, "error": _describe(exc)})
        _write(args.out, output)
        return 0
    output["import_s"] = time.perf_counter() - started
    for workload_id in args.workloads.split(","):
        workload = WORKLOADS[workload_id]
        try:
            inputs = read_inputs(args.inputs / f"{workload_id}.npz")
            output["workloads"].append(run_workload(adapter, workload, inputs, args.repetitions))
        except Exception as exc:
            output["errors"].append({"workload": workload_id, "error": _describe(exc)})
    output["peak_rss_bytes"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    output["versions"] = _versions()
    output["python"] = sys.version.split()[0]
    output["blas"] = _numpy_blas()
    _write(args.out, output)
    return 0


def _describe(exc: BaseException) -> str:
    last = traceback.format_exception(exc)[-3:]
    return "".join(last).strip()[-1500:]


def _versions() -> dict[str, str]:
    from importlib import metadata

    return {dist.metadata["Name"].lower(): dist.version for dist in metadata.distributions()}


def _numpy_blas() -> str:
    """numpy's BLAS as numpy reports it (1.26 and later), else 'unknown'."""
    try:
        import numpy

        blas = numpy.show_config(mode="dicts")["Build Dependencies"]["blas"]
        return f"numpy: {blas.get('name', '?')} {blas.get('version', '')}".strip()
    except Exception:
        return "unknown"


def _write(path: Path, output: dict) -> None:
    # Atomic: a worker killed mid-write leaves no cut-short result for a resumed run to count as done.
    write_atomic(path, json.dumps(output, indent=1, sort_keys=True).encode("utf-8"))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

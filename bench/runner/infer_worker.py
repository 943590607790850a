"""One inference process, run by bench/runner/infer.py inside a runtime's environment; it needs only
numpy and the standard library besides the runtime. Two modes:

  convert   import the converter (not timed), then convert(weights) timed: conversion_seconds,
            the model file's bytes, the converter's version;
  measure   import the runtime (timed apart), load the model file (load_seconds), the first call at
            batch 1 (first_result_seconds), then per batch size WARMUP calls and --repetitions
            calls each timed alone with time.perf_counter; the output of the first and the last
            call at each batch size compared with the numpy float32 reference (max relative
            error); the worker's peak RSS (VmHWM, see peak_rss_bytes).

Inputs are put in the runtime's layout and dtype once, before anything is timed. It writes one JSON
file; an exception becomes {"error": {"stage", "reason"}} with a one-line reason.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import re
import resource
import sys
import time
from importlib import metadata
from pathlib import Path

from bench.atomic_write import write_atomic


def readable(exc: BaseException) -> str:
    """One line: the exception's type and the first line of its message, without folder paths."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    text = f"{type(exc).__name__}: {lines[0] if lines else 'no message'}"
    return one_line(text)


def one_line(text: str, limit: int = 300) -> str:
    text = re.sub(r"(?:[A-Za-z]:)?(?:/[^\s/'\"():,]+)+/([^\s/'\"():,]+)", r"\1", text)  # keep the file name only
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def model_bytes(path: Path) -> int:
    """A file's size, or a folder's (a SavedModel), or an IR's .xml with its .bin."""
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    total = path.stat().st_size
    if path.suffix == ".xml" and path.with_suffix(".bin").exists():
        total += path.with_suffix(".bin").stat().st_size
    return total


def peak_rss_bytes(status_text: str | None = None) -> int:
    """The process's peak resident memory: /proc/self/status VmHWM, the high-water mark of this
    program's own memory. Not getrusage's ru_maxrss: Linux carries that across fork and exec, so a
    worker started by a large parent reports at least the parent's size (every worker of the first
    run showed the runner's 221 MB as a floor). ru_maxrss only where /proc is missing."""
    if status_text is None:
        try:
            status_text = Path("/proc/self/status").read_text()
        except OSError:
            return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    for line in status_text.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _module(runtime_module: str):
    from bench.runtimes import import_runtime

    return import_runtime(runtime_module)


def do_convert(args, out: dict) -> None:
    from bench.workloads.realistic import REALISTIC

    m = _module(args.runtime)
    workload = REALISTIC[args.workload]
    out["stage"] = "convert"
    for name in m.CONVERT_IMPORTS:
        importlib.import_module(name)
    args.model_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    path, converter = m.convert(args.files / f"{workload.id}.weights.npz", workload, args.model_dir)
    seconds = time.perf_counter() - started
    out.update({"conversion_seconds": seconds if m.CONVERTER else None, "converter": converter,
                "model_file": path.name, "model_bytes": model_bytes(path)})


def do_measure(args, out: dict) -> None:
    from bench.workloads.realistic import REALISTIC, max_relative_error, read_npz

    m = _module(args.runtime)
    workload = REALISTIC[args.workload]
    data = read_npz(args.files / f"{workload.id}.data.npz")
    out["stage"] = "load"
    started = time.perf_counter()
    for name in m.IMPORTS:
        importlib.import_module(name)
    m.set_threads(args.threads)
    out["import_seconds"] = time.perf_counter() - started
    inputs = {b: m.to_inputs(workload, data["inputs"][:b]) for b in workload.batches}
    started = time.perf_counter()
    run = m.load(args.model_dir / args.model_file, workload)
    out["load_seconds"] = time.perf_counter() - started
    out["stage"] = "run"
    started = time.perf_counter()
    first = run(inputs[1])
    out["first_result_seconds"] = time.perf_counter() - started
    errors = [max_relative_error(first, data["reference_1"])]
    latency: dict[str, list[float]] = {}
    for b in workload.batches:
        for _ in range(args.warmup):
            y = run(inputs[b])
        errors.append(max_relative_error(y, data[f"reference_{b}"]))
        samples = []
        for _ in range(args.repetitions):
            started = time.perf_counter()
            y = run(inputs[b])
            samples.append(time.perf_counter() - started)
        errors.append(max_relative_error(y, data[f"reference_{b}"]))
        latency[str(b)] = samples
    out.update({"latency_seconds": latency, "max_relative_error": max(errors),
                "peak_rss_bytes": peak_rss_bytes()})


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.runner.infer_worker")
    parser.add_argument("mode", choices=("convert", "measure"))
    parser.add_argument("--runtime", required=True, help="module name under bench/runtimes/")
    parser.add_argument("--workload", required=True)
    parser.add_argument("--files", required=True, type=Path, help="folder with <workload>.weights.npz and .data.npz")
    parser.add_argument("--model-dir", required=True, type=Path)
    parser.add_argument("--model-file", default="")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--repetitions", type=int, default=10)
    parser.add_argument("--out", required=True, type=Path)
    args = parser.parse_args(argv)
    out: dict = {"runtime": args.runtime, "workload": args.workload, "mode": args.mode, "error": None}
    try:
        (do_convert if args.mode == "convert" else do_measure)(args, out)
    except Exception as exc:  # a runtime that fails is a result to record, not a crash
        out["error"] = {"stage": out.get("stage", args.mode), "reason": readable(exc)}
    try:
        m = _module(args.runtime)
        out["version"] = metadata.version(m.PACKAGE) if args.mode == "measure" else None
    except Exception:
        out["version"] = None
    out.pop("stage", None)
    out["python"] = sys.version.split()[0]
    write_atomic(args.out, json.dumps(out, indent=1, sort_keys=True).encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""From a run folder's raw worker results to the measurement data file (data/measurements/<id>.yaml).

Every repetition of every round goes into the file; medians and spreads are computed from it, not
stored. A workload whose first loss misses the reference is moved to `failures` (recorded, not
published); so is an adapter that could not be installed or loaded.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from bench import envs
from bench.adapters import AdapterInfo
from bench.atomic_write import write_atomic
from bench.runner import worker
from bench.runner.machine import harness_commit, machine_record
from bench.runner.raw import DamagedFile, DamagedFiles, read_json, read_raw
from bench.runner.run import REPO, Settings, asked_workloads, recorded_commits
from bench.workloads import FIRST_LOSS_RTOL, WORKLOADS, batch, initial_weights
from bench.workloads.reference import reference_loss
from bench.yaml_writer import measurement_text

# Frameworks in data/frameworks/ that have no adapter, and why (checked by the measurement rules:
# every framework is either measured, failed with a reason, or listed here).
NOT_MEASURED = {
    "burn": "A Rust framework: the harness drives Python processes, and crates cannot be fetched here (only PyPI, Debian and npm are reachable).",
    "caffe": "Not installable here: this machine's Debian 12 archive has no Caffe package (apt-cache search finds none) and the PyPI name 'caffe' is an empty placeholder; building from source is out of scope.",
    "caffe2": "Merged into PyTorch; there is no separate package to install (PyTorch is measured as torch-eager and torch-compile).",
    "candle": "A Rust framework: the harness drives Python processes, and crates cannot be fetched here (only PyPI, Debian and npm are reachable).",
    "cntk": "Not installable here: its last release on PyPI (2.7.post2) has wheels for CPython 2.7, 3.5 and 3.6 only.",
    "deeplearning4j": "A JVM framework: Maven Central is not reachable from this machine (only PyPI, Debian and npm are).",
    "djl": "A Java framework: Maven Central is not reachable from this machine (only PyPI, Debian and npm are).",
    "executorch": "An on-device runtime for exported PyTorch programs; no adapter written yet.",
    "fastai": "A training library on top of PyTorch: its step is PyTorch's, measured as torch-eager; its Learner loop adds callbacks that this protocol does not time apart. No adapter written yet.",
    "flux-jl": "A Julia framework: Julia's package registry is not reachable from this machine, and the harness drives Python processes.",
    "ggml": "A C tensor library: the harness drives Python processes; no adapter written yet.",
    "jittor": "Installable from PyPI; no adapter written yet.",
    "litert": "An on-device inference runtime; no adapter written yet.",
    "pytorch-lightning": "A training loop on top of PyTorch: its step is PyTorch's, measured as torch-eager; the Trainer loop cannot be timed one step at a time without changing it. No adapter written yet.",
    "tensorflow-js": "Runs in Node.js, not Python; tfjs-node's install downloads a binary from outside the package registries. No adapter written yet.",
    "tensorrt": "Needs an NVIDIA GPU; this run was on CPU and no GPU machine was lent to it.",
    "torch7": "Lua Torch: LuaRocks is not reachable from this machine, and the harness drives Python processes.",
}


def _plain(text: str, limit: int = 1500) -> str:
    """Error text as the data's text type allows it: no control characters but line breaks."""
    cleaned = "".join(ch if ch == "\n" or ch.isprintable() else " " for ch in text).strip()
    return cleaned[-limit:] or "no message"


def _last_line(message: str) -> str:
    """A traceback's last line: the exception and its message."""
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    return lines[-1] if lines else message


def _sig(value: float) -> float:
    return float(f"{value:.5g}")


def _sigs(values: list[float]) -> list[float]:
    return [_sig(v) for v in values]


def reference_losses(workload_ids: list[str]) -> dict[str, float]:
    losses = {}
    for workload_id in workload_ids:
        workload = WORKLOADS[workload_id]
        x, y = batch(workload, workload.train_batch)
        losses[workload_id] = reference_loss(workload, initial_weights(workload), x, y)
    return losses


def load_raw(run_dir: Path, settings: Settings, info: AdapterInfo, damaged: list[DamagedFile]) -> list[dict]:
    """The adapter's raw results, round by round, each verified; a damaged one goes to `damaged`."""
    results = []
    for round_no in range(1, settings.rounds + 1):
        path = run_dir / "raw" / f"r{round_no}-{info.name}.json"
        if path.exists():
            try:
                result = read_raw(path, asked_workloads(info, settings))
            except DamagedFile as problem:
                damaged.append(problem)
                continue
            result["round"] = round_no
            results.append(result)
    return results


def assemble(run_dir: Path, settings: Settings, adapters: dict[str, AdapterInfo], measurement_id: str,
             command: str) -> dict:
    """The measurement from the run folder. Raises DamagedFiles (every damaged raw result, each with
    its message) rather than publish a run with a round silently missing."""
    references = reference_losses(list(settings.workloads))
    builds = read_json(run_dir / "builds.json") if (run_dir / "builds.json").exists() else {}
    raw_results: dict[str, list[dict]] = {}
    damaged: list[DamagedFile] = []
    for name in settings.adapters:
        raw_results[name] = load_raw(run_dir, settings, adapters[name], damaged)
    if damaged:
        raise DamagedFiles(damaged)
    results, failures, environments = [], [], {}
    for name in settings.adapters:
        info = adapters[name]
        build = builds.get(info.env)
        if build and not build["ok"]:
            failures.append({"adapter": name, "framework": info.framework, "stage": "install",
                             "reason": _plain(build["reason"])})
            continue
        rounds = raw_results[name]
        loaded = [r for r in rounds if "import_s" in r]
        if not loaded:
            reason = rounds[0]["errors"][0]["error"] if rounds and rounds[0]["errors"] else "no result"
            failures.append({"adapter": name, "framework": info.framework, "stage": "load", "reason": _plain(reason)})
            continue
        if info.env not in environments:
            environments[info.env] = _environment(info, loaded[0], settings)
        entry = {
            "adapter": name,
            "framework": info.framework,
            "mode": info.mode,
            "environment": info.env,
            "version": loaded[0]["versions"].get(info.packages[0].lower(), "unknown"),
            "adapter_lines": info.lines_of_code,
            "import_seconds": _sigs([r["import_s"] for r in loaded]),
            "peak_rss_bytes": [r["peak_rss_bytes"] for r in loaded],
            "workloads": [],
        }
        errors = [{"round": r["round"], "workload": e["workload"], "message": e["error"]}
                  for r in rounds for e in r["errors"]]
        for workload_id in settings.workloads:
            if workload_id not in info.workloads:
                continue
            measured = [(r["round"], w) for r in loaded for w in r["workloads"] if w["workload"] == workload_id]
            if not measured:
                reason = next((_last_line(e["message"]) for e in errors if e["workload"] == workload_id), "no result")
                failures.append({"adapter": name, "framework": info.framework, "workload": workload_id,
                                 "stage": "run", "reason": _plain(reason)})
                continue
            record = _workload_record(workload_id, measured)
            reference = references[workload_id]
            if not all(abs(loss - reference) <= FIRST_LOSS_RTOL * abs(reference) for loss in record["first_losses"]):
                failures.append({"adapter": name, "framework": info.framework, "workload": workload_id,
                                 "stage": "correctness",
                                 "reason": f"first loss {record['first_losses'][0]} differs from the reference "
                                           f"{reference} by more than {FIRST_LOSS_RTOL:.1%}"})
                continue
            entry["workloads"].append(record)
        if errors:
            entry["errors"] = [{**e, "message": _plain(e["message"], 400)} for e in errors]
        if entry["workloads"]:
            results.append(entry)
        elif not any(f["adapter"] == name for f in failures):
            failures.append({"adapter": name, "framework": info.framework, "stage": "run", "reason": "no workload ran"})

    measured_frameworks = {r["framework"] for r in results} | {f["framework"] for f in failures}
    return {
        "id": measurement_id,
        "title": f"CPU suite, {len(results)} framework/mode entries",
        "measured": datetime.now(timezone.utc).date().isoformat(),
        "command": command,
        "harness_commit": run_commit(run_dir),
        "protocol": {
            "rounds": settings.rounds,
            "repetitions_per_round": settings.repetitions,
            "threads": settings.threads,
            "warmup_calls": worker.WARMUP_STEPS,
            "warmup_seconds": worker.WARMUP_SECONDS,
            "target_repetition_seconds": worker.TARGET_SECONDS,
            "first_loss_rtol": FIRST_LOSS_RTOL,
        },
        "machine": machine_record(settings.device, settings.cpus),
        "workloads": [_workload_definition(w, references[w]) for w in settings.workloads],
        "environments": dict(sorted(environments.items())),
        "results": results,
        "failures": failures,
        "not_measured": [{"framework": k, "reason": v} for k, v in sorted(NOT_MEASURED.items())
                         if k not in measured_frameworks],
    }


def run_commit(run_dir: Path) -> str:
    """The commit the run's workers ran from (noted at start); `+modified` when bench/ had local changes
    or a resumed run went on from another commit. Runs from before the note: the commit now."""
    seen = recorded_commits(run_dir)
    if not seen:
        return harness_commit(REPO)
    first = seen[0]
    return first if len(seen) == 1 or first.endswith("+modified") else f"{first}+modified"


def _workload_definition(workload_id: str, reference: float) -> dict:
    """The workload as this run defined it, with the reference loss the harness computed for it:
    one per run, so every result's first losses are checked against the same number."""
    workload = WORKLOADS[workload_id]
    return {"id": workload.id, "title": workload.title, "parameters": workload.parameter_count,
            "train_batch": workload.train_batch, "infer_batches": list(workload.infer_batches),
            "reference_loss": _sig(reference)}


def _workload_record(workload_id: str, measured: list[tuple[int, dict]]) -> dict:
    record: dict = {"workload": workload_id,
                    "first_losses": [_sig(w["first_loss"]) for _, w in measured]}
    trained = [w for _, w in measured if "train" in w]
    if trained:
        record["first_step_seconds"] = _sigs([w["train"]["first_s"] for w in trained])
        record["train_step_seconds"] = _sigs([s for w in trained for s in w["train"]["seconds"]])
    record["inference"] = []
    for size in WORKLOADS[workload_id].infer_batches:
        calls = [w["infer"][str(size)] for _, w in measured if str(size) in w["infer"]]
        record["inference"].append({
            "batch": size,
            "first_call_seconds": _sigs([c["first_s"] for c in calls]),
            "seconds": _sigs([s for c in calls for s in c["seconds"]]),
        })
    return record


def _environment(info: AdapterInfo, raw: dict, settings: Settings) -> dict:
    record = {
        "python": raw.get("python", "unknown"),
        "blas": raw.get("blas", "unknown"),
        "packages": dict(sorted(raw["versions"].items())),
    }
    if not settings.python:
        size = envs.installed_size_bytes(info.env)
        if size > 0:  # zero: the environment's folder is gone, so its size is not known
            record["size_bytes"] = size
        record["requirements"] = f"bench/envs/requirements/{info.env}.txt"
    return record


def write(measurement: dict, path: Path) -> None:
    """Write the data file atomically: on any failure (a full disk) the old file stays as it was and
    OSError says why."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, measurement_text(measurement).encode("utf-8"))

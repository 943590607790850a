"""`python -m bench infer`: inference runtimes on the realistic workloads (bench/workloads/realistic.py).

Flow, in a run folder under the cache (runs-infer/<timestamp>/), resumable like `bench run`:
  1. the environments each runtime needs (to run, and to convert: LiteRT converts with TensorFlow),
     built as `bench run` builds them; install seconds and installed size recorded;
  2. the weights, inputs and numpy float32 reference outputs, written once (files/);
  3. one conversion per runtime x workload, in its converter's environment (models/<runtime>/<workload>/);
  4. `rounds` rounds; each round runs every runtime x workload once, a fresh process each, odd
     rounds in order and even rounds reversed, so a slow minute on the machine hits all of them;
  5. the results file of the contract (INFERENCE-CONTRACT), written atomically.

A raw result that is there and whole counts as done when the same command runs again; a
runtime x workload that failed in any round (install, convert, load, run) or whose outputs miss the
reference by more than the tolerance goes to `failures` with the first reason.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

from bench import envs
from bench.atomic_write import write_atomic
from bench.runner.infer_worker import one_line
from bench.runner.machine import harness_commit, machine_record
from bench.runner.run import REPO, THREAD_VARIABLES, xla_flags
from bench.runtimes import RuntimeInfo
from bench.workloads.realistic import REALISTIC, parameter_count, read_npz, write_workload_files
from bench.yaml_writer import plain_text

DEFAULT_ROUNDS = 5
DEFAULT_REPETITIONS = 10
WARMUP_CALLS = 3
TOLERANCE = 1e-3
CONVERT_TIMEOUT_SECONDS = 900
MEASURE_TIMEOUT_SECONDS = 600

# Runtimes of interest with no adapter in this harness, and why.
NOT_MEASURED = {
    "ggml": "No adapter yet: ggml has no converter from these weights to a GGUF graph of a ResNet or an encoder; "
            "its Python bindings target llama.cpp's decoder models.",
    "tensorflow-js": "No adapter yet: the harness drives Python processes, and tfjs-node's install downloads a "
                     "binary from outside the package registries.",
}


@dataclass(frozen=True)
class InferSettings:
    runtimes: tuple[str, ...]
    workloads: tuple[str, ...]
    rounds: int = DEFAULT_ROUNDS
    repetitions: int = DEFAULT_REPETITIONS
    warmup: int = WARMUP_CALLS
    threads: int = 1
    cpus: str | None = None


def _run_dir(settings: InferSettings) -> Path:
    runs = envs.cache_dir() / "runs-infer"
    wanted = json.loads(json.dumps(asdict(settings)))
    if runs.exists():
        for folder in sorted(runs.iterdir(), reverse=True):
            try:
                recorded = json.loads((folder / "settings.json").read_text())
            except (OSError, ValueError):
                continue
            if recorded == wanted and not (folder / "complete").exists():
                return folder
    folder = runs / datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    folder.mkdir(parents=True, exist_ok=False)
    write_atomic(folder / "settings.json", json.dumps(wanted, indent=1).encode("utf-8"))
    return folder


def worker_environment(settings: InferSettings, scratch: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in THREAD_VARIABLES:
        env[name] = str(settings.threads)
    env["XLA_FLAGS"] = xla_flags(settings.threads)
    scratch.mkdir(parents=True, exist_ok=True)
    for name in ("XDG_CACHE_HOME", "TMPDIR", "TORCHINDUCTOR_CACHE_DIR", "KERAS_HOME"):
        (scratch / name.lower()).mkdir(exist_ok=True)
        env[name] = str(scratch / name.lower())
    env.update({"TF_CPP_MIN_LOG_LEVEL": "2", "PYTHONPATH": str(REPO), "CUDA_VISIBLE_DEVICES": "",
                "JAX_PLATFORMS": "cpu"})
    return env


def _read(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and "error" in data else None


def _spawn(python: str, args: list[str], settings: InferSettings, run_dir: Path, out: Path, timeout: int) -> dict:
    """A worker; its JSON, or an error result when it died, timed out or left nothing whole."""
    log = out.with_suffix(".log")
    command = [python, "-m", "bench.runner.infer_worker", *args, "--threads", str(settings.threads), "--out", str(out)]
    if settings.cpus and shutil.which("taskset"):
        command = ["taskset", "-c", settings.cpus, *command]
    scratch = run_dir / "scratch" / out.stem  # working folder and TMPDIR of this worker, removed after
    env = worker_environment(settings, scratch)
    started = time.perf_counter()
    with log.open("w") as handle:
        try:
            code = subprocess.run(command, cwd=scratch, env=env, stdout=handle, stderr=subprocess.STDOUT,
                                  timeout=timeout).returncode
        except subprocess.TimeoutExpired:
            code = None
    shutil.rmtree(scratch, ignore_errors=True)
    result = _read(out) if code == 0 else None
    if result is None:
        tail = [line for line in log.read_text(errors="replace").splitlines() if line.strip()][-1:]
        why = f"the worker ran past {timeout} s" if code is None else f"the worker exited with {code}"
        stage = "convert" if args[0] == "convert" else "run"
        result = {"error": {"stage": stage, "reason": one_line(why + (": " + tail[0] if tail else ""))}}
        write_atomic(out, json.dumps(result).encode("utf-8"))
    result["wall_seconds"] = time.perf_counter() - started
    return result


def run_infer(settings: InferSettings, runtimes: dict[str, RuntimeInfo]) -> Path:
    run_dir = _run_dir(settings)
    print(f"run folder: {run_dir}", file=sys.stderr, flush=True)
    (run_dir / "raw").mkdir(exist_ok=True)
    files = run_dir / "files"
    for workload_id in settings.workloads:
        write_workload_files(REALISTIC[workload_id], files)
    commits = run_dir / "harness_commits"
    seen = commits.read_text().split() if commits.exists() else []
    if harness_commit(REPO) not in seen:
        write_atomic(commits, "".join(f"{c}\n" for c in (*seen, harness_commit(REPO))).encode("utf-8"))

    chosen = [runtimes[r] for r in settings.runtimes]
    builds_file = run_dir / "builds.json"
    builds: dict = json.loads(builds_file.read_text()) if builds_file.exists() else {}
    for env_name in sorted({e for info in chosen for e in (info.env, info.convert_env)}):
        if env_name in builds and builds[env_name]["ok"]:
            continue
        print(f"environment {env_name}: building ...", file=sys.stderr, flush=True)
        result = envs.build(env_name, log_dir=run_dir / "logs")
        entry = asdict(result)
        entry["reason"] = one_line(entry["reason"], 600)
        entry["installed_bytes"] = envs.installed_size_bytes(env_name) if result.ok else None
        builds[env_name] = entry
        state = "reused" if result.reused else "ok" if result.ok else "FAILED"
        print(f"environment {env_name}: {state} {result.seconds:.0f}s", file=sys.stderr, flush=True)
        write_atomic(builds_file, json.dumps(builds, indent=1).encode("utf-8"))

    pairs = [(info, w) for info in chosen for w in settings.workloads]
    for info, w in pairs:
        out = run_dir / "raw" / f"convert-{info.id}-{w}.json"
        if not builds[info.convert_env]["ok"] or not builds[info.env]["ok"] or _read(out) is not None:
            continue
        model_dir = run_dir / "models" / info.id / w
        shutil.rmtree(model_dir, ignore_errors=True)
        done = _spawn(str(envs.env_python(info.convert_env)),
                      ["convert", "--runtime", info.module, "--workload", w, "--files", str(files),
                       "--model-dir", str(model_dir)], settings, run_dir, out, CONVERT_TIMEOUT_SECONDS)
        state = "ok" if not done["error"] else f"FAILED ({done['error']['reason']})"
        print(f"convert {info.id} {w}: {state} in {done['wall_seconds']:.1f}s", file=sys.stderr, flush=True)

    total, count, started = settings.rounds * len(pairs), 0, time.perf_counter()
    for round_no in range(1, settings.rounds + 1):
        for info, w in pairs if round_no % 2 else list(reversed(pairs)):
            count += 1
            out = run_dir / "raw" / f"r{round_no}-{info.id}-{w}.json"
            converted = _read(run_dir / "raw" / f"convert-{info.id}-{w}.json")
            if converted is None or converted["error"] or _read(out) is not None:
                continue
            done = _spawn(str(envs.env_python(info.env)),
                          ["measure", "--runtime", info.module, "--workload", w, "--files", str(files),
                           "--model-dir", str(run_dir / "models" / info.id / w),
                           "--model-file", converted["model_file"], "--warmup", str(settings.warmup),
                           "--repetitions", str(settings.repetitions)], settings, run_dir, out,
                          MEASURE_TIMEOUT_SECONDS)
            state = "ok" if not done["error"] else f"FAILED ({done['error']['reason']})"
            print(f"[{count:3d}/{total}] {time.perf_counter() - started:6.0f}s round {round_no} {info.id} {w}: "
                  f"{state} in {done['wall_seconds']:.1f}s", file=sys.stderr, flush=True)
    write_atomic(run_dir / "complete", (datetime.now(timezone.utc).isoformat() + "\n").encode("utf-8"))
    return run_dir


def infer_command(settings: InferSettings, all_ids: tuple[str, ...]) -> str:
    """The command line that makes this run (what a replicate must repeat); --id is not part of it."""
    parts = ["python -m bench infer"]
    for flag, value, default in (("--rounds", settings.rounds, DEFAULT_ROUNDS),
                                 ("--repetitions", settings.repetitions, DEFAULT_REPETITIONS),
                                 ("--warmup", settings.warmup, WARMUP_CALLS), ("--threads", settings.threads, 1)):
        if value != default:
            parts.append(f"{flag} {value}")
    if settings.cpus:
        parts.append(f"--cpus {settings.cpus}")
    if settings.runtimes != all_ids:
        parts.append("--runtimes " + " ".join(settings.runtimes))
    if settings.workloads != tuple(REALISTIC):
        parts.append("--workloads " + " ".join(settings.workloads))
    return " ".join(parts)


def _run_date(run_dir: Path) -> str:
    """The UTC date the run folder was started (its name is the start time), else today."""
    try:
        return datetime.strptime(run_dir.name[:16], "%Y%m%dT%H%M%SZ").date().isoformat()
    except ValueError:
        return datetime.now(timezone.utc).date().isoformat()


def _sig(value: float) -> float:
    return float(f"{value:.5g}")


def assemble_infer(run_dir: Path, settings: InferSettings, runtimes: dict[str, RuntimeInfo], run_id: str,
                   command: str, replicate_of: str | None = None, machine: dict | None = None,
                   measured: str | None = None) -> dict:
    """The contract's results file from the run folder's raw results."""
    builds = json.loads((run_dir / "builds.json").read_text()) if (run_dir / "builds.json").exists() else {}
    commits = (run_dir / "harness_commits").read_text().split() if (run_dir / "harness_commits").exists() else []
    files = run_dir / "files"
    workloads, runtime_entries, results, failures = [], [], [], []
    for w in settings.workloads:
        workload = REALISTIC[w]
        workloads.append({"id": w, "title": workload.title,
                          "parameters": parameter_count(read_npz(files / f"{w}.weights.npz")),
                          "input": list(workload.sample_shape), "batches": list(workload.batches)})
    for runtime_id in settings.runtimes:
        info = runtimes[runtime_id]
        version = converter = None
        for w in settings.workloads:
            failure, rounds = _collect(run_dir, settings, info, w, builds)
            converted = _read(run_dir / "raw" / f"convert-{info.id}-{w}.json") or {}
            converter = converter or converted.get("converter")
            version = version or next((r.get("version") for r in rounds if r.get("version")), None)
            if failure is None:
                error = max(r["max_relative_error"] for r in rounds)
                if info.precision == "float32" and error > TOLERANCE:
                    failure = {"stage": "correctness", "reason": f"outputs differ from the numpy float32 reference by "
                               f"{error:.3g} (max relative error), more than the tolerance {TOLERANCE:g}"}
            if failure is not None:
                failures.append({"runtime": info.id, "workload": w, **failure})
                continue
            results.append({
                "runtime": info.id, "workload": w,
                "conversion_seconds": None if converted.get("conversion_seconds") is None else _sig(converted["conversion_seconds"]),
                "model_bytes": converted["model_bytes"],
                "rounds": [{"load_seconds": _sig(r["load_seconds"]), "first_result_seconds": _sig(r["first_result_seconds"]),
                            "peak_rss_bytes": r["peak_rss_bytes"]} for r in rounds],
                "max_relative_error": float(f"{max(r['max_relative_error'] for r in rounds):.3g}"),
                "latency_seconds": {str(b): [_sig(s) for r in rounds for s in r["latency_seconds"][str(b)]]
                                    for b in REALISTIC[w].batches},
            })
        runtime_entries.append({"id": info.id, "title": info.title, "framework": info.framework, "environment": info.env,
                                "version": version or _pinned_version(info), "format": info.format, "path": info.path,
                                "converter": converter, "precision": info.precision})
    return {
        "id": run_id,
        "title": "Inference runtimes on realistic models, CPU",
        "measured": measured or _run_date(run_dir),
        "command": command,
        "harness_commit": commits[0] if commits else harness_commit(REPO),
        "replicate_of": replicate_of,
        "protocol": {"rounds": settings.rounds, "repetitions_per_round": settings.repetitions,
                     "threads": settings.threads, "warmup_calls": settings.warmup, "tolerance": TOLERANCE},
        "machine": machine or machine_record("cpu", settings.cpus),
        "workloads": workloads,
        "runtimes": runtime_entries,
        "results": results,
        "failures": failures,
        "not_measured": [{"framework": f, "reason": reason} for f, reason in NOT_MEASURED.items()],
    }


def _pinned_version(info: RuntimeInfo) -> str:
    """The runtime's version as its requirements file pins it (when no worker got to report it)."""
    path = envs.requirements_file(info.env)
    for line in path.read_text().splitlines() if path.exists() else []:
        name, _, version = line.partition("==")
        if name.split("[")[0].strip().lower() == info.package.lower():
            return version.strip()
    return "unknown"


def _collect(run_dir: Path, settings: InferSettings, info: RuntimeInfo, w: str, builds: dict):
    """(failure or None, the rounds' raw results)."""
    for env_name in (info.convert_env, info.env):
        build = builds.get(env_name)
        if build is None or not build["ok"]:
            why = build["reason"] if build else f"environment {env_name} was not built"
            return {"stage": "install", "reason": one_line(why)}, []
    converted = _read(run_dir / "raw" / f"convert-{info.id}-{w}.json")
    if converted is None:
        return {"stage": "convert", "reason": "the conversion did not run"}, []
    if converted["error"]:
        return {"stage": converted["error"]["stage"], "reason": converted["error"]["reason"]}, []
    rounds = []
    for round_no in range(1, settings.rounds + 1):
        raw = _read(run_dir / "raw" / f"r{round_no}-{info.id}-{w}.json")
        if raw is None:
            return {"stage": "run", "reason": f"round {round_no} has no result"}, []
        if raw["error"]:
            return {"stage": raw["error"]["stage"], "reason": f"round {round_no}: {raw['error']['reason']}"}, []
        rounds.append(raw)
    return None, rounds


def install_table(run_dir: Path) -> list[dict]:
    builds = json.loads((run_dir / "builds.json").read_text()) if (run_dir / "builds.json").exists() else {}
    return [{"environment": name, **entry} for name, entry in sorted(builds.items())]


def write_results(data: dict, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(out, plain_text(data).encode("utf-8"))

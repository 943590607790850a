"""The run: build environments, spawn one worker per (round, adapter), keep every raw result, and
assemble the measurement data file.

Rounds interleave the frameworks: round r runs every adapter once (odd rounds in reverse order), so
a slow minute on a shared machine hits all of them rather than one. Each worker is a fresh process;
each adapter gets its own cache folder, empty when the run starts and kept across its rounds, so
round 1's first step is a cold start (compile caches empty) and later rounds' first steps show what
a framework's persistent caches save. A run lives in its own
folder under the cache; rerunning the same command resumes the newest unfinished run with the same
settings, skipping the (round, adapter) pairs already done. A failure to install, load or run is
recorded with its reason and the others go on.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from bench import envs
from bench.adapters import AdapterInfo
from bench.atomic_write import write_atomic
from bench.runner.machine import harness_commit
from bench.runner.raw import DamagedFile, is_done, read_json, read_raw
from bench.workloads import WORKLOADS, write_inputs

REPO = Path(__file__).resolve().parents[2]
WORKER_TIMEOUT_SECONDS = 900
# Many short rounds rather than few long ones: medians of sub-millisecond calls differ more from one
# process to the next (memory layout, allocator state) than within a process, so the number of
# processes, not of repetitions, decides whether two runs agree (pyperf spreads its values the same way).
DEFAULT_ROUNDS = 10
DEFAULT_REPETITIONS = 3
THREAD_VARIABLES = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "NUMEXPR_NUM_THREADS",
                    "TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS", "MLX_NUM_THREADS")


@dataclass(frozen=True)
class Settings:
    adapters: tuple[str, ...]
    workloads: tuple[str, ...]
    device: str = "cpu"
    rounds: int = DEFAULT_ROUNDS
    repetitions: int = DEFAULT_REPETITIONS
    threads: int = 1
    cpus: str | None = None  # taskset list; None: not pinned
    python: str | None = None  # an existing environment's Python instead of built environments


@dataclass
class Progress:
    total: int
    done: int = 0
    started: float = field(default_factory=time.perf_counter)

    def show(self, text: str) -> None:
        self.done += 1
        elapsed = time.perf_counter() - self.started
        print(f"[{self.done:3d}/{self.total}] {elapsed:6.0f}s  {text}", file=sys.stderr, flush=True)


def run_dir_for(settings: Settings, runs: Path) -> Path:
    """The newest unfinished run with these settings, else a new folder."""
    wanted = asdict(settings)
    if runs.exists():
        for folder in sorted(runs.iterdir(), reverse=True):
            settings_file = folder / "settings.json"
            if settings_file.exists() and not (folder / "complete").exists():
                try:
                    recorded = read_json(settings_file)
                except DamagedFile:
                    continue  # a run whose settings cannot be read is not the one to resume
                if recorded == json.loads(json.dumps(wanted)):
                    return folder
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    runs.mkdir(parents=True, exist_ok=True)
    # Two runs started in the same second (one per pinned CPU, say) must not share a folder.
    for attempt in itertools.count(1):
        folder = runs / (stamp if attempt == 1 else f"{stamp}-{attempt}")
        try:
            folder.mkdir()
            break
        except FileExistsError:
            continue
    write_atomic(folder / "settings.json", json.dumps(wanted, indent=1).encode("utf-8"))
    return folder


def recorded_commits(run_dir: Path) -> list[str]:
    """The harness commits the run was started and resumed from, first first (assemble reads them)."""
    commits = run_dir / "harness_commits"
    return commits.read_text().split() if commits.exists() else []


def record_harness_commit(run_dir: Path) -> None:
    """The commit that runs, noted when a run starts or resumes: assembling later, after more commits,
    must not credit the figures to code that did not produce them."""
    seen = recorded_commits(run_dir)
    current = harness_commit(REPO)
    if current not in seen:
        if seen:
            print(f"warning: resuming a run started at {seen[0]} on {current}", file=sys.stderr, flush=True)
        write_atomic(run_dir / "harness_commits", "".join(f"{c}\n" for c in (*seen, current)).encode("utf-8"))


def xla_flags(threads: int) -> str:
    """XLA's CPU client sizes its thread pools from the CPUs it sees, not from OMP_NUM_THREADS (18
    threads on 2 CPUs): one thread means no Eigen pool at all, more an intra-op pool of that size.
    JAX has no other thread setting, so every JAX-based adapter and runtime gets it from here."""
    if threads == 1:
        return "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"
    return f"intra_op_parallelism_threads={threads}"


def worker_environment(settings: Settings, scratch: Path) -> dict[str, str]:
    """Threads fixed, and every cache a framework writes pointed into this worker's scratch folder."""
    env = dict(os.environ)
    for name in THREAD_VARIABLES:
        env[name] = str(settings.threads)
    env["XLA_FLAGS"] = xla_flags(settings.threads)
    scratch.mkdir(parents=True, exist_ok=True)
    for name in ("XDG_CACHE_HOME", "TORCHINDUCTOR_CACHE_DIR", "TRITON_CACHE_DIR", "NUMBA_CACHE_DIR",
                 "KERAS_HOME", "MPLCONFIGDIR", "TMPDIR", "MINDSPORE_CACHE_DIR"):
        (scratch / name.lower()).mkdir(exist_ok=True)  # MLX, among others, fails on a missing TMPDIR
        env[name] = str(scratch / name.lower())
    env["THEANO_FLAGS"] = f"base_compiledir={scratch / 'theano'},blas.ldflags="
    env["PYTENSOR_FLAGS"] = f"base_compiledir={scratch / 'pytensor'}"
    env["TF_CPP_MIN_LOG_LEVEL"] = "2"
    env["GLOG_minloglevel"] = "2"
    env["PYTHONPATH"] = str(REPO)
    env["BENCH_DEVICE"] = settings.device
    if settings.device == "cpu":
        env["CUDA_VISIBLE_DEVICES"] = ""
        env["JAX_PLATFORMS"] = "cpu"
    return env


def asked_workloads(info: AdapterInfo, settings: Settings) -> list[str]:
    """The workloads a worker of this adapter is asked for (its raw result must account for each)."""
    return [w for w in settings.workloads if w in info.workloads]


def run_worker(info: AdapterInfo, python: str, settings: Settings, run_dir: Path, round_no: int) -> dict:
    out = run_dir / "raw" / f"r{round_no}-{info.name}.json"
    log = run_dir / "raw" / f"r{round_no}-{info.name}.log"
    scratch = run_dir / "scratch" / info.name
    command = [python, "-m", "bench.runner.worker", "--adapter", info.name,
               "--workloads", ",".join(asked_workloads(info, settings)),
               "--inputs", str(run_dir / "inputs"), "--threads", str(settings.threads),
               "--repetitions", str(settings.repetitions), "--out", str(out)]
    if settings.cpus and shutil.which("taskset"):
        command = ["taskset", "-c", settings.cpus, *command]
    started = time.perf_counter()
    with log.open("w") as handle:
        try:
            # The scratch folder as working directory: some frameworks write there (MindSpore: rank_0/).
            done = subprocess.run(command, cwd=scratch, env=worker_environment(settings, scratch),
                                  stdout=handle, stderr=subprocess.STDOUT, timeout=WORKER_TIMEOUT_SECONDS)
            code = done.returncode
        except subprocess.TimeoutExpired:
            code = "timeout"
    result, why = None, f"worker exited with {code}"
    if code == 0:
        try:
            result = read_raw(out, asked_workloads(info, settings))
        except DamagedFile as damaged:  # exited 0 but left no whole result: a failure of this round
            why = f"worker left a damaged result ({damaged.message})"
    if result is None:
        tail = log.read_text(errors="replace").strip().splitlines()[-5:]
        result = {"adapter": info.name, "workloads": [], "errors": [
            {"workload": None, "error": f"{why}: " + " | ".join(tail)}]}
        write_atomic(out, json.dumps(result).encode("utf-8"))
    result["wall_s"] = time.perf_counter() - started
    return result


def run(settings: Settings, adapters: dict[str, AdapterInfo]) -> Path:
    runs = envs.cache_dir() / "runs"
    run_dir = run_dir_for(settings, runs)
    (run_dir / "raw").mkdir(exist_ok=True)
    print(f"run folder: {run_dir}", file=sys.stderr)
    for workload_id in settings.workloads:
        write_inputs(WORKLOADS[workload_id], run_dir / "inputs")
    chosen = [adapters[name] for name in settings.adapters]

    pythons: dict[str, str] = {}
    builds: dict[str, dict] = read_json(run_dir / "builds.json") if (run_dir / "builds.json").exists() else {}
    for env_name in sorted({info.env for info in chosen}):
        if settings.python:
            pythons[env_name] = settings.python
            continue
        if env_name not in builds or not builds[env_name]["ok"]:
            print(f"environment {env_name}: building ...", file=sys.stderr, flush=True)
            result = envs.build(env_name, log_dir=run_dir / "logs")
            builds[env_name] = asdict(result)
            print(f"environment {env_name}: {'reused' if result.reused else 'ok' if result.ok else 'FAILED'}"
                  f" {result.seconds:.0f}s {result.reason}", file=sys.stderr, flush=True)
            write_atomic(run_dir / "builds.json", json.dumps(builds, indent=1).encode("utf-8"))
        if builds[env_name]["ok"]:
            pythons[env_name] = str(envs.env_python(env_name))

    record_harness_commit(run_dir)
    runnable = [info for info in chosen if info.env in pythons]
    progress = Progress(total=settings.rounds * len(runnable))
    for round_no in range(1, settings.rounds + 1):
        order = runnable if round_no % 2 else list(reversed(runnable))
        for info in order:
            raw = run_dir / "raw" / f"r{round_no}-{info.name}.json"
            if is_done(raw, asked_workloads(info, settings)):
                progress.show(f"round {round_no} {info.name}: done before, kept")
                continue
            if raw.exists():  # cut short or edited: it does not count, the round is run again
                print(f"round {round_no} {info.name}: the raw result is damaged, running it again",
                      file=sys.stderr, flush=True)
            result = run_worker(info, pythons[info.env], settings, run_dir, round_no)
            state = "ok" if not result["errors"] else f"{len(result['errors'])} error(s)"
            progress.show(f"round {round_no} {info.name}: {state} in {result['wall_s']:.1f}s")
    shutil.rmtree(run_dir / "scratch", ignore_errors=True)
    write_atomic(run_dir / "complete", (datetime.now(timezone.utc).isoformat() + "\n").encode("utf-8"))
    return run_dir

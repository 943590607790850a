"""One virtual environment per framework, built from the pinned file in requirements/, in a cache
folder outside the repository (default ~/.cache/framework-facts-bench, or $FRAMEWORK_FACTS_BENCH_CACHE).

An environment is rebuilt only when its requirements file changes (a stamp holds the file's hash),
so a re-run after an interruption or a second run reuses what is there. A failed build is reported
with the tail of its log and never raises: the runner records the reason and goes on.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REQUIREMENTS_DIR = Path(__file__).parent / "requirements"
STAMP = ".bench-requirements.sha256"


def cache_dir() -> Path:
    configured = os.environ.get("FRAMEWORK_FACTS_BENCH_CACHE")
    return Path(configured) if configured else Path.home() / ".cache" / "framework-facts-bench"


def env_names() -> list[str]:
    return sorted(p.stem for p in REQUIREMENTS_DIR.glob("*.txt") if not p.stem.endswith(".pre"))


def requirements_file(name: str) -> Path:
    return REQUIREMENTS_DIR / f"{name}.txt"


def pre_requirements_file(name: str) -> Path:
    """Installed first, with build isolation off for the main file (old sdists such as Chainer's)."""
    return REQUIREMENTS_DIR / f"{name}.pre.txt"


def env_dir(name: str) -> Path:
    return cache_dir() / "envs" / name


def env_python(name: str) -> Path:
    return env_dir(name) / "bin" / "python"


def requirements_hash(name: str) -> str:
    digest = hashlib.sha256()
    for path in (pre_requirements_file(name), requirements_file(name)):
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def is_built(name: str) -> bool:
    stamp = env_dir(name) / STAMP
    return stamp.exists() and stamp.read_text().strip() == requirements_hash(name)


@dataclass(frozen=True)
class BuildResult:
    name: str
    ok: bool
    seconds: float
    reused: bool
    reason: str = ""


def uv_command() -> list[str]:
    """uv from PATH, else the one next to this Python (pip install uv), else `python -m uv`."""
    found = shutil.which("uv")
    if found:
        return [found]
    beside = Path(sys.executable).parent / "uv"
    if beside.exists():
        return [str(beside)]
    return [sys.executable, "-m", "uv"]


def _find_links() -> list[str]:
    # Machines that keep wheels on disk (this one keeps the CPU build of torch there) say so in
    # PIP_FIND_LINKS; uv does not read pip's configuration, so it is passed on explicitly.
    links = os.environ.get("PIP_FIND_LINKS", "").split()
    return [arg for link in links for arg in ("--find-links", link)]


def build(name: str, python: str = sys.executable, log_dir: Path | None = None) -> BuildResult:
    if not requirements_file(name).exists():
        return BuildResult(name, False, 0.0, False, f"no requirements file for environment {name!r}")
    if is_built(name):
        return BuildResult(name, True, 0.0, True)
    log_dir = log_dir or cache_dir() / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / f"install-{name}.log"
    target = env_dir(name)
    if target.exists():
        shutil.rmtree(target)
    uv = uv_command()
    env = {**os.environ, "UV_CACHE_DIR": str(cache_dir() / "uv-cache")}
    steps = [[*uv, "venv", "--quiet", "--python", python, str(target)]]
    install = [*uv, "pip", "install", "--python", str(target / "bin" / "python"), *_find_links()]
    if pre_requirements_file(name).exists():
        steps.append([*install, "-r", str(pre_requirements_file(name))])
        steps.append([*install, "--no-build-isolation", "-r", str(requirements_file(name))])
    else:
        steps.append([*install, "-r", str(requirements_file(name))])
    started = time.perf_counter()
    with log_path.open("w") as log:
        for step in steps:
            log.write("$ " + " ".join(step) + "\n")
            log.flush()
            done = subprocess.run(step, stdout=log, stderr=subprocess.STDOUT, env=env)
            if done.returncode != 0:
                seconds = time.perf_counter() - started
                return BuildResult(name, False, seconds, False, _failure_reason(log_path))
    (target / STAMP).write_text(requirements_hash(name) + "\n")
    return BuildResult(name, True, time.perf_counter() - started, False)


def _failure_reason(log_path: Path) -> str:
    lines = [line.strip() for line in log_path.read_text(errors="replace").splitlines() if line.strip()]
    errors = [line for line in lines if "error" in line.lower() or "no solution" in line.lower()]
    tail = (errors or lines)[-3:]
    return "install failed: " + " | ".join(tail)[:600]


def installed_size_bytes(name: str) -> int:
    total = 0
    for root, _dirs, files in os.walk(env_dir(name)):
        for file in files:
            path = Path(root) / file
            if not path.is_symlink():
                total += path.stat().st_size
    return total


def main(argv: list[str]) -> int:
    """`python -m bench.envs [names...]`: build environments (used to pre-build in the background)."""
    for name in argv or env_names():
        result = build(name)
        state = "reused" if result.reused else ("ok" if result.ok else "FAILED")
        print(f"{name}: {state} {result.seconds:.0f}s {result.reason}", flush=True)
    return 0

"""Every benchmark script in benchmarks/ runs once, at a small size, so none can rot unnoticed.
Nothing here is timed and no figure is asserted: only that each script runs to the end on today's
code and data and reports what it says it reports."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

SMOKE_RUNS = {
    "check_speed.py": (["--runs", "1", "--sizes", "3"], ["repository data", "3 synthetic frameworks"]),
    "opposed_speed.py": (["--runs", "1", "--sizes", "8"], ["8 opposing comparisons"]),
    "build_speed.py": (["--runs", "1", "--sizes", "3"], ["real site (", "ratio", "3 synthetic frameworks",
                                                          "framework page median"]),
    "page_weight.py": (["--runs", "1"], ["| page type |", "Framework pages:"]),
    "replicate_agreement.py": (["bench/results/cpu-2026-11-27-t1.yaml", "data/measurements/cpu-2026-11-27-t2.yaml"],
                               ["published speed ratios in common", "agree within 10%"]),
}


def test_every_benchmark_script_has_a_smoke_run() -> None:
    assert sorted(p.name for p in (REPO / "benchmarks").glob("*.py")) == sorted(SMOKE_RUNS)


@pytest.mark.parametrize("script", sorted(SMOKE_RUNS))
def test_benchmark_script_runs_once_at_a_small_size(script: str) -> None:
    args, expected = SMOKE_RUNS[script]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.run([sys.executable, str(REPO / "benchmarks" / script), *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    for text in expected:
        assert text in proc.stdout, (text, proc.stdout[-2000:])

"""Benchmark: `python -m macros check` on many opposing comparisons (the opposed-comparisons rule
must stay linear in their number). Not a test: nothing is asserted.

Each data root is the test fixture (tests/fixtures/base) plus one claims file with N comparisons of
alpha and beta on performance, half "lower", half "higher", every other one with stated conditions
(two hardware setups), none settled: every claim is in the disagreement, and the check reports it.
Prints the median wall time of several fresh processes, interpreter start included.

    .venv/bin/python benchmarks/opposed_speed.py [--runs 3] [--sizes 2000 10000]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BASE = REPO / "tests" / "fixtures" / "base"


def claims_file(count: int) -> str:
    lines = ["# yaml-language-server: $schema=../../schema/claims.schema.json", "source: bench-article",
             'as_of: "2026-01"', "comparisons:"]
    for i in range(count):
        lines += [f"  - id: c{i}", "    framework: alpha", f"    relation: {'lower' if i % 2 else 'higher'}",
                  "    than: beta", "    attribute: performance", "    wording: faster or slower", "    locator: table"]
        if i % 4 >= 2:
            lines += ["    conditions:", f"      hardware: setup {i % 8 // 4}"]
    return "\n".join(lines) + "\n"


def make_root(where: Path, count: int) -> Path:
    root = where / f"data-{count}"
    shutil.copytree(BASE, root)
    (root / "claims" / "bench-article.yaml").write_text(claims_file(count), encoding="utf-8")
    with (root / "sources" / "base.yaml").open("a", encoding="utf-8") as sources:
        sources.write("  bench-article:\n    title: Benchmark article\n    kind: independent-article\n"
                      "    publisher: unknown\n")
    return root


def time_check(root: Path, runs: int) -> tuple[float, int]:
    times = []
    code = 0
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "macros", "check", str(root), "--today", "2026-11-21"],
                              capture_output=True, text=True, cwd=REPO)
        times.append(time.perf_counter() - start)
        code = proc.returncode
        if "Traceback" in proc.stderr:
            sys.exit(proc.stderr)
    return statistics.median(times), code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 10000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            seconds, code = time_check(make_root(Path(tmp), size), args.runs)
            print(f"{size:>6} opposing comparisons: {seconds:6.2f} s (median of {args.runs}, exit {code})")


if __name__ == "__main__":
    main()

"""Benchmark: `python -m macros check` wall time, interpreter start included.

Runs the checker as a contributor does (a fresh process) on the repository's data and on synthetic
data roots of 250, 500 and 1,000 frameworks (--sizes), each with facts, verdicts and two disagreeing claims
per framework. Prints the median of several runs. Not a test: nothing is asserted.

    .venv/bin/python benchmarks/check_speed.py [--runs 5]
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

FRAMEWORK = """# yaml-language-server: $schema=../../schema/framework.schema.json
id: fw-{i}
name: Framework {i}
summary: Synthetic framework number {i} for the benchmark.
facts:
  developer:
    - value: Lab {i}
      source: bench-docs
      as_of: "2026-11-01"
  first_release:
    - value: "2015-03"
      source: bench-docs
      as_of: "2026-11-01"
  license:
    - value: MIT
      source: bench-docs
      as_of: "2026-11-01"
  status:
    - value: active
      source: bench-docs
      as_of: "2026-11-01"
      until: "2020-01"
    - value: discontinued
      from: "2020-01"
      successors: [{other}]
      source: bench-docs
      as_of: "2026-11-01"
  backends:
    - value: [{other}]
      source: bench-docs
      as_of: "2026-11-01"
  homepage:
    - value: https://example.org/fw-{i}
      source: bench-docs
      as_of: "2026-11-01"
verdicts:
  ease_of_use:
    level: high
    rationale: Synthetic.
    overrides:
      - claim: bench-article:fw-{i}-ease-low
        because: Synthetic disagreement.
"""

CLAIMS_HEAD = """# yaml-language-server: $schema=../../schema/claims.schema.json
source: bench-article
ratings:
"""

CLAIM = """  - id: fw-{i}-ease-high
    framework: fw-{i}
    attribute: ease_of_use
    wording: easy
    level: high
    locator: Section {i}
  - id: fw-{i}-ease-low
    framework: fw-{i}
    attribute: ease_of_use
    wording: hard
    level: low
    locator: Table {i}
"""

SOURCES = """# yaml-language-server: $schema=../../schema/sources.schema.json
sources:
  bench-docs:
    title: Benchmark documentation
    kind: official-docs
    publisher: nobody
    url: https://example.org/docs
    accessed: "2026-11-01"
  bench-article:
    title: Benchmark article
    kind: independent-article
    publisher: nobody
    published: "2025"
  bench-survey:
    title: Benchmark survey
    kind: survey
    publisher: nobody
    published: "2025"
"""

# A second independent source agrees with the level, so each verdict is corroborated as the
# uncorroborated-level rule asks, and the synthetic data stays valid.
SURVEY_HEAD = """# yaml-language-server: $schema=../../schema/claims.schema.json
source: bench-survey
ratings:
"""

SURVEY_CLAIM = """  - id: fw-{i}-ease-high
    framework: fw-{i}
    attribute: ease_of_use
    wording: easy to pick up
    level: high
    locator: Question {i}
"""


def make_root(where: Path, count: int) -> Path:
    root = where / f"data-{count}"
    (root / "frameworks").mkdir(parents=True)
    (root / "claims").mkdir()
    (root / "sources").mkdir()
    shutil.copy(REPO / "data" / "attributes.yaml", root / "attributes.yaml")
    (root / "sources" / "bench.yaml").write_text(SOURCES)
    if count < 2:
        raise ValueError("the synthetic frameworks name each other as backend and successor: at least 2")
    for i in range(count):
        # Each names the next as its backend and successor: a framework naming itself is refused.
        (root / "frameworks" / f"fw-{i}.yaml").write_text(FRAMEWORK.format(i=i, other=f"fw-{(i + 1) % count}"))
    (root / "claims" / "bench-article.yaml").write_text(CLAIMS_HEAD + "".join(CLAIM.format(i=i) for i in range(count)))
    (root / "claims" / "bench-survey.yaml").write_text(SURVEY_HEAD + "".join(SURVEY_CLAIM.format(i=i) for i in range(count)))
    return root


def time_check(root: Path, runs: int) -> tuple[float, int]:
    times, code = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "macros", "check", str(root)], check=False, cwd=REPO, capture_output=True)
        times.append(time.perf_counter() - start)
        code = proc.returncode
    return statistics.median(times), code


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="+", default=[250, 500, 1000], help="synthetic framework counts")
    args = parser.parse_args()
    seconds, code = time_check(REPO / "data", args.runs)
    print(f"repository data ({len(list((REPO / 'data' / 'frameworks').glob('*.yaml')))} frameworks): "
          f"{seconds:.3f} s (median of {args.runs}, exit {code})")
    with tempfile.TemporaryDirectory() as tmp:
        for count in args.sizes:
            root = make_root(Path(tmp), count)
            seconds, code = time_check(root, args.runs)
            if code != 0:  # the synthetic data must stay valid, or the figure times an error report
                raise SystemExit(f"the checker refused the synthetic data of {count} frameworks (exit {code})")
            print(f"{count:5d} synthetic frameworks: {seconds:.3f} s (median of {args.runs}, exit {code}, "
                  f"{seconds / count * 1000:.2f} ms per framework)")


if __name__ == "__main__":
    main()

"""How far two runs of the same benchmark command agree on the figures the site publishes from them.

The site publishes relative figures: for every pair of frameworks that trained a workload in one
execution family, how many times as fast one is as the other (the median of the round-by-round
ratios; macros/model/measured.py). This reads two measurement files (a run and its replicate, on
one machine), computes those ratios for each exactly as the site does, and counts how many agree
within a tolerance. Not a test: nothing is asserted; it prints the figure the protocol is judged by.

    .venv/bin/python benchmarks/replicate_agreement.py RUN.yaml REPLICATE.yaml [--tolerance 0.10]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import yaml  # noqa: E402

from macros.check.run import run_check  # noqa: E402  (the repository on the path first)
from macros.model.measured import comparisons_in  # noqa: E402

Key = tuple[str, str, str, str]  # workload, execution family, framework, than


def ratios(measurement: Path, where: Path) -> tuple[dict[Key, float], str]:
    """The published speed ratios of one measurement file, read with the repository's data."""
    root = where / measurement.stem
    shutil.copytree(REPO / "data", root, ignore=shutil.ignore_patterns("measurements"))
    (root / "measurements").mkdir()
    document = yaml.safe_load(measurement.read_text(encoding="utf-8"))
    # Runs written before 2026-12-07 carried the reference loss in each result; it is the run's now.
    for definition in document.get("workloads", []):
        for result in document.get("results", []):
            for own in result.get("workloads", []):
                if own.get("workload") == definition.get("id") and "reference_loss" in own:
                    definition.setdefault("reference_loss", own["reference_loss"])
    for result in document.get("results", []):
        for own in result.get("workloads", []):
            own.pop("reference_loss", None)
    (root / "measurements" / measurement.name).write_text(
        "# yaml-language-server: $schema=../../schema/measurements.schema.json\n"
        + yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    result = run_check(root)
    if result.errors:
        raise SystemExit("\n".join(p.as_line() for p in result.errors))
    [run] = result.dataset.measurements
    found = {(c.workload, c.execution, c.framework, c.than): c.speed_ratio
             for c in comparisons_in(run, set(result.dataset.frameworks))}
    return found, f"{run.id} ({run.machine.get('cpu_model', 'unknown CPU')})"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("run", type=Path)
    parser.add_argument("replicate", type=Path)
    parser.add_argument("--tolerance", type=float, default=0.10, help="relative difference counted as agreeing")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        first, first_name = ratios(args.run.resolve(), Path(tmp))
        second, second_name = ratios(args.replicate.resolve(), Path(tmp))
    common = sorted(set(first) & set(second))
    if not common:
        raise SystemExit("the two runs publish no ratio in common")
    differences = {key: abs(second[key] / first[key] - 1) for key in common}
    within = sum(d <= args.tolerance for d in differences.values())
    flipped = sum((first[k] > 1) != (second[k] > 1) and min(first[k], second[k]) < 1 < max(first[k], second[k])
                  and differences[k] > args.tolerance for k in common)
    print(f"{first_name} against {second_name}: {len(common)} published speed ratios in common "
          f"({len(set(first) ^ set(second))} in only one)")
    print(f"  {within} of {len(common)} ({within / len(common):.1%}) agree within {args.tolerance:.0%}; "
          f"median difference {statistics.median(differences.values()):.1%}, largest {max(differences.values()):.1%}; "
          f"{flipped} change which framework is faster by more than the tolerance")
    for key in sorted(common, key=lambda k: -differences[k])[:5]:
        workload, family, a, b = key
        print(f"  widest: {workload} {family} {a} vs {b}: {first[key]:.3f} then {second[key]:.3f} "
              f"({differences[key]:.1%})")


if __name__ == "__main__":
    main()

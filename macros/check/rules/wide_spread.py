"""Warn when a result's timings scatter: an interquartile range above a tenth of the median."""

from __future__ import annotations

from collections.abc import Iterator

from macros.check.config import CheckConfig
from macros.model.measurements import WIDE_SPREAD
from macros.model.types import Dataset
from macros.problems import Problem, warning

RULE_ID = "wide-spread"


def check(data: Dataset, config: CheckConfig) -> Iterator[Problem]:
    for run in data.measurements:
        for result in run.results:
            # One warning per result, at its widest figure: a noisy machine would otherwise print dozens.
            timings = [(t.spread, w.workload, t) for w in result.workloads for t in w.timings]
            wide = [entry for entry in timings if entry[0] > WIDE_SPREAD]
            if not wide:
                continue
            spread, workload, timing = max(wide, key=lambda entry: entry[0])
            yield warning(
                RULE_ID,
                timing.at,
                f"{result.adapter}: {len(wide)} of {len(timings)} figures have an interquartile range above "
                f"{WIDE_SPREAD:.0%} of the median (widest: {workload} {timing.metric}, {spread:.0%})",
                "the machine was busy or the framework's timing varies: rerun on a quieter machine, or pin CPUs "
                "(--cpus); the site shows the spread with the figure",
            )

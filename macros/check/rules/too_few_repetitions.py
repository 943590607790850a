"""A published steady-state figure rests on enough timed repetitions for its median to mean something."""

from __future__ import annotations

from collections.abc import Iterator

from macros.check.config import CheckConfig
from macros.model.measurements import MIN_REPETITIONS
from macros.model.types import Dataset
from macros.problems import Problem, error

RULE_ID = "too-few-repetitions"


def check(data: Dataset, config: CheckConfig) -> Iterator[Problem]:
    for run in data.measurements:
        for result in run.results:
            for workload in result.workloads:
                for timing in workload.timings:
                    if len(timing.samples) < MIN_REPETITIONS:
                        yield error(
                            RULE_ID,
                            timing.at,
                            f"{result.adapter} {workload.workload} {timing.metric} has {len(timing.samples)} "
                            f"repetitions; at least {MIN_REPETITIONS} are needed",
                            "run more rounds or repetitions (python -m bench run --rounds 3 --repetitions 5)",
                        )

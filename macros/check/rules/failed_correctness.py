"""A published result computed the same workload: its first loss matches the numpy reference."""

from __future__ import annotations

from collections.abc import Iterator

from macros.check.config import CheckConfig
from macros.model.types import Dataset
from macros.problems import Problem, error

RULE_ID = "failed-correctness"


def check(data: Dataset, config: CheckConfig) -> Iterator[Problem]:
    for run in data.measurements:
        tolerance = float(run.protocol["first_loss_rtol"])
        for result in run.results:
            for workload in result.workloads:
                reference = workload.reference_loss
                worst = max(workload.first_losses, key=lambda loss: abs(loss - reference))
                if abs(worst - reference) > tolerance * abs(reference):
                    yield error(
                        RULE_ID,
                        workload.fields["first_losses"],
                        f"{result.adapter} {workload.workload}: first loss {worst} differs from the reference "
                        f"{reference} by more than {tolerance:.1%}, so it did not compute the same workload",
                        "fix the adapter; a result that fails the check belongs under `failures` "
                        "with stage: correctness (the harness puts it there)",
                    )

"""A published result computed the same workload: its first loss matches the numpy reference.

The reference is the run's (the harness computes it once per workload and writes it into the
workload's definition), never a result's own: a result cannot bring an edited reference with it.
A result for a workload the run does not define is reported by undefined-workload instead.

An inference result of a float32 path matches the numpy float32 reference within the run's
tolerance; a path that quantises (precision other than float32) is published with its error shown."""

from __future__ import annotations

from collections.abc import Iterator

from macros.check.config import CheckConfig
from macros.model.inference import FLOAT32
from macros.model.types import Dataset
from macros.problems import Problem, error

RULE_ID = "failed-correctness"


def check(data: Dataset, config: CheckConfig) -> Iterator[Problem]:
    for run in data.measurements:
        tolerance = float(run.protocol["first_loss_rtol"])
        references = {definition["id"]: definition["reference_loss"] for definition in run.workloads}
        for result in run.results:
            for workload in result.workloads:
                reference = references.get(workload.workload)
                if reference is None:
                    continue
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
    yield from _inference(data)


def _inference(data: Dataset) -> Iterator[Problem]:
    for run in data.inference:
        precision = {runtime.id: runtime.precision for runtime in run.runtimes}
        for result in run.results:
            if precision.get(result.runtime) != FLOAT32 or result.max_relative_error <= run.tolerance:
                continue  # an undefined runtime is reported by undefined-runtime
            yield error(
                RULE_ID,
                result.fields["max_relative_error"],
                f"{result.runtime} {result.workload}: the float32 output differs from the reference by "
                f"{result.max_relative_error:g} (relative), more than the run's tolerance {run.tolerance:g}",
                "a result that fails the check belongs under `failures` with stage: correctness; a path that "
                "quantises records its precision on the runtime (int8, float16, ...)",
            )

"""A runtime and workload of an inference file is either measured (under `results`) or failed (under
`failures`, with its stage and reason), never both: the page could not say which of the two holds."""

from __future__ import annotations

from collections.abc import Iterator

from macros.check.config import CheckConfig
from macros.model.types import Dataset
from macros.problems import Location, Problem, error

RULE_ID = "result-and-failure"


def check(data: Dataset, config: CheckConfig) -> Iterator[Problem]:
    for run in data.inference:
        measured: dict[tuple[str, str], Location] = {}
        for result in run.results:
            measured.setdefault((result.runtime, result.workload), result.fields["runtime"])
        for failure in run.failures:
            first = measured.get((failure.runtime, failure.workload))
            if first is not None:
                yield error(RULE_ID, failure.fields["runtime"],
                            f"{failure.runtime} {failure.workload} is recorded as failed ({failure.stage}) and "
                            f"also has a result (at {first})",
                            "keep the result if the runtime was measured, else the failure: the harness writes one")

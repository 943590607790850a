"""A runtime and workload of an inference file is either measured (under `results`) or failed (under
`failures`, with its stage and reason), never both: the page could not say which of the two holds.
A failure without a workload is one on every workload: then the runtime has no result at all."""

from __future__ import annotations

from collections.abc import Iterator

from macros.check.config import CheckConfig
from macros.model.types import Dataset
from macros.problems import Location, Problem, error

RULE_ID = "result-and-failure"


def check(data: Dataset, config: CheckConfig) -> Iterator[Problem]:
    for run in data.inference:
        measured: dict[tuple[str, str | None], Location] = {}
        for result in run.results:
            measured.setdefault((result.runtime, result.workload), result.fields["runtime"])
            measured.setdefault((result.runtime, None), result.fields["runtime"])  # some workload has a result
        for failure in run.failures:
            first = measured.get((failure.runtime, failure.workload))
            if first is not None:
                what = failure.workload or "(every workload)"
                yield error(RULE_ID, failure.fields["runtime"],
                            f"{failure.runtime} {what} is recorded as failed ({failure.stage}) and "
                            f"also has a result (at {first})",
                            "keep the result if the runtime was measured, else the failure: the harness writes one")

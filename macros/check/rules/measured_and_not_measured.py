"""A framework of a run is measured (a result or a recorded failure, both from an adapter) or listed
under `not_measured` (no adapter, and why), never both, and listed there once."""

from __future__ import annotations

from collections.abc import Iterator

from macros.check.config import CheckConfig
from macros.model.types import Dataset
from macros.problems import Location, Problem, error

RULE_ID = "measured-and-not-measured"


def check(data: Dataset, config: CheckConfig) -> Iterator[Problem]:
    for run in data.measurements:
        measured: dict[str, Location] = {}
        for result in run.results:
            measured.setdefault(result.framework, result.fields["framework"])
        for failure in run.failures:
            measured.setdefault(failure.framework, failure.fields["framework"])
        listed: dict[str, Location] = {}
        for entry in run.not_measured:
            where = entry.fields["framework"]
            if entry.framework in measured:
                yield error(RULE_ID, where,
                            f"{entry.framework} is listed as not measured, but run '{run.id}' has an adapter's "
                            f"result or failure for it (at {measured[entry.framework]})",
                            "remove it from `not_measured`: that list is for frameworks without an adapter")
            elif entry.framework in listed:
                yield error(RULE_ID, where,
                            f"{entry.framework} is listed as not measured twice (the first at {listed[entry.framework]})",
                            "keep one entry with its reason")
            listed.setdefault(entry.framework, where)

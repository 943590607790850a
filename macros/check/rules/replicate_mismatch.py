"""A run that says it repeats another (`replicate_of`, an inference run or a training-suite run)
names a run of the same kind that is there, run with the same command on a machine of the same
identity: otherwise its figures do not repeat the other's, and the page would present two
different measurements as one confirmed."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol

from macros.check.config import CheckConfig
from macros.check.rules._suggest import did_you_mean
from macros.model.types import Dataset, Fields
from macros.problems import Problem, error, quote

RULE_ID = "replicate-mismatch"


class _Run(Protocol):
    id: str
    command: str
    replicate_of: str | None
    fields: Fields

    @property
    def identity(self) -> str: ...


def check(data: Dataset, config: CheckConfig) -> Iterator[Problem]:
    yield from _kind(data.inference, "inference run", "data/inference", data.known_inference_ids)
    yield from _kind(data.measurements, "measurement", "data/measurements", data.known_source_ids)


def _kind(all_runs: Sequence[_Run], what: str, folder: str, known: set[str]) -> Iterator[Problem]:
    runs = {run.id: run for run in reversed(all_runs)}
    for run in all_runs:
        if run.replicate_of is None:
            continue
        where = run.fields["replicate_of"]
        if run.replicate_of == run.id:
            yield error(RULE_ID, where, f"{what} '{run.id}' names itself as the run it repeats",
                        "name the earlier run this one repeats; a first run repeats none")
            continue
        other = runs.get(run.replicate_of)
        if other is None:
            if run.replicate_of not in known:  # one that failed its schema is reported there
                yield error(RULE_ID, where, f"replicate_of names {quote(run.replicate_of)}, which is no file "
                            f"{folder}/{run.replicate_of}.yaml", did_you_mean(run.replicate_of, runs, f"{what}s"))
            continue
        if other.command != run.command:
            yield error(RULE_ID, where, f"{what} '{run.id}' repeats '{other.id}' but ran "
                        f"{quote(run.command)}, not {quote(other.command)}",
                        "a replicate runs the same command; publish a run with another command on its own")
        if other.identity != run.identity:
            yield error(RULE_ID, where, f"{what} '{run.id}' repeats '{other.id}' on machine "
                        f"{quote(run.identity)}, not {quote(other.identity)}",
                        "a replicate runs on a machine of the same identity; publish it on its own otherwise")

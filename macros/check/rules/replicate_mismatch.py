"""An inference run that says it repeats another (`replicate_of`) names an inference file there is,
run with the same command on a machine of the same identity: otherwise its figures do not repeat
the other's, and the page would present two different measurements as one confirmed."""

from __future__ import annotations

from collections.abc import Iterator

from macros.check.config import CheckConfig
from macros.check.rules._suggest import did_you_mean
from macros.model.types import Dataset
from macros.problems import Problem, error, quote

RULE_ID = "replicate-mismatch"


def check(data: Dataset, config: CheckConfig) -> Iterator[Problem]:
    runs = {run.id: run for run in reversed(data.inference)}
    for run in data.inference:
        if run.replicate_of is None:
            continue
        where = run.fields["replicate_of"]
        if run.replicate_of == run.id:
            yield error(RULE_ID, where, f"inference run '{run.id}' names itself as the run it repeats",
                        "name the earlier run this one repeats, or write `replicate_of: null`")
            continue
        other = runs.get(run.replicate_of)
        if other is None:
            if run.replicate_of not in data.known_inference_ids:  # one that failed its schema is reported there
                yield error(RULE_ID, where, f"replicate_of names {quote(run.replicate_of)}, which is no file "
                            f"data/inference/{run.replicate_of}.yaml",
                            did_you_mean(run.replicate_of, runs, "inference runs"))
            continue
        if other.command != run.command:
            yield error(RULE_ID, where, f"inference run '{run.id}' repeats '{other.id}' but ran "
                        f"{quote(run.command)}, not {quote(other.command)}",
                        "a replicate runs the same command; publish a run with another command on its own")
        if other.identity != run.identity:
            yield error(RULE_ID, where, f"inference run '{run.id}' repeats '{other.id}' on machine "
                        f"{quote(run.identity)}, not {quote(other.identity)}",
                        "a replicate runs on a machine of the same identity; publish it on its own otherwise")

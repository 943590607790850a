"""An inference file defines each runtime and each workload once: results and failures name them by
id, so a second definition would leave a reader not knowing which version or path a figure is of."""

from __future__ import annotations

from collections.abc import Iterator

from macros.check.config import CheckConfig
from macros.model.types import Dataset
from macros.problems import Location, Problem, error

RULE_ID = "duplicate-runtime"


def check(data: Dataset, config: CheckConfig) -> Iterator[Problem]:
    for run in data.inference:
        for what, entries in (("runtime", run.runtimes), ("workload", run.workloads)):
            seen: dict[str, Location] = {}
            for entry in entries:
                where = entry.fields["id"]
                if entry.id in seen:
                    yield error(RULE_ID, where, f"inference run '{run.id}' defines {what} {entry.id} twice "
                                f"(the first at {seen[entry.id]})",
                                f"keep one definition; give a second {what} of its own an id of its own")
                seen.setdefault(entry.id, where)

"""A framework in maintenance or discontinued says since when."""

from __future__ import annotations

from collections.abc import Iterator

from macros.check.config import CheckConfig
from macros.model.types import Dataset
from macros.problems import Problem, error, quote

RULE_ID = "discontinued-without-end"


def check(data: Dataset, config: CheckConfig) -> Iterator[Problem]:
    for fw in data.framework_list:
        for e in fw.facts.get("status", ()):
            if e.value != "active" and e.since is None:
                yield error(
                    RULE_ID,
                    e.fields["value"],
                    f"{fw.name} is {quote(e.value)} but the entry does not say since when",
                    "add `from:` with the date development ended, from the announcement or last release",
                )

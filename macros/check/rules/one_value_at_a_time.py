"""A fact that holds one value at a time (status, latest version) has entries that follow one
another: listed in time order, none starting before the one above it ended, and only the last
holding now. Otherwise an older value added without `until` would become the one shown."""

from __future__ import annotations

from collections.abc import Iterator

from macros.check.config import CheckConfig
from macros.model.types import ONE_VALUE_AT_A_TIME, Dataset
from macros.problems import Problem, error, quote

RULE_ID = "one-value-at-a-time"


def check(data: Dataset, config: CheckConfig) -> Iterator[Problem]:
    for fw in data.framework_list:
        for fact in ONE_VALUE_AT_A_TIME:
            entries = fw.facts.get(fact, ())
            for before, after in zip(entries, entries[1:]):
                shown = f"{fact}: {quote(after.value)}"
                if before.until is None:
                    yield error(
                        RULE_ID, before.at,
                        f"{fact}: {quote(before.value)} has no until, so it holds now, but {quote(after.value)} comes after it",
                        f"give {quote(before.value)} the date it stopped holding as `until`, or remove the entry that is wrong",
                    )
                if after.since is None:
                    continue
                if before.since is not None and after.since.surely_before(before.since):
                    yield error(
                        RULE_ID, after.fields["from"],
                        f"{shown} from {after.since} comes after {quote(before.value)} from {before.since}: not in time order",
                        "list the entries oldest first",
                    )
                elif before.until is not None and after.since.surely_before(before.until):
                    yield error(
                        RULE_ID, after.fields["from"],
                        f"{shown} from {after.since} starts before {quote(before.value)} ends ({before.until}): two values at once",
                        "make the older entry's `until` the newer one's `from`",
                    )

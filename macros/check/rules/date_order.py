"""Dates come in a possible order: nothing ends before it starts or before the first release."""

from __future__ import annotations

from collections.abc import Iterator

from macros.check.config import CheckConfig
from macros.model.types import Dataset, PartialDate
from macros.problems import Problem, error

RULE_ID = "date-order"


def check(data: Dataset, config: CheckConfig) -> Iterator[Problem]:
    for fw in data.framework_list:
        released = [PartialDate.parse(e.value) for e in fw.facts.get("first_release", ())]
        first_release = min(released, key=lambda d: d.earliest) if released else None
        for entries in fw.facts.values():
            for e in entries:
                if e.since is not None and e.until is not None and e.until.surely_before(e.since):
                    yield error(
                        RULE_ID,
                        e.fields["until"],
                        f"{e.fact}: until {e.until} is before from {e.since}",
                        "swap the dates or correct the one that is wrong",
                    )
                ended = e.until if e.until is not None else (e.since if e.fact == "status" and e.value != "active" else None)
                if first_release is not None and ended is not None and ended.surely_before(first_release):
                    field = "until" if e.until is not None else "from"
                    yield error(
                        RULE_ID,
                        e.fields[field],
                        f"{e.fact}: {ended} is before {fw.name}'s first release ({first_release})",
                        "check both dates against their sources",
                    )

"""No date lies in the future (a release date, an end date, a claim's date)."""

from __future__ import annotations

from collections.abc import Iterator

from macros.check.config import CheckConfig
from macros.model.types import Dataset, PartialDate
from macros.problems import Location, Problem, error

RULE_ID = "future-date"


def _dates(data: Dataset) -> Iterator[tuple[PartialDate, Location, str]]:
    for s in data.source_definitions:
        for name in ("published", "accessed"):
            value = getattr(s, name)
            if value is not None:
                yield value, s.fields[name], f"source {name} date"
    for fw in data.framework_list:
        for entries in fw.facts.values():
            for e in entries:
                yield e.as_of, e.fields["as_of"], "as_of"
                if e.since is not None:
                    yield e.since, e.fields["from"], "from"
                if e.until is not None:
                    yield e.until, e.fields["until"], "until"
                if e.fact == "first_release":
                    yield PartialDate.parse(e.value), e.fields["value"], "first release"
        for gap in fw.unrated.values():
            yield gap.as_of, gap.fields["as_of"], "as_of of an unrated attribute"
    for claim in data.claims:
        if claim.as_of is not None and "as_of" in claim.fields:
            yield claim.as_of, claim.fields["as_of"], "claim date"


def check(data: Dataset, config: CheckConfig) -> Iterator[Problem]:
    for date, where, what in _dates(data):
        if date.earliest > config.today:
            yield error(
                RULE_ID,
                where,
                f"{what} {date} is in the future (today is {config.today.isoformat()})",
                "record only what has happened; planned releases are not facts yet",
            )

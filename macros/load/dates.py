"""The one reading of a date in the data: "YYYY", "YYYY-MM" or "YYYY-MM-DD", a day that exists,
from 1950 on.

The schemas name it (`"format": "partial-date"` in common.schema.json's `date`), both validators
apply `is_partial_date` through it, and every later stage reads dates with `parse_date`, so no date
that passed the check can fail later. The upper bound depends on the day of the check, so it is a
rule (future-date) that visits every value the schemas declare a date (`date_paths`), in every kind
of file: a new kind of file gets both bounds by referring to the shared definition.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

DATE_FORMAT = "partial-date"
EARLIEST_YEAR = 1950  # before any deep-learning framework, after every plausible typo of a year
# A date may lie this far past the day of the check: whoever checks may live a day ahead of UTC.
FUTURE_MARGIN = dt.timedelta(days=1)
# The build pins its timestamps (SOURCE_DATE_EPOCH) to the data's date, which may not precede this.
EPOCH = dt.date(1970, 1, 1)

_FORM = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


class DateError(ValueError):
    """Why a value is not a date of the data; the message completes "... is not a date:"."""


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date known to the year, the month or the day, as sources give them."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, value: object) -> PartialDate:
        return parse_date(value)

    @property
    def earliest(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> dt.date:
        if self.day:
            return dt.date(self.year, self.month or 1, self.day)
        if self.month:
            following = dt.date(self.year + (self.month == 12), self.month % 12 + 1, 1)
            return following - dt.timedelta(days=1)
        return dt.date(self.year, 12, 31)

    def surely_before(self, other: PartialDate) -> bool:
        """True only when every day this date may mean comes before every day `other` may mean."""
        return self.latest < other.earliest

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
        if self.day:
            text += f"-{self.day:02d}"
        return text


def parse_date(value: object) -> PartialDate:
    """The date `value` names, or DateError saying why it names none."""
    if not isinstance(value, str):
        raise DateError("a date is text in quotes, e.g. \"2017-09\"")
    form = _FORM.fullmatch(value)
    if form is None:
        raise DateError("write it as YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(part) if part else None for part in form.groups())
    assert year is not None
    if year < EARLIEST_YEAR:
        raise DateError(f"the year is before {EARLIEST_YEAR}")
    if month is not None and not 1 <= month <= 12:
        raise DateError("there is no month " + form.group(2))
    if day is not None:
        try:
            dt.date(year, month or 1, day)
        except ValueError:
            raise DateError(f"{value} is not a day of the calendar") from None
    return PartialDate(year, month, day)


def is_partial_date(value: object) -> bool:
    """The schema format `partial-date` (a value of another type is the `type` keyword's business)."""
    if not isinstance(value, str):
        return True
    try:
        parse_date(value)
    except DateError:
        return False
    return True


def latest_allowed(today: dt.date) -> dt.date:
    return today + FUTURE_MARGIN


def pinned_build_date(data_date: dt.date) -> dt.date:
    """The date the build stamps on the site: the data's own (reproducible), never before 1970."""
    return max(data_date, EPOCH)


def date_paths(schema: dict[str, Any], data: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    """Every (path, value) in a schema-valid document that its (inlined) schema declares a date.
    Iterative: documents are nested at most a few dozen levels, but nothing here needs a stack."""
    pending: list[tuple[dict[str, Any], Any, tuple[str | int, ...]]] = [(schema, data, path)]
    seen: set[tuple[str | int, ...]] = set()  # the branches of a `oneOf` may each declare the same date
    while pending:
        node, value, where = pending.pop()
        if not isinstance(node, dict) or not _declares_dates(node):
            continue
        if node.get("format") == DATE_FORMAT and isinstance(value, str) and where not in seen:
            seen.add(where)
            yield where, value
        for key in ("allOf", "anyOf", "oneOf"):
            pending += [(sub, value, where) for sub in node.get(key, ())]
        # A capability entry's form is chosen with if/then/else: every branch may declare its dates.
        pending += [(node[key], value, where) for key in ("then", "else") if isinstance(node.get(key), dict)]
        if isinstance(value, dict):
            properties = node.get("properties", {})
            extra = node.get("additionalProperties")
            for name, item in value.items():
                if name in properties:
                    pending.append((properties[name], item, where + (name,)))
                elif isinstance(extra, dict):
                    pending.append((extra, item, where + (name,)))
        elif isinstance(value, list) and isinstance(node.get("items"), dict):
            pending += [(node["items"], item, where + (i,)) for i, item in enumerate(value)]


_SUBSCHEMA_LISTS = ("allOf", "anyOf", "oneOf")
_SUBSCHEMAS = ("then", "else", "additionalProperties", "items")
_DECLARES: dict[int, tuple[dict[str, Any], bool]] = {}  # id -> (the node, kept alive so its id stays its own; answer)


def _declares_dates(node: dict[str, Any]) -> bool:
    """Whether a date can lie at or below this schema node. Most of a document's values lie under
    subschemas that declare none (names, notes, lists of labels), so date_paths skips them whole
    instead of visiting every value against every branch."""
    known = _DECLARES.get(id(node))
    if known is not None and known[0] is node:
        return known[1]
    _DECLARES[id(node)] = (node, True)  # while deciding (a schema that refers to itself): assume it does
    children: list[Any] = [*node.get("properties", {}).values()]
    children += [sub for key in _SUBSCHEMA_LISTS for sub in node.get(key, ())]
    children += [node[key] for key in _SUBSCHEMAS if key in node]
    answer = node.get("format") == DATE_FORMAT or any(isinstance(c, dict) and _declares_dates(c) for c in children)
    _DECLARES[id(node)] = (node, answer)
    return answer

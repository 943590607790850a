"""The level an attribute's rubric (data/attributes.yaml) derives from a framework's indicators.

Each indicator of a rubric reads the current value of one fact kind: for a number or category,
the last entry without `until`; for a list (deployment targets, hardware), every value of the
entries without `until` (they hold side by side, each with its own source).
- a number (downloads, contributors...) or a list's length (`counting` some values only) is
  compared with `minimums`: the level is the highest one whose minimum the value reaches, and the
  scale's lowest level when it reaches none;
- a value from a fixed set (distributed training: built-in, via-library, none) is looked up in
  `categories`;
- a capability kind (distributed strategies, accelerators, export formats...) is read by the item
  field `field` names: the count is of its distinct values over the current entries (`counting`
  some only), with the items of the kinds in `also` counted together with it (a runtime's import
  and native formats). A kind recorded `not_applicable` counts nothing (a runtime that does not
  train spreads no training over machines); one recorded `unknown`, or not recorded, is missing,
  never read as none.
An indicator with `kinds` applies only to frameworks of those kinds (training, high-level,
runtime); for the others it is not read, and a framework whose kind is not recorded lacks it.
The rubric's level is the lowest level its indicators give: every indicator must reach a level for
the framework to have it (downloads without contributors are not a community). A framework that
lacks an indicator gets no level: the readings it has are kept, to show, and the missing ones named.
One exception follows from taking the lowest: when an indicator it has already gives the scale's
lowest level, no missing indicator can raise it, so that is the level (eight contributors in a year
make a low community whatever the downloads).

Measurements (data/measurements/) are the extension point for performance: an indicator kind that
reads them belongs here, beside the fact readings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from macros.model.types import Attribute, CapabilityGap, Dataset, FactEntry, Framework, Indicator


@dataclass(frozen=True)
class Reading:
    """One indicator read for one framework: what was measured and the level it gives."""

    indicator: Indicator
    entries: tuple[FactEntry, ...]  # the entries read: one, or for a list fact all current ones
    values: tuple[str, ...]  # for a list fact: the values read (all of them, counted or not)
    measured: int | float | str  # the number, the count of list items, or the category
    level: str | None  # None when a category is not mapped or the scale is unknown
    not_applicable: tuple[CapabilityGap, ...] = ()  # capability kinds read that do not apply (count nothing)

    @property
    def as_of(self) -> dt.date:
        return max([e.as_of.latest for e in self.entries] + [g.as_of.latest for g in self.not_applicable])


@dataclass(frozen=True)
class Derivation:
    framework: str
    attribute: str
    level: str | None  # None when an indicator is missing or gives no level
    readings: tuple[Reading, ...]
    missing: tuple[str, ...]  # fact kinds of the rubric the framework has no current entry for

    @property
    def as_of(self) -> dt.date:
        """When the indicators behind it were last checked: the newest `as_of` of its readings."""
        return max(r.as_of for r in self.readings)


def _current(framework: Framework, fact: str) -> list[FactEntry]:
    return [e for e in framework.facts.get(fact, ()) if e.until is None]


def unread(indicator: Indicator, framework: Framework) -> tuple[str, ...]:
    """The fact kinds of an indicator that this framework lacks: no current entry, and for a
    capability kind not recorded as not applicable either (unknown is missing, not none)."""
    return tuple(
        f for f in indicator.facts
        if not _current(framework, f)
        and not (indicator.item_field is not None and _gap(framework, f) is not None)
    )


def _gap(framework: Framework, fact: str) -> CapabilityGap | None:
    gap = framework.capability_gaps.get(fact)
    return gap if gap is not None and gap.kind == "not_applicable" else None


def _read_items(indicator: Indicator, attribute: Attribute, framework: Framework, field: str) -> Reading | None:
    if unread(indicator, framework):
        return None
    entries = [e for f in indicator.facts for e in _current(framework, f)]
    gaps = tuple(g for f in indicator.facts if not _current(framework, f) for g in [_gap(framework, f)] if g)
    found = (item.get(field) for e in entries if isinstance(e.value, tuple) for item in e.value
             if isinstance(item, dict))
    values = tuple(dict.fromkeys(str(v) for v in found if v is not None))
    counted = indicator.counting
    measured = sum(1 for v in values if counted is None or v in counted)
    return Reading(indicator, tuple(entries), values, measured, level_of(indicator, attribute, measured), gaps)


def applies(indicator: Indicator, framework: Framework) -> bool:
    """False when the indicator is for other kinds of framework than this one's recorded kind."""
    return indicator.kinds is None or framework.kind is None or framework.kind in indicator.kinds


def read(indicator: Indicator, attribute: Attribute, framework: Framework) -> Reading | None:
    if indicator.kinds is not None and framework.kind is None:
        return None  # which kinds' indicator applies cannot be told
    if indicator.item_field is not None:
        return _read_items(indicator, attribute, framework, indicator.item_field)
    current = _current(framework, indicator.fact)
    if not current:
        return None
    if isinstance(current[-1].value, tuple):
        values = tuple(dict.fromkeys(v for e in current if isinstance(e.value, tuple) for v in e.value))
        counted = indicator.counting
        measured: int | float | str = sum(1 for v in values if counted is None or v in counted)
        return Reading(indicator, tuple(current), values, measured, level_of(indicator, attribute, measured))
    entry = current[-1]
    return Reading(indicator, (entry,), (), entry.value, level_of(indicator, attribute, entry.value))


def level_of(indicator: Indicator, attribute: Attribute, measured: int | float | str) -> str | None:
    if attribute.scale is None:
        return None
    if indicator.categories:
        return indicator.categories.get(str(measured))
    if isinstance(measured, str):
        return None
    reached = attribute.scale.levels[0].id
    for level in attribute.scale.levels[1:]:
        minimum = indicator.minimums.get(level.id)
        if minimum is not None and measured >= minimum:
            reached = level.id
    return reached


def derive(attribute: Attribute, framework: Framework) -> Derivation | None:
    """The rubric's level for this framework, with the readings behind it; None without a rubric
    or when the framework has none of its indicators."""
    if attribute.rubric is None:
        return None
    readings, missing = [], []
    for indicator in attribute.rubric.indicators:
        if not applies(indicator, framework):
            continue
        reading = read(indicator, attribute, framework)
        if reading is None:
            missing.extend(unread(indicator, framework) or (indicator.fact,))
        else:
            readings.append(reading)
    if not readings:
        return None
    ranks = [attribute.rank(r.level) if r.level is not None else None for r in readings]
    level = None
    if not missing and attribute.scale and None not in ranks:
        level = attribute.scale.levels[min(r for r in ranks if r is not None)].id
    elif attribute.scale and 0 in ranks:
        level = attribute.scale.levels[0].id
    return Derivation(framework.id, attribute.id, level, tuple(readings), tuple(dict.fromkeys(missing)))


def derive_all(data: Dataset) -> dict[tuple[str, str], Derivation]:
    found = {}
    for framework in data.frameworks.values():
        for attribute in data.attributes.values():
            derivation = derive(attribute, framework)
            if derivation is not None:
                found[(framework.id, attribute.id)] = derivation
    return found

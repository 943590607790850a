"""Rubrics and what they derive: the methodology page's rubric tables, and the numbers behind a
level (shown on attribute pages and with rubric disagreements)."""

from __future__ import annotations

from typing import Any

from macros.model.capability_kinds import value_label
from macros.model.rubrics import Derivation, Reading
from macros.model.types import Attribute, Indicator
from macros.views.common import VALUE_LABELS, Footnotes, Links, fact_label, level_label, number_text, render
from macros.views.site_data import SiteData

def _value_text(indicator: Indicator, value: str) -> str:
    """A value's reader label: a capability item field's from its vocabulary, else the fact's."""
    if indicator.item_field is not None:
        return value_label(indicator.fact, indicator.item_field, value)
    return VALUE_LABELS.get(value, value)


def _measured_text(reading: Reading) -> str:
    if reading.indicator.item_field is not None and not reading.values:
        return "0 (not applicable)" if reading.not_applicable else "0"
    if reading.values:
        shown = ", ".join(_value_text(reading.indicator, v) for v in reading.values)
        if reading.indicator.counting is None:
            return f"{reading.measured} ({shown})"
        return f"{reading.measured} counted ({shown})"
    if reading.indicator.categories:
        return VALUE_LABELS.get(str(reading.measured), str(reading.measured))
    return number_text(reading.measured)


KIND_LABELS = {"training": "training frameworks", "high-level": "high-level APIs", "runtime": "inference runtimes"}


def derivation_view(site: SiteData, derivation: Derivation, notes: Footnotes) -> dict[str, Any]:
    attribute = derivation.attribute
    return {
        "level": level_label(site, attribute, derivation.level) if derivation.level else None,
        "rank": site.data.attributes[attribute].rank(derivation.level) if derivation.level else None,
        "readings": [
            {
                "label": fact_label(r.indicator.fact),
                "value": _measured_text(r),
                "level": level_label(site, attribute, r.level) if r.level else "no level",
                "as_of": str(max(r.entries, key=lambda e: e.as_of.latest).as_of) if r.entries
                else str(max(r.not_applicable, key=lambda g: g.as_of.latest).as_of),
                "cites": [notes.cite(e.source, e.locator) for e in r.entries],
            }
            for r in derivation.readings
        ],
        "missing": [fact_label(f) for f in derivation.missing],
    }


def _threshold_cells(site: SiteData, attribute: Attribute, indicator: Indicator) -> list[str]:
    """For each level of the scale, lowest first, what reaches it under this indicator."""
    levels = attribute.scale.levels if attribute.scale else ()
    cells = []
    for index, level in enumerate(levels):
        if indicator.categories:
            values = [VALUE_LABELS.get(v, v) for v, lv in indicator.categories.items() if lv == level.id]
            cells.append(", ".join(values) if values else "")
        elif index == 0:
            first = next((indicator.minimums[lv.id] for lv in levels[1:] if lv.id in indicator.minimums), None)
            cells.append(f"below {number_text(first)}" if first is not None else "any")
        else:
            minimum = indicator.minimums.get(level.id)
            cells.append(f"{number_text(minimum)} or more" if minimum is not None else "")
    return cells


def rubric_view(site: SiteData, attribute: Attribute) -> dict[str, Any]:
    rubric = attribute.rubric
    evidence = attribute.evidence
    return {
        "attribute": attribute,
        "evidence": evidence.summary if evidence else None,
        "facts": [fact_label(f) for f in evidence.facts] if evidence else [],
        "measurements": bool(evidence and evidence.measurements),
        "summary": rubric.summary if rubric else None,
        "levels": [level.label for level in attribute.scale.levels] if attribute.scale else [],
        "indicators": [
            {
                "label": fact_label(i.fact),
                "counting": [_value_text(i, v) for v in i.counting] if i.counting else None,
                "also": [fact_label(f) for f in i.also],
                "kinds": [KIND_LABELS.get(k, k) for k in i.kinds] if i.kinds else None,
                "cells": _threshold_cells(site, attribute, i),
                "note": i.note,
            }
            for i in (rubric.indicators if rubric else ())
        ],
    }


def rubrics_page(site: SiteData, links: Links) -> str:
    """Every attribute's evidence and rubric, for the methodology page."""
    items = [dict(rubric_view(site, a), href=links.attribute(a.id)) for a in site.attributes]
    return render("rubrics.html", items=items)

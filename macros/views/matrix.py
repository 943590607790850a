"""The comparison matrix (frameworks x rated attributes) and the table of facts."""

from __future__ import annotations

from typing import Any

from macros.model.types import FactEntry, PartialDate
from macros.views.common import FACT_LABELS, Links, fact_text, level_label, render
from macros.views.site_data import SiteData

# The facts shown in the facts table, in this order (homepage and repository live on each page).
FACTS_TABLE = [f for f in FACT_LABELS if f not in {"homepage", "repository", "latest_version"}]


def matrix_rows(site: SiteData, links: Links) -> list[dict[str, Any]]:
    rows = []
    for fw in site.frameworks:
        cells = []
        for attribute in site.attributes:
            verdict = fw.verdicts.get(attribute.id)
            rank = attribute.rank(verdict.level) if verdict else None
            cells.append(
                {
                    "label": level_label(site, attribute.id, verdict.level) if verdict else "not rated yet",
                    "rank": rank,
                    # Unrated cells: the page script keeps them below the rated ones in both directions.
                    "sort": rank if rank is not None else -1,
                    "disputed": (fw.id, attribute.id) in site.disputed,
                    "href": links.framework(fw.id, f"attr-{attribute.id}"),
                    "attribute": attribute.name,
                }
            )
        rows.append({"fw": fw, "href": links.framework(fw.id), "status": site.status(fw), "cells": cells})
    return rows


def matrix(site: SiteData, links: Links) -> str:
    return render("matrix.html", rows=matrix_rows(site, links), attributes=site.attributes, links=links)


def facts_rows(site: SiteData, links: Links) -> list[dict[str, Any]]:
    rows = []
    for fw in site.frameworks:
        cells = []
        for fact in FACTS_TABLE:
            entry = fw.current(fact)
            text = fact_text(entry, site) if entry else "not sourced"
            if fact == "status" and entry and entry.since and entry.value != "active":
                text = f"{text} since {entry.since}"
            cells.append({"text": text, "missing": entry is None, "sort": _sort_key(fact, entry, text)})
        rows.append({"fw": fw, "href": links.framework(fw.id, "facts"), "status": site.status(fw), "cells": cells})
    return rows


def _sort_key(fact: str, entry: FactEntry | None, text: str) -> str | int:
    """What the table sorter orders a facts cell by. A date sorts as the number YYYYMMDD with unknown
    parts as 0 ("2015" before "2015-04"): as text, the sorter would read "2015-11" as the number 2015."""
    if fact == "first_release" and entry is not None:
        date = PartialDate.parse(entry.value)
        return date.year * 10000 + (date.month or 0) * 100 + (date.day or 0)
    return text.casefold()


def facts_table(site: SiteData, links: Links) -> str:
    headers = [FACT_LABELS[f] for f in FACTS_TABLE]
    return render("facts_table.html", rows=facts_rows(site, links), headers=headers)

"""The comparison matrix (frameworks x rated attributes) and the table of facts."""

from __future__ import annotations

from typing import Any

from macros.model.types import FactEntry, Framework, PartialDate
from macros.views.common import FACT_LABELS, Links, current_fact_text, render
from macros.views.site_data import SiteData

# The facts shown in the facts table, in this order (homepage and repository live on each page).
FACTS_TABLE = [f for f in FACT_LABELS if f not in {"homepage", "repository", "latest_version"}]


# Frameworks in reading order: what a reader can still choose first, and among those the most worked
# on first, by an objective count: contributors to the repository in the last 12 months.
STATUS_ORDER = {"active": 0, "maintenance": 1}
ORDER_INDICATOR = "contributors_12m"


def reading_order(site: SiteData) -> list[Framework]:
    def key(fw: Framework) -> tuple[int, int, float, str]:
        entry = fw.current(ORDER_INDICATOR)
        count = entry.value if entry is not None and isinstance(entry.value, (int, float)) else None
        return (STATUS_ORDER.get(site.status(fw), 2), count is None, -(count or 0), fw.name.casefold())
    return sorted(site.frameworks, key=key)


def matrix_rows(site: SiteData, links: Links) -> list[dict[str, Any]]:
    rows = []
    for fw in reading_order(site):
        cells = []
        for attribute in site.attributes:
            summary = site.verdict_summary(fw, attribute)
            marks = [text for text, on in (("disputed", summary.disputed), ("based on old claims", summary.stale),
                                           ("measured", bool(summary.measured))) if on]
            cells.append(
                {
                    "summary": summary,
                    # Unrated cells: the page script keeps them below the rated ones in both directions.
                    "sort": summary.rank if summary.rank is not None else -1,
                    # The framework page has a section for it when there is a verdict, a disagreement, or a
                    # recorded gap (what was searched).
                    "href": links.framework(fw.id, f"attr-{attribute.id}")
                    if summary.verdict or summary.disputed or summary.unrated else None,
                    "label": f"{fw.name}, {attribute.name}: "
                    + ("no source rates it" if summary.unrated else summary.label) + "".join(f", {m}" for m in marks),
                }
            )
        rows.append({"fw": fw, "href": links.framework(fw.id), "status": site.status(fw), "cells": cells})
    return rows


def matrix(site: SiteData, links: Links) -> str:
    rows = matrix_rows(site, links)
    ended = [r for r in rows if r["status"] == "discontinued"]
    shown = [c["summary"] for row in rows for c in row["cells"]]
    legend = {
        "levels": [lv for a in site.attributes[:1] if a.scale for lv in a.scale.levels],
        "disputed": any(s.disputed for s in shown),
        "stale": any(s.stale for s in shown),
        "measured": any(s.measured for s in shown),
        "no_source": any(s.unrated for s in shown),
        "stale_years": site.stale_after_days // 365,
    }
    return render("matrix.html", rows=[r for r in rows if r["status"] != "discontinued"], ended=ended,
                  attributes=site.attributes, links=links, legend=legend)


def facts_rows(site: SiteData, links: Links) -> list[dict[str, Any]]:
    rows = []
    for fw in site.frameworks:
        cells = []
        for fact in FACTS_TABLE:
            current = current_fact_text(fw, fact, site)
            text = current if current is not None else "not sourced"
            status = fw.current("status") if fact == "status" else None
            if status and status.since and status.value != "active":
                text = f"{text} since {status.since}"
            # One value sorts a column (a first release is one date): the newest current entry's.
            cells.append({"text": text, "missing": current is None, "sort": _sort_key(fact, fw.current(fact), text)})
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

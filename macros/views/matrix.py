"""The comparison matrix (frameworks x rated attributes) and the table of facts."""

from __future__ import annotations

from typing import Any

from macros.views.common import FACT_LABELS, Links, current_fact_text, level_label, render
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
            current = current_fact_text(fw, fact, site)
            text = current if current is not None else "not sourced"
            status = fw.current("status") if fact == "status" else None
            if status and status.since and status.value != "active":
                text = f"{text} since {status.since}"
            cells.append({"text": text, "missing": current is None, "sort": text.casefold()})
        rows.append({"fw": fw, "href": links.framework(fw.id, "facts"), "status": site.status(fw), "cells": cells})
    return rows


def facts_table(site: SiteData, links: Links) -> str:
    headers = [FACT_LABELS[f] for f in FACTS_TABLE]
    return render("facts_table.html", rows=facts_rows(site, links), headers=headers)

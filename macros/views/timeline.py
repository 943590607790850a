"""A timeline of all frameworks (first release to end of development), as static SVG with a text twin."""

from __future__ import annotations

import datetime as dt
from typing import Any

from macros.model.types import PartialDate
from macros.views.common import Links, render
from macros.views.site_data import SiteData

ROW = 24
LABEL_WIDTH = 240
PLOT_WIDTH = 620
TOP = 28


def timeline_rows(site: SiteData) -> list[dict[str, Any]]:
    rows = []
    for fw in site.frameworks:
        releases = [PartialDate.parse(e.value) for e in fw.facts.get("first_release", ())]
        if not releases:
            continue
        start = min(releases, key=lambda d: d.earliest)
        status = fw.current("status")
        ended = status.since if status and status.value != "active" and status.since else None
        rows.append({"fw": fw, "start": start, "end": ended, "status": status.value if status else "unknown"})
    rows.sort(key=lambda r: (r["start"].earliest, r["fw"].name.casefold()))
    return rows


def timeline(site: SiteData, links: Links) -> str:
    rows = timeline_rows(site)
    if not rows:
        return "<p>No framework has a sourced first release yet.</p>\n"
    first_year = min(r["start"].year for r in rows)
    last_day = site.data_date
    span_days = (last_day - dt.date(first_year, 1, 1)).days or 1

    def x(day: dt.date) -> float:
        return round(LABEL_WIDTH + PLOT_WIDTH * (day - dt.date(first_year, 1, 1)).days / span_days, 1)

    bars = []
    for i, r in enumerate(rows):
        end_day = r["end"].earliest if r["end"] else last_day
        bars.append({
            "name": r["fw"].name, "href": links.framework(r["fw"].id), "y": TOP + i * ROW,
            "x1": x(r["start"].earliest), "x2": max(x(end_day), x(r["start"].earliest) + 2),
            "ended": r["end"] is not None, "status": r["status"], "start": str(r["start"]),
            "end": str(r["end"]) if r["end"] else None,
        })
    years = [{"year": y, "x": x(dt.date(y, 1, 1))} for y in range(first_year, last_day.year + 1)
             if (y - first_year) % 2 == 0]
    height = TOP + len(rows) * ROW + 10
    undated = [{"name": fw.name, "href": links.framework(fw.id)} for fw in site.frameworks
               if not fw.facts.get("first_release")]
    return render("timeline.html", bars=bars, years=years, undated=undated, width=LABEL_WIDTH + PLOT_WIDTH + 20, height=height,
                  bottom=height - 10, data_date=str(last_day), label_x=LABEL_WIDTH - 8)

"""One attribute's page: frameworks ranked by verdict, with the claims behind each."""

from __future__ import annotations

from markupsafe import Markup

from macros.views.common import Footnotes, Links, level_label, render, with_source_titles
from macros.views.framework import claim_view
from macros.views.site_data import SiteData


def attribute_page(site: SiteData, attribute_id: str, links: Links) -> str:
    attribute = site.data.attributes[attribute_id]
    notes = Footnotes(site, links)
    rated, unrated = [], []
    for fw in site.frameworks:
        verdict = fw.verdicts.get(attribute_id)
        claims = site.ratings(fw.id, attribute_id)
        entry = {
            "fw": fw,
            "href": links.framework(fw.id, f"attr-{attribute_id}"),
            "level": level_label(site, attribute_id, verdict.level) if verdict else None,
            "rank": attribute.rank(verdict.level) if verdict else None,
            "rationale": with_source_titles(verdict.rationale, site, links) if verdict else None,
            "disputed": (fw.id, attribute_id) in site.disputed,
            "claims": [claim_view(site, c, notes, links, verdict) for c in claims],
            "measured": [Markup("{}{}").format(m.text, notes.cite(m.source))
                         for m in site.measured_figures(fw.id, attribute_id)],
        }
        (rated if verdict else unrated).append(entry)
    rated.sort(key=lambda e: (-e["rank"], e["fw"].name.casefold()))
    measured_only = [e for e in unrated if e["measured"]]
    levels = attribute.scale.levels if attribute.scale else ()
    return render(
        "attribute.html", attribute=attribute, levels=levels, rated=rated, unrated=unrated, notes=notes.notes,
        measured_only=measured_only
    )

"""One attribute's page: how it is judged (evidence, rubric), frameworks ranked by verdict with the
claims and the indicator values behind each, the frameworks no source rates (what was searched), and
what the rubric derives for those not rated."""

from __future__ import annotations

from markupsafe import Markup

from macros.views.common import Footnotes, Links, level_label, render, with_source_titles
from macros.views.framework import claim_view
from macros.views.rubrics import derivation_view, rubric_view
from macros.views.site_data import SiteData


def attribute_page(site: SiteData, attribute_id: str, links: Links) -> str:
    attribute = site.data.attributes[attribute_id]
    notes = Footnotes(site, links)
    rated, no_source, unrated = [], [], []
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
            "derivation": None,
            "gap": fw.unrated.get(attribute_id),
            "measured": [Markup("{}{}").format(m.text, notes.cite(m.source))
                         for m in site.measured_figures(fw.id, attribute_id)],
        }
        derivation = site.data.derivations.get((fw.id, attribute_id))
        if derivation is not None:
            entry["derivation"] = derivation_view(site, derivation, notes)
        (rated if verdict else no_source if entry["gap"] else unrated).append(entry)
    rated.sort(key=lambda e: (-e["rank"], e["fw"].name.casefold()))
    measured_only = [e for e in no_source + unrated if e["measured"]]
    levels = attribute.scale.levels if attribute.scale else ()
    top_rank = rated[0]["rank"] if rated else None
    answer = {
        "top": [e["fw"].name for e in rated if e["rank"] == top_rank],
        "top_level": rated[0]["level"] if rated else None,
        "rated": len(rated), "no_source": len(no_source), "unrated": len(unrated),
    }
    return render(
        "attribute.html", answer=answer, attribute=attribute, levels=levels, rated=rated, no_source=no_source, unrated=unrated,
        notes=notes,
        rubric=rubric_view(site, attribute),
        measured_only=measured_only,
    )

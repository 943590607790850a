"""Every contradiction in the data and how it is resolved."""

from __future__ import annotations

from macros.model.disputes import Dispute
from macros.views.common import Footnotes, Links, framework_name, level_label, render, with_source_titles
from macros.views.framework import claim_view
from macros.views.site_data import SiteData


def _frameworks(site: SiteData, dispute: Dispute) -> str:
    """The framework a disagreement is about, or both of an opposed comparison: "Keras and PyTorch"."""
    names = [framework_name(site, fw) for fw in (dispute.framework, dispute.other) if fw]
    return " and ".join(names)


def disagreements_page(site: SiteData, links: Links) -> str:
    notes = Footnotes(site, links)
    items = []
    for d in site.disputes:
        attribute = site.data.attributes.get(d.attribute)
        items.append({
            "kind": d.kind,
            "frameworks": _frameworks(site, d),
            "href": links.framework(d.framework, f"attr-{d.attribute}"),
            "attribute": attribute.name if attribute else d.attribute,
            "verdict": level_label(site, d.attribute, d.verdict.level) if d.verdict else None,
            "rationale": with_source_titles(d.verdict.rationale, site, links) if d.verdict else None,
            "resolved": d.resolved,
            "claims": [claim_view(site, c, notes, links, d.verdict) for c in d.claims],
        })
    return render("disagreements.html", items=items, notes=notes.notes)


def disputes_summary(site: SiteData, links: Links) -> str:
    return render("disputes_summary.html", count=len(site.disputes), href=links.page("disagreements/"),
                  items=[{"framework": _frameworks(site, d), "attribute": site.data.attributes[d.attribute].name
                          if d.attribute in site.data.attributes else d.attribute,
                          "href": links.framework(d.framework, f"attr-{d.attribute}"), "claims": len(d.claims)}
                         for d in site.disputes])

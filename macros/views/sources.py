"""The sources page: every source, its kind, what it claims and how much of it held up."""

from __future__ import annotations

from macros.model.types import MEASUREMENT_SOURCE_KIND, RatingClaim, Statement
from macros.views.common import Links, claim_value, framework_name, render, safe_url
from macros.views.site_data import SiteData


def sources_page(site: SiteData, links: Links) -> str:
    claims_by_source: dict[str, list] = {}
    for claim in site.data.claims:
        claims_by_source.setdefault(claim.source, []).append(claim)
    overridden = {o.claim for v in site.data.verdicts() for o in v.overrides}
    cited_by_facts: dict[str, int] = {}
    for fw in site.data.frameworks.values():
        for entries in fw.facts.values():
            for e in entries:
                cited_by_facts[e.source] = cited_by_facts.get(e.source, 0) + 1
    rows = []
    for source in sorted(site.data.sources.values(), key=lambda s: (s.kind, s.title.casefold(), s.id)):
        claims = claims_by_source.get(source.id, [])
        rows.append({
            "source": source,
            "anchor": f"source-{source.id}",
            "url": safe_url(source.url),
            "page": links.page("benchmarks/") + f"#{source.id}" if source.kind == MEASUREMENT_SOURCE_KIND else None,
            "facts": cited_by_facts.get(source.id, 0),
            "claims": [
                {
                    "framework": framework_name(site, c.framework),
                    # Claims are folded on framework pages: link to the fold that holds the claim.
                    "href": links.framework(c.framework, "statements" if isinstance(c, Statement)
                                            else f"attr-{c.attribute}"),
                    "text": claim_value(site, c) if not isinstance(c, RatingClaim)
                    else f"{site.data.attributes[c.attribute].name if c.attribute in site.data.attributes else c.attribute}: {claim_value(site, c)}",
                    "refuted": c.refuted.kind if c.refuted else None,
                    "overridden": c.ref in overridden,
                }
                for c in claims
            ],
            "refuted": sum(1 for c in claims if c.refuted),
            "overridden": sum(1 for c in claims if c.ref in overridden),
        })
    return render("sources.html", rows=rows)

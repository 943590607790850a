"""The sources page: every source, its kind, what it claims and how much of it held up."""

from __future__ import annotations

from macros.model.types import MEASUREMENT_SOURCE_KIND, RatingClaim, Statement
from macros.views.common import Links, claim_value, framework_name, render, safe_url
from macros.views.site_data import SiteData


# The page's groups, in reading order: what readers weigh first (articles and benchmarks, the claims
# this site confronts), then the primary sources behind the facts, then this project's measurements.
KIND_GROUPS: dict[str, str] = {
    "independent-article": "Articles",
    "news": "News",
    "independent-benchmark": "Independent benchmarks",
    "vendor-benchmark": "Benchmarks by a framework's makers",
    "survey": "Developer surveys",
    "paper": "Papers",
    "official-docs": "Official documentation",
    "release-notes": "Release notes",
    "foundation-announcement": "Foundation announcements",
    "repository": "Repositories",
    "package-index": "Package indexes",
    "dataset": "Datasets",
    MEASUREMENT_SOURCE_KIND: "This project's measurements",
}


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
    order = list(KIND_GROUPS)
    # A replicate is shown in its run's section of the Benchmarks page: its source entry leads there.
    shown_in = {again.id: run_id for run_id, again in site.replicates.items()}
    for source in sorted(site.data.sources.values(), key=lambda s: (
            order.index(s.kind) if s.kind in order else len(order), s.kind, s.title.casefold(), s.id)):
        claims = claims_by_source.get(source.id, [])
        rows.append({
            "source": source,
            "anchor": f"source-{source.id}",
            "url": safe_url(source.url),
            "page": links.page("benchmarks/") + f"#{shown_in.get(source.id, source.id)}"
            if source.kind == MEASUREMENT_SOURCE_KIND else None,
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
    groups: list[dict] = []
    for row in rows:
        kind = row["source"].kind
        if not groups or groups[-1]["kind"] != kind:
            groups.append({"kind": kind, "id": f"kind-{kind}", "name": KIND_GROUPS.get(kind, kind.replace("-", " ")),
                           "rows": []})
        groups[-1]["rows"].append(row)
    return render("sources.html", groups=groups, total=len(rows))

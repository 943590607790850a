"""Myths and outdated claims: every claim that primary sources show to be wrong, what shows it, and
since when. Readers arrive with a sentence they have read ("TensorFlow uses a static graph"); this
page answers whether it still holds, one framework at a time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from macros.load.dates import PartialDate
from macros.model.types import Claim, ComparisonClaim
from macros.views.common import Footnotes, Links, claim_value, framework_name, render, with_source_titles
from macros.views.site_data import SiteData

KIND_TEXT = {
    "outdated": "Outdated",
    "incorrect": "Never true",
    "unsupported": "No evidence for it",
}


@dataclass(frozen=True)
class Myth:
    claim: Claim
    since: PartialDate | None  # for an outdated claim: the earliest dated source that shows the change


def myths(site: SiteData) -> list[Myth]:
    """Every refuted claim, ordered by framework name, then by when it stopped holding."""
    found = []
    for claim in site.data.claims:
        if claim.refuted is None:
            continue
        dates = [d for s in claim.refuted.by if (d := _source_date(site, s)) is not None]
        since = min(dates, key=lambda d: d.earliest) if dates and claim.refuted.kind == "outdated" else None
        found.append(Myth(claim, since))
    return sorted(found, key=lambda m: (framework_name(site, m.claim.framework).casefold(),
                                        m.since.earliest if m.since else PartialDate(9999).earliest, m.claim.ref))


def _source_date(site: SiteData, source_id: str) -> PartialDate | None:
    source = site.data.sources.get(source_id)
    return source.published if source else None


def refuted_count(site: SiteData, framework_id: str) -> int:
    return sum(1 for c in site.claims_about.get(framework_id, ()) if c.refuted and c.framework == framework_id)


def myths_page(site: SiteData, links: Links) -> str:
    notes = Footnotes(site, links)
    groups: dict[str, dict[str, Any]] = {}
    for myth in myths(site):
        claim, refutation = myth.claim, myth.claim.refuted
        assert refutation is not None
        group = groups.setdefault(claim.framework, {
            "id": f"myths-{claim.framework}", "name": framework_name(site, claim.framework),
            "href": links.framework(claim.framework), "items": []})
        source = site.data.sources.get(claim.source)
        group["items"].append({
            "anchor": "myth-" + claim.ref.replace(":", "--"),
            "said": _said(site, claim),
            "wording": getattr(claim, "wording", None),
            "source_title": source.title if source else claim.source,
            "source_href": links.source(claim.source),
            "as_of": str(claim.as_of) if claim.as_of else None,
            "kind": KIND_TEXT.get(refutation.kind, refutation.kind),
            "since": str(myth.since) if myth.since else None,
            "because": with_source_titles(refutation.because, site, links),
            "cites": [notes.cite(s) for s in refutation.by if s in site.data.sources],
        })
    ordered = list(groups.values())
    return render("myths.html", groups=ordered, total=sum(len(g["items"]) for g in ordered), notes=notes)


def _said(site: SiteData, claim: Claim) -> str:
    """What the source said, as a sentence a reader recognises."""
    value = claim_value(site, claim)
    if isinstance(claim, ComparisonClaim) or not hasattr(claim, "attribute"):
        return value
    attribute = site.data.attributes.get(getattr(claim, "attribute"))
    return f"{attribute.name if attribute else claim.attribute}: {value}"

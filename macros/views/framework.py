"""One framework's page: facts with citations, verdicts with every claim behind them, disputes."""

from __future__ import annotations

from typing import Any

from macros.model.disputes import newest_support
from macros.model.types import Claim, ComparisonClaim, Framework, Verdict
from macros.views.common import (
    FACT_LABELS,
    Footnotes,
    Links,
    claim_value,
    fact_text,
    framework_name,
    level_label,
    period,
    render,
    safe_url,
    source_kind_label,
)
from macros.views.site_data import SiteData


def claim_view(site: SiteData, claim: Claim, notes: Footnotes, links: Links, verdict: Verdict | None = None) -> dict[str, Any]:
    source = site.data.sources.get(claim.source)
    override = next((o for o in verdict.overrides if o.claim == claim.ref), None) if verdict else None
    view: dict[str, Any] = {
        "ref": claim.ref,
        "anchor": "claim-" + claim.ref.replace(":", "--"),
        "source_title": source.title if source else claim.source,
        "source_kind": source_kind_label(source),
        "source_href": links.source(claim.source),
        "wording": getattr(claim, "wording", None),
        "value": claim_value(site, claim),
        "locator": claim.locator,
        "as_of": str(claim.as_of) if claim.as_of else "undated",
        "note": claim.note,
        "conditions": dict(claim.conditions),
        "refuted": None,
        "overridden": override.because if override else None,
        "is_comparison": isinstance(claim, ComparisonClaim),
    }
    if claim.refuted:
        view["refuted"] = {
            "kind": claim.refuted.kind,
            "because": claim.refuted.because,
            "cites": [notes.cite(s) for s in claim.refuted.by if s in site.data.sources],
        }
    return view


def facts_view(site: SiteData, fw: Framework, notes: Footnotes, links: Links) -> list[dict[str, Any]]:
    rows = []
    for fact, label in FACT_LABELS.items():
        entries = fw.facts.get(fact, ())
        if not entries:
            continue
        rows.append(
            {
                "label": label,
                "fact": fact,
                "entries": [
                    {
                        "text": fact_text(e, site),
                        "url": safe_url(e.value) if fact in {"homepage", "repository"} else None,
                        "period": period(e),
                        "current": e.until is None,
                        "note": e.note,
                        "cite": notes.cite(e.source, e.locator),
                        "as_of": str(e.as_of),
                        "stale": site.is_stale(e.as_of.latest),
                        "links": [
                            {"name": framework_name(site, ident), "href": links.framework(ident)}
                            for ident in (e.value if fact in {"backends", "built_on"} else e.successors)
                            if ident in site.data.frameworks
                        ],
                    }
                    for e in entries
                ],
            }
        )
    return rows


def banner_view(site: SiteData, fw: Framework, notes: Footnotes, links: Links) -> dict[str, Any] | None:
    status = fw.current("status")
    if status is None or status.value == "active":
        return None
    return {
        "status": status.value,
        "since": str(status.since) if status.since else None,
        "successors": [
            {"name": framework_name(site, s), "href": links.framework(s)}
            for s in status.successors
            if s in site.data.frameworks
        ],
        "note": status.note,
        "cite": notes.cite(status.source, status.locator),
    }


def verdicts_view(site: SiteData, fw: Framework, notes: Footnotes, links: Links) -> list[dict[str, Any]]:
    rows = []
    for attribute in site.attributes:
        verdict = fw.verdicts.get(attribute.id)
        ratings = site.ratings(fw.id, attribute.id)
        comparisons = [c for c in site.comparisons(fw.id) if c.attribute == attribute.id]
        if verdict is None and not ratings and not comparisons:
            continue
        newest = newest_support(site.data, verdict) if verdict else None
        rows.append(
            {
                "id": attribute.id,
                "anchor": f"attr-{attribute.id}",
                "name": attribute.name,
                "href": links.attribute(attribute.id),
                "level": level_label(site, attribute.id, verdict.level) if verdict else None,
                "rank": attribute.rank(verdict.level) if verdict else None,
                "rationale": verdict.rationale if verdict else None,
                "disputed": (fw.id, attribute.id) in site.disputed,
                "stale": bool(newest and site.is_stale(newest)),
                "claims": [claim_view(site, c, notes, links, verdict) for c in ratings],
                "comparisons": [claim_view(site, c, notes, links, verdict) for c in comparisons],
            }
        )
    return rows


def framework_page(site: SiteData, framework_id: str, links: Links) -> str:
    fw = site.data.frameworks[framework_id]
    notes = Footnotes(site, links)
    banner = banner_view(site, fw, notes, links)
    facts = facts_view(site, fw, notes, links)
    verdicts = verdicts_view(site, fw, notes, links)
    top = [v for v in verdicts if v["rank"] is not None and v["rank"] >= 2]
    bottom = [v for v in verdicts if v["rank"] is not None and v["rank"] <= 1]
    statements = site.statements(fw.id)
    suited = [claim_view(site, s, notes, links) for s in statements if s.topic == "best-suited-for" and not s.refuted]
    other = [claim_view(site, s, notes, links) for s in statements if s.topic != "best-suited-for" or s.refuted]
    return render(
        "framework.html",
        fw=fw,
        banner=banner,
        facts=facts,
        verdicts=verdicts,
        strengths=top,
        weaknesses=bottom,
        suited=suited,
        statements=other,
        notes=notes.notes,
        links=links,
        data_date=str(site.data_date),
        stale_days=site.stale_after_days,
    )

"""One framework's page: facts with citations, verdicts with every claim behind them, disputes."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from macros.model.measured import first_step, ms_text, seconds_text, ratio_text, train_step, workload_name, workload_result
from macros.model.types import Claim, ComparisonClaim, FactEntry, Framework, Verdict
from macros.views.common import (
    FACT_LABELS,
    INDICATOR_LABELS,
    Footnotes,
    Links,
    SourceLinks,
    claim_value,
    fact_text,
    framework_name,
    indicator_window,
    number_text,
    period,
    render,
    safe_url,
    source_kind_label,
    with_source_titles,
)
from macros.views import capabilities, inference, myths
from macros.views.site_data import SiteData


def claim_view(site: SiteData, claim: Claim, notes: Footnotes | SourceLinks, links: Links,
               verdict: Verdict | None = None) -> dict[str, Any]:
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
        "overridden": with_source_titles(override.because, site, links) if override else None,
        "is_comparison": isinstance(claim, ComparisonClaim),
    }
    if claim.refuted:
        view["refuted"] = {
            "kind": claim.refuted.kind,
            "because": with_source_titles(claim.refuted.because, site, links),
            "cites": [notes.cite(s) for s in claim.refuted.by if s in site.data.sources],
        }
    return view


def indicator_text(entry: FactEntry) -> str:
    """12,345,678 downloads; a survey share in per cent; a release date as written."""
    if entry.fact == "survey_share":
        return f"{number_text(entry.value)} %"
    return number_text(entry.value) if entry.fact != "latest_release_date" else str(entry.value)


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


def indicators_view(site: SiteData, fw: Framework, notes: Footnotes) -> list[dict[str, Any]]:
    """The indicators' current readings (what the rubrics read); earlier readings stay in the data
    and the export (api/frameworks.json), as the page has no room for every past snapshot."""
    return [
        {
            "label": label,
            "text": indicator_text(e),
            "period": "; ".join(p for p in (indicator_window(e), period(e)) if p),
            "note": e.note,
            "cite": notes.cite(e.source, e.locator),
            "as_of": str(e.as_of),
            "stale": site.is_stale(e.as_of.latest),
        }
        for fact, label in INDICATOR_LABELS.items()
        for e in fw.current_entries(fact)
    ]


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


def _claims_phrase(claims: int, comparisons: int) -> str:
    parts = []
    if claims:
        parts.append(f"{claims} rating{'' if claims == 1 else 's'}")
    if comparisons:
        parts.append(f"{comparisons} comparison{'' if comparisons == 1 else 's'}")
    return " and ".join(parts)


def evidence_path(attribute_id: str) -> str:
    """Where a verdict's claims are, relative to the framework page (loaded when the reader opens them)."""
    return f"evidence/{attribute_id}.html"


STATEMENTS_EVIDENCE = "statements"


def verdicts_view(site: SiteData, fw: Framework, links: Links) -> list[dict[str, Any]]:
    """One entry per attribute that has a verdict or claims: the summary, the rationale, the claims' count."""
    rows = []
    for attribute in site.attributes:
        summary = site.verdict_summary(fw, attribute)
        ratings = site.ratings(fw.id, attribute.id)
        comparisons = [c for c in site.comparisons(fw.id) if c.attribute == attribute.id]
        if summary.verdict is None and not ratings and not comparisons and not summary.disputed \
                and not summary.unrated:
            continue
        verdict = summary.verdict
        rows.append(
            {
                "id": attribute.id,
                "anchor": f"attr-{attribute.id}",
                "name": attribute.name,
                "href": links.attribute(attribute.id),
                "s": summary,
                "rationale": with_source_titles(verdict.rationale, site, links) if verdict else None,
                "unrated": summary.unrated,
                "count": len(ratings) + len(comparisons),
                "count_text": _claims_phrase(len(ratings), len(comparisons)),
                "set_aside": sum(1 for c in ratings + comparisons if verdict and verdict.overrides_claim(c.ref)),
                "refuted": sum(1 for c in ratings + comparisons if c.refuted),
                "evidence": evidence_path(attribute.id),
                "fallback": links.attribute(attribute.id) + f"#fw-{fw.id}",
            }
        )
    return rows


def measured_view(site: SiteData, fw: Framework, notes: Footnotes) -> list[dict[str, Any]]:
    """The measured figures of the summary, each with its citation: for every attribute, rated or not."""
    return [{"attribute": a.name, "text": m.text, "cite": notes.cite(m.source)}
            for a in site.attributes for m in site.verdict_summary(fw, a).measured]


def measured_detail(site: SiteData, fw: Framework, links: Links) -> dict[str, Any] | None:
    """This framework in the newest measurement that mentions it: each mode's medians per workload
    (times the fastest framework's), its failures, or why it was not measured."""
    for m in site.measurements:
        results = [r for r in m.results if r.framework == fw.id]
        failures = [f for f in m.failures if f.framework == fw.id]
        reason = next((n.reason for n in m.not_measured if n.framework == fw.id), None)
        if not results and not failures and reason is None:
            continue
        workload_ids = [str(w["id"]) for w in m.workloads]
        fastest = {w: site.fastest_by_framework(m, w) for w in workload_ids}
        rows = []
        for r in results:
            cells = []
            for w in workload_ids:
                record = workload_result(r, w)
                steps = train_step(record) if record else None
                if record is None or steps is None:
                    cells.append({"text": "inference only" if record else "not run", "relative": None})
                    continue
                first = first_step(record)
                cells.append({"text": f"{ms_text(steps.median)} ms",
                              "relative": ratio_text(steps.median / fastest[w][0][2].median),
                              "first": f"{seconds_text(first.median)} s" if first else None,
                              "wide": steps.wide})
            rows.append({"mode": r.mode, "adapter": r.adapter, "version": r.version, "cells": cells})
        return {
            "m": m,
            "href": links.page("benchmarks/") + f"#{m.id}",
            "workloads": [workload_name(w) for w in m.workloads],
            "rows": rows,
            "failures": [{"adapter": f.adapter, "workload": f.workload, "stage": f.stage} for f in failures],
            "reason": reason,
        }
    return None


def framework_page(site: SiteData, framework_id: str, links: Links) -> str:
    """The page: the verdicts summed up first, then the facts, then the evidence, whose claims load on demand
    (see `evidence_fragments`), so the page stays light however many claims a framework gathers."""
    fw = site.data.frameworks[framework_id]
    notes = Footnotes(site, links)
    banner = banner_view(site, fw, notes, links)
    verdicts = verdicts_view(site, fw, links)
    rated = [v for v in verdicts if v["s"].verdict]
    no_source = [v for v in verdicts if v["unrated"]]
    shown = {v["anchor"].removeprefix("attr-") for v in verdicts}
    # Each keeps the anchor other pages link to (attr-<id>), so a link to an unrated attribute lands on it.
    unrated = [{"name": a.name, "anchor": f"attr-{a.id}"} for a in site.attributes
               if a.id not in fw.verdicts and a.id not in fw.unrated and a.id not in shown]
    measured = measured_view(site, fw, notes)
    measured_runs = measured_detail(site, fw, links)
    # The legend under the summary explains only the marks it shows (symbols as in _marks.html).
    marks_shown = [(mark, symbol, text) for mark, symbol, text, shown in (
        ("disputed", "!", "sources disagree", any(v["s"].disputed for v in rated)),
        ("stale", "old", f"the newest claim behind it is over {site.stale_after_days // 365} years old",
         any(v["s"].stale for v in rated)),
        ("measured", "m", "measured by this project (below)", any(v["s"].measured for v in rated))) if shown]
    facts = facts_view(site, fw, notes, links)
    statements = site.statements(fw.id)
    suited = [{"text": s.summary, "cite": notes.cite(s.source, s.locator)}
              for s in statements if s.topic == "best-suited-for" and not s.refuted]
    return render(
        "framework.html",
        fw=fw,
        banner=banner,
        rated=rated,
        unrated=unrated,
        no_source=no_source,
        measured=measured,
        measured_runs=measured_runs,
        inference=inference.framework_section(site, fw.id, links),
        measured_cite=notes.cite(measured_runs["m"].id) if measured_runs else None,
        # The verdict on an attribute points to the measured figures behind it (listed once, above).
        verdict_measured={v["id"]: {"count": len(v["s"].measured), "cite": Markup("").join(
            notes.cite(source) for source in dict.fromkeys(m.source for m in v["s"].measured))}
            for v in verdicts if v["s"].measured},
        marks_shown=marks_shown,
        facts=facts,
        purl=fw.purl,
        capabilities=capabilities.capability_rows(site, fw, links, notes.cite),
        capability_matrix=links.page("capabilities/"),
        indicators=indicators_view(site, fw, notes),
        verdicts=verdicts,
        suited=suited,
        statements=len(statements),
        myths=myths.refuted_count(site, fw.id),
        myths_href=links.page("myths/") + f"#myths-{fw.id}",
        statements_evidence=evidence_path(STATEMENTS_EVIDENCE),
        notes=notes,
        links=links,
        feed=links.page(f"feeds/{fw.id}.xml"),
        data_date=str(site.data_date),
        stale_days=site.stale_after_days,
    )


def evidence_fragments(site: SiteData, framework_id: str, links: Links) -> dict[str, str]:
    """The claims behind each verdict, and the other statements, as HTML fragments the framework page
    loads when a reader opens them: {path relative to the framework page: HTML}. `links` are the
    framework page's, since the fragments are shown inside it."""
    fw = site.data.frameworks[framework_id]
    cites = SourceLinks(site, links)
    fragments = {}
    for attribute in site.attributes:
        verdict = fw.verdicts.get(attribute.id)
        ratings = site.ratings(fw.id, attribute.id)
        comparisons = [c for c in site.comparisons(fw.id) if c.attribute == attribute.id]
        if ratings or comparisons:
            fragments[evidence_path(attribute.id)] = render(
                "evidence.html",
                claims=[claim_view(site, c, cites, links, verdict) for c in ratings],
                comparisons=[claim_view(site, c, cites, links, verdict) for c in comparisons],
            )
    statements = site.statements(fw.id)
    if statements:
        fragments[evidence_path(STATEMENTS_EVIDENCE)] = render(
            "evidence.html", claims=[claim_view(site, c, cites, links) for c in statements], comparisons=[])
    return fragments

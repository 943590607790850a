"""Every contradiction in the data and how it is resolved."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from macros.model.disputes import Dispute
from macros.model.measured import Confrontation, MeasuredComparison, ms_text, ratio_text, workload_name
from macros.views.common import Footnotes, Links, framework_name, level_label, render, with_source_titles
from macros.views.framework import claim_view
from macros.views.rubrics import derivation_view
from macros.views.site_data import SiteData


def section_key(site: SiteData, dispute: Dispute) -> tuple[str, tuple[str, ...]]:
    """The subject a disagreement belongs to: its attribute and the set of frameworks it is about
    (Keras and PyTorch on performance is one subject, whichever framework a claim names first)."""
    frameworks = {fw for fw in (dispute.framework, dispute.other) if fw}
    return dispute.attribute, tuple(sorted(frameworks, key=lambda f: framework_name(site, f).casefold()))


def section_id(key: tuple[str, tuple[str, ...]]) -> str:
    return "--".join((key[0], *key[1]))


def disagreements_page(site: SiteData, links: Links) -> str:
    """One section per attribute and set of frameworks (Keras and PyTorch on performance is one section,
    whichever framework a claim names first), grouped by attribute, with a table of contents."""
    notes = Footnotes(site, links)
    sections: dict[tuple[str, tuple[str, ...]], dict[str, Any]] = {}
    for number, d in enumerate(site.disputes, 1):
        attribute = site.data.attributes.get(d.attribute)
        key = section_key(site, d)
        section = sections.setdefault(key, {
            "id": section_id(key),
            "framework_ids": " ".join(key[1]),
            "frameworks": " and ".join(framework_name(site, fw) for fw in key[1]),
            "attribute": attribute.name if attribute else d.attribute,
            "items": []})
        section["items"].append({
            "anchor": f"dispute-{number}",
            "kind": d.kind,
            "href": links.framework(d.framework, f"attr-{d.attribute}"),
            "verdict_of": framework_name(site, d.framework),
            "verdict": level_label(site, d.attribute, d.verdict.level) if d.verdict else None,
            # No level stands: the attribute is unrated, and its reason says why.
            "declined": site.data.frameworks[d.framework].unrated[d.attribute].why
            if not d.verdict and d.framework in site.data.frameworks
            and d.attribute in site.data.frameworks[d.framework].unrated else None,
            "rationale": with_source_titles(d.verdict.rationale, site, links) if d.verdict else None,
            "resolved": d.resolved,
            "claims": [claim_view(site, c, notes, links, d.verdict) for c in d.claims],
            "derivation": derivation_view(site, d.derivation, notes) if d.derivation else None,
            "rubric_because": d.verdict.rubric_override.because
            if d.verdict and d.verdict.rubric_override else None,
            "measured": [measured_text(site, m, notes) for m in d.measured],
        })
    order = {a.id: i for i, a in enumerate(site.attributes)}
    groups: list[dict[str, Any]] = []
    for (attribute_id, _), section in sorted(sections.items(), key=lambda kv: (order.get(kv[0][0], len(order)), kv[0][0], kv[1]["frameworks"].casefold())):
        if not groups or groups[-1]["attribute_id"] != attribute_id:
            groups.append({"attribute_id": attribute_id, "name": section["attribute"], "id": f"attribute-{attribute_id}", "sections": []})
        groups[-1]["sections"].append(section)
    anchors = {c.ref: f"dispute-{i}" for i, d in enumerate(site.disputes, 1) for c in d.claims}
    involved = sorted({fw for key in sections for fw in key[1]}, key=lambda f: framework_name(site, f).casefold())
    return render("disagreements.html", groups=groups, count=len(site.disputes), notes=notes,
                  filter_choices=[{"id": fw, "name": framework_name(site, fw)} for fw in involved],
                  pairs=confronted_pairs(site, notes, links, anchors),
                  benchmarks=links.page("benchmarks/"), method=links.page("methodology/") + "#measured-comparisons")


def measured_text(site: SiteData, m: MeasuredComparison, notes: Footnotes) -> Markup:
    """"Keras (keras-jax) 1.9x as fast as PyTorch (torch-compile): MLP training step, compiled, 0.52 ms against 0.99 ms"."""
    workload = next((workload_name(w) for x in site.measurements for w in x.workloads if w["id"] == m.workload), m.workload)
    text = (f"{framework_name(site, m.framework)} ({m.adapter}) {ratio_text(m.speed_ratio)} as fast as "
            f"{framework_name(site, m.than)} ({m.than_adapter}): {workload} training step, {m.execution}, "
            f"{ms_text(m.step.median)} ms against {ms_text(m.than_step.median)} ms")
    return Markup("{}{}").format(text, notes.cite(m.measurement))


STATUS_TEXT = {
    "supported": "our figures support it",
    "contradicted": "our figures contradict it",
    "mixed": "our figures are mixed: some workloads or modes one way, some the other",
    "not-settled": "not settled by our figures: no clear difference on some or all workloads",
    "qualified": "about another setup (its stated conditions)",
    "not-measured": "not measured",
}

# For a claim about another setup: what our figures would say of the same pair in general.
OURS_TEXT = {
    "supported": "on our setup, our figures point the same way",
    "contradicted": "on our setup, our figures point the other way",
    "mixed": "on our setup, our figures differ by workload and mode",
    "not-settled": "on our setup, our figures show no clear difference on some workloads",
}

SPEED_PHRASE = {"lower": "slower than", "higher": "faster than", "similar": "about as fast as"}


def speed_claim_text(site: SiteData, claim: Any) -> str:
    """"Keras slower than PyTorch": a speed comparison in reader words."""
    return f"{framework_name(site, claim.framework)} {SPEED_PHRASE[claim.relation]} {framework_name(site, claim.than)}"


FAMILY_TEXT = {"supported": "supports it", "contradicted": "contradicts it", "mixed": "mixed",
               "not-settled": "not settled"}


def families_text(site: SiteData, families: Any) -> str:
    """Each execution family's reading, "eager: supports it; compiled: mixed"; where the readings come
    from runs on more than one machine, grouped by machine, so no reading stands without its machine."""
    by_run: dict[str, list[str]] = {}
    for (run_id, family), found in families:
        by_run.setdefault(run_id, []).append(f"{family}: {FAMILY_TEXT[found]}")
    if len(by_run) == 1:
        return "; ".join(next(iter(by_run.values())))
    runs = {m.id: m for m in site.measurements}

    def machine(run_id: str) -> str:
        run = runs.get(run_id)
        return str(run.machine.get("cpu_model") or run.identity) if run else run_id

    return "; ".join(f"on {machine(run_id)} (run {run_id}): {', '.join(readings)}"
                     for run_id, readings in by_run.items())


def measurement_scope(site: SiteData, measurement_ids: list[str]) -> str:
    """Which figures a reading rests on, in reader words: model sizes, threads, the machine."""
    parts = []
    for run in site.measurements:
        if run.id not in measurement_ids:
            continue
        sizes = [int(w["parameters"]) for w in run.workloads if isinstance(w.get("parameters"), int)]
        size = f"models of {min(sizes):,} to {max(sizes):,} parameters" if sizes else "small models"
        threads = run.protocol.get("threads")
        where = f"{threads} CPU thread{'s' if threads != 1 else ''}" if isinstance(threads, int) else "CPU"
        device = str(run.machine.get("device", "cpu"))
        if device != "cpu":
            where = device.upper()
        machine = str(run.machine.get("identity") or run.machine.get("cpu_model", "an unrecorded CPU"))
        contributed = f", {run.contributed_note}" if run.contributed_note else ""
        parts.append(f"training steps of {size} on {where}, {machine} (run {run.id}{contributed})")
    return "; ".join(parts)


def confronted_pairs(site: SiteData, notes: Footnotes, links: Links, anchors: dict[str, str]) -> list[dict[str, Any]]:
    """The speed claims grouped by the two frameworks they compare, each pair's measurements listed once
    (seen from the first framework in alphabetical order), then every claim with what they say about it."""
    pairs: dict[tuple[str, str], list[Confrontation]] = {}
    for c in site.speed_claims:
        pairs.setdefault(tuple(sorted(c.claim.frameworks)), []).append(c)  # type: ignore[arg-type]
    views = []
    for (a, b), confrontations in sorted(pairs.items()):
        views.append({
            "title": f"{framework_name(site, a)} and {framework_name(site, b)}",
            "measured": [measured_text(site, m, notes) for m in site.measured_between(a, b)],
            "scope": measurement_scope(site, sorted({m.measurement for m in site.measured_between(a, b)})),
            "claims": [confrontation_view(site, c, links, anchors.get(c.claim.ref)) for c in confrontations],
            "reasons": confrontation_view(site, confrontations[0], links, None)["reasons"],
        })
    return views


def confrontation_view(site: SiteData, c: Confrontation, links: Links, anchor: str | None) -> dict[str, Any]:
    claim = c.claim
    source = site.data.sources.get(claim.source)
    verdicts = [v for v in (site.data.frameworks[fw].verdicts.get(claim.attribute) for fw in claim.frameworks
                            if fw in site.data.frameworks) if v is not None]
    if claim.refuted:
        resolution = f"refuted ({claim.refuted.kind})"
    elif any(v.overrides_claim(claim.ref) for v in verdicts):
        resolution = "set aside by a verdict"
    else:
        resolution = None
    reasons = []
    for fw in c.unmeasured:
        reason = next((n.reason for m in site.measurements for n in m.not_measured if n.framework == fw), None)
        failed = next((f"{f.adapter} failed ({f.stage})" for m in site.measurements for f in m.failures
                       if f.framework == fw), None)
        reasons.append(f"{framework_name(site, fw)}: {(reason or failed or 'no measurement yet').rstrip('.')}")
    return {
        "claim": speed_claim_text(site, claim),
        "wording": claim.wording,
        "source": source.title if source else claim.source,
        "source_href": links.source(claim.source),
        "as_of": str(claim.as_of) if claim.as_of else "undated",
        "status": c.status,
        "status_text": STATUS_TEXT[c.status] + (f"; {OURS_TEXT[c.ours]}" if c.ours else ""),
        # family by family, e.g. "eager: supports it; compiled: mixed"
        "families": families_text(site, c.families)
        if c.status not in ("not-measured",) and len(c.families) > 1 else "",
        "scope": measurement_scope(site, sorted({m.measurement for m in c.measured})),
        "reasons": reasons,
        # The setup the claim speaks of; its full conditions are with the claim on the framework pages.
        "conditions": "; ".join(f"{k}: {v}" for k, v in claim.conditions.items() if k in ("hardware", "software")),
        "resolution": resolution,
        "anchor": anchor,
    }


def disputes_summary(site: SiteData, links: Links) -> str:
    """The home page's list: one entry per subject of the disagreements page (Keras's community once,
    with all its claims), linking to that section."""
    subjects: dict[tuple[str, tuple[str, ...]], dict[str, Any]] = {}
    for d in site.disputes:
        key = section_key(site, d)
        attribute = site.data.attributes.get(d.attribute)
        item = subjects.setdefault(key, {
            "framework": " and ".join(framework_name(site, fw) for fw in key[1]),
            "attribute": attribute.name if attribute else d.attribute,
            "href": links.page("disagreements/") + "#" + section_id(key), "claims": 0, "rubric": False})
        if d.kind == "rubric":
            item["rubric"] = True
        else:
            item["claims"] += len(d.claims)
    return render("disputes_summary.html", count=len(site.disputes), href=links.page("disagreements/"),
                  items=list(subjects.values()))

"""'A vs B': two frameworks side by side, differences highlighted, the claims that compare them."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from macros.model.types import Framework
from macros.model.measured import THRESHOLD, ms_text, ratio_text, workload_name
from macros.views.common import FACT_LABELS, Footnotes, Links, current_fact_text, level_label, render
from macros.views.disagreements import OURS_TEXT, STATUS_TEXT, families_text, measurement_scope, speed_claim_text
from macros.views import inference
from macros.views.framework import claim_view
from macros.views.site_data import SiteData


RELATION_WORDS = {"higher": "faster", "lower": "slower", "similar": "similar"}


def measured_rows(site: SiteData, a: str, b: str, notes: Footnotes) -> list[dict[str, Any]]:
    """The two frameworks' measured training steps side by side, per workload and execution family."""
    workloads = {str(w["id"]): workload_name(w) for m in site.measurements for w in m.workloads}
    return [
        {
            "workload": workloads.get(c.workload, c.workload),
            "execution": c.execution,
            "a": f"{ms_text(c.step.median)} ms ({c.adapter})",
            "b": f"{ms_text(c.than_step.median)} ms ({c.than_adapter})",
            "ratio": ratio_text(c.speed_ratio),
            "relation": RELATION_WORDS[c.relation] if c.relation != "similar" or c.clearly_apart
            or 1 / THRESHOLD < c.speed_ratio < THRESHOLD else "not clearly apart (the ratio's interval straddles 1)",
            "cite": notes.cite(c.measurement),
        }
        for c in site.measured_between(a, b)
    ]


def speed_readings(site: SiteData, a: str, b: str, links: Links) -> list[dict[str, Any]]:
    """Each source's speed comparison of the two, with what our figures say of it (the rule of
    macros/model/measured.py: contradicted only when every comparable comparison opposes it)."""
    readings = []
    for c in site.speed_claims:
        if set(c.claim.frameworks) != {a, b}:
            continue
        source = site.data.sources.get(c.claim.source)
        families = families_text(site, c.families)
        readings.append({
            "claim": speed_claim_text(site, c.claim),
            "wording": c.claim.wording,
            "source": source.title if source else c.claim.source,
            "source_href": links.source(c.claim.source),
            "status": c.status,
            "reading": STATUS_TEXT[c.status] + (f"; {OURS_TEXT[c.ours]}" if c.ours else ""),
            "families": families if len(c.families) > 1 else "",
        })
    return readings


def pair_answer(site: SiteData, a_id: str, b_id: str) -> dict[str, Any]:
    """The page's answer in a few sentences, generated from the data: where the verdicts differ,
    what this project measured (with its scope), and what is not known."""
    a, b = site.data.frameworks[a_id], site.data.frameworks[b_id]
    higher: dict[str, list[str]] = {a_id: [], b_id: []}
    alike: list[str] = []
    # Attributes that cannot be compared, by who lacks a rating: only the first, only the second, both.
    unrated: dict[str, list[str]] = {a_id: [], b_id: [], "both": []}
    for attribute in site.attributes:
        va, vb = a.verdicts.get(attribute.id), b.verdicts.get(attribute.id)
        if va is None or vb is None:
            unrated["both" if va is None and vb is None else a_id if va is None else b_id].append(attribute.name.lower())
            continue
        ra, rb = attribute.rank(va.level), attribute.rank(vb.level)
        if ra is None or rb is None or ra == rb:
            alike.append(attribute.name.lower())
        else:
            higher[a_id if ra > rb else b_id].append(attribute.name.lower())
    ratings = []
    for fw in (a, b):
        if higher[fw.id]:
            ratings.append(f"{fw.name} is rated higher on {_and(higher[fw.id])}")
    if alike:
        ratings.append(f"the two are rated alike on {_and(alike)}")
    measured = site.measured_between(a_id, b_id)
    faster = {a_id: sum(1 for c in measured if c.relation == "higher"),
              b_id: sum(1 for c in measured if c.relation == "lower")}
    apart = len(measured) - faster[a_id] - faster[b_id]
    speed = None
    if measured:
        parts = [f"{fw.name} faster in {faster[fw.id]}" for fw in (a, b) if faster[fw.id]]
        if apart:
            parts.append(f"no clear difference in {apart}")
        contributed = {c.measurement for c in measured} & {m.id for m in site.measurements if m.contributed_by}
        speed = (f"Measured{'' if contributed else ' by this project'} on {len(measured)} training comparison{'s' if len(measured) != 1 else ''} "
                 f"(eager against eager, compiled against compiled): {_and(parts)}")
    return {
        "ratings": _sentence(_and(ratings)) if ratings else None,
        "unrated": _unrated_text(unrated, a, b),
        "speed": speed,
        "scope": measurement_scope(site, sorted({c.measurement for c in measured})) if measured else None,
    }


def _unrated_text(unrated: dict[str, list[str]], a: Framework, b: Framework) -> str | None:
    """"ease of use and debugging (JAX not rated) and ecosystem (neither rated)": what cannot be compared, and why."""
    parts = [f"{_and(unrated[fw.id])} ({fw.name} not rated)" for fw in (a, b) if unrated[fw.id]]
    if unrated["both"]:
        parts.append(f"{_and(unrated['both'])} (neither rated)")
    return _and(parts) if parts else None


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def pair_page(site: SiteData, a_id: str, b_id: str, links: Links) -> str:
    a, b = site.data.frameworks[a_id], site.data.frameworks[b_id]
    notes = Footnotes(site, links)
    facts: list[dict[str, Any]] = []
    for fact, label in FACT_LABELS.items():
        ta, tb = current_fact_text(a, fact, site), current_fact_text(b, fact, site)
        if ta is None and tb is None:
            continue
        facts.append({
            "label": label, "a": ta or "not sourced", "b": tb or "not sourced", "differs": ta != tb,
            "cite_a": Markup("").join(notes.cite(e.source, e.locator) for e in a.current_entries(fact)),
            "cite_b": Markup("").join(notes.cite(e.source, e.locator) for e in b.current_entries(fact)),
        })
    ratings = []
    for attribute in site.attributes:
        va, vb = a.verdicts.get(attribute.id), b.verdicts.get(attribute.id)
        if va is None and vb is None:
            continue
        la = level_label(site, attribute.id, va.level) if va else "not rated yet"
        lb = level_label(site, attribute.id, vb.level) if vb else "not rated yet"
        ratings.append({
            "name": attribute.name, "a": la, "b": lb, "differs": la != lb,
            "href_a": links.framework(a.id, f"attr-{attribute.id}"),
            "href_b": links.framework(b.id, f"attr-{attribute.id}"),
        })
    comparisons = [
        claim_view(site, c, notes, links, a.verdicts.get(c.attribute) or b.verdicts.get(c.attribute))
        for c in site.comparisons(a.id)
        if {c.framework, c.than} == {a.id, b.id}
    ]
    measured = measured_rows(site, a.id, b.id, notes)
    scope = measurement_scope(site, sorted({c.measurement for c in site.measured_between(a.id, b.id)}))
    return render(
        "pair.html", answer=pair_answer(site, a_id, b_id), a=a, b=b, facts=facts, ratings=ratings, comparisons=comparisons, notes=notes,
        measured=measured, scope=scope, inference=inference.pair_section(site, a.id, b.id, links), speed_claims=speed_readings(site, a.id, b.id, links),
        disagreements=links.page("disagreements/") + "#measured", benchmarks=links.page("benchmarks/"), threshold=ratio_text(THRESHOLD),
        href_a=links.framework(a.id), href_b=links.framework(b.id), compare=links.page("compare/"),
    )

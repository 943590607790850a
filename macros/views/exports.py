"""Machine-readable exports written by the build: JSON per framework and for all, and the matrix as CSV."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from macros.model.capability_kinds import KINDS as CAPABILITY_KINDS
from macros.model.rubrics import Derivation
from macros.model.types import Claim, ComparisonClaim, FactEntry, Framework, RatingClaim, Statement
from macros.views import inference
from macros.views.capabilities import capabilities_json
from macros.views.common import current_fact_text, level_label
from macros.views.site_data import SiteData


def _date(value: object) -> str | None:
    return None if value is None else str(value)


def _fact(entry: FactEntry) -> dict[str, Any]:
    out: dict[str, Any] = {
        "value": list(entry.value) if isinstance(entry.value, tuple) else entry.value,
        "source": entry.source,
        "as_of": str(entry.as_of),
    }
    for key, value in (("locator", entry.locator), ("from", _date(entry.since)), ("until", _date(entry.until)),
                       ("note", entry.note), ("method", entry.method), ("package", entry.package)):
        if value is not None:
            out[key] = value
    if entry.successors:
        out["successors"] = list(entry.successors)
    return out


def _derivation(derivation: Derivation) -> dict[str, Any]:
    """What an attribute's rubric derives for a framework, and the indicator values behind it."""
    return {
        "level": derivation.level,
        "readings": [{"fact": r.indicator.fact, "measured": r.measured, "level": r.level} for r in derivation.readings],
        "missing": list(derivation.missing),
    }


def claim_json(claim: Claim) -> dict[str, Any]:
    out: dict[str, Any] = {"claim": claim.ref, "source": claim.source, "framework": claim.framework,
                           "locator": claim.locator, "as_of": _date(claim.as_of)}
    if isinstance(claim, RatingClaim):
        out.update(kind="rating", attribute=claim.attribute, wording=claim.wording, level=claim.level)
    elif isinstance(claim, ComparisonClaim):
        out.update(kind="comparison", attribute=claim.attribute, relation=claim.relation, than=claim.than,
                   wording=claim.wording)
    elif isinstance(claim, Statement):
        out.update(kind="statement", topic=claim.topic, summary=claim.summary, wording=claim.wording)
    if claim.conditions:
        out["conditions"] = dict(claim.conditions)
    if claim.refuted:
        out["refuted"] = {"kind": claim.refuted.kind, "by": list(claim.refuted.by), "because": claim.refuted.because}
    return out


def framework_json(site: SiteData, fw: Framework) -> dict[str, Any]:
    verdicts = {}
    for attribute in site.attributes:
        verdict = fw.verdicts.get(attribute.id)
        if verdict:
            verdicts[attribute.id] = {
                "level": verdict.level,
                "label": level_label(site, attribute.id, verdict.level),
                "rank": attribute.rank(verdict.level),
                "rationale": verdict.rationale,
                "disputed": (fw.id, attribute.id) in site.disputed,
                "stale": site.verdict_summary(fw, attribute).stale,
                "overrides": [o.as_json() for o in verdict.overrides],
            }
    return {
        "id": fw.id,
        "name": fw.name,
        "summary": fw.summary,
        "status": site.status(fw),
        # The main package as a package URL (pkg:pypi/torch), null where none is declared.
        "purl": fw.purl,
        "url": f"frameworks/{fw.id}/",
        "facts": {fact: [_fact(e) for e in entries] for fact, entries in fw.facts.items()},
        # What holds now, every current entry merged: readers of the export need no date logic.
        "current": {fact: list(fw.current_values(fact)) for fact in fw.facts if fw.current_entries(fact)},
        # The same in reader words ("Apple silicon", not "apple-silicon"), with the sources of the
        # entries that hold now, so that the compare page can label and cite every cell.
        "current_text": {fact: text for fact in fw.facts if (text := current_fact_text(fw, fact, site)) is not None},
        "current_sources": {fact: list(dict.fromkeys(e.source for e in fw.current_entries(fact)))
                            for fact in fw.facts if fw.current_entries(fact)},
        # Capability kinds in reader words with their state: known (items, sources), unknown or not applicable (why).
        "capabilities": capabilities_json(fw),
        "verdicts": verdicts,
        # Attributes no source rates: what was searched and when (never also in verdicts).
        "unrated": {a: {"why": u.why, "as_of": str(u.as_of)} for a, u in fw.unrated.items()},
        "rubrics": {attribute: _derivation(d) for (fw_id, attribute), d in site.data.derivations.items()
                    if fw_id == fw.id},
        "claims": [claim_json(c) for c in site.claims_about.get(fw.id, [])],
        # This project's measured figures, by attribute, each with the measurement that is its source.
        "measured": {a.id: [{"text": m.text, "source": m.source} for m in figures]
                     for a in site.attributes if (figures := site.measured_figures(fw.id, a.id))},
        # The same steps as numbers, so that a reader (and the compare page) can set frameworks side by side.
        "measured_steps": [{"workload": s.workload, "workload_name": s.workload_name, "mode": s.mode,
                            "median_ms": s.median_seconds * 1000, "median_text": s.median_text, "source": s.source,
                            "contributed": s.contributed}
                           for s in site.measured_steps(fw.id)],
        # Its inference runtimes measured on models of realistic size (data/inference/), as numbers with
        # their scope (run, machine identity, threads, parameters); present only where there are some.
        **({"inference_measured": figures} if (figures := inference.export(site, fw.id)) else {}),
    }


def dumps(value: Any) -> str:
    # Compact: the compare page downloads frameworks.json, and without `indent` Python encodes in C
    # (indented, the exports took 12 ms of every build; now 2). Pretty-print with `jq .` to read.
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def all_frameworks_json(site: SiteData) -> str:
    return dumps({
        "data_date": str(site.data_date),
        "attributes": [
            {"id": a.id, "name": a.name, "description": a.description,
             "levels": [{"id": lv.id, "label": lv.label, "rank": lv.rank} for lv in (a.scale.levels if a.scale else ())]}
            for a in site.attributes
        ],
        "sources": {s.id: {"title": s.title, "kind": s.kind, "publisher": s.publisher, "url": s.url,
                           "published": _date(s.published)} for s in site.data.sources.values()},
        # The capability kinds in reading order with their reader names (each framework's `capabilities`).
        "capability_kinds": [{"id": k.id, "label": k.label} for k in CAPABILITY_KINDS],
        "frameworks": [framework_json(site, fw) for fw in site.frameworks],
    })


# A spreadsheet reads a cell as a formula when it starts with one of these, also after leading
# spaces, tabs, line breaks or other control characters, which some programs skip.
_FORMULA_START = frozenset("=+-@\t\r\n")


def _cell(text: str) -> str:
    """Keep spreadsheet programs from reading a cell as a formula: prefix a quote to any cell whose
    first character that is not a space or control character starts a formula, or that starts with
    a tab or line break itself."""
    start = text.lstrip("".join(chr(c) for c in range(0x21)) + "\x7f\xa0\u3000")
    return "'" + text if text[:1] in _FORMULA_START or start[:1] in _FORMULA_START else text


def matrix_csv(site: SiteData) -> str:
    """The matrix as RFC 4180 CSV: every field quoted, CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(["framework", "name", "status", "purl", *[a.id for a in site.attributes]])
    for fw in site.frameworks:
        levels = [fw.verdicts[a.id].level if a.id in fw.verdicts else "" for a in site.attributes]
        writer.writerow([_cell(str(value)) for value in (fw.id, fw.name, site.status(fw), fw.purl or "", *levels)])
    return buffer.getvalue()

"""Capabilities as facts (issue 18): per framework and capability kind, what holds now in reader
words, each with its sources and date; unknown shown as unknown (with why), never as "no"; kinds that
do not apply read "not applicable". Used by the capability matrix, framework pages, the exports and
the guide."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from macros.model.capability_kinds import KINDS, item_label
from macros.model.types import Framework
from macros.views import inference
from macros.views.common import Links, render
from macros.views.matrix import reading_order
from macros.views.site_data import SiteData

KNOWN, UNKNOWN, NOT_APPLICABLE = "known", "unknown", "not-applicable"


@dataclass(frozen=True)
class CapabilityCell:
    kind: str
    state: str  # known | unknown | not-applicable
    items: tuple[dict[str, Any], ...] = ()  # the current items, merged over the entries that hold now
    labels: tuple[str, ...] = ()
    complete: bool = False  # a source lists every supported value: an absent one reads "no"
    sources: tuple[str, ...] = ()
    as_of: str = ""
    reason: str = ""  # why unknown or not applicable


def capability_cell(fw: Framework, kind: str) -> CapabilityCell:
    entries = fw.current_entries(kind)
    if entries:
        items = tuple(dict(item) for item in fw.current_values(kind))
        return CapabilityCell(kind, KNOWN, items, tuple(item_label(kind, i) for i in items),
                              any(e.complete for e in entries), tuple(dict.fromkeys(e.source for e in entries)),
                              max(str(e.as_of) for e in entries))
    gap = fw.capability_gaps.get(kind)
    if gap is not None:
        return CapabilityCell(kind, NOT_APPLICABLE if gap.kind == "not_applicable" else UNKNOWN,
                              as_of=str(gap.as_of), reason=gap.reason)
    return CapabilityCell(kind, UNKNOWN, reason="Not yet recorded.")


def framework_kind(fw: Framework) -> str:
    """Which kind of framework, for the matrix filter: the file's `kind` where it gives one (ONNX Runtime
    is a runtime though a separate package trains; Keras a high-level API though it names backends, not
    built_on). Otherwise inferred: an inference runtime trains nothing (its autodiff is none or not
    applicable), a high-level API is built on another framework."""
    if fw.kind is not None:
        return fw.kind
    autodiff = capability_cell(fw, "autodiff")
    if autodiff.state == NOT_APPLICABLE or (autodiff.state == KNOWN and {i.get("mode") for i in autodiff.items} == {"none"}):
        return "runtime"
    if fw.current_values("built_on"):
        return "high-level"
    return "training"


FRAMEWORK_KINDS = {"training": "training frameworks", "high-level": "high-level APIs",
                   "runtime": "inference and deployment runtimes"}


def capabilities_json(fw: Framework) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for kind in KINDS:
        cell = capability_cell(fw, kind.id)
        out[kind.id] = {"state": cell.state, "items": list(cell.items), "labels": list(cell.labels),
                        "complete": cell.complete, "sources": list(cell.sources), "as_of": cell.as_of,
                        "reason": cell.reason}
    return out


def capability_rows(site: SiteData, fw: Framework, links: Links, cite: Any) -> list[dict[str, Any]]:
    """A framework page's capabilities section: one row per kind."""
    rows = []
    for kind in KINDS:
        cell = capability_cell(fw, kind.id)
        rows.append({"id": kind.id, "anchor": f"capability-{kind.id}", "label": kind.label, "cell": cell,
                     "cites": [cite(s) for s in cell.sources if s in site.data.sources],
                     # A model format a measured runtime of this framework loads: the path measured.
                     "measured": inference.format_links(site, fw.id, kind.id, cell.items, links)
                     if cell.state == KNOWN else []})
    return rows


def capability_matrix(site: SiteData, links: Links) -> str:
    rows = []
    for fw in reading_order(site):
        cells = []
        for kind in KINDS:
            cell = capability_cell(fw, kind.id)
            cells.append({"cell": cell, "href": links.framework(fw.id, f"capability-{kind.id}"),
                          "source": site.data.sources[cell.sources[0]].title if cell.sources and cell.sources[0] in site.data.sources else ""})
        rows.append({"fw": fw, "href": links.framework(fw.id), "status": site.status(fw), "kind": framework_kind(fw),
                     "cells": cells})
    return render("capability_matrix.html", kinds=KINDS, rows=[r for r in rows if r["status"] != "discontinued"],
                  ended=[r for r in rows if r["status"] == "discontinued"], framework_kinds=FRAMEWORK_KINDS)

"""What changed: the dated entries of the data as a list of changes, newest first.

The feeds (feeds.py) and the "What changed" page show the same changes. Every date comes from the
data itself (no clock, no git), so the same data always gives the same feeds:

- a fact entry with `from`: the value took effect then (PyTorch moved to its foundation in 2022);
- the latest version that holds now, dated by `from`, else by the day it was checked (a status is news
  only when it changed, with `from`: "active" re-checked is no change);
- the claims one source makes about one framework, dated by the claims' date;
- each verdict, dated by the newest claim it rests on (verdicts carry no date of their own);
- each measurement that trained or tried a framework, dated by the run (`measurement_changes`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

from macros.model.disputes import supporting_claims
from macros.model.measured import MEASURED_ATTRIBUTE
from macros.model.types import Framework, PartialDate
from macros.views.common import FACT_LABELS, Links, fact_text, level_label, period, render
from macros.views.site_data import SiteData

# Facts whose current value is news even without a `from` (a reader follows a framework for them).
FOLLOWED_FACTS = ("latest_version",)
SITE_FEED_LENGTH = 60


@dataclass(frozen=True)
class Change:
    key: str  # stable and unique: the feed entry's id is built from it
    date: PartialDate  # as precise as the data gives it
    framework: str | None
    title: str  # plain text
    summary: str  # plain text
    path: str  # where the evidence is, from the site root ("frameworks/keras/#facts")

    @property
    def day(self) -> dt.date:
        """The first day the date may mean: a change 'in 2017' is dated 2017-01-01."""
        return self.date.earliest


def _fact_changes(site: SiteData, fw: Framework) -> Iterable[Change]:
    for fact, entries in fw.facts.items():
        label = FACT_LABELS.get(fact, fact)
        for entry in entries:
            followed = fact in FOLLOWED_FACTS and entry.until is None
            if entry.since is None and not followed:
                continue
            text = fact_text(entry, site)
            when = period(entry) or f"checked {entry.as_of}"
            yield Change(
                # The source is part of the key: two sources for one value and date are two entries.
                key=f"fact/{fw.id}/{fact}/{text}/{entry.since or entry.as_of}/{entry.source}",
                date=entry.since or entry.as_of,
                framework=fw.id,
                title=f"{fw.name}: {label.lower()} {text}",
                summary=f"{label}: {text} ({when})." + (f" {entry.note}" if entry.note else ""),
                path=f"frameworks/{fw.id}/#facts",
            )


def _claim_changes(site: SiteData, fw: Framework) -> Iterable[Change]:
    by_source: dict[str, list] = {}
    for claim in site.claims_about.get(fw.id, []):
        if claim.framework == fw.id and claim.as_of is not None:
            by_source.setdefault(claim.source, []).append(claim)
    for source_id, claims in by_source.items():
        source = site.data.sources.get(source_id)
        title = source.title if source else source_id
        newest = max((c.as_of for c in claims), key=lambda d: d.latest)
        refuted = sum(1 for c in claims if c.refuted)
        yield Change(
            key=f"claims/{fw.id}/{source_id}",
            date=newest,
            framework=fw.id,
            title=f"{fw.name}: {len(claims)} claim{'' if len(claims) == 1 else 's'} by {title}",
            summary=f"{title} ({source.kind.replace('-', ' ') if source else 'source'}) makes {len(claims)} "
                    f"claim{'' if len(claims) == 1 else 's'} about {fw.name}"
                    + (f", {refuted} of them refuted" if refuted else "") + ".",
            path=f"frameworks/{fw.id}/#evidence",
        )


def _verdict_changes(site: SiteData, fw: Framework) -> Iterable[Change]:
    for attribute in site.attributes:
        verdict = fw.verdicts.get(attribute.id)
        if verdict is None:
            continue
        dates = [c.as_of for c in supporting_claims(site.data, verdict) if c.as_of is not None]
        if not dates:
            continue
        newest = max(dates, key=lambda d: d.latest)
        level = level_label(site, attribute.id, verdict.level)
        yield Change(
            key=f"verdict/{fw.id}/{attribute.id}/{verdict.level}",
            date=newest,
            framework=fw.id,
            title=f"{fw.name}: {attribute.name.lower()} rated {level}",
            summary=f"Verdict {level} on {attribute.name.lower()}, resting on claims up to {newest}. "
                    f"{verdict.rationale}",
            path=f"frameworks/{fw.id}/#attr-{attribute.id}",
        )


def measurement_changes(site: SiteData, fw: Framework) -> Iterable[Change]:
    """Each run of this project's benchmark that measured a framework, or tried and failed."""
    for m in site.measurements:
        modes = [r.mode for r in m.results if r.framework == fw.id]
        failed = [f.adapter for f in m.failures if f.framework == fw.id]
        if not modes and not failed:
            continue
        figures = "; ".join(f.text for f in site.measured_figures(fw.id, MEASURED_ATTRIBUTE)
                            if f.source == m.id)
        yield Change(
            key=f"measurement/{fw.id}/{m.id}",
            date=m.measured,
            framework=fw.id,
            title=f"{fw.name}: measured by this project ({m.title})",
            summary=(f"Measured in {len(modes)} mode{'' if len(modes) == 1 else 's'} ({', '.join(modes)})"
                     if modes else "Not measured") + (f"; failed: {', '.join(failed)}" if failed else "")
                    + (f". {figures}." if figures else "."),
            path=f"frameworks/{fw.id}/#measured" if modes else f"benchmarks/#{m.id}",
        )


def inference_changes(site: SiteData, fw: Framework) -> Iterable[Change]:
    """Each inference run with a runtime of this framework (data/inference/)."""
    for run in site.inference_runs:
        runtimes = [r for r in run.runtimes if r.framework == fw.id]
        if not runtimes:
            continue
        measured = [r.title for r in runtimes if any(x.runtime == r.id for x in run.results)]
        titles = {r.id: r.title for r in runtimes}
        workloads = {w.id: w.title for w in run.workloads}
        failed = [f"{titles[f.runtime]} on {workloads.get(f.workload or '', 'every workload')} ({f.stage})"
                  for f in run.failures if f.runtime in titles]
        yield Change(
            key=f"inference/{fw.id}/{run.id}",
            date=run.measured,
            framework=fw.id,
            title=f"{fw.name}: inference measured by this project ({run.title})",
            summary=(f"Measured: {', '.join(measured)}" if measured else "No result")
                    + (f"; failed: {'; '.join(failed)}" if failed else "") + f". Machine: {run.identity}.",
            path=f"frameworks/{fw.id}/#inference",
        )


def changes(site: SiteData, framework: str | None = None) -> list[Change]:
    """Every change, or one framework's, newest first (ties by key, so the order never varies)."""
    frameworks = [site.data.frameworks[framework]] if framework else site.frameworks
    found = [change for fw in frameworks
             for source in (_fact_changes, _claim_changes, _verdict_changes, measurement_changes, inference_changes)
             for change in source(site, fw)]
    return _unique(sorted(found, key=lambda c: (-c.day.toordinal(), c.key)))


def _unique(changes: list[Change]) -> list[Change]:
    """Every key once (a feed entry's id is made from it): a key seen before gets a counter, in the
    sorted order, so ids stay unique and reproducible whatever the data holds."""
    seen: dict[str, int] = {}
    out = []
    for change in changes:
        count = seen.get(change.key, 0) + 1
        seen[change.key] = count
        out.append(change if count == 1 else replace(change, key=f"{change.key}~{count}"))
    return out


def changes_page(site: SiteData, links: Links) -> str:
    shown = changes(site)[:SITE_FEED_LENGTH]
    years: dict[int, list[dict[str, str]]] = {}
    for change in shown:
        years.setdefault(change.date.year, []).append(
            {"date": str(change.date), "title": change.title, "summary": change.summary,
             "href": links.page(change.path)})
    return render("changes.html", years=years, feed=links.page("feeds/all.xml"), calendar=links.page("feeds/calendar.ics"),
                  frameworks=[{"name": fw.name, "href": links.page(f"feeds/{fw.id}.xml")} for fw in site.frameworks],
                  total=len(shown))


def status_badge(site: SiteData, fw: Framework) -> dict[str, object]:
    """A shields.io endpoint badge (https://shields.io/badges/endpoint-badge) for the status."""
    status = site.status(fw)
    return {"schemaVersion": 1, "label": "status", "message": status,
            "color": {"active": "brightgreen", "maintenance": "yellow", "discontinued": "red"}.get(status, "lightgrey")}


def version_badge(site: SiteData, fw: Framework) -> dict[str, object]:
    """A shields.io endpoint badge for the latest version, as the data records it."""
    latest = fw.current("latest_version")
    return {"schemaVersion": 1, "label": "latest version", "message": str(latest.value) if latest else "not sourced",
            "color": "blue" if latest else "lightgrey"}

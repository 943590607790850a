"""What every view needs, computed once per build from a checked dataset.

Nothing here reads the clock: "today" for the site is the data's own date (the newest date any
fact, source or claim carries), so the same data always gives the same site.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from collections.abc import Mapping
from typing import Any

from macros.check.config import DEFAULT_STALE_AFTER_DAYS
from macros.load import ids
from macros.model.disputes import Dispute, find_disputes, newest_support
from macros.model.measured import (
    MEASURED_ATTRIBUTE,
    Confrontation,
    MeasuredComparison,
    Samples,
    fastest_per_family,
    measured_comparisons,
    ms_text,
    ratio_text,
    speed_claims,
    workload_name,
)
from macros.model.inference import InferenceRun
from macros.model.measurements import MeasurementRun, originals, replicates
from macros.model.types import (
    Attribute,
    Claim,
    ComparisonClaim,
    Dataset,
    Framework,
    RatingClaim,
    Statement,
    Unrated,
    Verdict,
)

# Static "A vs B" pages are capped so the build stays linear as frameworks grow; any other pair is
# one click away on the compare page, which reads the JSON export.
MAX_STATIC_PAIRS = 60


@dataclass(frozen=True)
class MeasuredFigure:
    """One measured figure shown beside a verdict: its text ("1.8x faster than eager, ResNet-50") and source."""

    text: str
    source: str


@dataclass(frozen=True)
class MeasuredStep:
    """A framework's fastest median training step on one workload, for readers that compare it
    with other frameworks themselves (the compare page)."""

    workload: str
    workload_name: str
    mode: str
    median_seconds: float
    median_text: str  # "0.36" (milliseconds), as every page writes it
    source: str
    contributed: str = ""  # "contributed by NAME, not re-run by this project" for a contributed run


# (framework, its fastest mode, training steps), fastest framework first.
Ranking = list[tuple[str, str, Samples]]


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


@dataclass(frozen=True)
class VerdictSummary:
    """One framework's standing on one attribute, as the matrix, the framework summary and the guide show it."""

    attribute: Attribute
    verdict: Verdict | None
    unrated: Unrated | None  # recorded: no source rates it (what was searched, when)
    label: str  # the level's label, "no source" when recorded unrated, else "not rated"
    rank: int | None  # None when not rated
    disputed: bool  # sources disagree (resolved or not)
    stale: bool  # the newest claim behind the verdict is older than the stale limit
    measured: tuple[MeasuredFigure, ...]



def figure_scope(run: MeasurementRun, workload: Mapping[str, Any]) -> str:
    """What a measured figure holds for, beside it: "118,282 parameters, 1 CPU thread, <machine>"."""
    parts = []
    if isinstance(workload.get("parameters"), int):
        parts.append(f"{workload['parameters']:,} parameters")
    device = str(run.machine.get("device", "cpu"))
    threads = run.protocol.get("threads")
    if device == "cpu":
        parts.append(f"{threads} CPU thread{'s' if threads != 1 else ''}" if isinstance(threads, int) else "CPU")
    else:
        parts.append(device.upper())
    parts.append(str(run.machine.get("identity") or run.machine.get("cpu_model") or "an unrecorded machine"))
    if run.contributed_note:
        parts.append(run.contributed_note)
    return ", ".join(parts)


@dataclass
class SiteData:
    data: Dataset
    stale_after_days: int = DEFAULT_STALE_AFTER_DAYS
    disputes: list[Dispute] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.disputes:
            self.disputes = find_disputes(self.data)

    @cached_property
    def frameworks(self) -> list[Framework]:
        return sorted(self.data.frameworks.values(), key=lambda f: f.name.casefold())

    @cached_property
    def attributes(self) -> list[Attribute]:
        return list(self.data.attributes.values())

    @cached_property
    def data_date(self) -> dt.date:
        """The newest full date in the data. A date known only to the year or month does not count:
        read as its last day, "2026" would put the data's date in the future."""
        known = [e.as_of for f in self.data.frameworks.values() for es in f.facts.values() for e in es]
        known += [s.accessed for s in self.data.source_definitions if s.accessed]
        known += [c.as_of for c in self.data.claims if c.as_of]
        known += [run.measured for run in self.data.inference]
        days = [d.earliest for d in known if d.day is not None]
        return max(days) if days else dt.date(1970, 1, 1)

    def is_stale(self, day: dt.date) -> bool:
        return (self.data_date - day).days > self.stale_after_days

    @cached_property
    def claims_about(self) -> dict[str, list[Claim]]:
        about: dict[str, list[Claim]] = {f.id: [] for f in self.frameworks}
        for claim in self.data.claims:
            for fw in dict.fromkeys(claim.frameworks):
                about.setdefault(fw, []).append(claim)
        return about

    def ratings(self, framework: str, attribute: str) -> list[RatingClaim]:
        return self.data.ratings_by_subject.get((framework, attribute), [])

    def statements(self, framework: str) -> list[Statement]:
        return [c for c in self.claims_about.get(framework, []) if isinstance(c, Statement)]

    def comparisons(self, framework: str) -> list[ComparisonClaim]:
        return [c for c in self.claims_about.get(framework, []) if isinstance(c, ComparisonClaim)]

    @cached_property
    def disputed(self) -> set[tuple[str, str]]:
        """(framework, attribute) pairs whose claims disagree, resolved or not."""
        return {subject for d in self.disputes for subject in d.subjects}

    @cached_property
    def measurements(self) -> list[MeasurementRun]:
        """Newest first (the first of two with one id: duplicate-id reports the second)."""
        unique = {m.id: m for m in reversed(self.data.measurements)}
        shown = originals(unique.values())  # a replicate is shown with its run, not again on its own
        return sorted(shown, key=lambda m: (m.measured.earliest, m.id), reverse=True)

    @cached_property
    def replicates(self) -> dict[str, MeasurementRun]:
        """{run id: the replicate that repeats it}."""
        return replicates({m.id: m for m in reversed(self.data.measurements)}.values())

    @cached_property
    def inference_runs(self) -> list[InferenceRun]:
        """Inference runs (data/inference/), newest first (the first of two with one id)."""
        unique = {m.id: m for m in reversed(self.data.inference)}
        shown = originals(unique.values())  # a replicate is shown with its run, not again on its own
        return sorted(shown, key=lambda m: (m.measured.earliest, m.id), reverse=True)

    @cached_property
    def inference_replicates(self) -> dict[str, InferenceRun]:
        """{inference run id: the replicate that repeats it}."""
        return replicates({m.id: m for m in reversed(self.data.inference)}.values())

    @cached_property
    def measured_comparisons(self) -> list[MeasuredComparison]:
        return measured_comparisons(self.data)

    @cached_property
    def speed_claims(self) -> list[Confrontation]:
        """Every speed claim confronted with the measurements, computed once for all pages."""
        return speed_claims(self.data)

    def measured_between(self, framework: str, than: str) -> list[MeasuredComparison]:
        """Measured comparisons of two frameworks, seen from `framework`."""
        return [c.seen_from(framework) for c in self.measured_comparisons if {c.framework, c.than} == {framework, than}]

    def fastest_by_framework(self, m: MeasurementRun, workload: str) -> Ranking:
        """(framework, its fastest mode, training steps) for one workload, fastest framework first."""
        best: dict[str, tuple[str, str, Samples]] = {}
        for family in fastest_per_family(m, workload).values():
            for fw, (result, steps) in family.items():
                if fw not in best or steps.median < best[fw][2].median:
                    best[fw] = (fw, result.mode, steps)
        return sorted(best.values(), key=lambda b: (b[2].median, b[0]))

    @cached_property
    def rankings(self) -> dict[tuple[str, str], Ranking]:
        """fastest_by_framework for every (measurement id, workload id), computed once per build."""
        return {(m.id, str(w["id"])): self.fastest_by_framework(m, str(w["id"]))
                for m in self.measurements for w in m.workloads}

    def standings(self, framework: str) -> list[tuple[MeasurementRun, dict[str, Any], Ranking, int]]:
        """Per workload of the newest measurement that trained the framework: the run, the workload,
        the ranking of frameworks by fastest mode, and the framework's place in it."""
        for m in self.measurements:
            found = []
            for workload in m.workloads:
                ranked = self.rankings[(m.id, str(workload["id"]))]
                place = next((i for i, r in enumerate(ranked) if r[0] == framework), None)
                if place is not None:
                    found.append((m, workload, ranked, place))
            if found:
                return found
        return []

    def measured_steps(self, framework: str) -> tuple[MeasuredStep, ...]:
        """Per workload of the newest measurement that trained the framework, its fastest mode's step."""
        steps = []
        for m, workload, ranked, place in self.standings(framework):
            _, mode, samples = ranked[place]
            steps.append(MeasuredStep(str(workload["id"]), workload_name(workload), mode, samples.median,
                                      ms_text(samples.median), m.id, m.contributed_note))
        return tuple(steps)

    def measured_figures(self, framework: str, attribute: str) -> tuple[MeasuredFigure, ...]:
        """The measured figures behind a framework's performance: per workload of the newest measurement
        that trained it, its best median training step, its rank and how it compares to the fastest.
        The matrix, the framework summary and the guide show them beside the verdict."""
        if attribute != MEASURED_ATTRIBUTE:
            return ()
        figures = []
        for m, workload, ranked, place in self.standings(framework):
            _, mode, steps = ranked[place]
            if place == 0:
                standing = f"the fastest of {len(ranked)} frameworks"
            else:
                leader = self.data.frameworks[ranked[0][0]].name if ranked[0][0] in self.data.frameworks else ranked[0][0]
                standing = (f"{_ordinal(place + 1)} of {len(ranked)} frameworks, "
                            f"{ratio_text(steps.median / ranked[0][2].median)} the time of the fastest ({leader})")
            figures.append(MeasuredFigure(
                f"{workload_name(workload)} training step, {mode}: {ms_text(steps.median)} ms median; {standing}"
                f" ({figure_scope(m, workload)})", m.id))
        return tuple(figures)

    def verdict_summary(self, framework: Framework, attribute: Attribute) -> VerdictSummary:
        verdict = framework.verdicts.get(attribute.id)
        level = attribute.scale.level(verdict.level) if verdict and attribute.scale else None
        newest = newest_support(self.data, verdict) if verdict else None
        unrated = framework.unrated.get(attribute.id)
        return VerdictSummary(
            attribute=attribute,
            verdict=verdict,
            unrated=unrated,
            label=level.label if level else (verdict.level if verdict else "no source" if unrated else "not rated"),
            rank=level.rank if level else None,
            disputed=(framework.id, attribute.id) in self.disputed,
            stale=bool(newest and self.is_stale(newest)),
            measured=self.measured_figures(framework.id, attribute.id),
        )

    def status(self, framework: Framework) -> str:
        current = framework.current("status")
        return current.value if current else "unknown"

    @cached_property
    def static_pairs(self) -> list[tuple[Framework, Framework]]:
        """Pairs that get their own page, by one rule: every pair a framework's file names under
        `compare_with` (what readers weigh against each other), the pairs that sources compare, most
        compared first, up to a cap, and the pairs whose runtimes have results on one workload of one
        inference run (their figures stand side by side there)."""
        known = self.data.frameworks
        chosen = {tuple(sorted((fw.id, other))) for fw in known.values() for other, _ in fw.compare_with
                  if other in known and other != fw.id}
        counts: dict[tuple[str, str], int] = {}
        for claim in self.data.comparisons():
            a, b = sorted((claim.framework, claim.than))
            if a != b and a in known and b in known:
                counts[(a, b)] = counts.get((a, b), 0) + 1
        ranked = sorted(counts, key=lambda pair: (-counts[pair], pair))[:MAX_STATIC_PAIRS]
        return [(known[a], known[b]) for a, b in sorted(chosen | set(ranked) | self.inference_pairs)]

    @cached_property
    def inference_pairs(self) -> set[tuple[str, str]]:
        """(a, b), a before b, for two frameworks whose runtimes have results on one workload of one
        inference run."""
        pairs: set[tuple[str, str]] = set()
        for run in self.inference_runs:
            for workload in run.workloads:
                measured = sorted({rt.framework for rt in run.runtimes if run.result(rt.id, workload.id)}
                                  & set(self.data.frameworks))
                pairs |= {(a, b) for i, a in enumerate(measured) for b in measured[i + 1:]}
        return pairs

    def pair_slug(self, a: str, b: str) -> str:
        return ids.pair_slug(a, b)

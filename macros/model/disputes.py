"""Where claims disagree, and whether the data resolves it.

Five kinds of disagreement:
- ratings: claims put different levels on one framework's attribute, or a claim puts another level
  than the verdict (which then rests on its rubric: a lone claim is a disagreement too);
- comparison: "A is lower than B" while A's verdict is above B's (or the reverse; "similar" while
  the verdicts are two or more levels apart). Equal verdicts do not contradict "lower": levels are
  coarse, and a small difference can sit inside one level.
- rubric: the verdict's level differs from the level the attribute's rubric derives from the
  framework's indicators (macros/model/rubrics.py): numbers against a rating.
- opposed: sources compare the same two frameworks on one attribute in opposite directions, one
  "A lower than B", another "A higher than B". Two claims that both state their conditions
  (hardware, workload...) and state different ones do not oppose: a benchmark may find A faster in
  one setup and slower in another. A claim without conditions speaks in general, so a measured
  counterexample opposes it. Verdicts cannot settle this kind by themselves: equal verdicts agree
  with both directions. "Similar" opposes neither: a small difference may look like none.
- measured: this project's measurements (data/measurements/) contradict a source's comparison on
  performance, "A is slower than B" while A measured faster than B (macros/model/measured.py says
  how a measurement yields comparisons). A claim qualified by the conditions it speaks of (another
  hardware, another version) is not contradicted; one that is must be refuted (a measurement is a
  source and may be cited) or set aside in a verdict's overrides.

A claim in a disagreement is settled when it is refuted, agrees with the verdict, or is named in a
verdict's `overrides`. A disagreement is resolved when all its claims are settled; an opposed one
when every two claims that oppose each other have one settled between them; a rubric one when the
verdict's `overrides` set aside the level the rubric derives, with a reason.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from macros.model.measured import MeasuredComparison, contradicting
from macros.model.rubrics import Derivation
from macros.model.types import Claim, ComparisonClaim, Dataset, RatingClaim, Verdict


@dataclass(frozen=True)
class Dispute:
    kind: Literal["ratings", "comparison", "opposed", "rubric", "measured"]
    framework: str
    attribute: str
    claims: tuple[Claim, ...]
    verdict: Verdict | None
    unsettled: tuple[Claim, ...]
    other: str | None = None  # the second framework of an opposed or measured comparison
    derivation: Derivation | None = None  # the rubric's level and readings, for a rubric dispute
    rubric_open: bool = False  # a rubric dispute whose verdict does not set the derived level aside
    measured: tuple[MeasuredComparison, ...] = ()  # what contradicts the claim of a measured disagreement

    @property
    def resolved(self) -> bool:
        return not self.unsettled and not self.rubric_open

    @property
    def about(self) -> str:
        """What it is about, as ids: "keras performance", "keras and pytorch performance"."""
        frameworks = f"{self.framework} and {self.other}" if self.other else self.framework
        return f"{frameworks} {self.attribute}"

    @property
    def files(self) -> set[str]:
        """The data files it involves: its claims' and its verdict's."""
        return {c.at.file for c in self.claims} | ({self.verdict.at.file} if self.verdict else set())

    @property
    def subjects(self) -> tuple[tuple[str, str], ...]:
        """The (framework, attribute) cells this disagreement is about."""
        others = ((self.other, self.attribute),) if self.other else ()
        return ((self.framework, self.attribute), *others)


def find_disputes(data: Dataset) -> list[Dispute]:
    return (rating_disputes(data) + comparison_disputes(data) + opposed_comparisons(data) + rubric_disputes(data)
            + measured_disputes(data))


def verdict_for(data: Dataset, framework: str, attribute: str) -> Verdict | None:
    fw = data.frameworks.get(framework)
    return fw.verdicts.get(attribute) if fw else None


def rating_disputes(data: Dataset) -> list[Dispute]:
    """Claims that disagree with each other, or with the verdict: a verdict that its rubric backs can
    differ from a claim that has no other claim beside it, and that claim must be settled too."""
    disputes = []
    for (framework, attribute), claims in sorted(data.ratings_by_subject.items()):
        verdict = verdict_for(data, framework, attribute)
        levels = {c.level for c in claims} | ({verdict.level} if verdict else set())
        if len(levels) < 2:
            continue
        if verdict is None:
            standing = [c for c in claims if c.refuted is None]
            # Declining to rate, with the reason recorded under `unrated`, resolves it: no level stands.
            declined = framework in data.frameworks and attribute in data.frameworks[framework].unrated
            unsettled = standing if len({c.level for c in standing}) > 1 and not declined else []
        else:
            unsettled = [
                c
                for c in claims
                if c.refuted is None and c.level != verdict.level and not verdict.overrides_claim(c.ref)
            ]
        disputes.append(Dispute("ratings", framework, attribute, tuple(claims), verdict, tuple(unsettled)))
    return disputes


def comparison_disagrees(data: Dataset, claim: ComparisonClaim) -> bool:
    """True when the verdicts of both frameworks exist and contradict the comparison."""
    attribute = data.attributes.get(claim.attribute)
    mine = verdict_for(data, claim.framework, claim.attribute)
    theirs = verdict_for(data, claim.than, claim.attribute)
    if attribute is None or mine is None or theirs is None:
        return False
    a, b = attribute.rank(mine.level), attribute.rank(theirs.level)
    if a is None or b is None:
        return False
    if claim.relation == "lower":
        return a > b
    if claim.relation == "higher":
        return a < b
    return abs(a - b) >= 2


def comparison_overridden(data: Dataset, claim: ComparisonClaim) -> bool:
    verdicts = (verdict_for(data, fw, claim.attribute) for fw in claim.frameworks)
    return any(v is not None and v.overrides_claim(claim.ref) for v in verdicts)


def comparison_disputes(data: Dataset) -> list[Dispute]:
    disputes = []
    for claim in data.comparisons():
        if not comparison_disagrees(data, claim):
            continue
        settled = _comparison_settled(data, claim)
        disputes.append(
            Dispute(
                "comparison",
                claim.framework,
                claim.attribute,
                (claim,),
                verdict_for(data, claim.framework, claim.attribute),
                () if settled else (claim,),
            )
        )
    return disputes


_FLIPPED = {"lower": "higher", "higher": "lower"}


def opposed_comparisons(data: Dataset) -> list[Dispute]:
    """Linear in the number of comparisons: claims are grouped by (pair, attribute, direction), and
    whether a claim has an opponent on the other side is a look-up, not a scan of that side."""
    sides: dict[tuple[str, str, str], dict[str, list[ComparisonClaim]]] = {}
    for claim in data.comparisons():
        if claim.relation not in _FLIPPED or claim.framework == claim.than:
            continue
        a, b = sorted(claim.frameworks)
        direction = claim.relation if claim.framework == a else _FLIPPED[claim.relation]  # as "a <direction> than b"
        sides.setdefault((a, b, claim.attribute), {"lower": [], "higher": []})[direction].append(claim)
    disputes = []
    for (a, b, attribute), by_direction in sorted(sides.items()):
        lower, higher = by_direction["lower"], by_direction["higher"]
        claims = _with_opponent(lower, higher) + _with_opponent(higher, lower)
        if not claims:
            continue
        open_lower = [c for c in lower if not _comparison_settled(data, c)]
        open_higher = [c for c in higher if not _comparison_settled(data, c)]
        # A claim stays unsettled while an opponent is unsettled too: that pair is still open.
        unsettled = _with_opponent(open_lower, open_higher) + _with_opponent(open_higher, open_lower)
        verdict = _resolving_verdict(data, (a, b), attribute, claims)
        disputes.append(Dispute("opposed", a, attribute, tuple(claims), verdict, tuple(unsettled), other=b))
    return disputes


def measured_disputes(data: Dataset) -> list[Dispute]:
    """One per comparison claim that a measurement contradicts, settled like any comparison."""
    disputes = []
    for claim in data.comparisons():
        measured = contradicting(data, claim)
        if not measured:
            continue
        settled = _comparison_settled(data, claim)
        verdict = _resolving_verdict(data, claim.frameworks, claim.attribute, [claim])  # type: ignore[arg-type]
        disputes.append(Dispute("measured", claim.framework, claim.attribute, (claim,), verdict,
                                () if settled else (claim,), other=claim.than, measured=measured))
    return disputes


def measured_claim_refs(data: Dataset) -> set[str]:
    """Refs of the comparison claims that a measurement contradicts."""
    return {c.ref for d in measured_disputes(data) for c in d.claims}


def _with_opponent(mine: list[ComparisonClaim], theirs: list[ComparisonClaim]) -> list[ComparisonClaim]:
    """The claims of `mine` that oppose at least one claim of `theirs` (the other direction). Two
    claims oppose unless both state conditions and the conditions differ."""
    if not theirs:
        return []
    any_general = any(not c.conditions for c in theirs)
    stated = {_conditions_key(c) for c in theirs if c.conditions}
    return [c for c in mine if any_general or not c.conditions or _conditions_key(c) in stated]


def _conditions_key(claim: ComparisonClaim) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(claim.conditions.items()))


def opposed_claim_refs(data: Dataset) -> set[str]:
    """Refs of the comparison claims that another claim opposes."""
    return {c.ref for d in opposed_comparisons(data) for c in d.claims}


def _comparison_settled(data: Dataset, claim: ComparisonClaim) -> bool:
    return claim.refuted is not None or comparison_overridden(data, claim)


def _resolving_verdict(data: Dataset, frameworks: tuple[str, str], attribute: str,
                       claims: list[ComparisonClaim]) -> Verdict | None:
    """The verdict that sets claims of the disagreement aside, else the first framework's verdict."""
    verdicts = [v for v in (verdict_for(data, fw, attribute) for fw in frameworks) if v is not None]
    for verdict in verdicts:
        if any(verdict.overrides_claim(c.ref) for c in claims):
            return verdict
    return verdicts[0] if verdicts else None


def rubric_overridden(verdict: Verdict, derivation: Derivation) -> bool:
    """Whether the verdict sets aside exactly the level the rubric now derives."""
    override = verdict.rubric_override
    return override is not None and override.rubric == derivation.level


def rubric_disputes(data: Dataset) -> list[Dispute]:
    """Verdicts whose level differs from the level their attribute's rubric derives."""
    disputes = []
    for verdict in data.verdicts():
        derivation = data.derivations.get((verdict.framework, verdict.attribute))
        if derivation is None or derivation.level is None or derivation.level == verdict.level:
            continue
        disputes.append(
            Dispute("rubric", verdict.framework, verdict.attribute, (), verdict, (), derivation=derivation,
                    rubric_open=not rubric_overridden(verdict, derivation))
        )
    return sorted(disputes, key=lambda d: (d.framework, d.attribute))


def rubric_support(data: Dataset, verdict: Verdict) -> Derivation | None:
    """The rubric derivation that gives the verdict's level, if any: indicators support it."""
    derivation = data.derivations.get((verdict.framework, verdict.attribute))
    return derivation if derivation is not None and derivation.level == verdict.level else None


def supporting_claims(data: Dataset, verdict: Verdict) -> list[RatingClaim]:
    """Rating claims that give the verdict's level and are neither refuted nor overridden."""
    return [
        c
        for c in data.ratings_by_subject.get((verdict.framework, verdict.attribute), [])
        if c.level == verdict.level and c.refuted is None and not verdict.overrides_claim(c.ref)
    ]


def newest_support(data: Dataset, verdict: Verdict) -> dt.date | None:
    """The latest date of the claims a verdict rests on, and of the indicators when its rubric
    derives its level (None when nothing behind it is dated)."""
    dates = [c.as_of.latest for c in supporting_claims(data, verdict) if c.as_of is not None]
    derivation = rubric_support(data, verdict)
    if derivation is not None:
        dates.append(derivation.as_of)
    return max(dates) if dates else None

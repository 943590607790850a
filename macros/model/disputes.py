"""Where claims disagree, and whether the data resolves it.

Two kinds of disagreement:
- ratings: claims put different levels on one framework's attribute;
- comparison: "A is lower than B" while A's verdict is above B's (or the reverse; "similar" while
  the verdicts are two or more levels apart). Equal verdicts do not contradict "lower": levels are
  coarse, and a small difference can sit inside one level.

A claim in a disagreement is settled when it is refuted, agrees with the verdict, or is named in a
verdict's `overrides`. A disagreement is resolved when all its claims are settled.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from macros.model.types import Claim, ComparisonClaim, Dataset, RatingClaim, Verdict


@dataclass(frozen=True)
class Dispute:
    kind: Literal["ratings", "comparison"]
    framework: str
    attribute: str
    claims: tuple[Claim, ...]
    verdict: Verdict | None
    unsettled: tuple[Claim, ...]

    @property
    def resolved(self) -> bool:
        return not self.unsettled


def find_disputes(data: Dataset) -> list[Dispute]:
    return rating_disputes(data) + comparison_disputes(data)


def verdict_for(data: Dataset, framework: str, attribute: str) -> Verdict | None:
    fw = data.frameworks.get(framework)
    return fw.verdicts.get(attribute) if fw else None


def rating_disputes(data: Dataset) -> list[Dispute]:
    disputes = []
    for (framework, attribute), claims in sorted(data.ratings_by_subject.items()):
        if len({c.level for c in claims}) < 2:
            continue
        verdict = verdict_for(data, framework, attribute)
        if verdict is None:
            standing = [c for c in claims if c.refuted is None]
            unsettled = standing if len({c.level for c in standing}) > 1 else []
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
        settled = claim.refuted is not None or comparison_overridden(data, claim)
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


def supporting_claims(data: Dataset, verdict: Verdict) -> list[RatingClaim]:
    """Rating claims that give the verdict's level and are neither refuted nor overridden."""
    return [
        c
        for c in data.ratings_by_subject.get((verdict.framework, verdict.attribute), [])
        if c.level == verdict.level and c.refuted is None and not verdict.overrides_claim(c.ref)
    ]


def newest_support(data: Dataset, verdict: Verdict) -> dt.date | None:
    """The latest date of the claims a verdict rests on (None when none is dated)."""
    dates = [c.as_of.latest for c in supporting_claims(data, verdict) if c.as_of is not None]
    return max(dates) if dates else None

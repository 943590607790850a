"""A verdict overrides only claims, and a rubric level, that still disagree with it."""

from __future__ import annotations

from collections.abc import Iterator

from macros.check.config import CheckConfig
from macros.model.disputes import comparison_disagrees, measured_claim_refs, opposed_claim_refs
from macros.model.types import ComparisonClaim, Dataset, RatingClaim, Verdict
from macros.problems import Problem, error, quote

RULE_ID = "unnecessary-resolution"


def check(data: Dataset, config: CheckConfig) -> Iterator[Problem]:
    claims = data.claims_by_ref
    opposed = opposed_claim_refs(data) | measured_claim_refs(data)
    for verdict in data.verdicts():
        yield from _rubric_override(data, verdict)
        for override in verdict.claim_overrides:
            claim = claims.get(override.claim)  # type: ignore[arg-type]
            if claim is None:
                continue  # unknown-claim reports it
            why = None
            if isinstance(claim, RatingClaim):
                if (claim.framework, claim.attribute) != (verdict.framework, verdict.attribute):
                    why = f"it rates {claim.framework} {claim.attribute}, not this verdict's subject"
                elif claim.level == verdict.level:
                    why = f"it gives the same level ({claim.level}), so there is nothing to resolve"
            elif isinstance(claim, ComparisonClaim):
                if verdict.framework not in claim.frameworks or claim.attribute != verdict.attribute:
                    why = "it compares other frameworks or another attribute"
                elif not comparison_disagrees(data, claim) and claim.ref not in opposed:
                    why = "it agrees with the verdicts and no claim or measurement opposes it, so there is nothing to resolve"
            else:
                why = "it is a statement, not a rating or comparison"
            if why is None and claim.refuted is not None:
                why = "it is already marked refuted"
            if why:
                yield error(
                    RULE_ID,
                    override.at,
                    f"the verdict on {verdict.framework} {verdict.attribute} overrides {quote(override.claim)}, but {why}",
                    "remove this entry from `overrides`",
                )


def _rubric_override(data: Dataset, verdict: Verdict) -> Iterator[Problem]:
    override = verdict.rubric_override
    if override is None:
        return
    derivation = data.derivations.get((verdict.framework, verdict.attribute))
    if derivation is None or derivation.level is None:
        why = "its attribute's rubric derives no level for this framework"
    elif derivation.level == verdict.level:
        why = f"the rubric derives the verdict's own level ({verdict.level}), so there is nothing to resolve"
    else:
        return  # a mismatch: rubric-mismatch reports an override of the wrong level
    yield error(
        RULE_ID,
        override.at,
        f"the verdict on {verdict.framework} {verdict.attribute} overrides the rubric, but {why}",
        "remove this entry from `overrides`",
    )

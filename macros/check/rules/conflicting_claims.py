"""Claims that put different levels on one framework's attribute are resolved by a verdict."""

from __future__ import annotations

from collections.abc import Iterator

from macros.check.config import CheckConfig
from macros.model.disputes import rating_disputes
from macros.model.types import Dataset, RatingClaim
from macros.problems import Problem, error, quote

RULE_ID = "conflicting-claims"


def _describe(claim: RatingClaim) -> str:
    return f"{quote(claim.ref)} says {claim.level} ({quote(claim.wording)}, {claim.at})"


def check(data: Dataset, config: CheckConfig) -> Iterator[Problem]:
    for dispute in rating_disputes(data):
        if dispute.resolved:
            continue
        where = f"data/frameworks/{dispute.framework}.yaml"
        if dispute.verdict is None:
            first = dispute.unsettled[0]
            yield error(
                RULE_ID,
                first.fields["level"],
                f"claims disagree on {dispute.framework} {dispute.attribute}: "
                + "; ".join(_describe(c) for c in dispute.unsettled),  # type: ignore[arg-type]
                f"add a verdict for {dispute.attribute} in {where} that overrides the claims it sets aside, "
                "or mark a claim refuted with the primary source that shows it",
            )
            continue
        for claim in dispute.unsettled:
            yield error(
                RULE_ID,
                claim.fields["level"],
                f"{quote(claim.ref)} rates {dispute.framework} {dispute.attribute} {claim.level} "  # type: ignore[attr-defined]
                f"but the verdict ({dispute.verdict.at}) is {dispute.verdict.level}, and does not override it",
                f"add it to the verdict's `overrides` with a reason in {where}, or mark it refuted",
            )

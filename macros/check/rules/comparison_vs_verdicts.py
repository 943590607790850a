"""A comparison ("A is slower than B") agrees with the two frameworks' verdicts, or is resolved."""

from __future__ import annotations

from collections.abc import Iterator

from macros.check.config import CheckConfig
from macros.model.disputes import comparison_disputes, verdict_for
from macros.model.types import ComparisonClaim, Dataset
from macros.problems import Problem, error, quote

RULE_ID = "comparison-vs-verdicts"


def check(data: Dataset, config: CheckConfig) -> Iterator[Problem]:
    for dispute in comparison_disputes(data):
        if dispute.resolved:
            continue
        claim = dispute.claims[0]
        assert isinstance(claim, ComparisonClaim)
        mine = verdict_for(data, claim.framework, claim.attribute)
        theirs = verdict_for(data, claim.than, claim.attribute)
        assert mine is not None and theirs is not None
        yield error(
            RULE_ID,
            claim.fields["relation"],
            f"{quote(claim.ref)} says {claim.framework} is {claim.relation_phrase} {claim.than} on {claim.attribute} "
            f"({quote(claim.wording)}), but the verdicts are {claim.framework} {mine.level}, {claim.than} {theirs.level}",
            "mark the claim refuted with a primary source, list it in one of the two verdicts' `overrides` "
            "with a reason, or revise the verdicts",
        )

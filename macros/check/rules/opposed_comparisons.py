"""Sources that compare two frameworks in opposite directions ("A slower than B", "A faster than B")
are not left standing side by side: the data sets one direction aside, or refutes it."""

from __future__ import annotations

from collections.abc import Iterator

from macros.check.config import CheckConfig
from macros.model.disputes import opposed_comparisons, verdict_for
from macros.model.types import ComparisonClaim, Dataset
from macros.problems import Problem, error, quote

RULE_ID = "opposed-comparisons"
_LISTED = 10  # claims named in the message; `check --format json` lists them all


def _describe(claim: ComparisonClaim) -> str:
    return f"{quote(claim.ref)} says {claim.framework} is {claim.relation_phrase} {claim.than} ({quote(claim.wording)}, {claim.at})"


def check(data: Dataset, config: CheckConfig) -> Iterator[Problem]:
    for dispute in opposed_comparisons(data):
        if dispute.resolved:
            continue
        a, b, attribute = dispute.framework, dispute.other, dispute.attribute
        assert b is not None
        first = dispute.unsettled[0]
        assert isinstance(first, ComparisonClaim)
        with_verdicts = [fw for fw in (a, b) if verdict_for(data, fw, attribute) is not None]
        if with_verdicts:
            where = " or ".join(f"data/frameworks/{fw}.yaml" for fw in with_verdicts)
            resolve = f"list the claims of one direction in the `overrides` of the {attribute} verdict in {where}, with the reason"
        else:
            resolve = f"add a verdict on {attribute} for {a} or {b} whose `overrides` set one direction aside, with the reason"
        yield error(
            RULE_ID,
            first.fields["relation"],
            f"sources compare {a} and {b} on {attribute} in opposite directions: "
            + "; ".join(_describe(c) for c in dispute.unsettled[:_LISTED])  # type: ignore[arg-type]
            + (f"; and {len(dispute.unsettled) - _LISTED} more" if len(dispute.unsettled) > _LISTED else ""),
            f"{resolve} (e.g. they measure another setup), or mark them refuted with a primary source",
        )

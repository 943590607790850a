"""Claims, verdicts and `unrated` entries name attributes that data/attributes.yaml defines."""

from __future__ import annotations

from collections.abc import Iterator

from macros.check.config import CheckConfig
from macros.check.rules._suggest import did_you_mean
from macros.model.types import ComparisonClaim, Dataset, RatingClaim
from macros.problems import Location, Problem, error, quote

RULE_ID = "unknown-attribute"


def check(data: Dataset, config: CheckConfig) -> Iterator[Problem]:
    used: list[tuple[str, Location]] = [
        (c.attribute, c.fields["attribute"]) for c in data.claims if isinstance(c, (RatingClaim, ComparisonClaim))
    ]
    used += [(v.attribute, v.at) for v in data.verdicts()]
    used += [(u.attribute, u.at) for u in data.unrated()]
    for attribute, where in used:
        if attribute not in data.attributes:
            yield error(
                RULE_ID,
                where,
                f"unknown attribute {quote(attribute)}",
                did_you_mean(attribute, data.attributes, "attributes"),
            )

"""A verdict stands on at least one claim that gives its level and is neither refuted nor overridden,
or on its attribute's rubric deriving that level from the framework's indicators."""

from __future__ import annotations

from collections.abc import Iterator

from macros.check.config import CheckConfig
from macros.model.disputes import rubric_support, supporting_claims
from macros.model.types import Dataset
from macros.problems import Problem, error, quote

RULE_ID = "verdict-without-support"


def check(data: Dataset, config: CheckConfig) -> Iterator[Problem]:
    grouped = data.ratings_by_subject
    for verdict in data.verdicts():
        if supporting_claims(data, verdict) or rubric_support(data, verdict):
            continue
        claims = grouped.get((verdict.framework, verdict.attribute), [])
        if not claims:
            message = f"verdict on {verdict.framework} {verdict.attribute} has no rating claim behind it"
            hint = ("record the source's rating in data/claims/<source-id>.yaml first, or the indicators its "
                    "attribute's rubric reads (data/attributes.yaml); a verdict sums up evidence")
        else:
            message = (
                f"no standing claim rates {verdict.framework} {verdict.attribute} {verdict.level}: "
                + ", ".join(f"{quote(c.ref)} says {c.level}" for c in claims)
            )
            hint = "pick the level a standing claim supports, or record the source that supports this level"
        yield error(RULE_ID, verdict.fields["level"], message, hint)

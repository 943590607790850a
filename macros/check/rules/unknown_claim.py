"""A verdict's `overrides` names claims that exist."""

from __future__ import annotations

from collections.abc import Iterator

from macros.check.config import CheckConfig
from macros.check.rules._suggest import did_you_mean
from macros.model.types import Dataset
from macros.problems import Problem, error, quote

RULE_ID = "unknown-claim"


def check(data: Dataset, config: CheckConfig) -> Iterator[Problem]:
    known = data.known_claim_refs
    for verdict in data.verdicts():
        for override in verdict.claim_overrides:
            if override.claim not in known:
                yield error(
                    RULE_ID,
                    override.at,
                    f"the verdict on {verdict.framework} {verdict.attribute} overrides {quote(override.claim)}, "
                    "which is not a recorded claim",
                    did_you_mean(override.claim, known, "claims")
                    + "; claims are named <source-id>:<claim-id> (data/claims/<source-id>.yaml)",
                )

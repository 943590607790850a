"""A verdict sets a claim aside once: one `overrides` entry with one reason.

(A comparison may be set aside by the verdicts of both frameworks it compares, each page giving its
own reason; a verdict overriding a claim about another subject is unnecessary-resolution's.)"""

from __future__ import annotations

from collections.abc import Iterator

from macros.check.config import CheckConfig
from macros.model.types import Dataset, Override
from macros.problems import Problem, error, quote

RULE_ID = "duplicate-override"


def check(data: Dataset, config: CheckConfig) -> Iterator[Problem]:
    for verdict in data.verdicts():
        first: dict[str, Override] = {}
        for override in verdict.overrides:
            if override.claim is None:
                continue
            earlier = first.setdefault(override.claim, override)
            if earlier is not override:
                yield error(
                    RULE_ID,
                    override.at,
                    f"this verdict already overrides claim {quote(override.claim)} at {earlier.at}",
                    "keep one entry and put both reasons in its `because`",
                )

"""A claim is set aside once: one `overrides` entry, in one verdict, with one reason."""

from __future__ import annotations

from collections.abc import Iterator

from macros.check.config import CheckConfig
from macros.model.types import Dataset, Override
from macros.problems import Problem, error, quote

RULE_ID = "duplicate-override"


def check(data: Dataset, config: CheckConfig) -> Iterator[Problem]:
    first: dict[str, Override] = {}
    for verdict in data.verdicts():
        for override in verdict.overrides:
            earlier = first.setdefault(override.claim, override)
            if earlier is not override:
                yield error(
                    RULE_ID,
                    override.at,
                    f"claim {quote(override.claim)} is already overridden at {earlier.at}",
                    "keep one entry, in the verdict the claim is about, and put both reasons in its `because`",
                )

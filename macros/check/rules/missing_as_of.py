"""Every claim has a date: its own as_of, its file's, or its source's publication date."""

from __future__ import annotations

from collections.abc import Iterator

from macros.check.config import CheckConfig
from macros.model.types import Dataset
from macros.problems import Problem, error, quote

RULE_ID = "missing-as-of"


def check(data: Dataset, config: CheckConfig) -> Iterator[Problem]:
    for claim in data.claims:
        if claim.as_of is None:
            yield error(
                RULE_ID,
                claim.fields["id"],
                f"claim {quote(claim.ref)} has no date: neither it, its file nor source {quote(claim.source)} says when",
                "add `as_of` to the claim or the claims file, or `published` to the source",
            )

"""A claim marked refuted cites at least one primary source (docs, release notes, repository...)."""

from __future__ import annotations

from collections.abc import Iterator

from macros.check.config import CheckConfig
from macros.model.types import PRIMARY_SOURCE_KINDS, Dataset
from macros.problems import Problem, error, quote

RULE_ID = "refuted-without-primary-source"


def check(data: Dataset, config: CheckConfig) -> Iterator[Problem]:
    sources = data.sources
    for claim in data.claims:
        if claim.refuted is None:
            continue
        cited = [sources[s] for s in claim.refuted.by if s in sources]
        if len(cited) < len(claim.refuted.by):
            continue  # unknown-source reports the rest; do not guess about it
        if not any(s.is_primary for s in cited):
            yield error(
                RULE_ID,
                claim.refuted.fields["by"],
                f"claim {quote(claim.ref)} is refuted only by secondary sources",
                "cite a primary source of kind " + ", ".join(sorted(PRIMARY_SOURCE_KINDS)),
            )

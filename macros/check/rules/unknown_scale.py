"""Every attribute is rated on a scale that exists."""

from __future__ import annotations

from collections.abc import Iterator

from macros.check.config import CheckConfig
from macros.model.types import Dataset
from macros.problems import Problem, error, quote

RULE_ID = "unknown-scale"


def check(data: Dataset, config: CheckConfig) -> Iterator[Problem]:
    for attribute in data.attributes.values():
        if attribute.scale is None:
            yield error(
                RULE_ID,
                attribute.fields["scale"],
                f"attribute {quote(attribute.id)} uses scale {quote(attribute.scale_id)}, which is not defined",
                "defined scales: " + ", ".join(sorted(data.scales)),
            )

"""Ids are unique: sources across all catalogues, frameworks, claims within their file."""

from __future__ import annotations

from collections.abc import Iterator

from macros.check.config import CheckConfig
from macros.model.types import Dataset
from macros.problems import Location, Problem, error, quote

RULE_ID = "duplicate-id"


def check(data: Dataset, config: CheckConfig) -> Iterator[Problem]:
    items: list[tuple[str, str, Location]] = [("source", s.id, s.at) for s in data.source_definitions]
    items += [("framework", f.id, f.fields["id"]) for f in data.framework_list]
    items += [("claim", c.ref, c.fields["id"]) for c in data.claims]
    items += [(f"level of scale {s.id}", lv.id, lv.at) for s in data.scales.values() for lv in s.levels if lv.at]
    first: dict[tuple[str, str], Location] = {}
    for kind, ident, where in items:
        earlier = first.setdefault((kind, ident), where)
        if earlier is not where:
            yield error(
                RULE_ID,
                where,
                f"{kind} id {quote(ident)} is already used at {earlier}",
                f"give this {kind} its own id, or merge the two entries",
            )

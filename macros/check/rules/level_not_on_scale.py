"""Ratings, verdicts, rubrics and rubric overrides use a level of their attribute's scale."""

from __future__ import annotations

from collections.abc import Iterator

from macros.check.config import CheckConfig
from macros.model.types import Dataset, RatingClaim
from macros.problems import Location, Problem, error, quote

RULE_ID = "level-not-on-scale"


def check(data: Dataset, config: CheckConfig) -> Iterator[Problem]:
    used: list[tuple[str, str, Location]] = [
        (c.attribute, c.level, c.fields["level"]) for c in data.claims if isinstance(c, RatingClaim)
    ]
    used += [(v.attribute, v.level, v.fields["level"]) for v in data.verdicts()]
    used += [(v.attribute, o.rubric, o.at) for v in data.verdicts() for o in v.overrides if o.rubric is not None]
    for attribute in data.attributes.values():
        for indicator in attribute.rubric.indicators if attribute.rubric else ():
            used += [(attribute.id, level, indicator.fields["minimums"]) for level in indicator.minimums]
            used += [(attribute.id, level, indicator.fields["categories"]) for level in indicator.categories.values()]
    for attribute_id, level, where in used:
        attribute = data.attributes.get(attribute_id)
        if attribute is None or attribute.scale is None:
            continue  # reported by unknown-attribute / unknown-scale
        if attribute.rank(level) is None:
            levels = ", ".join(lv.id for lv in attribute.scale.levels)
            yield error(
                RULE_ID,
                where,
                f"{quote(level)} is not a level of {attribute.name} (scale {quote(attribute.scale.id)})",
                f"use one of: {levels}; keep the source's own word in `wording`",
            )

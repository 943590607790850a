"""An attribute marked `unrated` has no verdict, and no level its standing rating claims could carry
by the evidence standard (two distinct sources, one independent of the makers): either the site
shows a level or it says why none is given, never both. Claims that fall short of the standard (the
makers' own description, one article) stay beside an unrated attribute as claims."""

from __future__ import annotations

from collections.abc import Iterator

from macros.check.config import CheckConfig
from macros.model.evidence import corroborated_levels
from macros.model.types import Dataset
from macros.problems import Problem, error, quote

RULE_ID = "rated-and-unrated"


def check(data: Dataset, config: CheckConfig) -> Iterator[Problem]:
    for gap in data.unrated():
        framework = data.frameworks[gap.framework]
        subject = f"{gap.framework} {gap.attribute}"
        verdict = framework.verdicts.get(gap.attribute)
        if verdict is not None:
            yield error(
                RULE_ID,
                gap.at,
                f"{subject} is marked unrated but has a verdict ({verdict.level}, line {verdict.at.line})",
                f"delete `unrated.{gap.attribute}` or the verdict in data/frameworks/{gap.framework}.yaml",
            )
            continue
        levels = corroborated_levels(data, gap.framework, gap.attribute)
        standing = [c for c in data.ratings_by_subject.get((gap.framework, gap.attribute), [])
                    if c.refuted is None and c.level in levels]
        if standing:
            yield error(
                RULE_ID,
                gap.at,
                f"{subject} is marked unrated but "
                + ", ".join(f"{quote(c.ref)} rates it {c.level}" for c in standing),
                "write a verdict that weighs those claims instead (two sources, one independent, give that "
                "level), or mark them refuted if a primary source shows them wrong",
            )

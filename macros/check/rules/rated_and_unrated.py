"""An attribute marked `unrated` (no source rates it) has no verdict and no standing rating claim:
either the site shows a level or it says that no source gives one, never both."""

from __future__ import annotations

from collections.abc import Iterator

from macros.check.config import CheckConfig
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
        standing = [c for c in data.ratings_by_subject.get((gap.framework, gap.attribute), []) if c.refuted is None]
        if standing:
            yield error(
                RULE_ID,
                gap.at,
                f"{subject} is marked unrated but "
                + ", ".join(f"{quote(c.ref)} rates it {c.level}" for c in standing),
                "write a verdict that weighs those claims instead, or mark them refuted if a primary source "
                "shows them wrong; `unrated` says that no source rates it",
            )

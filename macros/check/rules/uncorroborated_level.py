"""A verdict's level is derived by its attribute's rubric, or given by at least two distinct sources
of which at least one is independent of the framework's makers (macros/model/evidence.py). A level
that rests on one source, or on the makers' own pages alone, is their claim, not the site's verdict."""

from __future__ import annotations

from collections.abc import Iterator

from macros.check.config import CheckConfig
from macros.model.evidence import NEITHER, standing
from macros.model.types import Dataset
from macros.problems import Problem, error, quote

RULE_ID = "uncorroborated-level"


def check(data: Dataset, config: CheckConfig) -> Iterator[Problem]:
    for verdict in data.verdicts():
        found = standing(data, verdict)
        if found.condition != NEITHER or not found.sources:
            continue  # no source at all is verdict-without-support's problem
        subject = f"{verdict.framework} {verdict.attribute} {verdict.level}"
        if found.makers_only:
            basis = "only the makers' own sources give it: " + ", ".join(quote(s) for s in found.sources)
        else:
            basis = "only one source gives it: " + ", ".join(quote(s) for s in found.sources)
        yield error(
            RULE_ID,
            verdict.fields["level"],
            f"the level of {subject} is neither derived by a rubric nor backed by two sources with one "
            f"independent of its makers; {basis}",
            f"cite an independent source (article, benchmark, survey, news) that gives {verdict.level}, or move "
            f"the attribute from `verdicts` to `unrated` in data/frameworks/{verdict.framework}.yaml with a "
            "reason stating the makers' claim (their rating claims stay as claims)",
        )

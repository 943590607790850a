"""Warn when the newest evidence behind a verdict (the claims that give its level, and the
indicators when its rubric derives it) is older than the configured age."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from macros.check.config import CheckConfig
from macros.model.disputes import newest_support
from macros.model.types import Dataset, Verdict
from macros.problems import Problem, warning

RULE_ID = "stale-verdict"


def is_stale(data: Dataset, verdict: Verdict, today: dt.date, stale_after_days: int) -> bool:
    newest = newest_support(data, verdict)
    return newest is not None and (today - newest).days > stale_after_days


def check(data: Dataset, config: CheckConfig) -> Iterator[Problem]:
    for verdict in data.verdicts():
        if is_stale(data, verdict, config.today, config.stale_after_days):
            yield warning(
                RULE_ID,
                verdict.fields["level"],
                f"verdict on {verdict.framework} {verdict.attribute} rests on evidence last dated "
                f"{newest_support(data, verdict)}, over {config.stale_after_days} days ago",
                "look for a newer source and record its claim, or refresh the indicators; "
                "the site marks this verdict as stale",
            )

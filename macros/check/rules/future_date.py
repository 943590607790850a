"""No date lies in the future: every date of every file (a release, an end, a claim's or a whole
claims file's date, a source's), past the day of the check by more than a day's margin."""

from __future__ import annotations

from collections.abc import Iterator

from macros.check.config import CheckConfig
from macros.load.dates import latest_allowed
from macros.model.types import Dataset
from macros.problems import Problem, error

RULE_ID = "future-date"


def check(data: Dataset, config: CheckConfig) -> Iterator[Problem]:
    limit = latest_allowed(config.today)
    for dated in data.dates:
        if dated.date.earliest > limit:
            yield error(
                RULE_ID,
                dated.at,
                f"{dated.what} {dated.date} is in the future (today is {config.today.isoformat()})",
                "record only what has happened; planned releases are not facts yet",
            )

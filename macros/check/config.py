"""Settings of one check run."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# A verdict whose newest supporting claim is older than this is flagged (and marked on the site).
DEFAULT_STALE_AFTER_DAYS = 5 * 365


@dataclass(frozen=True)
class CheckConfig:
    today: dt.date = field(default_factory=dt.date.today)
    stale_after_days: int = DEFAULT_STALE_AFTER_DAYS

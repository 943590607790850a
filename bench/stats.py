"""Medians and interquartile ranges, as the site and the rules compute them too."""

from __future__ import annotations

import statistics

WIDE_SPREAD = 0.10  # IQR over median above which a result is flagged


def median(values: list[float]) -> float:
    return statistics.median(values)


def iqr(values: list[float]) -> float:
    if len(values) < 2:
        return 0.0
    q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return q3 - q1


def relative_spread(values: list[float]) -> float:
    middle = median(values)
    return iqr(values) / middle if middle else 0.0

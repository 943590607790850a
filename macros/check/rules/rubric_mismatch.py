"""A verdict agrees with the level its attribute's rubric derives from the indicators, or sets that
level aside in `overrides` (`rubric: <level>`) with a reason: numbers against a rating is a
disagreement like any other."""

from __future__ import annotations

from collections.abc import Iterator

from macros.check.config import CheckConfig
from macros.model.disputes import rubric_disputes
from macros.model.rubrics import Derivation, Reading
from macros.model.types import Dataset
from macros.problems import Problem, error

RULE_ID = "rubric-mismatch"


def reading_text(reading: Reading) -> str:
    """'downloads_per_month 1234567 (high)': an indicator's value and the level it gives."""
    what = str(reading.measured)
    if reading.values:
        what += " (" + ", ".join(reading.values) + ")" if reading.indicator.counting is None \
            else " of " + ", ".join(reading.indicator.counting) + " (listed: " + ", ".join(reading.values) + ")"
    return f"{reading.indicator.fact} {what}: {reading.level or 'no level'}"


def derivation_text(derivation: Derivation) -> str:
    text = ", ".join(reading_text(r) for r in derivation.readings)
    if derivation.missing:
        text += "; missing: " + ", ".join(derivation.missing)
    return text


def check(data: Dataset, config: CheckConfig) -> Iterator[Problem]:
    for dispute in rubric_disputes(data):
        if not dispute.rubric_open:
            continue
        verdict, derivation = dispute.verdict, dispute.derivation
        assert verdict is not None and derivation is not None
        subject = f"{verdict.framework} {verdict.attribute}"
        override = verdict.rubric_override
        if override is None:
            message = (f"the verdict on {subject} is {verdict.level} but its rubric derives {derivation.level} "
                       f"from {derivation_text(derivation)}")
            where = verdict.fields["level"]
        else:
            message = (f"the verdict on {subject} sets aside the rubric's {override.rubric}, but the rubric now "
                       f"derives {derivation.level} from {derivation_text(derivation)}")
            where = override.at
        yield error(
            RULE_ID,
            where,
            message,
            f"use the level {derivation.level}, or set it aside in the verdict's `overrides` "
            f"(- rubric: {derivation.level} / because: <why the numbers mislead here>) in "
            f"data/frameworks/{verdict.framework}.yaml",
        )

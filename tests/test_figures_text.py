"""How measured durations read: never "0.00 s", never exponent notation."""

from __future__ import annotations

import pytest

from macros.model.measured import seconds_text


@pytest.mark.parametrize(("seconds", "text"), [
    (0.0040415, "0.00404"), (0.37, "0.370"), (0.0999, "0.0999"), (1.2345, "1.23"), (12.34, "12.3"),
    (0.000123, "0.000123"),
])
def test_seconds_keep_three_significant_digits(seconds: float, text: str) -> None:
    assert seconds_text(seconds) == text


def test_a_short_first_step_is_not_shown_as_zero() -> None:
    assert float(seconds_text(0.004)) == pytest.approx(0.004)

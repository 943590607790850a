"""The date reader (macros/load/dates.py) against the calendar, worked out by hand: the three forms,
month and day bounds, leap years, the earliest year, and the first and last day a partial date covers."""

from __future__ import annotations

import datetime as dt

import pytest

from macros.load.dates import DateError, PartialDate, parse_date


@pytest.mark.parametrize(("text", "date"), [
    ("2017", PartialDate(2017)),
    ("2017-01", PartialDate(2017, 1)),
    ("2017-12", PartialDate(2017, 12)),
    ("2024-02-29", PartialDate(2024, 2, 29)),  # 2024 is a leap year
    ("1950-01-01", PartialDate(1950, 1, 1)),
])
def test_dates_that_exist_are_read(text: str, date: PartialDate) -> None:
    assert parse_date(text) == date
    assert str(date) == text


@pytest.mark.parametrize(("value", "why"), [
    ("2017-00", "there is no month 00"),
    ("2017-13", "there is no month 13"),
    ("2023-02-29", "2023-02-29 is not a day of the calendar"),  # 2023 is not a leap year
    ("2017-04-31", "2017-04-31 is not a day of the calendar"),
    ("1949-12-31", "the year is before 1950"),
    ("17-09", "write it as YYYY, YYYY-MM or YYYY-MM-DD"),
    ("2017-9", "write it as YYYY, YYYY-MM or YYYY-MM-DD"),
    (2017, 'a date is text in quotes, e.g. "2017-09"'),
])
def test_values_that_name_no_date_say_why(value: object, why: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(value)
    assert str(caught.value) == why


@pytest.mark.parametrize(("text", "earliest", "latest"), [
    ("2017", dt.date(2017, 1, 1), dt.date(2017, 12, 31)),
    ("2017-02", dt.date(2017, 2, 1), dt.date(2017, 2, 28)),
    ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
    ("2017-11", dt.date(2017, 11, 1), dt.date(2017, 11, 30)),
    ("2017-12", dt.date(2017, 12, 1), dt.date(2017, 12, 31)),  # not a day of the following year
    ("2017-12-05", dt.date(2017, 12, 5), dt.date(2017, 12, 5)),
])
def test_a_partial_date_covers_its_whole_year_or_month(text: str, earliest: dt.date, latest: dt.date) -> None:
    date = parse_date(text)
    assert (date.earliest, date.latest) == (earliest, latest)


def test_surely_before_needs_the_whole_of_one_before_the_other() -> None:
    assert parse_date("2017-11").surely_before(parse_date("2017-12-01"))
    assert not parse_date("2017").surely_before(parse_date("2017-12"))  # December 2017 is inside 2017
    assert not parse_date("2017-12").surely_before(parse_date("2017-12-31"))
    assert parse_date("2017-12").surely_before(parse_date("2018"))

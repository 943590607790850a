"""The iCalendar file: RFC 5545 escaping, folding and line ends; events from the data; stable bytes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import make_data_root

from macros.check.run import run_check
from macros.views.calendar import calendar_ics, escape_text, fold
from macros.views.site_data import SiteData


def test_text_escapes_backslash_semicolon_comma_and_line_breaks() -> None:
    # Expected values written from RFC 5545 section 3.3.11.
    assert escape_text('a\\b;c,d\ne\r\nf') == "a\\\\b\\;c\\,d\\ne\\nf"
    assert escape_text("END:VCALENDAR\r\nBEGIN:VEVENT") == "END:VCALENDAR\\nBEGIN:VEVENT"
    assert escape_text("bell\x07") == "bell"


def test_long_lines_fold_at_75_octets_without_splitting_a_character() -> None:
    line = "SUMMARY:" + "é" * 80  # two octets each
    folded = fold(line)
    pieces = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in pieces)
    assert all(p.startswith(" ") for p in pieces[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(pieces)) == line
    assert fold("short") == "short"


def _site(tmp_path: Path, name: str) -> SiteData:
    root = make_data_root(tmp_path)
    alpha = root / "frameworks" / "alpha.yaml"
    text = alpha.read_text().replace("\nname: Alpha\n", f"\nname: {name}\n", 1)
    alpha.write_text(text.replace("verdicts:\n", """  latest_version:
    - value: "2.0.0"
      source: alpha-docs
      as_of: "2026-11-01"
      from: "2026-01-14"
verdicts:
""", 1))
    result = run_check(root)
    assert not [p for p in result.problems if p.severity == "error"], result.problems
    return SiteData(result.dataset)


def test_a_release_becomes_an_all_day_event_with_crlf_lines_and_a_data_dated_stamp(tmp_path: Path) -> None:
    site = _site(tmp_path, "Alpha")
    first = calendar_ics(site, "https://example.org/")
    text = first.decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert "DTSTART;VALUE=DATE:20260114\r\nDTEND;VALUE=DATE:20260115\r\n" in text
    assert f"DTSTAMP:{site.data_date:%Y%m%d}T000000Z" in text
    assert "2.0.0 released" in text and "URL:https://example.org/frameworks/alpha/" in text
    assert calendar_ics(_site(tmp_path / "again", "Alpha"), "https://example.org/") == first  # reproducible


def test_hostile_name_text_is_escaped_and_cannot_end_the_event(tmp_path: Path) -> None:
    text = calendar_ics(_site(tmp_path, '"Al,pha; \\\\ END:VEVENT"'), "https://example.org/").decode("utf-8")
    assert "SUMMARY:Al\\,pha\\; \\\\ END:VEVENT 2.0.0 released\r\n" in text
    assert text.count("END:VEVENT") == 2  # the real one and the escaped text inside SUMMARY
    assert text.count("\r\nEND:VEVENT\r\n") == 1

"""An iCalendar (RFC 5545) file of the dates in the data: releases and ends of development.

Releases come from each framework's `latest_version` entries (their `from` date) and its current
`latest_release_date`; ends of development from `status` entries that begin maintenance or
discontinuation. Only dates known to the day become events (all-day, VALUE=DATE). DTSTAMP is the
data date, never the clock, and each UID is a hash of what the event is, so the same data always
gives the same bytes and a calendar program sees an updated event, not a new one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from macros.load.dates import PartialDate
from macros.views.site_data import SiteData

_STATUS_EVENTS = {"maintenance": "development ends, maintenance only", "discontinued": "discontinued"}
_LINE_OCTETS = 75


@dataclass(frozen=True)
class CalendarEvent:
    day: dt.date
    summary: str
    url: str
    key: str  # what the event is, for a stable UID


def escape_text(text: str) -> str:
    """RFC 5545 3.3.11 TEXT: backslash, semicolon, comma and line breaks escaped."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    # Other control characters cannot appear in a content line (3.1): dropped.
    return "".join(c for c in text if c == "\t" or ord(c) >= 0x20 and ord(c) != 0x7F)


def fold(line: str) -> str:
    """RFC 5545 3.1: lines of at most 75 octets, continued on lines that start with a space; a
    UTF-8 character is never split."""
    parts: list[str] = []
    current, size, limit = "", 0, _LINE_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            parts.append(current)
            current, size, limit = "", 0, _LINE_OCTETS - 1
        current += char
        size += octets
    parts.append(current)
    return "\r\n ".join(parts)


def _day(date: PartialDate | None) -> dt.date | None:
    return date.earliest if date is not None and date.day is not None else None


def calendar_events(site: SiteData) -> list[CalendarEvent]:
    events: dict[str, CalendarEvent] = {}
    for fw in site.frameworks:
        page = f"frameworks/{fw.id}/"
        release_days = set()
        for entry in fw.facts.get("latest_version", ()):
            if (day := _day(entry.since)) is not None:
                release_days.add(day)
                key = f"release\0{fw.id}\0{entry.value}\0{day}"
                events[key] = CalendarEvent(day, f"{fw.name} {entry.value} released", page, key)
        for entry in fw.current_entries("latest_release_date"):
            day = _day(PartialDate.parse(entry.value))
            if day is not None and day not in release_days:
                key = f"release\0{fw.id}\0\0{day}"
                events[key] = CalendarEvent(day, f"{fw.name}: latest release", page, key)
        for entry in fw.facts.get("status", ()):
            if entry.value in _STATUS_EVENTS and (day := _day(entry.since)) is not None:
                key = f"status\0{fw.id}\0{entry.value}\0{day}"
                events[key] = CalendarEvent(day, f"{fw.name}: {_STATUS_EVENTS[entry.value]}", page, key)
    return sorted(events.values(), key=lambda e: (e.day, e.key))


def calendar_ics(site: SiteData, site_url: str) -> bytes:
    stamp = f"{site.data_date:%Y%m%d}T000000Z"
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Framework Facts//Release calendar//EN",
             "CALSCALE:GREGORIAN", "X-WR-CALNAME:Framework Facts: releases and ends of development"]
    for event in calendar_events(site):
        uid = hashlib.sha256(event.key.encode("utf-8")).hexdigest()[:32]
        lines += ["BEGIN:VEVENT", f"UID:{uid}@framework-facts", f"DTSTAMP:{stamp}",
                  f"DTSTART;VALUE=DATE:{event.day:%Y%m%d}",
                  f"DTEND;VALUE=DATE:{event.day + dt.timedelta(days=1):%Y%m%d}",
                  f"SUMMARY:{escape_text(event.summary)}", f"URL:{site_url}{event.url}",
                  "TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines).encode("utf-8")

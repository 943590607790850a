"""Atom feeds of the changes (changes.py): one for the site, one per framework, written with feedgen.

Feeds need absolute links, so they take the site's published address (`site_url` in mkdocs.yml).
Every date is the data's own; nothing reads the clock, so the same data gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from feedgen.feed import FeedGenerator

from macros.views.changes import SITE_FEED_LENGTH, Change, changes
from macros.views.site_data import SiteData


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


def _feed(site_url: str, path: str, title: str, subtitle: str, page: str, entries: list[Change],
          updated: dt.date) -> bytes:
    feed = FeedGenerator()
    feed.id(site_url + path)
    feed.title(title)
    feed.subtitle(subtitle)
    feed.author({"name": "Framework Facts"})
    feed.link(href=site_url + path, rel="self", type="application/atom+xml")
    feed.link(href=site_url + page, rel="alternate", type="text/html")
    feed.language("en")
    # The newest entry's date, else the data's: an empty feed is still valid and still reproducible.
    feed.updated(_moment(entries[0].day if entries else updated))
    for change in entries:
        entry = feed.add_entry(order="append")
        entry.id(f"{site_url}changes/#{quote(change.key, safe='/')}")  # an IRI: no spaces
        entry.title(change.title)
        entry.updated(_moment(change.day))
        entry.link(href=site_url + change.path, rel="alternate", type="text/html")
        entry.summary(change.summary)
    return feed.atom_str(pretty=True)


def site_feed(site: SiteData, site_url: str) -> bytes:
    return _feed(site_url, "feeds/all.xml", "Framework Facts: what changed",
                 "New facts, claims and verdicts in the data of Framework Facts.", "changes/",
                 changes(site)[:SITE_FEED_LENGTH], site.data_date)


def framework_feed(site: SiteData, framework_id: str, site_url: str) -> bytes:
    fw = site.data.frameworks[framework_id]
    return _feed(site_url, f"feeds/{fw.id}.xml", f"Framework Facts: {fw.name}",
                 f"New facts, claims and verdicts about {fw.name}.", f"frameworks/{fw.id}/",
                 changes(site, fw.id), site.data_date)

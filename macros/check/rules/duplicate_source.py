"""A page is recorded as a source once: two sources whose URLs lead to the same page would list it
twice on the Sources page and split the evidence it gives between two ids.

Two URLs are the same page when they differ only in what no reader would call a different page: the
case of the scheme and host, a default port, a trailing slash, or a `#fragment` (a place on the
page). Everything else counts: another commit of a file, another release or package version, or
another query is another page."""

from __future__ import annotations

from collections.abc import Iterator

import ada_url

from macros.check.config import CheckConfig
from macros.model.types import Dataset, Source
from macros.problems import Problem, error, quote

RULE_ID = "duplicate-source"


def page_key(url: str) -> str:
    """What `url` and every URL of the same page have in common (the fragment left out)."""
    try:
        parsed = ada_url.URL(url)  # lower-cases the scheme and host, drops a default port
    except ValueError:
        return url  # not a link at all: the link rule says so; compare it as written
    path = parsed.pathname.rstrip("/") or "/"
    return f"{parsed.protocol}//{parsed.host}{path}{parsed.search}"


def check(data: Dataset, config: CheckConfig) -> Iterator[Problem]:
    first: dict[str, Source] = {}
    for source in data.sources.values():  # a repeated id is duplicate-id's, not a second page
        if not source.url:
            continue
        earlier = first.setdefault(page_key(source.url), source)
        if earlier is not source:
            yield error(
                RULE_ID,
                source.fields["url"],
                f"source {quote(source.id)} records the same page as source {quote(earlier.id)} at "
                f"{earlier.fields['url']}",
                f"merge it into {quote(earlier.id)}: keep one record per page and make everything that cites "
                f"{quote(source.id)} cite {quote(earlier.id)}",
            )

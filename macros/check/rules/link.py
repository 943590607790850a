"""Links are well-formed http(s) URLs: no `javascript:`, `data:` or relative links reach a page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from macros.check.config import CheckConfig
from macros.model.types import Dataset
from macros.problems import Location, Problem, error

RULE_ID = "link"
_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f\x7f]")  # \s is str.isspace(): any Unicode space


def link_problem(url: str) -> str | None:
    """Why `url` may not be linked, or None when it may."""
    if _SPACE_OR_CONTROL.search(url):
        return "contains spaces or control characters"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError:
        return "is not a well-formed URL"
    if parts.scheme not in {"http", "https"}:
        return f"uses scheme '{parts.scheme}:'" if parts.scheme else "has no http:// or https:// scheme"
    if not parts.hostname or "." not in parts.hostname.strip("."):
        return "has no valid host name"
    return None


def check(data: Dataset, config: CheckConfig) -> Iterator[Problem]:
    urls: list[tuple[str, Location]] = [(s.url, s.fields["url"]) for s in data.source_definitions if s.url]
    for fw in data.framework_list:
        for fact in ("homepage", "repository"):
            urls += [(e.value, e.fields["value"]) for e in fw.facts.get(fact, ())]
    for url, where in urls:
        why = link_problem(url)
        if why:
            yield error(
                RULE_ID,
                where,
                f"link {url[:80]!r} {why}",
                "links must be absolute http:// or https:// URLs, e.g. https://github.com/pytorch/pytorch",
            )

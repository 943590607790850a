"""Links are plain absolute http(s) URLs whose host is the one a reader sees: no `javascript:`,
`data:` or relative links, and none of the tricks that make a browser go somewhere other than where
the text seems to point (user:password@, backslashes, invisible or non-ASCII characters in the host).

URLs are parsed by ada (a WHATWG URL Standard parser, the standard browsers implement), so the host
checked here is the host a browser would connect to.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import ada_url

from macros.check.config import CheckConfig
from macros.model.types import Dataset
from macros.problems import Location, Problem, error, quote

RULE_ID = "link"
# Spaces, controls and every invisible or direction-changing character (as in common.schema.json).
_SPACE_CONTROL_OR_INVISIBLE = re.compile(
    r"[\s\x00-\x1f\x7f-\x9f\xad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2028-\u202e"
    r"\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\U000e0000-\U000e0fff]"
)
_WRITTEN_HOST = re.compile(r"https?://(?P<host>\[[^\]]*\]|[^/?#:]*)")


def link_problem(url: str) -> str | None:
    """Why `url` may not be linked, or None when it may."""
    if _SPACE_CONTROL_OR_INVISIBLE.search(url):
        return "contains spaces, control or invisible characters"
    if "\\" in url:
        return "contains a backslash, which browsers read as a slash (the host may not be what it seems)"
    written = _WRITTEN_HOST.match(url)
    if written is None:
        scheme = url.split(":", 1)[0] if ":" in url else ""
        if scheme.lower() in {"http", "https"}:
            return "must start with http:// or https:// in lower case"
        return f"uses scheme {quote(scheme + ':')}" if scheme else "has no http:// or https:// scheme"
    try:
        parsed = ada_url.URL(url)
    except ValueError:
        return "is not a well-formed URL"
    if parsed.username or parsed.password or "@" in written.group("host"):
        return "contains a user name or password (user@host), which hides the real host"
    host = parsed.hostname
    if written.group("host").lower() != host:
        return f"names its host in a form browsers rewrite (they go to {quote(host)}); write the host as plain ASCII"
    if "." not in host.strip(".") and not host.startswith("["):
        return "has no valid host name"
    return None


def check(data: Dataset, config: CheckConfig) -> Iterator[Problem]:
    urls: list[tuple[str, Location]] = [(s.url, s.fields["url"]) for s in data.source_definitions if s.url]
    for fw in data.framework_list:
        for fact in ("homepage", "repository"):
            urls += [(e.value, e.fields["value"]) for e in fw.facts.get(fact, ())]
    urls += [(m.contributed_url, m.contributed_url_at) for m in data.measurements
             if m.contributed_url and m.contributed_url_at]
    urls += [(i.contributed_url, i.contributed_url_at) for i in data.inference
             if i.contributed_url and i.contributed_url_at]
    for url, where in urls:
        why = link_problem(url)
        if why:
            yield error(
                RULE_ID,
                where,
                f"link {quote(url)} {why}",
                "links must be absolute http:// or https:// URLs, e.g. https://github.com/pytorch/pytorch",
            )

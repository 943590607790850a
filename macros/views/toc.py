"""The table of contents of a page generated from data, read from the headings of its HTML.

Such a page skips Markdown (the hook puts the view's HTML in directly), so Markdown's toc extension
never sees its headings; this gives MkDocs the same tokens that extension would: h2 and h3 with an
id, h3 nested under the h2 before it, names as escaped text.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import Any

TocToken = dict[str, Any]  # {"level": int, "id": str, "name": str (HTML), "children": [TocToken]}


class _Headings(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str, str]] = []
        self._open: tuple[int, str] | None = None
        self._text: list[str] = []
        self._skip = 0  # depth inside a mark or badge: not part of the heading's name

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag in {"h2", "h3"} and found.get("id"):
            self._open, self._text = (int(tag[1]), found["id"] or ""), []
        elif self._open and tag == "span" and "ff-badge" in (found.get("class") or ""):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if self._open and tag == f"h{self._open[0]}":
            level, ident = self._open
            self.found.append((level, ident, " ".join("".join(self._text).split()).rstrip(":")))
            self._open = None
        elif self._open and tag == "span" and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if self._open and not self._skip:
            self._text.append(data)


# The h2 and h3 elements of a page. Parsing only them, not the whole page (tables of hundreds of
# cells), is what keeps this cheap; attribute values from data are escaped, so no `>` hides in one.
_HEADING = re.compile(r"<h([23])\b[^>]*>.*?</h\1\s*>", re.DOTALL | re.IGNORECASE)


def toc_tokens(page_html: str) -> list[TocToken]:
    parser = _Headings()
    for heading in _HEADING.finditer(page_html):
        parser.feed(heading.group())
    parser.close()
    tokens: list[TocToken] = []
    for level, ident, name in parser.found:
        token = {"level": level, "id": ident, "name": html.escape(name), "children": []}
        if level == 3 and tokens:
            tokens[-1]["children"].append(token)
        else:
            tokens.append(token)
    return tokens

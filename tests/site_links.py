"""Every internal link and fragment of a built site, and the ones that lead nowhere."""

from __future__ import annotations

import html.parser
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit


class _Page(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])  # type: ignore[arg-type]
        for key in ("href", "src"):
            if tag in ("a", "link", "script", "img") and values.get(key) is not None:
                self.links.append(values[key])  # type: ignore[arg-type]


@dataclass(frozen=True)
class BrokenLink:
    page: str
    href: str
    why: str


def broken_links(site: Path) -> list[BrokenLink]:
    pages: dict[Path, _Page] = {}
    for file in sorted(site.rglob("*.html")):
        parsed = _Page()
        parsed.feed(file.read_text(encoding="utf-8"))
        pages[file] = parsed
    broken = []
    for file, parsed in pages.items():
        if file.name == "404.html":
            continue  # served at any depth, so it links absolutely to the published base path
        relative = file.relative_to(site)
        # An evidence fragment is shown inside its framework page: its links are that page's.
        if len(relative.parts) == 4 and relative.parts[0] == "frameworks" and relative.parts[2] == "evidence":
            relative = Path(*relative.parts[:2]) / "index.html"
        base = "/" + relative.as_posix()
        for href in parsed.links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc:
                continue
            target = urlsplit(urljoin(base, href))
            path = site / unquote(target.path).lstrip("/")
            if target.path.endswith("/") or path.is_dir():
                path = path / "index.html"
            if not path.exists():
                broken.append(BrokenLink(str(file.relative_to(site)), href, "no such page"))
            elif target.fragment and path in pages and unquote(target.fragment) not in pages[path].ids:
                broken.append(BrokenLink(str(file.relative_to(site)), href, "no such anchor"))
    return broken

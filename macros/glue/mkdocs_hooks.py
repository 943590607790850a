"""MkDocs hooks: check the data before anything is built, then add the pages and files made from it.

- on_config: run the checker; on any error stop the build with its located messages (nothing is
  written to site/). Pin the build date to the data's date so two builds are byte-identical.
  Point MkDocs at a staging folder: on_post_build moves it into place only when the whole build
  succeeded; on a failure anywhere (on_build_error, or strict warnings) it is deleted, so no
  partial site is ever published. Each generated page's HTML is rendered in on_files, before
  MkDocs writes anything.
- on_files: one page per framework, attribute and compared pair, the JSON/CSV exports, the JSON
  Schemas, and the table sorter from node_modules.
- on_page_markdown: replace the macro calls of the hand-written pages in content/ with the views'
  HTML (page_macros.py: `{{ name() }}` and no other template syntax); give generated pages their
  titles from data, escaped; point every page's "edit this page" button at the file a contributor
  edits: the framework's YAML for a framework page, the Markdown for a hand-written one.
- on_page_content: fill each page generated from data with its view's HTML.
- on_post_build: leave the search index's empty sections out (views/search_index.py), then move
  the finished site into place.

A page generated from data has no source text, so Markdown has nothing to read: the hook puts the
view's finished HTML in as the page's content. The views' HTML needs no Markdown (it is escaped and
linked already), there is no template source to get wrong, and it spares each build a Markdown pass
over every framework, attribute and pair page, which took a third of the build. Hand-written pages
go through Markdown as usual, with their macro calls expanded first. No data text is ever read as a
template: nothing here evaluates one.
"""

from __future__ import annotations

import calendar
import html
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from macros.glue import page_macros, state
from macros.load import ids
from macros.load.dates import pinned_build_date
from macros.views import attribute as attribute_view
from macros.views import calendar as calendar_view
from macros.views import changes, exports, feeds, search_index
from macros.views import framework as framework_view
from macros.views import pair as pair_view
from macros.views.common import Links, links_for
from macros.views.site_data import SiteData
from macros.views.toc import toc_tokens

PROJECT = Path(__file__).resolve().parents[2]
VENDOR_FILES = {
    "assets/vendor/tablesort.min.js": "node_modules/tablesort/dist/tablesort.min.js",
    "assets/vendor/tablesort.number.min.js": "node_modules/tablesort/dist/sorts/tablesort.number.min.js",
}

# A page generated from data has no source: its HTML comes from `_html`.
NO_SOURCE = ""
# The contributing guide is for people who change the data, who read it in the repository as well:
# left out of the search index, which every reader downloads (issue 20: at most 300 KB). It is
# Markdown shown as written: its macro-like examples are not expanded.
CONTRIBUTING_FRONT = "---\nsearch:\n  exclude: true\n---\n"

_titles: dict[str, str] = {}
_html: dict[str, str] = {}  # generated page -> its HTML, rendered before anything is written
_edit_paths: dict[str, str] = {}  # page -> the repository file its content comes from


class _Staging:
    """The build writes into a fresh folder beside site_dir and moves it into place only when the
    whole build has succeeded (strict warnings included): a failure at any step leaves no partial
    site, and the previous site, if any, as it was."""

    target: Path | None = None
    folder: Path | None = None
    warnings = 0

    @classmethod
    def begin(cls, config: MkDocsConfig) -> None:
        cls.discard(config)
        cls.target = Path(config.site_dir).resolve()
        cls.target.parent.mkdir(parents=True, exist_ok=True)
        cls.folder = Path(tempfile.mkdtemp(prefix=f".{cls.target.name}.building-", dir=cls.target.parent))
        cls.warnings = 0
        config.site_dir = str(cls.folder)

    @classmethod
    def finish(cls, config: MkDocsConfig) -> None:
        if cls.folder is None or cls.target is None:
            return
        if config.strict and cls.warnings:  # MkDocs aborts right after this hook: publish nothing
            cls.discard(config)
            return
        old = None
        if cls.target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{cls.target.name}.old-", dir=cls.target.parent))
            cls.target.rename(old / "site")
        cls.folder.rename(cls.target)
        config.site_dir = str(cls.target)
        cls.folder = None
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def discard(cls, config: MkDocsConfig) -> None:
        if cls.folder is not None:
            shutil.rmtree(cls.folder, ignore_errors=True)
            if cls.target is not None:
                config.site_dir = str(cls.target)
        cls.folder = None


class _WarningCounter(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        _Staging.warnings += 1


_WARNINGS = _WarningCounter(logging.WARNING)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    project = Path(config.config_file_path).resolve().parent
    try:
        site = state.load(project / "data")
    except state.InvalidData as exc:
        raise Abort(str(exc)) from None
    epoch = calendar.timegm(pinned_build_date(site.data_date).timetuple())
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    logging.getLogger("mkdocs").removeHandler(_WARNINGS)
    logging.getLogger("mkdocs").addHandler(_WARNINGS)
    _Staging.begin(config)
    return config


@event_priority(-100)  # after Material's search plugin has written its index
def on_post_build(config: MkDocsConfig) -> None:
    index = Path(config.site_dir) / "search" / "search_index.json"
    if index.is_file():
        index.write_text(search_index.without_empty_sections(index.read_text(encoding="utf-8")), encoding="utf-8")
    _Staging.finish(config)


def on_build_error(error: Exception) -> None:
    if _Staging.folder is not None:
        shutil.rmtree(_Staging.folder, ignore_errors=True)
        _Staging.folder = None


def _page(config: MkDocsConfig, files: Files, src_uri: str, view: Callable[[Links], str], title: str, edit_path: str,
          inclusion: InclusionLevel = InclusionLevel.UNDEFINED) -> None:
    page = File.generated(config, src_uri, content=NO_SOURCE, inclusion=inclusion)
    files.append(page)
    _html[src_uri] = view(links_for(page.url)).rstrip("\n")  # now: a failing view stops the build before any write
    _titles[src_uri] = title
    _edit_paths[src_uri] = edit_path


def on_files(files: Files, config: MkDocsConfig) -> Files:
    site = state.current()
    project = Path(config.config_file_path).resolve().parent
    _titles.clear()
    _html.clear()
    content = Path(config.docs_dir).resolve().relative_to(project).as_posix()
    _edit_paths.clear()
    _edit_paths.update({page.src_uri: f"{content}/{page.src_uri}" for page in files.documentation_pages()})
    site_url = config.site_url or ""
    if not site_url:
        raise Abort("mkdocs.yml has no site_url: the Atom feeds need the site's published address")
    files.append(File.generated(config, "feeds/all.xml", content=feeds.site_feed(site, site_url)))
    files.append(File.generated(config, "feeds/calendar.ics", content=calendar_view.calendar_ics(site, site_url)))
    for fw in site.frameworks:
        # Not in the nav: listing every framework in it would put the whole list on every page, so a
        # page's size would grow with the number of frameworks. The Frameworks section index lists them.
        _page(config, files, ids.output_path("framework", fw.id), lambda links, id=fw.id: framework_view.framework_page(site, id, links),
              fw.name, f"data/frameworks/{fw.id}.yaml", InclusionLevel.NOT_IN_NAV)
        files.append(File.generated(config, f"api/frameworks/{fw.id}.json",
                                    content=exports.dumps(exports.framework_json(site, fw))))
        for path, fragment in framework_view.evidence_fragments(site, fw.id, links_for(f"frameworks/{fw.id}/")).items():
            files.append(File.generated(config, f"frameworks/{fw.id}/{path}", content=fragment))
        files.append(File.generated(config, f"feeds/{fw.id}.xml", content=feeds.framework_feed(site, fw.id, site_url)))
        for badge, make in (("status", changes.status_badge), ("latest-version", changes.version_badge)):
            files.append(File.generated(config, f"api/badges/{fw.id}/{badge}.json", content=exports.dumps(make(site, fw))))
    for attribute in site.attributes:
        _page(config, files, ids.output_path("attribute", attribute.id),
              lambda links, id=attribute.id: attribute_view.attribute_page(site, id, links), attribute.name,
              "data/attributes.yaml")
    for a, b in site.static_pairs:
        _page(config, files, ids.output_path("pair", a.id, b.id),
              lambda links, a_id=a.id, b_id=b.id: pair_view.pair_page(site, a_id, b_id, links),
              f"{a.name} vs {b.name}", f"data/frameworks/{a.id}.yaml", InclusionLevel.NOT_IN_NAV)
    contributing = project / "CONTRIBUTING.md"
    if not contributing.is_file():
        raise Abort("CONTRIBUTING.md is missing: the site renders it as its contributing page")
    files.append(File.generated(config, "contributing.md", content=CONTRIBUTING_FRONT + contributing.read_text(encoding="utf-8")))
    _titles["contributing.md"] = "Contributing"
    _edit_paths["contributing.md"] = "CONTRIBUTING.md"
    files.append(File.generated(config, "api/frameworks.json", content=exports.all_frameworks_json(site)))
    files.append(File.generated(config, "api/matrix.csv", content=exports.matrix_csv(site)))
    for schema in sorted((project / "schema").glob("*.schema.json")):
        files.append(File.generated(config, f"schema/{schema.name}", abs_src_path=str(schema)))
    for dest, source in VENDOR_FILES.items():
        path = project / source
        if not path.is_file():
            raise Abort(f"{source} is missing: install the front-end libraries with `npm ci` (the Makefile does)")
        files.append(File.generated(config, dest, abs_src_path=str(path)))
    config.nav = _nav(site)
    return files


def _nav(site: SiteData) -> list[object]:
    """The site's navigation; attribute entries come from the data, frameworks from their index page."""
    return [
        "index.md",
        "matrix.md",
        "capabilities.md",
        "guide.md",
        "frameworks/index.md",  # the section index: every framework page is listed there, not in the nav
        {"Attributes": ["attributes/index.md", *(ids.output_path("attribute", a.id) for a in site.attributes)]},
        "compare/index.md",
        "disagreements.md",
        "myths.md",
        "benchmarks.md",
        "changes.md",
        "sources.md",
        "methodology.md",
        "contributing.md",
    ]


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    src_uri = page.file.src_uri
    title = _titles.get(src_uri)
    if title is not None:
        # MkDocs' and Material's templates print titles without escaping: escape the data here.
        page.meta["title"] = html.escape(title, quote=False)
    edit_base = config.extra.get("edit_base_url")
    if edit_base and src_uri in _edit_paths:
        page.edit_url = edit_base + _edit_paths[src_uri]
    if src_uri in _html or src_uri == "contributing.md":
        return markdown
    # MkDocs hands over the Markdown after the front matter: count its lines, so errors point at the file's.
    whole = page.file.content_string
    start = whole.rfind(markdown) if markdown else -1
    first_line = whole.count("\n", 0, start) + 1 if start > 0 else 1
    try:
        return page_macros.expand(markdown, _edit_paths.get(src_uri, src_uri), state.current(), links_for(page.url),
                                  first_line)
    except page_macros.PageMacroError as exc:
        raise Abort(f"{exc}\nno site was built") from None


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    content = _html.get(page.file.src_uri)
    if content is None:
        # A hand-written page whose sections come from a macro: Markdown's toc extension does not see
        # headings in raw HTML, so the page would have no table of contents and no skip link.
        if not list(page.toc):
            page.toc = get_toc(toc_tokens(html))
        if not list(page.toc):  # no heading at all (the guide): the skip link goes to where content starts
            html = '<span id="content-start"></span>' + html
            page.toc = get_toc([{"level": 2, "id": "content-start", "name": "Content", "children": []}])
        return html
    page.toc = get_toc(toc_tokens(content))  # the page skipped Markdown, whose toc extension would do this
    return content


_INDENTED_LINE_BREAKS = re.compile(r"[ \t]*\n\s*")


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Drop the indentation and blank lines of the theme's templates (a third of a framework page's bytes).

    Any run of whitespace holding a line break becomes one line break, which HTML reads the same,
    except in preformatted text: a page with <pre> or <textarea> is left as it is.
    """
    if "<pre" in output or "<textarea" in output:
        return output
    return _INDENTED_LINE_BREAKS.sub("\n", output)

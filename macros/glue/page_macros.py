"""The macros the hand-written pages in content/ call, and their expansion: a thin registry, the
views do the work.

A page calls a macro as `{{ name() }}` (no arguments, the whole call on one line), and the call is
replaced by the view's HTML, built from data and escaped there. Nothing else in a page is
template syntax: a `{{`, `{%` or `{#` that is not such a call is an error at its line and column,
and a name that is not registered is an error with the names that are. The HTML put in is never
read again, so data text that looks like a call stays text. This replaces the mkdocs-macros plugin,
which rendered every page as a Jinja template (a Jinja compile and render per page, and the whole
plugin imported, for eighteen calls), and keeps the pages movable to another generator.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from macros.model.measured import THRESHOLD, ratio_text
from macros.problems import Location, Problem, error
from macros.views import (
    benchmarks,
    capabilities,
    changes,
    disagreements,
    guide,
    listings,
    matrix,
    myths,
    rubrics,
    sources,
    start_here,
    timeline,
)
from macros.views.common import Links
from macros.views.site_data import SiteData

RULE_ID = "page-macro"

Macro = Callable[[SiteData, Links], str]

MACROS: dict[str, Macro] = {
    "matrix": matrix.matrix,
    "facts_table": matrix.facts_table,
    "timeline": timeline.timeline,
    "sources_page": sources.sources_page,
    "disagreements_page": disagreements.disagreements_page,
    "disputes_summary": disagreements.disputes_summary,
    "framework_list": listings.framework_list,
    "attribute_list": listings.attribute_list,
    "compare_page": listings.compare_page,
    "data_summary": listings.data_summary,
    "guide": guide.guide,
    "changes_page": changes.changes_page,
    "benchmarks_page": benchmarks.benchmarks_page,
    "measured_threshold": lambda site, links: ratio_text(THRESHOLD),
    "start_here": start_here.start_here,
    "capability_matrix": capabilities.capability_matrix,
    "myths_page": myths.myths_page,
    "rubrics": rubrics.rubrics_page,
}

_CALL = re.compile(r"\{\{ ?([A-Za-z_][A-Za-z0-9_]*)\(\) ?\}\}")
_TEMPLATE_SYNTAX = re.compile(r"\{\{|\{%|\{#")


class PageMacroError(Exception):
    """Every problem of one page's macro calls, each located; nothing of the page was rendered."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(line for p in problems for line in p.as_lines()))


def expand(source: str, shown_as: str, site: SiteData, links: Links, first_line: int = 1) -> str:
    """`source` with every macro call replaced by its HTML; raises PageMacroError listing every
    unknown name and every other piece of template syntax, before any macro runs. `first_line` is
    the line of the file `source` starts at (after the page's front matter)."""

    def _location(text: str, offset: int, shown: str) -> Location:
        line = text.count("\n", 0, offset) + first_line
        return Location(shown, line, offset - (text.rfind("\n", 0, offset) + 1) + 1)

    calls = list(_CALL.finditer(source))
    covered = {m.start() for m in calls}
    problems = [error(RULE_ID, _location(source, m.start(), shown_as), f"no macro is named {m.group(1)!r}",
                      "call one of: " + ", ".join(sorted(MACROS)) + " (as {{ name() }}), or register it in "
                      "macros/glue/page_macros.py")
                for m in calls if m.group(1) not in MACROS]
    problems += [error(RULE_ID, _location(source, m.start(), shown_as),
                       f"{m.group(0)!r} is template syntax, which pages do not have",
                       "a page calls a macro as {{ name() }} on its own; write other text without {{, {% or {#")
                 for m in _TEMPLATE_SYNTAX.finditer(source) if m.start() not in covered]
    if problems:
        raise PageMacroError(sorted(problems, key=lambda p: (p.where.line, p.where.column)))
    return _CALL.sub(lambda m: MACROS[m.group(1)](site, links), source)

"""mkdocs-macros module: a thin registry of the macros the hand-written pages in content/ call.
The views do the work.

Every macro returns HTML built from data by macros.views, escaped there. Page sources never contain
data text. Pages generated from data (one per framework, attribute, pair) skip mkdocs-macros: the
hook fills them from the same views (see mkdocs_hooks.py).
"""

from __future__ import annotations

from typing import Any

from macros.glue import state
from macros.model.measured import THRESHOLD, ratio_text
from macros.views import benchmarks, capabilities, changes, disagreements, guide, listings, matrix, myths, rubrics, sources, start_here, timeline
from macros.views.common import links_for


def define_env(env: Any) -> None:
    def links():
        return links_for(env.page.url)

    macros = {
        "matrix": lambda: matrix.matrix(state.current(), links()),
        "facts_table": lambda: matrix.facts_table(state.current(), links()),
        "timeline": lambda: timeline.timeline(state.current(), links()),
        "sources_page": lambda: sources.sources_page(state.current(), links()),
        "disagreements_page": lambda: disagreements.disagreements_page(state.current(), links()),
        "disputes_summary": lambda: disagreements.disputes_summary(state.current(), links()),
        "framework_list": lambda: listings.framework_list(state.current(), links()),
        "attribute_list": lambda: listings.attribute_list(state.current(), links()),
        "compare_page": lambda: listings.compare_page(state.current(), links()),
        "data_summary": lambda: listings.data_summary(state.current(), links()),
        "guide": lambda: guide.guide(state.current(), links()),
        "changes_page": lambda: changes.changes_page(state.current(), links()),
        "benchmarks_page": lambda: benchmarks.benchmarks_page(state.current(), links()),
        "measured_threshold": lambda: ratio_text(THRESHOLD),
        "start_here": lambda: start_here.start_here(state.current(), links()),
        "capability_matrix": lambda: capabilities.capability_matrix(state.current(), links()),
        "myths_page": lambda: myths.myths_page(state.current(), links()),
        "rubrics": lambda: rubrics.rubrics_page(state.current(), links()),
    }
    for name, function in macros.items():
        env.macro(function, name)

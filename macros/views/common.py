"""Shared pieces of every view: the template environment, links, footnotes, fact formatting.

Views return HTML strings. All text from data goes through Jinja's autoescaping as a *variable*,
never as template source, so `<script>` shows as text and `{{ 7*7 }}` stays `{{ 7*7 }}`.
"""

from __future__ import annotations

import datetime as dt

import re
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Iterator
from typing import Any

from jinja2 import BytecodeCache, Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.bccache import Bucket
from markupsafe import Markup

from macros.check.rules.link import link_problem
from macros.model.capability_kinds import KINDS_BY_ID
from macros.model.types import Claim, ComparisonClaim, FactEntry, Framework, RatingClaim, Source, Statement
from macros.views.site_data import SiteData

TEMPLATES = Path(__file__).parent / "templates"

class _CompiledTemplates(FileSystemBytecodeCache):
    """Jinja's cache of compiled templates (a private per-user folder under the system's temporary
    folder, written atomically, keyed by the template's name and checked against its source).
    Compiling our templates is a tenth of a build; every build after the first loads them, as Python
    loads .pyc files. A cache that cannot be read or written only means compiling again."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # an unreadable or damaged entry (a cut-short write, another version's): compile again
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _compiled_templates() -> BytecodeCache | None:
    try:
        return _CompiledTemplates()
    except (OSError, RuntimeError):  # no private temporary folder to be had: compile every time
        return None


_ENV = Environment(
    loader=FileSystemLoader(TEMPLATES),
    bytecode_cache=_compiled_templates(),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=False,
)


def render(template: str, **context: Any) -> str:
    html = _ENV.get_template(template).render(**context)
    # Markdown treats a blank line as the end of an HTML block; keep every block in one piece.
    return "\n".join(line for line in html.splitlines() if line.strip()) + "\n"


def safe_url(url: str | None) -> str | None:
    """The URL if it may be linked (http or https, well formed), else None."""
    return url if url and link_problem(url) is None else None


@dataclass(frozen=True)
class Links:
    """Relative links from one page to the others (`root` leads from the page to the site root)."""

    root: str

    def framework(self, framework_id: str, anchor: str = "") -> str:
        return f"{self.root}frameworks/{framework_id}/" + (f"#{anchor}" if anchor else "")

    def attribute(self, attribute_id: str) -> str:
        return f"{self.root}attributes/{attribute_id.replace('_', '-')}/"

    def source(self, source_id: str) -> str:
        return f"{self.root}sources/#source-{source_id}"

    def pair(self, slug: str) -> str:
        return f"{self.root}compare/{slug}/"

    def page(self, path: str) -> str:
        return f"{self.root}{path}"


def links_for(page_url: str) -> Links:
    """Links for a page at `page_url` (MkDocs' page.url, e.g. 'frameworks/keras/' or '')."""
    depth = page_url.strip("/").count("/") + 1 if page_url.strip("/") else 0
    return Links("../" * depth)


@dataclass
class Footnotes:
    """Numbered citations for one page; each note links to the source on the sources page."""

    site: SiteData
    links: Links
    prefix: str = "fn"
    order: list[str] = field(default_factory=list)

    def cite(self, source_id: str, locator: str | None = None) -> Markup:
        if source_id not in self.order:
            self.order.append(source_id)
        number = self.order.index(source_id) + 1
        title = self.site.data.sources[source_id].title if source_id in self.site.data.sources else source_id
        label = f"{title}" + (f", {locator}" if locator else "")
        # No class on the <sup>: a framework page carries dozens of these, and a bare sup is styled alike.
        return Markup('<sup><a href="#{p}-{n}" title="{t}">[{n}]</a></sup>').format(
            p=self.prefix, n=number, t=label
        )

    # Templates take the Footnotes object itself and list it when they reach the footer, so a citation
    # made while the page's other parts are computed is never missing from the list.
    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.notes)

    def __bool__(self) -> bool:
        return bool(self.order)

    @property
    def notes(self) -> list[dict[str, Any]]:
        sources = self.site.data.sources
        return [
            {"number": i + 1, "id": f"{self.prefix}-{i + 1}", "source": sources.get(sid), "source_id": sid,
             "href": self.links.source(sid)}
            for i, sid in enumerate(self.order)
        ]


@dataclass
class SourceLinks:
    """Citations as direct links to the sources page (the source's title), for HTML that has no footnotes:
    the evidence fragments a framework page loads on demand."""

    site: SiteData
    links: Links

    def cite(self, source_id: str, locator: str | None = None) -> Markup:
        source = self.site.data.sources.get(source_id)
        return Markup(' <a class="ff-source-link" href="{h}">{t}</a>').format(
            h=self.links.source(source_id), t=source.title if source else source_id)


def with_source_titles(text: str, site: SiteData, links: Links) -> Markup:
    """Free text from data (a rationale, a reason) with every source id in it shown as the source's title,
    linked to the sources page. Rationales are written with ids ("article-keras-vs-pytorch calls it ..."),
    which mean nothing to a reader; the data keeps them, so the checker's readers and the diff see ids."""
    sources = site.data.sources
    parts: list[Markup] = []
    last = 0
    for match in _WORD.finditer(text):
        source = sources.get(match.group(0))
        if source is None:
            continue
        parts.append(Markup("{}").format(text[last:match.start()]))
        parts.append(Markup('<a class="ff-source-link" href="{h}">{t}</a>').format(
            h=links.source(source.id), t=source.title))
        last = match.end()
    parts.append(Markup("{}").format(text[last:]))
    return Markup("").join(parts)


# A source id is a whole word: a maximal run of letters, digits, underscores and hyphens, so
# "keras-benchmarks-2" is that id and not "keras-benchmarks" followed by "-2", "keras-benchmarks."
# ends a sentence, and "keras-benchmarks-x" is another word. Looking each word up is linear in the
# text, where one pattern of every id tried at every position was not.
_WORD = re.compile(r"[\w-]+")


FACT_LABELS = {
    "developer": "Developer",
    "first_release": "First release",
    "license": "License",
    "implementation_languages": "Written in",
    "interface_languages": "Interfaces",
    "status": "Status",
    "latest_version": "Latest version",
    "execution_model": "Execution model",
    "backends": "Backends",
    "built_on": "Built on",
    "distributed_training": "Distributed training",
    "deployment_targets": "Deployment targets",
    "hardware": "Hardware",
    "homepage": "Homepage",
    "repository": "Repository",
}

INDICATOR_LABELS = {
    "downloads_per_month": "Downloads in a month",
    "contributors_12m": "Contributors in 12 months",
    "commits_12m": "Commits in 12 months",
    "releases_12m": "Releases in 12 months",
    "latest_release_date": "Latest release",
    "survey_share": "Developer survey share",
}


def fact_label(fact: str) -> str:
    kind = KINDS_BY_ID.get(fact)
    return FACT_LABELS.get(fact) or INDICATOR_LABELS.get(fact) or (kind.label if kind else fact.replace("_", " "))


def number_text(value: object) -> str:
    """12345678 -> '12,345,678'; 10.5 -> '10.5'; anything else as written."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return f"{int(value):,}"
    return str(value)


VALUE_LABELS = {
    "eager": "eager",
    "static-graph": "static graph",
    "graph-capture": "graph capture (tracing/compilation)",
    "built-in": "built in",
    "via-library": "via a separate library",
    "none": "none",
    "cuda": "NVIDIA CUDA",
    "rocm": "AMD ROCm",
    "tpu": "Google TPU",
    "apple-silicon": "Apple silicon",
    "intel-gpu": "Intel GPU",
    "ascend": "Huawei Ascend",
    "cpu": "CPU",
    "other": "other",
    "server": "server",
    "mobile": "mobile",
    "edge": "edge devices",
    "browser": "web browser",
    "microcontroller": "microcontrollers",
}


def _values_text(fact: str, values: tuple[Any, ...], site: SiteData, separator: str) -> str:
    if fact in {"backends", "built_on"}:
        return separator.join(framework_name(site, v) for v in values)
    return separator.join(VALUE_LABELS.get(str(v), str(v)) for v in values)


def fact_text(entry: FactEntry, site: SiteData) -> str:
    """A fact's value as plain text (ids of frameworks shown by name)."""
    value = entry.value
    return _values_text(entry.fact, value if isinstance(value, tuple) else (value,), site, ", ")


def current_fact_text(fw: Framework, fact: str, site: SiteData) -> str | None:
    """Every value of a fact that holds now, as text; None when no entry holds now.

    List values merge into one list ("CPU, NVIDIA CUDA, Apple silicon"); single values that hold
    side by side (two developers) are separated by semicolons, as they come from separate entries.
    """
    entries = fw.current_entries(fact)
    if not entries:
        return None
    listed = any(isinstance(e.value, tuple) for e in entries)
    return _values_text(fact, fw.current_values(fact), site, ", " if listed else "; ")


def framework_name(site: SiteData, framework_id: str) -> str:
    fw = site.data.frameworks.get(framework_id)
    return fw.name if fw else framework_id


# The indicators counted over a window that ends on the entry's as_of (the schema defines them; all in UTC).
TWELVE_MONTH_INDICATORS = ("contributors_12m", "commits_12m", "releases_12m")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")  # not strftime's %B, which follows the locale


def indicator_window(entry: FactEntry) -> str:
    """The window an indicator's figure covers, in reader words: '12 months to 2026-06-30, UTC',
    'March 2026, UTC' (a download count of one calendar month), '' when the figure has none."""
    end = entry.as_of
    if entry.fact in TWELVE_MONTH_INDICATORS:
        return f"12 months to {end}, UTC"
    if entry.fact == "downloads_per_month":
        if end.day is not None and (end.earliest + dt.timedelta(days=1)).day == 1:
            return f"{MONTHS[end.earliest.month - 1]} {end.earliest.year}, UTC"
        return f"the month to {end}, UTC"
    if entry.fact == "latest_release_date":
        return f"as of {end}"
    return ""


def period(entry: FactEntry) -> str:
    if entry.since and entry.until:
        return f"{entry.since} to {entry.until}"
    if entry.since:
        return f"since {entry.since}"
    if entry.until:
        return f"until {entry.until}"
    return ""


def claim_value(site: SiteData, claim: Claim) -> str:
    if isinstance(claim, RatingClaim):
        return level_label(site, claim.attribute, claim.level)
    if isinstance(claim, ComparisonClaim):
        return f"{framework_name(site, claim.framework)} {claim.relation_phrase} {framework_name(site, claim.than)}"
    if isinstance(claim, Statement):
        return claim.summary
    return ""


def level_label(site: SiteData, attribute_id: str, level_id: str) -> str:
    attribute = site.data.attributes.get(attribute_id)
    level = attribute.scale.level(level_id) if attribute and attribute.scale else None
    return level.label if level else level_id


def source_kind_label(source: Source | None) -> str:
    return (source.kind.replace("-", " ") if source else "unknown")


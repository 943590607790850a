"""The identifier grammar, and the one function that turns ids into the paths of generated pages.

The grammar is schema/common.schema.json's: editors, the schema check and this module read the
same patterns, so there is one definition. Its patterns end in `(?![\\s\\S])` rather than `$`,
because Python's `$` also matches before a final newline ("keras\\n" would pass); here they are
applied with `fullmatch` on top.

Every page generated from data is named by `output_path`, which refuses the names a page of the
site already has (`index`, ...) and ids that would make two pages share one path, so no data can
overwrite the overview pages or another framework's page.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any, Literal

# The JSON Schemas: inside the package (macros/schema, a link to the repository's schema/ that
# `pip install .` copies as package data), so an installed checker finds them too.
SCHEMA_DIR = Path(__file__).resolve().parents[1] / "schema"
if not SCHEMA_DIR.is_dir():  # a checkout whose link was not kept (e.g. an archive without links)
    SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schema"


@cache
def common_defs() -> dict[str, Any]:
    """The shared definitions (ids, names, text, dates, URLs) of schema/common.schema.json."""
    defs: dict[str, Any] = json.loads((SCHEMA_DIR / "common.schema.json").read_text(encoding="utf-8"))["$defs"]
    return defs


@cache
def _pattern(definition: str) -> re.Pattern[str]:
    return re.compile(common_defs()[definition]["pattern"])


def matches(definition: str, value: object) -> bool:
    """Whether `value` is a string of the common definition `definition` (its pattern and length)."""
    spec = common_defs()[definition]
    return (
        isinstance(value, str)
        and spec.get("minLength", 0) <= len(value) <= spec.get("maxLength", len(value))
        and _pattern(definition).fullmatch(value) is not None
    )


def is_id(value: object) -> bool:
    return matches("id", value)


# Names a generated page may not take. `index` is each folder's overview page; the others are
# folders and files of the site (a page named `api` under a folder would still be harmless, but one
# list for every folder keeps the rule simple). `constructor` is a property every JavaScript object
# has: an id equal to it would make the compare page read the wrong thing.
RESERVED = frozenset({"index", "404", "api", "assets", "schema", "search", "sitemap", "constructor"})

# A pair page is `compare/<a>-vs-<b>`; ids cannot contain `--`, and framework ids may not contain the
# word `vs` between hyphens, so the slug names exactly one pair.
_PAIR_SEPARATOR = "vs"

PageKind = Literal["framework", "attribute", "pair"]


class BadOutputName(ValueError):
    """An id that cannot name a generated page; the message says why."""


def name_problem(kind: PageKind, ident: str) -> str | None:
    """Why `ident` (a framework or attribute id) cannot name a page, or None when it can."""
    grammar = "attributeId" if kind == "attribute" else "id"
    if not matches(grammar, ident):
        return "it is not a valid id"
    if ident in RESERVED or ident.replace("_", "-") in RESERVED:
        return f"{ident!r} is the name of a page or folder the site already has"
    if kind == "framework" and _PAIR_SEPARATOR in ident.split("-"):
        return f"the word {_PAIR_SEPARATOR!r} between hyphens would make compare page names ambiguous"
    return None


def output_path(kind: PageKind, *ids: str) -> str:
    """The source path (under the docs folder) of the page generated for a framework, an attribute or
    a pair of frameworks. Raises BadOutputName for an id that cannot name a page."""
    part_kind: PageKind = "attribute" if kind == "attribute" else "framework"
    for ident in ids:
        why = name_problem(part_kind, ident)
        if why:
            raise BadOutputName(why)
    if kind == "framework" and len(ids) == 1:
        return f"frameworks/{ids[0]}.md"
    if kind == "attribute" and len(ids) == 1:
        return f"attributes/{ids[0].replace('_', '-')}.md"
    if kind == "pair" and len(ids) == 2 and ids[0] != ids[1]:
        return f"compare/{pair_slug(*ids)}.md"
    raise BadOutputName(f"no page of kind {kind} for {ids!r}")


def pair_slug(a: str, b: str) -> str:
    first, second = sorted((a, b))
    return f"{first}-{_PAIR_SEPARATOR}-{second}"

"""`python -m macros new <id>`: start data/frameworks/<id>.yaml for a first-time contributor.

The file explains itself in comments (what a fact entry holds, where sources go, which facts
exist), so nobody has to read Python or the schema to fill it in. Every placeholder is an empty
string, which the schema rejects: an unfinished file fails `python -m macros check` with one
located message per placeholder and can never reach the site. Once each placeholder is filled
in (and its source exists), the file passes. The list of facts is read from the schema, so it
stays in step with it.
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from macros.authoring.atomic_write import write_atomic
from macros.authoring.fix import modeline
from macros.authoring.key_order import SCHEMA_DIR
from macros.load.data_tree import Kind, shown_path
from macros.load.ids import common_defs, name_problem
from macros.problems import Location, Problem, error, quote

_WIDTH = 100
_SCAFFOLDED_FACT = "license"  # every framework has one, and a primary source (its LICENSE file) for it


class BadId(ValueError):
    """The id cannot name a framework (the message says why)."""


@dataclass(frozen=True)
class Created:
    path: Path
    shown: str


@cache
def _schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


def check_id(framework_id: str) -> None:
    """Refuse, before anything is written, every id the checker would refuse: the same validator
    (grammar, length, names the site's pages already have, `vs` between hyphens)."""
    why = name_problem("framework", framework_id)
    if why == "it is not a valid id":
        raise BadId(
            f"{quote(framework_id)} is not a valid framework id: use lowercase letters, digits and single hyphens, "
            f"at most {common_defs()['id']['maxLength']} characters, e.g. tensorflow-js (it is also the file name)"
        )
    if why:
        raise BadId(f"{quote(framework_id)} is not a valid framework id: {why}")


def create(data_dir: Path, framework_id: str) -> Created | Problem:
    """Write the scaffold, or return why not (the file exists, or it could not be written). Raises BadId
    for a malformed id."""
    check_id(framework_id)
    path = data_dir / "frameworks" / f"{framework_id}.yaml"
    shown = shown_path(path.absolute())
    exists = error("new-exists", Location(shown, 1, 1), f"framework '{framework_id}' already exists",
                   "edit that file, or choose another id")
    if path.exists():
        return exists
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, scaffold_text(framework_id).encode("utf-8"), overwrite=False)  # never overwrite, even in a race
    except FileExistsError:
        return exists
    except OSError as exc:  # nothing was written (a full disk, a read-only folder)
        return error("new-unwritable", Location(shown, 1, 1), f"cannot write the file: {exc.strerror or exc}",
                     "free some disk space or fix the folder's permissions, then run `new` again")
    return Created(path, shown)


def scaffold_text(framework_id: str) -> str:
    """The new file: modeline, required fields as placeholders, and comments on how to fill them."""
    facts = _schema("framework.schema.json")["properties"]["facts"]["properties"]
    lines = [
        modeline(Kind.FRAMEWORK),
        '# A new framework. Fill in every "" below; the checker rejects an empty value, so an',
        "# unfinished file cannot reach the site. Then run:",
        f"#   python -m macros check data/frameworks/{framework_id}.yaml",
        "# Editors with the YAML language server complete and explain each field from the schema.",
        f"id: {framework_id}",
        "# The display name, e.g. PyTorch.",
        'name: ""',
        "# One to three neutral sentences in our own words: what the framework is. No ratings here.",
        'summary: ""',
        "# Sourced facts. Each fact is a list of entries (several when the value changed over time);",
        "# an entry holds:",
        "#   value:   the value (its form depends on the fact, see the list at the end)",
        "#   source:  the id of the source that supports it. Sources are listed in",
        f"#            data/sources/<group>.yaml; a new one goes in data/sources/{framework_id}.yaml:",
        "#              # yaml-language-server: $schema=../../schema/sources.schema.json",
        "#              sources:",
        f"#                {framework_id}-license:",
        "#                  title: LICENSE file of the ... repository",
        "#                  kind: repository",
        "#                  publisher: ...",
        "#                  url: https://...",
        '#                  accessed: "YYYY-MM-DD"',
        "#   locator: where in the source: a section, heading, table row or line (optional)",
        '#   as_of:   when you checked the source, quoted: "YYYY-MM-DD"',
        "#   from, until: since and until when the value held, for values that changed (optional)",
        "#   note:    anything a reader should know, in our words (optional)",
        "# Delete an optional line rather than leave it empty.",
        "facts:",
        f"  {_SCAFFOLDED_FACT}:",
        f'    - value: ""  # {_value_shape(facts[_SCAFFOLDED_FACT])}',
        '      source: ""',
        '      locator: ""',
        '      as_of: ""',
        "  # The facts there are, in the order they go in (`python -m macros fix` orders them for you).",
        "  # Add each one a primary source supports, as a list of entries like the one above:",
    ]
    for name, schema in facts.items():
        if name == _SCAFFOLDED_FACT:
            lines.append(f"  #   {name}: (above)")
            continue
        first_sentence = schema.get("description", "").split(". ")[0].rstrip(".")
        lines += _comment(f"{name}: {first_sentence}; value: {_value_shape(schema)}", indent="  #   ", hang=6)
    lines += [
        "# Verdicts (the level the site shows for a rated attribute, with its rationale) come once",
        "# claims in data/claims/ rate this framework; see README.md, Data layout.",
    ]
    return "\n".join(lines) + "\n"


def _comment(text: str, indent: str, hang: int) -> list[str]:
    return textwrap.wrap(
        text, width=_WIDTH, initial_indent=indent, subsequent_indent=indent + " " * hang, break_on_hyphens=False
    )


def _value_shape(fact_schema: dict[str, Any]) -> str:
    """How a fact's value is written, from its schema: for the comments, in plain words."""
    value = fact_schema.get("items", {}).get("properties", {}).get("value", {})
    return _shape(value)


def _shape(schema: dict[str, Any]) -> str:
    ref = str(schema.get("$ref", ""))
    if ref.endswith("/date"):
        return 'a date, quoted: "YYYY-MM-DD", "YYYY-MM" or "YYYY"'
    if ref.endswith("/url"):
        return "a web address (https://...)"
    if ref.endswith("/id"):
        return "a framework id (a file name in data/frameworks/)"
    if "enum" in schema:
        return "one of " + ", ".join(str(v) for v in schema["enum"])
    if schema.get("type") == "array":
        items = schema.get("items", {})
        if "enum" in items:
            return "a list of " + ", ".join(str(v) for v in items["enum"])
        if str(items.get("$ref", "")).endswith("/id"):
            return "a list of framework ids, e.g. [pytorch]"
        return "a list, e.g. [Python, C++]"
    examples = schema.get("examples")
    if examples:
        return "text, e.g. " + ", ".join(str(e) for e in examples[:3])
    return "text"

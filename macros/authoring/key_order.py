"""The canonical key order of a data file, read from its JSON Schema.

Keys follow the order their schema declares them in `properties`. A type composed with `allOf`
(a rating is a claim base plus its own fields; a status entry is a fact entry plus `successors`)
has two declarations: each keeps its own order, but the schema says nothing about how the two
interleave, so that is left as the author wrote it. This keeps the data's convention (a claim's
id and framework, then what it says, then where it says it) without inventing an order the
schema does not state. Keys the schema does not know keep their place (the checker reports them).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

from macros.load.data_tree import Kind
from macros.load.ids import SCHEMA_DIR


@dataclass(frozen=True)
class SchemaNode:
    """A schema object and the file it came from (references inside it are relative to that file)."""

    schema: dict[str, Any]
    file: str


@cache
def _documents(schema_dir: Path) -> dict[str, dict[str, Any]]:
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(schema_dir.glob("*.schema.json"))}


def root_schema(kind: Kind, schema_dir: Path = SCHEMA_DIR) -> list[SchemaNode]:
    return _expand(SchemaNode(_documents(schema_dir)[kind.schema_file], kind.schema_file), schema_dir)


def _resolve(ref: str, current: str, schema_dir: Path) -> SchemaNode:
    target_file, _, pointer = ref.partition("#")
    target_file = target_file or current
    target: Any = _documents(schema_dir)[target_file]
    for part in filter(None, pointer.split("/")):
        target = target[part]
    return SchemaNode(target, target_file)


def _expand(node: SchemaNode, schema_dir: Path) -> list[SchemaNode]:
    """The node plus everything it is composed of (`$ref`, `allOf`), each once."""
    found = [node]
    schema = node.schema
    if isinstance(schema.get("$ref"), str):
        found += _expand(_resolve(schema["$ref"], node.file, schema_dir), schema_dir)
    for part in schema.get("allOf", ()):
        found += _expand(SchemaNode(part, node.file), schema_dir)
    return found


def child_schema(parents: Iterable[SchemaNode], key: str | int, schema_dir: Path = SCHEMA_DIR) -> list[SchemaNode]:
    """The schema(s) of a mapping's value at `key`, or of a sequence's items when `key` is an index."""
    parents = list(parents)
    found: list[SchemaNode] = []
    if isinstance(key, int):
        for parent in parents:
            items = parent.schema.get("items")
            if isinstance(items, dict):
                found += _expand(SchemaNode(items, parent.file), schema_dir)
        return found
    for parent in parents:
        prop = parent.schema.get("properties", {}).get(key)
        if isinstance(prop, dict):
            found += _expand(SchemaNode(prop, parent.file), schema_dir)
    if not found:
        for parent in parents:
            extra = parent.schema.get("additionalProperties")
            if isinstance(extra, dict):
                found += _expand(SchemaNode(extra, parent.file), schema_dir)
    return found


def declared_orders(schemas: Iterable[SchemaNode]) -> list[list[str]]:
    """Each declaration's property names, in the order declared."""
    return [list(node.schema["properties"]) for node in schemas if isinstance(node.schema.get("properties"), dict)]


def canonical_order(keys: list[str], orders: list[list[str]]) -> list[str]:
    """`keys` reordered so that every declaration's order holds, otherwise as written.

    Among the keys whose declared predecessors are all placed, the one written first goes next:
    a list that already satisfies every declaration comes back unchanged (so fixing is idempotent).
    """
    present = set(keys)
    before: dict[str, set[str]] = {key: set() for key in keys}
    for order in orders:
        chain = [key for key in order if key in present]
        for earlier, later in pairwise(chain):
            before[later].add(earlier)
    placed: set[str] = set()
    result: list[str] = []
    remaining = list(keys)
    while remaining:
        # No candidate only if declarations contradict each other: keep the written order then.
        chosen = next((key for key in remaining if before[key] <= placed), remaining[0])
        result.append(chosen)
        placed.add(chosen)
        remaining.remove(chosen)
    return result

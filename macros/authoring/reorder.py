"""Put the keys of every block mapping into canonical order by moving whole lines.

Why lines and not a YAML emitter: a key's text (its value, block scalars, quotes, end-of-line
comments) moves exactly as written. Which comments move with a key:
- comment lines right above it (for the first key of a nested mapping too; the file's header
  comments above the top-level mapping stay at the top);
- comment lines right after its value that are indented past the key (they are inside the value).
Other comments after a mapping's last value stay at its end.

A mapping's lines are split into one chunk per key and the chunks are put in canonical order. The
first key of a sequence item shares its line with the `- `; that prefix stays on the item's first
line.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from macros.authoring.key_order import (
    SCHEMA_DIR,
    SchemaNode,
    canonical_order,
    child_schema,
    declared_orders,
    root_schema,
)
from macros.authoring.yaml_text import last_line, scan
from macros.load.data_tree import Kind

_MAX_PASSES = 50  # each pass settles at least one nesting level


@dataclass(frozen=True)
class _Move:
    first: int  # the first line of the mapping's chunks
    lines: list[str]  # the replacement, as many lines as it replaces


def reorder_text(text: str, kind: Kind, schema_dir: Path = SCHEMA_DIR) -> str:
    """`text` with every block mapping's keys in canonical order (the text must parse)."""
    for _ in range(_MAX_PASSES):
        parsed = scan(text)
        moves = list(_moves(parsed.root, root_schema(kind, schema_dir), parsed.lines, schema_dir))
        if not moves:
            return text
        lines = list(parsed.lines)
        for move in sorted(moves, key=lambda m: m.first, reverse=True):
            lines[move.first : move.first + len(move.lines)] = move.lines
        text = "\n".join(lines)
    return text


def _moves(
    node: yaml.Node, schemas: list[SchemaNode], lines: list[str], schema_dir: Path, is_root: bool = True
) -> Iterator[_Move]:
    """Moves for mappings out of order, outermost first; never two that overlap."""
    if isinstance(node, yaml.SequenceNode) and not node.flow_style:
        for index, item in enumerate(node.value):
            yield from _moves(item, child_schema(schemas, index, schema_dir), lines, schema_dir, False)
        return
    if not isinstance(node, yaml.MappingNode) or node.flow_style:
        return  # flow mappings are left as written
    keys = [key.value if isinstance(key, yaml.ScalarNode) else None for key, _ in node.value]
    if all(isinstance(k, str) for k in keys):
        order = canonical_order(keys, declared_orders(schemas))  # type: ignore[arg-type]
        if order != keys:
            move = _move(node, order, lines, is_root)
            if move is not None:
                yield move
                return  # the next pass looks inside, at the moved text
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode):
            yield from _moves(value, child_schema(schemas, key.value, schema_dir), lines, schema_dir, False)


def _move(node: yaml.MappingNode, order: list[str], lines: list[str], is_root: bool) -> _Move | None:
    pairs = node.value
    key_lines = [key.start_mark.line for key, _ in pairs]
    ends = [last_line(value) for _, value in pairs]
    column = pairs[0][0].start_mark.column
    # Only the plain block layout is moved: each key starts its own line at the mapping's column.
    for i, (key, _) in enumerate(pairs):
        if key.start_mark.column != column or (i and ends[i - 1] >= key_lines[i]):
            return None
        if i and lines[key_lines[i]][:column].strip():
            return None
    prefix = lines[key_lines[0]][:column]
    first = key_lines[0]
    if not is_root and not prefix.strip():
        while first > 0 and _is_comment(lines[first - 1], column):
            first -= 1  # comments right above the first key are about it
    # Comments indented past the keys, right after a value, still belong to that value.
    ends = [_after_inner_comments(lines, end, column) for end in ends]
    starts = [first] + [end + 1 for end in ends[:-1]]
    chunks = {key.value: lines[start : end + 1] for (key, _), start, end in zip(pairs, starts, ends)}
    key_line_in_chunk = {key.value: line - start for (key, _), line, start in zip(pairs, key_lines, starts)}

    if prefix.strip():  # `- ` (or `- - `): it marks the item, so it stays on its first line
        first_key = pairs[0][0].value
        chunks[first_key][0] = " " * column + chunks[first_key][0][column:]
        new_first = order[0]
        at = key_line_in_chunk[new_first]
        chunks[new_first][at] = prefix + chunks[new_first][at][column:]
    return _Move(first, [line for key in order for line in chunks[key]])


def _is_comment(line: str, column: int) -> bool:
    """A full-line comment indented at least to `column`."""
    stripped = line.lstrip(" ")
    return stripped.startswith("#") and len(line) - len(stripped) >= column


def _after_inner_comments(lines: list[str], end: int, column: int) -> int:
    while end + 1 < len(lines) and _is_comment(lines[end + 1], column + 1):
        end += 1
    return end

"""Where things stand in a YAML text: nodes with positions, scalar spans, comments.

`fix` moves and re-indents whole lines. To do that without changing what a file says, it must
know which lines belong to a multi-line scalar (a `#` there is text, not a comment), where every
comment is, and afterwards prove that every scalar and every comment came through unchanged.
libyaml's composer (through PyYAML, as the loader uses it) gives each node its start and end.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import yaml

_BLOCK_HEADER = re.compile(r"[|>][0-9+-]*")
_END = 1 << 30  # "to the end of the line"


@dataclass(frozen=True)
class Scan:
    """One parsed text: its lines (without line ends), its root node and scalar positions."""

    lines: list[str]
    root: yaml.Node
    spans: dict[int, list[tuple[int, int]]]  # per line: the column ranges scalars occupy
    inside_scalar: frozenset[int]  # lines that continue a scalar begun on an earlier line

    def comment_start(self, line: int) -> int | None:
        """The column where a comment starts on this line, if one does."""
        text = self.lines[line]
        for match in re.finditer("#", text):
            col = match.start()
            if col and text[col - 1] not in " \t":
                continue
            if not any(start <= col < end for start, end in self.spans.get(line, ())):
                return col
        return None

    def is_comment_line(self, line: int) -> bool:
        """True for a line holding only a comment (and indentation)."""
        col = self.comment_start(line)
        return col is not None and not self.lines[line][:col].strip()

    def is_content_line(self, line: int) -> bool:
        return bool(self.lines[line].strip()) and not self.is_comment_line(line)

    def comments(self) -> Counter[str]:
        """Every comment's text (full-line and end-of-line), trailing blanks aside."""
        found: Counter[str] = Counter()
        for line in range(len(self.lines)):
            col = self.comment_start(line)
            if col is not None:
                found[self.lines[line][col:].rstrip()] += 1
        return found

    def scalars(self) -> Counter[tuple[str | None, str]]:
        """Every scalar (keys included) as (style, value): what must survive formatting as written."""
        return Counter((node.style, node.value) for node in walk(self.root) if isinstance(node, yaml.ScalarNode))


def scan(text: str) -> Scan:
    """Parse `text` (one document). Raises yaml.YAMLError when it is not YAML."""
    root = yaml.compose(text, Loader=yaml.CSafeLoader)
    if root is None:
        raise yaml.YAMLError("empty document")
    lines = text.split("\n")
    spans: dict[int, list[tuple[int, int]]] = {}
    inside: set[int] = set()
    for node in walk(root):
        if not isinstance(node, yaml.ScalarNode):
            continue
        first, last = node.start_mark.line, last_line(node)
        start_col = node.start_mark.column
        if node.style in ("|", ">"):
            header = _BLOCK_HEADER.match(lines[first], start_col)
            spans.setdefault(first, []).append((start_col, header.end() if header else _END))
        elif first == last:
            end_col = node.end_mark.column if node.end_mark.line == first else _END
            spans.setdefault(first, []).append((start_col, end_col))
        else:
            spans.setdefault(first, []).append((start_col, _END))
        for line in range(first + 1, last + 1):
            inside.add(line)
            end_col = node.end_mark.column if line == node.end_mark.line else _END
            spans.setdefault(line, []).append((0, end_col))
    return Scan(lines, root, spans, frozenset(inside))


def walk(node: yaml.Node) -> Iterator[yaml.Node]:
    """Every node, depth first, keys before their values."""
    yield node
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from walk(key)
            yield from walk(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from walk(item)


def last_line(node: yaml.Node) -> int:
    """The last line (0-based) holding any of the node's text."""
    if isinstance(node, yaml.MappingNode) and node.value and not node.flow_style:
        return last_line(node.value[-1][1])
    if isinstance(node, yaml.SequenceNode) and node.value and not node.flow_style:
        return last_line(node.value[-1])
    end = node.end_mark
    return max(node.start_mark.line, end.line if end.column > 0 else end.line - 1)

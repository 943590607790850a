"""Load one YAML data file strictly, keeping the position of every node.

Why not `yaml.safe_load`: PyYAML keeps the last of duplicate keys (a rating written twice is
exactly the contradiction we hunt), reads `no` as False and `2017-09-08` as a date behind the
schema's back, and forgets where values came from. Here we let libyaml (through
`yaml.CSafeLoader`) parse and compose nodes, resolve plain scalars with YAML 1.2 core-schema rules,
and build plain Python values ourselves so that every value and key keeps its line and column.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from macros.problems import Location, Problem, error

# A path into a document: mapping keys and sequence indexes, as jsonschema reports them.
NodePath = tuple[str | int, ...]

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


_IMPLICIT = (
    (_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), tuple("tTfF")),
    (_NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ("~", "n", "N", "")),  # "": the empty scalar
    (_INT, re.compile(r"^[-+]?[0-9]+$"), tuple("-+0123456789")),
    (_FLOAT, re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$"), tuple("-+.0123456789")),
)
# The tags a plain scalar may resolve to, by its first character.
_CANDIDATES: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
for _tag, _pattern, _first in _IMPLICIT:
    for _char in _first:
        _CANDIDATES.setdefault(_char, []).append((_tag, _pattern))


class _CoreSchemaLoader(yaml.CSafeLoader):
    """libyaml's parser with YAML 1.2 core-schema scalar resolution.

    Only true/false are booleans, only ~/null/empty are null, only decimal numbers are
    numbers; everything else (`no`, `on`, `2017-09-08`, `1:20`, `0x1F`) stays a string, so
    the JSON Schema sees what the author wrote.
    """

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        # Called by libyaml for every node without an explicit tag; replaces PyYAML's table-driven
        # resolver (path resolvers, which we don't use, made it 3x slower).
        if kind is yaml.ScalarNode:
            if implicit[0]:  # plain, unquoted
                for tag, pattern in _CANDIDATES.get(value[:1], ()):
                    if pattern.match(value):
                        return tag
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP


_TRUE = {"true", "True", "TRUE"}
_BOM = b"\xef\xbb\xbf"


@dataclass
class Document:
    """A loaded data file: its plain value plus where each value (and each key) stands."""

    path: str
    data: Any
    # (line, column) of every value and key. A Location is made only when asked for: a file has
    # thousands of nodes and a build asks for the places of a few hundred.
    positions: dict[NodePath, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[NodePath, tuple[int, int]] = field(default_factory=dict)

    def at(self, path: NodePath) -> Location:
        """Where the value at `path` stands, or its nearest enclosing value."""
        path = tuple(path)
        while path:
            if path in self.positions:
                return Location(self.path, *self.positions[path])
            path = path[:-1]
        return Location(self.path, *self.positions.get((), (1, 1)))

    def key_at(self, path: NodePath) -> Location:
        """Where the key of the value at `path` stands (falls back to the value)."""
        where = self.key_positions.get(tuple(path))
        return Location(self.path, *where) if where else self.at(path)

    def fields_at(self, path: NodePath, names: Iterable[str]) -> FieldPositions:
        """Where each named field of the mapping at `path` stands."""
        return FieldPositions(self, tuple(path), tuple(names))


class FieldPositions(Mapping[str, Location]):
    """A mapping from field name to Location that looks each one up when asked: every model object
    carries one, and only the few a rule reports on are ever read."""

    __slots__ = ("_document", "_path", "_names")

    def __init__(self, document: Document, path: NodePath, names: tuple[str, ...]) -> None:
        self._document = document
        self._path = path
        self._names = names

    def __getitem__(self, name: str) -> Location:
        if name not in self._names:
            raise KeyError(name)
        return self._document.at(self._path + (name,))

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


def load_yaml_file(file: Path, shown_as: str) -> tuple[Document | None, list[Problem]]:
    """Read and parse one file. Returns the document (None if unusable) and every problem found."""
    try:
        raw = file.read_bytes()
    except OSError as exc:
        return None, [error("unreadable-file", Location(shown_as), f"cannot read file: {exc.strerror}")]
    return load_yaml_bytes(raw, shown_as)


def load_yaml_bytes(raw: bytes, shown_as: str) -> tuple[Document | None, list[Problem]]:
    problems: list[Problem] = []
    if raw.startswith(_BOM):
        problems.append(
            error(
                "bom",
                Location(shown_as, 1, 1),
                "file starts with a UTF-8 byte order mark",
                "save the file as UTF-8 without BOM (`python -m macros fix` removes it)",
            )
        )
        raw = raw[len(_BOM) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.append(
            error(
                "not-utf8",
                Location(shown_as, line, column),
                f"byte 0x{raw[exc.start]:02x} is not valid UTF-8",
                "data files must be UTF-8; re-save the file with UTF-8 encoding",
            )
        )
        return None, problems

    try:
        loader = _CoreSchemaLoader(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        problems.append(_syntax_problem(exc, shown_as, text))
        return None, problems
    except yaml.YAMLError as exc:  # unmarked errors are rare (e.g. a reader error)
        problems.append(error("yaml-syntax", Location(shown_as), f"YAML error: {exc}"))
        return None, problems

    if root is None:
        problems.append(
            error(
                "empty-file",
                Location(shown_as, 1, 1),
                "file is empty (no YAML document)",
                "a data file holds one mapping; delete the file or fill it in",
            )
        )
        return None, problems

    builder = _Builder(shown_as)
    data = builder.build(root, ())
    problems.extend(builder.problems)
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"a single {type(data).__name__} value"
        problems.append(
            error(
                "not-a-mapping",
                builder.doc.at(()),
                f"the top level of a data file must be a mapping (key: value), but it is {kind}",
                "start the file with its top-level keys, e.g. `id: ...` in a framework file",
            )
        )
        return None, problems
    builder.doc.data = data
    return builder.doc, problems


def _syntax_problem(exc: yaml.MarkedYAMLError, shown_as: str, text: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    where = Location(shown_as, mark.line + 1, mark.column + 1) if mark else Location(shown_as)
    what = exc.problem or "invalid YAML"
    if exc.context:
        what = f"{exc.context}: {what}" if exc.problem else exc.context
    lines = text.splitlines()
    offending = lines[mark.line][mark.column : mark.column + 1] if mark and mark.line < len(lines) else ""
    hint = "check indentation, quotes and colons around this position"
    if offending == "\t":
        what = "found a tab character, which YAML does not allow for indentation"
        hint = "YAML forbids tabs for indentation; indent with spaces"
    elif "expected a single document" in what:
        hint = "a data file holds exactly one document; remove the extra `---`"
    elif "mapping values are not allowed" in what:
        hint = "a value containing ': ' must be quoted"
    return error("yaml-syntax", where, what, hint)


def _line_column(node: yaml.Node) -> tuple[int, int]:
    mark = node.start_mark
    return mark.line + 1, mark.column + 1


class _Builder:
    """Turns composed nodes into plain values, recording positions and structural problems."""

    def __init__(self, shown_as: str) -> None:
        self.shown_as = shown_as
        self.doc = Document(shown_as, None)
        self.problems: list[Problem] = []
        self._seen: set[int] = set()

    def _loc(self, node: yaml.Node) -> Location:
        return Location(self.shown_as, *_line_column(node))

    def build(self, node: yaml.Node, path: NodePath) -> Any:
        self.doc.positions[path] = _line_column(node)
        if id(node) in self._seen:
            # libyaml hands back the anchored node for every alias: a node met twice is aliased.
            self.problems.append(
                error(
                    "yaml-alias",
                    self._loc(node),
                    "anchors and aliases (&name / *name) are not allowed in data files",
                    "write the value out in full; every statement must stand where it is read",
                )
            )
            return None
        self._seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                self._bad_tag(node)
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode, path: NodePath) -> dict[str, Any]:
        if node.tag != _MAP:
            self._bad_tag(node)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(
                    error("yaml-complex-key", self._loc(key_node), "keys must be plain text, not lists or mappings")
                )
                continue
            key = key_node.value
            if key in result:
                first_line, _ = self.doc.key_positions[path + (key,)]
                self.problems.append(
                    error(
                        "duplicate-key",
                        self._loc(key_node),
                        f"key '{key}' appears twice in this mapping (first at line {first_line})",
                        "keep one of the two; if both are true, they belong in separate entries",
                    )
                )
                continue
            self.doc.key_positions[path + (key,)] = _line_column(key_node)
            result[key] = self.build(value_node, path + (key,))
        return result

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        tag, value = node.tag, node.value
        if tag == _STR:
            return value
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return value in _TRUE
        try:
            if tag == _INT:
                return int(value)
            if tag == _FLOAT:
                return float(value)
        except ValueError:
            self.problems.append(error("yaml-tag", self._loc(node), f"'{value}' is not a valid {tag.rsplit(':', 1)[-1]}"))
            return value
        self._bad_tag(node)
        return value

    def _bad_tag(self, node: yaml.Node) -> None:
        self.problems.append(
            error(
                "yaml-tag",
                self._loc(node),
                f"explicit YAML tag {node.tag} is not allowed",
                "remove the `!tag`; write plain text, numbers, lists and mappings",
            )
        )

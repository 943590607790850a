"""Load one YAML data file strictly, keeping the position of every node.

Why not `yaml.safe_load`: PyYAML keeps the last of duplicate keys (a rating written twice is
exactly the contradiction we hunt), reads `no` as False and `2017-09-08` as a date behind the
schema's back, and forgets where values came from. Here we let libyaml (through
`yaml.cyaml.CParser`) parse, resolve plain scalars with YAML 1.2 core-schema rules (only
true/false are booleans, only ~/null/empty are null, only decimal numbers are numbers: `no`, `on`,
`2017-09-08`, `0x1F` stay text, so the JSON Schema sees what the author wrote), and build plain
Python values from the event stream ourselves, so that every value and key keeps its line and
column. The composer keeps its own stack and bounds the nesting depth: libyaml's and PyYAML's
composers recurse, and a few thousand `[` overflow the stack.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.cyaml import CParser

from macros.problems import Location, Problem, error, quote

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


_TRUE = {"true", "True", "TRUE"}
# The largest integer every JSON reader holds exactly (JavaScript's Number.MAX_SAFE_INTEGER).
MAX_SAFE_INTEGER = 2**53 - 1
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
    # Values the loader refused and reported (a number that is not finite): left empty (None), so
    # the schema does not report them a second time.
    refused: set[NodePath] = field(default_factory=set)

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
        return None, [error("unreadable-file", Location(shown_as), f"cannot read this file: {exc.strerror or exc}",
                            "check the file's permissions (it must be readable by whoever runs the check)")]
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

    odd_break = _ODD_LINE_BREAK.search(text)
    if odd_break is not None:
        # YAML counts these as line breaks, editors and this checker's positions mostly do not: refuse
        # them, so that every line:column reported means the same thing everywhere.
        problems.append(
            error("control-character", _location(text, odd_break.start(), shown_as),
                  f"the line break {quote(odd_break.group())} is not allowed in a data file",
                  "use a plain newline (and save the file with LF or CRLF line ends)")
        )
        return None, problems
    try:
        return _compose(text, shown_as, problems)
    except yaml.MarkedYAMLError as exc:
        problems.append(_syntax_problem(exc, shown_as, text))
    except yaml.reader.ReaderError:
        problems.append(_reader_problem(text, shown_as))
    except yaml.YAMLError as exc:  # unmarked errors are rare
        problems.append(
            error("yaml-syntax", Location(shown_as, 1, 1), f"YAML error: {exc}",
                  "check the file with a YAML linter; data files are plain YAML mappings")
        )
    return None, problems


# The characters YAML allows in a stream (YAML 1.1/1.2 c-printable); libyaml refuses the others.
_NOT_YAML_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


# Characters XML 1.0 forbids in text, and the Unicode noncharacters (never text, refused by feed readers).
_NOT_XML_TEXT = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17))
    + "]"
)

_ODD_LINE_BREAK = re.compile("[\x85\u2028\u2029]|\r(?!\n)")


def _location(text: str, offset: int, shown_as: str) -> Location:
    """The line and column of a character offset, counting lines by \\n."""
    line = text.count("\n", 0, offset) + 1
    return Location(shown_as, line, offset - (text.rfind("\n", 0, offset) + 1) + 1)


def _within(text: str, line: int, column: int) -> tuple[int, int]:
    """A position libyaml reports, moved inside the text (it may point just past the last line)."""
    lines = text.split("\n")
    if line > len(lines):
        return len(lines), len(lines[-1]) + 1
    return line, min(column, len(lines[line - 1]) + 1)


def _reader_problem(text: str, shown_as: str) -> Problem:
    bad = _NOT_YAML_PRINTABLE.search(text)
    if bad is None:
        return error("yaml-syntax", Location(shown_as, 1, 1), "the file cannot be read as YAML text",
                     "save the file as plain UTF-8 text")
    return error(
        "control-character",
        _location(text, bad.start(), shown_as),
        f"the control character U+{ord(bad.group()):04X} is not allowed in a data file",
        "delete it (it is invisible in most editors); to break a line in text, use a block scalar (|)",
    )


def _syntax_problem(exc: yaml.MarkedYAMLError, shown_as: str, text: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    where = Location(shown_as, *_within(text, mark.line + 1, mark.column + 1)) if mark else Location(shown_as)
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


# How deeply mappings and lists may nest. Real data nests 6 levels; this bound keeps every later
# stage (schema validation, model, JSON export) far from Python's recursion limit.
MAX_DEPTH = 40


class _Frame:
    """A mapping or list being filled in, on the composer's explicit stack."""

    __slots__ = ("value", "path", "start", "key", "discard")

    def __init__(self, value: dict[str, Any] | list[Any], path: NodePath, start: tuple[int, int], discard: bool) -> None:
        self.value = value
        self.path = path
        self.start = start
        self.key: str | None = None  # a mapping's key waiting for its value
        self.discard = discard  # a value already reported (a duplicate or complex key): build, keep nothing


def _compose(text: str, shown_as: str, problems: list[Problem]) -> tuple[Document | None, list[Problem]]:
    """Build the document's plain value from libyaml's event stream, with an explicit stack (no
    recursion, so no depth of nesting can exhaust the interpreter's stack), recording where every
    value and key stands."""
    loader = CParser(text)
    try:
        loader.get_event()  # stream start
        if loader.check_event(yaml.StreamEndEvent):
            problems.append(
                error("empty-file", Location(shown_as, 1, 1), "file is empty (no YAML document)",
                      "a data file holds one mapping; delete the file or fill it in")
            )
            return None, problems
        loader.get_event()  # document start
        builder = _EventBuilder(shown_as, problems)
        data = builder.run(loader)
        if builder.too_deep:
            return None, problems
        loader.get_event()  # document end
        if not loader.check_event(yaml.StreamEndEvent):
            extra = loader.get_event()
            problems.append(
                error("yaml-syntax", Location(shown_as, extra.start_mark.line + 1, extra.start_mark.column + 1),
                      "expected a single document in the stream: but found another document",
                      "a data file holds exactly one document; remove the extra `---`")
            )
            return None, problems
    finally:
        loader.dispose()
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


class _EventBuilder:
    """Turns parse events into plain values, recording positions and structural problems."""

    def __init__(self, shown_as: str, problems: list[Problem]) -> None:
        self.shown_as = shown_as
        self.doc = Document(shown_as, None)
        self.problems = problems
        self.too_deep = False

    def _loc(self, event: yaml.Event) -> Location:
        return Location(self.shown_as, event.start_mark.line + 1, event.start_mark.column + 1)

    def run(self, loader: CParser) -> Any:
        stack: list[_Frame] = []
        positions = self.doc.positions
        get_event = loader.get_event
        while True:
            event = get_event()
            mark = event.start_mark
            where = (mark.line + 1, mark.column + 1)
            if stack and type(event) is _SCALAR_EVENT and type(stack[-1].value) is list:
                # The commonest event by far (every repetition of a measurement is one): an item of a
                # list, which is never a key. The same steps as the general path below, without its tests.
                parent = stack[-1]
                items = parent.value
                path = parent.path + (len(items),)
                value = self._scalar(event)
                if value is _REFUSED:
                    value = None
                    if not parent.discard:
                        self.doc.refused.add(path)
                if not parent.discard:
                    positions[path] = where
                items.append(value)
                continue
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                frame = stack.pop()
                value: Any = frame.value
            else:
                # Where this node goes: the next item of a list, a key, or the value of a key.
                parent = stack[-1] if stack else None
                is_key = parent is not None and isinstance(parent.value, dict) and parent.key is None
                discard = parent is not None and (parent.discard or is_key)
                if parent is None:
                    path: NodePath = ()
                elif isinstance(parent.value, list):
                    path = parent.path + (len(parent.value),)
                else:
                    path = parent.path + (parent.key,) if parent.key is not None else parent.path
                if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                    if len(stack) >= MAX_DEPTH:
                        self.too_deep = True
                        self.problems.append(
                            error("nesting-too-deep", self._loc(event),
                                  f"lists and mappings nest more than {MAX_DEPTH} levels deep here",
                                  "data files nest a few levels at most; check the indentation and brackets")
                        )
                        return None
                    is_map = isinstance(event, yaml.MappingStartEvent)
                    expected = _MAP if is_map else _SEQ
                    if event.tag not in (None, "!", expected):
                        self._bad_tag(event)
                    if not discard:
                        positions[path] = where
                    stack.append(_Frame({} if is_map else [], path, where, discard))
                    continue
                if isinstance(event, yaml.AliasEvent):
                    self.problems.append(
                        error("yaml-alias", self._loc(event),
                              "anchors and aliases (&name / *name) are not allowed in data files",
                              "write the value out in full; every statement must stand where it is read")
                    )
                    value = None
                elif isinstance(event, yaml.ScalarEvent):
                    if is_key:
                        self._key(parent, event, where)  # type: ignore[arg-type]
                        continue
                    value = self._scalar(event)
                    if value is _REFUSED:
                        value = None
                        if not discard:
                            self.doc.refused.add(path)
                else:
                    raise yaml.YAMLError(f"unexpected {type(event).__name__}")
                if not discard:
                    positions[path] = where
                if parent is None:
                    return value
                self._place(parent, value)
                continue
            # A finished mapping or list: place it in its parent.
            if not stack:
                return value
            parent = stack[-1]
            if isinstance(parent.value, dict) and parent.key is None:
                self.problems.append(
                    error("yaml-complex-key", Location(self.shown_as, *frame.start),
                          "keys must be plain text, not lists or mappings",
                          "write the key as plain text, e.g. `name:`")
                )
                parent.key = _SKIP
                continue
            self._place(parent, value)

    def _place(self, parent: _Frame, value: Any) -> None:
        if isinstance(parent.value, list):
            parent.value.append(value)
            return
        key = parent.key
        parent.key = None
        if key is not _SKIP and not parent.discard and key is not None:
            parent.value[key] = value

    def _key(self, parent: _Frame, event: yaml.ScalarEvent, where: tuple[int, int]) -> None:
        key = event.value
        mapping = parent.value
        assert isinstance(mapping, dict)
        if event.tag not in (None, "!"):
            self._bad_tag(event)  # a tag on a key is refused like one on a value
        self._check_text(event)
        if parent.discard:
            parent.key = _SKIP
            return
        key_path = parent.path + (key,)
        if key in mapping:
            first_line, _ = self.doc.key_positions[key_path]
            self.problems.append(
                error(
                    "duplicate-key",
                    self._loc(event),
                    f"key {quote(key)} appears twice in this mapping (first at line {first_line})",
                    "keep one of the two; if both are true, they belong in separate entries",
                )
            )
            parent.key = _SKIP
            return
        self.doc.key_positions[key_path] = where
        parent.key = key

    def _scalar(self, event: yaml.ScalarEvent) -> Any:
        tag, value = event.tag, event.value
        if tag is None or tag == "!":
            tag = _resolve_scalar(value, event.implicit)
        if tag == _STR:
            self._check_text(event)
            return value
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return value in _TRUE
        try:
            if tag == _INT:
                whole = int(value)
                if abs(whole) > MAX_SAFE_INTEGER:
                    # Past 2**53 a JSON reader (the guide's browser) no longer holds the number exactly,
                    # and past about 1.8e308 it reads it as infinity; no count or size is that large.
                    self.problems.append(
                        error("not-finite", self._loc(event), f"{quote(value)} is too large a number",
                              f"counts and sizes here stay below {MAX_SAFE_INTEGER:,} (2**53 - 1)")
                    )
                    return _REFUSED
                return whole
            if tag == _FLOAT:
                number = float(value)
                if not math.isfinite(number):
                    # 1e400 reads as infinity and `!!float nan` as NaN: neither is a measurement, NaN
                    # passes every minimum and maximum, and neither can be written as JSON.
                    self.problems.append(
                        error("not-finite", self._loc(event), f"{quote(value)} is not a finite number",
                              "write the number in plain decimal digits, within about ±1.8e308")
                    )
                    return _REFUSED
                return number
        except ValueError:
            self.problems.append(
                error("yaml-tag", self._loc(event), f"{quote(value)} is not a valid {tag.rsplit(':', 1)[-1]}",
                      "write the number in plain decimal digits, or quote it to make it text")
            )
            return value
        self._bad_tag(event)
        return value

    def _check_text(self, event: yaml.ScalarEvent) -> None:
        """Text XML cannot carry (the feeds, the sitemap): control characters, lone surrogates and the
        noncharacters U+FFFE, U+FFFF, U+FDD0-U+FDEF, U+nFFFE/U+nFFFF. The reader refuses them written
        raw; an escape in a double-quoted string ("\\uFFFE") would bring them in."""
        value = event.value
        if value.isascii() and value.isprintable():  # most keys and values: nothing to look for
            return
        bad = _NOT_XML_TEXT.search(value)
        if bad is not None:
            self.problems.append(
                error("control-character", self._loc(event),
                      f"the character U+{ord(bad.group()):04X} is not allowed in text (XML cannot hold it)",
                      "delete it or its escape sequence; write the text in plain characters")
            )

    def _bad_tag(self, event: yaml.Event) -> None:
        self.problems.append(
            error(
                "yaml-tag",
                self._loc(event),
                f"explicit YAML tag {quote(event.tag)} is not allowed",
                "remove the `!tag`; write plain text, numbers, lists and mappings",
            )
        )


_SCALAR_EVENT = yaml.ScalarEvent
_SKIP: Any = object()  # a mapping key whose value is reported and dropped
_REFUSED: Any = object()  # a scalar reported as unusable: it stands as None, recorded in Document.refused


def _resolve_scalar(value: str, implicit: tuple[bool, bool]) -> str:
    if implicit[0]:  # plain, unquoted
        for tag, pattern in _CANDIDATES.get(value[:1], ()):
            if pattern.match(value):
                return tag
    return _STR

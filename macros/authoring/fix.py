"""`python -m macros fix [PATHS] [--check]`: safe mechanical fixes to data files.

What it changes: the order of keys (as the schema declares them, see key_order.py), indentation
(2 spaces; a list's `- ` two spaces in from its key), trailing blanks, a byte order mark, CRLF
line ends, blank lines at the start and end, the final newline, and the schema modeline on line 1.
What it never changes: a value, how a value is quoted or folded, a comment's text. Judgement
calls (levels, contradictions, references) are the checker's to report and a person's to make.

Every fixed text is proven before it is written: it must load to the same data, hold the same
scalars written the same way and the same comments, and fixing it again must change nothing.
A file that fails any of this, or does not parse, is reported and left untouched.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError as RuamelError
from ruamel.yaml.resolver import VersionedResolver

from macros.authoring.atomic_write import write_atomic
from macros.authoring.reorder import reorder_text
from macros.authoring.yaml_text import Scan, scan
from macros.load.data_tree import Kind, kind_of, shown_path, walk_data
from macros.load.yaml_file import load_yaml_bytes
from macros.problems import Location, Problem, error

_MODELINE_START = "# yaml-language-server:"
MODELINE_PREFIX = _MODELINE_START + " $schema="
_BOM = b"\xef\xbb\xbf"


class Outcome(str, Enum):
    UNCHANGED = "unchanged"
    CHANGED = "changed"
    REFUSED = "refused"


@dataclass(frozen=True)
class FileResult:
    shown: str
    outcome: Outcome
    problems: tuple[Problem, ...] = ()


def modeline(kind: Kind) -> str:
    depth = "../" if kind is Kind.ATTRIBUTES else "../../"
    return f"{MODELINE_PREFIX}{depth}schema/{kind.schema_file}"


def fix_paths(targets: Sequence[tuple[Path, Path]], write: bool) -> list[FileResult]:
    """Fix every data file at or under each (data root, path); write changes only when `write`."""
    results = []
    for path, kind, root in _data_files(targets):
        shown = shown_path(path)
        if kind is None:
            results.append(_not_a_data_file(path, root, shown))
            continue
        try:
            raw = path.read_bytes()
            fixed, problems = fix_bytes(raw, shown, kind)
            if fixed is not None and fixed != raw and write:
                write_atomic(path, fixed)  # a failed write leaves the file as it was
        except OSError as exc:
            problem = error("unreadable-file", Location(shown), f"cannot read or write the file: {exc.strerror}",
                            "check the file's permissions, and that it is a regular file")
            results.append(FileResult(shown, Outcome.REFUSED, (problem,)))
            continue
        if fixed is None:
            results.append(FileResult(shown, Outcome.REFUSED, tuple(problems)))
        else:
            results.append(FileResult(shown, Outcome.UNCHANGED if fixed == raw else Outcome.CHANGED))
    return results


def _data_files(targets: Iterable[tuple[Path, Path]]) -> list[tuple[Path, Kind | None, Path]]:
    found: dict[Path, tuple[Kind | None, Path]] = {}
    for root, path in targets:
        # The named path's folders are resolved, not the path itself, and nothing below it is reached
        # through a link: `fix` writes files, and a link could lead it outside the data.
        root, path = root.resolve(), path.absolute().parent.resolve() / path.name
        if path.is_symlink() or path.is_file():
            found.setdefault(path, (None if path.is_symlink() else kind_of(root, path), root))
            continue
        for file in (p for p, problem in walk_data(path) if problem is None):
            kind = kind_of(root, file)
            if kind is not None:  # stray files are the checker's to report
                found.setdefault(file, (kind, root))
    return [(path, kind, root) for path, (kind, root) in sorted(found.items())]


def _not_a_data_file(path: Path, root: Path, shown: str) -> FileResult:
    return FileResult(
        shown,
        Outcome.REFUSED,
        (
            error(
                "unknown-file",
                Location(shown),
                "this is not a data file, so its schema (and key order) is unknown",
                "data files live at attributes.yaml, sources/<group>.yaml, frameworks/<id>.yaml or "
                f"claims/<source-id>.yaml under {shown_path(root)}",
            ),
        ),
    )


def fix_bytes(raw: bytes, shown: str, kind: Kind) -> tuple[bytes | None, list[Problem]]:
    """The fixed file, or None and the reasons it was left alone."""
    _, problems = load_yaml_bytes(raw, shown)
    blocking = [p for p in problems if p.is_error and p.rule != "bom"]
    if blocking:
        return None, blocking
    original = _normalised_text(raw)
    try:
        fixed = _fix_text(original, kind)
        again = _fix_text(fixed, kind)
    except (yaml.YAMLError, RuamelError) as exc:
        return None, [_unsafe(shown, f"the formatter could not read the file back ({_first_line(exc)})")]
    except Exception as exc:  # noqa: BLE001 - a formatter bug must cost one file, not the whole run
        return None, [_unsafe(shown, f"internal error {type(exc).__name__}: {_first_line(exc)}")]
    reason = _difference(original, fixed, shown) or (None if again == fixed else "fixing it twice gives two results")
    if reason:
        return None, [_unsafe(shown, reason)]
    return fixed.encode("utf-8"), []


def _normalised_text(raw: bytes) -> str:
    raw = raw.removeprefix(_BOM)
    return raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


def _unsafe(shown: str, reason: str) -> Problem:
    return error(
        "fix-unsafe",
        Location(shown, 1, 1),
        f"left unchanged: {reason}",
        "fix this file by hand (and please report it: `fix` should handle every file that parses)",
    )


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _fix_text(text: str, kind: Kind) -> str:
    reordered = reorder_text(text, kind)
    formatted = _format(reordered)
    formatted = _place_comments(scan(reordered), scan(formatted))
    return _tidy(formatted, kind)


class _TextOnlyResolver(VersionedResolver):
    """Every plain scalar stays the text it is (`no`, `3.10`, `2017-09-08`, `~`); only an empty
    value is null. So the emitter writes each scalar back exactly as it was read."""

    @property
    def versioned_resolver(self) -> dict[str, list[tuple[str, re.Pattern[str]]]]:
        return {"": [("tag:yaml.org,2002:null", re.compile(r"^$"))]}


def _format(text: str) -> str:
    """Re-emit through ruamel.yaml's round trip: consistent indentation, comments and quoting kept."""
    emitter = YAML(typ="rt", pure=True)
    emitter.Resolver = _TextOnlyResolver
    emitter.preserve_quotes = True
    emitter.width = 1_000_000  # never fold a long line: folding is the author's choice
    emitter.indent(mapping=2, sequence=4, offset=2)
    out = io.StringIO()
    emitter.dump(emitter.load(text), out)
    return out.getvalue()


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _content_column(line: str) -> int:
    """Where a line's YAML starts, after indentation and any `- ` item markers."""
    match = re.match(r"[ ]*(?:-[ ]+)*", line)
    return match.end() if match else 0


def _place_comments(before: Scan, after: Scan) -> str:
    """Put every comment where its author would expect it after re-indentation.

    The emitter keeps each comment's old column. A full-line comment belongs with the YAML below
    it: it moves as far as that line moved, and stays put when nothing around it moved. An
    end-of-line comment keeps the gap its author left after the value.
    """
    old = [(i, col) for i in range(len(before.lines)) if (col := before.comment_start(i)) is not None]
    new = [(i, col) for i in range(len(after.lines)) if (col := after.comment_start(i)) is not None]
    lines = list(after.lines)
    if len(old) != len(new):
        return "\n".join(lines)  # cannot pair them up; the safety check will judge the result
    for (old_line, old_col), (new_line, new_col) in zip(old, new):
        old_text, new_text = before.lines[old_line], lines[new_line]
        if before.is_comment_line(old_line):
            target = _indent(old_text)
            below_old = _next_content(before, old_line)
            below_new = _next_content(after, new_line)
            if below_old is not None and below_new is not None:
                target += _content_column(after.lines[below_new]) - _content_column(before.lines[below_old])
            lines[new_line] = " " * max(target, 0) + new_text.lstrip()
        else:
            gap = len(old_text[:old_col]) - len(old_text[:old_col].rstrip())
            lines[new_line] = new_text[:new_col].rstrip() + " " * max(gap, 1) + new_text[new_col:]
    return "\n".join(lines)


def _next_content(parsed: Scan, line: int) -> int | None:
    return next((i for i in range(line + 1, len(parsed.lines)) if parsed.is_content_line(i)), None)


def _tidy(text: str, kind: Kind) -> str:
    """Trailing blanks, blank lines at both ends, one final newline, the modeline on line 1."""
    parsed = scan(text)
    lines = [line if i in parsed.inside_scalar else line.rstrip() for i, line in enumerate(parsed.lines)]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    if not (lines and _valid_modeline(lines[0], kind)):
        header_end = next((i for i, line in enumerate(lines) if line and not line.lstrip().startswith("#")), 0)
        stale = {i for i in range(header_end) if lines[i].lstrip().startswith(_MODELINE_START)}
        lines = [modeline(kind)] + [line for i, line in enumerate(lines) if i not in stale]
    return "\n".join(lines) + "\n"


def _valid_modeline(line: str, kind: Kind) -> bool:
    """The checker's rule: the modeline names this kind's schema file (any path to it)."""
    return line.startswith(MODELINE_PREFIX) and line[len(MODELINE_PREFIX) :].strip().endswith("/" + kind.schema_file)


def _difference(original: str, fixed: str, shown: str) -> str | None:
    """Why `fixed` does not say exactly what `original` says, or None when it does."""
    before, _ = load_yaml_bytes(original.encode("utf-8"), shown)
    after, problems = load_yaml_bytes(fixed.encode("utf-8"), shown)
    if after is None or any(p.is_error for p in problems):
        return "the fixed text would not load"
    if before is None or before.data != after.data:
        return "the fixed text would hold different data"
    old, new = scan(original), scan(fixed)
    if old.scalars() != new.scalars():
        return "a value would be written differently"
    if _without_modelines(old.comments()) != _without_modelines(new.comments()):
        return "a comment would change"
    return None


def _without_modelines(comments: dict[str, int]) -> dict[str, int]:
    return {text: n for text, n in comments.items() if not text.startswith(_MODELINE_START)}

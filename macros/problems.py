"""The one error object every stage reports: a located problem with a hint.

Loader, schema validation and rules all produce `Problem`s; the CLI prints them and the
MkDocs glue refuses to build when any is an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

# Characters that may not reach a terminal or a CI log as they are: controls (which end a line, move
# the cursor or colour the output), Unicode line and paragraph separators, and every invisible or
# direction-changing format character. Anything from data passes through `printable` before output.
_UNPRINTABLE = re.compile(r"[^\x20-\x7e\xa0-\uffff\U00010000-\U0010ffff]|[\x85\xa0\xad\u034f\u061c\u115f\u1160"
                          r"\u17b4\u17b5\u180b-\u180f\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u3164"
                          r"\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\U000e0000-\U000e0fff]")


_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_char(match: re.Match[str]) -> str:
    char = match.group()
    if char in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[char]
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def printable(text: str) -> str:
    """`text` with every control, separator and invisible character written as an escape: one
    line, nothing hidden, nothing that changes how the rest of the output looks."""
    return _UNPRINTABLE.sub(_escape_char, text)


_DRIVE = re.compile(r"[A-Za-z]:[\\/]")


def printable_path(path: str) -> str:
    """A file name as a located line shows it. A colon would let a name forge a location
    (`x.yaml:1:1: error[...]` inside a name reads as another file's problem), so it is written
    `%3A`, and `%` itself `%25`, as the GitHub format does; a Windows drive letter keeps its colon.
    Controls and invisible characters are escaped like data."""
    drive = path[:2] if _DRIVE.match(path) else ""
    rest = path[len(drive):].replace("%", "%25").replace(":", "%3A")
    return printable(drive + rest)


def quote(value: object, limit: int = 80) -> str:
    """A value from data as shown in a message: in quotes, escaped like `repr`, cut at `limit`."""
    text = str(value)
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return "'" + printable(text.replace("\\", "\\\\").replace("'", "\\'")) + "'"


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True, order=True)
class Location:
    """A place in a data file. `file` is as the user named it; line and column start at 1."""

    file: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{printable_path(self.file)}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Problem:
    rule: str
    severity: Severity
    where: Location
    message: str
    hint: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.where.file, self.where.line, self.where.column, self.rule, self.message)

    def as_line(self) -> str:
        """`path:line:col: severity[rule-id]: message` — the format editors and CI parse. Always
        exactly one line: whatever data the message quotes, it cannot start another."""
        return printable(f"{self.where}: {self.severity.value}[{self.rule}]: {self.message}")

    def as_lines(self) -> list[str]:
        """The problem as the text format prints it: its line, then its hint."""
        return [self.as_line(), f"  hint: {printable(self.hint)}"]

    def as_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "file": self.where.file,
            "line": self.where.line,
            "column": self.where.column,
            "message": self.message,
            "hint": self.hint,
        }


def error(rule: str, where: Location, message: str, hint: str) -> Problem:
    """An error; the hint is required: every problem tells the contributor what to do."""
    return Problem(rule, Severity.ERROR, where, message, hint)


def warning(rule: str, where: Location, message: str, hint: str) -> Problem:
    return Problem(rule, Severity.WARNING, where, message, hint)


def sorted_problems(problems: list[Problem]) -> list[Problem]:
    return sorted(set(problems), key=Problem.sort_key)

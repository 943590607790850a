"""The one error object every stage reports: a located problem with a hint.

Loader, schema validation and rules all produce `Problem`s; the CLI prints them and the
MkDocs glue refuses to build when any is an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


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
        return f"{self.file}:{self.line}:{self.column}"


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
        """`path:line:col: severity[rule-id]: message` — the format editors and CI parse."""
        return f"{self.where}: {self.severity.value}[{self.rule}]: {self.message}"

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


def error(rule: str, where: Location, message: str, hint: str = "") -> Problem:
    return Problem(rule, Severity.ERROR, where, message, hint)


def warning(rule: str, where: Location, message: str, hint: str = "") -> Problem:
    return Problem(rule, Severity.WARNING, where, message, hint)


def sorted_problems(problems: list[Problem]) -> list[Problem]:
    return sorted(set(problems), key=Problem.sort_key)

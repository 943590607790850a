"""Reading a run folder's JSON files, verified: a worker's raw result is used (or, on resume, counted
as done) only when it parses and holds everything a worker writes, with every time a positive
finite number of seconds.

A damaged file (cut short by a crash or a full disk, edited, a zero or missing time) is one located,
readable message, `path:line:col: error[damaged-result]: what is wrong`, never a traceback.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any


class DamagedFile(Exception):
    """A file of the run folder that cannot be used, and where and why."""

    def __init__(self, path: Path, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.path, self.message, self.line, self.column = path, message, line, column

    def __str__(self) -> str:
        shown = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in str(self.path))
        return f"{shown}:{self.line}:{self.column}: error[damaged-result]: {self.message}"


class DamagedFiles(Exception):
    """Every damaged file found, each with its message (all at once, not the first only)."""

    def __init__(self, damaged: list[DamagedFile]) -> None:
        super().__init__(f"{len(damaged)} damaged file(s)")
        self.damaged = damaged

    def lines(self) -> list[str]:
        return [str(d) for d in self.damaged] + [
            f"  hint: rerun the same `python -m bench run` command: it redoes the rounds whose raw "
            f"result is damaged ({len(self.damaged)} file(s) here)"]


def read_json(path: Path) -> Any:
    """The file's JSON value, or DamagedFile located at the place the parser stopped."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DamagedFile(path, f"not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise DamagedFile(path, f"cannot read the file: {exc.strerror or exc}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        # Stopping on the last line is a file cut short (a crash, a full disk); elsewhere it was edited.
        what = "cut short" if exc.lineno >= text.rstrip().count("\n") + 1 else "not valid JSON"
        raise DamagedFile(path, f"{what}: {exc.msg}", exc.lineno, exc.colno) from None


def read_raw(path: Path, workloads: Iterable[str] | None = None) -> dict:
    """A worker's raw result, verified. `workloads`: the ones the worker was asked for; each must
    appear, measured or with its error, in a result whose framework loaded."""
    data = read_json(path)
    problem = raw_problem(data, tuple(workloads) if workloads is not None else None)
    if problem:
        raise DamagedFile(path, problem)
    return data


def is_done(path: Path, workloads: Iterable[str] | None = None) -> bool:
    """Whether a resumed run may keep this raw result (it exists and is whole)."""
    if not path.exists():
        return False
    try:
        read_raw(path, workloads)
    except DamagedFile:
        return False
    return True


def _time(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) and value > 0


def _times(node: dict, where: str) -> str | None:
    """A measure() record: its first call and its repetitions, each a positive time."""
    if not isinstance(node, dict):
        return f"{where} is not an object"
    for key in ("first_s", "seconds"):
        if key not in node:
            return f"{where}.{key} is missing"
    if not _time(node["first_s"]):
        return f"{where}.first_s is {node['first_s']!r}, not a positive number of seconds"
    seconds = node["seconds"]
    if not isinstance(seconds, list) or not seconds:
        return f"{where}.seconds is not a list of times"
    for i, value in enumerate(seconds):
        if not _time(value):
            return f"{where}.seconds[{i}] is {value!r}, not a positive number of seconds (a time is never zero)"
    return None


def raw_problem(data: Any, workloads: tuple[str, ...] | None = None) -> str | None:
    """What makes this raw result unusable (the first thing found), or None when it is whole."""
    if not isinstance(data, dict):
        return "not a worker result (a JSON object)"
    for key, kind in (("adapter", str), ("workloads", list), ("errors", list)):
        if key not in data:
            return f"{key} is missing"
        if not isinstance(data[key], kind):
            return f"{key} is not a {'list' if kind is list else 'text'}"
    for i, item in enumerate(data["errors"]):
        if not isinstance(item, dict) or "error" not in item or "workload" not in item:
            return f"errors[{i}] lacks its workload or error"
    if "import_s" not in data:
        # The framework did not load (or the worker crashed): then only its errors are recorded.
        return None if data["errors"] else "import_s is missing, and no error says why"
    if not _time(data["import_s"]):
        return f"import_s is {data['import_s']!r}, not a positive number of seconds"
    # Written last by the worker: their absence means the file stops before the worker finished.
    rss = data.get("peak_rss_bytes")
    if rss is None:
        return "peak_rss_bytes is missing (the worker did not finish)"
    if not isinstance(rss, int) or isinstance(rss, bool) or rss <= 0:
        return f"peak_rss_bytes is {rss!r}, not a positive number of bytes"
    if not isinstance(data.get("versions"), dict):
        return "versions is missing (the worker did not finish)"
    for i, workload in enumerate(data["workloads"]):
        where = f"workloads[{i}]"
        if not isinstance(workload, dict):
            return f"{where} is not an object"
        for key in ("workload", "first_loss", "infer"):
            if key not in workload:
                return f"{where}.{key} is missing"
        loss = workload["first_loss"]
        if not isinstance(loss, (int, float)) or isinstance(loss, bool):
            return f"{where}.first_loss is {loss!r}, not a number"
        if "train" in workload:
            problem = _times(workload["train"], f"{where}.train")
            if problem:
                return problem
        if not isinstance(workload["infer"], dict):
            return f"{where}.infer is not an object"
        for size, call in workload["infer"].items():
            problem = _times(call, f"{where}.infer[{size}]")
            if problem:
                return problem
    if workloads is not None:
        accounted = {w.get("workload") for w in data["workloads"]} | {e.get("workload") for e in data["errors"]}
        missing = [w for w in workloads if w not in accounted]
        if missing:
            return f"no result and no error for workload(s) {', '.join(missing)} (the worker did not finish)"
    return None

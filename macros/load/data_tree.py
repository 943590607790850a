"""Find the data files under a data root and load each one with positions.

The layout is the contract with contributors; a file's place says what kind of file it is:

    data/attributes.yaml            attributes   (the rated attributes and their scales)
    data/sources/<group>.yaml       sources      (catalogues of sources)
    data/frameworks/<id>.yaml       framework    (one framework: facts and verdicts)
    data/claims/<source-id>.yaml    claims       (what one source claims)
    data/measurements/<id>.yaml     measurements (one run of the framework benchmark, bench/)
    data/inference/<id>.yaml        inference    (one run of the inference-runtime benchmark, bench/)
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from macros.load.yaml_file import Document, load_yaml_bytes
from macros.problems import Location, Problem, error, quote


class Kind(str, Enum):
    ATTRIBUTES = "attributes"
    SOURCES = "sources"
    FRAMEWORK = "framework"
    CLAIMS = "claims"
    MEASUREMENTS = "measurements"
    INFERENCE = "inference"

    @property
    def schema_file(self) -> str:
        return f"{self.value}.schema.json"


_DIRECTORY_KINDS = {
    "sources": Kind.SOURCES,
    "frameworks": Kind.FRAMEWORK,
    "claims": Kind.CLAIMS,
    "measurements": Kind.MEASUREMENTS,
    "inference": Kind.INFERENCE,
}


@dataclass(frozen=True)
class DataFile:
    kind: Kind
    path: Path
    shown_as: str  # the path as printed in messages
    first_line: str
    document: Document | None  # None when the file could not be parsed


@dataclass(frozen=True)
class LoadedTree:
    root: Path
    files: list[DataFile]
    problems: list[Problem]


def shown_path(path: Path) -> str:
    """The path as a user in the current directory would type it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path.as_posix()
    return Path(rel).as_posix() if not rel.startswith("..") else path.as_posix()


def kind_of(root: Path, path: Path) -> Kind | None:
    if not path.is_relative_to(root):
        return None
    rel = path.relative_to(root)
    if rel.parts == ("attributes.yaml",):
        return Kind.ATTRIBUTES
    if len(rel.parts) == 2 and rel.suffix == ".yaml":
        return _DIRECTORY_KINDS.get(rel.parts[0])
    return None


def load_tree(root: Path) -> LoadedTree:
    """Load every data file under `root`, in a stable order. Everything else under it is reported:
    stray files, symlinks, special files, what cannot be read. Nothing is skipped silently."""
    problems: list[Problem] = []
    files: list[DataFile] = []
    attributes = root / "attributes.yaml"
    if not attributes.is_file():
        problems.append(
            error(
                "missing-file",
                Location(shown_path(attributes)),
                "the data root has no attributes.yaml",
                "every data root needs attributes.yaml with the rated attributes and their scales",
            )
        )
    for path, problem in walk_data(root):
        if problem is not None:
            problems.append(problem)
            continue
        shown = shown_path(path)
        kind = kind_of(root, path)
        if kind is None:
            problems.append(_stray_file_problem(path, shown))
            continue
        try:
            raw = path.read_bytes()
        except OSError as exc:
            problems.append(_unreadable(shown, "file", exc))
            continue
        document, file_problems = load_yaml_bytes(raw, shown)
        problems.extend(file_problems)
        files.append(DataFile(kind, path, shown, _first_line(raw), document))
    return LoadedTree(root, files, problems)


def walk_data(root: Path) -> Iterator[tuple[Path, Problem | None]]:
    """Every regular file under `root` in sorted order, or the problem with an entry that is not one.
    Iterative, and never follows a symlink: a link could point outside the repository, hide its
    target's errors from a check of the folder, or loop."""
    pending = [root]
    found: list[tuple[Path, Problem | None]] = []
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(folder) as entries:
                listed = sorted(entries, key=lambda e: e.name)
        except OSError as exc:
            found.append((folder, _unreadable(shown_path(folder), "folder", exc)))
            continue
        for entry in listed:
            path = Path(entry.path)
            try:
                if entry.is_symlink():
                    found.append((path, _symlink_problem(path)))
                elif entry.is_dir(follow_symlinks=False):
                    pending.append(path)
                elif entry.is_file(follow_symlinks=False):
                    found.append((path, None))
                else:
                    found.append((path, error(
                        "not-a-regular-file", Location(shown_path(path)),
                        "this is not a regular file (a pipe, socket or device), so it is not read",
                        "remove it; data files are plain files under data/",
                    )))
            except OSError as exc:
                found.append((path, _unreadable(shown_path(path), "file", exc)))
    yield from sorted(found, key=lambda item: item[0].as_posix())


def _unreadable(shown: str, what: str, exc: OSError) -> Problem:
    return error(
        f"unreadable-{what}",
        Location(shown),
        f"cannot read this {what}: {exc.strerror or exc}",
        f"check the {what}'s permissions (it must be readable by whoever runs the check and the build)",
    )


def _symlink_problem(path: Path) -> Problem:
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    return error(
        "symlink",
        Location(shown_path(path)),
        f"this is a symbolic link (to {quote(target)}); data files must be real files",
        "replace the link with the file itself (links can point outside the repository, or nowhere)",
    )


def _first_line(raw: bytes) -> str:
    return raw.split(b"\n", 1)[0].decode("utf-8", "replace").strip().lstrip("\ufeff")


def _stray_file_problem(path: Path, shown: str) -> Problem:
    hint = (
        "data files live at attributes.yaml, sources/<group>.yaml, frameworks/<id>.yaml, claims/<source-id>.yaml,"
        " measurements/<id>.yaml or inference/<id>.yaml"
    )
    if path.suffix.lower() in {".yaml", ".yml"} and path.suffix != ".yaml":
        hint = f"rename it to {path.stem}.yaml (the extension is exactly .yaml, in lower case); {hint}"
    elif path.suffix.lower() not in {".yaml", ".yml"}:
        hint = f"only YAML data files belong under the data folder: move or delete it; {hint}"
    return error("unknown-file", Location(shown), "this file is not at a place where data files are read", hint)

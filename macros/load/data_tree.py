"""Find the data files under a data root and load each one with positions.

The layout is the contract with contributors; a file's place says what kind of file it is:

    data/attributes.yaml            attributes   (the rated attributes and their scales)
    data/sources/<group>.yaml       sources      (catalogues of sources)
    data/frameworks/<id>.yaml       framework    (one framework: facts and verdicts)
    data/claims/<source-id>.yaml    claims       (what one source claims)
    data/measurements/<id>.yaml     measurements (one run of the framework benchmark, bench/)
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from macros.load.yaml_file import Document, load_yaml_file
from macros.problems import Location, Problem, error


class Kind(str, Enum):
    ATTRIBUTES = "attributes"
    SOURCES = "sources"
    FRAMEWORK = "framework"
    CLAIMS = "claims"
    MEASUREMENTS = "measurements"

    @property
    def schema_file(self) -> str:
        return f"{self.value}.schema.json"


_DIRECTORY_KINDS = {
    "sources": Kind.SOURCES,
    "frameworks": Kind.FRAMEWORK,
    "claims": Kind.CLAIMS,
    "measurements": Kind.MEASUREMENTS,
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
    rel = path.relative_to(root)
    if rel.parts == ("attributes.yaml",):
        return Kind.ATTRIBUTES
    if len(rel.parts) == 2 and rel.suffix == ".yaml":
        return _DIRECTORY_KINDS.get(rel.parts[0])
    return None


def load_tree(root: Path) -> LoadedTree:
    """Load every data file under `root`, in a stable order, reporting stray files too."""
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
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        shown = shown_path(path)
        kind = kind_of(root, path)
        if kind is None:
            if path.suffix in {".yaml", ".yml"}:
                problems.append(_stray_file_problem(root, path, shown))
            continue
        document, file_problems = load_yaml_file(path, shown)
        problems.extend(file_problems)
        files.append(DataFile(kind, path, shown, _first_line(path), document))
    return LoadedTree(root, files, problems)


def _first_line(path: Path) -> str:
    with path.open("rb") as handle:
        return handle.readline().decode("utf-8", "replace").strip().lstrip("\ufeff")


def _stray_file_problem(root: Path, path: Path, shown: str) -> Problem:
    hint = (
        "data files live at attributes.yaml, sources/<group>.yaml, frameworks/<id>.yaml, claims/<source-id>.yaml"
        " or measurements/<id>.yaml"
    )
    if path.suffix == ".yml":
        hint = f"rename it to {path.stem}.yaml; {hint}"
    return error("unknown-file", Location(shown), "this file is not at a place where data files are read", hint)

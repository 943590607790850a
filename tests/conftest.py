"""Shared test helpers: build a data root from the base fixture plus an overlay, run the CLI."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from macros.check.config import CheckConfig
from macros.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
BASE = FIXTURES / "base"
REPO = Path(__file__).resolve().parent.parent
TODAY = "2026-11-21"  # fixtures are judged against a fixed date, so they do not age
FIXED_TODAY = CheckConfig(today=dt.date.fromisoformat(TODAY))  # the same, for run_check on a fixture root


@dataclass
class CliRun:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return self.out.splitlines()


def make_data_root(workdir: Path, overlay: Path | None = None) -> Path:
    """Copy the base fixture to workdir/data and lay the overlay's YAML files over it."""
    root = workdir / "data"
    shutil.copytree(BASE, root)
    if overlay is not None:
        for file in sorted(overlay.rglob("*")):
            if file.is_file() and file.suffix in {".yaml", ".yml"}:
                target = root / file.relative_to(overlay)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(file, target)
    return root


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """Run `python -m macros ...` in-process from tmp_path, as a contributor would from the repo."""
    monkeypatch.chdir(tmp_path)

    def run(*args: str) -> CliRun:
        code = main(list(args))
        captured = capsys.readouterr()
        return CliRun(code, captured.out, captured.err)

    return run

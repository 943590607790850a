"""Tools that cannot lose data: every writer (fix, refresh, new, the bench writer) replaces a file
atomically and says it did only when it did. A failed write, simulated here as a full disk at the
rename or at the write itself, leaves the old file byte for byte and no temporary file behind, and
the tool reports the failure."""

from __future__ import annotations

import ast
import datetime as dt
import errno
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, make_data_root

REPO = Path(__file__).resolve().parents[1]
FULL_DISK = OSError(errno.ENOSPC, "No space left on device")


def _no_space(*args: object, **kwargs: object) -> None:
    raise FULL_DISK


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.fixture(params=["rename", "write"])
def full_disk(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The disk fills at the rename (os.replace) or while the bytes are written (os.fsync)."""
    monkeypatch.setattr(os, "replace" if request.param == "rename" else "fsync", _no_space)
    return request.param


# --- the atomic writer itself ---------------------------------------------------------------------

@pytest.mark.parametrize("module", ["macros.authoring.atomic_write", "bench.atomic_write"])
def test_a_failed_write_keeps_the_old_file(module: str, tmp_path: Path, full_disk: str) -> None:
    import importlib

    write_atomic = importlib.import_module(module).write_atomic
    target = tmp_path / "file.yaml"
    target.write_bytes(b"old: contents\n")
    with pytest.raises(OSError):
        write_atomic(target, b"new: contents, longer than the old ones\n")
    assert target.read_bytes() == b"old: contents\n"
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("module", ["macros.authoring.atomic_write", "bench.atomic_write"])
def test_a_write_replaces_the_file_keeping_its_mode(module: str, tmp_path: Path) -> None:
    import importlib

    write_atomic = importlib.import_module(module).write_atomic
    target = tmp_path / "file.yaml"
    target.write_bytes(b"old\n")
    target.chmod(0o640)
    write_atomic(target, b"new\n")
    assert target.read_bytes() == b"new\n" and (target.stat().st_mode & 0o777) == 0o640
    with pytest.raises(FileExistsError):
        write_atomic(target, b"again\n", overwrite=False)
    assert target.read_bytes() == b"new\n" and _leftovers(tmp_path) == []


def _code_without_docstring(path: Path) -> str:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    tree.body = tree.body[1:] if isinstance(tree.body[0], ast.Expr) else tree.body
    return ast.unparse(tree)


def test_bench_keeps_an_identical_copy_of_the_atomic_writer() -> None:
    assert _code_without_docstring(REPO / "bench" / "atomic_write.py") == \
        _code_without_docstring(REPO / "macros" / "authoring" / "atomic_write.py")


def test_the_bench_tool_does_not_import_the_site_package() -> None:
    code = ("import sys, bench.__main__, bench.runner.assemble, bench.runner.run, bench.runner.raw, "
            "bench.yaml_writer, bench.report, bench.stats; "
            "print(sorted(m for m in sys.modules if m == 'macros' or m.startswith('macros.')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


# --- fix -----------------------------------------------------------------------------------------

def test_fix_reports_a_failed_write_and_leaves_the_file(tmp_path: Path, run_cli: Callable, full_disk: str) -> None:
    root = make_data_root(tmp_path)
    alpha = root / "frameworks" / "alpha.yaml"
    messy = alpha.read_text(encoding="utf-8").replace("id: alpha\nname: Alpha", "name: Alpha\nid: alpha")
    alpha.write_text(messy, encoding="utf-8")
    before = {p: p.read_bytes() for p in root.rglob("*.yaml")}
    result = run_cli("fix", "data")
    assert result.code == 1
    assert {p: p.read_bytes() for p in root.rglob("*.yaml")} == before
    assert "fixed " not in result.out
    # The base fixture's two framework files both need fixing: both writes fail, both are reported.
    for name in ("alpha", "beta"):
        assert (f"data/frameworks/{name}.yaml:1:1: error[unreadable-file]: cannot read or write the file: "
                "No space left on device") in result.out
    already = len(before) - 2  # every other data file of the base fixture is in fixed form already
    assert f"0 file(s) changed, {already} already fixed, 2 left untouched" in result.out
    assert _leftovers(alpha.parent) == []


# --- refresh -------------------------------------------------------------------------------------

def test_refresh_reports_a_failed_write_and_leaves_the_file(tmp_path: Path, full_disk: str) -> None:
    from macros.authoring.refresh import refresh

    root = make_data_root(tmp_path)
    alpha = root / "frameworks" / "alpha.yaml"
    alpha.write_text(alpha.read_text(encoding="utf-8").replace("verdicts:\n", """  releases_12m:
    - value: 1
      source: alpha-docs
      as_of: "2026-01-01"
      method: final releases in the 12 months before as_of
      package: pypi:alpha
verdicts:
""", 1), encoding="utf-8")
    before = alpha.read_bytes()
    stored = json.loads((FIXTURES / "refresh" / "pypi-alpha.json").read_text(encoding="utf-8"))

    def fetch(package: str) -> dict[str, Any]:
        return stored

    (outcome,) = refresh(root, dt.date(2026, 11, 27), fetch)
    assert outcome.changed is False
    assert outcome.message.startswith("not refreshed: cannot write the file (No space left on device)")
    assert alpha.read_bytes() == before and _leftovers(alpha.parent) == []


# --- new -----------------------------------------------------------------------------------------

def test_new_reports_a_failed_write_and_leaves_no_file(tmp_path: Path, run_cli: Callable,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    make_data_root(tmp_path)
    monkeypatch.setattr(os, "link", _no_space)  # `new` never overwrites: it links the finished file in place
    result = run_cli("new", "gamma", "--data", "data")
    assert result.code == 1
    assert "created" not in result.out
    assert "data/frameworks/gamma.yaml:1:1: error[new-unwritable]: cannot write the file: No space left" in result.out
    assert not (tmp_path / "data" / "frameworks" / "gamma.yaml").exists()
    assert _leftovers(tmp_path / "data" / "frameworks") == []


# --- the bench writer ----------------------------------------------------------------------------

def test_the_bench_writer_reports_a_failed_write_and_keeps_the_old_file(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                        full_disk: str) -> None:
    import yaml

    from bench.__main__ import _write

    out = tmp_path / "run.yaml"
    old = (FIXTURES / "base" / "measurements" / "run.yaml").read_bytes()
    out.write_bytes(old)
    measurement = yaml.safe_load(old)
    measurement["title"] = "A newer run"
    assert _write(measurement, out) is False
    err = capsys.readouterr().err
    assert f"{out}: error: cannot write the measurement file (No space left on device)" in err
    assert "wrote" not in err
    assert out.read_bytes() == old and _leftovers(tmp_path) == []


def test_the_bench_writer_writes_what_fix_would_leave_alone(tmp_path: Path) -> None:
    """bench's own YAML writer gives the data files' layout: the repository's measurement file,
    read and written again, comes out byte for byte."""
    import yaml

    from bench.yaml_writer import measurement_text

    for path in sorted((REPO / "data" / "measurements").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert measurement_text(yaml.safe_load(text)) == text, path.name

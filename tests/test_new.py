"""`python -m macros new <id>`: a scaffold that explains itself, fails the check until filled in."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, TODAY, make_data_root

from macros.load.yaml_file import load_yaml_file

MODELINE = "# yaml-language-server: $schema=../../schema/framework.schema.json"


def _fill(text: str) -> str:
    """What a contributor does: replace each placeholder with a sourced value."""
    filled = {
        'name: ""': "name: Gamma",
        'summary: ""': "summary: A small framework used in tests.",
        '- value: ""': "- value: MIT",
        'source: ""': "source: alpha-docs",
        'locator: ""': "locator: LICENSE",
        'as_of: ""': 'as_of: "2026-11-01"',
    }
    for placeholder, value in filled.items():
        assert placeholder in text
        text = text.replace(placeholder, value, 1)
    return text


def test_creates_the_file_with_modeline_required_fields_and_guidance(tmp_path: Path, run_cli) -> None:
    root = make_data_root(tmp_path)
    result = run_cli("new", "gamma", "--data", "data")
    assert result.code == 0, result.err
    path = root / "frameworks" / "gamma.yaml"
    assert result.lines[0] == "created data/frameworks/gamma.yaml"
    assert "python -m macros check data/frameworks/gamma.yaml" in result.out
    text = path.read_text()
    assert text.splitlines()[0] == MODELINE
    document, problems = load_yaml_file(path, "gamma.yaml")
    assert document is not None and not problems
    assert list(document.data) == ["id", "name", "summary", "facts"]
    assert document.data["id"] == "gamma"
    entry = document.data["facts"]["license"][0]
    assert list(entry) == ["value", "source", "locator", "as_of"]
    for field in ("value:", "source:", "locator:", "as_of:", "data/sources/"):
        assert re.search(rf"^\s*#.*{re.escape(field)}", text, re.MULTILINE), f"no comment explains {field}"
    for fact in ("developer", "first_release", "status", "hardware", "repository"):  # read from the schema
        assert f"#   {fact}: " in text


def test_unfilled_scaffold_fails_the_check_at_every_placeholder(tmp_path: Path, run_cli) -> None:
    root = make_data_root(tmp_path)
    run_cli("new", "gamma", "--data", "data")
    lines = (root / "frameworks" / "gamma.yaml").read_text().splitlines()
    placeholders = {n for n, line in enumerate(lines, 1) if '""' in line and not line.lstrip().startswith("#")}
    assert len(placeholders) == 6
    result = run_cli("check", "data", "--today", TODAY)
    assert result.code == 1
    located = [line for line in result.lines if line.startswith("data/frameworks/gamma.yaml:")]
    assert {int(line.split(":")[1]) for line in located} == placeholders
    assert all(": error[schema-" in line for line in located)
    assert "data/frameworks/gamma.yaml:8:7: error[schema-length]: 'name' must not be empty" in located
    assert "Traceback" not in result.out + result.err


def test_filled_scaffold_passes_the_check(tmp_path: Path, run_cli) -> None:
    root = make_data_root(tmp_path)
    run_cli("new", "gamma", "--data", "data")
    path = root / "frameworks" / "gamma.yaml"
    path.write_text(_fill(path.read_text()))
    result = run_cli("check", "data", "--today", TODAY)
    assert result.code == 0, result.out
    assert not [line for line in result.lines if "gamma.yaml" in line]
    assert "No problems: 3 frameworks" in result.out


def test_scaffold_is_already_in_fixed_form(tmp_path: Path, run_cli) -> None:
    make_data_root(tmp_path)
    run_cli("new", "gamma", "--data", "data")
    assert run_cli("fix", "--check", "data/frameworks/gamma.yaml").code == 0


def test_refuses_an_existing_id_and_leaves_the_file(tmp_path: Path, run_cli) -> None:
    root = make_data_root(tmp_path)
    before = (root / "frameworks" / "alpha.yaml").read_bytes()
    result = run_cli("new", "alpha", "--data", "data")
    assert result.code == 1
    assert result.lines[0] == "data/frameworks/alpha.yaml:1:1: error[new-exists]: framework 'alpha' already exists"
    assert result.lines[1].startswith("  hint: ")
    assert (root / "frameworks" / "alpha.yaml").read_bytes() == before


@pytest.mark.parametrize(
    "bad", ["Gamma", "gamma_2", "-gamma", "gamma-", "gam--ma", "../gamma", "gamma.yaml", "gam ma", "", "g" * 65,
            "gamma\n", "index", "search", "constructor", "onnx-vs-tflite", "vs-gamma"]
)
def test_refuses_a_malformed_id(bad: str, tmp_path: Path, run_cli) -> None:
    root = make_data_root(tmp_path)
    files = sorted(root.rglob("*"))
    result = run_cli("new", "--data", "data", "--", bad)  # "--": an id may start with "-"
    assert result.code == 2
    assert "error: " in result.err and "not a valid framework id" in result.err
    assert sorted(root.rglob("*")) == files


def test_the_data_folder_must_be_a_data_root(tmp_path: Path, run_cli) -> None:
    (tmp_path / "elsewhere").mkdir()
    result = run_cli("new", "gamma", "--data", "elsewhere")
    assert result.code == 2
    assert "not a data folder" in result.err
    assert not (tmp_path / "elsewhere" / "frameworks").exists()


def test_runs_as_a_process_without_traceback(tmp_path: Path) -> None:
    root = make_data_root(tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "macros", "new", "Not_An_Id", "--data", str(root)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "error:" in proc.stderr and "Traceback" not in proc.stderr

"""`python -m macros fix`: key order from the schema, tidy formatting, values and comments as written."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXED_TODAY, FIXTURES, REPO, make_data_root
from test_bad_inputs import CASES as BAD_INPUTS

from macros.check.run import run_check
from macros.load.data_tree import load_tree

AUTHORING = FIXTURES / "authoring"
MODELINE = "# yaml-language-server: $schema=../../schema/framework.schema.json"


def _messy_root(tmp_path: Path) -> Path:
    root = make_data_root(tmp_path)
    shutil.copy(AUTHORING / "gamma.messy.yaml", root / "frameworks" / "gamma.yaml")
    return root


def _meaning(root: Path) -> dict[str, object]:
    """What the loader reads from every file, by path: the data the site is built from."""
    tree = load_tree(root)
    return {f.path.relative_to(root).as_posix(): f.document.data if f.document else None for f in tree.files}


def test_puts_keys_in_schema_order_and_formats_consistently(tmp_path: Path, run_cli) -> None:
    root = _messy_root(tmp_path)
    result = run_cli("fix", "data/frameworks/gamma.yaml")
    assert result.code == 0, result.out
    assert "fixed data/frameworks/gamma.yaml" in result.lines
    assert (root / "frameworks" / "gamma.yaml").read_text() == (AUTHORING / "gamma.fixed.yaml").read_text()


def test_keeps_comments_quotes_and_block_scalars_as_written(tmp_path: Path, run_cli) -> None:
    root = _messy_root(tmp_path)
    before = (root / "frameworks" / "gamma.yaml").read_text()
    run_cli("fix", "data")
    after = (root / "frameworks" / "gamma.yaml").read_text()
    for comment in [line.strip() for line in before.splitlines() if line.strip().startswith("#")]:
        assert comment in after
    assert "id: gamma  # the id equals the file name\n" in after
    assert "level: no   # not on the scale: a judgement call, left alone\n" in after  # `no` is not false
    assert 'as_of: "2017-09-08"\n' in after and "from: 2019-03-29\n" in after  # quoted stays quoted, plain plain
    assert "name: 'Gamma'\n" in after
    assert 'rationale: "One article; it\'s \\"fine\\"."\n' in after
    assert "summary: >-\n  A folded summary\n  over two lines.\n" in after
    assert "note: |\n        Literal text\n          with an indented line.\n" in after
    assert after.startswith(MODELINE + "\n# Gamma: a framework for the fix tests")


def test_changes_no_meaning(tmp_path: Path, run_cli) -> None:
    root = _messy_root(tmp_path)
    before = _meaning(root)
    run_cli("fix", "data")
    assert _meaning(root) == before


def test_second_run_changes_nothing(tmp_path: Path, run_cli) -> None:
    root = _messy_root(tmp_path)
    first = run_cli("fix", "data")
    assert "fixed data/frameworks/gamma.yaml" in first.lines
    files = {p: p.read_bytes() for p in root.rglob("*.yaml")}
    second = run_cli("fix", "data")
    assert second.code == 0
    assert not [line for line in second.lines if line.startswith("fixed ")]
    assert second.lines[-1].startswith("0 file(s) changed")
    assert {p: p.read_bytes() for p in root.rglob("*.yaml")} == files


def test_check_mode_reports_and_changes_nothing(tmp_path: Path, run_cli) -> None:
    root = _messy_root(tmp_path)
    before = (root / "frameworks" / "gamma.yaml").read_bytes()
    result = run_cli("fix", "--check", "data")
    assert result.code == 1
    assert "would fix data/frameworks/gamma.yaml" in result.lines
    assert (root / "frameworks" / "gamma.yaml").read_bytes() == before
    run_cli("fix", "data")
    assert run_cli("fix", "--check", "data").code == 0


def test_refuses_a_file_that_does_not_parse_and_fixes_the_others(tmp_path: Path, run_cli) -> None:
    root = _messy_root(tmp_path)
    broken = root / "claims" / "article-two.yaml"
    content = broken.read_bytes().replace(b"level: moderate", b"level: [moderate")
    broken.write_bytes(content)
    result = run_cli("fix", "data")
    assert result.code == 1
    assert any(
        line.startswith("data/claims/article-two.yaml:9:") and "error[yaml-syntax]" in line for line in result.lines
    )
    assert "  hint: check indentation, quotes and colons around this position" in result.lines
    assert broken.read_bytes() == content
    assert "fixed data/frameworks/gamma.yaml" in result.lines
    assert "Traceback" not in result.out + result.err


def test_bom_crlf_trailing_blanks_and_missing_modeline(tmp_path: Path, run_cli) -> None:
    root = make_data_root(tmp_path)
    path = root / "claims" / "article-two.yaml"
    text = path.read_text()
    body = text.split("\n", 1)[1]  # without its modeline
    messy = "\n\n" + body.replace("wording: Moderate", "wording: Moderate   ").replace("\n", "\r\n") + "\r\n\r\n"
    path.write_bytes(b"\xef\xbb\xbf" + messy.encode())
    assert run_cli("fix", "data/claims").code == 0
    assert path.read_bytes() == text.encode()


def test_wrong_modeline_is_replaced(tmp_path: Path, run_cli) -> None:
    root = make_data_root(tmp_path)
    path = root / "frameworks" / "beta.yaml"
    text = path.read_text()
    path.write_text(text.replace("framework.schema.json", "claims.schema.json", 1))
    run_cli("fix", "data/frameworks/beta.yaml")
    assert path.read_text().splitlines()[0] == MODELINE


def test_leaves_judgement_calls_alone(tmp_path: Path, run_cli) -> None:
    root = make_data_root(tmp_path, FIXTURES / "rules" / "conflicting-claims" / "bad")
    (root / "frameworks" / "beta.yaml").write_text(
        (root / "frameworks" / "beta.yaml").read_text().replace("source: beta-repo", "source: no-such-source", 1)
    )
    before = run_check(root, FIXED_TODAY).problems
    run_cli("fix", "data")
    after = run_check(root, FIXED_TODAY).problems
    assert [(p.rule, p.message) for p in after] == [(p.rule, p.message) for p in before]
    assert any(p.rule == "conflicting-claims" for p in after) and any(p.rule == "unknown-source" for p in after)


def test_unknown_keys_keep_their_place(tmp_path: Path, run_cli) -> None:
    root = make_data_root(tmp_path)
    path = root / "sources" / "base.yaml"
    path.write_text(
        path.read_text().replace("    kind: official-docs\n", "    colour: red\n    kind: official-docs\n", 1)
    )
    run_cli("fix", "data/sources")
    assert "    title: Alpha documentation\n    colour: red\n    kind: official-docs\n" in path.read_text()


def test_comment_above_a_moved_key_moves_with_it(tmp_path: Path, run_cli) -> None:
    root = make_data_root(tmp_path)
    path = root / "claims" / "article-two.yaml"
    path.write_text(
        path.read_text().replace(
            "  - id: alpha-ease\n    framework: alpha\n",
            "  - framework: alpha\n    # the claim's id, as the article's table names it\n    id: alpha-ease\n",
        )
    )
    run_cli("fix", "data/claims")
    assert (
        "  # the claim's id, as the article's table names it\n  - id: alpha-ease\n    framework: alpha\n"
        in path.read_text()
    )


def test_a_file_outside_the_data_layout_is_refused(tmp_path: Path, run_cli) -> None:
    root = make_data_root(tmp_path)
    (root / "notes.yaml").write_text("b: 1\na: 2\n")
    result = run_cli("fix", "data/notes.yaml")
    assert result.code == 1
    assert any(line.startswith("data/notes.yaml:1:1: error[unknown-file]") for line in result.lines)
    assert (root / "notes.yaml").read_text() == "b: 1\na: 2\n"


@pytest.mark.parametrize(
    ("name", "relpath", "content", "rule"), [c[:4] for c in BAD_INPUTS], ids=[c[0] for c in BAD_INPUTS]
)
def test_bad_inputs_are_refused_located_or_fixed_without_changing_meaning(
    name: str, relpath: str, content: bytes, rule: str, tmp_path: Path, run_cli
) -> None:
    root = make_data_root(tmp_path)
    target = root / relpath
    target.write_bytes(content)
    before = _meaning(root)
    unreadable = any(
        p.is_error and p.where.file.endswith(relpath) and p.rule not in {"bom", "unknown-file"}
        for p in load_tree(root).problems
    )
    result = run_cli("fix", "data")
    assert "Traceback" not in result.out + result.err
    if unreadable:
        assert result.code == 1
        assert any(line.startswith(f"data/{relpath}:") and "error[" in line for line in result.lines)
        assert target.read_bytes() == content
    else:
        assert result.code == 0, result.out
        assert _meaning(root) == before


def test_the_repository_data_keeps_its_meaning_and_check_result(tmp_path: Path, run_cli) -> None:
    root = tmp_path / "data"
    shutil.copytree(REPO / "data", root)
    before, problems = _meaning(root), run_check(root).problems  # the real data: as of today
    assert run_cli("fix", "data").code == 0
    assert _meaning(root) == before
    assert [(p.rule, p.message) for p in run_check(root).problems] == [(p.rule, p.message) for p in problems]
    assert run_cli("fix", "--check", "data").code == 0


def test_runs_as_a_process(tmp_path: Path) -> None:
    root = _messy_root(tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "macros", "fix", "--check", str(root)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert "would fix" in proc.stdout and "Traceback" not in proc.stderr

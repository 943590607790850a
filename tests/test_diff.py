"""`python -m macros diff <git-ref>`: what a data change does to the site, as pull-request Markdown.

Each test makes its own git repository in tmp_path (identity and config from the environment, so
it runs the same on a clean CI machine, as root or not).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import FIXTURES, make_data_root

NEW_RATING = """  - id: alpha-perf
    framework: alpha
    attribute: performance
    wording: {wording}
    level: high
    locator: Table
"""


def git(where: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=where, check=True, capture_output=True)


def commit(where: Path, message: str) -> None:
    git(where, "add", "-A", ".")
    git(where, "commit", "-q", "--no-gpg-sign", "-m", message)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """tmp_path as a git repository whose one commit holds the base fixture as data/."""
    for name, value in {
        "HOME": str(tmp_path),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": str(tmp_path / "no-such-gitconfig"),
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
    }.items():
        monkeypatch.setenv(name, value)
    make_data_root(tmp_path)
    git(tmp_path, "init", "-q")
    commit(tmp_path, "base data")
    return tmp_path / "data"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def add_rating(data: Path, wording: str = "quick") -> None:
    path = data / "claims" / "article-two.yaml"
    path.write_text(path.read_text() + NEW_RATING.format(wording=wording))


def test_no_change_says_so(repo: Path, run_cli) -> None:
    result = run_cli("diff", "HEAD")
    assert result.code == 0
    assert result.lines[0] == "## Data changes against `HEAD`"
    assert "No changes to the published data." in result.lines


def test_added_claim_changed_verdict_and_new_contradiction(repo: Path, run_cli) -> None:
    add_rating(repo)
    edit(repo / "frameworks" / "alpha.yaml", "    level: moderate\n", "    level: high\n")
    result = run_cli("diff", "HEAD")
    assert result.code == 0
    out = result.out
    assert "### Claims" in out
    assert "- Added: `article-two:alpha-perf`: rates `alpha` `performance` high (“quick”)" in result.lines
    assert "| `alpha` | `performance` | moderate | high |  |" in result.lines
    assert (
        "- New, **unresolved**: `alpha` `performance`: `article-one:alpha-speed` (moderate), "
        "`article-two:alpha-perf` (high), `review-three:alpha-speed` (moderate); verdict high"
    ) in result.lines
    assert "No changes" not in out


def test_resolved_contradiction(repo: Path, run_cli) -> None:
    shutil.copy(FIXTURES / "rules" / "conflicting-claims" / "bad" / "frameworks" / "alpha.yaml", repo / "frameworks")
    commit(repo.parent, "an unresolved contradiction")
    shutil.copy(FIXTURES / "base" / "frameworks" / "alpha.yaml", repo / "frameworks")
    result = run_cli("diff", "HEAD")
    assert any(line.startswith("- Resolved: `alpha` `ease_of_use`: ") for line in result.lines), result.out
    assert "| `alpha` | `ease_of_use` | high | high | rationale or overrides changed |" in result.lines


def test_contradiction_no_longer_present(repo: Path, run_cli) -> None:
    # The claim that disagreed now gives the verdict's level, so claims and verdict agree. (Both
    # claims agreeing with each other but not with the verdict would still be a disagreement.)
    edit(
        repo / "claims" / "article-two.yaml",
        "    level: moderate\n    locator: Table\n",
        "    level: high\n    locator: Table\n",
    )
    result = run_cli("diff", "HEAD")
    assert any(line.startswith("- No longer present: `alpha` `ease_of_use`: ") for line in result.lines), result.out
    assert "- Changed: `article-two:alpha-ease`: level moderate → high" in result.lines


def test_frameworks_sources_and_facts(repo: Path, run_cli) -> None:
    gamma = (
        (repo / "frameworks" / "beta.yaml")
        .read_text()
        .replace("id: beta", "id: gamma")
        .replace("name: Beta", "name: Gamma")
    )
    (repo / "frameworks" / "gamma.yaml").write_text(gamma)
    edit(
        repo / "sources" / "base.yaml",
        "sources:\n",
        "sources:\n"
        "  gamma-docs:\n"
        "    title: Gamma documentation\n"
        "    kind: official-docs\n"
        "    publisher: Gamma project\n",
    )
    edit(repo / "frameworks" / "alpha.yaml", '"2015-03"', '"2015-04"')
    result = run_cli("diff", "HEAD")
    assert "- Added: **Gamma** (`gamma`)" in result.lines
    assert "- Added: `gamma-docs`: Gamma documentation (official-docs)" in result.lines
    assert "| `alpha` | `first_release` | 2015-03 | 2015-04 |" in result.lines


def test_removed_framework_and_source(repo: Path, run_cli) -> None:
    (repo / "frameworks" / "beta.yaml").unlink()
    edit(
        repo / "sources" / "base.yaml",
        "  beta-repo:\n"
        "    title: Beta repository\n"
        "    kind: repository\n"
        "    publisher: Beta project\n"
        "    url: https://github.com/example/beta\n"
        '    accessed: "2026-11-01"\n',
        "",
    )
    result = run_cli("diff", "HEAD")
    assert result.code == 0
    assert "- Removed: **Beta** (`beta`)" in result.lines
    assert "- Removed: `beta-repo`: Beta repository (repository)" in result.lines
    assert any("`python -m macros check` finds" in line for line in result.lines)  # alpha still names beta


def test_data_text_cannot_inject_markdown_or_html(repo: Path, run_cli) -> None:
    add_rating(repo, wording='"<img src=x onerror=alert(1)>|"')
    edit(repo / "frameworks" / "alpha.yaml", "name: Alpha", 'name: "Alpha | <b>@all</b> [x](javascript:alert(1))"')
    result = run_cli("diff", "HEAD")
    assert "<img" not in result.out and "<b>" not in result.out and "@all" not in result.out
    assert "[x](" not in result.out and "\\[x\\](javascript" in result.out  # no link: brackets escaped
    assert "(“&lt;img src=x onerror=alert(1)&gt;&#124;”)" in result.out
    [row] = [line for line in result.lines if line.startswith("| `alpha` | `name` |")]
    assert row.count("|") == 5  # the data's own `|` did not add a table cell


def test_invalid_new_data_is_reported_in_the_markdown(repo: Path, run_cli) -> None:
    edit(repo / "frameworks" / "alpha.yaml", "name: Alpha", "name: [Alpha")
    result = run_cli("diff", "HEAD")
    assert result.code == 0
    [warning] = [line for line in result.lines if "do not load or do not match the schema" in line]
    assert "the working tree" in warning and "`data/frameworks/alpha.yaml`" in warning
    assert "Traceback" not in result.out + result.err


def test_invalid_old_data_is_reported_in_the_markdown(repo: Path, run_cli) -> None:
    edit(repo / "frameworks" / "beta.yaml", "name: Beta", "name: [Beta")
    commit(repo.parent, "broken")
    edit(repo / "frameworks" / "beta.yaml", "name: [Beta", "name: Beta")
    result = run_cli("diff", "HEAD")
    assert result.code == 0
    [warning] = [line for line in result.lines if "do not load or do not match the schema" in line]
    assert "`HEAD`" in warning and "`data/frameworks/beta.yaml`" in warning


def test_data_folder_missing_at_the_ref(tmp_path: Path, repo: Path, run_cli) -> None:
    git(tmp_path, "rm", "-r", "-q", "--cached", "data")
    git(tmp_path, "commit", "-q", "--no-gpg-sign", "-m", "no data yet")
    result = run_cli("diff", "HEAD")
    assert result.code == 0
    assert any("does not exist at `HEAD`" in line for line in result.lines)
    assert "- Added: **Alpha** (`alpha`)" in result.lines


def test_an_older_commit_and_an_explicit_data_folder(tmp_path: Path, repo: Path, run_cli) -> None:
    add_rating(repo)
    commit(tmp_path, "a new rating")
    result = run_cli("diff", "HEAD~1", "--data", str(repo))
    assert "- Added: `article-two:alpha-perf`: rates `alpha` `performance` high (“quick”)" in result.lines


@pytest.mark.parametrize("ref", ["no-such-branch", "-p", "HEAD~5", ""])
def test_a_bad_ref_is_a_usage_error(ref: str, repo: Path, run_cli) -> None:
    result = run_cli("diff", "--", ref)
    assert result.code == 2
    assert "error: " in result.err
    assert result.out == ""


def test_outside_a_git_repository_is_a_usage_error(tmp_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    make_data_root(tmp_path)
    result = run_cli("diff", "HEAD")
    assert result.code == 2
    assert "not inside a git repository" in result.err


def test_unrated_attribute_shows_as_no_source(repo: Path, run_cli) -> None:
    edit(
        repo / "frameworks" / "alpha.yaml",
        "verdicts:\n",
        'unrated:\n  debugging:\n    why: Nothing we read rates it.\n    as_of: "2026-11-01"\nverdicts:\n',
    )
    result = run_cli("diff", "HEAD")
    assert "| `alpha` | `debugging` | — | no source |  |" in result.lines, result.out


def test_addresses_in_data_text_do_not_become_links(repo: Path, run_cli) -> None:
    # GitHub links these by itself, escaped or not; in a code span it never does.
    edit(repo / "frameworks" / "alpha.yaml", "name: Alpha",
         'name: "A https://e.example/x, www.e.example, ops@e.example, mailto:x@y.z"')
    result = run_cli("diff", "HEAD")
    [row] = [line for line in result.lines if line.startswith("| `alpha` | `name` |")]
    for address in ("https://e.example/x,", "www.e.example,", "ops@e.example,", "mailto:x@y.z"):
        assert f"`{address}`" in row
        assert row.count(address) == 1  # only inside its code span
    assert row.count("|") == 5

"""The command line: formats, exit codes, path selection."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO, TODAY, make_data_root


def test_clean_data_exits_0_and_lists_resolved_contradictions(tmp_path: Path, run_cli) -> None:
    make_data_root(tmp_path)
    result = run_cli("check", "data", "--today", TODAY)
    assert result.code == 0
    assert "1 contradiction(s) in the data, each resolved:" in result.out
    assert "alpha ease_of_use: article-one:alpha-ease (high), article-two:alpha-ease (moderate), review-three:alpha-ease (high) -> verdict high" in result.out


def test_checking_one_file_lists_only_the_contradictions_it_is_part_of(tmp_path: Path, run_cli) -> None:
    make_data_root(tmp_path)
    # The base data's one contradiction is alpha's ease of use: claims in both articles, alpha's verdict.
    for involved in ("data/frameworks/alpha.yaml", "data/claims/article-two.yaml", "data"):
        assert "1 contradiction(s) in the data" in run_cli("check", involved, "--today", TODAY).out
    for elsewhere in ("data/frameworks/beta.yaml", "data/sources"):
        result = run_cli("check", elsewhere, "--today", TODAY)
        assert result.code == 0 and "contradiction" not in result.out


def test_conflicting_claims_without_a_verdict_names_each_claim_quoted_with_its_wording_and_place(
        tmp_path: Path, run_cli) -> None:
    make_data_root(tmp_path, FIXTURES / "rules" / "conflicting-claims" / "bad-no-verdict")
    result = run_cli("check", "data", "--today", TODAY)
    # From the base fixture's three claims on alpha's ease of use, each an item at line 4, column 5 of its file.
    assert ("data/claims/article-one.yaml:8:12: error[conflicting-claims]: claims disagree on alpha ease_of_use: "
            "'article-one:alpha-ease' says high ('easy to learn', data/claims/article-one.yaml:4:5); "
            "'article-two:alpha-ease' says moderate ('Moderate', data/claims/article-two.yaml:4:5); "
            "'review-three:alpha-ease' says high ('easy to pick up', data/claims/review-three.yaml:4:5)") in result.lines


def test_a_level_off_the_scale_is_named_quoted_with_the_scale_and_its_levels(tmp_path: Path, run_cli) -> None:
    make_data_root(tmp_path, FIXTURES / "rules" / "level-not-on-scale" / "bad")
    result = run_cli("check", "data", "--today", TODAY)
    # The fixture rates alpha's ease of use "medium"; the base fixture's quality scale is low .. very-high.
    at = result.lines.index("data/claims/article-two.yaml:8:12: error[level-not-on-scale]: "
                            "'medium' is not a level of Ease of use (scale 'quality')")
    assert result.lines[at + 1].strip() == "hint: use one of: low, moderate, high, very-high; keep the source's own word in `wording`"


# Whole messages, written out from the fixtures' YAML (and the base fixture's claims): the ids, levels and
# wordings from data each quoted, so a value cannot run into the words around it.
WHOLE_MESSAGES = {
    "opposed-comparisons/bad": "data/claims/article-two.yaml:13:15: error[opposed-comparisons]: sources compare alpha "
        "and beta on scalability in opposite directions: 'article-two:alpha-scales-worse' says alpha is lower than beta "
        "('scales worse than Beta', data/claims/article-two.yaml:11:5); 'article-two:beta-scales-worse' says beta is "
        "lower than alpha ('Beta falls behind Alpha at scale', data/claims/article-two.yaml:18:5)",
    "output-name/bad": "data/frameworks/index.yaml:2:5: error[output-name]: framework id 'index' cannot name its page: "
        "'index' is the name of a page or folder the site already has",
    "rated-and-unrated/bad": "data/frameworks/beta.yaml:26:3: error[rated-and-unrated]: beta performance is marked "
        "unrated but 'article-one:beta-speed' rates it high, 'review-three:beta-speed' rates it high",
    "undefined-workload/bad-failure": "data/measurements/run.yaml:59:15: error[undefined-workload]: alpha-eager failed "
        "workload 'rnn', which run 'run' does not define (it defines mlp)",
    "unknown-claim/bad": "data/frameworks/alpha.yaml:31:9: error[unknown-claim]: the verdict on alpha ease_of_use "
        "overrides 'article-two:alpha-eas', which is not a recorded claim",
    "verdict-without-support/bad": "data/frameworks/beta.yaml:27:12: error[verdict-without-support]: no standing claim "
        "rates beta performance very-high: 'article-one:beta-speed' says high, 'review-three:beta-speed' says high",
}


@pytest.mark.parametrize("case", sorted(WHOLE_MESSAGES))
def test_a_rule_s_message_quotes_the_values_it_takes_from_data(case: str, tmp_path: Path, run_cli) -> None:
    make_data_root(tmp_path, FIXTURES / "rules" / case)
    assert WHOLE_MESSAGES[case] in run_cli("check", "data", "--today", TODAY).lines


def test_json_lists_problems_and_every_contradiction(tmp_path: Path, run_cli) -> None:
    make_data_root(tmp_path, FIXTURES / "rules" / "conflicting-claims" / "bad")
    result = run_cli("check", "data", "--today", TODAY, "--format", "json")
    assert result.code == 1
    report = json.loads(result.out)
    problem = next(p for p in report["problems"] if p["rule"] == "conflicting-claims")
    assert (problem["file"], problem["line"], problem["column"]) == ("data/claims/article-two.yaml", 8, 12)
    assert set(problem) >= {"rule", "severity", "file", "line", "column", "message"}
    [contradiction] = report["contradictions"]
    assert contradiction["framework"] == "alpha" and contradiction["attribute"] == "ease_of_use"
    assert contradiction["resolved"] is False
    assert {(c["source"], c["value"]) for c in contradiction["claims"]} == {("article-one", "high"), ("article-two", "moderate"), ("review-three", "high")}
    assert contradiction["resolution"]["verdict"] == "high"


def test_json_shows_resolution_of_resolved_contradiction(tmp_path: Path, run_cli) -> None:
    make_data_root(tmp_path)
    report = json.loads(run_cli("check", "data", "--today", TODAY, "--format", "json").out)
    [contradiction] = report["contradictions"]
    assert contradiction["resolved"] is True
    assert contradiction["resolution"]["overrides"][0]["claim"] == "article-two:alpha-ease"


def test_github_format_prints_annotations(tmp_path: Path, run_cli) -> None:
    make_data_root(tmp_path, FIXTURES / "rules" / "link" / "bad")
    result = run_cli("check", "data", "--today", TODAY, "--format", "github")
    assert result.code == 1
    assert "::error file=data/sources/base.yaml,line=7,col=10,title=link::link 'javascript%3Aalert(1)'" not in result.out
    assert any(line.startswith("::error file=data/sources/base.yaml,line=7,col=10,title=link::") for line in result.lines)


def test_a_file_path_limits_the_report_to_that_file(tmp_path: Path, run_cli) -> None:
    make_data_root(tmp_path, FIXTURES / "rules" / "link" / "bad")
    result = run_cli("check", "data/frameworks/alpha.yaml", "--today", TODAY)
    assert result.code == 1
    assert all(line.startswith("data/frameworks/alpha.yaml:") for line in result.lines if "[" in line and ": " in line and not line.startswith(" "))


def test_missing_path_is_a_usage_error(run_cli) -> None:
    result = run_cli("check", "no/such/place")
    assert result.code == 2
    assert "no such file or folder" in result.err


def test_path_outside_a_data_root_is_a_usage_error(tmp_path: Path, run_cli) -> None:
    (tmp_path / "lonely.yaml").write_text("a: 1\n")
    result = run_cli("check", "lonely.yaml")
    assert result.code == 2


def test_unknown_option_is_a_usage_error(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "macros", "check", "--nope"], cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr


def test_module_entry_point_runs_as_a_process(tmp_path: Path) -> None:
    root = make_data_root(tmp_path, FIXTURES / "rules" / "future-date" / "bad")
    proc = subprocess.run(
        [sys.executable, "-m", "macros", "check", str(root), "--today", TODAY],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1
    assert "error[future-date]: first release 2031 is in the future" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr


def test_a_file_name_cannot_forge_a_problem_line_for_another_file(tmp_path: Path, run_cli) -> None:
    root = make_data_root(tmp_path)
    forged = ["alpha.yaml:9:9: error[forged]: not here x.yaml", "evil\nbeta.yaml:2:2: error[forged]: y.yaml"]
    for name in forged:
        (root / "frameworks" / name).write_text("id: [unclosed\n", encoding="utf-8")
    result = run_cli("check", "data", "--today", TODAY)
    assert result.code == 1
    located = [line for line in result.out.splitlines() if not line.startswith(" ")]
    # Every problem line names a file that exists, with one location: no name starts a second one.
    assert not any(line.startswith(("data/frameworks/alpha.yaml:9:9", "beta.yaml:2:2")) for line in located)
    assert any(line.startswith("data/frameworks/alpha.yaml%3A9%3A9%3A error[forged]%3A not here x.yaml:") for line in located)
    assert any(line.startswith("data/frameworks/evil\\nbeta.yaml%3A2%3A2%3A") for line in located)

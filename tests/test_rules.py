"""Every rule has failing and passing fixtures: tests/fixtures/rules/<rule-id>/{bad*,good*}/.

A fixture folder holds the YAML files that replace or add to the base fixture (tests/fixtures/base),
optionally args.txt (extra CLI arguments) and, for failing cases, expected.txt: the
`path:line:col: severity[rule-id]` prefixes the checker must print.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES, TODAY, make_data_root
from macros.check.rules import RULES
from macros.problems import Severity

RULE_FIXTURES = FIXTURES / "rules"
CASES = sorted(p for p in RULE_FIXTURES.glob("*/*") if p.is_dir())
# Rules reported by the loader or schema stage rather than a rule module, with fixtures here too.
STAGE_RULES = {"modeline", "unknown-file"}


def _args(case: Path) -> list[str]:
    extra = case / "args.txt"
    return extra.read_text().split() if extra.exists() else []


@pytest.mark.parametrize("case", [c for c in CASES if c.name.startswith("bad")], ids=lambda c: f"{c.parent.name}/{c.name}")
def test_bad_fixture_reports_rule_at_location(case: Path, tmp_path: Path, run_cli) -> None:
    make_data_root(tmp_path, case)
    result = run_cli("check", "data", "--today", TODAY, *_args(case))
    expected = (case / "expected.txt").read_text().splitlines()
    assert expected, "a failing fixture must say what it expects"
    severities = {line.split(": ")[1].split("[")[0] for line in expected}
    assert result.code == (1 if "error" in severities else 0)
    printed = [line for line in result.lines if "[" + case.parent.name + "]" in line]
    for want in expected:
        assert any(line.startswith(want + ": ") for line in printed), f"{want!r} not in {printed}"
    assert len(printed) == len(expected), printed
    assert "Traceback" not in result.out + result.err


@pytest.mark.parametrize("case", [c for c in CASES if c.name.startswith("good")], ids=lambda c: f"{c.parent.name}/{c.name}")
def test_good_fixture_passes(case: Path, tmp_path: Path, run_cli) -> None:
    make_data_root(tmp_path, case)
    result = run_cli("check", "data", "--today", TODAY, *_args(case))
    assert result.code == 0, result.out
    assert not [line for line in result.lines if "[" + case.parent.name + "]" in line]


def test_every_rule_has_a_failing_and_a_passing_fixture() -> None:
    rule_ids = {rule.RULE_ID for rule in RULES} | STAGE_RULES
    for rule_id in rule_ids:
        folders = {p.name[:3] if p.name.startswith("bad") else p.name[:4] for p in (RULE_FIXTURES / rule_id).glob("*")}
        assert {"bad", "good"} <= folders, f"rule {rule_id} lacks fixtures: has {folders}"


def test_rule_modules_declare_unique_ids() -> None:
    ids = [rule.RULE_ID for rule in RULES]
    assert len(ids) == len(set(ids))


def test_stale_rule_is_a_warning_only() -> None:
    expected = (RULE_FIXTURES / "stale-verdict" / "bad" / "expected.txt").read_text()
    assert f"{Severity.WARNING.value}[stale-verdict]" in expected


@pytest.mark.parametrize(("release", "future"), [("2026-11-22", False), ("2026-11-23", True)])
def test_a_date_one_day_ahead_is_allowed_two_days_ahead_is_in_the_future(release: str, future: bool, tmp_path: Path) -> None:
    # Checked on 2026-11-21: one day of margin (a release dated in a time zone ahead of ours), no more.
    import datetime as dt

    from macros.check.config import CheckConfig
    from macros.check.run import run_check

    root = make_data_root(tmp_path, RULE_FIXTURES / "future-date" / "bad")
    beta = root / "frameworks" / "beta.yaml"
    beta.write_text(beta.read_text().replace('value: "2031"', f'value: "{release}"'))
    problems = run_check(root, CheckConfig(today=dt.date(2026, 11, 21))).problems
    assert [p.rule for p in problems if p.rule == "future-date"] == (["future-date"] if future else [])


def test_duplicate_source_compares_pages_not_spellings() -> None:
    from macros.check.rules.duplicate_source import page_key

    assert page_key("HTTPS://Example.ORG:443/docs/#install") == page_key("https://example.org/docs")
    assert page_key("https://example.org/docs?v=2") != page_key("https://example.org/docs?v=3")
    # Not a link at all (the link rule reports it): compared as written, so two such texts are not one page.
    assert page_key("see the manual") == "see the manual"
    assert page_key("see the manual") != page_key("see the book")


@pytest.mark.parametrize(("url", "problem"), [
    ("https://example.org/docs", None),
    ("https://EXAMPLE.org/", None),  # a host's case is not a rewrite
    ("ftp://example.org/", "uses scheme 'ftp:'"),
    ("HTTPS://example.org/", "must start with http:// or https:// in lower case"),
    ("example.org/docs", "has no http:// or https:// scheme"),
    ("https://user@example.org/", "contains a user name or password (user@host), which hides the real host"),
    # The WHATWG URL rules browsers follow: IDNA (bücher is xn--bcher-kva), hex IPv4 parts, %-escapes in the host.
    ("https://bücher.example/", "names its host in a form browsers rewrite (they go to 'xn--bcher-kva.example'); "
                                "write the host as plain ASCII"),
    ("https://0x7f.0.0.1/", "names its host in a form browsers rewrite (they go to '127.0.0.1'); "
                            "write the host as plain ASCII"),
    ("https://%65xample.org/", "names its host in a form browsers rewrite (they go to 'example.org'); "
                               "write the host as plain ASCII"),
    ("https://localhost/", "has no valid host name"),
])
def test_link_problem_names_what_is_wrong_with_a_url(url: str, problem: str | None) -> None:
    from macros.check.rules.link import link_problem

    assert link_problem(url) == problem


def test_stale_measurement_compares_with_the_current_latest_version_not_an_earlier_one(tmp_path: Path) -> None:
    import datetime as dt

    from macros.check.config import CheckConfig
    from macros.check.run import run_check

    # alpha-eager measured alpha 1.2.0 (base fixture). The latest version was 1.0.0 until 2026-06, 2.0.0 since.
    root = make_data_root(tmp_path, RULE_FIXTURES / "stale-measurement" / "bad")
    alpha = root / "frameworks" / "alpha.yaml"
    history = ('  latest_version:\n'
               '    - value: "1.0.0"\n      source: alpha-docs\n      as_of: "2026-11-01"\n      until: "2026-06"\n'
               '    - value: "2.0.0"\n      source: alpha-docs\n      as_of: "2026-11-01"\n      from: "2026-06"\n')
    text = alpha.read_text()
    alpha.write_text(text.replace('  latest_version:\n    - value: "2.0.0"\n      source: alpha-docs\n'
                                  '      as_of: "2026-11-01"\n', history))
    assert 'value: "1.0.0"' in alpha.read_text()
    problems = run_check(root, CheckConfig(today=dt.date(2026, 11, 21))).problems
    assert not [p for p in problems if str(p.where.file).endswith("alpha.yaml") and p.is_error], "the history is valid"
    stale = [p.message for p in problems if p.rule == "stale-measurement"]
    assert stale == ["alpha-eager measured alpha 1.2.0; its latest version is 2.0.0"]

"""`python -m macros refresh`: release histories parsed from stored JSON; no network here."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, make_data_root
from macros.authoring.refresh import (
    Edit,
    CannotEdit,
    apply_edits,
    npm_releases,
    pypi_releases,
    refresh,
    summarize,
)

STORED = FIXTURES / "refresh"
TODAY = dt.date(2026, 11, 27)


def _json(name: str) -> dict[str, Any]:
    return json.loads((STORED / name).read_text(encoding="utf-8"))


def test_pypi_history_keeps_final_unyanked_releases_dated_by_their_first_upload() -> None:
    releases = {r.version: r.published for r in pypi_releases(_json("pypi-alpha.json"))}
    assert releases == {
        "1.0.0": dt.date(2024, 1, 10),
        "2.0.0": dt.date(2026, 1, 14),
        "2.1.0": dt.date(2026, 6, 30),
        "1.9.9": dt.date(2026, 8, 1),
    }


def test_summary_counts_the_last_365_days_and_tells_latest_from_highest() -> None:
    summary = summarize(pypi_releases(_json("pypi-alpha.json")), TODAY)
    assert summary is not None
    assert summary.releases_12m == 3
    assert (summary.latest.version, summary.highest.version) == ("1.9.9", "2.1.0")
    assert summarize(pypi_releases(_json("pypi-alpha.json")), dt.date(2026, 1, 13)).releases_12m == 0


def test_npm_history_leaves_out_pre_releases_deprecated_and_re_dated_versions_and_bookkeeping() -> None:
    releases = {r.version for r in npm_releases(_json("npm-beta.json"))}
    assert releases == {"1.0.0", "4.0.0", "4.1.0"}  # not 1.1.0, dated after 4.1.0


def test_an_edit_replaces_only_a_plain_one_line_scalar() -> None:
    text = "a:\n  value: 3\n  note: >-\n    folded\n"
    assert apply_edits(text, [Edit(2, 10, "4")]) == "a:\n  value: 4\n  note: >-\n    folded\n"
    with pytest.raises(CannotEdit):
        apply_edits(text, [Edit(3, 9, "x")])


def test_refresh_rewrites_value_as_of_and_locator_in_place(tmp_path: Path) -> None:
    root = make_data_root(tmp_path)
    alpha = root / "frameworks" / "alpha.yaml"
    alpha.write_text(alpha.read_text().replace("\nfacts:\n", "\npackages:\n  - {registry: pypi, name: alpha}\nfacts:\n", 1)
                     .replace("verdicts:\n", """  latest_version:
    - value: "2.0.0"
      source: alpha-docs
      as_of: "2026-11-01"
  releases_12m:
    - value: 1
      source: alpha-docs
      as_of: "2026-01-01"
      method: final releases in the 12 months before as_of  # counted by hand
      package: pypi:alpha
  latest_release_date:
    - value: "2026-01-14"
      source: alpha-docs
      locator: "release history, 2.0.0"
      as_of: "2026-01-01"
      method: the most recent final release
      package: pypi:alpha
verdicts:
""", 1))
    before = alpha.read_text()
    asked: list[str] = []

    def fetch(package: str) -> dict[str, Any]:
        asked.append(package)
        return _json("pypi-alpha.json")

    outcomes = refresh(root, TODAY, fetch)
    after = alpha.read_text()
    assert asked == ["pypi:alpha"]
    assert [o.framework for o in outcomes] == ["alpha"] and outcomes[0].changed
    assert "latest_version says 2.0.0, but pypi:alpha's highest release is 2.1.0" in outcomes[0].message
    assert "    - value: 3\n      source: alpha-docs\n      as_of: \"2026-11-27\"\n      method: final" in after
    assert '    - value: "2026-08-01"\n      source: alpha-docs\n      locator: "release history, 1.9.9"' in after
    assert "# counted by hand" in after
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert len(changed) == 5 and len(before.splitlines()) == len(after.splitlines())
    assert refresh(root, TODAY, fetch, write=False)[0].changed is False  # a second run changes nothing


def test_a_declared_main_package_without_a_release_in_a_year_is_flagged_for_review(tmp_path: Path) -> None:
    root = make_data_root(tmp_path)
    alpha = root / "frameworks" / "alpha.yaml"
    alpha.write_text(alpha.read_text().replace("\nfacts:\n", "\npackages:\n  - {registry: pypi, name: alpha}\nfacts:\n", 1))
    long_after = dt.date(2028, 6, 1)  # the stored history ends in 2026
    outcomes = refresh(root, long_after, lambda package: _json("pypi-alpha.json"), write=False)
    assert [o.framework for o in outcomes] == ["alpha"]
    assert "warning: pypi:alpha has had no final release in 365 days" in outcomes[0].message
    assert refresh(root, TODAY, lambda package: _json("pypi-alpha.json"), write=False)[0].message.count("warning") == 0


def test_one_framework_failing_to_download_is_reported_and_the_rest_go_on(tmp_path: Path) -> None:
    root = make_data_root(tmp_path)
    for name in ("alpha", "beta"):
        path = root / "frameworks" / f"{name}.yaml"
        if path.exists():
            path.write_text(path.read_text().replace("\nfacts:\n", f"\npackages:\n  - {{registry: pypi, name: {name}}}\nfacts:\n", 1))

    def fetch(package: str) -> dict[str, Any]:
        if package == "pypi:alpha":
            raise OSError("connection refused")
        return _json("pypi-alpha.json")

    outcomes = {o.framework: o.message for o in refresh(root, TODAY, fetch, write=False)}
    assert outcomes["alpha"].startswith("not refreshed: connection refused")
    assert outcomes["beta"].startswith("pypi:beta: 3 releases in 12 months")


def test_the_summary_lists_changes_reviews_and_failures_with_registry_text_escaped() -> None:
    from macros.authoring.refresh import Outcome, summary_markdown

    outcomes = [
        Outcome("alpha", "pypi:alpha: 3 releases in 12 months, latest 1.9.9 (2026-08-01)", True),
        Outcome("beta", "pypi:beta: 0 releases", False, ("warning: pypi:beta has had no final release in 365 days",)),
        Outcome("gamma", "not refreshed: HTTP Error 404: Not Found"),
        Outcome("delta", "latest <img src=x> [a](javascript:x) *b*", True),
    ]
    text = summary_markdown(outcomes, TODAY)
    assert text.startswith("## Package-index refresh, 2026-11-27\n")
    assert "2 framework file(s) changed, 1 unchanged, 1 not refreshed." in text
    changed = text.split("### Changed")[1].split("###")[0]
    assert "**alpha**" in changed and "**delta**" in changed and "gamma" not in changed
    assert "**beta**: warning: pypi:beta has had no final release in 365 days" in text.split("### For a person")[1]
    assert "**gamma**: not refreshed: HTTP Error 404: Not Found" in text.split("### Could not be refreshed")[1]
    assert "\\<img src=x\\> \\[a\\]\\(javascript:x\\) \\*b\\*" in text  # shown as text, not markup
    assert not re.search(r"(?<!\\)[<\[]", text)
    assert summary_markdown([], TODAY).count("- none") == 3


def _with_release_readings(root: Path, source: str) -> Path:
    alpha = root / "frameworks" / "alpha.yaml"
    alpha.write_text(alpha.read_text().replace("verdicts:\n", f"""  releases_12m:
    - value: 1
      source: {source}
      as_of: "2026-01-01"
      method: final releases in the 12 months to as_of
      package: pypi:alpha
verdicts:
""", 1))
    return alpha


def test_refresh_moves_the_cited_sources_accessed_date_to_the_day_it_read_the_index(tmp_path: Path) -> None:
    root = make_data_root(tmp_path)
    _with_release_readings(root, "alpha-docs")
    catalogue = root / "sources" / "base.yaml"
    before = catalogue.read_text()
    assert refresh(root, TODAY, lambda package: _json("pypi-alpha.json"), write=False)[0].changed
    assert catalogue.read_text() == before, "a dry run writes nothing"
    outcomes = refresh(root, TODAY, lambda package: _json("pypi-alpha.json"))
    after = catalogue.read_text()
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    # alpha-docs is the source alpha's reading cites; beta-repo, read on the same old day, is not read again
    assert changed == [('    accessed: "2026-11-01"', '    accessed: "2026-11-27"')]
    assert after.index('accessed: "2026-11-27"') < after.index("beta-repo:")
    assert outcomes[0].sources == ("alpha-docs",) and not outcomes[0].notes
    assert "accessed moved to 2026-11-27: alpha-docs" in outcomes[0].message
    assert refresh(root, TODAY, lambda package: _json("pypi-alpha.json"))[0].changed is False


def test_a_cited_source_without_an_accessed_date_is_left_for_a_person(tmp_path: Path) -> None:
    root = make_data_root(tmp_path)
    _with_release_readings(root, "article-one")  # declared with `published` only
    catalogue = root / "sources" / "base.yaml"
    before = catalogue.read_text()
    outcome = refresh(root, TODAY, lambda package: _json("pypi-alpha.json"))[0]
    assert catalogue.read_text() == before
    assert outcome.notes == ('source article-one has no `accessed` date to move to 2026-11-27: add `accessed: "2026-11-27"`',)


def test_the_summary_counts_the_sources_whose_accessed_date_moved() -> None:
    from macros.authoring.refresh import Outcome, summary_markdown

    outcomes = [Outcome("alpha", "pypi:alpha: 3 releases", False, (), ("alpha-index",)),
                Outcome("beta", "pypi:beta: 1 release", True, (), ("beta-index",)),
                Outcome("gamma", "pypi:gamma: 2 releases")]
    text = summary_markdown(outcomes, TODAY)
    assert "1 framework file(s) changed, 1 unchanged, 0 not refreshed. The accessed date of 2 source(s) moved to 2026-11-27." in text
    changed = text.split("### Changed")[1].split("###")[0]
    assert "**alpha**" in changed and "**beta**" in changed and "gamma" not in changed

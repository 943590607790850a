"""The evidence standard for levels: each verdict counted once, as derived, corroborated or neither."""

from __future__ import annotations

from pathlib import Path

from conftest import FIXED_TODAY, FIXTURES, make_data_root
from macros.check.run import run_check
from macros.model.evidence import count_levels, standing


def test_base_fixture_levels_are_all_corroborated(tmp_path: Path) -> None:
    # alpha ease (article-one, review-three), alpha performance, beta performance: each two articles.
    data = run_check(make_data_root(tmp_path), FIXED_TODAY).dataset
    counts = count_levels(data)
    assert counts["corroborated"] == 3
    assert counts["derived"] == 0
    assert counts["neither"] == 0


def test_single_and_makers_only_levels_count_as_neither(tmp_path: Path) -> None:
    data = run_check(make_data_root(tmp_path, FIXTURES / "rules" / "uncorroborated-level" / "bad"), FIXED_TODAY).dataset
    counts = count_levels(data)
    # beta: performance on one article; ease of use on its repository; debugging on repository + docs.
    assert counts["neither"] == 3
    assert counts["neither, makers only"] == 2
    assert counts["corroborated"] == 2  # alpha's two, as in the base, and none of beta's
    debugging = standing(data, data.frameworks["beta"].verdicts["debugging"])
    assert set(debugging.sources) == {"beta-repo", "beta-docs"}
    assert debugging.independent == ()


def test_a_rubric_level_counts_as_derived(tmp_path: Path) -> None:
    data = run_check(make_data_root(tmp_path, FIXTURES / "rules" / "rubric-mismatch" / "good"), FIXED_TODAY).dataset
    found = standing(data, data.frameworks["alpha"].verdicts["community"])
    assert found.condition == "derived"

"""The level a rubric derives from indicators (macros/model/rubrics.py), on the rubric fixtures."""

from __future__ import annotations

from pathlib import Path

from conftest import FIXED_TODAY, FIXTURES, make_data_root
from macros.check.run import run_check
from macros.model.rubrics import derive


def _dataset(tmp_path: Path, case: str):
    return run_check(make_data_root(tmp_path, FIXTURES / "rules" / case), FIXED_TODAY).dataset


def test_the_lowest_indicator_level_is_the_rubric_level(tmp_path: Path) -> None:
    data = _dataset(tmp_path, "rubric-mismatch/good")
    derivation = data.derivations[("alpha", "community")]
    assert [(r.indicator.fact, r.measured, r.level) for r in derivation.readings] == [
        ("downloads_per_month", 2000000, "high"),
        ("contributors_12m", 60, "high"),
    ]
    assert derivation.level == "high"
    assert str(derivation.as_of) == "2026-11-01"


def test_a_missing_indicator_gives_no_level_but_keeps_the_readings(tmp_path: Path) -> None:
    data = _dataset(tmp_path, "rubric-mismatch/bad")
    derivation = data.derivations[("beta", "community")]
    assert derivation.level is None
    assert derivation.missing == ("contributors_12m",)
    assert [r.level for r in derivation.readings] == ["very-high"]


def test_a_list_fact_counts_the_values_of_every_current_entry(tmp_path: Path) -> None:
    data = _dataset(tmp_path, "rubric-mismatch/good")
    beta = data.frameworks["beta"]
    derivation = derive(data.attributes["deployment"], beta)
    assert derivation is not None and derivation.readings[0].measured == 2
    assert derivation.level == "moderate"


def test_real_scalability_rubric_counts_datacenter_accelerators_and_maps_categories() -> None:
    data = run_check(Path(__file__).resolve().parents[1] / "data").dataset
    derivation = data.derivations[("pytorch", "scalability")]
    hardware = next(r for r in derivation.readings if r.indicator.fact == "hardware")
    # PyTorch lists Apple silicon too, in a second current entry: read, but not counted.
    assert "apple-silicon" in hardware.values and hardware.measured == len(
        [v for v in hardware.values if v in (hardware.indicator.counting or ())]
    )
    distributed = next(r for r in derivation.readings if r.indicator.fact == "distributed_training")
    assert distributed.level == "very-high"


def test_frameworks_without_any_indicator_have_no_derivation(tmp_path: Path) -> None:
    data = _dataset(tmp_path, "rubric-mismatch/good")
    assert ("beta", "community") not in data.derivations
    assert ("alpha", "performance") not in data.derivations  # no rubric


def test_a_present_indicator_at_the_lowest_level_decides_whatever_is_missing(tmp_path: Path) -> None:
    overlay = tmp_path / "overlay" / "frameworks"
    overlay.mkdir(parents=True)
    alpha = (FIXTURES / "base" / "frameworks" / "alpha.yaml").read_text()
    alpha = alpha.replace("verdicts:\n", (
        "  contributors_12m:\n"
        "    - value: 3\n"
        "      source: alpha-docs\n"
        '      as_of: "2026-11-01"\n'
        "      method: distinct commit authors in a year of the repository's history\n"
        "verdicts:\n"), 1)
    (overlay / "alpha.yaml").write_text(alpha)
    rubrics = (FIXTURES / "rules" / "rubric-mismatch" / "good" / "attributes.yaml").read_text()
    (overlay.parent / "attributes.yaml").write_text(rubrics)
    data = run_check(make_data_root(tmp_path / "work", overlay.parent), FIXED_TODAY).dataset
    derivation = data.derivations[("alpha", "community")]
    assert derivation.missing == ("downloads_per_month",)
    assert derivation.level == "low", "the lower of the two cannot be above what contributors give"


def test_a_rubric_disagreement_is_a_dispute_resolved_by_naming_the_level_set_aside(tmp_path: Path) -> None:
    from macros.authoring.data_diff import _dispute_text
    from macros.model.disputes import rubric_disputes

    data = _dataset(tmp_path, "rubric-mismatch/good")
    [dispute] = rubric_disputes(data)
    assert (dispute.framework, dispute.attribute, dispute.resolved) == ("beta", "deployment", True)
    assert _dispute_text(dispute) == "`beta` `deployment`: the rubric (moderate, from indicators); verdict low"
    bad = rubric_disputes(_dataset(tmp_path / "bad", "rubric-mismatch/bad"))
    assert [(d.framework, d.attribute, d.resolved) for d in bad] == [
        ("alpha", "community", False),
        ("beta", "deployment", False),
    ]

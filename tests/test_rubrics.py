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


def test_real_rubrics_read_the_capability_kinds() -> None:
    data = run_check(Path(__file__).resolve().parents[1] / "data").dataset
    derivation = data.derivations[("pytorch", "scalability")]
    accelerators = next(r for r in derivation.readings if r.indicator.fact == "accelerators")
    # PyTorch lists Apple GPU and CPU too: read, not counted; TPU (through torch_xla) is counted.
    assert {"cpu", "metal", "tpu"} <= set(accelerators.values)
    assert accelerators.measured == len({"cuda", "rocm", "intel-gpu", "tpu"})
    # ONNX Runtime is a runtime: read by the formats it loads (ONNX, imported and native: one format).
    onnx = data.derivations[("onnx-runtime", "deployment")]
    assert [(r.indicator.fact, r.values) for r in onnx.readings][1:] == [("import_formats", ("onnx",))]


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


# ---- capability kinds as indicators: counting distinct item values (built by hand, no fixtures) ----

from macros.load.dates import PartialDate  # noqa: E402
from macros.model.types import (  # noqa: E402
    Attribute, CapabilityGap, FactEntry, Framework, Indicator, Level, Rubric, Scale,
)
from macros.problems import Location  # noqa: E402

_AT = Location("test.yaml")
_QUALITY = Scale("quality", tuple(Level(i, i, r) for r, i in enumerate(("low", "moderate", "high", "very-high"))))


def _entry(fact: str, items: list[dict[str, str]], as_of: str = "2026-10-01") -> FactEntry:
    return FactEntry(fact, tuple(items), "src", None, PartialDate.parse(as_of), None, None, None, (), _AT, {})


def _framework(kind: str | None, facts: dict[str, list[FactEntry]],
               gaps: dict[str, str] | None = None) -> Framework:
    capability_gaps = {f: CapabilityGap(f, k, "why", PartialDate.parse("2026-11-05"), _AT, {})
                       for f, k in (gaps or {}).items()}
    return Framework("fw", "Fw", "", {f: tuple(e) for f, e in facts.items()}, {}, "fw", _AT, {},
                     capability_gaps=capability_gaps, kind=kind)


def _attribute(*indicators: Indicator) -> Attribute:
    return Attribute("scalability", "Scalability", "", "quality", _QUALITY, _AT, {},
                     rubric=Rubric("", indicators, _AT, {}))


def _indicator(fact: str, item_field: str, minimums: dict[str, float], counting: tuple[str, ...] | None = None,
               also: tuple[str, ...] = (), kinds: tuple[str, ...] | None = None) -> Indicator:
    return Indicator(fact, counting, minimums, {}, None, _AT, {}, item_field, also, kinds)


STRATEGIES = _indicator("distributed_strategies", "strategy", {"moderate": 1, "high": 2, "very-high": 4})
DATACENTER = _indicator("accelerators", "accelerator", {"moderate": 1, "high": 2, "very-high": 3},
                        counting=("cuda", "rocm", "tpu"))


def test_a_capability_indicator_counts_distinct_values_of_one_item_field() -> None:
    # Two current entries; data-parallel appears twice (built in and through a library): counted once.
    fw = _framework("training", {"distributed_strategies": [
        _entry("distributed_strategies", [{"strategy": "data-parallel", "via": "built-in"},
                                          {"strategy": "tensor-parallel", "via": "built-in"}]),
        _entry("distributed_strategies", [{"strategy": "data-parallel", "via": "library"},
                                          {"strategy": "multi-node", "via": "built-in"}], "2026-11-02"),
    ]})
    derivation = derive(_attribute(STRATEGIES), fw)
    assert derivation is not None
    reading = derivation.readings[0]
    assert reading.values == ("data-parallel", "tensor-parallel", "multi-node")
    assert reading.measured == 3 and reading.level == "high"  # 2 <= 3 < 4
    assert str(derivation.as_of) == "2026-11-02"


def test_counting_keeps_only_the_named_values_and_the_lower_indicator_decides() -> None:
    # cuda and tpu count (2: high), cpu and metal do not; strategies 4 give very high; the rubric: high.
    fw = _framework("training", {
        "distributed_strategies": [_entry("distributed_strategies", [
            {"strategy": s, "via": "built-in"}
            for s in ("data-parallel", "sharded-data-parallel", "tensor-parallel", "multi-node")])],
        "accelerators": [_entry("accelerators", [
            {"accelerator": a, "via": "built-in"} for a in ("cpu", "cuda", "metal", "tpu")])],
    })
    derivation = derive(_attribute(STRATEGIES, DATACENTER), fw)
    assert derivation is not None
    assert [(r.measured, r.level) for r in derivation.readings] == [(4, "very-high"), (2, "high")]
    assert derivation.level == "high"


def test_an_unknown_capability_is_missing_never_none() -> None:
    fw = _framework("training", {"distributed_strategies": [_entry("distributed_strategies", [
        {"strategy": "data-parallel", "via": "built-in"}, {"strategy": "multi-node", "via": "built-in"}])]},
        gaps={"accelerators": "unknown"})
    derivation = derive(_attribute(STRATEGIES, DATACENTER), fw)
    assert derivation is not None
    assert derivation.level is None and derivation.missing == ("accelerators",)
    assert [r.level for r in derivation.readings] == ["high"]


def test_a_capability_not_applicable_counts_nothing_and_gives_the_lowest_level() -> None:
    # A runtime: distributed strategies do not apply (0 strategies: low); accelerators unknown cannot raise it.
    fw = _framework("runtime", {}, gaps={"distributed_strategies": "not_applicable", "accelerators": "unknown"})
    derivation = derive(_attribute(STRATEGIES, DATACENTER), fw)
    assert derivation is not None
    assert [(r.measured, r.level) for r in derivation.readings] == [(0, "low")]
    assert derivation.missing == ("accelerators",)
    assert derivation.level == "low"
    assert str(derivation.as_of) == "2026-11-05"  # the date the gap was decided


FORMATS = {"high": 1, "very-high": 2}
EXPORTS = _indicator("export_formats", "format", FORMATS, kinds=("training", "high-level"))
LOADS = _indicator("import_formats", "format", FORMATS, also=("native_format",), kinds=("runtime",))


def test_a_runtime_is_read_by_the_formats_it_loads_a_training_framework_by_those_it_exports() -> None:
    facts = {
        "export_formats": [_entry("export_formats", [{"format": "tensorrt-engine", "via": "built-in"}])],
        "import_formats": [_entry("import_formats", [{"format": "onnx", "via": "built-in"}])],
        "native_format": [_entry("native_format", [{"format": "tensorrt-engine"}])],
    }
    runtime = derive(_attribute(EXPORTS, LOADS), _framework("runtime", facts))
    assert runtime is not None
    # onnx + tensorrt-engine: 2 formats, very high; the export indicator is not read for a runtime.
    assert [(r.indicator.fact, r.values, r.level) for r in runtime.readings] == [
        ("import_formats", ("onnx", "tensorrt-engine"), "very-high")]
    assert runtime.level == "very-high" and runtime.missing == ()
    trainer = derive(_attribute(EXPORTS, LOADS), _framework("training", facts))
    assert trainer is not None
    assert [(r.indicator.fact, r.measured, r.level) for r in trainer.readings] == [("export_formats", 1, "high")]
    assert trainer.level == "high"


def test_a_kind_filtered_indicator_of_a_framework_without_a_kind_is_missing() -> None:
    fw = _framework(None, {"export_formats": [_entry("export_formats", [{"format": "onnx", "via": "built-in"}])]})
    derivation = derive(_attribute(EXPORTS, LOADS), fw)
    assert derivation is None  # neither indicator can be read: no derivation at all


def test_a_runtime_whose_native_format_is_unknown_gets_no_format_reading() -> None:
    fw = _framework("runtime", {"import_formats": [_entry("import_formats", [{"format": "onnx", "via": "built-in"}])]},
                    gaps={"native_format": "unknown"})
    targets = Indicator("deployment_targets", None, {"moderate": 2}, {}, None, _AT, {})
    fw_facts = dict(fw.facts)
    fw_facts["deployment_targets"] = (FactEntry("deployment_targets", ("server", "edge"), "src", None,
                                                PartialDate.parse("2026-10-01"), None, None, None, (), _AT, {}),)
    fw = _framework("runtime", {k: list(v) for k, v in fw_facts.items()}, gaps={"native_format": "unknown"})
    derivation = derive(_attribute(targets, LOADS), fw)
    assert derivation is not None
    assert derivation.missing == ("native_format",) and derivation.level is None
    assert [(r.measured, r.level) for r in derivation.readings] == [(2, "moderate")]

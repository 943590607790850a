"""Numbers are finite, and timings, counts and sizes strictly positive where a zero means nothing.

A hostile or careless file with NaN, an overflowing number or a zero timing gives one located
problem, a non-zero exit and no traceback, and never a site (an infinity would otherwise become
`Infinity` in api/frameworks.json, which is not JSON, and a zero timing a division by zero).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import FIXTURES, TODAY, make_data_root
from site_build import build, make_project
from test_adversarial import assert_well_formed

# The base fixture plus a framework with an indicator (downloads_per_month at alpha.yaml:27:14).
WITH_INDICATOR = FIXTURES / "rules" / "stale-verdict" / "good-rubric"
M, F = "measurements/run.yaml", "frameworks/alpha.yaml"
# An inference run that passes every check (data/inference/, laid over the base for every case).
I = "inference/infer-fixture.yaml"
INFERENCE = FIXTURES / "rules" / "undefined-runtime" / "good" / I

# (case id, file, text replaced, replacement, rule, line, column)
CASES = [
    ("nan-tagged-sample", M, "first_step_seconds: [0.5, 0.4]", "first_step_seconds: [0.5, !!float nan]",
     "not-finite", 47, 35),
    ("nan-plain-sample", M, "first_step_seconds: [0.5, 0.4]", "first_step_seconds: [.nan, 0.4]", "schema-type", 47, 30),
    ("infinite-first-loss", M, "first_losses: [2.4645, 2.4645]", "first_losses: [2.4645, 1e400]", "not-finite", 46, 32),
    ("minus-infinite-sample", M, "first_step_seconds: [0.5, 0.4]", "first_step_seconds: [-1e999, 0.4]",
     "not-finite", 47, 30),
    ("nan-reference-loss", M, "reference_loss: 2.4645", "reference_loss: !!float NaN", "not-finite", 29, 21),
    ("overflowing-indicator", F, "value: 2000000", "value: 1e400", "not-finite", 27, 14),
    ("integer-past-2-53-indicator", F, "value: 2000000", "value: 9007199254740993", "not-finite", 27, 14),
    ("400-digit-indicator", F, "value: 2000000", "value: " + "9" * 400, "not-finite", 27, 14),
    ("zero-timing", M, "train_step_seconds: [0.010,", "train_step_seconds: [0,", "schema-exclusiveminimum", 48, 30),
    ("zero-float-timing", M, "seconds: [0.001,", "seconds: [0.0,", "schema-exclusiveminimum", 52, 23),
    ("zero-first-call", M, "first_call_seconds: [0.01, 0.01]", "first_call_seconds: [0.01, 0]",
     "schema-exclusiveminimum", 51, 40),
    ("zero-import-time", M, "import_seconds: [1.0, 1.1]", "import_seconds: [0.0, 1.1]", "schema-exclusiveminimum", 42, 22),
    ("zero-memory", M, "peak_rss_bytes: [1000, 1000]", "peak_rss_bytes: [1000, 0]", "schema-range", 43, 28),
    ("zero-reference-loss", M, "reference_loss: 2.4645", "reference_loss: 0", "schema-exclusiveminimum", 29, 21),
    ("zero-repetitions", M, "repetitions_per_round: 5", "repetitions_per_round: 0", "schema-range", 9, 26),
    ("zero-batch", M, "train_batch: 64", "train_batch: 0", "schema-range", 27, 18),
    ("zero-environment-size", M, "blas: unknown", "blas: unknown\n    size_bytes: 0", "schema-range", 34, 17),
    ("negative-survey-share", F, "  contributors_12m:",
     "  survey_share:\n    - value: -0.5\n      source: alpha-docs\n      as_of: \"2026-11-01\"\n"
     "      method: the survey's published share\n  contributors_12m:", "schema-range", 33, 14),
    ("nan-latency", I, '"1": [0.040,', '"1": [!!float nan,', "not-finite", 76, 13),
    ("infinite-load-time", I, "load_seconds: 0.2", "load_seconds: 1e400", "not-finite", 68, 23),
    ("nan-relative-error", I, "max_relative_error: 2.1e-06", "max_relative_error: !!float nan", "not-finite", 74, 25),
    ("zero-latency", I, '"8": [0.30,', '"8": [0,', "schema-exclusiveminimum", 77, 13),
    ("zero-load-time", I, "load_seconds: 0.2", "load_seconds: 0.0", "schema-exclusiveminimum", 68, 23),
    ("zero-conversion-time", I, "conversion_seconds: 1.25", "conversion_seconds: 0", "schema-exclusiveminimum", 65, 25),
    ("zero-model-size", I, "model_bytes: 46800000", "model_bytes: 0", "schema-range", 66, 18),
    ("zero-peak-memory", I, "peak_rss_bytes: 250000000", "peak_rss_bytes: 0", "schema-range", 70, 25),
    ("negative-relative-error", I, "max_relative_error: 2.1e-06", "max_relative_error: -2.1e-06", "schema-range", 74, 25),
]


def _root(where: Path) -> Path:
    root = make_data_root(where, WITH_INDICATOR)
    (root / I).parent.mkdir()
    shutil.copy(INFERENCE, root / I)
    return root


def _data(where: Path, relpath: str, old: str, new: str) -> Path:
    root = _root(where)
    target = root / relpath
    text = target.read_text(encoding="utf-8")
    assert old in text, old
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return root


@pytest.mark.parametrize(("name", "relpath", "old", "new", "rule", "line", "column"), CASES, ids=[c[0] for c in CASES])
def test_a_bad_number_is_one_located_error(name: str, relpath: str, old: str, new: str, rule: str, line: int,
                                           column: int, tmp_path: Path, run_cli: Callable) -> None:
    _data(tmp_path, relpath, old, new)
    result = run_cli("check", "data", "--today", TODAY)
    assert result.code == 1, result.out
    here = [out for out in result.lines if out.startswith(f"data/{relpath}:")]
    assert [out.split(": ")[0] + ": " + out.split(": ")[1] for out in here] == [
        f"data/{relpath}:{line}:{column}: error[{rule}]"], "\n".join(result.lines)
    assert_well_formed(result.lines)
    assert "Traceback" not in result.out + result.err


def test_the_same_file_without_the_edit_is_clean(tmp_path: Path, run_cli: Callable) -> None:
    """The cases above fail because of their edit, not because of the fixture they start from."""
    _root(tmp_path)
    assert run_cli("check", "data", "--today", TODAY).code == 0


@pytest.mark.parametrize("name", ["nan-tagged-sample", "overflowing-indicator", "zero-timing", "nan-latency"])
def test_a_bad_number_yields_no_site(name: str, tmp_path: Path) -> None:
    _, relpath, old, new, rule, line, column = next(c for c in CASES if c[0] == name)
    data = _data(tmp_path / "d", relpath, old, new)
    result = build(make_project(tmp_path, data), tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"data/{relpath}:{line}:{column}: error[{rule}]" in output
    assert "Traceback" not in output and "ZeroDivisionError" not in output
    assert not (tmp_path / "site").exists()


def test_finite_numbers_still_load() -> None:
    """The bound is at the edge, not before it: the largest float and 2**53 - 1 are numbers."""
    from macros.load.yaml_file import load_yaml_bytes

    doc, problems = load_yaml_bytes(b"a: 1.7976931348623157e308\nb: 9007199254740991\nc: -9007199254740991\n", "x.yaml")
    assert problems == [] and doc is not None
    assert doc.data == {"a": 1.7976931348623157e308, "b": 9007199254740991, "c": -9007199254740991}

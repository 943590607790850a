"""The fuzzer (tests/test_fuzz.py) on measurement files and numeric fields: hostile numbers (NaN,
infinities, zeros, negatives, overflowing and enormous integers, text that looks like a number) put
in place of a valid file's numbers, and measurement files reshaped (entries dropped, repeated,
renamed). Whatever comes in, the checker never raises and locates every problem inside its file;
and when it reports no error, every number is finite, every timing positive, and the figures the
pages show (medians, spreads, speed ratios, the Benchmarks page, indicator text) are finite numbers:
no division by zero, no "nan %"."""

from __future__ import annotations

import copy
import datetime as dt
import math
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, make_data_root
from macros.check.config import CheckConfig
from macros.check.run import run_check

CONFIG = CheckConfig(today=dt.date(2026, 11, 21))
# Two frameworks measured in one run (so speed ratios are computed), and a framework with indicators.
MEASURED = FIXTURES / "site" / "measured"
MEASUREMENT = "measurements/cpu-fixture.yaml"
INDICATORS = FIXTURES / "rules" / "stale-verdict" / "good-rubric"
FRAMEWORK = "frameworks/alpha.yaml"

# A bare number in YAML text: not part of a quoted date, a version (1.2.0), an id or a hash.
NUMBER = re.compile(r"""(?<![\w."'-])-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?(?![\w."':-])""")

hostile_numbers = st.one_of(
    st.sampled_from(["0", "0.0", "-0.0", "-1", "-0.001", "1e400", "-1e400", "1e-400", "!!float nan", "!!float NaN",
                     ".nan", ".inf", "-.inf", "!!float inf", "!!int 0", "NaN", "Infinity", "nan", "inf",
                     "9007199254740992", "9" * 40, "-" + "9" * 40, "5e-324", "1.7976931348623157e308", "1_000",
                     "0x10", "0o7", "1e3", "true", "null", "''", "'12'"]),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)


def _finite_everywhere(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(_finite_everywhere(v) for v in value.values())
    if isinstance(value, list):
        return all(_finite_everywhere(v) for v in value)
    return True


def _lines_of(path: Path) -> list[str]:
    return path.read_bytes().decode("utf-8", "replace").split("\n")


def _assert_clean_means_sound(result: Any, root: Path) -> None:
    """A check without errors leaves only numbers the pages can show."""
    from macros.model.measured import measured_comparisons
    from macros.views.benchmarks import benchmarks_page
    from macros.views.common import Links
    from macros.views.framework import indicator_text
    from macros.views.site_data import SiteData

    for path in root.rglob("*.yaml"):
        assert _finite_everywhere(yaml.safe_load(path.read_text(encoding="utf-8"))), path
    data = result.dataset
    for run in data.measurements:
        for measured in run.results:
            assert all(t > 0 for t in measured.import_seconds) and all(b > 0 for b in measured.peak_rss_bytes)
            for workload in measured.workloads:
                for timing in workload.timings:
                    assert all(math.isfinite(s) and s > 0 for s in timing.samples), timing
                    assert math.isfinite(timing.median) and timing.median > 0
                    assert math.isfinite(timing.spread) and timing.spread >= 0
    for comparison in measured_comparisons(data):
        low, high = comparison.ratio_interval
        assert all(math.isfinite(x) and x > 0 for x in (comparison.speed_ratio, low, high)), comparison
    page = benchmarks_page(SiteData(data), Links("../"))
    assert not re.search(r"\b(nan|inf|infinity)\b", page, re.IGNORECASE)
    for framework in data.frameworks.values():
        for entries in framework.facts.values():
            for entry in entries:
                text = indicator_text(entry)
                assert not re.search(r"\b(nan|inf|infinity)\b", text, re.IGNORECASE), text


def _check(overlay: Path, relpath: str, text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = make_data_root(Path(tmp), overlay)
        (root / relpath).write_text(text, encoding="utf-8")
        result = run_check(root, CONFIG)
        for problem in result.problems:
            where = Path(problem.where.file)
            assert problem.where.line >= 1 and problem.where.column >= 1, problem
            if where.is_file():
                assert problem.where.line <= len(_lines_of(where)), problem
        if not result.errors:
            _assert_clean_means_sound(result, root)


# A value that is a number or a list of them (`key: 12`, `key: [0.1, 0.2]`), not text that holds digits.
NUMERIC_VALUE = re.compile(r"^\s*(?:- )?[a-z_0-9]+: (?=[-0-9\[])(.*)$", re.MULTILINE)


def number_spans(text: str) -> list[tuple[int, int]]:
    return [(value.start(1) + m.start(), value.start(1) + m.end())
            for value in NUMERIC_VALUE.finditer(text) for m in NUMBER.finditer(value.group(1))]


def _replace_numbers(text: str, picks: list[tuple[int, str]]) -> str:
    spans = number_spans(text)
    chosen = {spans[i % len(spans)]: token for i, token in picks}
    out, last = [], 0
    for (start, end), token in sorted(chosen.items()):
        out += [text[last:start], token]
        last = end
    return "".join(out) + text[last:]


def _text(overlay: Path, relpath: str) -> str:
    return (overlay / relpath).read_text(encoding="utf-8")


MEASUREMENT_TEXT = _text(MEASURED, MEASUREMENT)
# More numeric facts than the fixture has: a survey share (a percentage, shown with "%") and counts.
FRAMEWORK_TEXT = _text(INDICATORS, FRAMEWORK).replace("verdicts:\n", """  commits_12m:
    - value: 1500
      source: alpha-docs
      as_of: "2026-11-01"
      method: commits to the default branch in a year
  releases_12m:
    - value: 0
      source: alpha-docs
      as_of: "2026-11-01"
      method: final releases in a year
  survey_share:
    - value: 10.5
      source: alpha-docs
      as_of: "2025-06-01"
      until: "2026-06-01"
      method: the survey's published share
    - value: 12.25
      source: alpha-docs
      as_of: "2026-11-01"
      from: "2026-06-01"
      method: the survey's published share
verdicts:
""", 1)


def test_the_starting_files_are_clean_and_full_of_numbers() -> None:
    """The fuzz starts from valid files (so an error comes from the edit) with numbers to replace."""
    assert len(number_spans(MEASUREMENT_TEXT)) > 100 and len(number_spans(FRAMEWORK_TEXT)) >= 6
    for overlay, relpath, text in ((MEASURED, MEASUREMENT, MEASUREMENT_TEXT), (INDICATORS, FRAMEWORK, FRAMEWORK_TEXT)):
        with tempfile.TemporaryDirectory() as tmp:
            root = make_data_root(Path(tmp), overlay)
            (root / relpath).write_text(text, encoding="utf-8")
            assert not run_check(root, CONFIG).errors, relpath


def test_a_hostile_number_in_a_timing_is_an_error() -> None:
    """The property's other half, on fixed cases: the edits the fuzz makes are caught."""
    for token in ("0", "-0.001", "1e400", "!!float nan", ".nan", "9" * 40):
        text = MEASUREMENT_TEXT.replace("first_step_seconds: [0.0151,", f"first_step_seconds: [{token},", 1)
        assert text != MEASUREMENT_TEXT
        with tempfile.TemporaryDirectory() as tmp:
            root = make_data_root(Path(tmp), MEASURED)
            (root / MEASUREMENT).write_text(text, encoding="utf-8")
            assert run_check(root, CONFIG).errors, token


picks = st.lists(st.tuples(st.integers(min_value=0, max_value=10**6), hostile_numbers), min_size=1, max_size=4)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chosen=picks)
def test_hostile_numbers_in_a_measurement_file(chosen: list[tuple[int, str]]) -> None:
    _check(MEASURED, MEASUREMENT, _replace_numbers(MEASUREMENT_TEXT, chosen))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chosen=picks)
def test_hostile_numbers_in_indicators(chosen: list[tuple[int, str]]) -> None:
    _check(INDICATORS, FRAMEWORK, _replace_numbers(FRAMEWORK_TEXT, chosen))


# Reshaping a measurement: its lists' entries dropped, repeated or renamed, values swapped around.
MEASUREMENT_DATA = yaml.safe_load(MEASUREMENT_TEXT)
LIST_PATHS = [("results",), ("failures",), ("not_measured",), ("workloads",), ("results", 0, "workloads"),
              ("results", 1, "workloads"), ("results", 0, "workloads", 0, "inference"),
              ("results", 0, "workloads", 0, "train_step_seconds"), ("results", 1, "import_seconds"),
              ("results", 0, "workloads", 1, "first_losses"), ("workloads", 0, "infer_batches")]
NAMES = st.sampled_from(["alpha", "beta", "gamma", "mlp", "cnn", "seq", "alpha-eager", "beta-graph", 1, 64, 32, 0])


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        if isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        elif isinstance(data, dict) and part in data:
            data = data[part]
        else:
            return None
    return data


reshapes = st.lists(st.tuples(st.sampled_from(["drop", "repeat", "rename"]), st.sampled_from(LIST_PATHS),
                              st.integers(min_value=0, max_value=20), NAMES), min_size=1, max_size=4)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=reshapes)
def test_reshaped_measurement_files(steps: list[tuple[str, tuple[Any, ...], int, Any]]) -> None:
    data = copy.deepcopy(MEASUREMENT_DATA)
    for action, path, index, name in steps:
        items = _at(data, path)
        if not isinstance(items, list) or not items:
            continue
        i = index % len(items)
        if action == "drop":
            items.pop(i)
        elif action == "repeat":
            items.append(copy.deepcopy(items[i]))
        elif isinstance(items[i], dict):
            key = next((k for k in ("adapter", "framework", "workload", "id", "batch") if k in items[i]), None)
            if key:
                items[i][key] = name
        else:
            items[i] = name
    header = MEASUREMENT_TEXT.split("\n", 1)[0] + "\n"
    _check(MEASURED, MEASUREMENT, header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True))

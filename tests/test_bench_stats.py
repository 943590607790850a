"""bench/stats.py and bench/report.py against figures worked out by hand (never by the code under
test): medians, inclusive quartiles, the wide-spread flag, and the three text reports."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bench import report, stats


def test_median_is_the_middle_value_not_the_mean() -> None:
    assert stats.median([3.0, 1.0, 2.0]) == 2.0
    assert stats.median([1.0, 2.0, 3.0, 10.0]) == 2.5  # the mean would be 4


def test_iqr_uses_inclusive_quartiles() -> None:
    # 1..5: the first quartile is 2, the third 4 (inclusive method: the median of each half, ends included).
    assert stats.iqr([1.0, 2.0, 3.0, 4.0, 5.0]) == pytest.approx(2.0)
    # 1..9: quartiles 3 and 7.
    assert stats.iqr([float(v) for v in range(1, 10)]) == pytest.approx(4.0)
    # Two values: quartiles a quarter and three quarters of the way between them.
    assert stats.iqr([1.0, 2.0]) == pytest.approx(0.5)
    assert stats.iqr([7.0]) == 0.0
    assert stats.iqr([]) == 0.0


def test_relative_spread_is_iqr_over_median() -> None:
    assert stats.relative_spread([1.0, 2.0, 3.0, 4.0, 5.0]) == pytest.approx(2.0 / 3.0)
    assert stats.relative_spread([10.0, 10.0, 10.0]) == 0.0
    assert stats.relative_spread([0.0, 0.0, 0.0]) == 0.0  # no division by a zero median
    assert stats.WIDE_SPREAD == 0.10


def _measurement(train: list[float], infer: list[float], reason: str = "x") -> dict:
    return {
        "workloads": [{"id": "mlp", "train_batch": 64}],
        "environments": {"torch": {"size_bytes": 3 * 2**20}},
        "results": [{
            "adapter": "torch-eager", "environment": "torch", "version": "2.13.0", "adapter_lines": 42,
            "import_seconds": [1.0, 3.0, 2.0], "peak_rss_bytes": [100 * 2**20, 300 * 2**20],
            "workloads": [{"workload": "mlp", "train_step_seconds": train, "first_step_seconds": [0.5, 0.25],
                           "inference": [{"batch": 1, "seconds": infer}, {"batch": 64, "seconds": [0.004, 0.004]}]}],
        }],
        "failures": [{"adapter": "jax-jit", "workload": "cnn", "stage": "correctness", "reason": reason}],
    }


def test_summary_lists_medians_spreads_and_flags_wide_ones() -> None:
    # Training: median 2 ms, IQR 1 ms -> 50 %, wide. Inference b1: 1 ms with no spread.
    text = report.summary(_measurement([0.001, 0.002, 0.003], [0.001, 0.001, 0.001], reason="r" * 200))
    lines = text.splitlines()
    train = next(line for line in lines if " train " in line)
    assert train.split()[:5] == ["torch-eager", "mlp", "train", "2.000", "50.0%"]
    assert train.split()[5] == "375.0"  # the first step: median of 0.5 and 0.25 s, in ms
    assert train.endswith("WIDE")
    b1 = next(line for line in lines if "infer b1" in line)
    assert b1.split()[4:6] == ["1.000", "0.0%"] and not b1.endswith("WIDE")
    assert "375.0" not in b1  # the first step is shown on the training line only
    failure = next(line for line in lines if line.startswith("FAILED"))
    assert failure == "FAILED jax-jit cnn [correctness]: " + "r" * 160


def test_summary_does_not_flag_a_spread_under_ten_percent() -> None:
    # Median 1.00 ms, IQR 0.05 ms: 5 %.
    text = report.summary(_measurement([0.00095, 0.001, 0.00105], [0.001, 0.001]))
    assert "WIDE" not in text


def test_compare_gives_each_difference_against_the_smaller_median(tmp_path: Path) -> None:
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text(yaml.safe_dump(_measurement([0.002, 0.002], [0.001, 0.001])))
    second.write_text(yaml.safe_dump(_measurement([0.0025, 0.0025], [0.00105, 0.00105])))
    lines = report.compare(first, second).splitlines()
    train = next(line for line in lines if " train " in line).split()
    assert train == ["torch-eager", "mlp", "train", "2.000", "2.500", "25.0%"]  # 0.5 ms over the smaller 2 ms
    b1 = next(line for line in lines if "infer b1" in line).split()
    assert b1[-1] == "5.0%"
    # Three metrics (train, b1, b64): differences 25 %, 5 %, 0 %.
    assert lines[-1] == "3 metrics; median difference 5.0%; largest 25.0%; 2 of 3 under 10 %"


def test_table_gives_throughput_sizes_and_the_cold_first_step() -> None:
    text = report.table(_measurement([0.002, 0.002, 0.004], [0.001, 0.003]))
    row = text.splitlines()[2]
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells == ["torch-eager", "2.13.0", "mlp", "2.00", "32,000", "2.000", "4.000", "0.50", "2.0", "300", "3",
                     "42"]


def test_table_shows_a_dash_where_there_is_no_training_or_size() -> None:
    measurement = _measurement([0.002], [0.001])
    del measurement["results"][0]["workloads"][0]["train_step_seconds"]
    measurement["environments"] = {}
    cells = [c.strip() for c in report.table(measurement).splitlines()[2].strip("|").split("|")]
    assert cells[3:5] == ["-", "-"] and cells[10] == "-"

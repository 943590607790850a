"""How measured durations read: never "0.00 s", never exponent notation."""

from __future__ import annotations

import pytest

from macros.model.measured import seconds_text


@pytest.mark.parametrize(("seconds", "text"), [
    (0.0040415, "0.00404"), (0.37, "0.370"), (0.0999, "0.0999"), (1.2345, "1.23"), (12.34, "12.3"),
    (0.000123, "0.000123"),
])
def test_seconds_keep_three_significant_digits(seconds: float, text: str) -> None:
    assert seconds_text(seconds) == text


def test_a_short_first_step_is_not_shown_as_zero() -> None:
    assert float(seconds_text(0.004)) == pytest.approx(0.004)


def test_every_measured_figure_says_what_it_holds_for(tmp_path) -> None:
    from conftest import FIXED_TODAY, FIXTURES, make_data_root

    from macros.check.run import run_check
    from macros.views.site_data import SiteData

    result = run_check(make_data_root(tmp_path, FIXTURES / "site" / "measured"), FIXED_TODAY)
    assert not result.errors
    site = SiteData(result.dataset, disputes=result.disputes)
    run = site.measurements[0]
    sizes = {int(w["parameters"]) for w in run.workloads}
    figures = [f for fw in site.frameworks for f in site.measured_figures(fw.id, "performance")]
    assert figures, "the fixture measures its frameworks"
    machine = str(run.machine.get("identity") or run.machine.get("cpu_model"))
    for figure in figures:
        assert any(f"{size:,} parameters" in figure.text for size in sizes), figure.text
        assert "CPU thread" in figure.text and machine in figure.text, figure.text


@pytest.mark.parametrize(("log", "shown"), [
    ("Traceback (most recent call last):\n  File \"/x/y.py\", line 1\nImportError: /root/.cache/ff/runs/2026/scratch/"
     "theano/tmpgxs9a_6x/m88f45a5d724ddcb0cc56aa319acc8edfaeabd618f6ba328.so: undefined symbol: dgemm_",
     "ImportError: a .so file: undefined symbol: dgemm_"),
    ("FileNotFoundError: /usr/lib/libfoo.so.1 missing", "FileNotFoundError: libfoo.so.1 missing"),
    ("ValueError: shape (1/2) mismatch in a/b", "ValueError: shape (1/2) mismatch in a/b"),
])
def test_a_failure_reads_as_its_last_line_without_the_machine_s_paths(log: str, shown: str) -> None:
    from macros.views.benchmarks import _short

    assert _short(log) == shown

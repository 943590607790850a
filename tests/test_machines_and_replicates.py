"""A published run with its replicate is shown once, with how far the replicate moved its figures;
runs on two machines are listed to choose from, and the pairs whose order differs between the two
machines are shown, each ratio taken within its own run. The measured fixture
(tests/fixtures/site/measured) compares Alpha and Beta three times: MLP eager, MLP compiled, CNN
eager; Alpha takes about half Beta's time on the MLP."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import FIXED_TODAY, FIXTURES, make_data_root

from macros.check.run import run_check
from macros.model.measured import agreement
from macros.views import benchmarks
from macros.views.common import Links
from macros.views.site_data import SiteData

LINKS = Links("../")
MEASURED = FIXTURES / "site" / "measured"
ALPHA_EAGER_MLP = "train_step_seconds: [0.00101, 0.00102, 0.00100, 0.00103, 0.00101, 0.00102, 0.00101, 0.00102, 0.00101, 0.00102]"
BETA_EAGER_MLP = "train_step_seconds: [0.00201, 0.00202, 0.00200, 0.00203, 0.00201, 0.00260, 0.00201, 0.00202, 0.00201, 0.00202]"
FIRST_MACHINE = "  cpu_model: Example CPU @ 2.0GHz\n"


def _site(tmp_path: Path, second: str) -> SiteData:
    root = make_data_root(tmp_path, MEASURED)
    (root / "measurements" / "run.yaml").unlink()  # the base fixture's run: only the two runs under test here
    (root / "measurements" / f"{re.search(r'^id: (.+)$', second, re.M).group(1)}.yaml").write_text(second, encoding="utf-8")
    result = run_check(root, FIXED_TODAY)
    assert not result.errors, [p.as_line() for p in result.errors]
    return SiteData(result.dataset, disputes=result.disputes)


def _fixture_text() -> str:
    text = (MEASURED / "measurements" / "cpu-fixture.yaml").read_text(encoding="utf-8")
    assert text.count(ALPHA_EAGER_MLP) == 1 and text.count(BETA_EAGER_MLP) == 1 and text.count(FIRST_MACHINE) == 1
    return text


def _replicate(text: str) -> str:
    return text.replace("id: cpu-fixture\n", "id: cpu-fixture-b\n", 1).replace(
        "harness_commit: 0123456789abcdef0123456789abcdef01234567\n",
        "harness_commit: 0123456789abcdef0123456789abcdef01234567\nreplicate_of: cpu-fixture\n", 1)


def _scaled(samples_line: str, factor: float) -> str:
    values = re.findall(r"[0-9.]+", samples_line.split(":", 1)[1])
    return "train_step_seconds: [" + ", ".join(f"{float(v) * factor:.6f}" for v in values) + "]"


def test_a_replicate_that_repeats_every_figure_is_shown_once_with_all_three_agreeing(tmp_path: Path) -> None:
    site = _site(tmp_path, _replicate(_fixture_text()))
    assert [m.id for m in site.measurements] == ["cpu-fixture"]
    assert site.replicates["cpu-fixture"].id == "cpu-fixture-b"
    assert len(site.measured_comparisons) == 3  # not counted twice
    page = benchmarks.benchmarks_page(site, LINKS)
    assert 'id="cpu-fixture-b"' not in page
    assert "run cpu-fixture-b" in page and "3 of 3 relative figures (100.0 %) moved by at most 10 %" in page
    assert "the largest by 0 %" in page


def test_a_replicate_that_moves_one_ratio_by_half_agrees_on_two_of_three(tmp_path: Path) -> None:
    text = _replicate(_fixture_text()).replace(BETA_EAGER_MLP, _scaled(BETA_EAGER_MLP, 1.5))
    site = _site(tmp_path, text)
    found = agreement(site.measurements[0], site.replicates["cpu-fixture"], set(site.data.frameworks))
    assert (found.compared, found.within) == (3, 2)
    assert found.largest == pytest.approx(0.5, abs=0.01)  # Alpha now 1.5 times as far ahead
    assert "2 of 3 relative figures (66.7 %)" in benchmarks.benchmarks_page(site, LINKS)


def test_a_run_without_replicate_says_so(tmp_path: Path) -> None:
    other = _fixture_text().replace("id: cpu-fixture\n", "id: cpu-other\n", 1)
    page = benchmarks.benchmarks_page(_site(tmp_path, other), LINKS)
    assert page.count("Not repeated yet") == 2


def _other_machine(alpha_factor: float) -> str:
    return (_fixture_text().replace("id: cpu-fixture\n", "id: cpu-other\n", 1)
            .replace(FIRST_MACHINE, "  cpu_model: Other CPU <b>9</b>\n", 1)
            .replace(ALPHA_EAGER_MLP, _scaled(ALPHA_EAGER_MLP, alpha_factor)))


def test_two_machines_are_listed_and_a_pair_in_the_opposite_order_is_shown(tmp_path: Path) -> None:
    # On the other machine Alpha's eager MLP step takes four times as long: half Beta's speed there.
    site = _site(tmp_path, _other_machine(4.0))
    [group] = benchmarks.machine_differences(site)
    assert group["compared"] == 3
    [row] = group["rows"]
    assert (row["framework"], row["than"]) == ("Alpha", "Beta") or (row["framework"], row["than"]) == ("Beta", "Alpha")
    cells = dict(zip((group["first"]["identity"], group["second"]["identity"]), row["ratios"]))
    alpha_first = row["framework"] == "Alpha"
    on_first, on_other = cells["Example CPU @ 2.0GHz"], cells["Other CPU <b>9</b>"]
    assert on_first.endswith("faster" if alpha_first else "slower")
    assert on_other.endswith("slower" if alpha_first else "faster")
    # Each ratio is the run's own: about 2 on the first machine, about 0.5 on the other (not 4, their quotient).
    first_ratio, other_ratio = (float(c.split("x")[0]) for c in (on_first, on_other))
    if not alpha_first:
        first_ratio, other_ratio = 1 / first_ratio, 1 / other_ratio
    assert first_ratio == pytest.approx(2.0, rel=0.02) and other_ratio == pytest.approx(0.5, rel=0.02)
    page = benchmarks.benchmarks_page(site, LINKS)
    assert "Runs on 2 machines" in page and 'href="#cpu-other"' in page and 'href="#cpu-fixture"' in page
    assert "Other CPU &lt;b&gt;9&lt;/b&gt;" in page and "<b>9</b>" not in page
    assert "1 swap places" in page


def test_two_machines_that_agree_on_the_order_show_no_swapped_pair(tmp_path: Path) -> None:
    site = _site(tmp_path, _other_machine(1.3))  # Alpha still clearly faster on the MLP there
    [group] = benchmarks.machine_differences(site)
    assert group["rows"] == [] and group["compared"] == 3
    assert "none swaps places" in benchmarks.benchmarks_page(site, LINKS)


def test_one_machine_shows_no_machine_list(tmp_path: Path) -> None:
    site = _site(tmp_path, _replicate(_fixture_text()))
    assert benchmarks.machine_differences(site) == []
    assert "Runs on" not in benchmarks.benchmarks_page(site, LINKS)


def test_a_speed_claims_readings_from_two_machines_each_name_their_machine(tmp_path: Path) -> None:
    from macros.views.disagreements import families_text

    site = _site(tmp_path, _other_machine(4.0))
    one = [(("cpu-fixture", "eager"), "supported"), (("cpu-fixture", "compiled"), "not-settled")]
    assert families_text(site, one) == "eager: supports it; compiled: not settled"
    two = one + [(("cpu-other", "eager"), "contradicted")]
    assert families_text(site, two) == ("on Example CPU @ 2.0GHz (run cpu-fixture): eager: supports it, compiled: "
                                        "not settled; on Other CPU <b>9</b> (run cpu-other): eager: contradicts it")
    page = __import__("macros.views.disagreements", fromlist=["x"]).disagreements_page(site, LINKS)
    assert "<b>9</b>" not in page  # the machine's name is text wherever it is shown


def test_the_sources_page_sends_a_replicate_to_its_runs_section(tmp_path: Path) -> None:
    from macros.views import sources

    site = _site(tmp_path, _replicate(_fixture_text()))
    page = sources.sources_page(site, LINKS)
    assert 'href="../benchmarks/#cpu-fixture"' in page
    assert "#cpu-fixture-b" not in page  # the replicate has no section of its own
    assert 'id="cpu-fixture"' in benchmarks.benchmarks_page(site, LINKS)

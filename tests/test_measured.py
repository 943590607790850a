"""Measurements as data and evidence, and their views, without MkDocs: the fixture run
(tests/fixtures/site/measured) has Alpha about twice as fast as Beta on the MLP and alike on the CNN."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import FIXED_TODAY, FIXTURES, make_data_root

from macros.check.run import run_check
from macros.model.measured import (
    THRESHOLD,
    MeasuredComparison,
    Samples,
    combined_outcome,
    confront,
    contradicting,
    measured_comparisons,
    median_interval,
    paired_ratio,
    ms_text,
    outcome,
    speed_claims,
)
from macros.model.types import ComparisonClaim
from macros.views import attribute, benchmarks, changes, disagreements, exports, framework, matrix, pair, sources
from macros.views.common import Links
from macros.views.site_data import SiteData

LINKS = Links("../")
MEASURED = FIXTURES / "site" / "measured"


@pytest.fixture
def site(tmp_path: Path) -> SiteData:
    result = run_check(make_data_root(tmp_path, MEASURED), FIXED_TODAY)
    assert not result.errors, [p.as_line() for p in result.errors]
    return SiteData(result.dataset, disputes=result.disputes)


BETA_EAGER_CNN = "train_step_seconds: [0.0105, 0.0106, 0.0104, 0.0107, 0.0105, 0.0106, 0.0105, 0.0106, 0.0105, 0.0106]"


@pytest.fixture
def contradicted_site(tmp_path_factory: pytest.TempPathFactory) -> SiteData:
    """The fixture with Beta's eager CNN step made 1.4x slower, so Alpha measures faster on every
    comparable workload and mode: "Alpha is slower" is contradicted."""
    root = make_data_root(tmp_path_factory.mktemp("contradicted"), MEASURED)
    run = root / "measurements" / "cpu-fixture.yaml"
    text = run.read_text(encoding="utf-8")
    assert text.count(BETA_EAGER_CNN) == 1
    run.write_text(text.replace(BETA_EAGER_CNN, BETA_EAGER_CNN.replace("0.010", "0.014")), encoding="utf-8")
    result = run_check(root, FIXED_TODAY)
    assert not result.errors, [p.as_line() for p in result.errors]
    return SiteData(result.dataset, disputes=result.disputes)


def test_a_general_claim_every_comparison_opposes_is_contradicted_and_resolved(contradicted_site: SiteData) -> None:
    site = contradicted_site
    claim = site.data.claims_by_ref["article-one:alpha-slower"]
    assert isinstance(claim, ComparisonClaim)
    assert {(c.workload, c.execution) for c in contradicting(site.data, claim)} == {
        ("mlp", "eager"), ("mlp", "compiled"), ("cnn", "eager")}
    dispute = next(d for d in site.disputes if d.kind == "measured")
    assert dispute.claims == (claim,) and dispute.resolved, "the fixture refutes it with the measurement"
    assert ("beta", "performance") in dispute.subjects
    assert confront(site.data, claim).status == "contradicted"


def test_samples_give_median_and_quartiles() -> None:
    s = Samples((1.0, 2.0, 3.0, 4.0, 100.0))
    assert s.median == 3.0
    assert s.quartiles == (2.0, 4.0)
    assert s.iqr == 2.0 and s.wide
    assert not Samples((1.0, 1.01, 1.0, 1.02)).wide


def test_median_interval_uses_order_statistics() -> None:
    ten = [float(x) for x in (7, 1, 9, 3, 10, 2, 5, 8, 4, 6)]
    assert median_interval(ten) == (2.0, 9.0), "2nd and 9th of 10 (97.9 % coverage)"
    assert median_interval([3.0, 1.0, 2.0, 5.0, 4.0]) == (1.0, 5.0), "5 values: the range"
    six = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    assert median_interval(six) == (1.0, 6.0), "6 values: P(X=0) = 1/64 <= 2.5 %, so x(1) and x(6)"
    twenty = [float(x) for x in range(1, 21)]
    assert median_interval(twenty) == (6.0, 15.0), "P(X<=5) = 2.07 % <= 2.5 % < P(X<=6) = 5.77 %"


def test_paired_ratio_cancels_drift_between_rounds() -> None:
    # The host slows by half in round 2; both frameworks slow alike, so each round's ratio is 2.
    a = Samples((1.0, 1.0, 1.5, 1.5), per_round=2)
    b = Samples((2.0, 2.0, 3.0, 3.0), per_round=2)
    paired = paired_ratio(a, b)
    assert paired is not None and paired.per_round == (2.0, 2.0) and paired.estimate == 2.0
    assert paired_ratio(a, Samples((2.0, 2.0, 3.0), per_round=2)) is None, "not whole rounds"
    assert paired_ratio(Samples((1.0, 1.0)), b) is None, "rounds unknown"
    comparison = MeasuredComparison("run", "w", "eager", "a", "b", "a-x", "b-x", a, b)
    assert comparison.speed_ratio == 2.0 and comparison.relation == "higher"
    # Without rounds, the ratio of the two medians (2.5 s over 1.25 s), its interval from the quartiles:
    # 2.0 / 1.5 to 3.0 / 1.0.
    unpaired = MeasuredComparison("run", "w", "eager", "a", "b", "a-x", "b-x", Samples(a.values), Samples(b.values))
    assert unpaired.speed_ratio == pytest.approx(2.5 / 1.25)
    assert unpaired.ratio_interval == pytest.approx((2.0 / 1.5, 3.0 / 1.0))


def test_a_ratio_whose_interval_straddles_one_is_not_clearly_apart() -> None:
    # Round ratios 1.5, 1.5, 1.5, 1.5, 1.5, 0.9: median 1.5 but the 6-round interval reaches 0.9.
    a = Samples((1.0,) * 6, per_round=1)
    b = Samples((1.5, 1.5, 1.5, 1.5, 1.5, 0.9), per_round=1)
    comparison = MeasuredComparison("run", "w", "eager", "a", "b", "a-x", "b-x", a, b)
    assert comparison.speed_ratio == 1.5
    assert comparison.ratio_interval == (0.9, 1.5)
    assert not comparison.clearly_apart and comparison.relation == "similar"
    steady = MeasuredComparison("run", "w", "eager", "a", "b", "a-x", "b-x", a, Samples((1.5,) * 5 + (1.2,), per_round=1))
    assert steady.clearly_apart and steady.relation == "higher"
    assert steady.seen_from("b").relation == "lower"


def test_milliseconds_never_use_exponents() -> None:
    assert [ms_text(v) for v in (0.000123, 0.00123, 0.0123, 0.123, 12.3)] == ["0.123", "1.23", "12.3", "123", "12300"]


def test_measurement_is_a_source_of_its_own_kind(site: SiteData) -> None:
    source = site.data.sources["cpu-fixture"]
    assert source.kind == "measurement" and source.is_primary
    assert str(source.published) == "2026-11-20"
    assert [m.id for m in site.measurements] == ["cpu-fixture", "run"], "newest first; the base fixture has a run too"


def test_comparisons_per_workload_and_execution_family(site: SiteData) -> None:
    found = {(c.workload, c.execution): c for c in measured_comparisons(site.data)}
    assert set(found) == {("mlp", "eager"), ("mlp", "compiled"), ("cnn", "eager")}, "beta-graph failed the CNN check"
    mlp_compiled = found[("mlp", "compiled")]
    assert (mlp_compiled.adapter, mlp_compiled.than_adapter) == ("alpha-jit", "beta-graph")
    # 2 rounds of 5: round medians 0.51 and 0.52 ms (alpha-jit) against 1.51 and 1.52 ms (beta-graph);
    # the ratio is the median of the two rounds' ratios.
    assert mlp_compiled.speed_ratio == pytest.approx((1.51 / 0.51 + 1.52 / 0.52) / 2)
    assert mlp_compiled.relation == "higher"
    assert found[("mlp", "eager")].relation == "higher"
    assert found[("cnn", "eager")].relation == "similar", "4 % apart is under the threshold"
    assert found[("mlp", "eager")].seen_from("beta").relation == "lower"
    assert THRESHOLD > 1


def test_fastest_mode_of_each_framework_stands_for_it(site: SiteData) -> None:
    ranked = site.fastest_by_framework(site.measurements[0], "mlp")
    assert [(fw, mode) for fw, mode, _ in ranked] == [("alpha", "alpha.jit (compiled)"), ("beta", "static graph")]


def test_a_general_claim_the_figures_oppose_only_in_part_is_not_contradicted(site: SiteData) -> None:
    # Alpha measures faster on the MLP (eager and compiled) and alike on the CNN (eager): "Alpha is
    # slower" is opposed by two comparisons and not by the third, so the figures do not settle it.
    claim = site.data.claims_by_ref["article-one:alpha-slower"]
    assert isinstance(claim, ComparisonClaim)
    assert contradicting(site.data, claim) == ()
    assert not [d for d in site.disputes if d.kind == "measured"]
    confronted = confront(site.data, claim)
    assert confronted.status == "not-settled"
    assert dict(confronted.families) == {("cpu-fixture", "compiled"): "contradicted", ("cpu-fixture", "eager"): "not-settled"}


def test_a_claim_with_conditions_is_about_another_setup(site: SiteData) -> None:
    claim = site.data.claims_by_ref["article-one:alpha-slower"]
    qualified = ComparisonClaim(**{f: getattr(claim, f) for f in claim.__dataclass_fields__} | {"conditions": {"hardware": "a GPU"}})
    assert contradicting(site.data, qualified) == ()
    confronted = confront(site.data, qualified)
    assert confronted.status == "qualified" and confronted.ours == "not-settled"


def test_a_claim_of_the_measured_direction_is_supported_where_every_comparison_agrees(site: SiteData) -> None:
    claim = site.data.claims_by_ref["article-one:alpha-slower"]
    faster = ComparisonClaim(**{f: getattr(claim, f) for f in claim.__dataclass_fields__} | {"relation": "higher", "refuted": None})
    confronted = confront(site.data, faster)
    assert confronted.status == "not-settled", "alike on the CNN: not every comparison agrees"
    assert dict(confronted.families)[("cpu-fixture", "compiled")] == "supported"


def _comparison(run: str, workload: str, execution: str, ours: float, theirs: float) -> MeasuredComparison:
    """A comparison whose samples are tight around `ours` and `theirs` seconds (quartiles 1 % apart)."""
    def samples(x: float) -> Samples:
        return Samples((x * 0.99, x, x * 1.01))
    return MeasuredComparison(run, workload, execution, "a", "b", "a-x", "b-x", samples(ours), samples(theirs))


# A claim "a is slower (lower) than b" against a run's comparisons, written as (a's seconds, b's):
# 2.0 against 1.0 measures a slower, 1.0 against 2.0 faster, 1.0 against 1.05 alike.
SLOWER, FASTER, ALIKE = (2.0, 1.0), (1.0, 2.0), (1.0, 1.05)


@pytest.mark.parametrize(("relation", "figures", "expected"), [
    ("lower", [SLOWER, SLOWER, SLOWER], "supported"),
    ("lower", [FASTER, FASTER], "contradicted"),
    ("lower", [SLOWER, SLOWER, SLOWER, SLOWER, SLOWER, FASTER], "mixed"),  # 5 of 6 slower never contradicts
    ("lower", [FASTER, FASTER, ALIKE], "not-settled"),
    ("lower", [SLOWER, ALIKE], "not-settled"),
    ("lower", [ALIKE, ALIKE], "not-settled"),
    ("higher", [FASTER, FASTER], "supported"),
    ("higher", [SLOWER], "contradicted"),
    ("similar", [ALIKE, ALIKE], "supported"),
    ("similar", [FASTER, FASTER], "contradicted"),
    ("similar", [SLOWER, SLOWER], "contradicted"),
    ("similar", [FASTER, SLOWER], "mixed"),
    ("similar", [ALIKE, FASTER], "not-settled"),
    ("lower", [], None),
])
def test_outcome_of_a_claim_against_one_run(relation: str, figures: list[tuple[float, float]], expected: str | None) -> None:
    measured = [_comparison("run", f"w{i}", "eager", ours, theirs) for i, (ours, theirs) in enumerate(figures)]
    assert outcome(relation, measured) == expected


@pytest.mark.parametrize(("runs", "expected"), [
    (["contradicted", "contradicted"], "contradicted"),
    (["supported", "supported"], "supported"),
    (["contradicted", "not-settled"], "not-settled"),  # contradicted only where every machine says so
    (["supported", "contradicted"], "mixed"),  # the machines disagree
    (["mixed", "supported"], "mixed"),
    (["supported", "not-settled"], "not-settled"),
    ([], None),
])
def test_outcome_across_runs(runs: list[str], expected: str | None) -> None:
    assert combined_outcome(runs) == expected


def test_chart_is_deterministic_svg_without_outside_references(site: SiteData) -> None:
    first = benchmarks.benchmarks_page(site, LINKS)
    assert first == benchmarks.benchmarks_page(site, LINKS)
    fixture = first[first.index('id="cpu-fixture"'):first.index('id="run"')]
    svgs = re.findall(r"<svg.*?</svg>", fixture, re.S)
    assert len(svgs) == 2, "one chart per workload that trained"
    mlp = ET.fromstring(svgs[0])
    ns = {"s": "http://www.w3.org/2000/svg"}
    labels = [t.text for t in mlp.findall("s:text", ns) if t.get("class") == "ff-chart-label"]
    assert labels == ["Alpha, alpha-jit", "Alpha, alpha-eager", "Beta, beta-graph", "Beta, beta-eager"], "fastest first"
    widths = [float(r.get("width")) for r in mlp.findall("s:rect", ns)]
    assert widths == sorted(widths) and widths[0] < widths[-1]
    values = [t.text for t in mlp.findall("s:text", ns) if t.get("class") == "ff-chart-value"]
    assert values[0] == "1.00x, 0.515 ms" and values[1].startswith("1.97x")
    assert re.findall(r"https?://[^\"'\s<]+", svgs[0]) == ["http://www.w3.org/2000/svg"]


def test_benchmarks_page_has_table_twin_environment_failures_and_command(site: SiteData) -> None:
    page = benchmarks.benchmarks_page(site, LINKS)
    page = page[page.index('id="cpu-fixture"'):page.index('id="run"')]
    assert '<td><code>alpha-jit</code><br><span class="ff-mode">alpha.jit (compiled); compiled</span></td><td>2.1.0</td>' in page
    assert '0.515<br><span class="ff-iqr">(0.510 to 0.520)</span>' in page, "median with its interquartile range"
    assert '<td class="ff-num">11.9</td>' in page, "the first step apart"
    assert "the median of 10 timed repetitions" in page, "counted from the data"
    assert "Example CPU @ 2.0GHz, 2 logical CPUs" in page and "2 per framework" in page
    assert "numpy: openblas 0.3.27" in page and "alpha 2.1.0, numpy 2.1.3" in page
    assert "correctness" in page and "first loss 2.5 differs from the reference" in page
    assert "A &lt;JVM&gt; framework; its packages could not be fetched here." in page, "reasons are escaped data"
    assert "<pre><code>python -m bench run --threads 2</code></pre>" in page
    assert "not the throughput of large models or accelerators" in page
    assert 'id="cpu-fixture"' in page


def test_benchmarks_page_without_measurements(tmp_path: Path) -> None:
    root = make_data_root(tmp_path)
    for run in (root / "measurements").glob("*.yaml"):
        run.unlink()
    result = run_check(root, FIXED_TODAY)
    page = benchmarks.benchmarks_page(SiteData(result.dataset, disputes=result.disputes), LINKS)
    assert "No measurement is recorded yet" in page and "<svg" not in page


def test_framework_page_has_a_measured_section(site: SiteData) -> None:
    page = framework.framework_page(site, "alpha", LINKS)
    assert '<h3 id="measured">Measured</h3>' in page
    assert "MLP training step, alpha.jit (compiled): 0.515 ms median; the fastest of 2 frameworks" in page
    beta = framework.framework_page(site, "beta", LINKS)
    assert "2nd of 2 frameworks, 2.94x the time of the fastest (Alpha)" in beta
    assert "Failed in this run: beta-graph on cnn (correctness)" in beta
    gamma = framework.framework_page(site, "gamma", LINKS)
    assert "Not measured" in gamma and "A &lt;JVM&gt; framework" in gamma


def test_matrix_marks_measured_performance(site: SiteData) -> None:
    row = next(r for r in matrix.matrix_rows(site, LINKS) if r["fw"].id == "beta")
    cell = next(c for c in row["cells"] if c["summary"].attribute.id == "performance")
    assert cell["label"].endswith(", measured")
    assert all(m.source == "cpu-fixture" for m in cell["summary"].measured)
    # The legend explains each mark the matrix shows, once some cell (not every cell) carries it.
    page = matrix.matrix(site, LINKS)
    assert page.count('class="ff-mark ff-mark-measured"') > 1  # beta's performance cell, and the legend
    assert "backed by measured figures</li>" in page


def test_pair_page_shows_measured_ratios(site: SiteData) -> None:
    page = pair.pair_page(site, "alpha", "beta", LINKS)
    assert '<h2 id="measured">Measured by this project</h2>' in page
    assert "2.94x as fast: faster" in page and "1.04x as fast: similar" in page
    assert "0.515 ms (alpha-jit)" in page and "1.52 ms (beta-graph)" in page


def test_pair_page_reads_each_speed_claim_with_the_rule(site: SiteData, contradicted_site: SiteData) -> None:
    page = pair.pair_page(site, "alpha", "beta", LINKS)
    claims = page[page.index('id="speed-claims"'):]
    assert "<strong>Alpha slower than Beta</strong> <q>slower</q>" in claims
    assert "not settled by our figures" in claims and "(compiled: contradicts it; eager: not settled)" in claims
    assert "These figures: training steps of models of 19,914 to 118,282 parameters on 2 CPU threads" in page
    contradicted = pair.pair_page(contradicted_site, "beta", "alpha", LINKS)
    assert "our figures contradict it" in contradicted[contradicted.index('id="speed-claims"'):]


def test_disagreements_page_confronts_speed_claims(contradicted_site: SiteData, site: SiteData) -> None:
    page = disagreements.disagreements_page(contradicted_site, LINKS)
    assert "Our measurements contradict a comparison. Resolved by refutation." in page
    assert "Alpha (alpha-jit) 2.94x as fast as Beta (beta-graph): MLP training step, compiled, 0.515 ms against 1.52 ms" in page
    assert '<section class="ff-confront" id="measured">' in page
    assert "our figures contradict it" in page
    assert ("Measured (training steps of models of 19,914 to 118,282 parameters on 2 CPU threads, "
            "Example CPU @ 2.0GHz (run cpu-fixture); not a ranking at scale or on GPUs)") in page, "scope beside the figures"
    assert [c.claim.ref for c in speed_claims(site.data)] == ["article-one:alpha-slower"]
    # Where one comparison does not oppose the claim, the page does not call it contradicted.
    partly = disagreements.disagreements_page(site, LINKS)
    assert "our figures contradict it" not in partly
    assert "not settled by our figures" in partly and "(compiled: contradicts it; eager: not settled)" in partly


def test_sources_page_links_a_measurement_to_its_figures(site: SiteData) -> None:
    page = sources.sources_page(site, LINKS)
    assert '<a href="../benchmarks/#cpu-fixture">Its figures on the Benchmarks page</a>' in page


def test_performance_page_cites_the_measurement_beside_each_verdict(site: SiteData) -> None:
    page = attribute.attribute_page(site, "performance", LINKS)
    beta = page[page.index('id="fw-beta"'):]
    assert "Measured by this project:" in beta and "MLP training step, static graph: 1.52 ms median" in beta
    assert '<a href="#fn-1" title="CPU suite, 4 framework/mode entries">[1]</a>' in page


def test_a_measurement_is_a_change_in_the_feeds(site: SiteData) -> None:
    beta = [c for c in changes.changes(site, "beta") if c.key.startswith("measurement/")]
    assert [c.key for c in beta] == ["measurement/beta/cpu-fixture"]
    assert str(beta[0].date) == "2026-11-20" and beta[0].path == "frameworks/beta/#measured"
    assert beta[0].summary.startswith("Measured in 2 modes (imperative, static graph); failed: beta-graph. MLP training step")


def test_export_carries_the_measured_figures(site: SiteData) -> None:
    alpha = exports.framework_json(site, site.data.frameworks["alpha"])
    assert [f["source"] for f in alpha["measured"]["performance"]] == ["cpu-fixture", "cpu-fixture"]
    assert exports.framework_json(site, site.data.frameworks["gamma"])["measured"] == {}


def test_performance_verdict_cites_the_measurement(site: SiteData) -> None:
    page = framework.framework_page(site, "beta", LINKS)
    verdict = page[page.index('id="attr-performance"'):]
    note = verdict[verdict.index('class="ff-measured-note"'):]
    count = len(site.measured_figures("beta", "performance"))
    assert note.startswith(f'class="ff-measured-note">Measured by this project on {count} workload')
    assert '<a href="#measured">the figures</a>' in note.split("</p>")[0], "the figures are listed once, above"
    assert 'title="CPU suite, 4 framework/mode entries"' in note.split("</p>")[0]


def test_export_gives_each_framework_its_fastest_steps_as_numbers(site: SiteData) -> None:
    alpha = exports.framework_json(site, site.data.frameworks["alpha"])
    steps = {s["workload"]: s for s in alpha["measured_steps"]}
    assert steps["mlp"]["mode"] == "alpha.jit (compiled)" and steps["mlp"]["source"] == "cpu-fixture"
    assert steps["mlp"]["median_ms"] == pytest.approx(0.515) and steps["mlp"]["median_text"] == "0.515"
    beta = exports.framework_json(site, site.data.frameworks["beta"])
    assert {s["workload"] for s in beta["measured_steps"]} == {"mlp", "cnn"}
    assert exports.framework_json(site, site.data.frameworks["gamma"])["measured_steps"] == []


CONTRIBUTED = FIXTURES / "site" / "contributed"
CONTRIBUTOR_NOTE = "contributed by Ada &lt;Lab&gt; &amp; Co, not re-run by this project"


@pytest.fixture
def contributed_site(tmp_path_factory: pytest.TempPathFactory) -> SiteData:
    """The measured fixture with its run published as a contributed one (`bench publish --contributed-by`)."""
    root = make_data_root(tmp_path_factory.mktemp("contributed"), MEASURED)
    shutil.copy(CONTRIBUTED / "measurements" / "cpu-fixture.yaml", root / "measurements" / "cpu-fixture.yaml")
    result = run_check(root, FIXED_TODAY)
    assert not result.errors, [p.as_line() for p in result.errors]
    return SiteData(result.dataset, disputes=result.disputes)


def test_a_contributed_run_passes_the_same_checks_as_our_own(tmp_path: Path) -> None:
    ours = run_check(make_data_root(tmp_path / "ours", MEASURED), FIXED_TODAY)
    root = make_data_root(tmp_path / "theirs", MEASURED)
    shutil.copy(CONTRIBUTED / "measurements" / "cpu-fixture.yaml", root / "measurements" / "cpu-fixture.yaml")
    theirs = run_check(root, FIXED_TODAY)
    assert [(p.rule, p.severity) for p in theirs.problems] == [(p.rule, p.severity) for p in ours.problems]
    assert theirs.errors == []


def test_a_contributed_run_is_shown_as_contributed_wherever_its_figures_are_scoped(
        site: SiteData, contributed_site: SiteData) -> None:
    page = benchmarks.benchmarks_page(contributed_site, LINKS)
    section = page[page.index('id="cpu-fixture"'):page.index('id="run"')]
    assert 'measured by <a href="https://example.org/runs/cpu-fixture">Ada &lt;Lab&gt; &amp; Co</a> (contributed, not re-run by this project)' in section
    limits = section[section.index("What these figures measure"):section.index("</div>")]
    assert CONTRIBUTOR_NOTE in limits
    assert "Ada <Lab>" not in page, "the contributor's name is escaped data"
    assert CONTRIBUTOR_NOTE in framework.framework_page(contributed_site, "alpha", LINKS)
    assert CONTRIBUTOR_NOTE in pair.pair_page(contributed_site, "alpha", "beta", LINKS)
    alpha = exports.framework_json(contributed_site, contributed_site.data.frameworks["alpha"])
    assert all("contributed by Ada <Lab> & Co, not re-run by this project" in f["text"]
               for f in alpha["measured"]["performance"])
    assert {s["contributed"] for s in alpha["measured_steps"]} == {"contributed by Ada <Lab> & Co, not re-run by this project"}
    # The project's own run says nothing of the kind.
    assert "not re-run by this project" not in benchmarks.benchmarks_page(site, LINKS)
    assert "not re-run by this project" not in framework.framework_page(site, "alpha", LINKS)
    assert {s["contributed"] for s in exports.framework_json(site, site.data.frameworks["alpha"])["measured_steps"]} == {""}


def test_a_measured_figure_on_the_attribute_page_shows_a_name_with_markup_as_text(tmp_path: Path) -> None:
    root = make_data_root(tmp_path, MEASURED)
    alpha = root / "frameworks" / "alpha.yaml"
    alpha.write_text(alpha.read_text().replace("name: Alpha\n", "name: Alpha <b>&</b>\n", 1))
    result = run_check(root, FIXED_TODAY)
    assert not result.errors, [p.as_line() for p in result.errors]
    page = attribute.attribute_page(SiteData(result.dataset, disputes=result.disputes), "performance", LINKS)
    # Beta's figure names the fastest, Alpha, by its name: escaped like every text from data.
    assert "the time of the fastest (Alpha &lt;b&gt;&amp;&lt;/b&gt;)" in page
    assert "<b>&</b>" not in page


def test_benchmarks_page_names_the_frameworks_a_run_leaves_out_without_a_reason(site: SiteData) -> None:
    page = benchmarks.benchmarks_page(site, LINKS)
    cpu, run = page[page.index('id="cpu-fixture"'):page.index('id="run"')], page[page.index('id="run"'):]
    # cpu-fixture measures alpha and beta and gives gamma's reason; the base run measures alpha, gives beta's
    # reason and says nothing of gamma.
    assert "Not in this run" not in cpu
    assert 'Not in this run, no reason recorded: <a href="../frameworks/gamma/">Gamma</a>.' in run


def test_the_matrix_legend_explains_the_stale_mark_once_some_verdict_is_stale(tmp_path: Path) -> None:
    import datetime as dt

    from macros.check.config import CheckConfig

    # The stale-verdict fixture, checked on 2026-11-21 with a one-year limit: three verdicts stale, not all.
    root = make_data_root(tmp_path, FIXTURES / "rules" / "stale-verdict" / "bad")
    result = run_check(root, CheckConfig(today=dt.date(2026, 11, 21), stale_after_days=365))
    site = SiteData(result.dataset, disputes=result.disputes, stale_after_days=365)
    page = matrix.matrix(site, LINKS)
    assert page.count('class="ff-mark ff-mark-stale"') > 1  # the stale cells, and the legend
    assert "the newest claim behind it is over" in page


def test_the_sources_page_sends_a_measurement_to_its_figures_and_other_sources_to_their_address(site: SiteData) -> None:
    page = sources.sources_page(site, LINKS)
    assert page.count("Its figures on the Benchmarks page") == len(site.measurements) == 2
    assert '<a href="../benchmarks/#cpu-fixture">Its figures on the Benchmarks page</a>.' in page
    assert '<a href="https://alpha.example.org/docs" rel="nofollow noopener">' in page

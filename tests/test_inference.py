"""Inference runs (data/inference/) on the pages, without a real run: the fixture
tests/fixtures/site/inference has Alpha's float32 runtime, its quantised variant and Beta's runtime
on an image workload, Alpha alone on an encoder, two failures and Gamma not measured. Its title,
a conversion path and two reasons carry markup, which must show as text.

Expected figures, worked out from the fixture by hand:
- alpha-onnx, image, batch 1: calls 40, 40, 41, 42, 43, 44 ms: median 41.5 ms, 1 / 0.0415 = 24.1 per s;
  batch 8: 300, 300, 310, 310, 320, 330 ms: median 310 ms, 8 / 0.31 = 25.8 per s;
  load 0.2 and 0.3 s: median 0.250 s; first result 0.05 and 0.07 s: 0.0600 s; peak memory 260 MB.
- beta-tflite, image, batch 1: median 83.0 ms, 12.0 per s, 83 / 41.5 = 2.00x; batch 8: 620 ms, 12.9 per s.
- alpha-int8 (int8, error 0.02 over the 0.001 float32 tolerance, allowed): 20 / 41.5 = 0.48x, listed
  after the float32 paths.
"""

from __future__ import annotations

import re

import json
import shutil
from pathlib import Path

import pytest
from conftest import FIXED_TODAY, FIXTURES, make_data_root

from macros.check.run import run_check
from macros.views import benchmarks, changes, exports, feeds, framework, pair
from macros.views.common import Links
from macros.views.site_data import SiteData
from site_build import build, make_project
from site_links import broken_links

INFERENCE = FIXTURES / "site" / "inference"
RUN = "inference/infer-fixture.yaml"
LINKS = Links("../")
SCOPE = "11,689,512 parameters, 1 CPU thread, Test CPU (GenuineIntel 6/85/7), 2 CPUs, 1 GiB"
HOSTILE = ("<script>alert(1)</script>", "<script>alert(2)</script>", "<b>on</b>", "<built>", "<adapter>")


def _site(root: Path) -> SiteData:
    result = run_check(root, FIXED_TODAY)
    assert not result.errors, [p.as_line() for p in result.errors]
    return SiteData(result.dataset, disputes=result.disputes)


@pytest.fixture
def site(tmp_path: Path) -> SiteData:
    return _site(make_data_root(tmp_path, INFERENCE))


def _row(html: str, row_id: str) -> str:
    start = html.index(f'<tr id="{row_id}">')
    return html[start:html.index("</tr>", start)]


def test_the_benchmarks_page_shows_each_runtime_with_medians_throughput_and_costs(site: SiteData) -> None:
    html = benchmarks.benchmarks_page(site, LINKS)
    assert '<h2 id="inference-runtimes">Inference runtimes</h2>' in html
    onnx = _row(html, "inference-result--infer-fixture--imgnet--alpha-onnx")
    cells = ["41.5", "24.1", "310", "25.8", "1.00x", "46.8 MB", "0.250 s", "0.0600 s", "260 MB", "2.1e-06"]
    assert [f'<td class="ff-num">{c}</td>' in onnx for c in cells] == [True] * len(cells), onnx
    beta = _row(html, "inference-result--infer-fixture--imgnet--beta-tflite")
    assert all(f'<td class="ff-num">{c}</td>' in beta for c in ["83.0", "12.0", "620", "12.9", "2.00x"]), beta
    int8 = _row(html, "inference-result--infer-fixture--imgnet--alpha-int8")
    assert '<td class="ff-num">0.48x</td>' in int8 and "(int8, over the float32 tolerance)" in int8
    # Float32 paths fastest first, the quantised variant apart after them.
    order = [html.index(f"imgnet--{r}") for r in ("alpha-onnx", "beta-tflite", "alpha-int8")]
    assert order == sorted(order)
    assert f"These figures: {SCOPE};" in html
    assert "Not measured, and why:" in html and "Gamma</a>: Gamma has no &lt;adapter&gt; yet" in html
    assert "converting the model" in html and "the correctness check" in html
    assert "numpy weights -&gt; ONNX graph &lt;built&gt; with onnx.helper -&gt; Alpha session" in html


def test_text_from_the_file_is_escaped_everywhere(site: SiteData) -> None:
    pages = [benchmarks.benchmarks_page(site, LINKS), framework.framework_page(site, "alpha", Links("../../")),
             framework.framework_page(site, "beta", Links("../../")), pair.pair_page(site, "alpha", "beta", Links("../../"))]
    for html in pages:
        for text in HOSTILE:
            assert text not in html
    assert "Runtimes &lt;b&gt;on&lt;/b&gt; realistic models &amp; &lt;script&gt;alert(1)&lt;/script&gt;" in pages[0]
    assert "the converter stopped at &lt;script&gt;alert(2)&lt;/script&gt; (an op it lacks)" in pages[0]
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in pages[2], "Beta's page gives its failure's reason"


def test_a_runtimes_framework_page_shows_its_figures_with_their_scope(site: SiteData) -> None:
    html = framework.framework_page(site, "beta", Links("../../"))
    assert '<h3 id="inference">Inference runtimes measured</h3>' in html
    assert f"Image classifier, 224x224x3, 2026-11-10; these figures: {SCOPE}." in html
    row = _row(html, "inference-result--infer-fixture--imgnet--beta-tflite")
    # Relative to the fastest float32 runtime of the whole run, not of Beta alone.
    assert '<td class="ff-num">83.0</td>' in row and '<td class="ff-num">2.00x</td>' in row
    assert "alpha-onnx" not in html.split('id="inference"')[1].split("</table>")[0]
    assert "Beta interpreter on Transformer encoder, 4 layers (converting the model)" in html


def test_a_pair_page_sets_the_two_runtimes_side_by_side(site: SiteData) -> None:
    assert site.inference_pairs == {("alpha", "beta")}
    assert ("alpha", "beta") in {(a.id, b.id) for a, b in site.static_pairs}
    html = pair.pair_page(site, "alpha", "beta", Links("../../"))
    assert '<h3 id="inference">Inference runtimes side by side</h3>' in html
    section = html.split('<h3 id="inference">')[1]
    assert f"these figures: {SCOPE}." in section
    assert '<td class="ff-num">2.00x</td>' in _row(section, "inference-result--infer-fixture--imgnet--beta-tflite")
    assert "Transformer encoder" not in section.split("</table>")[0], "Beta has no result on the encoder"


def test_a_model_format_capability_links_to_the_measured_conversion_path(site: SiteData) -> None:
    html = framework.framework_page(site, "alpha", Links("../../"))
    start = html.index('<dt id="capability-import_formats">')
    dd = html[start:html.index("</dd>", start)]
    assert '<a href="../../benchmarks/#inference-runtime--infer-fixture--alpha-onnx">ONNX through Alpha runtime (CPU)</a>' in dd
    assert "(numpy weights -&gt; ONNX graph &lt;built&gt; with onnx.helper -&gt; Alpha session)" in dd
    assert "tflite" not in dd.split("Measured:")[1].lower(), "Alpha has no runtime loading LiteRT"
    assert 'id="inference-runtime--infer-fixture--alpha-onnx"' in benchmarks.benchmarks_page(site, LINKS)


def test_the_export_carries_the_figures_as_numbers_with_their_scope(site: SiteData) -> None:
    beta = exports.framework_json(site, site.data.frameworks["beta"])["inference_measured"]
    [figure] = beta["figures"]
    assert figure["run"] == "infer-fixture" and figure["workload"] == "imgnet"
    assert figure["machine"] == "Test CPU (GenuineIntel 6/85/7), 2 CPUs, 1 GiB" and figure["threads"] == 1
    assert figure["parameters"] == 11689512
    assert figure["latency_median_ms"] == {"1": pytest.approx(83.0), "8": pytest.approx(620.0)}
    assert figure["throughput_per_second"]["8"] == pytest.approx(8 / 0.62)
    assert figure["peak_rss_bytes"] == 200_000_000 and figure["load_seconds_median"] == pytest.approx(0.1)
    [failure] = beta["failures"]
    assert failure["stage"] == "convert" and failure["workload"] == "enc"
    assert "inference_measured" not in exports.framework_json(site, site.data.frameworks["gamma"])


def test_a_run_is_a_change_of_each_framework_it_measured_dated_by_the_run(site: SiteData) -> None:
    [change] = [c for c in changes.changes(site, "beta") if c.key.startswith("inference/")]
    assert str(change.date) == "2026-11-10" and change.path == "frameworks/beta/#inference"
    assert change.summary == ("Measured: Beta interpreter; failed: Beta interpreter on Transformer encoder, 4 layers "
                              "(convert). Machine: Test CPU (GenuineIntel 6/85/7), 2 CPUs, 1 GiB.")
    assert str(site.data_date) == "2026-11-10", "the run is the newest full date of the fixture"
    page = changes.changes_page(site, LINKS)
    assert "Beta: inference measured by this project (Runtimes &lt;b&gt;on&lt;/b&gt;" in page
    assert "<script>alert(1)" not in page
    feed = feeds.framework_feed(site, "beta", "https://example.org/ff/").decode("utf-8")
    assert "<script>" not in feed and "&lt;script&gt;alert(1)&lt;/script&gt;" in feed


def test_ratios_are_taken_within_one_run_only(tmp_path: Path) -> None:
    """A second run without Alpha's float32 result: there Beta is the fastest float32 runtime (1.00x),
    while in the first run it stays 2.00x."""
    root = make_data_root(tmp_path, INFERENCE)
    text = (root / RUN).read_text(encoding="utf-8")
    start = text.index("  - runtime: alpha-onnx\n    workload: imgnet")
    end = text.index("  - runtime: beta-tflite\n    workload: imgnet")
    # Not a replicate (that would be shown with its run, not apart): a second run of its own.
    second = (text[:start] + text[end:]).replace("id: infer-fixture\n", "id: infer-fixture-b\n").replace(
        'measured: "2026-11-10"', 'measured: "2026-11-12"')
    (root / "inference" / "infer-fixture-b.yaml").write_text(second, encoding="utf-8")
    site = _site(root)
    html = benchmarks.benchmarks_page(site, LINKS)
    assert '<td class="ff-num">1.00x</td>' in _row(html, "inference-result--infer-fixture-b--imgnet--beta-tflite")
    assert '<td class="ff-num">2.00x</td>' in _row(html, "inference-result--infer-fixture--imgnet--beta-tflite")
    assert '<td class="ff-num">0.24x</td>' in _row(html, "inference-result--infer-fixture-b--imgnet--alpha-int8")
    assert html.count("median latencies") == 0 and html.count("Not repeated yet") == 3  # the base run too
    assert html.index('id="inference--infer-fixture-b"') < html.index('id="inference--infer-fixture"'), "newest first"


def test_a_replicate_is_shown_with_its_run_and_how_far_its_latencies_moved(tmp_path: Path) -> None:
    """The same run again with one runtime's timed calls 30 % slower: its latencies at each batch move
    by 30 %, every other one repeats exactly."""
    root = make_data_root(tmp_path, INFERENCE)
    text = (root / RUN).read_text(encoding="utf-8")
    lines = ['      "1": [0.082, 0.083, 0.083, 0.084, 0.083, 0.083]\n', '      "8": [0.62, 0.62, 0.62, 0.62, 0.62, 0.62]\n']
    assert all(text.count(line) == 1 for line in lines)
    for line in lines:
        key, values = line.split(": ", 1)
        text = text.replace(line, key + ": [" + ", ".join(f"{float(v) * 1.3:.4f}" for v in values.strip()[1:-1].split(", ")) + "]\n")
    second = text.replace("id: infer-fixture\n", "id: infer-fixture-b\n").replace(
        "replicate_of: null", "replicate_of: infer-fixture")
    (root / "inference" / "infer-fixture-b.yaml").write_text(second, encoding="utf-8")
    site = _site(root)
    assert [r.id for r in site.inference_runs] == ["infer-fixture"]
    html = benchmarks.benchmarks_page(site, LINKS)
    assert 'id="inference--infer-fixture-b"' not in html
    # Counted from the fixture file: each result's batches under latency_seconds; beta-tflite's two move.
    latencies = len(re.findall(r'^      "[0-9]+": \[', text, re.M))
    assert f"{latencies - 2} of {latencies} median latencies" in html and "the largest by 30 %" in html


@pytest.mark.parametrize("empty_folder", [False, True], ids=["absent", "empty"])
def test_without_inference_runs_nothing_changes(tmp_path: Path, empty_folder: bool) -> None:
    root = make_data_root(tmp_path)
    if empty_folder:
        (root / "inference").mkdir()
    site = _site(root)
    html = benchmarks.benchmarks_page(site, LINKS)
    assert "Inference runtimes" not in html and "ff-inference" not in html
    assert 'id="inference"' not in framework.framework_page(site, "alpha", Links("../../"))
    assert "ff-cap-measured" not in framework.framework_page(site, "alpha", Links("../../"))
    assert "inference_measured" not in exports.framework_json(site, site.data.frameworks["alpha"])
    assert site.inference_pairs == set()


def test_the_site_builds_strictly_with_an_inference_run(tmp_path: Path) -> None:
    data = make_data_root(tmp_path / "d", INFERENCE)
    site_dir = tmp_path / "site"
    result = build(make_project(tmp_path, data), site_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    page = (site_dir / "benchmarks" / "index.html").read_text(encoding="utf-8")
    assert "Inference runtimes" in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(" not in page
    assert 'id="inference"' in (site_dir / "frameworks" / "beta" / "index.html").read_text(encoding="utf-8")
    assert 'id="inference"' in (site_dir / "compare" / "alpha-vs-beta" / "index.html").read_text(encoding="utf-8")
    exported = json.loads((site_dir / "api" / "frameworks" / "alpha.json").read_text(encoding="utf-8"))
    assert {f["runtime"] for f in exported["inference_measured"]["figures"]} == {"alpha-onnx", "alpha-int8"}
    schema = json.loads((site_dir / "schema" / "inference.schema.json").read_text(encoding="utf-8"))
    assert schema["title"] == "An inference run"
    assert not broken_links(site_dir), "every anchor the inference figures link to exists"
    shutil.rmtree(site_dir)


def test_a_runtime_left_out_of_the_training_suite_is_not_called_unmeasured(tmp_path: Path) -> None:
    """Beta is in the training run's not_measured and has inference figures: its page says it is not
    in the training suite, and that its inference is measured, not "Not measured"."""
    site = _site(make_data_root(tmp_path, INFERENCE))
    page = framework.framework_page(site, "beta", Links("../../"))
    assert "Not in the training suite" in page and "Its inference is measured below." in page
    assert "<p>Not measured" not in page
    plain = _site(make_data_root(tmp_path / "plain"))
    assert "<p>Not measured" in framework.framework_page(plain, "beta", Links("../../"))

"""Which pairs get a comparison page: every pair a framework's file names under compare_with, and
the pairs sources compare."""

from __future__ import annotations

from pathlib import Path

from conftest import FIXED_TODAY, make_data_root

from macros.check.config import CheckConfig
from macros.check.run import run_check
from macros.views.site_data import SiteData


def _pairs(root: Path, config: CheckConfig = FIXED_TODAY) -> set[tuple[str, str]]:
    result = run_check(root, config)
    assert not result.errors, [p.as_line() for p in result.errors]
    return {(a.id, b.id) for a, b in SiteData(result.dataset).static_pairs}


def test_a_pair_named_under_compare_with_gets_a_page_without_any_source_comparing_it(tmp_path: Path) -> None:
    root = make_data_root(tmp_path)
    beta = (root / "frameworks" / "beta.yaml").read_text()
    gamma = beta.replace("id: beta", "id: gamma", 1).replace("name: Beta", "name: Gamma", 1)
    gamma = gamma[:gamma.index("\nverdicts:")] + "\n" if "\nverdicts:" in gamma else gamma  # no claims rate Gamma
    assert "id: gamma" in gamma and "name: Gamma" in gamma
    (root / "frameworks" / "gamma.yaml").write_text(gamma)
    before = _pairs(root)
    assert ("alpha", "gamma") not in before, "no source compares Gamma"
    (root / "frameworks" / "gamma.yaml").write_text(gamma.replace("\nfacts:\n", "\ncompare_with: [alpha]\nfacts:\n", 1))
    after = _pairs(root)
    assert ("alpha", "gamma") in after, "named from either side, the pair is listed in id order"
    assert after - before == {("alpha", "gamma")}


def test_real_data_has_the_pages_readers_ask_for() -> None:
    pairs = _pairs(Path(__file__).resolve().parent.parent / "data", CheckConfig())  # the real data: as of today
    for pair in [("jax", "pytorch"), ("jax", "keras"), ("pytorch", "tensorflow"), ("executorch", "litert"),
                 ("onnx-runtime", "openvino")]:
        assert pair in pairs, pair


def test_the_pair_page_opens_with_its_answer_and_its_scope(tmp_path: Path) -> None:
    from conftest import FIXTURES

    from macros.views import pair
    from macros.views.common import Links

    result = run_check(make_data_root(tmp_path, FIXTURES / "site" / "measured"), FIXED_TODAY)
    assert not result.errors, [p.as_line() for p in result.errors]
    site = SiteData(result.dataset, disputes=result.disputes)
    measured = site.measured_between("alpha", "beta")
    assert measured, "the measured fixture times Alpha and Beta"
    answer = pair.pair_answer(site, "alpha", "beta")
    faster_alpha = sum(1 for c in measured if c.relation == "higher")
    faster_beta = sum(1 for c in measured if c.relation == "lower")
    assert answer["speed"].startswith(f"Measured by this project on {len(measured)} training comparison")
    if faster_alpha:
        assert f"Alpha faster in {faster_alpha}" in answer["speed"]
    if faster_beta:
        assert f"Beta faster in {faster_beta}" in answer["speed"]
    assert "parameters" in answer["scope"] and "run cpu-fixture" in answer["scope"]
    html = pair.pair_page(site, "alpha", "beta", Links("../../"))
    assert html.index('class="ff-answer"') < html.index('id="ratings"'), "the answer comes first"
    assert "not speed on GPUs or at scale" in html


def test_the_answer_names_the_framework_rated_higher(tmp_path: Path) -> None:
    from macros.views import pair

    result = run_check(make_data_root(tmp_path), FIXED_TODAY)
    site = SiteData(result.dataset)
    a, b = site.data.frameworks["alpha"], site.data.frameworks["beta"]
    expected = []
    for attribute in site.attributes:
        va, vb = a.verdicts.get(attribute.id), b.verdicts.get(attribute.id)
        if va and vb and attribute.rank(va.level) != attribute.rank(vb.level):
            expected.append((attribute.name.lower(), "Alpha" if attribute.rank(va.level) > attribute.rank(vb.level) else "Beta"))
    answer = pair.pair_answer(site, "alpha", "beta")
    for name, winner in expected:
        sentence = answer["ratings"]
        part = sentence[sentence.index(f"{winner} is rated higher on"):]
        assert name in part.split(";")[0], (name, winner, sentence)
    if not expected:
        assert answer["ratings"] is None or "rated higher" not in answer["ratings"]


def test_start_here_links_only_to_pair_pages_that_exist(tmp_path: Path) -> None:
    from macros.views import start_here
    from macros.views.common import Links

    result = run_check(make_data_root(tmp_path), FIXED_TODAY)
    site = SiteData(result.dataset)
    html = start_here.start_here(site, Links(""))
    assert "compare/" not in html, "the fixture has no PyTorch or JAX: no pair links"
    assert 'href="guide/"' in html and 'href="myths/"' in html
    real = run_check(Path(__file__).resolve().parent.parent / "data")
    real_site = SiteData(real.dataset)
    html = start_here.start_here(real_site, Links(""))
    for a, b in real_site.static_pairs:
        if f"{a.name} vs {b.name}" in html:
            assert f'href="compare/{real_site.pair_slug(a.id, b.id)}/"' in html
    assert 'href="compare/jax-vs-pytorch/">JAX vs PyTorch</a>' in html


def test_the_answer_says_who_is_not_rated_where_the_two_cannot_be_compared(tmp_path: Path) -> None:
    from macros.views import pair
    from macros.views.common import Links

    # The base fixture: Alpha is rated on performance and ease of use, Beta on performance only.
    result = run_check(make_data_root(tmp_path), FIXED_TODAY)
    site = SiteData(result.dataset)
    answer = pair.pair_answer(site, "alpha", "beta")
    assert answer["unrated"] == ("ease of use (Beta not rated) and scalability, flexibility, debugging, deployment, "
                                 "ecosystem and community (neither rated)")
    html = pair.pair_page(site, "alpha", "beta", Links("../../"))
    assert "not compared on ease of use (Beta not rated)" in html
    assert "not rated for both" not in html


def test_the_ratings_table_has_a_row_per_attribute_either_is_rated_on(tmp_path: Path) -> None:
    import re

    from macros.views import pair
    from macros.views.common import Links

    # The base fixture: alpha rates ease of use high and performance moderate; beta performance high.
    result = run_check(make_data_root(tmp_path), FIXED_TODAY)
    html = pair.pair_page(SiteData(result.dataset), "alpha", "beta", Links("../../"))
    rows = re.findall(r'<tr( class="ff-differs")?><th scope="row">([^<]*)</th><td><a href="[^"]*">([^<]*)</a></td>'
                      r'<td><a href="[^"]*">([^<]*)</a></td></tr>', html)
    assert rows == [(' class="ff-differs"', "Performance", "Moderate", "High"),
                    (' class="ff-differs"', "Ease of use", "High", "not rated yet")]

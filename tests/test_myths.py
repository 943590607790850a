"""The Myths and outdated claims page: every refuted claim, what refutes it, since when."""

from __future__ import annotations

from pathlib import Path

from conftest import FIXED_TODAY, FIXTURES, make_data_root

from macros.check.run import run_check
from macros.views import framework, myths
from macros.views.common import Links
from macros.views.site_data import SiteData

LINKS = Links("../")


def _site(tmp_path: Path, overlay: Path | None = None) -> SiteData:
    result = run_check(make_data_root(tmp_path, overlay), FIXED_TODAY)
    assert not result.errors, [p.as_line() for p in result.errors]
    return SiteData(result.dataset, disputes=result.disputes)


def test_every_refuted_claim_is_listed_under_its_framework_with_its_reason(tmp_path: Path) -> None:
    site = _site(tmp_path)
    listed = myths.myths(site)
    assert [m.claim.ref for m in listed] == [c.ref for c in site.data.claims if c.refuted]
    assert len(listed) == 1
    html = myths.myths_page(site, LINKS)
    assert '<section id="myths-beta">' in html
    assert "Never true" in html and "since" not in html.split('id="myths-beta"')[1].split("</section>")[0]
    assert "Says Beta was made by a university that never worked on it." in html
    assert "The repository names its real developers." in html
    assert 'href="../sources/#source-beta-repo"' in html, "the refuting source is cited and linked"
    assert "1 claim from the sources on this site is shown" in html


def test_an_outdated_claim_says_since_when_from_the_earliest_dated_refuting_source(tmp_path: Path) -> None:
    site = _site(tmp_path, FIXTURES / "site" / "measured")
    outdated = [m for m in myths.myths(site) if m.claim.refuted and m.claim.refuted.kind == "outdated"]
    assert outdated, "the measured fixture refutes a speed claim as outdated"
    for m in outdated:
        published = [site.data.sources[s].published for s in m.claim.refuted.by
                     if s in site.data.sources and site.data.sources[s].published]
        assert (m.since is None) == (not published)
        if published:
            assert m.since == min(published, key=lambda d: d.earliest)
            assert f"Outdated since {m.since}" in myths.myths_page(site, LINKS)


def test_framework_pages_link_to_their_myths_and_only_when_there_are_some(tmp_path: Path) -> None:
    site = _site(tmp_path)
    beta = framework.framework_page(site, "beta", LINKS)
    assert 'href="../myths/#myths-beta"' in beta and "1 claim about Beta</a> is outdated or wrong" in beta
    alpha = framework.framework_page(site, "alpha", LINKS)
    assert "myths/" not in alpha


def test_claim_text_is_escaped(tmp_path: Path) -> None:
    root = make_data_root(tmp_path)
    claims = root / "claims" / "article-one.yaml"
    claims.write_text(claims.read_text().replace("The repository names its real developers.",
                                                 "<script>alert(1)</script> {{ 7*7 }}"))
    result = run_check(root, FIXED_TODAY)
    assert not result.errors, [p.as_line() for p in result.errors]
    html = myths.myths_page(SiteData(result.dataset), LINKS)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }}" in html

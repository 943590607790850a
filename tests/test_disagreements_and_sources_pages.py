"""The disagreements page: one section per attribute and set of frameworks, grouped by attribute,
with a table of contents that reaches every section."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import FIXED_TODAY, FIXTURES, make_data_root

from macros.check.run import run_check
from macros.views import disagreements
from macros.views.common import Links
from macros.views.site_data import SiteData

LINKS = Links("../")


def _page(tmp_path: Path, overlay: Path) -> tuple[SiteData, str]:
    result = run_check(make_data_root(tmp_path, overlay), FIXED_TODAY)
    assert not result.errors, [p.as_line() for p in result.errors]
    site = SiteData(result.dataset, disputes=result.disputes)
    return site, disagreements.disagreements_page(site, LINKS)


def test_one_section_per_attribute_and_pair_whichever_framework_a_claim_names_first(tmp_path: Path) -> None:
    site, html = _page(tmp_path, FIXTURES / "rules" / "opposed-comparisons" / "good-refuted")
    headings = re.findall(r'<h3 id="([^"]+)">([^<]+)</h3>', html)
    assert len(headings) == len(set(headings)), "no section repeats"
    assert ("scalability--alpha--beta", "Alpha and Beta: Scalability") in headings
    assert "Beta and Alpha" not in html
    # every disagreement keeps an anchor of its own, inside its section
    for number in range(1, len(site.disputes) + 1):
        assert f'id="dispute-{number}"' in html


def test_table_of_contents_links_every_section_and_group(tmp_path: Path) -> None:
    _, html = _page(tmp_path, FIXTURES / "rules" / "opposed-comparisons" / "good-refuted")
    toc = html[html.index('<nav class="ff-page-toc"'):html.index("</nav>")]
    ids = set(re.findall(r'<h[23] id="([^"]+)"', html))
    targets = set(re.findall(r'href="#([^"]+)"', toc))
    assert targets, "the table of contents has links"
    assert targets <= ids | {"measured"}, targets - ids
    assert {i for i in ids if i.startswith("attribute-") or "--" in i} <= targets


def test_counts_read_as_plurals_only_when_plural(tmp_path: Path) -> None:
    site, html = _page(tmp_path, FIXTURES / "rules" / "opposed-comparisons" / "good-refuted")
    count = len(site.disputes)
    assert f"{count} disagreement{'' if count == 1 else 's'}, grouped by attribute." in html
    summary = disagreements.disputes_summary(site, LINKS)
    assert "(1 claims)" not in summary


def test_the_home_summary_lists_each_subject_once_and_links_to_its_section() -> None:
    # The real data has three disagreements on Keras's community (its level, and two comparisons with
    # TensorFlow and PyTorch that name Keras alone): the summary lists that subject once.
    real = run_check(Path(__file__).resolve().parent.parent / "data")
    site = SiteData(real.dataset, disputes=real.disputes)
    summary = disagreements.disputes_summary(site, LINKS)
    entries = re.findall(r'<a href="\.\./disagreements/#([^"]+)">([^<]+)</a> \(([^)]+)\)', summary)
    subjects = {(d.attribute, frozenset(fw for fw in (d.framework, d.other) if fw)) for d in site.disputes}
    assert len(entries) == len(subjects), "one entry per attribute and set of frameworks"
    assert len({text for _, text, _ in entries}) == len(entries), "no entry repeats"
    page_ids = set(re.findall(r'id="([^"]+)"', disagreements.disagreements_page(site, LINKS)))
    assert {anchor for anchor, _, _ in entries} <= page_ids
    keras = [claims for _, text, claims in entries if text == "Keras, Community"]
    expected = sum(len(d.claims) for d in site.disputes if d.framework == "keras" and d.other is None
                   and d.attribute == "community" and d.kind != "rubric")
    assert keras == [f"{expected} claims"] and expected > 9
    assert f"{len(site.disputes)} places</a>, on {len(subjects)} subjects:" in summary


def test_sources_page_groups_sources_by_kind_under_one_heading_each(tmp_path: Path) -> None:
    from macros.views import sources

    result = run_check(make_data_root(tmp_path), FIXED_TODAY)
    assert not result.errors
    site = SiteData(result.dataset)
    html = sources.sources_page(site, LINKS)
    headings = re.findall(r'<h2 id="kind-([^"]+)">', html)
    kinds = {s.kind for s in site.data.sources.values()}
    assert sorted(headings) == sorted(kinds), "one heading per kind, no heading per source"
    for source in site.data.sources.values():
        block = html[html.index(f'id="kind-{source.kind}"'):]
        block = block[:block.index("</ul>\n<h2") if "</ul>\n<h2" in block else len(block)]
        assert f'id="source-{source.id}"' in block, f"{source.id} is listed under its kind"
    assert html.index('id="kind-independent-article"') < html.index('id="kind-official-docs"')

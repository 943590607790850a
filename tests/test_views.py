"""Views and exports from a checked dataset, without MkDocs: what each one shows."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import FIXED_TODAY, FIXTURES, make_data_root

from macros.check.run import run_check
from macros.views import changes, exports, feeds, framework, guide, matrix, pair
from macros.load.dates import PartialDate
from macros.model.types import FactEntry
from macros.problems import Location
from macros.views.common import Footnotes, Links, indicator_window, with_source_titles
from macros.views.site_data import SiteData
from macros.views.toc import toc_tokens

LINKS = Links("../")


def site_from(tmp_path: Path, overlay: Path | None) -> SiteData:
    result = run_check(make_data_root(tmp_path, overlay), FIXED_TODAY)
    assert not result.errors, [p.as_line() for p in result.errors]
    return SiteData(result.dataset, disputes=result.disputes)


@pytest.fixture
def concurrent(tmp_path: Path) -> SiteData:
    """Alpha's hardware and deployment targets each have two entries that hold today."""
    return site_from(tmp_path, FIXTURES / "site" / "concurrent-facts")


def test_model_returns_every_current_entry(concurrent: SiteData) -> None:
    alpha = concurrent.data.frameworks["alpha"]
    assert [e.value for e in alpha.current_entries("hardware")] == [("cpu", "cuda"), ("apple-silicon",)]
    assert alpha.current_values("deployment_targets") == ("server", "mobile", "edge")
    assert alpha.current_values("developer") == ("Alpha Foundation",), "an entry with `until` no longer holds"


def test_facts_table_shows_every_current_entry(concurrent: SiteData) -> None:
    row = next(r for r in matrix.facts_rows(concurrent, LINKS) if r["fw"].id == "alpha")
    cells = dict(zip(matrix.FACTS_TABLE, (c["text"] for c in row["cells"]), strict=True))
    assert cells["hardware"] == "CPU, NVIDIA CUDA, Apple silicon"
    assert cells["deployment_targets"] == "server, mobile, edge devices"
    assert cells["developer"] == "Alpha Foundation"


def test_framework_page_shows_the_current_reading_of_each_indicator(concurrent: SiteData) -> None:
    rows = framework.indicators_view(concurrent, concurrent.data.frameworks["alpha"], Footnotes(concurrent, LINKS))
    assert [(r["label"], r["text"], r["period"]) for r in rows] == [
        ("Downloads in a month", "1,234,567", "the month to 2026-11-01, UTC"),
        ("Developer survey share", "4.25 %", "since 2024-07")]
    page = framework.framework_page(concurrent, "alpha", LINKS)
    section = page[page.index('<h2 id="indicators">'):page.index('<h2 id="evidence">')]
    assert "1,234,567" in section and "4.25 %" in section and "The newer edition." in section
    assert "3.5 %" not in section, "an earlier reading stays in the data and the export, not on the page"
    assert "3.5" in json.dumps(exports.framework_json(concurrent, concurrent.data.frameworks["alpha"])["facts"]["survey_share"])


def test_pair_page_shows_every_current_entry(concurrent: SiteData) -> None:
    html = pair.pair_page(concurrent, "alpha", "beta", LINKS)
    assert "<td>CPU, NVIDIA CUDA, Apple silicon<sup" in html
    assert "<td>server, mobile, edge devices<sup" in html


def test_export_merges_the_current_entries(concurrent: SiteData) -> None:
    alpha = json.loads(exports.dumps(exports.framework_json(concurrent, concurrent.data.frameworks["alpha"])))
    assert alpha["current"]["hardware"] == ["cpu", "cuda", "apple-silicon"]
    assert alpha["current"]["developer"] == ["Alpha Foundation"]
    assert len(alpha["facts"]["hardware"]) == 2, "the full history stays in `facts`"


def test_source_ids_in_free_text_become_linked_titles(concurrent: SiteData) -> None:
    text = "article-one rates it high; article-one-b is another id, <b>article-two</b>."
    html = str(with_source_titles(text, concurrent, LINKS))
    assert '<a class="ff-source-link" href="../sources/#source-article-one">An article comparing Alpha and Beta</a> rates' in html
    assert "article-one-b is another id" in html, "an id inside a longer id is not a source"
    assert '&lt;b&gt;<a class="ff-source-link" href="../sources/#source-article-two">Another comparison</a>&lt;/b&gt;' in html


def test_table_of_contents_from_headings() -> None:
    html = ('<h2 id="a">A &amp; B</h2><h3 id="a1">One: <span class="ff-level">High</span>'
            ' <span class="ff-badge">disputed</span></h3><h3>no id</h3><h2 id="b">B</h2>'
            '<h3 id="b1">Two: <span class="ff-badge">disputed</span></h3>')
    assert toc_tokens(html) == [
        {"level": 2, "id": "a", "name": "A &amp; B",
         "children": [{"level": 3, "id": "a1", "name": "One: High", "children": []}]},
        # The badge left out, the colon that led to it goes too.
        {"level": 2, "id": "b", "name": "B", "children": [{"level": 3, "id": "b1", "name": "Two", "children": []}]},
    ]


def test_framework_page_folds_its_claims_into_fragments(concurrent: SiteData) -> None:
    page = framework.framework_page(concurrent, "alpha", Links("../../"))
    fragments = framework.evidence_fragments(concurrent, "alpha", Links("../../"))
    assert 'data-src="evidence/ease_of_use.html"' in page and "evidence/ease_of_use.html" in fragments
    assert "easy to learn" not in page and "easy to learn" in fragments["evidence/ease_of_use.html"]
    assert "The 3 ratings behind it, 1 set aside</summary>" in page  # two articles and a review
    assert ('<p class="ff-rationale"><a class="ff-source-link" href="../../sources/#source-article-one">'
            "An article comparing Alpha and Beta</a> rates it moderate;") in page, "sources named by title"


def test_guide_offers_the_values_the_data_holds_today(concurrent: SiteData) -> None:
    form = guide.guide_form(concurrent)
    questions = {f["fact"]: [c["label"] for c in f["choices"]] for f in form["facts"]}
    assert questions["hardware"] == ["NVIDIA CUDA", "Apple silicon", "CPU"], "VALUE_LABELS order, both current entries"
    assert questions["deployment_targets"] == ["server", "mobile", "edge devices"], "VALUE_LABELS order"
    assert "interface_languages" not in questions, "no framework has the fact: no question"
    ease = next(a for a in form["attributes"] if a["id"] == "ease_of_use")
    assert [lv.label for lv in ease["levels"]] == ["Moderate", "High", "Very high"], "'at least Low' asks nothing"


def test_changes_come_from_the_data_newest_first(concurrent: SiteData) -> None:
    found = changes.changes(concurrent, "alpha")
    titles = [c.title for c in found]
    assert "Alpha: developer Alpha Foundation" in titles, "a fact entry with `from` is a change"
    assert "Alpha: latest version 2.1.0" in titles, "the latest version is followed"
    assert "Alpha: status active" not in titles, "a status without `from` did not change"
    assert "Beta: status discontinued" in [c.title for c in changes.changes(concurrent, "beta")]
    assert "Alpha: developer Alpha Lab" not in titles, "an entry without `from` is no change"
    assert [c.day for c in found] == sorted((c.day for c in found), reverse=True)
    assert len({c.key for c in found}) == len(found)
    assert any(c.title.startswith("Alpha: ease of use rated High") for c in found), "verdicts, dated by their claims"


def test_feed_is_reproducible_and_dated_by_the_data(concurrent: SiteData) -> None:
    first = feeds.framework_feed(concurrent, "alpha", "https://example.org/ff/")
    assert first == feeds.framework_feed(concurrent, "alpha", "https://example.org/ff/")
    stamps = set(re.findall(rb"<updated>([^<]+)</updated>", first))
    data_days = {c.day.isoformat().encode() for c in changes.changes(concurrent, "alpha")}
    assert {s[:10] for s in stamps} <= data_days, "every date in the feed is a date of the data"
    assert b"<id>https://example.org/ff/feeds/alpha.xml</id>" in first


def test_badges_use_the_shields_endpoint_format(concurrent: SiteData) -> None:
    alpha, beta = concurrent.data.frameworks["alpha"], concurrent.data.frameworks["beta"]
    assert changes.version_badge(concurrent, alpha) == {
        "schemaVersion": 1, "label": "latest version", "message": "2.1.0", "color": "blue"}
    assert changes.status_badge(concurrent, beta)["message"] == "discontinued"
    assert changes.version_badge(concurrent, beta)["message"] == "not sourced"


@pytest.fixture
def gap(tmp_path: Path) -> SiteData:
    """Alpha records that no source rates its debugging (the passing fixture of rated-and-unrated)."""
    return site_from(tmp_path, FIXTURES / "rules" / "rated-and-unrated" / "good")


def test_matrix_cell_says_no_source_rates_it(gap: SiteData) -> None:
    row = next(r for r in matrix.matrix_rows(gap, LINKS) if r["fw"].id == "alpha")
    cell = next(c for c in row["cells"] if c["summary"].attribute.id == "debugging")
    assert cell["summary"].label == "no source"
    assert cell["label"] == "Alpha, Debugging: no source rates it"
    assert cell["href"].endswith("#attr-debugging"), "the cell links to what was searched"
    other = next(c for c in row["cells"] if c["summary"].attribute.id == "flexibility")
    assert other["summary"].label == "not rated" and other["href"] is None
    html = matrix.matrix(gap, LINKS)
    assert "ff-no-source" in html and "no source rates it (its page says which were read)" in html


def test_framework_page_shows_what_was_searched(gap: SiteData) -> None:
    html = framework.framework_page(gap, "alpha", LINKS)
    assert re.search(r"No source rates Alpha's <a href=\"#attr-debugging\">debugging</a>", html)
    assert "Debugging: <span class=\"ff-level ff-unrated ff-no-source\">no source rates it</span>" in html
    assert "rates Alpha&#39;s debugging; searched the" in html, "the recorded reason, escaped"
    assert "(checked 2026-11-01)" in html
    not_rated = re.search(r'<p class="ff-unrated-list">Not rated yet: (.*?)</p>', html)
    assert not_rated and "Debugging" not in not_rated.group(1) and "Flexibility" in not_rated.group(1)
    assert '<span id="attr-flexibility">Flexibility</span>' in not_rated.group(1), "links to it land here"


def test_attribute_page_lists_frameworks_no_source_rates(gap: SiteData) -> None:
    from macros.views.attribute import attribute_page

    html = attribute_page(gap, "debugging", LINKS)
    section = html.split('<h2 id="no-source">No source rates it</h2>')[1].split("<h2")[0]
    assert 'id="fw-alpha"' in section and "(checked 2026-11-01)" in section
    assert 'id="fw-alpha"' not in html.split('<h2 id="no-source">')[0]


def test_export_carries_unrated(gap: SiteData) -> None:
    alpha = json.loads(exports.dumps(exports.framework_json(gap, gap.data.frameworks["alpha"])))
    assert alpha["unrated"]["debugging"]["as_of"] == "2026-11-01"
    assert "debugging" not in alpha["verdicts"]


def test_data_date_is_the_newest_full_date_not_a_year_read_as_its_last_day(tmp_path: Path) -> None:
    root = make_data_root(tmp_path)
    sources = root / "sources" / "base.yaml"
    text = sources.read_text()
    # One source checked "some time in 2026": read as 2026-12-31 it would date the data in the future.
    sources.write_text(text.replace('url: https://github.com/example/beta\n    accessed: "2026-11-01"',
                                    'url: https://github.com/example/beta\n    accessed: "2026"', 1))
    assert 'accessed: "2026"\n' in sources.read_text()
    result = run_check(root, FIXED_TODAY)
    assert not result.errors, [p.as_line() for p in result.errors]
    assert str(SiteData(result.dataset).data_date) == "2026-11-01"


def test_data_without_a_full_date_is_dated_at_the_epoch() -> None:
    import datetime as dt
    from types import SimpleNamespace

    empty = SimpleNamespace(data=SimpleNamespace(frameworks={}, source_definitions=[], claims=[], inference=[]))
    assert SiteData.data_date.func(empty) == dt.date(1970, 1, 1)  # type: ignore[attr-defined]


def test_attribute_page_opens_with_who_is_rated_highest(tmp_path: Path) -> None:
    from macros.views import attribute

    site = site_from(tmp_path, None)
    performance = site.data.attributes["performance"]
    levels = {fw.name: performance.rank(fw.verdicts["performance"].level)
              for fw in site.frameworks if "performance" in fw.verdicts}
    assert levels, "the base fixture rates performance"
    best = max(levels.values())
    html = attribute.attribute_page(site, "performance", LINKS)
    answer = html[html.index('class="ff-answer"'):html.index("</section>")]
    top = sorted(name for name, rank in levels.items() if rank == best)
    assert f"Rated highest (" in answer and ", ".join(top) in answer
    assert f"{len(levels)} framework{'s' if len(levels) != 1 else ''} rated" in answer
    assert html.index('class="ff-answer"') < html.index('id="ranking"')


def test_matrix_lists_active_frameworks_first_most_contributors_first_and_folds_the_discontinued() -> None:
    result = run_check(Path(__file__).resolve().parent.parent / "data")
    site = SiteData(result.dataset, disputes=result.disputes)
    order = matrix.reading_order(site)
    statuses = [site.status(fw) for fw in order]
    rank = {"active": 0, "maintenance": 1}
    assert [rank.get(s, 2) for s in statuses] == sorted(rank.get(s, 2) for s in statuses)
    active = [fw for fw in order if site.status(fw) == "active"]
    counts = [fw.current("contributors_12m").value if fw.current("contributors_12m") else None for fw in active]
    known = [c for c in counts if c is not None]
    assert known == sorted(known, reverse=True) and counts[:len(known)] == known, "unknown counts come last"
    assert active[0].id == max((fw for fw in active if fw.current("contributors_12m")),
                               key=lambda fw: fw.current("contributors_12m").value).id
    html = matrix.matrix(site, LINKS)
    main, folded = html.split('<details class="ff-ended">')
    for fw in order:
        in_main = f'<a href="../frameworks/{fw.id}/">' in main
        assert in_main == (site.status(fw) != "discontinued"), fw.id
        assert (f'<a href="../frameworks/{fw.id}/">' in folded) == (site.status(fw) == "discontinued"), fw.id


def test_export_gives_reader_words_and_sources_of_what_holds_now(concurrent: SiteData) -> None:
    alpha = exports.framework_json(concurrent, concurrent.data.frameworks["alpha"])
    assert alpha["current_text"]["hardware"] == "CPU, NVIDIA CUDA, Apple silicon"
    entries = concurrent.data.frameworks["alpha"].current_entries("hardware")
    assert alpha["current_sources"]["hardware"] == list(dict.fromkeys(e.source for e in entries))
    assert "developer" in alpha["current_text"] and alpha["current_text"]["developer"] == "Alpha Foundation"


def test_guide_fields_never_share_an_address_key() -> None:
    result = run_check(Path(__file__).resolve().parent.parent / "data")
    site = SiteData(result.dataset)
    form = guide.guide_form(site)
    keys = [f["name"] for f in form["facts"]] + [a["id"] for a in form["attributes"]] + ["active"]
    assert len(keys) == len(set(keys)), keys
    assert any(f["several"] for f in form["facts"]), "deployment targets can be ticked together"


def test_feed_entry_ids_are_unique_by_construction(concurrent: SiteData) -> None:
    found = changes.changes(concurrent)
    keys = [c.key for c in found]
    assert len(keys) == len(set(keys))
    fact_keys = [c.key for c in found if c.key.startswith("fact/")]
    assert fact_keys and all(k.rsplit("/", 1)[1] in concurrent.data.sources for k in fact_keys), "the source is in the key"
    # Two changes that would share a key (one source cited twice for one value and date) get two ids.
    twin = found[0]
    unique = changes._unique([twin, twin, twin])
    assert [c.key for c in unique] == [twin.key, twin.key + "~2", twin.key + "~3"]
    ids = re.findall(rb"<id>([^<]*)</id>", feeds.site_feed(concurrent, "https://example.org/"))
    assert len(ids) == len(set(ids))


def _reading(fact: str, as_of: str, since: str | None = None) -> FactEntry:
    where = Location("data/frameworks/alpha.yaml")
    return FactEntry(fact, 1, "alpha-docs", None, PartialDate.parse(as_of), None if since is None else PartialDate.parse(since),
                     None, None, (), where, {}, method="counted")


def test_an_indicator_states_the_window_its_figure_covers_in_reader_words() -> None:
    assert indicator_window(_reading("contributors_12m", "2026-06-30")) == "12 months to 2026-06-30, UTC"
    assert indicator_window(_reading("commits_12m", "2026-06-30")) == "12 months to 2026-06-30, UTC"
    assert indicator_window(_reading("releases_12m", "2026-12-07")) == "12 months to 2026-12-07, UTC"
    assert indicator_window(_reading("downloads_per_month", "2026-03-31")) == "March 2026, UTC"
    assert indicator_window(_reading("downloads_per_month", "2028-02-29")) == "February 2028, UTC"
    assert indicator_window(_reading("downloads_per_month", "2026-04-01")) == "the month to 2026-04-01, UTC"
    assert indicator_window(_reading("latest_release_date", "2026-12-07")) == "as of 2026-12-07"
    assert indicator_window(_reading("survey_share", "2024-07-24", since="2024-07-24")) == ""


def test_the_framework_page_shows_the_window_beside_the_figure(tmp_path: Path) -> None:
    overlay = tmp_path / "overlay" / "frameworks"
    overlay.mkdir(parents=True)
    alpha = (FIXTURES / "base" / "frameworks" / "alpha.yaml").read_text()
    (overlay / "alpha.yaml").write_text(alpha.replace("verdicts:\n", """  contributors_12m:
    - value: 135
      source: alpha-docs
      as_of: "2026-06-30"
      method: git log with bounds at 00:00 UTC
verdicts:
""", 1))
    site = site_from(tmp_path / "site", overlay.parent)
    page = framework.framework_page(site, "alpha", LINKS)
    section = page[page.index('<h2 id="indicators">'):page.index('<h2 id="evidence">')]
    assert re.search(r"135 <span class=\"ff-period\">\(12 months to 2026-06-30, UTC\)</span>", section), section


def test_a_fact_entry_s_period_reads_from_since_and_until() -> None:
    from types import SimpleNamespace

    from macros.load.dates import PartialDate
    from macros.views.common import period

    def entry(since: PartialDate | None, until: PartialDate | None) -> SimpleNamespace:
        return SimpleNamespace(since=since, until=until)

    assert period(entry(PartialDate(2010), PartialDate(2020, 6))) == "2010 to 2020-06"
    assert period(entry(PartialDate(2010), None)) == "since 2010"
    assert period(entry(None, PartialDate(2020, 6))) == "until 2020-06"
    assert period(entry(None, None)) == ""


def test_attribute_list_counts_the_frameworks_with_a_verdict(tmp_path: Path) -> None:
    from macros.views import listings

    # The base fixture: alpha has verdicts on ease of use and performance, beta on performance only.
    result = run_check(make_data_root(tmp_path), FIXED_TODAY)
    page = listings.attribute_list(SiteData(result.dataset), Links("../"))
    rated = dict(re.findall(r'<a href="[^"]*">([^<]+)</a>: [^<]*\((\d+) of 2 frameworks rated\)', page))
    assert (rated["Performance"], rated["Ease of use"], rated["Scalability"]) == ("2", "1", "0")

"""The built site: pages from data, the matrix, disputes with their claims, safety, reproducibility."""

from __future__ import annotations

import csv
import filecmp
import html
import io
import json
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from conftest import FIXTURES, REPO, make_data_root
from atom import ATOM, atom_problems
from site_build import build, make_project
from site_links import broken_links

from macros.check.run import run_check


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("real")
    project = make_project(where, REPO / "data")
    result = build(project, where / "site")
    assert result.returncode == 0, result.stderr
    return where / "site"


@pytest.fixture(scope="module")
def real_data():
    return run_check(REPO / "data").dataset


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_every_framework_has_a_page_with_its_name(real_site: Path, real_data) -> None:
    for fw in real_data.frameworks.values():
        page = read(real_site, f"frameworks/{fw.id}/index.html")
        assert f"<h1>{html.escape(fw.name, quote=False)}</h1>" in page or f"<h1>{html.escape(fw.name)}</h1>" in page


def test_every_framework_is_listed_on_the_frameworks_index_and_the_nav_stays_bounded(real_site: Path, real_data) -> None:
    index = read(real_site, "frameworks/index.html")
    for fw in real_data.frameworks.values():
        assert f'href="../frameworks/{fw.id}/"' in index, fw.id
    home = read(real_site, "index.html")
    assert 'href="frameworks/"' in home[home.index('<nav class="md-nav md-nav--primary"'):], "the index is in the nav"
    # A framework page's nav names no framework page: its size does not grow with their number.
    page = read(real_site, "frameworks/keras/index.html")
    nav = page[page.index('<nav class="md-nav md-nav--primary"'):]
    nav = nav[:nav.index("</nav>")]
    assert not re.search(r'href="\.\./[\w-]+/"', nav), "no sibling framework in the nav"


def test_matrix_has_one_row_per_framework(real_site: Path, real_data) -> None:
    page = read(real_site, "matrix/index.html")
    names = []
    for table in ("ff-matrix", "ff-matrix-ended"):  # those no longer developed are folded into the second
        matrix = page[page.index(f'id="{table}"'):]
        matrix = matrix[: matrix.index("</table>")]
        rows = re.findall(r'<tr data-status="(\w+)">', matrix)
        found = re.findall(r'<th scope="row" data-sort="[^"]*"><a href="\.\./frameworks/([\w-]+)/">', matrix)
        assert len(rows) == len(found)
        names += found
    assert sorted(names) == sorted(real_data.frameworks)


def test_disputed_cell_links_to_both_claims_and_their_sources(real_site: Path) -> None:
    matrix = read(real_site, "matrix/index.html")
    cell = re.search(r'<td data-sort="\d" class="ff-rank-\d ff-disputed[^"]*">\s*<a href="\.\./frameworks/fastai/#attr-ease_of_use"', matrix)
    assert cell, "fastai's ease of use is disputed: the table says Moderate, the prose says very simple"
    page = read(real_site, "frameworks/fastai/index.html")
    section = page[page.index('id="attr-ease_of_use"'):]
    section = section[: section.index("</section>")]
    assert "ff-badge-disputed" in section
    assert 'data-src="evidence/ease_of_use.html"' in section, "the claims are folded, loaded on demand"
    # The fold's fragment is shown inside the framework page, so its links are relative to that page.
    claims = read(real_site, "frameworks/fastai/evidence/ease_of_use.html")
    assert "<q>Moderate</q>" in claims
    assert "renowned for its simplicity" in claims
    assert claims.count("FastAI vs. Keras: High-Level ML Frameworks") >= 2
    assert 'href="../../sources/#source-article-fastai-vs-keras"' in claims


def test_refuted_claim_shows_with_its_refuting_source(real_site: Path) -> None:
    page = "".join(p.read_text(encoding="utf-8") for p in sorted((real_site / "frameworks/fastai/evidence").glob("*.html")))
    refuted = re.search(r'<li id="claim-article-fastai-vs-keras--[\w-]+" class="ff-claim ff-refuted">(.*?)</li>', page, re.DOTALL)
    assert refuted and "refuted (" in refuted.group(1)


def test_discontinued_framework_has_a_banner(real_site: Path) -> None:
    page = read(real_site, "frameworks/theano/index.html")
    status = run_check(REPO / "data").dataset.frameworks["theano"].current("status")
    assert status is not None and status.value == "discontinued" and status.since is not None
    assert "No longer developed" in page
    assert f"discontinued since {status.since}" in page


def test_footnotes_link_to_the_sources_page(real_site: Path) -> None:
    page = read(real_site, "frameworks/pytorch/index.html")
    notes = re.findall(r'<li id="fn-(\d+)"><a href="\.\./\.\./sources/#source-([\w-]+)">', page)
    assert notes
    sources = read(real_site, "sources/index.html")
    for _, source_id in notes:
        assert f'id="source-{source_id}"' in sources


def test_exports(real_site: Path, real_data) -> None:
    everything = json.loads(read(real_site, "api/frameworks.json"))
    assert {f["id"] for f in everything["frameworks"]} == set(real_data.frameworks)
    one = json.loads(read(real_site, "api/frameworks/keras.json"))
    assert one["verdicts"]["ease_of_use"]["level"] == real_data.frameworks["keras"].verdicts["ease_of_use"].level
    rows = list(csv.reader(read(real_site, "api/matrix.csv").splitlines()))
    assert len(rows) == len(real_data.frameworks) + 1
    assert json.loads(read(real_site, "schema/framework.schema.json"))["title"] == "A framework"


def test_timeline_is_svg_with_a_text_alternative(real_site: Path, real_data) -> None:
    home = read(real_site, "index.html")
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in home and 'role="group" aria-labelledby="ff-timeline-title ff-timeline-desc"' in home
    assert "The timeline as a table" in home


def test_no_third_party_resources(real_site: Path) -> None:
    for page in real_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for attr in re.findall(r'(?:src|href)="(https?://[^"]+)"', text):
            assert not attr.startswith(("https://fonts.", "https://cdn", "http://cdn")), (page, attr)
        assert "fonts.googleapis.com" not in text and "fonts.gstatic.com" not in text
        for tag in re.findall(r"<(?:script|link|img)\b[^>]*>", text):
            if 'rel="canonical"' in tag:
                continue  # the page's own published address (site_url): names it, never fetched
            assert not re.search(r'(?:src|href)="(?:https?:)?//', tag), (page, tag)


def test_pair_pages_stay_out_of_the_nav(real_site: Path) -> None:
    assert (real_site / "compare" / "keras-vs-pytorch" / "index.html").is_file()
    home = read(real_site, "index.html")
    nav = home[home.index('<nav class="md-nav md-nav--primary"'):]
    nav = nav[:nav.index("</nav>")]
    assert "compare/keras-vs-pytorch/" not in nav
    assert "compare/keras-vs-pytorch/" in home, "the home page's Start here links to it"


def test_two_builds_are_identical(real_site: Path, tmp_path: Path) -> None:
    project = make_project(tmp_path, REPO / "data")
    assert build(project, tmp_path / "again").returncode == 0
    comparison = filecmp.dircmp(real_site, tmp_path / "again")

    def differences(cmp: filecmp.dircmp) -> list[str]:
        found = cmp.left_only + cmp.right_only + cmp.diff_files
        for sub in cmp.subdirs.values():
            found += differences(sub)
        return found

    assert not differences(comparison)
    for file in real_site.rglob("*"):
        if file.is_file():
            assert file.read_bytes() == (tmp_path / "again" / file.relative_to(real_site)).read_bytes(), file


def test_injected_markup_and_jinja_stay_inert(tmp_path: Path) -> None:
    data = make_data_root(tmp_path / "d", FIXTURES / "site" / "injection")
    project = make_project(tmp_path, data)
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    for page in ["frameworks/alpha/index.html", "matrix/index.html", "index.html", "disagreements/index.html",
                 "attributes/ease-of-use/index.html", "frameworks/index.html",
                 "frameworks/alpha/evidence/ease_of_use.html"]:
        text = read(site, page)
        for payload in ('<script>alert("', "<img src=x", "<iframe", "<svg onload", "<b>bold</b>"):
            assert payload not in text, (page, payload)
        assert "{{ 7*7 }}" in text, page
        assert ">49<" not in text and " 49 " not in text
    claims = read(site, "frameworks/alpha/evidence/ease_of_use.html")
    assert "&lt;script&gt;alert(&#34;wording&#34;)&lt;/script&gt;" in claims or \
        "&lt;script&gt;alert(&quot;wording&quot;)&lt;/script&gt;" in claims
    assert "{% raw %}" in read(site, "frameworks/alpha/index.html")


def test_invalid_data_stops_the_build_and_writes_no_site(tmp_path: Path) -> None:
    data = make_data_root(tmp_path / "d", FIXTURES / "rules" / "conflicting-claims" / "bad")
    project = make_project(tmp_path, data)
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "error[conflicting-claims]" in result.stderr + result.stdout
    assert "data/claims/article-two.yaml:8:12" in result.stderr + result.stdout
    assert "Traceback" not in result.stderr + result.stdout
    assert not (tmp_path / "site").exists()


def test_every_framework_is_on_the_timeline_or_listed_as_undated(real_site: Path, real_data) -> None:
    home = read(real_site, "index.html")
    timeline = home[home.index('<figure class="ff-timeline"'):]
    timeline = timeline[: timeline.index("</article>")]
    for fw in real_data.frameworks.values():
        assert f'href="frameworks/{fw.id}/"' in timeline, fw.id


def test_every_page_has_an_edit_link_to_the_file_behind_it(real_site: Path, real_data) -> None:
    base = "https://github.com/framework-facts/framework-facts/edit/main/"
    for fw in real_data.frameworks.values():
        assert f'href="{base}data/frameworks/{fw.id}.yaml" title="Edit this page"' in read(real_site, f"frameworks/{fw.id}/index.html")
    assert f'href="{base}data/attributes.yaml"' in read(real_site, "attributes/ease-of-use/index.html")
    assert f'href="{base}content/matrix.md"' in read(real_site, "matrix/index.html")
    assert f'href="{base}CONTRIBUTING.md"' in read(real_site, "contributing/index.html")


def test_contributing_guide_is_on_the_site_as_written(real_site: Path) -> None:
    page = read(real_site, "contributing/index.html")
    guide = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    first_heading = next(line for line in guide.splitlines() if line.startswith("# "))[2:]
    assert "<h1" in page and html.escape(first_heading, quote=False) in page
    assert "python -m macros new" in page
    assert 'href="contributing/"' in read(real_site, "index.html"), "the guide is in the nav"


def test_opposed_comparisons_show_on_the_disagreements_page_and_mark_both_frameworks(tmp_path: Path) -> None:
    data = make_data_root(tmp_path / "d", FIXTURES / "rules" / "opposed-comparisons" / "good-refuted")
    project = make_project(tmp_path, data)
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = read(tmp_path / "site", "disagreements/index.html")
    assert "Alpha and Beta: Scalability</h3>" in page
    assert "2 comparisons point in opposite directions. Resolved by refutation." in page
    assert "<q>scales worse than Beta</q>" in page and "<q>Beta falls behind Alpha at scale</q>" in page
    matrix = read(tmp_path / "site", "matrix/index.html")
    for framework in ("alpha", "beta"):
        assert re.search(rf'class="[^"]*ff-disputed[^"]*">\s*<a href="\.\./frameworks/{framework}/#attr-scalability"', matrix)


def test_framework_pages_summarise_first_and_stay_within_budget(real_site: Path, real_data) -> None:
    for fw in real_data.frameworks.values():
        page = read(real_site, f"frameworks/{fw.id}/index.html")
        assert len(page.encode()) <= 60 * 1024, (fw.id, len(page.encode()))
        order = [page.find(f'id="{anchor}"') for anchor in ("verdicts", "facts", "evidence")]
        assert -1 not in order and order == sorted(order), (fw.id, order)
        assert '<nav class="md-nav md-nav--secondary" aria-label="Table of contents">' in page
        assert 'href="#facts"' in page[page.index("md-nav--secondary"):], "the table of contents lists the sections"


def test_rationales_name_sources_by_title(real_site: Path, real_data) -> None:
    for fw in real_data.frameworks.values():
        page = read(real_site, f"frameworks/{fw.id}/index.html")
        for attribute, verdict in fw.verdicts.items():
            named = [s for s in real_data.sources if re.search(rf"(?<![\w-]){re.escape(s)}(?![\w-])", verdict.rationale)]
            if not named:
                continue
            section = page[page.index(f'id="attr-{attribute}"'):]
            section = section[: section.index("</section>")]
            for source_id in named:
                title = html.escape(real_data.sources[source_id].title)
                assert f'<a class="ff-source-link" href="../../sources/#source-{source_id}">{title}</a>' in section
                assert not re.search(rf"(?<![\w/#-]){re.escape(source_id)}(?![\w-])",
                                     re.sub(r'href="[^"]*"', "", section)), (fw.id, attribute, source_id)
    # (The real data may name no source by id: tests/test_views.py pins the rendering on a fixture.)


def test_feeds_are_atom(real_site: Path, real_data) -> None:
    feeds = sorted((real_site / "feeds").glob("*.xml"))
    assert {f.stem for f in feeds} == {*real_data.frameworks, "all"}
    for feed in feeds:
        assert atom_problems(feed.read_bytes()) == [], feed.name
    site_feed = ElementTree.fromstring((real_site / "feeds" / "all.xml").read_bytes())
    entries = site_feed.findall(f"{ATOM}entry")
    assert len(entries) >= 20
    stamps = [e.findtext(f"{ATOM}updated") for e in entries]
    assert stamps == sorted(stamps, reverse=True), "newest first"
    pytorch = (real_site / "feeds" / "pytorch.xml").read_text(encoding="utf-8")
    assert "PyTorch: latest version" in pytorch
    assert "Theano: status discontinued" in (real_site / "feeds" / "theano.xml").read_text(encoding="utf-8")


def test_atom_check_rejects_what_is_not_atom() -> None:
    assert atom_problems(b'<rss version="2.0"><channel/></rss>')
    assert "feed has no updated" in atom_problems(
        b'<feed xmlns="http://www.w3.org/2005/Atom"><id>https://x/</id><title>t</title></feed>')


def test_changes_page_and_badges(real_site: Path, real_data) -> None:
    page = read(real_site, "changes/index.html")
    assert 'href="../feeds/all.xml"' in page and 'href="../feeds/pytorch.xml"' in page
    feed = ElementTree.fromstring((real_site / "feeds" / "all.xml").read_bytes())
    for entry in feed.findall(f"{ATOM}entry"):
        assert html.escape(entry.findtext(f"{ATOM}title"), quote=False) in page, "the page lists the feed's entries"
    for fw in real_data.frameworks.values():
        for badge in ("status", "latest-version"):
            endpoint = json.loads(read(real_site, f"api/badges/{fw.id}/{badge}.json"))
            assert endpoint["schemaVersion"] == 1 and endpoint["label"] and endpoint["message"], (fw.id, badge)
    assert json.loads(read(real_site, "api/badges/theano/status.json"))["message"] == "discontinued"


@pytest.fixture(scope="module")
def measured_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built from the fixture measurement (CI installs no framework, so no real run)."""
    where = tmp_path_factory.mktemp("measured")
    project = make_project(where, make_data_root(where / "d", FIXTURES / "site" / "measured"))
    result = build(project, where / "site")
    assert result.returncode == 0, result.stderr
    return where / "site"


def test_benchmarks_page_from_a_fixture_measurement(measured_site: Path) -> None:
    page = read(measured_site, "benchmarks/index.html")
    assert 'href="benchmarks/"' in read(measured_site, "index.html"), "the page is in the nav"
    assert page.count('<figure class="ff-chart" data-search-exclude>') == 3, "two workloads in the fixture run, one in the base fixture's"
    assert "Training step, ms: median (IQR)" in page and "python -m bench run --threads 2" in page
    for tag in re.findall(r"<(?:script|link|img|image|use)\b[^>]*>", page):
        if 'rel="canonical"' not in tag:
            assert not re.search(r'(?:src|href)="(?:https?:)?//', tag), tag
    alpha = read(measured_site, "frameworks/alpha/index.html")
    assert 'id="measured"' in alpha and "the fastest of 2 frameworks" in alpha
    assert "ff-mark-measured" in read(measured_site, "matrix/index.html")
    assert "2.94x as fast: faster" in read(measured_site, "compare/alpha-vs-beta/index.html")
    disagreements = read(measured_site, "disagreements/index.html")
    # Alpha measures faster on the MLP but alike on the CNN: "Alpha is slower" is not settled, not contradicted.
    assert "Our measurements contradict a comparison." not in disagreements
    assert "not settled by our figures" in disagreements
    assert 'href="../benchmarks/#cpu-fixture">Its figures on the Benchmarks page' in read(measured_site, "sources/index.html")
    assert "Measured comparisons" in read(measured_site, "methodology/index.html")


def test_every_speed_claim_is_confronted_with_the_measurements(real_site: Path, real_data) -> None:
    page = read(real_site, "disagreements/index.html")
    section = page[page.index('<section class="ff-confront" id="measured">'):]
    speed = [c for c in real_data.comparisons() if c.attribute == "performance"]
    assert speed, "the seed articles compare speed"
    for claim in speed:
        assert f"<q>{html.escape(claim.wording, quote=False)}</q>" in section, claim.ref


def test_every_internal_link_and_fragment_of_the_built_site_leads_somewhere(real_site: Path) -> None:
    broken = broken_links(real_site)
    assert not broken, broken[:20]


def test_the_link_walk_finds_a_missing_page_and_a_missing_anchor(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<h2 id="here">x</h2><a href="#here">ok</a><a href="#gone">x</a>'
                                               '<a href="../b/">x</a><a href="https://example.org/#gone">out</a>')
    found = {(b.href, b.why) for b in broken_links(tmp_path)}
    assert found == {("#gone", "no such anchor"), ("../b/", "no such page")}


def test_every_page_has_a_skip_link_to_an_anchor_on_it(real_site: Path) -> None:
    for page in sorted(real_site.rglob("index.html")):
        text = page.read_text(encoding="utf-8")
        skip = re.search(r'<a href="#([^"]+)" class="md-skip">', text)
        assert skip, f"{page.relative_to(real_site)} has no skip link"
        assert f'id="{skip.group(1)}"' in text, f"{page.relative_to(real_site)}: the skip link's target is missing"


def test_the_glossary_explains_the_words_pages_use(real_site: Path) -> None:
    page = read(real_site, "methodology/index.html")
    assert 'id="glossary"' in page
    for term in ("Verdict", "Rubric", "Set aside", "Refuted", "Claim", "Fact"):
        assert f"<dt>{term}</dt>" in page, term
    assert 'href="methodology/#glossary"' in read(real_site, "index.html")


def test_search_index_holds_what_readers_look_up_and_leaves_out_repeats(real_site: Path, real_data) -> None:
    index = json.loads(read(real_site, "search/search_index.json"))
    text = " ".join(html.unescape(d["title"] + " " + d["text"]) for d in index["docs"])
    titles = {html.unescape(d["title"]) for d in index["docs"]}
    for fw in real_data.frameworks.values():
        assert fw.name in titles, fw.name  # a framework by its name
    chainer = real_data.frameworks["chainer"]
    assert any(str(e.value) in text for e in chainer.facts["developer"])  # a framework by a fact
    # Left out: the notes on sources and on facts (a status note stays: the banner of a discontinued
    # framework shows it), and the lists of sources cited under each page (the Sources page holds them).
    notes = [s.note for s in real_data.sources.values() if s.note and len(s.note) > 60]
    notes += [e.note for fw in real_data.frameworks.values() for kind, entries in fw.facts.items() for e in entries
              if e.note and len(e.note) > 60 and kind != "status"]
    assert notes
    pages = " ".join(" ".join(html.unescape(d["text"]).split()) for d in index["docs"]
                     if not d["location"].startswith("contributing/"))  # the guide quotes data as examples
    found = [n for n in notes if " ".join(n.split())[:60] in pages]
    assert not found, found[:3]
    assert not any(d["location"].endswith("#sources-cited") and d["text"] for d in index["docs"])
    # Kept: each source by its title, each verdict's rationale, the capabilities in reader words.
    assert all(html.escape(s.title, quote=False) in " ".join(d["text"] for d in index["docs"])
               for s in list(real_data.sources.values())[:50])
    rationale = " ".join(real_data.frameworks["pytorch"].verdicts["performance"].rationale.split())[:60]
    assert rationale in pages
    assert "Google TPU (separate package torch_xla)" in text
    # Left out: what repeats other pages (the matrices, the lists of frameworks no source rates, the
    # disagreements' copies of rationales) and the contributing guide, read by those who change the data.
    assert not any(d["location"].startswith("contributing/") for d in index["docs"])
    assert len(read(real_site, "search/search_index.json").encode()) <= 300 * 1024


def test_the_site_exports_carry_the_main_package_purl(real_site: Path) -> None:
    frameworks = {f["id"]: f for f in json.loads(read(real_site, "api/frameworks.json"))["frameworks"]}
    assert frameworks["pytorch"]["purl"] == "pkg:pypi/torch"
    assert frameworks["tensorflow-js"]["purl"] == "pkg:npm/%40tensorflow/tfjs"
    rows = {r["framework"]: r for r in csv.DictReader(io.StringIO(read(real_site, "api/matrix.csv")))}
    assert rows["pytorch"]["purl"] == "pkg:pypi/torch"
    page = read(real_site, "frameworks/tensorflow-js/index.html")
    assert "<code>pkg:npm/%40tensorflow/tfjs</code>" in page


def test_the_calendar_is_built_and_linked_beside_the_feeds(real_site: Path) -> None:
    ics = (real_site / "feeds" / "calendar.ics").read_bytes().decode("utf-8")
    assert ics.startswith("BEGIN:VCALENDAR\r\n") and ics.count("BEGIN:VEVENT") > 10
    assert "SUMMARY:Theano: discontinued\r\n" in ics or "SUMMARY:Theano: development ends" in ics
    assert 'href="../feeds/calendar.ics" type="text/calendar"' in read(real_site, "changes/index.html")

"""The built site in a real Chromium, acting like a reader: sorting, filtering, comparing, searching,
dark mode, a phone-sized screen, footnotes, accessibility (axe-core), and no request leaving 127.0.0.1.

Chromium is Debian's (`apt-get install chromium`; `make test` installs it when run as root), driven
by Playwright through pytest-playwright. Without it these tests skip on a developer machine and fail
in CI (CI=true): a browser test that silently does not run proves nothing.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from chromium import CHROMIUM, CHROMIUM_ARGS
from conftest import FIXTURES, REPO, make_data_root
from playwright.sync_api import Browser, BrowserContext, Page, expect
from site_build import build, make_project
from site_server import serve

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
LEVEL_RANK = {"Low": 0, "Moderate": 1, "High": 2, "Very high": 3}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """pytest-playwright's launch arguments, pointed at the system Chromium."""
    if not Path(CHROMIUM).is_file():
        message = f"no Chromium at {CHROMIUM}: install it with `apt-get install chromium` (`make test` does, as root)"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {**browser_context_args, "color_scheme": "light", "viewport": {"width": 1280, "height": 900}}


def _built(where: Path, data: Path) -> Path:
    project = make_project(where, data)
    result = build(project, where / "site")
    assert result.returncode == 0, result.stderr
    return where / "site"


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    site = _built(tmp_path_factory.mktemp("browser-real"), REPO / "data")
    with serve(site) as base:
        yield site, base


@pytest.fixture(scope="session")
def base_url(real_site: tuple[Path, str]) -> str:
    """pytest-playwright resolves relative `page.goto` paths against this."""
    return real_site[1]


@dataclass
class Traffic:
    """What the browser did beyond the page: requests leaving 127.0.0.1, console errors, page errors."""

    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture
def traffic(context: BrowserContext) -> Traffic:
    seen = Traffic()

    def on_request(request) -> None:
        if urlsplit(request.url).hostname != "127.0.0.1" and not request.url.startswith(("data:", "blob:")):
            seen.outside.append(request.url)

    # Block anything not local as well as recording it, so a leak cannot hang a test on the closed network.
    context.route(lambda url: urlsplit(url).hostname != "127.0.0.1", lambda route: route.abort())
    context.on("request", on_request)
    context.on("console", lambda msg: seen.errors.append(f"console: {msg.text}") if msg.type == "error" else None)
    context.on("weberror", lambda error: seen.errors.append(f"uncaught: {error.error}"))
    return seen


def _column(page: Page, table: str, index: int) -> list[str]:
    """The visible text of one column of a table, top to bottom."""
    return page.locator(f"#{table} tbody tr").evaluate_all(
        f"rows => rows.map(r => r.children[{index}].innerText.trim())"
    )


def _header_index(page: Page, table: str, name: str) -> int:
    headers = page.locator(f"#{table} thead th").all_inner_texts()
    return [h.strip() for h in headers].index(name)


# --- the matrix ---------------------------------------------------------------------------------


def test_matrix_sorts_levels_in_scale_order_both_ways(page: Page, traffic: Traffic) -> None:
    page.goto("matrix/")
    column = _header_index(page, "ff-matrix", "Ease of use")  # the attribute rated at most levels
    header = page.locator("#ff-matrix thead th").nth(column)
    orders = []
    for _ in range(2):
        header.click()
        values = [v.removesuffix("!").strip() for v in _column(page, "ff-matrix", column)]
        rated = [LEVEL_RANK[v] for v in values if v in LEVEL_RANK]
        assert len(set(rated)) >= 2, values
        # Unrated cells come after the rated ones in either direction.
        assert values[: len(rated)] == [v.removesuffix("!").strip() for v in values if v in LEVEL_RANK], values
        orders.append((rated, header.get_attribute("aria-sort")))
    (first, first_sort), (second, second_sort) = orders
    assert {first_sort, second_sort} == {"ascending", "descending"}
    descending = first if first_sort == "descending" else second
    ascending = second if first_sort == "descending" else first
    assert descending == sorted(descending, reverse=True) and descending[0] > descending[-1]
    assert ascending == sorted(ascending)
    assert traffic.errors == []


def test_facts_table_sorts_first_release_by_date(page: Page) -> None:
    page.goto("matrix/")
    column = _header_index(page, "ff-facts-table", "First release")
    header = page.locator("#ff-facts-table thead th").nth(column)
    header.click()
    if header.get_attribute("aria-sort") != "ascending":
        header.click()
    dates = [d for d in _column(page, "ff-facts-table", column) if d[:1].isdigit()]
    assert len(dates) >= 10
    assert dates == sorted(dates), dates


def test_hide_discontinued_filter_hides_and_shows_again(page: Page) -> None:
    page.goto("matrix/")
    ended = page.locator('#ff-matrix tbody tr[data-status="discontinued"]')
    active = page.locator('#ff-matrix tbody tr[data-status="active"]')
    assert ended.count() >= 3 and active.count() >= 3
    box = page.get_by_label("Hide frameworks no longer developed").first
    box.check()
    for row in ended.all():
        expect(row).to_be_hidden()
    expect(active.first).to_be_visible()
    box.uncheck()
    for row in ended.all():
        expect(row).to_be_visible()


def test_matrix_cell_links_to_its_evidence(page: Page) -> None:
    page.goto("matrix/")
    page.locator('#ff-matrix a[aria-label^="fastai, Ease of use"]').click()
    expect(page).to_have_url(re.compile(r"/frameworks/fastai/#attr-ease_of_use$"))
    expect(page.locator("#attr-ease_of_use")).to_be_in_viewport()


def test_matrix_on_a_phone_scrolls_in_its_own_box(page: Page) -> None:
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto("matrix/")
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= 375, f"the page itself is {page_width}px wide on a 375px screen"
    box = page.locator(".ff-scroll").first
    inner, outer = box.evaluate("b => [b.scrollWidth, b.clientWidth]")
    assert inner > outer, "the matrix should be wider than the screen and scroll inside its box"
    box.evaluate("b => { b.scrollLeft = 200; }")
    assert box.evaluate("b => b.scrollLeft") > 0
    # The first column stays reachable: the framework names are links a thumb can hit.
    expect(page.locator("#ff-matrix tbody th a").first).to_be_visible()


# --- compare, search, palette, footnotes -------------------------------------------------------


def test_compare_page_builds_a_side_by_side_table(page: Page, traffic: Traffic) -> None:
    page.goto("compare/")
    status = page.locator(".ff-compare-status")
    page.get_by_label("Keras", exact=True).check()
    expect(status).to_contain_text("at least two")
    page.get_by_label("PyTorch", exact=True).check()
    page.get_by_label("JAX", exact=True).check()
    table = page.locator(".ff-compare-table")
    expect(table).to_be_visible()
    assert [h.strip() for h in table.locator("thead th").all_inner_texts()] == ["", "Keras", "PyTorch", "JAX"]
    license_row = table.locator("tbody tr", has=page.locator("th", has_text="License"))
    expect(license_row).to_have_count(1)
    assert len(license_row.locator("td").all_inner_texts()) == 3
    expect(table.locator("tbody tr.ff-differs").first).to_be_visible()
    page.get_by_label("PyTorch", exact=True).uncheck()
    assert [h.strip() for h in table.locator("thead th").all_inner_texts()] == ["", "Keras", "JAX"]
    assert traffic.errors == [] and traffic.outside == []


def test_compare_page_allows_at_most_four(page: Page) -> None:
    page.goto("compare/")
    for name in ("Keras", "PyTorch", "JAX", "Theano"):
        page.get_by_label(name, exact=True).check()
    expect(page.get_by_label("fastai", exact=True)).to_be_disabled()


def _search(page: Page, query: str) -> list[str]:
    page.goto("")
    search = page.locator("input.md-search__input")
    search.focus()
    # The index loads in a worker; a query typed before it is ready finds nothing, so wait for it.
    expect(page.locator(".md-search-result__meta")).not_to_have_text("Initializing search", timeout=15_000)
    search.press_sequentially(query, delay=20)  # typed like a reader: Material searches on key events
    results = page.locator(".md-search-result__item a")
    expect(results.first).to_be_visible(timeout=10_000)
    return [urlsplit(href).path for href in results.evaluate_all("links => links.map(a => a.href)")]


def test_search_finds_a_framework_by_name(page: Page) -> None:
    hrefs = _search(page, "tinygrad")
    assert "/frameworks/tinygrad/" in hrefs, hrefs


def test_search_finds_a_framework_by_a_fact(page: Page) -> None:
    # The reader searches for a fact, not a name: who develops Chainer (its facts box).
    hrefs = _search(page, "Preferred Networks")
    assert "/frameworks/chainer/" in hrefs, hrefs


def test_dark_mode_survives_navigation(page: Page) -> None:
    page.goto("")
    body = page.locator("body")
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    page.get_by_title("Switch to dark mode").first.click()
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    page.locator(".md-nav__link", has_text="Comparison matrix").first.click()
    expect(page).to_have_url(re.compile(r"/matrix/$"))
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    page.goto("frameworks/keras/")
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")


def test_footnote_lands_on_its_source(page: Page) -> None:
    page.goto("frameworks/keras/")
    marker = page.locator('a[href^="#fn-"]').first
    number = marker.get_attribute("href").removeprefix("#")
    marker.click()
    note = page.locator(f"li#{number}")
    expect(note).to_be_in_viewport()
    link = note.locator("a").first
    title = link.inner_text()
    source_id = link.get_attribute("href").split("#", 1)[1]
    link.click()
    expect(page).to_have_url(re.compile(rf"/sources/#{re.escape(source_id)}$"))
    target = page.locator(f"#{source_id}")
    expect(target).to_be_in_viewport()
    expect(target).to_contain_text(title)


# --- every page: console, third-party requests -------------------------------------------------


def _all_pages(site: Path) -> list[str]:
    return sorted(
        str(p.parent.relative_to(site)).replace(".", "", 1) + "/" if p.parent != site else ""
        for p in site.rglob("index.html")
        if "assets" not in p.parts
    )


def test_every_page_loads_without_console_errors_or_outside_requests(page: Page, traffic: Traffic,
                                                                      real_site: tuple[Path, str]) -> None:
    site, _ = real_site
    pages = _all_pages(site)
    assert len(pages) >= 40
    for path in pages:
        response = page.goto(path)
        assert response is not None and response.ok, path
        page.wait_for_load_state("networkidle")
    # Search loads its index in a worker: exercise it too.
    _search(page, "keras")
    assert traffic.errors == []
    assert traffic.outside == []


# --- accessibility -------------------------------------------------------------------------------

AXE_PAGES = ["", "matrix/", "frameworks/keras/", "compare/keras-vs-pytorch/", "compare/", "attributes/ease-of-use/",
             "attributes/community/", "methodology/",
             "sources/", "disagreements/", "contributing/"]


def _axe(page: Page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in {"serious", "critical"}]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", AXE_PAGES)
def test_axe_finds_no_serious_violations(browser: Browser, base_url: str, path: str, scheme: str) -> None:
    # The scheme comes from the reader's system setting, as on a first visit; reduced motion keeps
    # Material's colour transitions from being measured half-way.
    context = browser.new_context(base_url=base_url, color_scheme=scheme, reduced_motion="reduce")
    page = context.new_page()
    page.goto(path)
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate" if scheme == "dark" else "default")
    if path == "compare/":
        page.get_by_label("Keras", exact=True).check()
        page.get_by_label("fastai", exact=True).check()
        expect(page.locator(".ff-compare-table")).to_be_visible()
    violations = _axe(page)
    context.close()
    assert violations == [], "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']}: {[n['target'] for n in v['nodes'][:5]]}" for v in violations
    )


# --- hostile data --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def injection_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    where = tmp_path_factory.mktemp("browser-injection")
    data = make_data_root(where / "d", FIXTURES / "site" / "injection")
    with serve(_built(where, data)) as base:
        yield base


@pytest.mark.parametrize("path", ["frameworks/alpha/", "matrix/", "", "compare/", "disagreements/"])
def test_html_payload_in_data_runs_no_script(browser: Browser, injection_site: str, path: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(injection_site + path)
    page.wait_for_load_state("networkidle")
    if path == "compare/":
        page.locator("input[name=framework]").nth(0).check()
        page.locator("input[name=framework]").nth(1).check()
        expect(page.locator(".ff-compare-table")).to_be_visible()
    assert dialogs == []
    assert page.locator("article script, article img[src=x], article iframe").count() == 0
    if path == "frameworks/alpha/":
        expect(page.locator("h1")).to_contain_text('<script>alert("name")</script> {{ 7*7 }}')
    context.close()

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
from atom import atom_problems
from chromium import CHROMIUM, CHROMIUM_ARGS
from conftest import FIXTURES, REPO, make_data_root
from playwright.sync_api import Browser, BrowserContext, Page, expect
from site_build import build, make_project
from site_server import serve

from macros.check.run import run_check

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
    """The visible text of one column of a table, top to bottom (a cell's link text, without its marks)."""
    return page.locator(f"#{table} tbody tr").evaluate_all(
        f"rows => rows.map(r => {{ const c = r.children[{index}]; return (c.querySelector('a') || c).innerText.trim(); }})"
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
        values = _column(page, "ff-matrix", column)
        rated = [LEVEL_RANK[v] for v in values if v in LEVEL_RANK]
        assert len(set(rated)) >= 2, values
        # Unrated cells come after the rated ones in either direction.
        assert values[: len(rated)] == [v for v in values if v in LEVEL_RANK], values
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
    ended = page.locator('#ff-facts-table tbody tr[data-status="discontinued"]')
    active = page.locator('#ff-facts-table tbody tr[data-status="active"]')
    assert ended.count() >= 3 and active.count() >= 3
    box = page.locator('input.ff-hide-ended[data-table="ff-facts-table"]')
    box.check()
    for row in ended.all():
        expect(row).to_be_hidden()
    expect(active.first).to_be_visible()
    box.uncheck()
    for row in ended.all():
        expect(row).to_be_visible()


def test_matrix_folds_the_frameworks_no_longer_developed(page: Page) -> None:
    page.goto("matrix/")
    assert page.locator('#ff-matrix tbody tr[data-status="discontinued"]').count() == 0
    ended = page.locator('#ff-matrix-ended tbody tr[data-status="discontinued"]')
    assert ended.count() >= 3
    expect(ended.first).to_be_hidden()
    page.locator("details.ff-ended > summary").first.click()
    expect(ended.first).to_be_visible()


def test_matrix_cell_links_to_its_evidence(page: Page) -> None:
    page.goto("matrix/")
    page.locator('#ff-matrix a[aria-label^="fastai, Ease of use"]').click()
    expect(page).to_have_url(re.compile(r"/frameworks/fastai/#attr-ease_of_use$"))
    expect(page.locator("#attr-ease_of_use")).to_be_in_viewport()


@pytest.mark.parametrize("width", [1280, 390])
def test_matrix_fits_the_screen_keeps_its_header_and_first_column(page: Page, traffic: Traffic, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 600})
    page.goto("matrix/")
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= width, f"the page itself is {page_width}px wide on a {width}px screen"
    box = page.locator(".ff-table-box", has=page.locator("#ff-matrix"))
    inner, outer = box.evaluate("b => [b.scrollWidth, b.clientWidth]")
    if width < 600:
        assert inner > outer, "on a phone the matrix is wider than the screen and scrolls inside its box"
    else:
        assert inner <= outer, "at 1280 px every column of the matrix fits"
    # Framework names break between words only: a name never takes more lines than it has words.
    broken = page.locator("#ff-matrix tbody th a").evaluate_all(
        """links => links.filter(a => { const r = document.createRange(); r.selectNodeContents(a);
             const lines = new Set(Array.from(r.getClientRects()).map(x => Math.round(x.top))).size;
             return lines > a.textContent.trim().split(/\\s+/).length; }).map(a => a.textContent)""")
    assert broken == []
    # Read as part of the page: the box never scrolls vertically on its own.
    assert box.evaluate("b => b.scrollHeight <= b.clientHeight + 1"), "no nested vertical scroll box"
    # Scrolled sideways to its far right, the first column stays at the box's left edge, on top.
    box.evaluate("b => { b.scrollLeft = b.scrollWidth; }")
    last_row = page.locator("#ff-matrix tbody tr").last.locator("th")
    last_row.scroll_into_view_if_needed()
    edge, cell = box.bounding_box(), last_row.bounding_box()
    assert abs(cell["x"] - edge["x"]) <= 2, (edge, cell)
    hit = page.evaluate("([x, y]) => document.elementFromPoint(x, y).closest('th')?.textContent",
                        [cell["x"] + 10, cell["y"] + cell["height"] / 2])
    assert " ".join((hit or "").split()) == " ".join(last_row.text_content().split()), \
        "the first column is on top of the cells scrolled under it"
    if width >= 1280:
        # Scrolled down the page, the header row stays in view under the site's header bar.
        head = page.locator("#ff-matrix thead th").first.bounding_box()
        bar = page.locator("header.md-header").bounding_box()
        assert abs(head["y"] - (bar["y"] + bar["height"])) <= 2, (head, bar)
    assert traffic.errors == [] and traffic.outside == []


@pytest.mark.parametrize("width", [1280, 390])
def test_capability_matrix_filters_by_kind_and_stays_readable(page: Page, traffic: Traffic, real_data, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    page.goto("capabilities/")
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the page itself does not scroll sideways"
    rows = page.locator("#ff-capabilities tbody tr")
    active = {fw.id for fw in real_data.frameworks.values() if fw.current("status").value != "discontinued"}
    assert rows.count() == len(active), "every framework still developed or maintained has a row"
    # The filter by kind of framework, as each framework's file says it (every real file does).
    kinds = {fw_id: real_data.frameworks[fw_id].kind for fw_id in active}
    assert None not in kinds.values()
    for kind in ("runtime", "training", "high-level"):
        page.locator("select.ff-capability-filter").select_option(kind)
        shown = [a.split("/")[-2] for a in page.locator("#ff-capabilities tbody tr:visible th a").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))")]
        assert sorted(shown) == sorted(f for f, k in kinds.items() if k == kind), kind
    assert {"onnx-runtime", "tensorrt", "openvino", "executorch", "litert"} == {f for f, k in kinds.items() if k == "runtime"}
    page.locator("select.ff-capability-filter").select_option("")
    expect(rows.first).to_be_visible()
    assert sum(1 for r in rows.all() if r.is_visible()) == len(active)
    # Wider than the screen: its box scrolls sideways, and is at most a screen tall, so that far down
    # the table the header row is still in view and, scrolled right, the framework column stays.
    box = page.locator(".ff-capability-box", has=page.locator("#ff-capabilities"))
    assert box.evaluate("b => b.scrollWidth > b.clientWidth")
    assert box.bounding_box()["height"] <= 800
    box.evaluate("b => { b.scrollTop = b.scrollHeight; b.scrollLeft = b.scrollWidth; }")
    box.scroll_into_view_if_needed()
    edge = box.bounding_box()
    head = page.locator("#ff-capabilities thead th").last.bounding_box()
    assert abs(head["y"] - edge["y"]) <= 2, "the header row stays at the top of the box"
    first = page.locator("#ff-capabilities tbody tr").last.locator("th").bounding_box()
    assert abs(first["x"] - edge["x"]) <= 2, "the framework column stays at the left edge"
    assert page.locator("#ff-capabilities thead th").last.inner_text().strip() == "Install size"
    assert traffic.errors == [] and traffic.outside == []


def test_matrix_legend_explains_every_mark_it_shows(page: Page) -> None:
    page.goto("matrix/")
    legend = page.locator(".ff-legend")
    for mark in page.locator("#ff-matrix .ff-mark").evaluate_all("ms => [...new Set(ms.map(m => m.className))]"):
        expect(legend.locator(f".{mark.split()[-1]}")).to_have_count(1)
    for level in LEVEL_RANK:
        expect(legend).to_contain_text(level)


# --- framework pages ------------------------------------------------------------------------------


def _open_every_fold(page: Page) -> None:
    for fold in page.locator("details.ff-evidence").all():
        fold.locator("summary").click()
        expect(fold).to_have_attribute("data-loaded", "yes")


def test_folded_claims_open_on_demand_with_their_count(page: Page, traffic: Traffic) -> None:
    page.goto("frameworks/fastai/")
    fold = page.locator("#attr-ease_of_use details.ff-evidence")
    summary = fold.locator("summary")
    counted = sum(int(n) for n in re.findall(r"(\d+) (?:ratings?|comparisons?)", summary.inner_text()))
    assert counted >= 2
    expect(fold.locator("li.ff-claim")).to_have_count(0)
    summary.focus()
    page.keyboard.press("Enter")  # a fold opens from the keyboard too
    expect(fold.locator("li.ff-claim")).to_have_count(counted)
    expect(fold).to_contain_text("renowned for its simplicity")
    expect(fold.locator("li.ff-claim a").first).to_be_visible()
    summary.click()
    expect(fold.locator("li.ff-claim").first).to_be_hidden()
    assert traffic.errors == [] and traffic.outside == []


def test_link_to_a_fold_opens_it(page: Page) -> None:
    page.goto("frameworks/keras/#statements")
    fold = page.locator("#statements details.ff-evidence")
    expect(fold).to_have_attribute("data-loaded", "yes")
    expect(fold.locator("li.ff-claim").first).to_be_visible()


@pytest.mark.parametrize("fragment", ["%", "%E0%A4%A", "%zz", "statements%"])
def test_a_malformed_fragment_breaks_nothing(page: Page, fragment: str) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto("frameworks/keras/#" + fragment)
    page.goto("frameworks/keras/#statements")  # an in-page move: only the hashchange listener opens it
    fold = page.locator("#statements details.ff-evidence")
    expect(fold).to_have_attribute("data-loaded", "yes")
    assert errors == []


def test_framework_page_has_a_table_of_contents(page: Page) -> None:
    page.goto("frameworks/keras/")
    toc = page.locator(".md-sidebar--secondary nav.md-nav--secondary")
    for section in ("Verdicts", "Facts", "Evidence"):
        expect(toc.get_by_role("link", name=section, exact=True)).to_be_visible()
    toc.get_by_role("link", name="Facts", exact=True).click()
    expect(page.locator("#facts")).to_be_in_viewport()


# --- the guide ----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def real_data():
    return run_check(REPO / "data").dataset


def _fits(page: Page) -> list[str]:
    expect(page.locator(".ff-guide-status")).not_to_have_text("Loading the data...")
    return page.locator(".ff-guide-fits > li").evaluate_all("items => items.map(i => i.dataset.framework)")


def _frameworks_with(data, **wanted: str) -> set[str]:
    """Independently of the page: the frameworks whose current facts hold every wanted value."""
    return {fw.id for fw in data.frameworks.values()
            if all(value in fw.current_values(fact) for fact, value in wanted.items())}


def test_guide_gives_the_frameworks_that_meet_the_needs(page: Page, traffic: Traffic, real_data) -> None:
    page.goto("guide/")
    active = {fw.id for fw in real_data.frameworks.values() if fw.current("status").value == "active"}
    assert set(_fits(page)) == active, "by default only frameworks still actively developed"
    page.get_by_label("Only frameworks still actively developed").uncheck()
    assert len(_fits(page)) == len(real_data.frameworks), "no needs stated: every framework is listed"
    page.get_by_label("I will write models in").select_option("Python")
    page.get_by_label("It must run on").select_option("apple-silicon")
    page.get_by_label("mobile", exact=True).check()
    expected = _frameworks_with(real_data, interface_languages="Python", hardware="apple-silicon",
                                deployment_targets="mobile")
    assert 0 < len(expected) < len(real_data.frameworks)
    fits = _fits(page)
    assert set(fits) == expected and len(fits) == len(expected)
    first = page.locator(".ff-guide-fits > li").first
    expect(first.locator(".ff-met")).to_have_count(3)
    # A framework whose targets no source gives is not dropped: it may fit, and says what is unknown.
    wanted = {"interface_languages": "Python", "hardware": "apple-silicon", "deployment_targets": "mobile"}

    def states(fw) -> list[str]:
        return ["unknown" if not fw.current_values(fact) else "ok" if value in fw.current_values(fact) else "miss"
                for fact, value in wanted.items()]
    unknown = {fw.id for fw in real_data.frameworks.values()
               if "miss" not in states(fw) and "unknown" in states(fw)}
    assert unknown, "some frameworks lack a sourced target or hardware"
    maybe = page.locator(".ff-guide-maybe > li").evaluate_all("items => items.map(i => i.dataset.framework)")
    assert set(maybe) == unknown, (maybe, unknown)
    for item in page.locator(".ff-guide-maybe > li").all():
        fw = real_data.frameworks[item.get_attribute("data-framework")]
        expect(item.locator(".ff-unknown")).to_have_count(states(fw).count("unknown"))
    # Several targets at once: each ticked one must hold.
    page.get_by_label("web browser").check()
    both = _frameworks_with(real_data, interface_languages="Python", hardware="apple-silicon",
                            deployment_targets="mobile") & _frameworks_with(real_data, deployment_targets="browser")
    assert set(_fits(page)) == both
    assert "target=mobile" in page.url and "target=browser" in page.url
    page.get_by_label("web browser").uncheck()
    expect(first.get_by_role("link", name="Hardware: Apple silicon")).to_have_attribute(
        "href", re.compile(r"frameworks/[\w-]+/#facts$"))
    # Near misses miss exactly one need, and say which.
    for near in page.locator(".ff-guide-near > li").all():
        expect(near.locator(".ff-missed")).to_have_count(1)
        assert near.get_attribute("data-framework") not in expected
    # A minimum level keeps only the frameworks rated at least that high, ranked by it.
    page.get_by_label("Ease of use").select_option(label="at least High")
    ranked = _fits(page)
    rank = {"low": 0, "moderate": 1, "high": 2, "very-high": 3}
    assert set(ranked) == {f for f in expected if "ease_of_use" in real_data.frameworks[f].verdicts
                           and rank[real_data.frameworks[f].verdicts["ease_of_use"].level] >= 2}
    assert traffic.errors == [] and traffic.outside == []


def test_guide_lists_the_frameworks_rated_highest_first(page: Page, real_data) -> None:
    """No needs stated: the frameworks in the order of the sum of their levels' ranks, the lowest level
    of a scale counting 0, worked out here from the data (the page computes it from its own copy)."""
    page.goto("guide/")
    page.get_by_label("Only frameworks still actively developed").uncheck()
    order = _fits(page)
    assert len(order) == len(real_data.frameworks)
    attributes = {a.id: a for a in real_data.attributes} if isinstance(real_data.attributes, list) \
        else real_data.attributes

    def ranks(fw_id: str) -> list[int]:
        verdicts = real_data.frameworks[fw_id].verdicts
        return [r for r in (attributes[a].rank(v.level) for a, v in verdicts.items()) if r is not None]

    totals = [sum(ranks(f)) for f in order]
    assert totals == sorted(totals, reverse=True), list(zip(order, totals))
    assert any(0 in ranks(f) for f in order), "the order must rest on a lowest-level verdict somewhere"


def test_guide_state_lives_in_the_address(page: Page) -> None:
    page.goto("guide/")
    page.get_by_label("I will write models in").select_option("Python")
    page.get_by_label("Community").select_option(label="at least High")
    page.locator("select[name=deployment]").select_option(label="at least High")
    page.get_by_label("mobile", exact=True).check()
    page.get_by_label("Only frameworks still actively developed").uncheck()
    chosen = _fits(page)
    address = page.url
    assert "language=Python" in address and "community=2" in address and "active=0" in address
    assert "deployment=2" in address and "target=mobile" in address, "the rating and the target keep their own keys"
    page.goto("about:blank")
    page.goto(address)
    expect(page.get_by_label("I will write models in")).to_have_value("Python")
    expect(page.get_by_label("Community")).to_have_value("2")
    expect(page.locator("select[name=deployment]")).to_have_value("2")
    expect(page.get_by_label("mobile", exact=True)).to_be_checked()
    expect(page.get_by_label("Only frameworks still actively developed")).not_to_be_checked()
    assert _fits(page) == chosen
    # Every control of the form survives a reload.
    page.reload()
    for control in page.locator(".ff-guide-form select").all():
        name = control.get_attribute("name")
        assert (control.input_value() or None) == (re.search(rf"[?&]{name}=([^&]+)", page.url) or [None, None])[1], name
    expect(page.get_by_label("mobile", exact=True)).to_be_checked()
    expect(page.get_by_label("Only frameworks still actively developed")).not_to_be_checked()
    page.get_by_role("button", name="Start again").click()
    expect(page).to_have_url(re.compile(r"/guide/$"))


def test_guide_ignores_values_in_the_address_it_does_not_offer(page: Page) -> None:
    # A shared or hand-edited address may name a choice the form does not have: the question stays open.
    page.goto("guide/?language=Klingon&community=9")
    _fits(page)
    for name, label in (("language", "any"), ("community", "doesn't matter")):
        select = page.locator(f"select[name={name}]")
        assert select.evaluate("s => s.selectedIndex") == 0, name
        assert select.evaluate("s => s.options[s.selectedIndex].text") == label, name


def test_guide_works_with_the_keyboard_alone(page: Page) -> None:
    page.goto("guide/")
    _fits(page)
    for _ in range(60):  # Tab from the top of the page to the first question
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "language":
            break
    else:
        pytest.fail("the first question of the guide is not reachable with Tab")
    page.keyboard.type("Python")  # a focused select picks the option typed
    expect(page.get_by_label("I will write models in")).to_have_value("Python")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "hardware"
    assert "language=Python" in page.url
    assert _fits(page)
    # On to the results: the first framework link is reached with Tab and followed with Enter.
    first = page.locator(".ff-guide-fits > li > a").first
    name = first.inner_text()
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.ff-guide-fits') !== null"):
            break
    assert page.evaluate("document.activeElement.textContent") == name
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text(name)


# --- what changed -------------------------------------------------------------------------------


def test_changes_page_links_to_a_valid_atom_feed(page: Page, traffic: Traffic) -> None:
    page.goto("changes/")
    link = page.get_by_role("link", name="the Atom feed of all changes")
    response = page.request.get(link.evaluate("a => a.href"))
    assert response.ok
    assert atom_problems(response.body()) == []
    first = page.locator(".ff-changes a").first
    first.click()
    expect(page.locator("h1")).not_to_have_text("What changed")
    assert traffic.errors == [] and traffic.outside == []


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
    assert [h.strip() for h in table.locator("thead th").all_inner_texts()] == ["Framework", "Keras", "PyTorch", "JAX"]
    license_row = table.locator("tbody tr", has=page.locator("th", has_text="License"))
    expect(license_row).to_have_count(1)
    assert len(license_row.locator("td").all_inner_texts()) == 3
    expect(table.locator("tbody tr.ff-differs").first).to_be_visible()
    # The three are measured: one row per workload, the fastest of the three named once in each.
    measured = table.locator("tbody tr", has=page.locator("th", has_text="training step (measured"))
    expect(measured.first).to_be_visible()
    for row in measured.all():
        cells = row.locator("td").all_inner_texts()
        assert len(cells) == 3 and sum("fastest of these" in c for c in cells) == 1, cells
        assert all(" ms, " in c or c == "not measured" for c in cells), cells
        # Each slower one says how many times the fastest's time it takes, to one decimal: worked out
        # here from the medians the cells show (three significant digits, so within their rounding).
        shown = [re.match(r"([\d.]+) ms, [^;]+; (fastest of these|(\d+\.\d)x the time)", c) for c in cells
                 if c != "not measured"]
        assert all(shown), cells
        fastest = min(float(m.group(1)) for m in shown)
        for m in shown:
            if m.group(3):
                ratio = float(m.group(1)) / fastest
                assert abs(float(m.group(3)) - ratio) <= 0.05 + 0.011 * ratio, (cells, ratio)
    # Citations are numbered [1], [2], ... in the order their sources first appear, one number per source.
    numbers: dict[str, str] = {}
    for link in table.locator("sup a").all():
        href, text = link.get_attribute("href"), link.inner_text()
        numbers.setdefault(href, f"[{len(numbers) + 1}]")
        assert text == numbers[href], (href, text, numbers)
    assert len(numbers) >= 2
    # Labels, not ids; every fact cell cites its source on the sources page.
    hardware = table.locator("tbody tr", has=page.locator("th", has_text="Hardware")).locator("td")
    assert not any("apple-silicon" in c or "graph-capture" in c for c in table.locator("td").all_inner_texts())
    for index in range(hardware.count()):
        cites = hardware.nth(index).locator("sup a")
        if hardware.nth(index).inner_text() != "not sourced":
            assert cites.count() >= 1 and "/sources/#source-" in cites.first.get_attribute("href")
    page.get_by_label("PyTorch", exact=True).uncheck()
    assert [h.strip() for h in table.locator("thead th").all_inner_texts()] == ["Framework", "Keras", "JAX"]
    assert traffic.errors == [] and traffic.outside == []


def test_compare_tells_a_rated_an_explained_and_a_not_yet_rated_attribute_apart(page: Page, real_data) -> None:
    """Each attribute row: the level where a verdict is recorded, "no source rates it" where the data
    says why none is, "not rated yet" where it says nothing; chosen here from the data."""
    frameworks = real_data.frameworks.values()
    silent = next((fw, a) for fw in frameworks for a in real_data.attributes if a not in fw.verdicts and a not in fw.unrated)
    explained = next((fw, a) for fw in frameworks for a in real_data.attributes
                     if a in fw.unrated and fw.id != silent[0].id and fw.unrated and fw.verdicts)
    page.goto("compare/")
    for fw, _ in (silent, explained):
        page.get_by_label(fw.name, exact=True).check()
    table = page.locator(".ff-compare-table")
    expect(table).to_be_visible()
    headers = [h.strip() for h in table.locator("thead th").all_inner_texts()][1:]
    for fw, attribute in (silent, explained):
        name = real_data.attributes[attribute].name
        row = table.locator("tbody tr", has=page.locator("th", has_text=re.compile(rf"^{re.escape(name)}$")))
        cell = row.locator("td").nth(headers.index(fw.name)).inner_text()
        assert cell == ("not rated yet" if (fw, attribute) == silent else "no source rates it"), (fw.id, attribute, cell)


@pytest.mark.parametrize("pair", [("pytorch", "onnx-runtime"), ("pytensor", "theano"), ("pytorch", "tensorrt")])
def test_compare_shows_capabilities_and_leaves_out_kinds_that_apply_to_none(page: Page, real_data, pair) -> None:
    from macros.model.capability_kinds import KINDS
    from macros.views.capabilities import capability_cell
    picked = [real_data.frameworks[fw] for fw in pair]
    page.goto("compare/?fw=" + ",".join(f.id for f in picked))
    table = page.locator(".ff-compare-table")
    expect(table).to_be_visible()
    labels = [t.strip() for t in table.locator("tbody th").all_inner_texts()]
    left_out = 0
    for kind in KINDS:
        cells = [capability_cell(f, kind.id) for f in picked]
        if all(c.state == "not-applicable" for c in cells):
            assert kind.label not in labels, kind.id
            left_out += 1
            continue
        assert labels.count(kind.label) == 1, (kind.id, labels)
        shown = table.locator("tbody tr", has=page.locator("th", has_text=kind.label)).first.locator("td")
        for index, c in enumerate(cells):
            text = shown.nth(index).inner_text()
            if c.state == "known":
                assert text.startswith(", ".join(c.labels)), (kind.id, text)
                expect(shown.nth(index).locator("sup a").first).to_have_attribute("href", re.compile(r"sources/#source-"))
            else:
                assert text == ("not applicable" if c.state == "not-applicable" else "unknown"), (kind.id, text)
    # Theano and PyTensor both record model hubs as not applicable: the second pair reaches the branch.
    assert left_out or pair != ("pytensor", "theano"), "choose a pair with a kind that applies to neither"
    if pair == ("pytorch", "tensorrt"):
        # An inference runtime beside a training framework: its training rows read "not applicable".
        for label in ("Automatic differentiation", "Distributed strategies"):
            row = table.locator("tbody tr", has=page.locator("th", has_text=label)).first.locator("td")
            assert row.nth(1).inner_text() == "not applicable", label
            assert row.nth(0).inner_text() not in ("not applicable", "unknown"), label


@pytest.mark.parametrize("pair", ["jax-vs-pytorch", "executorch-vs-litert", "onnx-runtime-vs-openvino"])
def test_a_pair_page_fits_a_phone_without_cutting_off_its_second_column(page: Page, pair: str) -> None:
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"compare/{pair}/")
    expect(page.locator(".ff-answer")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    tables = page.locator("table.ff-pair")
    assert tables.count() >= 2
    for table in tables.all():
        # Each side-by-side table fits its box: nothing to scroll to, both frameworks in view.
        assert table.evaluate("t => t.closest('.ff-scroll') ? t.closest('.ff-scroll').scrollWidth <= "
                              "t.closest('.ff-scroll').clientWidth + 1 : t.scrollWidth <= 390"), pair


def test_compare_page_allows_at_most_six(page: Page) -> None:
    page.goto("compare/")
    for name in ("Keras", "PyTorch", "JAX", "Theano", "TensorFlow", "MLX"):
        page.get_by_label(name, exact=True).check()
    expect(page.get_by_label("fastai", exact=True)).to_be_disabled()
    page.get_by_label("MLX", exact=True).uncheck()
    expect(page.get_by_label("fastai", exact=True)).to_be_enabled()


def test_compare_keeps_its_selection_in_the_address(page: Page) -> None:
    page.goto("compare/")
    for name in ("PyTorch", "JAX", "Keras"):
        page.get_by_label(name, exact=True).check()
    expect(page).to_have_url(re.compile(r"\?fw=pytorch(%2C|,)jax(%2C|,)keras$"))
    page.reload()
    table = page.locator(".ff-compare-table")
    expect(table).to_be_visible()
    assert [h.strip() for h in table.locator("thead th").all_inner_texts()] == ["Framework", "PyTorch", "JAX", "Keras"]
    # An address naming unknown frameworks, repeats or more than six keeps the known ones, in order.
    page.goto("compare/?fw=jax,nope,jax,constructor,pytorch,keras,mlx,tensorflow,theano,fastai")
    expect(table).to_be_visible()
    assert [h.strip() for h in table.locator("thead th").all_inner_texts()] == [
        "Framework", "JAX", "PyTorch", "Keras", "MLX", "TensorFlow", "Theano"]


def test_compare_with_six_frameworks_fits_a_phone(page: Page, traffic: Traffic) -> None:
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto("compare/?fw=pytorch,jax,keras,tensorflow,tensorflow-js,onnx-runtime")
    table = page.locator(".ff-compare-table")
    expect(table).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the page itself does not scroll sideways"
    box = page.locator(".ff-compare-box")
    assert box.evaluate("b => b.scrollWidth > b.clientWidth"), "the table scrolls inside its box"
    # Names break between words only: "TensorFlow.js" stays whole.
    broken = table.locator("thead th a").evaluate_all(
        """links => links.filter(a => { const r = document.createRange(); r.selectNodeContents(a);
             const lines = new Set(Array.from(r.getClientRects()).map(x => Math.round(x.top))).size;
             return lines > a.textContent.trim().split(/\\s+/).length; }).map(a => a.textContent)""")
    assert broken == []
    # Scrolled to its far right, the first column stays at the left edge.
    box.evaluate("b => { b.scrollLeft = b.scrollWidth; }")
    first = table.locator("tbody th").first.bounding_box()
    assert abs(first["x"] - box.bounding_box()["x"]) <= 2
    assert traffic.errors == []


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

AXE_PAGES = ["", "matrix/", "guide/?language=Python&hardware=cuda&target=mobile&ease_of_use=2", "frameworks/keras/",
             "compare/keras-vs-pytorch/", "compare/", "attributes/ease-of-use/", "attributes/community/",
             "methodology/", "changes/", "sources/", "disagreements/", "contributing/", "benchmarks/",
             "attributes/performance/"]


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
    if path.startswith("frameworks/"):
        _open_every_fold(page)
    if path.startswith("guide/"):
        expect(page.locator(".ff-guide-near > li").first).to_be_visible()
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


@pytest.mark.parametrize("path", ["frameworks/alpha/", "matrix/", "", "compare/", "disagreements/", "guide/"])
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
    if path == "frameworks/alpha/":
        _open_every_fold(page)
        expect(page.locator("#attr-ease_of_use details.ff-evidence")).to_contain_text('<script>alert("wording")</script>')
    if path == "guide/":
        # The guide draws its results from the data in the page's script: the name is text, not markup.
        expect(page.locator(".ff-guide-results a", has_text='<script>alert("name")</script>').first).to_be_visible()
    assert dialogs == []
    # The guide's article loads the guide's own script; there, the results its script draws are what data fills.
    scope = ".ff-guide-results" if path == "guide/" else "article"
    assert page.locator(f"{scope} script, {scope} img[src=x], {scope} iframe").count() == 0
    if path == "frameworks/alpha/":
        expect(page.locator("h1")).to_contain_text('<script>alert("name")</script> {{ 7*7 }}')
    context.close()


def test_timeline_labels_stay_readable_on_a_phone(page: Page) -> None:
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto("./")
    label = page.locator(".ff-timeline .ff-tl-label").first
    label.scroll_into_view_if_needed()
    height = label.evaluate("t => t.getBoundingClientRect().height")
    assert height >= 9, f"a timeline label is drawn {height:.1f} px tall on a 390 px screen"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the chart scrolls inside its box, not the page"


def test_disagreements_filter_shows_one_framework_s_sections(page: Page, traffic: Traffic) -> None:
    page.goto("disagreements/")
    sections = page.locator("section.ff-dispute")
    total = sections.count()
    assert total >= 3
    page.locator("select.ff-dispute-filter").select_option("keras")
    visible = [s for s in sections.all() if s.is_visible()]
    assert 0 < len(visible) < total
    for section in sections.all():
        about = section.get_attribute("data-frameworks").split()
        assert section.is_visible() == ("keras" in about), about
    page.locator("select.ff-dispute-filter").select_option("")
    assert all(s.is_visible() for s in sections.all())
    assert traffic.errors == []


def test_guide_reads_capabilities_and_treats_tpu_through_a_package_as_tpu(page: Page, real_data) -> None:
    # The reader's query from issue 18: Python, CUDA, server, only active frameworks.
    page.goto("guide/?language=Python&hardware=cuda&target=server")
    fits = set(_fits(page))
    assert {"jax", "pytorch", "keras"} <= fits, fits
    # TPU: PyTorch and PyTorch Lightning reach it the same way (torch_xla), and both say so.
    page.goto("guide/?language=Python&tpu=1&active=0")
    fits = set(_fits(page))
    assert ("pytorch" in fits) == ("pytorch-lightning" in fits), fits
    for fw in ("pytorch", "pytorch-lightning"):
        item = page.locator(f'.ff-guide-fits > li[data-framework="{fw}"]')
        expect(item.locator(".ff-met", has_text="torch_xla")).to_have_count(1)
    # A framework whose accelerators no source settles is not a miss: it may fit.
    maybe = page.locator(".ff-guide-maybe > li").evaluate_all("items => items.map(i => i.dataset.framework)")
    unknown = {fw.id for fw in real_data.frameworks.values() if not fw.current_entries("accelerators")
               and "Python" in fw.current_values("interface_languages")}
    assert unknown <= set(maybe) | fits, unknown - set(maybe)


def test_guide_counts_a_capability_a_framework_lists_first(page: Page, real_data) -> None:
    def int8_inference(item: object) -> bool:
        return dict(item).get("precision") == "int8" and dict(item).get("use") == "inference"

    listed = {fw.id: fw.current_values("precision") for fw in real_data.frameworks.values()
              if any(int8_inference(v) for v in fw.current_values("precision"))}
    assert any(int8_inference(values[0]) for values in listed.values()), "choose a need some framework lists first"
    page.goto("guide/?int8-inference=1&active=0")
    fits = set(_fits(page))
    assert set(listed) <= fits, set(listed) - fits

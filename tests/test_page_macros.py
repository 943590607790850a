"""The hand-written pages' macro calls: `{{ name() }}` becomes the view's HTML, the HTML put in is
never read again, and anything else that looks like a template is a located error, all at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXED_TODAY, make_data_root

from macros.check.run import run_check
from macros.glue import page_macros
from macros.glue.page_macros import MACROS, PageMacroError, expand
from macros.views.common import Links
from macros.views.site_data import SiteData

CONTENT = Path(__file__).resolve().parent.parent / "content"


@pytest.fixture
def site(tmp_path: Path) -> SiteData:
    result = run_check(make_data_root(tmp_path), FIXED_TODAY)
    assert not result.errors
    return SiteData(result.dataset, disputes=result.disputes)


def test_a_call_becomes_the_views_html_and_the_rest_stays(site: SiteData, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(MACROS, "greeting", lambda s, links: f"<b>{links.root}{len(s.frameworks)}</b>")
    source = "Before {{ greeting() }} middle {{greeting()}} after.\n"
    assert expand(source, "content/x.md", site, Links("../")) == \
        f"Before <b>../{len(site.frameworks)}</b> middle <b>../{len(site.frameworks)}</b> after.\n"


def test_html_put_in_is_not_read_again(site: SiteData, monkeypatch: pytest.MonkeyPatch) -> None:
    # Data text that looks like a call (a framework named "{{ matrix() }}") is shown as it is.
    monkeypatch.setitem(MACROS, "echo", lambda s, links: "{{ matrix() }} {% raw %}")
    assert expand("{{ echo() }}", "content/x.md", site, Links("")) == "{{ matrix() }} {% raw %}"


def test_unknown_names_and_other_template_syntax_are_located_errors_all_at_once(site: SiteData) -> None:
    source = "Intro\n\n{{ matrx() }} and {{ 7*7 }}\n{% if x %}\nok {{ matrix() }} {# note #}\n"
    with pytest.raises(PageMacroError) as raised:
        expand(source, "content/page.md", site, Links(""))
    lines = [p.as_line() for p in raised.value.problems]
    assert lines == [
        "content/page.md:3:1: error[page-macro]: no macro is named 'matrx'",
        "content/page.md:3:19: error[page-macro]: '{{' is template syntax, which pages do not have",
        "content/page.md:4:1: error[page-macro]: '{%' is template syntax, which pages do not have",
        "content/page.md:5:19: error[page-macro]: '{#' is template syntax, which pages do not have",
    ]
    assert "call one of: attribute_list, " in str(raised.value) and "hint:" in str(raised.value)


def test_every_call_in_the_pages_names_a_registered_macro_and_every_macro_is_called() -> None:
    called = set()
    for page in sorted(CONTENT.rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        called |= {m.group(1) for m in page_macros._CALL.finditer(text)}
        assert text.count("{{") == len(page_macros._CALL.findall(text)), page
    assert called == set(MACROS)


def test_a_page_with_a_bad_call_builds_no_site_and_says_where(tmp_path: Path) -> None:
    from site_build import build, make_project

    project = make_project(tmp_path, make_data_root(tmp_path / "data"))
    page = project / "content" / "myths.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n{{ myths_pages() }}\n", encoding="utf-8")
    line = page.read_text(encoding="utf-8").splitlines().index("{{ myths_pages() }}") + 1
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
    assert f"content/myths.md:{line}:1: error[page-macro]: no macro is named 'myths_pages'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()

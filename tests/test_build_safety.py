"""The build publishes a whole site or nothing: whatever fails, and wherever, no partial site is
written and a previous site stays as it was. Data the checker accepts always builds: dates before
1970 too (the build's pinned timestamp cannot precede the epoch)."""

from __future__ import annotations

import re
from pathlib import Path

import mkdocs.commands.build as mkdocs_build
import pytest
from mkdocs.config import load_config

from conftest import BASE
from site_build import build, make_project

import macros.views.framework as framework_view


def _older_data(where: Path) -> Path:
    """The base fixture with every 20YY year moved into 1950-1963, order kept."""
    data = where / "old-data"
    for file in BASE.rglob("*.yaml"):
        target = data / file.relative_to(BASE)
        target.parent.mkdir(parents=True, exist_ok=True)
        text = re.sub(r'"20(\d\d)', lambda m: f'"19{50 + int(m.group(1)) // 2}', file.read_text(encoding="utf-8"))
        target.write_text(text, encoding="utf-8")
    return data


def test_data_from_before_1970_builds(tmp_path: Path) -> None:
    project = make_project(tmp_path, _older_data(tmp_path))
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "frameworks" / "alpha" / "index.html").is_file()


def _build_in_process(project: Path, site: Path) -> None:
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=True)
    mkdocs_build.build(config)


@pytest.fixture
def project_with_old_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    project = make_project(tmp_path, BASE)
    monkeypatch.chdir(project)
    site = tmp_path / "site"
    site.mkdir()
    (site / "previous.html").write_text("the previous site\n")
    return project, site


def _assert_untouched(site: Path) -> None:
    assert sorted(p.name for p in site.iterdir()) == ["previous.html"]
    assert not [p for p in site.parent.iterdir() if p.name.startswith(".site.")], "a staging folder was left behind"


def test_a_failing_view_writes_nothing(project_with_old_site: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    project, site = project_with_old_site

    def broken(*args: object) -> str:
        raise RuntimeError("a view failed")

    monkeypatch.setattr(framework_view, "framework_page", broken)
    with pytest.raises(RuntimeError, match="a view failed"):
        _build_in_process(project, site)
    _assert_untouched(site)


def test_a_failure_after_pages_are_written_publishes_nothing(project_with_old_site: tuple[Path, Path],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    project, site = project_with_old_site
    written: list[str] = []
    real_build_page = mkdocs_build._build_page

    def build_page(page, config, *args, **kwargs):  # type: ignore[no-untyped-def]
        if len(written) == 5:
            raise OSError(28, "No space left on device")
        written.append(page.file.src_uri)
        return real_build_page(page, config, *args, **kwargs)

    monkeypatch.setattr(mkdocs_build, "_build_page", build_page)
    with pytest.raises(OSError):
        _build_in_process(project, site)
    assert len(written) == 5
    _assert_untouched(site)


def test_a_successful_build_replaces_the_previous_site(project_with_old_site: tuple[Path, Path]) -> None:
    project, site = project_with_old_site
    _build_in_process(project, site)
    assert (site / "frameworks" / "alpha" / "index.html").is_file()
    assert not (site / "previous.html").exists()
    assert not [p for p in site.parent.iterdir() if p.name.startswith(".site.")]

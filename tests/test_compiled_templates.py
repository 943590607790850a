"""The cache of compiled templates: used when it can be, never a reason for a build to fail or differ."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from macros.views import common
from macros.views.common import TEMPLATES, _CompiledTemplates


def _env(cache: _CompiledTemplates) -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), bytecode_cache=cache, undefined=StrictUndefined,
                       autoescape=select_autoescape(default=True, default_for_string=True),
                       trim_blocks=True, lstrip_blocks=True)


def test_the_site_environment_has_a_cache_of_compiled_templates() -> None:
    assert isinstance(common._ENV.bytecode_cache, _CompiledTemplates)


def test_a_second_environment_loads_what_the_first_compiled(tmp_path: Path) -> None:
    first = _env(_CompiledTemplates(str(tmp_path)))
    first.get_template("_claim.html")
    entries = list(tmp_path.iterdir())
    assert len(entries) == 1 and entries[0].stat().st_size > 0
    second = _CompiledTemplates(str(tmp_path))
    loaded = []
    original = second.load_bytecode

    def spy(bucket):  # type: ignore[no-untyped-def]
        original(bucket)
        loaded.append(bucket.code is not None)

    second.load_bytecode = spy  # type: ignore[method-assign]
    _env(second).get_template("_claim.html")
    assert loaded == [True]


def test_a_damaged_entry_is_compiled_again_with_the_same_result(tmp_path: Path) -> None:
    (tmp_path / "clean").mkdir()
    reference = _env(_CompiledTemplates(str(tmp_path / "clean"))).get_template("_claim.html")
    cache_dir = tmp_path / "damaged"
    cache_dir.mkdir()
    _env(_CompiledTemplates(str(cache_dir))).get_template("_claim.html")
    (entry,) = cache_dir.iterdir()
    entry.write_bytes(entry.read_bytes()[:40])  # a write cut short
    again = _env(_CompiledTemplates(str(cache_dir))).get_template("_claim.html")
    assert again.module.__dict__.keys() == reference.module.__dict__.keys()


def test_a_cache_folder_that_is_a_file_only_means_compiling_every_time(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    template = _env(_CompiledTemplates(str(not_a_folder))).get_template("_claim.html")
    assert template is not None

"""A hostile contributor's inputs: each gives one located problem of the expected rule, every
output line is a well-formed problem line or its hint, and nothing raises.

Each case lays files over the base fixture (tests/fixtures/base). A file's content is bytes, or
one of the markers below for what cannot be written as bytes (a symlink, a pipe).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import BASE, TODAY, make_data_root

ALPHA = (BASE / "frameworks" / "alpha.yaml").read_text(encoding="utf-8")
BETA = (BASE / "frameworks" / "beta.yaml").read_text(encoding="utf-8")
ATTRIBUTES = (BASE / "attributes.yaml").read_text(encoding="utf-8")
SOURCES = (BASE / "sources" / "base.yaml").read_text(encoding="utf-8")
CLAIMS_ONE = (BASE / "claims" / "article-one.yaml").read_text(encoding="utf-8")
CLAIMS_TWO = (BASE / "claims" / "article-two.yaml").read_text(encoding="utf-8")
FRAMEWORK_MODELINE = "# yaml-language-server: $schema=../../schema/framework.schema.json\n"

# One problem line: path:line:col: severity[rule-id]: message
PROBLEM_LINE = re.compile(r"^(?P<file>[^\s:][^:]*):(?P<line>\d+):(?P<col>\d+): (error|warning)\[[a-z0-9-]+\]: \S.*$")
HINT_LINE = re.compile(r"^  hint: \S.*$")
SUMMARY_LINE = re.compile(r"^(\d+ error\(s\), \d+ warning\(s\) in \d+ file\(s\)\.|No problems: .*)$")


class Symlink(str):
    """A symbolic link to this target (relative to the link's folder)."""


class Fifo:
    """A named pipe."""


def edit(text: str, old: str, new: str) -> bytes:
    assert old in text, old
    return text.replace(old, new, 1).encode("utf-8")


def alpha(old: str, new: str) -> bytes:
    return edit(ALPHA, old, new)


def nested_flow(depth: int) -> bytes:
    return (FRAMEWORK_MODELINE + "id: alpha\nname: " + "[" * depth + "]" * depth + "\n").encode()


def nested_block(depth: int) -> bytes:
    lines = [FRAMEWORK_MODELINE.rstrip("\n"), "id: alpha", "name:"]
    lines += [" " * (2 * i + 2) + f"k{i}:" for i in range(depth)]
    return ("\n".join(lines) + " x\n").encode()


F, C1, C2, S, A = "frameworks/alpha.yaml", "claims/article-one.yaml", "claims/article-two.yaml", "sources/base.yaml", "attributes.yaml"

# (case id, files to lay over the base, rule, file, line, column)
Case = tuple[str, dict[str, object], str, str, int, int]
CASES: list[Case] = [
    # Loading: nesting, characters, keys
    ("deep-flow-100", {F: nested_flow(100)}, "nesting-too-deep", F, 3, 46),
    ("deep-flow-5000", {F: nested_flow(5000)}, "nesting-too-deep", F, 3, 46),
    ("deep-flow-200000", {F: nested_flow(200_000)}, "nesting-too-deep", F, 3, 46),
    ("deep-block-60", {F: nested_block(60)}, "nesting-too-deep", F, 43, 81),
    ("deep-sequence-dashes", {F: (FRAMEWORK_MODELINE + "id: alpha\nname:\n" + "- " * 3000 + "x\n").encode()},
     "nesting-too-deep", F, 4, 79),
    ("control-character", {F: alpha("name: Alpha", "name: Al\x01pha")}, "control-character", F, 3, 9),
    ("escape-character", {F: alpha("name: Alpha", "name: Al\x1b[31mpha")}, "control-character", F, 3, 9),
    ("complex-key", {F: alpha("name: Alpha\n", "name: Alpha\n? [a, b]\n: c\n")}, "yaml-complex-key", F, 4, 3),
    ("mapping-as-key", {F: alpha("name: Alpha\n", "name: Alpha\n{a: 1}: c\n")}, "yaml-complex-key", F, 4, 1),
    ("undefined-alias", {F: alpha("name: Alpha", "name: *nowhere")}, "yaml-alias", F, 3, 7),
    ("tagged-mapping", {F: alpha("facts:\n", "facts: !!set\n")}, "yaml-tag", F, 5, 8),
    ("huge-integer", {F: alpha("name: Alpha", "name: " + "9" * 5000)}, "yaml-tag", F, 3, 7),
    # Files
    ("symlink-file", {"frameworks/gamma.yaml": Symlink("alpha.yaml")}, "symlink", "frameworks/gamma.yaml", 1, 1),
    ("symlink-outside", {"frameworks/gamma.yaml": Symlink("/etc/hostname")}, "symlink", "frameworks/gamma.yaml", 1, 1),
    ("dangling-symlink", {"frameworks/gamma.yaml": Symlink("missing.yaml")}, "symlink", "frameworks/gamma.yaml", 1, 1),
    ("symlink-folder", {"frameworks/more": Symlink(".")}, "symlink", "frameworks/more", 1, 1),
    ("fifo", {"frameworks/gamma.yaml": Fifo()}, "not-a-regular-file", "frameworks/gamma.yaml", 1, 1),
    ("upper-case-extension", {"frameworks/gamma.YAML": ALPHA.encode()}, "unknown-file", "frameworks/gamma.YAML", 1, 1),
    ("mixed-case-extension", {"frameworks/gamma.Yaml": ALPHA.encode()}, "unknown-file", "frameworks/gamma.Yaml", 1, 1),
    ("yml-upper-extension", {"claims/other.YML": CLAIMS_ONE.encode()}, "unknown-file", "claims/other.YML", 1, 1),
    ("not-yaml-file", {"frameworks/notes.txt": b"remember to add gamma\n"}, "unknown-file", "frameworks/notes.txt", 1, 1),
    ("hidden-file", {"sources/.base.yaml.swp": b"\x00\x01"}, "unknown-file", "sources/.base.yaml.swp", 1, 1),
    ("file-too-deep", {"frameworks/old/alpha.yaml": ALPHA.encode()}, "unknown-file", "frameworks/old/alpha.yaml", 1, 1),
    # Ids, names and text: trailing newlines, forged lines, terminal escapes, invisible characters
    ("id-trailing-newline", {F: alpha("id: alpha", 'id: "alpha\\n"')}, "schema-pattern", F, 2, 5),
    ("id-too-long", {F: alpha("id: alpha", "id: " + "a" * 65)}, "schema-length", F, 2, 5),
    ("id-reserved-index", {F: alpha("id: alpha", "id: index")}, "output-name", F, 2, 5),
    ("id-reserved-api", {F: alpha("id: alpha", "id: api")}, "output-name", F, 2, 5),
    ("id-ambiguous-pair", {"frameworks/alpha-vs-beta.yaml": alpha("id: alpha", "id: alpha-vs-beta")},
     "output-name", "frameworks/alpha-vs-beta.yaml", 2, 5),
    ("attribute-constructor", {A: edit(ATTRIBUTES, "  debugging:", "  constructor:")}, "output-name", A, 39, 3),
    ("attribute-index", {A: edit(ATTRIBUTES, "  debugging:", "  index:")}, "output-name", A, 39, 3),
    ("name-forges-a-line", {F: alpha("name: Alpha", 'name: "Alpha\\ndata/x.yaml:1:1: error[fake]: forged"')},
     "schema-pattern", F, 3, 7),
    ("name-terminal-escape", {F: alpha("name: Alpha", 'name: "\\e[31mAlpha\\e[0m"')}, "schema-pattern", F, 3, 7),
    ("name-bidi-override", {F: alpha("name: Alpha", "name: Alpha\u202egnp.exe")}, "schema-pattern", F, 3, 7),
    ("name-zero-width-space", {F: alpha("name: Alpha", "name: Al\u200bpha")}, "schema-pattern", F, 3, 7),
    ("name-byte-order-mark-inside", {F: alpha("name: Alpha", "name: Al\ufeffpha")}, "schema-pattern", F, 3, 7),
    ("name-line-separator", {F: alpha("name: Alpha", 'name: "Al\\Lpha"')}, "schema-pattern", F, 3, 7),
    ("name-tab", {F: alpha("name: Alpha", 'name: "Al\\tpha"')}, "schema-pattern", F, 3, 7),
    ("name-too-long", {F: alpha("name: Alpha", "name: " + "A" * 81)}, "schema-length", F, 3, 7),
    ("summary-null-character", {F: alpha("summary: A test framework.", 'summary: "A \\0 test"')}, "schema-pattern", F, 4, 10),
    ("summary-carriage-return", {F: alpha("summary: A test framework.", 'summary: "A test\\rframework"')},
     "schema-pattern", F, 4, 10),
    ("publisher-one-megabyte", {S: edit(SOURCES, "publisher: Alpha project", "publisher: " + "x" * 1_000_000)},
     "schema-length", S, 6, 16),
    ("title-newline", {S: edit(SOURCES, "title: Alpha documentation", 'title: "Alpha\\ndocumentation"')},
     "schema-pattern", S, 4, 12),
    ("level-label-invisible", {A: edit(ATTRIBUTES, "label: Low", "label: Lo\u2060w")}, "schema-pattern", A, 7, 14),
    ("wording-escape", {C2: edit(CLAIMS_TWO, "wording: Moderate", 'wording: "\\e]8;;http://evil\\e\\\\Moderate"')},
     "schema-pattern", C2, 7, 14),
    ("locator-newline", {C2: edit(CLAIMS_TWO, "locator: Table", 'locator: "Table\\n  hint: all fine"')},
     "schema-pattern", C2, 9, 14),
    ("claim-id-trailing-newline", {C2: edit(CLAIMS_TWO, "- id: alpha-ease", '- id: "alpha-ease\\n"')},
     "schema-pattern", C2, 4, 9),
    ("override-ref-trailing-newline", {F: alpha("claim: article-two:alpha-ease", 'claim: "article-two:alpha-ease\\n"')},
     "schema-pattern", F, 31, 16),
    ("condition-too-long", {C1: edit(CLAIMS_ONE, "    wording: slower\n", "    wording: slower\n    conditions:\n      hardware: " + "h" * 400 + "\n")},
     "schema-length", C1, 30, 17),
    # Dates: impossible days, years out of range, numbers, future dates anywhere
    ("date-february-30", {F: alpha('as_of: "2026-11-01"', 'as_of: "2026-02-30"')}, "schema-format", F, 9, 14),
    ("date-not-a-leap-year", {F: alpha('as_of: "2026-11-01"', 'as_of: "2025-02-29"')}, "schema-format", F, 9, 14),
    ("date-april-31", {F: alpha('as_of: "2026-11-01"', 'as_of: "2026-04-31"')}, "schema-format", F, 9, 14),
    ("date-year-0000", {F: alpha('value: "2015-03"', 'value: "0000"')}, "schema-format", F, 11, 14),
    ("date-before-1950", {F: alpha('value: "2015-03"', 'value: "1949-12"')}, "schema-format", F, 11, 14),
    ("date-float-year", {F: alpha('value: "2015-03"', "value: 2015.0")}, "schema-type", F, 11, 14),
    ("date-unquoted-year", {F: alpha('value: "2015-03"', "value: 2015")}, "schema-type", F, 11, 14),
    ("date-month-13", {F: alpha('value: "2015-03"', 'value: "2015-13"')}, "schema-pattern", F, 11, 14),
    ("date-trailing-newline", {F: alpha('value: "2015-03"', 'value: "2015-03\\n"')}, "schema-pattern", F, 11, 14),
    ("date-claims-file-far-future", {C2: edit(CLAIMS_TWO, "source: article-two\n", 'source: article-two\nas_of: "2999"\n')},
     "future-date", C2, 3, 8),
    ("date-source-accessed-future", {S: edit(SOURCES, 'accessed: "2026-11-01"', 'accessed: "2026-11-23"')},
     "future-date", S, 8, 15),
    ("date-verdict-era-future", {F: alpha('as_of: "2026-11-01"\n  first_release', 'as_of: "2099-01-01"\n  first_release')},
     "future-date", F, 9, 14),
    # Links: what the browser would visit is what the checker checks
    ("link-backslash-before-at", {F: alpha("value: https://alpha.example.org", 'value: https://evil.example\\\\@alpha.example.org/')}, "link", F, 19, 14),
    ("link-user-password", {F: alpha("value: https://alpha.example.org", 'value: https://alpha.example.org:pw@evil.example/')}, "link", F, 19, 14),
    ("link-user-only", {F: alpha("value: https://alpha.example.org", 'value: https://alpha.example.org@evil.example/')}, "link", F, 19, 14),
    ("link-zero-width-in-host", {F: alpha("value: https://alpha.example.org", 'value: https://alpha.exa\u200bmple.org/')}, "link", F, 19, 14),
    ("link-soft-hyphen-in-host", {F: alpha("value: https://alpha.example.org", 'value: https://alpha.exa\xadmple.org/')}, "link", F, 19, 14),
    ("link-fullwidth-dot", {F: alpha("value: https://alpha.example.org", 'value: https://alpha.example．org/')}, "link", F, 19, 14),
    ("link-percent-encoded-host", {F: alpha("value: https://alpha.example.org", 'value: https://alpha.exa%6dple.org/')}, "link", F, 19, 14),
    ("link-unicode-host", {F: alpha("value: https://alpha.example.org", 'value: https://аlpha.example.org/')}, "link", F, 19, 14),
    ("link-upper-case-scheme", {F: alpha("value: https://alpha.example.org", 'value: HTTPS://alpha.example.org/')}, "link", F, 19, 14),
    ("link-scheme-without-slashes", {F: alpha("value: https://alpha.example.org", 'value: https:alpha.example.org')}, "link", F, 19, 14),
    ("link-protocol-relative", {F: alpha("value: https://alpha.example.org", 'value: //alpha.example.org/')}, "link", F, 19, 14),
    ("link-bad-port", {F: alpha("value: https://alpha.example.org", 'value: https://alpha.example.org:99999/')}, "link", F, 19, 14),
    ("link-vbscript", {F: alpha("value: https://alpha.example.org", 'value: vbscript:msgbox')}, "link", F, 19, 14),
    ("link-no-dot-host", {F: alpha("value: https://alpha.example.org", 'value: https://localhost/')}, "link", F, 19, 14),
    # Missing validation: self-reference, overrides twice, duplicate levels, names that read the same
    ("framework-own-backend", {F: alpha("- value: [beta]", "- value: [beta, alpha]")}, "self-reference", F, 23, 14),
    ("compared-with-itself", {C1: edit(CLAIMS_ONE, "    than: beta", "    than: alpha")}, "self-reference", C1, 26, 11),
    ("overridden-twice", {F: alpha("        because: Contradicted by the same article's prose.\n",
                                   "        because: Contradicted by the same article's prose.\n"
                                   "      - claim: article-two:alpha-ease\n        because: Again.\n")},
     "duplicate-override", F, 33, 9),
    ("level-id-twice", {A: edit(ATTRIBUTES, "    - id: high\n", "    - id: moderate\n      label: Middling\n    - id: high\n")},
     "duplicate-id", A, 10, 11),
    ("name-differs-only-in-case", {"frameworks/beta.yaml": edit(BETA, "name: Beta", "name: ALPHA")}, "duplicate-name",
     "frameworks/beta.yaml", 3, 7),
    ("name-cyrillic-lookalike", {"frameworks/beta.yaml": edit(BETA, "name: Beta", "name: \u0410lph\u0430")}, "duplicate-name",
     "frameworks/beta.yaml", 3, 7),
    ("attribute-name-twice", {A: edit(ATTRIBUTES, "name: Debugging", "name: Ease of Use")}, "duplicate-name", A, 40, 11),
    # The same page under two source ids, its URL written another way (host case, port, slash, fragment)
    ("source-page-twice", {S: edit(SOURCES, "url: https://alpha.example.org/docs",
                                   "url: https://GitHub.com:443/example/beta/#readme")}, "duplicate-source", S, 13, 10),
]


def _lay(root: Path, files: dict[str, object]) -> None:
    for relpath, content in files.items():
        target = root / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists() or target.is_symlink():
            target.unlink()
        if isinstance(content, Symlink):
            target.symlink_to(str(content))
        elif isinstance(content, Fifo):
            os.mkfifo(target)
        else:
            assert isinstance(content, bytes)
            target.write_bytes(content)


def assert_inside(file: str, line: int, column: int) -> None:
    """A problem's line and column point inside its file (1:1 for what is not a readable file)."""
    path = Path(file)
    if not path.is_file() or path.is_symlink():
        assert (line, column) == (1, 1), f"{file}:{line}:{column} is not a file, so 1:1"
        return
    with open(path, "rb") as handle:  # not Path.read_bytes, which a test replaces
        lines = handle.read().decode("utf-8", "replace").split("\n")
    assert 1 <= line <= len(lines), f"{file}:{line}:{column}: the file has {len(lines)} lines"
    assert 1 <= column <= len(lines[line - 1]) + 1, f"{file}:{line}:{column}: line {line} is {lines[line - 1][:200]!r}"


def assert_well_formed(lines: list[str]) -> None:
    """Every line is a problem line, a hint, the summary, or the list of resolved contradictions;
    every problem line is followed by its hint and points inside its file."""
    body = lines[: next((i for i, line in enumerate(lines) if line == ""), len(lines))]
    for i, line in enumerate(body):
        assert PROBLEM_LINE.match(line) or HINT_LINE.match(line) or SUMMARY_LINE.match(line), repr(line)
        problem = PROBLEM_LINE.match(line)
        if problem:
            assert i + 1 < len(body) and HINT_LINE.match(body[i + 1]), f"no hint after {line!r}"
            assert_inside(problem["file"], int(problem["line"]), int(problem["col"]))


@pytest.mark.parametrize(("name", "files", "rule", "relpath", "line", "column"), CASES, ids=[c[0] for c in CASES])
def test_adversarial_input_is_located(name: str, files: dict[str, object], rule: str, relpath: str, line: int,
                                      column: int, tmp_path: Path, run_cli: Callable) -> None:
    root = make_data_root(tmp_path)
    _lay(root, files)
    result = run_cli("check", "data", "--today", TODAY)
    assert result.code == 1, result.out
    want = f"data/{relpath}:{line}:{column}: error[{rule}]: "
    assert any(out.startswith(want) for out in result.lines), "\n".join(result.lines)
    assert_well_formed(result.lines)
    assert "Traceback" not in result.out + result.err


def test_unreadable_file_and_folder_are_reported(tmp_path: Path, run_cli: Callable,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run as root in CI, where permissions do not stop reads: make the reads fail instead.
    root = make_data_root(tmp_path)
    real_read_bytes, real_scandir = Path.read_bytes, os.scandir

    def read_bytes(path: Path) -> bytes:
        if path.name == "beta.yaml":
            raise PermissionError(13, "Permission denied")
        return real_read_bytes(path)

    def scandir(path: object = "."):  # type: ignore[no-untyped-def]
        if Path(str(path)).name == "claims":
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    monkeypatch.setattr(os, "scandir", scandir)
    assert root.is_dir()
    result = run_cli("check", "data", "--today", TODAY)
    assert result.code == 1
    assert any(line.startswith("data/frameworks/beta.yaml:1:1: error[unreadable-file]: ") for line in result.lines)
    assert any(line.startswith("data/claims:1:1: error[unreadable-folder]: ") for line in result.lines)
    assert_well_formed(result.lines)


def test_the_corpus_has_at_least_60_cases() -> None:
    assert len(CASES) >= 60
    assert len({c[0] for c in CASES}) == len(CASES)


def test_a_forged_message_stays_one_line_in_every_format() -> None:
    from macros.cli import _github_line
    from macros.problems import Location, error

    forged = error("x", Location("data/a\nb.yaml", 2, 3), "name 'A\ndata/z.yaml:1:1: error[fake]: forged\x1b[31m\u202e'",
                   "hint\r\n::error::more")
    lines = forged.as_lines()
    assert len("\n".join(lines).splitlines()) == 2
    assert "\x1b" not in lines[0] and "\u202e" not in lines[0] and "\\x1b" in lines[0]
    github = _github_line(forged)
    assert len(github.splitlines()) == 1 and github.startswith("::error file=data/a\\nb.yaml,line=2,col=3,title=x::")


def test_schemas_ship_inside_the_package() -> None:
    import macros
    from macros.load.ids import SCHEMA_DIR

    assert SCHEMA_DIR == Path(macros.__file__).resolve().parent / "schema"
    assert (SCHEMA_DIR / "common.schema.json").is_file()
    pyproject = (Path(macros.__file__).resolve().parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    assert '"macros" = ["schema/*.schema.json"]' in pyproject


def test_fix_never_writes_through_a_symlink(tmp_path: Path, run_cli: Callable) -> None:
    root = make_data_root(tmp_path)
    outside = tmp_path / "outside.yaml"
    messy = ALPHA.replace("id: alpha\nname: Alpha", "name: Alpha\nid: alpha")  # fix would reorder these keys
    outside.write_text(messy, encoding="utf-8")
    (root / "frameworks" / "gamma.yaml").symlink_to(outside)
    run_cli("fix", "data")
    run_cli("fix", "data/frameworks/gamma.yaml")
    assert outside.read_text(encoding="utf-8") == messy

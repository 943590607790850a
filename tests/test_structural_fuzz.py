"""Structural fuzzing of the real data: random edits a careless or hostile contributor could make
(delete or duplicate a key, swap a value's type, nest deeper, insert control and invisible
characters, break dates, rename ids to reserved names, inject markup) never crash the checker.

For every edited data root the checker exits 0 or 1 (2 is a usage error), prints only well-formed
lines (`path:line:col: severity[rule]: message`, each followed by its hint, in the text format; one
annotation per line in the GitHub format), and every problem's line and column point inside its
file. For a few edited roots the site is built too: it either succeeds with the injected markup
escaped, or stops without writing a site.

CI runs a few dozen examples (seconds). To fuzz for longer, outside CI:

    FUZZ_EXAMPLES=1000000 FUZZ_COUNT_FILE=/tmp/fuzz-count taskset -c 1 timeout 660 \
        .venv/bin/python -m pytest -q tests/test_structural_fuzz.py -k checker -p no:cacheprovider
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO
from macros.cli import main
from site_build import build, make_project
from test_adversarial import HINT_LINE, PROBLEM_LINE, SUMMARY_LINE, assert_inside

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "20"))
BUILD_EXAMPLES = int(os.environ.get("FUZZ_BUILD_EXAMPLES", "2"))
COUNT_FILE = os.environ.get("FUZZ_COUNT_FILE")
DATA = REPO / "data"
FILES = sorted(p.relative_to(DATA).as_posix() for p in DATA.rglob("*.yaml"))
GITHUB_LINE = re.compile(r"^::(error|warning) file=[^,\n]+,line=\d+,col=\d+,title=[a-z0-9-]+::\S.*$")

ODD_CHARACTERS = ["\x00", "\x01", "\x1b[31m", "\x7f", "\x85", "\u00ad", "\u200b", "\u200d", "\u202e", "\u2066",
                  "\u2028", "\ufeff", "\r", "\t", "\n", "\\", '"', "'", ": ", "- ", "{", "[", "&a ", "*a ", "!!str ",
                  "%", "#"]
ODD_VALUES: list[Any] = [None, True, 0, -1, 2017.0, 10**30, "", " ", "index", "constructor", "api", "a-vs-b",
                         "keras\n", "2017-02-30", "0000", "1949", "2999-01-01", "2017-13", "javascript:alert(1)",
                         "https://evil.example\\@good.example/", "<script>alert(1)</script>", "{{ 7*7 }}", "=1+1",
                         "x" * 5000, [], {}, [1, [2, [3]]], {"id": "index"}]
DATE = re.compile(r'"\d{4}(-\d{2}){0,2}"')
INJECTED = "<script>alert(1)</script>{{ 7*7 }}"

_seen = 0


def _count() -> None:
    global _seen
    _seen += 1
    if COUNT_FILE and _seen % 25 == 0:
        Path(COUNT_FILE).write_text(f"{_seen}\n")


def _nodes(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Paths to every node of a loaded document, iteratively."""
    found, pending = [], [(value, path)]
    while pending:
        node, where = pending.pop()
        found.append(where)
        if isinstance(node, dict):
            pending += [(v, where + (k,)) for k, v in node.items()]
        elif isinstance(node, list):
            pending += [(v, where + (i,)) for i, v in enumerate(node)]
    return found


def _get(value: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        value = value[part]
    return value


@st.composite
def structural_edit(draw: Any, text: str) -> str:
    """One edit of a data file's structure: the document is loaded, changed, and written back."""
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError:  # an earlier edit broke the file: edit its text instead
        return draw(text_edit(text))
    paths = [p for p in _nodes(document) if p]
    if not paths:
        return text
    path = draw(st.sampled_from(paths))
    parent, key = _get(document, path[:-1]), path[-1]
    action = draw(st.sampled_from(["delete", "swap", "deepen", "rename", "inject", "odd-key"]))
    if action == "delete":
        del parent[key]
    elif action == "swap":
        parent[key] = draw(st.sampled_from(ODD_VALUES))
    elif action == "deepen":
        for _ in range(draw(st.integers(min_value=1, max_value=80))):
            parent[key] = draw(st.sampled_from([[parent[key]], {"k": parent[key]}]))
    elif action == "rename" and isinstance(parent, dict):
        parent[draw(st.sampled_from(["index", "constructor", "id", "name", "a-vs-b", "x\n"]))] = parent.pop(key)
    elif action == "inject" and isinstance(parent[key], str):
        parent[key] = parent[key] + draw(st.sampled_from([INJECTED, *ODD_CHARACTERS]))
    elif isinstance(parent, dict):
        parent[draw(st.text(min_size=1, max_size=6))] = draw(st.sampled_from(ODD_VALUES))
    return yaml.safe_dump(document, allow_unicode=draw(st.booleans()), sort_keys=False)


@st.composite
def text_edit(draw: Any, text: str) -> str:
    """One edit of a data file's text: characters in, lines doubled, dates broken, nesting deepened."""
    action = draw(st.sampled_from(["insert", "duplicate-line", "break-date", "nest", "truncate"]))
    if action == "insert":
        at = draw(st.integers(min_value=0, max_value=len(text)))
        return text[:at] + draw(st.sampled_from(ODD_CHARACTERS)) + text[at:]
    lines = text.splitlines(keepends=True)
    if action == "duplicate-line" and lines:
        at = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        return "".join(lines[: at + 1] + lines[at:])
    if action == "break-date" and DATE.search(text):
        dates = list(DATE.finditer(text))
        hit = dates[draw(st.integers(min_value=0, max_value=len(dates) - 1))]
        new = draw(st.sampled_from(['"2017-02-30"', '"0000"', '"1949-12"', '"2999"', "2017.0", "2017", '"2017-1-1"',
                                    '"2017-09-08\\n"']))
        return text[: hit.start()] + new + text[hit.end():]
    if action == "nest":
        depth = draw(st.integers(min_value=1, max_value=3000))
        return text.replace(": ", ": " + "[" * depth, 1).replace("\n", "]" * depth + "\n", 1) if ": " in text else text
    return text[: draw(st.integers(min_value=0, max_value=len(text)))]


@st.composite
def edited_root(draw: Any) -> dict[str, bytes]:
    """One to three edited files of the real data, by path under data/."""
    edits: dict[str, bytes] = {}
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        relpath = draw(st.sampled_from(FILES))
        text = edits[relpath].decode("utf-8", "replace") if relpath in edits else (DATA / relpath).read_text("utf-8")
        edit = structural_edit(text) if draw(st.booleans()) else text_edit(text)
        edits[relpath] = draw(edit).encode("utf-8", "surrogatepass")
    return edits


@contextlib.contextmanager
def _data_root(edits: dict[str, bytes]):  # type: ignore[no-untyped-def]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "data"
        shutil.copytree(DATA, root)
        for relpath, content in edits.items():
            (root / relpath).write_bytes(content)
        yield root


def _check(root: Path, output: str) -> tuple[int, list[str]]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["check", str(root), "--format", output, "--today", "2026-11-21"])
    assert err.getvalue() == "", err.getvalue()
    return code, out.getvalue().splitlines()


@settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 100,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])
@given(edits=edited_root(), output=st.sampled_from(["text", "github"]))
def test_edited_real_data_never_crashes_the_checker(edits: dict[str, bytes], output: str) -> None:
    _count()
    with _data_root(edits) as root:
        code, lines = _check(root, output)
        assert code in (0, 1)
        if output == "github":
            assert all(GITHUB_LINE.match(line) for line in lines), lines
            return
        body = lines[: next((i for i, line in enumerate(lines) if line == ""), len(lines))]
        for i, line in enumerate(body):
            assert PROBLEM_LINE.match(line) or HINT_LINE.match(line) or SUMMARY_LINE.match(line), repr(line)
            problem = PROBLEM_LINE.match(line)
            if problem:
                assert HINT_LINE.match(body[i + 1]), f"no hint after {line!r}"
                assert_inside(problem["file"], int(problem["line"]), int(problem["col"]))


@settings(max_examples=BUILD_EXAMPLES, deadline=None, derandomize=BUILD_EXAMPLES <= 10,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])
@given(edits=edited_root())
def test_edited_real_data_builds_whole_and_escaped_or_not_at_all(edits: dict[str, bytes]) -> None:
    with _data_root(edits) as root, tempfile.TemporaryDirectory() as tmp:
        project = make_project(Path(tmp), root)
        site = Path(tmp) / "site"
        result = build(project, site)
        assert "Traceback" not in result.stderr, result.stderr[-3000:]
        if result.returncode != 0:
            assert not site.exists(), "a failed build left a site"
            assert not [p for p in Path(tmp).iterdir() if p.name.startswith(".site.")]
            return
        pages = [p.read_text("utf-8") for p in site.rglob("*.html")]
        assert all("<script>alert(1)</script>" not in page for page in pages)

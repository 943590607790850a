"""Text XML cannot hold never reaches the feeds: escapes of noncharacters, controls and surrogates in
double-quoted strings are refused at their position, like the raw characters; tags on keys too."""

from __future__ import annotations

import pytest

from macros.load.yaml_file import load_yaml_bytes


@pytest.mark.parametrize("escape", ["\\uFFFE", "\\uFFFF", "\\uFDD0", "\\uFDEF", "\\U0001FFFE", "\\U0010FFFF",
                                    "\\x01", "\\x0b", "\\ud800"])
def test_an_escaped_character_xml_forbids_is_a_located_error(escape: str) -> None:
    raw = f'id: alpha\nnote: "before {escape} after"\n'.encode()
    document, problems = load_yaml_bytes(raw, "data/x.yaml")
    # (PyYAML itself refuses a lone surrogate's escape, as a syntax error at the same place.)
    found = [p for p in problems if p.rule in ("control-character", "yaml-syntax")]
    assert found and found[0].where.line == 2, [p.as_line() for p in problems]


def test_ordinary_text_and_allowed_escapes_pass() -> None:
    raw = 'id: alpha\nnote: "tab\\there, a line\\nbreak, \\u00e9t\\u00e9, \\U0001F600, \\uFFFD"\n'.encode()
    document, problems = load_yaml_bytes(raw, "data/x.yaml")
    assert problems == [] and document is not None


def test_a_forbidden_character_in_a_key_is_refused() -> None:
    _, problems = load_yaml_bytes('"a\\uFFFEb": 1\n'.encode(), "data/x.yaml")
    assert any(p.rule == "control-character" for p in problems)


def test_a_tag_on_a_key_is_refused_like_one_on_a_value() -> None:
    _, problems = load_yaml_bytes(b"!!str name: Alpha\n", "data/x.yaml")
    assert any(p.rule == "yaml-tag" and p.where.line == 1 for p in problems), [p.as_line() for p in problems]
    _, problems = load_yaml_bytes(b"? !custom name\n: Alpha\n", "data/x.yaml")
    assert any(p.rule == "yaml-tag" for p in problems)

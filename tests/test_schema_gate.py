"""The fast schema gate (jsonschema-rs) never lets through a document that Python's jsonschema,
whose errors the checker reports, would reject. See macros/validate/schema.py."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import BASE, FIXTURES, REPO, make_data_root
from macros.load.data_tree import Kind, load_tree
from test_bad_inputs import CASES
from macros.validate.schema import passes_fast_gate, schema_errors

DATA_ROOTS = [REPO / "data", BASE, *sorted(p for p in (FIXTURES / "rules").iterdir() if p.is_dir()),
              *sorted(p for p in (FIXTURES / "site").iterdir() if p.is_dir())]


def _documents(root: Path) -> list[tuple[str, Kind, Any]]:
    return [(f.shown_as, f.kind, f.document.data) for f in load_tree(root).files if f.document is not None]


ALL_DOCUMENTS = [doc for root in DATA_ROOTS for doc in _documents(root)]
REAL_DOCUMENTS = _documents(REPO / "data")


SCHEMA_CASES = [case for case in CASES if case[3].startswith("schema-")]


def test_there_are_documents_of_every_kind_and_schema_errors_to_catch() -> None:
    assert {kind for _, kind, _ in ALL_DOCUMENTS} == set(Kind)
    assert len(SCHEMA_CASES) >= 10


@pytest.mark.parametrize("shown, kind, data", ALL_DOCUMENTS, ids=[d[0] for d in ALL_DOCUMENTS])
def test_gate_and_jsonschema_agree_on_every_data_and_fixture_file(shown: str, kind: Kind, data: Any) -> None:
    # Both directions: a file Python finds valid must pass the gate too, or every build pays for
    # the slow path without anyone noticing.
    assert passes_fast_gate(kind, data) == (not schema_errors(kind, data))


@pytest.mark.parametrize("name, relpath, content", [c[:3] for c in SCHEMA_CASES], ids=[c[0] for c in SCHEMA_CASES])
def test_gate_stops_every_schema_error_of_the_bad_inputs(name: str, relpath: str, content: bytes, tmp_path: Path) -> None:
    root = make_data_root(tmp_path)
    (root / relpath).write_bytes(content)
    [bad] = [f for f in load_tree(root).files if f.path == root / relpath]
    assert bad.document is not None
    assert schema_errors(bad.kind, bad.document.data)
    assert not passes_fast_gate(bad.kind, bad.document.data)


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(),
    st.text(max_size=12),
    st.sampled_from(["", "keras", "keras\n", "Keras", "high", "moderate", "2017-09-08", "2017-13-01", "2017-09",
                     "https://example.org", "http://x", "ftp://x", "article-one:alpha-ease", "a_b", "1.2.3",
                     "Al\u200bpha", "Alpha\u202e", "a\tb", "text\n", "two\nlines", "a--b", "2017-02-30", "0000"]),
)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                      max_leaves=6)


def _mutate(document: Any, draw: Any) -> Any:
    """Change one place deep inside a document: replace, drop or add a value."""
    document = copy.deepcopy(document)
    parent: Any = None
    key: Any = None
    node = document
    while isinstance(node, (dict, list)) and node and draw(st.booleans()):
        key = draw(st.sampled_from(sorted(node) if isinstance(node, dict) else list(range(len(node)))))
        parent, node = node, node[key]
    action = draw(st.sampled_from(["replace", "drop", "add"]))
    if parent is None or action == "replace":
        new = draw(values)
        if parent is None:
            return new
        parent[key] = new
    elif action == "drop":
        del parent[key]
    elif isinstance(node, dict):
        node[draw(st.text(min_size=1, max_size=8) | st.sampled_from(["id", "name", "level", "source", "as_of"]))] = draw(values)
    elif isinstance(node, list):
        node.append(draw(values))
    else:
        parent[key] = [node]
    return document


@st.composite
def near_valid_documents(draw: Any) -> tuple[Kind, Any]:
    _, kind, data = draw(st.sampled_from(REAL_DOCUMENTS))
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        data = _mutate(data, draw)
    return kind, data


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(case=near_valid_documents())
def test_gate_never_passes_a_document_jsonschema_rejects(case: tuple[Kind, Any]) -> None:
    kind, data = case
    if schema_errors(kind, data):
        assert not passes_fast_gate(kind, data)

"""Arbitrary YAML never crashes the checker: it reports problems, it does not raise."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import BASE
from macros.check.config import CheckConfig
from macros.check.run import run_check

import datetime as dt

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
    st.sampled_from(["alpha", "beta", "article-one:alpha-ease", "high", "2017-09-08", "no", "https://x.org", "javascript:x"]),
)
keys = st.one_of(
    st.sampled_from(["id", "name", "summary", "facts", "verdicts", "value", "source", "as_of", "from", "until", "level",
                     "overrides", "claim", "because", "status", "backends", "developer", "ratings", "attribute"]),
    st.text(min_size=1, max_size=8),
)
documents = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5), max_leaves=25)
TARGETS = ["frameworks/alpha.yaml", "claims/article-two.yaml", "sources/base.yaml", "attributes.yaml", "measurements/run.yaml"]
CONFIG = CheckConfig(today=dt.date(2026, 11, 21))


def _check_with(relpath: str, content: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "data"
        shutil.copytree(BASE, root)
        (root / relpath).write_bytes(content)
        result = run_check(root, CONFIG)
        assert all(p.where.line >= 1 and p.where.column >= 1 for p in result.problems)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=documents, target=st.sampled_from(TARGETS))
def test_arbitrary_yaml_documents_never_crash(document: object, target: str) -> None:
    _check_with(target, yaml.safe_dump(document, allow_unicode=True).encode("utf-8"))


@settings(max_examples=150, deadline=None)
@given(raw=st.binary(max_size=200), target=st.sampled_from(TARGETS))
def test_arbitrary_bytes_never_crash(raw: bytes, target: str) -> None:
    _check_with(target, raw)


framework_like = st.fixed_dictionaries(
    {"id": scalars, "name": scalars, "summary": scalars},
    optional={
        "facts": st.dictionaries(st.sampled_from(["developer", "status", "backends", "first_release", "homepage"]),
                                 st.lists(st.dictionaries(keys, documents, max_size=5), max_size=3), max_size=3),
        "verdicts": st.dictionaries(st.sampled_from(["ease_of_use", "performance", "nope"]), documents, max_size=2),
    },
)


@settings(max_examples=150, deadline=None)
@given(document=framework_like)
def test_framework_shaped_documents_never_crash(document: dict[str, object]) -> None:
    _check_with("frameworks/alpha.yaml", yaml.safe_dump(document, allow_unicode=True).encode("utf-8"))

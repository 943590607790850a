"""Capability facts (issue 18): the schema's closed vocabularies, the entry forms, and their checks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO, TODAY, make_data_root

CAPABILITIES = FIXTURES / "capabilities"
GAMMA = (CAPABILITIES / "frameworks" / "gamma.yaml").read_text(encoding="utf-8")

# The twelve kinds of the data contract, written out here rather than read from the code under test.
CONTRACT_KINDS = [
    "platforms", "accelerators", "autodiff", "compilation", "precision", "distributed_strategies",
    "native_format", "export_formats", "import_formats", "model_hubs", "python_versions", "install_size",
]


def _schema() -> dict:
    return json.loads((REPO / "schema" / "framework.schema.json").read_text(encoding="utf-8"))


def test_schema_declares_every_contract_kind() -> None:
    facts = _schema()["properties"]["facts"]["properties"]
    assert [k for k in CONTRACT_KINDS if k not in facts] == []


def test_schema_file_is_what_the_vocabulary_module_writes() -> None:
    from macros.model.capability_kinds import capability_defs, capability_fact_schemas

    schema = _schema()
    facts = schema["properties"]["facts"]["properties"]
    assert {k: facts[k] for k in capability_fact_schemas()} == capability_fact_schemas()
    assert {k: schema["$defs"][k] for k in capability_defs()} == capability_defs()


def test_accelerator_vocabulary_is_the_contracts() -> None:
    items = _schema()["properties"]["facts"]["properties"]["accelerators"]["items"]["else"]["else"]
    enum = items["properties"]["value"]["items"]["properties"]["accelerator"]["enum"]
    assert set(enum) == {"cpu", "cuda", "rocm", "tpu", "metal", "apple-neural-engine", "intel-gpu", "ascend",
                         "hexagon", "other-npu", "webgpu", "webgl", "wasm", "vulkan", "opencl"}


def test_fixture_with_every_kind_and_form_is_clean(tmp_path: Path, run_cli) -> None:
    make_data_root(tmp_path, CAPABILITIES)
    result = run_cli("check", "data", "--today", TODAY)
    assert result.code == 0, result.out


# (case, text replaced in gamma.yaml, replacement, rule, line, column)
BAD = [
    ("vocabulary", "os: linux, accelerator: cuda", "os: linux, accelerator: gpu", "schema-enum", 12, 36),
    ("unknown-with-source", "    - unknown: >-", "    - source: alpha-docs\n      unknown: >-", "schema-unknown-field", 60, 7),
    ("not-applicable-without-date", "        It ships as source only.\n      as_of: \"2026-11-01\"\n",
     "        It ships as source only.\n", "schema-required", 73, 7),
    ("complete-not-boolean", "complete: true\n      note", "complete: yes\n      note", "schema-type", 18, 17),
    ("item-field-missing", "{strategy: data-parallel, via: built-in}", "{strategy: data-parallel}", "schema-required", 47, 11),
    ("unquoted-python-version", '{version: "3.11"}', "{version: 3.11}", "schema-type", 68, 25),
    ("future-as-of-on-gap", '        It ships as source only.\n      as_of: "2026-11-01"',
     '        It ships as source only.\n      as_of: "2027-01-01"', "future-date", 75, 14),
    ("unknown-source", "      source: alpha-docs\n      locator: \"classifiers\"",
     "      source: nowhere-docs\n      locator: \"classifiers\"", "unknown-source", 69, 15),
]


@pytest.mark.parametrize(("name", "old", "new", "rule", "line", "column"), BAD, ids=[b[0] for b in BAD])
def test_bad_capability_entry_is_located(name: str, old: str, new: str, rule: str, line: int, column: int,
                                         tmp_path: Path, run_cli) -> None:
    root = make_data_root(tmp_path, CAPABILITIES)
    assert old in GAMMA
    (root / "frameworks" / "gamma.yaml").write_text(GAMMA.replace(old, new, 1), encoding="utf-8")
    result = run_cli("check", "data", "--today", TODAY)
    assert result.code == 1
    want = f"data/frameworks/gamma.yaml:{line}:{column}: error[{rule}]: "
    assert any(out.startswith(want) for out in result.lines), result.out
    assert "Traceback" not in result.out + result.err

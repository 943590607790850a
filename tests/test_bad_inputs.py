"""Bad inputs to the loader and schema: each gives its rule id at the right place, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import BASE, TODAY, make_data_root

ALPHA = (BASE / "frameworks" / "alpha.yaml").read_text(encoding="utf-8")
MODELINE = "# yaml-language-server: $schema=../../schema/framework.schema.json\n"


def alpha_with(old: str, new: str) -> bytes:
    assert old in ALPHA
    return ALPHA.replace(old, new, 1).encode("utf-8")


FRAMEWORK = "frameworks/alpha.yaml"
CLAIMS = "claims/article-two.yaml"
SOURCES = "sources/base.yaml"
CLAIMS_TEXT = (BASE / CLAIMS).read_text(encoding="utf-8")
SOURCES_TEXT = (BASE / SOURCES).read_text(encoding="utf-8")

# (case id, file under the data root, its bytes, rule, line, column)
CASES: list[tuple[str, str, bytes, str, int, int]] = [
    ("syntax-error", FRAMEWORK, alpha_with("name: Alpha", "name: [Alpha"), "yaml-syntax", 4, 8),
    ("tab-indentation", FRAMEWORK, alpha_with("  developer:", "\tdeveloper:"), "yaml-syntax", 6, 1),
    ("duplicate-key-top", FRAMEWORK, alpha_with("name: Alpha\n", "name: Alpha\nname: Alfa\n"), "duplicate-key", 4, 1),
    ("duplicate-key-nested", FRAMEWORK, alpha_with("      source: alpha-docs\n", "      source: alpha-docs\n      source: beta-repo\n"), "duplicate-key", 9, 7),
    ("empty-file", FRAMEWORK, b"", "empty-file", 1, 1),
    ("comment-only", FRAMEWORK, MODELINE.encode(), "empty-file", 1, 1),
    ("top-level-list", FRAMEWORK, (MODELINE + "- id: alpha\n").encode(), "not-a-mapping", 2, 1),
    ("top-level-scalar", FRAMEWORK, (MODELINE + "alpha\n").encode(), "not-a-mapping", 2, 1),
    ("bom", FRAMEWORK, b"\xef\xbb\xbf" + ALPHA.encode(), "bom", 1, 1),
    ("non-utf8", FRAMEWORK, alpha_with("A test framework.", "A test fr\u00e4mework.").replace(b"\xc3\xa4", b"\xe4"), "not-utf8", 4, 19),
    ("utf16", FRAMEWORK, ALPHA.encode("utf-16"), "not-utf8", 1, 1),
    ("alias", FRAMEWORK, alpha_with("name: Alpha", "name: &n Alpha\nsummary2: *n"), "yaml-alias", 4, 11),
    ("python-tag", FRAMEWORK, alpha_with("name: Alpha", "name: !!python/object:os.system Alpha"), "yaml-tag", 3, 7),
    ("two-documents", FRAMEWORK, (ALPHA + "---\nid: again\n").encode(), "yaml-syntax", 36, 1),
    ("wrong-type-name", FRAMEWORK, alpha_with("name: Alpha", "name: 42"), "schema-type", 3, 7),
    ("unquoted-version", FRAMEWORK, alpha_with("  status:\n", "  latest_version:\n    - value: 2.10\n      source: alpha-docs\n      as_of: \"2026-11-01\"\n  status:\n"), "schema-type", 15, 14),
    ("no-is-not-false", FRAMEWORK, alpha_with("  status:\n", "  distributed_training:\n    - value: no\n      source: alpha-docs\n      as_of: \"2026-11-01\"\n  status:\n"), "schema-enum", 15, 14),
    ("unknown-field", FRAMEWORK, alpha_with("name: Alpha\n", "name: Alpha\ncolour: red\n"), "schema-unknown-field", 4, 1),
    ("unknown-fact", FRAMEWORK, alpha_with("  developer:", "  developers:"), "schema-unknown-field", 6, 3),
    ("missing-summary", FRAMEWORK, alpha_with("summary: A test framework.\n", ""), "schema-required", 2, 1),
    ("unsourced-fact", FRAMEWORK, alpha_with("    - value: Alpha Lab\n      source: alpha-docs\n", "    - value: Alpha Lab\n"), "schema-required", 7, 7),
    ("bad-status", FRAMEWORK, alpha_with("value: active", "value: dead"), "schema-enum", 15, 14),
    ("impossible-month", FRAMEWORK, alpha_with('value: "2015-03"', 'value: "2015-13"'), "schema-pattern", 11, 14),
    ("bad-id", FRAMEWORK, alpha_with("id: alpha", "id: Alpha Framework"), "schema-pattern", 2, 5),
    ("javascript-url", FRAMEWORK, alpha_with("value: https://alpha.example.org", "value: javascript:alert(1)"), "link", 19, 14),
    ("data-url", SOURCES, SOURCES_TEXT.replace("https://alpha.example.org/docs", "data:text/html,<script>alert(1)</script>").encode(), "link", 7, 10),
    ("unknown-attribute", CLAIMS, CLAIMS_TEXT.replace("ease_of_use", "speed").encode(), "unknown-attribute", 6, 16),
    ("unknown-source", CLAIMS, CLAIMS_TEXT.replace("source: article-two", "source: article-3").encode(), "unknown-source", 2, 9),
    ("level-not-on-scale", CLAIMS, CLAIMS_TEXT.replace("level: moderate", "level: Moderate").encode(), "schema-pattern", 8, 12),
    ("level-unknown", CLAIMS, CLAIMS_TEXT.replace("level: moderate", "level: medium").encode(), "level-not-on-scale", 8, 12),
    ("rating-without-level", CLAIMS, CLAIMS_TEXT.replace("    level: moderate\n", "").encode(), "schema-required", 4, 5),
    ("long-wording", CLAIMS, CLAIMS_TEXT.replace("wording: Moderate", "wording: " + "very " * 40 + "long").encode(), "schema-length", 7, 14),
    ("yml-extension", "frameworks/gamma.yml", ALPHA.encode(), "unknown-file", 1, 1),
    ("wrong-modeline", FRAMEWORK, ALPHA.replace("framework.schema.json", "claims.schema.json").encode(), "modeline", 1, 1),
]


@pytest.mark.parametrize(("name", "relpath", "content", "rule", "line", "column"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_located(name: str, relpath: str, content: bytes, rule: str, line: int, column: int, tmp_path: Path, run_cli) -> None:
    root = make_data_root(tmp_path)
    (root / relpath).write_bytes(content)
    result = run_cli("check", "data", "--today", TODAY)
    assert result.code == 1
    want = f"data/{relpath}:{line}:{column}: error[{rule}]: "
    assert any(out.startswith(want) for out in result.lines), "\n".join(result.lines)
    hint_lines = [out for out in result.lines if out.startswith("  hint: ")]
    assert hint_lines, "every problem comes with a hint"
    assert "Traceback" not in result.out + result.err


def test_there_are_at_least_25_bad_inputs() -> None:
    assert len(CASES) >= 25

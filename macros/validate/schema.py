"""Validate loaded documents against the JSON Schemas in schema/ and locate every error.

The schemas are the contract shown to editors (through the yaml-language-server modeline); this
module turns jsonschema's errors into located `Problem`s whose hints come from the schemas' own
`description` and `examples`, so the message an editor shows and the one CI prints agree.

Two validators, one verdict. jsonschema-rs (compiled, ~50x faster) answers "is this file valid?"
for every file on every build; the pure-Python jsonschema, whose errors we know how to locate and
word, is imported and run only for a file that gate does not pass. So Python's jsonschema is the
authority on what is an error, and the fast gate can only ever send a file to it, never excuse one:
tests/test_schema_gate.py checks that the two agree on generated documents and on every fixture.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema_rs

from macros.load.data_tree import DataFile, Kind
from macros.load.dates import DATE_FORMAT, DateError, is_partial_date, parse_date
from macros.load.ids import SCHEMA_DIR
from macros.load.yaml_file import Document
from macros.problems import Location, Problem, error, quote

if TYPE_CHECKING:  # imported when a file fails the fast gate: the import alone costs 20 ms a build
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError



@cache
def schema_for(kind: Kind) -> dict[str, Any]:
    documents = {
        path.name: json.loads(path.read_text(encoding="utf-8")) for path in sorted(SCHEMA_DIR.glob("*.schema.json"))
    }
    # Resolving a $ref on every use dominates validation time; our schemas are not recursive, so
    # inline every reference once. The files stay as they are for editors.
    return _inline_refs(documents[kind.schema_file], kind.schema_file, documents)


@cache
def _fast_validator(kind: Kind) -> jsonschema_rs.Draft202012Validator:
    return jsonschema_rs.Draft202012Validator(
        schema_for(kind), validate_formats=True, formats={DATE_FORMAT: is_partial_date}, offline=True
    )


@cache
def _validator(kind: Kind) -> Draft202012Validator:
    from jsonschema import Draft202012Validator, FormatChecker

    formats = FormatChecker(formats=())  # ours only: the two validators must agree on every format
    formats.checks(DATE_FORMAT)(is_partial_date)
    return Draft202012Validator(schema_for(kind), format_checker=formats)


def passes_fast_gate(kind: Kind, data: Any) -> bool:
    """True if jsonschema-rs finds the data valid. Data it cannot take (a mapping with a number as a
    key, an integer beyond 64 bits) is not valid as JSON anyway: Python's jsonschema words why."""
    try:
        return _fast_validator(kind).is_valid(data)
    except (ValueError, TypeError, OverflowError):
        return False


def schema_errors(kind: Kind, data: Any) -> list[ValidationError]:
    """Every error the authoritative validator finds."""
    return list(_validator(kind).iter_errors(data))


def _inline_refs(node: Any, current: str, documents: dict[str, Any]) -> Any:
    if isinstance(node, list):
        return [_inline_refs(item, current, documents) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        target_file, _, pointer = node["$ref"].partition("#")
        target_file = target_file or current
        target: Any = documents[target_file]
        for part in filter(None, pointer.split("/")):
            target = target[part]
        siblings = {k: v for k, v in node.items() if k != "$ref"}
        return {**_inline_refs(target, target_file, documents), **_inline_refs(siblings, current, documents)}
    return {key: _inline_refs(value, current, documents) for key, value in node.items()}


def validate_file(data_file: DataFile) -> list[Problem]:
    """Every schema problem of one parsed file (an unparsed file has none to add)."""
    if data_file.document is None:
        return []
    document = data_file.document
    problems: list[Problem] = []
    if not passes_fast_gate(data_file.kind, document.data):
        for err in schema_errors(data_file.kind, document.data):
            problems.extend(_to_problems(err, document, schema_for(data_file.kind)))
        # A value not even in the expected form is not also reported as an impossible date.
        malformed = {p.where for p in problems if p.rule == "schema-pattern"}
        problems = [p for p in problems if not (p.rule == "schema-format" and p.where in malformed)]
        # A value the loader refused (and reported) stands empty: its emptiness is no second problem.
        refused = {document.at(path) for path in document.refused}
        problems = [p for p in problems if not (p.rule == "schema-type" and p.where in refused)]
    problems.extend(_modeline_problems(data_file))
    return problems


def _modeline_problems(data_file: DataFile) -> list[Problem]:
    expected = data_file.kind.schema_file
    prefix = "# yaml-language-server: $schema="
    line = data_file.first_line
    if line.startswith(prefix) and line[len(prefix) :].strip().endswith("/" + expected):
        return []
    depth = "../" if data_file.kind is Kind.ATTRIBUTES else "../../"
    assert data_file.document is not None
    return [
        error(
            "modeline",
            Location(data_file.shown_as, 1, 1),
            f"the first line must name this file's schema ({expected})",
            f"make the first line: {prefix}{depth}schema/{expected}",
        )
    ]


def _to_problems(err: ValidationError, document: Document, root: dict[str, Any]) -> Iterator[Problem]:
    path = tuple(err.absolute_path)
    keyword = err.validator
    if keyword in {"anyOf", "oneOf"} and err.context:
        # Report the branch that got furthest rather than "is not valid under any of".
        deepest = max(err.context, key=lambda e: (len(e.absolute_path), -len(e.schema_path)))
        yield from _to_problems(deepest, document, root)
        return
    if keyword in {"additionalProperties", "unevaluatedProperties"} and isinstance(err.instance, dict):
        allowed = sorted(_known_property_schemas(err.schema, root))
        # A failing `allOf` base leaves its fields "unevaluated": only report truly unknown ones.
        for key in (k for k in _unexpected_keys(err) if k not in allowed):
            close = difflib.get_close_matches(key, allowed, n=1)
            hint = f"did you mean {quote(close[0])}?" if close else _allowed_hint(allowed)
            yield error(
                "schema-unknown-field",
                document.key_at(path + (key,)),
                f"unknown field {quote(key)}" + (f" in {describe_path(path)}" if path else ""),
                hint,
            )
        return
    if keyword == "required":
        missing = err.message.split("'")[1] if "'" in err.message else err.message
        yield error(
            "schema-required",
            document.at(path),
            f"missing required field {quote(missing)}" + (f" in {describe_path(path)}" if path else ""),
            _property_hint(err.schema, root, missing),
        )
        return
    if keyword == "propertyNames":
        key = err.instance
        yield error("schema-key", document.key_at(path + (key,)), f"{quote(key)} is not a valid name here", _hint(err.schema))
        return
    yield error(f"schema-{_rule_suffix(keyword)}", document.at(path), _message(err, path), _hint(err.schema, err))


def _rule_suffix(keyword: str) -> str:
    return {
        "minLength": "length",
        "maxLength": "length",
        "minItems": "length",
        "maxItems": "length",
        "minProperties": "length",
        "uniqueItems": "unique",
        "minimum": "range",
        "maximum": "range",
    }.get(keyword, keyword.lower())


def _message(err: ValidationError, path: tuple[Any, ...]) -> str:
    where = describe_path(path)
    keyword = err.validator
    value = err.instance
    if keyword == "type":
        expected = err.validator_value
        expected_text = " or ".join(expected) if isinstance(expected, list) else expected
        return f"{where} must be {_article(expected_text)}, not {_type_name(value)} {_short(value)}"
    if keyword == "enum":
        options = ", ".join(str(v) for v in err.validator_value)
        return f"{where}: {_short(value)} is not one of: {options}"
    if keyword == "pattern":
        return f"{where}: {_short(value)} is not in the expected form"
    if keyword == "maxLength":
        return f"{where} is {len(value)} characters long; at most {err.validator_value} allowed"
    if keyword in {"minLength", "minItems", "minProperties"}:
        return f"{where} must not be empty"
    if keyword == "uniqueItems":
        return f"{where} lists the same item twice"
    if keyword in {"minimum", "maximum"}:
        return f"{where}: {value} is out of range"
    if keyword == "format" and err.validator_value == DATE_FORMAT:
        try:
            parse_date(value)
        except DateError as why:
            return f"{where}: {_short(value)} is not a date: {why}"
    return f"{where}: {err.message}"


def _hint(schema: dict[str, Any], err: ValidationError | None = None) -> str:
    if err is not None and err.validator == "type" and isinstance(err.instance, (int, float, bool)):
        if "string" in (err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]):
            return "put the value in quotes, e.g. \"3.10\"; unquoted, YAML reads it as a number or true/false"
    if err is not None and err.validator == "enum" and isinstance(err.instance, str):
        close = difflib.get_close_matches(err.instance, [str(v) for v in err.validator_value], n=1)
        if close:
            return f"did you mean {quote(close[0])}?"
    parts = []
    if schema.get("description"):
        parts.append(schema["description"])
    if schema.get("examples"):
        parts.append("e.g. " + ", ".join(json.dumps(e, ensure_ascii=False) for e in schema["examples"][:3]))
    return " ".join(parts) or "see the field's description in the schema named on the file's first line"


def _property_hint(schema: dict[str, Any], root: dict[str, Any], name: str) -> str:
    prop = _known_property_schemas(schema, root).get(name, {})
    return _hint(prop) or f"add {quote(name)}"


def _known_property_schemas(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    """The properties a schema declares, including those of its `allOf` bases (inlined)."""
    props: dict[str, Any] = {}
    for sub in schema.get("allOf", []):
        props.update(_known_property_schemas(sub, root))
    props.update(schema.get("properties", {}))
    return props


def _unexpected_keys(err: ValidationError) -> list[str]:
    message = err.message
    # jsonschema words both keywords' messages with the offending names in quotes.
    keys = [k for k in err.instance if f"'{k}'" in message]
    return keys or [k for k in err.instance if k not in err.schema.get("properties", {})]


def _allowed_hint(allowed: list[str]) -> str:
    return ("allowed fields: " + ", ".join(allowed)) if allowed else "remove this field"


def describe_path(path: tuple[Any, ...]) -> str:
    if not path:
        return "the file"
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return f"{quote(text)}"


def _type_name(value: Any) -> str:
    if value is None:
        return "empty"
    return {bool: "true/false", int: "number", float: "number", str: "text", list: "a list", dict: "a mapping"}.get(
        type(value), type(value).__name__
    )


def _article(expected: str) -> str:
    words = {"string": "text", "array": "a list", "object": "a mapping", "integer": "a whole number", "number": "a number"}
    return " or ".join(words.get(part, part) for part in expected.split(" or "))


def _short(value: Any) -> str:
    if isinstance(value, (dict, list)) or value is None:
        return ""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "...\""

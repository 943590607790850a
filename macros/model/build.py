"""Build the typed `Dataset` from loaded, schema-valid documents.

Files that failed to load or to validate are left out of the model; the ids they declare are
still recorded, so that references to them do not produce a second, misleading error.
"""

from __future__ import annotations

from typing import Any

from macros.load.data_tree import DataFile, Kind
from macros.load.dates import date_paths, parse_date
from macros.load.yaml_file import Document, NodePath
from macros.model.inference import build_inference_run
from macros.model.measurements import MeasurementRun, build_run
from macros.model.types import (
    Attribute,
    CapabilityGap,
    Claim,
    DatedValue,
    ClaimsFile,
    ComparisonClaim,
    Dataset,
    Evidence,
    FactEntry,
    Fields,
    Framework,
    MEASUREMENT_SOURCE_KIND,
    Indicator,
    Level,
    Override,
    PartialDate,
    RatingClaim,
    Refutation,
    Rubric,
    Scale,
    Source,
    Statement,
    Unrated,
    Verdict,
    optional_date,
)
from macros.validate.schema import schema_for


def build_dataset(files: list[DataFile], invalid: set[str]) -> Dataset:
    data = Dataset()
    valid = [f for f in files if f.document is not None and f.shown_as not in invalid]
    for f in files:
        _remember_ids(data, f)
    for f in valid:
        if f.kind is Kind.ATTRIBUTES:
            _add_attributes(data, f.document)  # type: ignore[arg-type]
        elif f.kind is Kind.SOURCES:
            _add_sources(data, f.document)  # type: ignore[arg-type]
    source_dates = {s.id: s.published for s in data.source_definitions}
    for f in valid:
        if f.kind is Kind.FRAMEWORK:
            _add_framework(data, f)
        elif f.kind is Kind.CLAIMS:
            _add_claims(data, f, source_dates)
        elif f.kind is Kind.MEASUREMENTS:
            _add_measurement(data, f)
        elif f.kind is Kind.INFERENCE:
            assert f.document is not None
            data.inference.append(build_inference_run(f.document, f.path.stem))
    for f in valid:
        doc = f.document
        assert doc is not None
        data.dates += [
            DatedValue(parse_date(value), doc.at(path), _date_name(path))
            for path, value in date_paths(schema_for(f.kind), doc.data)
        ]
    return data


def _date_name(path: NodePath) -> str:
    """What a date is, for messages: its key (`as_of`, `published`), or the fact it is the value of."""
    names = [part for part in path if isinstance(part, str)]
    if names[-1:] == ["value"] and len(names) >= 2:
        return names[-2].replace("_", " ")
    return names[-1] if names else "date"


def _fields(doc: Document, path: NodePath, value: dict[str, Any]) -> Fields:
    return doc.fields_at(path, value)


def _remember_ids(data: Dataset, f: DataFile) -> None:
    content = f.document.data if f.document is not None else None
    if f.kind is Kind.FRAMEWORK:
        data.known_framework_ids.add(f.path.stem)
    elif f.kind is Kind.SOURCES and isinstance(content, dict) and isinstance(content.get("sources"), dict):
        data.known_source_ids.update(str(k) for k in content["sources"])
    elif f.kind is Kind.MEASUREMENTS:
        data.known_source_ids.add(f.path.stem)
    elif f.kind is Kind.INFERENCE:
        data.known_inference_ids.add(f.path.stem)
    elif f.kind is Kind.CLAIMS and isinstance(content, dict):
        for key in ("ratings", "comparisons", "statements"):
            items = content.get(key)
            for item in items if isinstance(items, list) else []:  # an invalid file may hold anything
                if isinstance(item, dict) and "id" in item:
                    data.known_claim_refs.add(f"{content.get('source', f.path.stem)}:{item['id']}")


def _add_attributes(data: Dataset, doc: Document) -> None:
    for scale_id, levels in doc.data["scales"].items():
        data.scales[scale_id] = Scale(
            scale_id,
            tuple(
                Level(lv["id"], lv["label"], rank, lv.get("description"), doc.at(("scales", scale_id, rank, "id")))
                for rank, lv in enumerate(levels)
            ),
        )
    for attr_id, attr in doc.data["attributes"].items():
        path = ("attributes", attr_id)
        data.attributes[attr_id] = Attribute(
            attr_id,
            attr["name"],
            attr["description"],
            attr["scale"],
            data.scales.get(attr["scale"]),
            doc.key_at(path),
            _fields(doc, path, attr),
            _evidence(attr.get("evidence")),
            _rubric(doc, path + ("rubric",), attr.get("rubric")),
        )


def _evidence(raw: dict[str, Any] | None) -> Evidence | None:
    if raw is None:
        return None
    return Evidence(raw["summary"], tuple(raw.get("facts", ())), bool(raw.get("measurements", False)))


def _rubric(doc: Document, path: NodePath, raw: dict[str, Any] | None) -> Rubric | None:
    if raw is None:
        return None
    indicators = []
    for i, item in enumerate(raw["indicators"]):
        where = path + ("indicators", i)
        counting = item.get("counting")
        indicators.append(
            Indicator(
                item["fact"],
                tuple(counting) if counting is not None else None,
                dict(item.get("minimums") or {}),
                dict(item.get("categories") or {}),
                item.get("note"),
                doc.at(where),
                _fields(doc, where, item),
                item.get("field"),
                tuple(item.get("also") or ()),
                tuple(item["kinds"]) if item.get("kinds") is not None else None,
            )
        )
    return Rubric(raw["summary"], tuple(indicators), doc.at(path), _fields(doc, path, raw))


def _add_sources(data: Dataset, doc: Document) -> None:
    for source_id, src in doc.data["sources"].items():
        path = ("sources", source_id)
        data.source_definitions.append(
            Source(
                source_id,
                src["title"],
                src["kind"],
                src["publisher"],
                src.get("url"),
                optional_date(src.get("published")),
                optional_date(src.get("accessed")),
                src.get("note"),
                doc.key_at(path),
                _fields(doc, path, src),
            )
        )


def _add_framework(data: Dataset, f: DataFile) -> None:
    doc = f.document
    assert doc is not None
    raw = doc.data
    facts: dict[str, tuple[FactEntry, ...]] = {}
    gaps: dict[str, CapabilityGap] = {}
    for fact, entries in raw["facts"].items():
        sourced = tuple(_fact_entry(doc, fact, i, entry) for i, entry in enumerate(entries) if "value" in entry)
        if sourced:
            facts[fact] = sourced
        for i, entry in enumerate(entries):
            gap_kind = next((k for k in ("unknown", "not_applicable") if k in entry), None)
            if gap_kind is not None and fact not in gaps:
                path = ("facts", fact, i)
                gaps[fact] = CapabilityGap(fact, gap_kind, entry[gap_kind], PartialDate.parse(entry["as_of"]),
                                           doc.at(path), _fields(doc, path, entry))
    verdicts = {
        attribute: _verdict(doc, raw["id"], attribute, v) for attribute, v in (raw.get("verdicts") or {}).items()
    }
    unrated = {
        attribute: _unrated(doc, raw["id"], attribute, u) for attribute, u in (raw.get("unrated") or {}).items()
    }
    framework = Framework(
        raw["id"], raw["name"], raw["summary"], facts, verdicts, f.path.stem, doc.at(()), _fields(doc, (), raw),
        unrated, tuple((other, doc.at(("compare_with", i))) for i, other in enumerate(raw.get("compare_with") or ())),
        gaps, tuple((str(p["registry"]), str(p["name"])) for p in raw.get("packages") or ()),
        raw.get("kind"),
    )
    data.framework_list.append(framework)
    data.frameworks.setdefault(framework.id, framework)


def _add_measurement(data: Dataset, f: DataFile) -> None:
    """The run, and the source it is: claims refute with it and views cite it like any other source."""
    assert f.document is not None
    run = build_run(f.document, f.path.stem)
    data.measurements.append(run)
    data.source_definitions.append(_measurement_source(run))


def _measurement_source(m: MeasurementRun) -> Source:
    return Source(
        m.id,
        m.title,
        MEASUREMENT_SOURCE_KIND,
        "Framework Facts (this project)",
        None,
        m.measured,
        m.measured,
        f"Measured by this project with `{m.command}`; see the Benchmarks page.",
        m.at,
        # Rules that point at a source's fields point into the measurement file.
        {"id": m.fields["id"], "title": m.fields["title"], "kind": m.at, "publisher": m.at,
         "published": m.fields["measured"], "accessed": m.fields["measured"], "note": m.fields["command"]},
    )


def _fact_entry(doc: Document, fact: str, index: int, entry: dict[str, Any]) -> FactEntry:
    path = ("facts", fact, index)
    value = entry["value"]
    return FactEntry(
        fact,
        tuple(value) if isinstance(value, list) else (str(value) if fact == "first_release" else value),
        entry["source"],
        entry.get("locator"),
        PartialDate.parse(entry["as_of"]),
        optional_date(entry.get("from")),
        optional_date(entry.get("until")),
        entry.get("note"),
        tuple(entry.get("successors", ())),
        doc.at(path),
        _fields(doc, path, entry),
        entry.get("method"),
        entry.get("package"),
        entry.get("complete") is True,
    )


def _verdict(doc: Document, framework: str, attribute: str, raw: dict[str, Any]) -> Verdict:
    path = ("verdicts", attribute)
    overrides = tuple(
        Override(o.get("claim"), o["because"], doc.at(path + ("overrides", i)), o.get("rubric"))
        for i, o in enumerate(raw.get("overrides", ()))
    )
    return Verdict(
        framework, attribute, raw["level"], raw["rationale"], overrides, doc.key_at(path), _fields(doc, path, raw)
    )


def _unrated(doc: Document, framework: str, attribute: str, raw: dict[str, Any]) -> Unrated:
    path = ("unrated", attribute)
    return Unrated(
        framework, attribute, raw["why"], PartialDate.parse(raw["as_of"]), doc.key_at(path), _fields(doc, path, raw)
    )


def _add_claims(data: Dataset, f: DataFile, source_dates: dict[str, PartialDate | None]) -> None:
    doc = f.document
    assert doc is not None
    raw = doc.data
    source = raw["source"]
    data.claims_files.append(ClaimsFile(source, f.path.stem, doc.at(()), _fields(doc, (), raw)))
    file_date = optional_date(raw.get("as_of")) or source_dates.get(source)
    for key, make in (("ratings", _rating), ("comparisons", _comparison), ("statements", _statement)):
        for index, item in enumerate(raw.get(key) or []):
            path = (key, index)
            base = dict(
                source=source,
                id=item["id"],
                framework=item["framework"],
                locator=item["locator"],
                as_of=optional_date(item.get("as_of")) or file_date,
                note=item.get("note"),
                conditions=dict(item.get("conditions") or {}),
                refuted=_refutation(doc, path, item.get("refuted")),
                at=doc.at(path),
                fields=_fields(doc, path, item),
            )
            data.claims.append(make(base, item))


def _refutation(doc: Document, path: NodePath, raw: dict[str, Any] | None) -> Refutation | None:
    if raw is None:
        return None
    where = path + ("refuted",)
    return Refutation(raw["kind"], tuple(raw["by"]), raw["because"], doc.at(where), _fields(doc, where, raw))


def _rating(base: dict[str, Any], item: dict[str, Any]) -> Claim:
    return RatingClaim(**base, attribute=item["attribute"], wording=item["wording"], level=item["level"])


def _comparison(base: dict[str, Any], item: dict[str, Any]) -> Claim:
    return ComparisonClaim(
        **base, relation=item["relation"], than=item["than"], attribute=item["attribute"], wording=item["wording"]
    )


def _statement(base: dict[str, Any], item: dict[str, Any]) -> Claim:
    return Statement(**base, topic=item["topic"], summary=item["summary"], wording=item.get("wording"))

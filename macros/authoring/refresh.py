"""`python -m macros refresh [--today DATE] [--dry-run]`: recount the indicators that come from a
package index, by hand. It is the only command that reads the network; no build or test runs it.

The main package of a framework is the first of its top-level `packages:` (registry + name).
For every framework whose `releases_12m` or `latest_release_date` entry names a `package`
(`pypi:<name>` or `npm:<name>`), it downloads that package's release history and rewrites, in
place, the current entry's `value` and `as_of` (and for the latest release its `locator`, which
names the version). Only those scalars change; every other byte of the file stays as written.
A reading is never dated later than its source (rule reading-after-source), so the `accessed` date of
each source those entries cite (the package index's history, in data/sources/) moves to the same day.
It also says where the `latest_version` fact lags behind the main package's index, and warns where the
main package has had no final release in a year (a person reviews the status): that fact cites a source per
release, so a person updates it.

The parsing (`pypi_releases`, `npm_releases`, `summarize`) is plain code tested on stored JSON.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from macros.authoring.atomic_write import write_atomic
from macros.load.data_tree import Kind, load_tree
from macros.load.yaml_file import Document

INDEX_URLS = {
    "pypi": "https://pypi.org/pypi/{name}/json",
    "npm": "https://registry.npmjs.org/{name}",
}
REFRESHED_FACTS = ("releases_12m", "latest_release_date")
WINDOW_DAYS = 365

# PEP 440 pre-, post-dev and development markers (1.0a1, 2.0rc1, 1.0.dev3, 3.0b2): not final releases.
_PRE_RELEASE = re.compile(r"(?i)\d[._-]?(a|b|c|rc|alpha|beta|pre|preview|dev)[._-]?\d*")


@dataclass(frozen=True)
class Release:
    version: str
    published: dt.date


@dataclass(frozen=True)
class ReleaseSummary:
    releases_12m: int  # final releases published in the WINDOW_DAYS up to `today`
    latest: Release  # the most recently published final release
    highest: Release  # the final release with the highest version number


def is_final(version: str) -> bool:
    return not _PRE_RELEASE.search(version) and "-" not in version


def pypi_releases(document: dict[str, Any]) -> list[Release]:
    """Final, not yanked releases from a PyPI JSON document; a release's date is its first upload."""
    found = []
    for version, files in (document.get("releases") or {}).items():
        if not files or not is_final(version) or all(f.get("yanked") for f in files):
            continue
        first = min(f["upload_time_iso_8601"] for f in files)
        found.append(Release(version, dt.date.fromisoformat(first[:10])))
    return found


def npm_releases(document: dict[str, Any]) -> list[Release]:
    """Final releases from an npm registry document (its `time` map), deprecated versions left out.

    The registry's `time` map carries new dates for some long-published versions (0.9.0 of a
    package at 4.x, dated last month), so a version lower than one published before it is read as
    such a re-dated entry and left out; a genuine backport is rare on npm and is lost with them.
    """
    versions = document.get("versions") or {}
    dated = sorted(
        (when, version)
        for version, when in (document.get("time") or {}).items()
        if version not in {"created", "modified"} and is_final(version) and version in versions
    )
    found: list[Release] = []
    highest: tuple[int, ...] = ()
    for when, version in dated:
        key = version_key(version)
        if key <= highest:
            continue
        highest = key
        if not versions[version].get("deprecated"):
            found.append(Release(version, dt.date.fromisoformat(when[:10])))
    return found


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version))


def summarize(releases: Iterable[Release], today: dt.date) -> ReleaseSummary | None:
    """None when the package has no final release."""
    releases = sorted(releases, key=lambda r: (r.published, version_key(r.version)))
    if not releases:
        return None
    start = today - dt.timedelta(days=WINDOW_DAYS)
    recent = [r for r in releases if start < r.published <= today]
    published = [r for r in releases if r.published <= today]
    latest = published[-1] if published else releases[-1]
    highest = max(published or releases, key=lambda r: version_key(r.version))
    return ReleaseSummary(len(recent), latest, highest)


def releases_of(package: str, document: dict[str, Any]) -> list[Release]:
    index = package.split(":", 1)[0]
    return pypi_releases(document) if index == "pypi" else npm_releases(document)


def fetch_index(package: str) -> dict[str, Any]:
    """Download a package's release history (the network: only ever called by hand)."""
    index, name = package.split(":", 1)
    url = INDEX_URLS[index].format(name=urllib.parse.quote(name, safe="@"))
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (fixed https URLs)
        return json.loads(response.read())


@dataclass(frozen=True)
class Edit:
    line: int  # 1-based
    column: int  # 1-based, where the scalar starts
    text: str  # the scalar as it should be written


class CannotEdit(Exception):
    pass


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Replace single-line scalars that run to the end of their line (no comment after them)."""
    lines = text.split("\n")
    for edit in edits:
        line = lines[edit.line - 1]
        rest = line[edit.column - 1:]
        if "#" in rest or rest.rstrip() in {"|", ">", ">-", "|-", ""}:
            raise CannotEdit(f"line {edit.line}: the value is not a plain one-line scalar")
        lines[edit.line - 1] = line[: edit.column - 1] + edit.text
    return "\n".join(lines)


def _quoted(text: str) -> str:
    return json.dumps(text)


@dataclass(frozen=True)
class Outcome:
    framework: str
    message: str
    changed: bool = False  # the framework's file changed
    notes: tuple[str, ...] = ()  # what a person should look at (a lagging latest_version, no release in a year)
    sources: tuple[str, ...] = ()  # the sources whose `accessed` date moved to the day of the run


def _current_index(entries: list[dict[str, Any]]) -> int | None:
    current = [i for i, e in enumerate(entries) if "until" not in e]
    return current[-1] if current else None


def refreshed_sources(document: Document, summaries: dict[str, ReleaseSummary | None]) -> set[str]:
    """The sources cited by the entries `framework_edits` rewrites: they are read again today."""
    facts = document.data.get("facts") or {}
    cited = set()
    for fact in REFRESHED_FACTS:
        entries = facts.get(fact) or []
        index = _current_index(entries)
        if index is not None and summaries.get(entries[index].get("package", "")) is not None:
            cited.add(str(entries[index]["source"]))
    return cited


def framework_edits(document: Document, summaries: dict[str, ReleaseSummary | None],
                    today: dt.date) -> tuple[list[Edit], list[str]]:
    """The edits that bring one framework's registry-derived indicators up to date, and notes."""
    facts = document.data.get("facts") or {}
    edits: list[Edit] = []
    notes: list[str] = []
    for fact in REFRESHED_FACTS:
        entries = facts.get(fact) or []
        index = _current_index(entries)
        if index is None or "package" not in entries[index]:
            continue
        entry = entries[index]
        summary = summaries.get(entry["package"])
        if summary is None:
            notes.append(f"{fact}: {entry['package']} has no final release; left as it is")
            continue
        path = ("facts", fact, index)
        if fact == "releases_12m":
            new_value = str(summary.releases_12m)
        else:
            new_value = _quoted(str(summary.latest.published))
            if "locator" not in entry:
                raise CannotEdit(f"{fact}: add a `locator` to the entry so refresh can name the version")
            edits.append(_edit(document, path + ("locator",), _quoted(f"release history, {summary.latest.version}")))
        edits.append(_edit(document, path + ("value",), new_value))
        edits.append(_edit(document, path + ("as_of",), _quoted(str(today))))
    main = main_package(document.data)
    main_summary = summaries.get(main) if main else None
    if main_summary is not None:
        entries = facts.get("latest_version") or []
        index = _current_index(entries)
        highest = main_summary.highest
        if index is not None and str(entries[index]["value"]) != highest.version:
            notes.append(f"latest_version says {entries[index]['value']}, but {main}'s highest release is "
                         f"{highest.version} ({highest.published}): update it and cite that release")
        if main_summary.releases_12m == 0:
            notes.append(f"warning: {main} has had no final release in {WINDOW_DAYS} days (latest "
                         f"{main_summary.latest.version}, {main_summary.latest.published}): review the status")
    return edits, notes


def declared_packages(framework: dict[str, Any]) -> list[str]:
    """The `packages:` declaration as `registry:name`, main package first; only the indexes refresh reads."""
    declared = framework.get("packages") or []
    return [f"{p['registry']}:{p['name']}" for p in declared
            if isinstance(p, dict) and p.get("registry") in INDEX_URLS and p.get("name")]


def main_package(framework: dict[str, Any]) -> str | None:
    declared = framework.get("packages") or []
    if not declared or not isinstance(declared[0], dict) or declared[0].get("registry") not in INDEX_URLS:
        return None
    return f"{declared[0]['registry']}:{declared[0]['name']}"


def _edit(document: Document, path: tuple[str | int, ...], text: str) -> Edit:
    where = document.at(path)
    if document.positions.get(path) is None:
        raise CannotEdit(f"{'.'.join(map(str, path))} is missing")
    return Edit(where.line, where.column, text)


def _source_positions(tree: Any) -> dict[str, tuple[Path, Document]]:
    """Where each source is declared: its catalogue file and that file's document."""
    found: dict[str, tuple[Path, Document]] = {}
    for data_file in tree.files:
        document = data_file.document
        if data_file.kind is Kind.SOURCES and document is not None and isinstance(document.data, dict):
            for source_id in document.data.get("sources") or {}:
                found.setdefault(str(source_id), (data_file.path, document))
    return found


def _read_today(sources: dict[str, tuple[Path, Document]], cited: set[str],
                today: dt.date) -> tuple[dict[Path, list[Edit]], tuple[str, ...], list[str]]:
    """The edits that set the cited sources' `accessed` to today, by file; the ids they date; notes
    where one cannot be set."""
    by_file: dict[Path, list[Edit]] = {}
    dated = []
    notes = []
    for source_id in sorted(cited):
        if source_id not in sources:
            notes.append(f"source {source_id} is not declared in the data's sources; its reading is dated {today}")
            continue
        path, document = sources[source_id]
        entry = (document.data.get("sources") or {}).get(source_id) or {}
        if "accessed" not in entry:
            notes.append(f"source {source_id} has no `accessed` date to move to {today}: add `accessed: \"{today}\"`")
            continue
        if str(entry["accessed"]) != str(today):
            by_file.setdefault(path, []).append(_edit(document, ("sources", source_id, "accessed"), _quoted(str(today))))
            dated.append(source_id)
    return by_file, tuple(dated), notes


def refresh(root: Path, today: dt.date, fetch: Callable[[str], dict[str, Any]] = fetch_index,
            write: bool = True) -> list[Outcome]:
    outcomes = []
    tree = load_tree(root)
    sources = _source_positions(tree)
    source_edits: dict[Path, list[Edit]] = {}
    for data_file in tree.files:
        document = data_file.document
        if data_file.kind is not Kind.FRAMEWORK or document is None or not isinstance(document.data, dict):
            continue
        facts = document.data.get("facts") or {}
        packages = sorted({e["package"] for f in REFRESHED_FACTS for e in facts.get(f) or []
                           if isinstance(e, dict) and "package" in e} | set(declared_packages(document.data)[:1]))
        if not packages:
            continue
        framework = str(document.data.get("id", data_file.path.stem))
        try:
            summaries = {p: summarize(releases_of(p, fetch(p)), today) for p in packages}
            edits, notes = framework_edits(document, summaries, today)
            read_by_file, dated, read_notes = _read_today(sources, refreshed_sources(document, summaries), today)
            notes += read_notes
            text = data_file.path.read_text(encoding="utf-8")
            new_text = apply_edits(text, edits)
        except (OSError, ValueError, KeyError, CannotEdit) as exc:
            outcomes.append(Outcome(framework, f"not refreshed: {exc}"))
            continue
        changed = new_text != text
        if changed and write:
            try:
                write_atomic(data_file.path, new_text.encode("utf-8"))
            except OSError as exc:  # nothing written: the file is as it was, and says so
                outcomes.append(Outcome(framework, f"not refreshed: cannot write the file ({exc.strerror or exc})"))
                continue
        for path, file_edits in read_by_file.items():  # only for a framework refreshed: its sources were read
            source_edits.setdefault(path, []).extend(e for e in file_edits if e not in source_edits.get(path, []))
        if dated:
            notes.append(f"accessed moved to {today}: " + ", ".join(dated))
        summary = "; ".join(f"{p}: {s.releases_12m} releases in 12 months, latest {s.latest.version} "
                            f"({s.latest.published})" for p, s in summaries.items() if s)
        review = tuple(n for n in notes if not n.startswith("accessed moved"))
        outcomes.append(Outcome(framework, "; ".join([summary, *notes]), changed, review, dated))
    if write:
        outcomes += _write_sources(source_edits)
    return outcomes


def _write_sources(source_edits: dict[Path, list[Edit]]) -> list[Outcome]:
    """Write the moved `accessed` dates, one catalogue file at a time, atomically; a failure is reported."""
    failed = []
    for path, edits in sorted(source_edits.items()):
        try:
            text = path.read_text(encoding="utf-8")
            write_atomic(path, apply_edits(text, edits).encode("utf-8"))
        except (OSError, CannotEdit) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            failed.append(Outcome(path.name, f"not refreshed: cannot set the sources' accessed dates in the file ({reason})"))
    return failed


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def _md(text: str) -> str:
    """Text from the registries and the data, shown as text in Markdown (a pull request body)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def summary_markdown(outcomes: list[Outcome], today: dt.date, written: bool = True) -> str:
    """A readable account of one refresh run: what changed, what a person should review, what failed."""
    failed = [o for o in outcomes if o.message.startswith("not refreshed")]
    changed = [o for o in outcomes if o.changed or o.sources]
    review = [(o.framework, note) for o in outcomes for note in o.notes]
    files = sum(o.changed for o in outcomes)
    dated = sorted({s for o in outcomes for s in o.sources})
    lines = [f"## Package-index refresh, {today}", "",
             f"{files} framework file(s) {'changed' if written else 'would change'}, "
             f"{len(outcomes) - len(changed) - len(failed)} unchanged, {len(failed)} not refreshed."
             + (f" The accessed date of {len(dated)} source(s) {'moved' if written else 'would move'} to {today}."
                if dated else ""), ""]
    sections = (
        ("Changed", [f"- **{_md(o.framework)}**: {_md(o.message)}" for o in changed]),
        ("For a person to review", [f"- **{_md(f)}**: {_md(n)}" for f, n in review]),
        ("Could not be refreshed", [f"- **{_md(o.framework)}**: {_md(o.message)}" for o in failed]),
    )
    for title, items in sections:
        lines += [f"### {title}", "", *(items or ["- none"]), ""]
    return "\n".join(lines)

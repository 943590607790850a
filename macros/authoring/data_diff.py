"""`python -m macros diff <git-ref>`: what a change does to the published data, as Markdown.

A reviewer of a data pull request wants to know what readers will see change, not which YAML
lines moved: frameworks, facts, verdicts, claims, sources, and above all contradictions that
appear, get resolved or go away. Both sides are built with the project's own loader and model,
and contradictions come from macros/model/disputes.py, the definitions the checker uses.

The old side is the data folder as committed at <git-ref> (extracted with `git archive`), the
new side the working tree's. Data text is escaped, so nothing in it can turn into HTML, links,
mentions or table cells in the pull-request comment.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import tarfile
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from macros.check.config import CheckConfig
from macros.check.run import CheckResult, run_check
from macros.model.disputes import Dispute
from macros.model.types import Claim, ComparisonClaim, Dataset, FactEntry, RatingClaim, Statement, Verdict

NO_CHANGES = "No changes to the published data."
_LOAD_RULE_PREFIXES = ("yaml-", "schema-")
_LOAD_RULES = {
    "bom",
    "not-utf8",
    "empty-file",
    "not-a-mapping",
    "duplicate-key",
    "unreadable-file",
    "modeline",
}


class DiffError(Exception):
    """The comparison cannot start (no git, not a repository, unknown ref): a usage error."""


@dataclass(frozen=True)
class Side:
    """One side of the comparison: the checked data, and what to say about it."""

    label: str
    result: CheckResult | None  # None when the data folder does not exist on this side
    unreadable: tuple[str, ...]  # files left out of the model: they do not load or fail the schema
    errors: int  # every error the checker finds (the site does not build with any)

    @property
    def data(self) -> Dataset:
        return self.result.dataset if self.result else Dataset()

    @property
    def disputes(self) -> list[Dispute]:
        return self.result.disputes if self.result else []


def diff_markdown(ref: str, data_dir: Path, today: dt.date | None = None) -> str:
    """The Markdown report of `data_dir` (working tree) against the same folder at `ref`."""
    data_dir = data_dir.resolve()
    top = _git_toplevel(data_dir)
    commit = _commit(top, ref)
    try:
        rel = PurePosixPath(data_dir.relative_to(top).as_posix())
    except ValueError as exc:
        raise DiffError(f"{data_dir} is not inside the git repository at {top}") from exc
    config = CheckConfig(today=today or dt.date.today())
    with tempfile.TemporaryDirectory(prefix="macros-diff-") as tmp:
        old_root = Path(tmp) / "old"
        found = _extract(top, commit, rel, old_root)
        old = _side(f"`{_code(ref)}`", old_root if found else None, rel, config)
        new = _side("the working tree", data_dir, rel, config)
    return render(old, new, ref)


def _git(top: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=top, capture_output=True, check=False)
    except OSError as exc:
        raise DiffError(f"cannot run git: {exc.strerror}") from exc


def _git_toplevel(path: Path) -> Path:
    proc = _git(path, "rev-parse", "--show-toplevel")
    if proc.returncode != 0:
        raise DiffError(f"{path} is not inside a git repository")
    return Path(proc.stdout.decode().strip()).resolve()


def _commit(top: Path, ref: str) -> str:
    if not ref or ref.startswith("-"):
        raise DiffError(f"'{ref}' is not a git ref")
    proc = _git(top, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    if proc.returncode != 0:
        raise DiffError(f"unknown git ref '{ref}' (a branch, tag or commit of this repository)")
    return proc.stdout.decode().strip()


def _extract(top: Path, commit: str, rel: PurePosixPath, target: Path) -> bool:
    """Write the data folder as committed into `target`; False when the commit has no such folder."""
    listing = _git(top, "ls-tree", "-d", "--name-only", commit, "--", str(rel))
    if str(rel) != "." and not listing.stdout.strip():
        return False
    proc = _git(top, "archive", "--format=tar", commit, "--", str(rel))
    if proc.returncode != 0:
        raise DiffError(f"git archive failed: {proc.stderr.decode(errors='replace').strip()}")
    target.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(proc.stdout)) as archive:
        for member in archive.getmembers():
            name = PurePosixPath(member.name)
            if not member.isfile() or name.is_absolute() or ".." in name.parts:
                continue  # only plain files, only inside the folder
            inside = name.relative_to(rel) if str(rel) != "." else name
            destination = target.joinpath(*inside.parts)
            destination.parent.mkdir(parents=True, exist_ok=True)
            extracted = archive.extractfile(member)
            if extracted is not None:
                destination.write_bytes(extracted.read())
    return True


def _side(label: str, root: Path | None, rel: PurePosixPath, config: CheckConfig) -> Side:
    if root is None or not root.is_dir():
        return Side(label, None, (), 0)
    result = run_check(root, config)
    unreadable = sorted({_repo_path(p.where.file, root, rel) for p in result.errors if _is_load_problem(p.rule)})
    return Side(label, result, tuple(unreadable), len(result.errors))


def _is_load_problem(rule: str) -> bool:
    return rule in _LOAD_RULES or rule.startswith(_LOAD_RULE_PREFIXES)


def _repo_path(file: str, root: Path, rel: PurePosixPath) -> str:
    try:
        inside = Path(file).resolve().relative_to(root.resolve())
    except ValueError:
        return file
    return (rel / inside.as_posix()).as_posix()


# ---------------------------------------------------------------------------------------------
# Rendering


def render(old: Side, new: Side, ref: str) -> str:
    sections = [
        _frameworks(old.data, new.data),
        _facts(old.data, new.data),
        _verdicts(old.data, new.data),
        _contradictions(old, new),
        _claims(old.data, new.data),
        _sources(old.data, new.data),
        _attributes(old.data, new.data),
    ]
    body = [section for section in sections if section]
    lines = [f"## Data changes against `{_code(ref)}`", ""]
    lines += _warnings(old, new)
    if body:
        for section in body:
            lines += section + [""]
    else:
        lines += [NO_CHANGES, ""]
    return "\n".join(lines).rstrip() + "\n"


def _warnings(old: Side, new: Side) -> list[str]:
    lines: list[str] = []
    if old.result is None:
        lines.append(f"> The data folder does not exist at {old.label}; everything counts as added.")
    if new.result is None:
        lines.append("> The data folder does not exist in the working tree; everything counts as removed.")
    for side in (old, new):
        if side.unreadable:
            files = ", ".join(f"`{_code(f)}`" for f in side.unreadable)
            lines.append(
                f"> **Warning:** in {side.label}, these files do not load or do not match the schema, so "
                f"they are left out of this comparison: {files}"
            )
    if new.errors:
        lines.append(
            f"> **Warning:** `python -m macros check` finds {new.errors} error(s) in the working tree's data; "
            "the site does not build until they are fixed."
        )
    return [part for line in lines for part in (line, "")]  # one quote each: consecutive ones would merge


def _heading(title: str) -> list[str]:
    return [f"### {title}", ""]


def _frameworks(old: Dataset, new: Dataset) -> list[str]:
    added = [new.frameworks[i] for i in sorted(new.frameworks.keys() - old.frameworks.keys())]
    removed = [old.frameworks[i] for i in sorted(old.frameworks.keys() - new.frameworks.keys())]
    if not added and not removed:
        return []
    lines = _heading("Frameworks")
    lines += [f"- Added: **{md(fw.name)}** (`{fw.id}`)" for fw in added]
    lines += [f"- Removed: **{md(fw.name)}** (`{fw.id}`)" for fw in removed]
    return lines


def _facts(old: Dataset, new: Dataset) -> list[str]:
    rows = []
    for fw_id in sorted(old.frameworks.keys() & new.frameworks.keys()):
        before, after = old.frameworks[fw_id], new.frameworks[fw_id]
        if before.name != after.name:
            rows.append((fw_id, "name", md(before.name), md(after.name)))
        if before.summary != after.summary:
            rows.append((fw_id, "summary", "", "reworded"))
        for fact in _union(before.facts, after.facts):
            old_entries, new_entries = before.facts.get(fact, ()), after.facts.get(fact, ())
            if _entries_key(old_entries) == _entries_key(new_entries):
                continue
            old_text, new_text = _entries_text(old_entries), _entries_text(new_entries)
            if old_text == new_text:
                new_text += " (source, locator, note or date checked changed)"
            rows.append((fw_id, fact, old_text, new_text))
    if not rows:
        return []
    return _heading("Names, summaries and facts") + _table(
        ("Framework", "Fact", "Before", "After"),
        [(f"`{fw}`", f"`{fact}`", before or "—", after or "—") for fw, fact, before, after in rows],
    )


def _union(*mappings: Iterable[str]) -> list[str]:
    """Keys of all mappings, first-seen order (facts keep their schema order)."""
    seen: dict[str, None] = {}
    for mapping in mappings:
        seen.update(dict.fromkeys(mapping))
    return list(seen)


def _entries_key(entries: Iterable[FactEntry]) -> list[tuple[Any, ...]]:
    return [
        (e.value, e.source, e.locator, str(e.as_of), str(e.since), str(e.until), e.note, e.successors) for e in entries
    ]


def _entries_text(entries: Iterable[FactEntry]) -> str:
    parts = []
    for entry in entries:
        value = ", ".join(str(v) for v in entry.value) if isinstance(entry.value, tuple) else str(entry.value)
        when = [f"from {entry.since}"] if entry.since else []
        when += [f"until {entry.until}"] if entry.until else []
        when += [f"successors: {', '.join(entry.successors)}"] if entry.successors else []
        parts.append(md(value) + (f" ({md('; '.join(when))})" if when else ""))
    return "; ".join(parts)


def _verdicts(old: Dataset, new: Dataset) -> list[str]:
    """Verdicts added, removed or changed; an attribute recorded as unrated shows as "no source"."""
    rows = []
    for fw_id in sorted(old.frameworks.keys() | new.frameworks.keys()):
        before_fw, after_fw = old.frameworks.get(fw_id), new.frameworks.get(fw_id)
        before = before_fw.verdicts if before_fw else {}
        after = after_fw.verdicts if after_fw else {}
        gaps_before = before_fw.unrated if before_fw else {}
        gaps_after = after_fw.unrated if after_fw else {}
        for attribute in sorted(before.keys() | after.keys() | gaps_before.keys() | gaps_after.keys()):
            b, a = before.get(attribute), after.get(attribute)
            if b is not None and a is not None:
                if b.level != a.level:
                    rows.append((fw_id, attribute, b.level, a.level, ""))
                elif b.rationale != a.rationale or _overrides(b) != _overrides(a):
                    rows.append((fw_id, attribute, b.level, a.level, "rationale or overrides changed"))
                continue
            gb, ga = gaps_before.get(attribute), gaps_after.get(attribute)
            shown_before = b.level if b else "no source" if gb else "—"
            shown_after = a.level if a else "no source" if ga else "—"
            if shown_before != shown_after:
                rows.append((fw_id, attribute, shown_before, shown_after, ""))
            elif gb is not None and ga is not None and (gb.why, gb.as_of) != (ga.why, ga.as_of):
                rows.append((fw_id, attribute, shown_before, shown_after, "what was searched changed"))
    if not rows:
        return []
    return _heading("Verdicts") + _table(
        ("Framework", "Attribute", "Before", "After", "Note"),
        [(f"`{fw}`", f"`{attr}`", before, after, note) for fw, attr, before, after, note in rows],
    )


def _overrides(verdict: Verdict) -> list[tuple[str, str]]:
    return [(o.claim or f"rubric:{o.rubric}", o.because) for o in verdict.overrides]


def _dispute_key(dispute: Dispute) -> tuple[str, ...]:
    if dispute.kind == "comparison":
        return (dispute.kind, dispute.claims[0].ref)
    return (dispute.kind, dispute.about)


def _contradictions(old: Side, new: Side) -> list[str]:
    before = {_dispute_key(d): d for d in old.disputes}
    after = {_dispute_key(d): d for d in new.disputes}
    lines: list[str] = []
    for key in sorted(after.keys() - before.keys()):
        d = after[key]
        state = "resolved by the data" if d.resolved else "**unresolved**"
        lines.append(f"- New, {state}: {_dispute_text(d)}")
    for key in sorted(after.keys() & before.keys()):
        b, a = before[key], after[key]
        if not b.resolved and a.resolved:
            lines.append(f"- Resolved: {_dispute_text(a)}")
        elif b.resolved and not a.resolved:
            lines.append(f"- Reopened, **unresolved**: {_dispute_text(a)}")
    for key in sorted(before.keys() - after.keys()):
        lines.append(f"- No longer present: {_dispute_text(before[key])}")
    return _heading("Contradictions") + lines if lines else []


def _dispute_text(dispute: Dispute) -> str:
    claims = ", ".join(f"`{c.ref}` ({md(c.value_text)}{', refuted' if c.refuted else ''})" for c in dispute.claims)
    if dispute.derivation is not None:
        claims = f"the rubric ({md(dispute.derivation.level or 'no level')}, from indicators)"
    verdict = f"verdict {md(dispute.verdict.level)}" if dispute.verdict else "no verdict"
    frameworks = f"`{dispute.framework}`" + (f" and `{dispute.other}`" if dispute.other else "")
    return f"{frameworks} `{dispute.attribute}`: {claims}; {verdict}"



def _claims(old: Dataset, new: Dataset) -> list[str]:
    before, after = old.claims_by_ref, new.claims_by_ref
    lines = [f"- Added: `{ref}`: {_claim_text(after[ref])}" for ref in sorted(after.keys() - before.keys())]
    lines += [f"- Removed: `{ref}`: {_claim_text(before[ref])}" for ref in sorted(before.keys() - after.keys())]
    for ref in sorted(before.keys() & after.keys()):
        changes = _changes(_claim_fields(before[ref]), _claim_fields(after[ref]))
        if changes:
            lines.append(f"- Changed: `{ref}`: {changes}")
    return _heading("Claims") + lines if lines else []


def _claim_text(claim: Claim) -> str:
    refuted = f" (refuted: {md(claim.refuted.kind)})" if claim.refuted else ""
    if isinstance(claim, RatingClaim):
        text = f"rates `{claim.framework}` `{claim.attribute}` {md(claim.level)} (“{md(claim.wording)}”)"
    elif isinstance(claim, ComparisonClaim):
        text = (
            f"`{claim.framework}` {md(claim.relation_phrase)} `{claim.than}` on `{claim.attribute}` "
            f"(“{md(claim.wording)}”)"
        )
    elif isinstance(claim, Statement):
        text = f"about `{claim.framework}` `{claim.topic}`: {md(claim.summary)}"
    else:
        text = f"about `{claim.framework}`"
    return text + refuted


def _claim_fields(claim: Claim) -> dict[str, str]:
    fields = {
        "framework": claim.framework,
        "locator": claim.locator,
        "date": str(claim.as_of) if claim.as_of else "",
        "note": claim.note or "",
        "conditions": "; ".join(f"{k}: {v}" for k, v in sorted(claim.conditions.items())),
        "refuted": claim.refuted.kind if claim.refuted else "no",
        "refuted because": claim.refuted.because if claim.refuted else "",
    }
    for name in ("attribute", "level", "relation", "than", "wording", "topic", "summary"):
        value = getattr(claim, name, None)
        if value is not None:
            fields[name] = str(value)
    return fields


_SHORT_FIELDS = {"framework", "date", "refuted", "attribute", "level", "relation", "than", "topic"}


def _changes(before: dict[str, str], after: dict[str, str]) -> str:
    parts = []
    for name in _union(before, after):
        b, a = before.get(name, ""), after.get(name, "")
        if b == a:
            continue
        if name in _SHORT_FIELDS:
            parts.append(f"{md(name)} {md(b) or '—'} → {md(a) or '—'}")
        else:
            parts.append(f"{md(name)} changed")
    return "; ".join(parts)


def _sources(old: Dataset, new: Dataset) -> list[str]:
    before, after = old.sources, new.sources

    def text(source_id: str, catalogue: dict[str, Any]) -> str:
        source = catalogue[source_id]
        return f"`{source_id}`: {md(source.title)} ({md(source.kind)})"

    lines = [f"- Added: {text(i, after)}" for i in sorted(after.keys() - before.keys())]
    lines += [f"- Removed: {text(i, before)}" for i in sorted(before.keys() - after.keys())]
    for source_id in sorted(before.keys() & after.keys()):
        b, a = before[source_id], after[source_id]
        fields = ("title", "kind", "publisher", "url", "published", "accessed", "note")
        changed = [f for f in fields if str(getattr(b, f)) != str(getattr(a, f))]
        if changed:
            lines.append(f"- Changed: `{source_id}`: {', '.join(changed)}")
    return _heading("Sources") + lines if lines else []


def _attributes(old: Dataset, new: Dataset) -> list[str]:
    before, after = old.attributes, new.attributes
    lines = [f"- Added: `{i}` ({md(after[i].name)})" for i in sorted(after.keys() - before.keys())]
    lines += [f"- Removed: `{i}` ({md(before[i].name)})" for i in sorted(before.keys() - after.keys())]
    for attr_id in sorted(before.keys() & after.keys()):
        b, a = before[attr_id], after[attr_id]
        scale_b = [lv.id for lv in b.scale.levels] if b.scale else []
        scale_a = [lv.id for lv in a.scale.levels] if a.scale else []
        if (b.name, b.description, b.scale_id, scale_b) != (a.name, a.description, a.scale_id, scale_a):
            lines.append(f"- Changed: `{attr_id}` ({md(a.name)})")
    return _heading("Rated attributes") + lines if lines else []


def _table(header: tuple[str, ...], rows: Iterable[tuple[str, ...]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


# ---------------------------------------------------------------------------------------------
# Escaping

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "&#124;", "@": "&#64;"}
_BACKSLASHED = set("\\`*_[]~")


# What GitHub turns into a link by itself (its "extended autolinks"): a scheme's `://`, `www.`,
# an e-mail address, `mailto:` and `xmpp:`. Escaping characters does not stop it (entities are
# decoded before it looks), so such a word is shown as a code span, which it never links.
_AUTOLINKED = re.compile(r"(?i)://|www\.|[^@]@[^@]*\.|mailto:|xmpp:")


def md(text: object) -> str:
    """Data text as inert Markdown: no HTML, no table cells, no links (autolinks included),
    emphasis or mentions."""
    return " ".join(_word(word) for word in str(text).split())


def _word(word: str) -> str:
    if _AUTOLINKED.search(word):
        # In a code span only a backtick (which would end it) and a pipe (a table cell, even there) act.
        return "`" + word.replace("`", "'").replace("|", "\\|") + "`"
    out = []
    for char in word:
        if char in _ENTITIES:
            out.append(_ENTITIES[char])
        elif char in _BACKSLASHED:
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def _code(text: str) -> str:
    """Text for a code span (a git ref): shown as is, so only a backtick, which would end the span,
    and line breaks are replaced."""
    return " ".join(text.split()).replace("`", "'")

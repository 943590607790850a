"""Command line: `python -m macros check [PATHS] [--format text|json|github]`, and the contributor
commands `new <id>`, `fix [PATHS] [--check]`, `diff <git-ref>` and `refresh` (macros/authoring/).

Exit codes: 0 clean (warnings allowed), 1 any error in the data, 2 usage error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from macros.authoring import data_diff, fix, refresh, scaffold
from macros.authoring.atomic_write import write_atomic
from macros.check.config import DEFAULT_STALE_AFTER_DAYS, CheckConfig
from macros.check.run import CheckResult, run_check
from macros.model.disputes import Dispute
from macros.problems import Problem, printable, printable_path

REPO_DATA = Path(__file__).resolve().parent.parent / "data"


class UsageError(Exception):
    pass


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except UsageError as exc:
        parser.print_usage(sys.stderr)
        print(f"{parser.prog}: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m macros", description="Framework Facts data tools.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = commands.add_parser(
        "check",
        help="check data files and list contradictions",
        description="Check the data: schema, references, contradictions, impossible facts, links, staleness.",
    )
    check.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="data root(s), or files/folders inside one to report on (default: data/)",
    )
    check.add_argument("--format", choices=("text", "json", "github"), default="text", help="output format")
    check.add_argument(
        "--stale-after-days",
        type=int,
        default=DEFAULT_STALE_AFTER_DAYS,
        metavar="DAYS",
        help=f"warn when a verdict's newest claim is older than this (default {DEFAULT_STALE_AFTER_DAYS})",
    )
    check.add_argument("--today", type=dt.date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                       help="the date to check future dates and staleness against (default: today)")
    check.set_defaults(run=_check)

    new = commands.add_parser(
        "new",
        help="start data/frameworks/<id>.yaml for a new framework",
        description="Create data/frameworks/<id>.yaml with the required fields as placeholders and comments "
        "on how to fill them in. The checker rejects the file until every placeholder is filled.",
    )
    new.add_argument("id", metavar="ID", help="the framework id: lowercase letters, digits and single hyphens")
    new.add_argument("--data", type=Path, default=None, metavar="DIR", help="the data folder (default: data/)")
    new.set_defaults(run=_new)

    fixer = commands.add_parser(
        "fix",
        help="apply safe mechanical fixes (key order, indentation, whitespace, modeline)",
        description="Put keys in schema order and tidy the formatting, keeping every value and comment as "
        "written. Files that do not parse are reported and left untouched.",
    )
    fixer.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH", help="data files or folders to fix (default: data/)"
    )
    fixer.add_argument("--check", action="store_true", help="change nothing; exit 1 if any file would change")
    fixer.set_defaults(run=_fix)

    differ = commands.add_parser(
        "diff",
        help="what the data changes against a git ref, as Markdown for a pull request",
        description="Compare the working tree's data with the data at GIT-REF: frameworks, facts, verdicts, "
        "contradictions, claims and sources added, removed or changed. Prints GitHub-flavoured Markdown.",
    )
    differ.add_argument("ref", metavar="GIT-REF", help="a branch, tag or commit, e.g. origin/main")
    differ.add_argument("--data", type=Path, default=None, metavar="DIR", help="the data folder (default: data/)")
    differ.set_defaults(run=_diff)

    refresher = commands.add_parser(
        "refresh",
        help="recount the indicators that come from a package index (reads the network; run by hand)",
        description="For each framework whose releases_12m or latest_release_date entry names a `package`, "
        "download its release history from the package index and rewrite those entries' value, as_of and "
        "locator in place, and the cited sources' accessed date. Says where latest_version lags. Never run by a build or a test.",
    )
    refresher.add_argument("--data", type=Path, default=None, metavar="DIR", help="the data folder (default: data/)")
    refresher.add_argument("--today", type=dt.date.fromisoformat, default=None, metavar="YYYY-MM-DD",
                           help="the end of the 12-month window and the new as_of (default: today, UTC)")
    refresher.add_argument("--dry-run", action="store_true", help="change no file; only report")
    refresher.add_argument("--summary", type=Path, default=None, metavar="FILE",
                           help="also write a Markdown summary of the run to FILE (the refresh pull request's body)")
    refresher.set_defaults(run=_refresh)
    return parser


def _default_data() -> Path:
    return Path("data") if Path("data").is_dir() else REPO_DATA


def find_root(path: Path) -> Path:
    """The data root a path belongs to: the nearest folder (itself included) with attributes.yaml."""
    path = path.resolve()
    for candidate in (path, *path.parents):
        if (candidate / "attributes.yaml").is_file():
            return candidate
    if path.is_dir() and any((path / d).is_dir() for d in ("frameworks", "claims", "sources")):
        return path  # a root missing attributes.yaml: the check reports it
    raise UsageError(f"{path} is not inside a data folder (none of its folders has attributes.yaml)")


def _check(args: argparse.Namespace) -> int:
    paths: list[Path] = args.paths or [Path("data") if Path("data").is_dir() else REPO_DATA]
    for path in paths:
        if not path.exists():
            raise UsageError(f"no such file or folder: {path}")
    if args.stale_after_days < 0:
        raise UsageError("--stale-after-days must not be negative")
    config = CheckConfig(today=args.today or dt.date.today(), stale_after_days=args.stale_after_days)

    by_root: dict[Path, list[Path]] = {}
    for path in paths:
        by_root.setdefault(find_root(path), []).append(path.resolve())
    # The check builds one large, acyclic structure; the cycle collector's passes over it would grow
    # with its size (a tenth of the time at 10,000 claims) and find nothing to free.
    gc.disable()
    try:
        results = [run_check(root, config) for root in sorted(by_root)]
    finally:
        gc.enable()
    problems = [p for result in results for p in result.problems if _selected(p, by_root[result.root])]
    disputes = [d for result in results for d in result.disputes if _involves(d, by_root[result.root])]

    if args.format == "json":
        print(json.dumps(_as_json(problems, disputes), indent=2, ensure_ascii=False))
    elif args.format == "github":
        for problem in problems:
            print(_github_line(problem))
    else:
        _print_text(problems, disputes, results)
    return 1 if any(p.is_error for p in problems) else 0


def _new(args: argparse.Namespace) -> int:
    data: Path = args.data or _default_data()
    if not (data / "attributes.yaml").is_file():
        raise UsageError(f"{data} is not a data folder (it has no attributes.yaml)")
    try:
        outcome = scaffold.create(data, args.id)
    except scaffold.BadId as exc:
        raise UsageError(str(exc)) from exc
    if isinstance(outcome, Problem):
        _print_problems([outcome])
        return 1
    print(f"created {printable_path(outcome.shown)}")
    print("next:")
    print(f'  1. fill in every "" in {printable_path(outcome.shown)} (its comments explain each field)')
    print("  2. add the sources you cite to data/sources/<group>.yaml")
    print(f"  3. run: python -m macros check {printable_path(outcome.shown)}")
    return 0


def _fix(args: argparse.Namespace) -> int:
    paths: list[Path] = args.paths or [_default_data()]
    for path in paths:
        if not path.exists():
            raise UsageError(f"no such file or folder: {path}")
    results = fix.fix_paths([(find_root(path), path) for path in paths], write=not args.check)
    changed = [r for r in results if r.outcome is fix.Outcome.CHANGED]
    refused = [r for r in results if r.outcome is fix.Outcome.REFUSED]
    _print_problems([p for r in refused for p in r.problems])
    for result in changed:
        print(f"{'would fix' if args.check else 'fixed'} {printable_path(result.shown)}")
    verb = "would change" if args.check else "changed"
    print(
        f"{len(changed)} file(s) {verb}, {len(results) - len(changed) - len(refused)} already fixed"
        + (f", {len(refused)} left untouched (see above)." if refused else ".")
    )
    return 1 if refused or (args.check and changed) else 0


def _diff(args: argparse.Namespace) -> int:
    data: Path = args.data or _default_data()
    if not data.is_dir():
        raise UsageError(f"no such data folder: {data}")
    try:
        markdown = data_diff.diff_markdown(args.ref, data)
    except data_diff.DiffError as exc:
        raise UsageError(str(exc)) from exc
    sys.stdout.write(markdown)
    return 0


def _refresh(args: argparse.Namespace) -> int:
    data: Path = args.data or _default_data()
    if not (data / "attributes.yaml").is_file():
        raise UsageError(f"{data} is not a data folder (it has no attributes.yaml)")
    today = args.today or dt.datetime.now(dt.timezone.utc).date()  # windows are UTC days
    outcomes = refresh.refresh(data, today, write=not args.dry_run)
    if args.summary is not None:
        write_atomic(args.summary, refresh.summary_markdown(outcomes, today, not args.dry_run).encode("utf-8"))
    for outcome in outcomes:
        mark = ("would update" if args.dry_run else "updated") if outcome.changed else "checked"
        print(f"{outcome.framework}: {mark}; {outcome.message}")
    dated = {s for o in outcomes for s in o.sources}
    print(f"{sum(o.changed for o in outcomes)} framework file(s) {'would change' if args.dry_run else 'changed'}, "
          f"the accessed date of {len(dated)} source(s) {'would move' if args.dry_run else 'moved'} to {today}; "
          "run `python -m macros check` next.")
    return 1 if any(o.message.startswith("not refreshed") for o in outcomes) else 0


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        print("\n".join(problem.as_lines()))


def _selected(problem: Problem, asked: list[Path]) -> bool:
    return _under(_resolved_parent(problem.where.file), asked)


def _resolved_parent(file: str) -> Path:
    """The file's path with its folders resolved but not the file itself: a problem with a symlink
    is reported where the link stands, not where it points (which may be outside the data)."""
    return _resolved_parent_from(os.getcwd(), file)


@cache  # problems and disputes name the same few files many times over
def _resolved_parent_from(cwd: str, file: str) -> Path:
    path = Path(cwd, file)
    return path.parent.resolve() / path.name


def _involves(dispute: Dispute, asked: list[Path]) -> bool:
    """Whether a contradiction involves the files asked about (checking one file lists its own only)."""
    return any(_under(_resolved_parent(file), asked) for file in dispute.files)


def _under(where: Path, asked: list[Path]) -> bool:
    return any(where == path or path in where.parents for path in asked)


def _print_text(problems: list[Problem], disputes: list[Dispute], results: list[CheckResult]) -> None:
    for problem in problems:
        print("\n".join(problem.as_lines()))
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    files = len({p.where.file for p in problems})
    frameworks = sum(len(r.dataset.frameworks) for r in results)
    claims = sum(len(r.dataset.claims) for r in results)
    if problems:
        print(f"{errors} error(s), {warnings} warning(s) in {files} file(s).")
    else:
        print(f"No problems: {frameworks} frameworks, {claims} claims checked.")
    resolved = [d for d in disputes if d.resolved]
    if resolved:
        print(f"\n{len(resolved)} contradiction(s) in the data, each resolved:")
        for dispute in resolved:
            print(f"  {_dispute_line(dispute)}")


def _dispute_line(dispute: Dispute) -> str:
    claims = ", ".join(f"{c.ref} ({c.value_text}{', refuted' if c.refuted else ''})" for c in dispute.claims)
    if dispute.derivation is not None:
        claims = f"rubric ({dispute.derivation.level}, from indicators)"
    outcome = f"verdict {dispute.verdict.level}" if dispute.verdict else "claims refuted"
    against = f" against measurement {dispute.measured[0].measurement}" if dispute.measured else ""
    return printable(f"{dispute.about}: {claims}{against} -> {outcome}")



def _as_json(problems: list[Problem], disputes: list[Dispute]) -> dict[str, object]:
    return {
        "problems": [p.as_dict() for p in problems],
        "contradictions": [dispute_as_json(d) for d in disputes],
    }


def dispute_as_json(dispute: Dispute) -> dict[str, object]:
    verdict = dispute.verdict
    return {
        "kind": dispute.kind,
        "framework": dispute.framework,
        "other_framework": dispute.other,
        "attribute": dispute.attribute,
        "claims": [
            {
                "claim": c.ref,
                "source": c.source,
                "value": c.value_text,
                "wording": getattr(c, "wording", None),
                "refuted": c.refuted.kind if c.refuted else None,
                "file": c.at.file,
                "line": c.at.line,
            }
            for c in dispute.claims
        ],
        "rubric": None
        if dispute.derivation is None
        else {
            "level": dispute.derivation.level,
            "readings": [
                {"fact": r.indicator.fact, "measured": r.measured, "level": r.level,
                 "sources": [e.source for e in r.entries], "as_of": str(max(e.as_of.latest for e in r.entries))}
                for r in dispute.derivation.readings
            ],
            "missing": list(dispute.derivation.missing),
        },
        # A measured disagreement: the measured comparisons that contradict the claim.
        "measured": [
            {"measurement": m.measurement, "workload": m.workload, "execution": m.execution,
             "framework": m.framework, "adapter": m.adapter, "than": m.than, "than_adapter": m.than_adapter,
             "speed_ratio": round(m.speed_ratio, 4)}
            for m in dispute.measured
        ],
        "resolved": dispute.resolved,
        "resolution": None
        if verdict is None
        else {
            "verdict": verdict.level,
            "rationale": verdict.rationale,
            "overrides": [o.as_json() for o in verdict.overrides],
        },
    }


def _github_line(problem: Problem) -> str:
    def escape(text: str) -> str:
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    def escape_property(text: str) -> str:
        return escape(text).replace(":", "%3A").replace(",", "%2C")

    level = "error" if problem.is_error else "warning"
    # Data in the message and hint is escaped first: a newline or a workflow command in a name can
    # neither end the annotation nor start another one.
    message = printable(problem.message) + f"\nhint: {printable(problem.hint)}"
    return (
        f"::{level} file={escape_property(printable(problem.where.file))},line={problem.where.line},"
        f"col={problem.where.column},title={escape_property(problem.rule)}::{escape(message)}"
    )

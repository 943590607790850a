"""Mutation testing: put one small, realistic bug into the code at a time and see whether a test fails.

    python scripts/mutation.py                      # every area, the default sample, the default seed
    python scripts/mutation.py --areas bench --all  # every mutant of bench/ (no sample)
    python scripts/mutation.py --list               # only list the mutants it would try
    python scripts/mutation.py --module macros/load/dates.py --all

`make mutation` runs it (by hand, never in CI: it runs the relevant tests once per mutant).

Python mutants come from the syntax tree (ast): comparison flips, and/or swaps, a removed `not`,
arithmetic swaps, constants changed (0/1, True/False, other numbers), a `return x` made
`return None`, a call statement, `continue` or `break` deleted, escaping removed (`html.escape(x)`
made `x`, `Markup(t).format(x)` made `Markup(t.format(x))`, which formats before marking safe) and
call swaps (median/mean, min/max, any/all). JavaScript mutants come from a token-level scan that skips
strings and comments (=== !==, < <=, && ||, true false, a removed `!`, textContent made innerHTML,
+ -, 0 1).

Each mutant is written into a scratch copy of the working tree (never the working tree itself) and
only the tests mapped to its module run (TESTS below), with -x and a per-mutant timeout. A mutant is
killed when those tests fail, survives when they pass, and times out when they run past the limit
(counted as killed: an infinite loop is caught too). The sample is a fixed-seed random choice per
module, so two runs with the same seed try the same mutants; the report says how many were drawn
out of how many.
"""

from __future__ import annotations

import argparse
import ast
import fnmatch
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

AREAS = {
    "macros": ["macros/**/*.py"],
    "js": ["content/assets/js/*.js"],
    "bench": ["bench/stats.py", "bench/report.py", "bench/runner/*.py"],
}

# Module pattern -> the test files that exercise it, fastest first (the first failure ends the run).
# The first matching pattern wins.
TESTS: list[tuple[str, list[str]]] = [
    ("bench/stats.py", ["tests/test_bench_stats.py", "tests/test_bench.py", "tests/test_measured.py"]),
    ("bench/report.py", ["tests/test_bench_stats.py", "tests/test_bench.py"]),
    ("bench/runner/*.py", ["tests/test_bench_stats.py", "tests/test_bench.py", "tests/test_bench_damage.py"]),
    ("macros/load/dates.py", ["tests/test_dates.py", "tests/test_adversarial.py", "tests/test_rules.py"]),
    ("macros/load/*.py", ["tests/test_xml_text.py", "tests/test_dates.py", "tests/test_adversarial.py", "tests/test_bad_inputs.py",
                          "tests/test_rules.py", "tests/test_schema_gate.py", "tests/test_fuzz.py",
                          "tests/test_cli.py", "tests/test_real_data.py", "tests/test_numbers.py"]),
    ("macros/validate/*.py", ["tests/test_schema_gate.py", "tests/test_bad_inputs.py", "tests/test_adversarial.py",
                              "tests/test_rules.py", "tests/test_fuzz.py", "tests/test_capabilities.py",
                              "tests/test_numbers.py"]),
    ("macros/check/*", ["tests/test_rules.py", "tests/test_rules_extra.py", "tests/test_hints.py",
                        "tests/test_measured.py", "tests/test_rubrics.py", "tests/test_adversarial.py",
                        "tests/test_bad_inputs.py", "tests/test_cli.py", "tests/test_real_data.py",
                        "tests/test_fuzz_measurements.py", "tests/test_capabilities.py", "tests/test_numbers.py"]),
    ("macros/problems.py", ["tests/test_cli.py", "tests/test_adversarial.py", "tests/test_rules.py",
                            "tests/test_bad_inputs.py"]),
    ("macros/cli.py", ["tests/test_cli.py", "tests/test_new.py", "tests/test_fix.py", "tests/test_diff.py",
                       "tests/test_adversarial.py"]),
    ("macros/authoring/fix.py", ["tests/test_fix.py", "tests/test_new.py", "tests/test_bench.py",
                                 "tests/test_safe_writes.py"]),
    ("macros/authoring/atomic_write.py", ["tests/test_safe_writes.py", "tests/test_fix.py"]),
    ("macros/authoring/key_order.py", ["tests/test_fix.py", "tests/test_new.py", "tests/test_bench.py"]),
    ("macros/authoring/reorder.py", ["tests/test_fix.py", "tests/test_new.py", "tests/test_bench.py"]),
    ("macros/authoring/yaml_text.py", ["tests/test_fix.py", "tests/test_new.py", "tests/test_refresh.py",
                                       "tests/test_bench.py"]),
    ("macros/authoring/refresh.py", ["tests/test_refresh.py", "tests/test_safe_writes.py"]),
    ("macros/authoring/scaffold.py", ["tests/test_new.py"]),
    ("macros/authoring/data_diff.py", ["tests/test_diff.py"]),
    ("macros/model/*.py", ["tests/test_purl.py", "tests/test_figures_text.py", "tests/test_evidence.py",
                           "tests/test_model.py", "tests/test_views.py", "tests/test_rubrics.py",
                           "tests/test_rubric_views.py", "tests/test_measured.py", "tests/test_opposed_grouping.py",
                           "tests/test_rules.py", "tests/test_real_data.py", "tests/test_diff.py",
                           "tests/test_site.py", "tests/test_capabilities.py", "tests/test_capability_views.py"]),
    ("macros/views/*.py", ["tests/test_calendar.py", "tests/test_views.py", "tests/test_rubric_views.py", "tests/test_opposed_grouping.py",
                           "tests/test_exports_csv.py", "tests/test_measured.py", "tests/test_site.py",
                           "tests/test_build_safety.py", "tests/test_structural_fuzz.py",
                           "tests/test_capability_views.py", "tests/test_myths.py",
                           "tests/test_disagreements_and_sources_pages.py", "tests/test_pair_pages.py"]),
    ("macros/glue/*.py", ["tests/test_site.py", "tests/test_build_safety.py", "tests/test_structural_fuzz.py"]),
    ("content/assets/js/*.js", ["tests/test_browser.py"]),
    ("macros/*.py", ["tests/test_cli.py", "tests/test_rules.py"]),
]

SAMPLE_PER_MODULE = 6  # mutants drawn per module unless --all
TIMEOUT_S = 240
# The browser suite takes about 4.5 minutes on its own on a 2-core machine (a site build, then Chromium):
# under 240 s every surviving JavaScript mutant would time out and be counted as killed.
JS_TIMEOUT_S = 900


@dataclass
class Mutant:
    path: str  # relative to the repository
    line: int
    operator: str
    description: str
    source: str  # the whole mutated file ("" until made: only the drawn mutants are written out)
    edit: tuple[int, str] | None = None  # a Python mutant: (node index in ast.walk order, operator)
    status: str = "not run"  # killed | survived | timeout | not run
    seconds: float = 0.0


# ---------------------------------------------------------------------------------------------------------
# Python mutants


COMPARE_SWAPS = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq,
                 ast.NotEq: ast.Eq, ast.In: ast.NotIn, ast.NotIn: ast.In, ast.Is: ast.IsNot, ast.IsNot: ast.Is}
BINOP_SWAPS = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult, ast.FloorDiv: ast.Div,
               ast.Mod: ast.FloorDiv, ast.Pow: ast.Mult}
CALL_SWAPS = {"median": "mean", "mean": "median", "min": "max", "max": "min", "any": "all", "all": "any",
              "startswith": "endswith", "endswith": "startswith", "lstrip": "rstrip", "rstrip": "lstrip"}
ESCAPERS = {"escape", "escape_text", "quote", "quote_plus", "escape_property"}
OP_SYMBOLS = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!=",
              ast.In: "in", ast.NotIn: "not in", ast.Is: "is", ast.IsNot: "is not", ast.Add: "+", ast.Sub: "-",
              ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//", ast.Mod: "%", ast.Pow: "**", ast.And: "and",
              ast.Or: "or"}


def _skipped_nodes(tree: ast.Module) -> set[int]:
    """Nodes not worth mutating: docstrings, annotations, `__future__` imports, `__all__`, logging text."""
    skipped: set[int] = set()

    def skip(node: ast.AST | None) -> None:
        if node is not None:
            skipped.update(id(n) for n in ast.walk(node))

    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(
                    first.value.value, str):
                skip(first)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            skip(node.returns)
            for arg in [*node.args.args, *node.args.kwonlyargs, *node.args.posonlyargs, node.args.vararg,
                        node.args.kwarg]:
                if arg is not None:
                    skip(arg.annotation)
        if isinstance(node, ast.AnnAssign):
            skip(node.annotation)
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            skip(node)
        if isinstance(node, ast.If) and isinstance(node.test, ast.Compare) and isinstance(
                node.test.left, ast.Name) and node.test.left.id == "__name__":
            skip(node)
    return skipped


def _candidate_edits(tree: ast.Module) -> list[tuple[int, str, str]]:
    """(node index in ast.walk order, operator, description) for every mutation of the tree."""
    skipped = _skipped_nodes(tree)
    edits: list[tuple[int, str, str]] = []
    for index, node in enumerate(ast.walk(tree)):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Compare):
            for position, op in enumerate(node.ops):
                if type(op) in COMPARE_SWAPS:
                    new = COMPARE_SWAPS[type(op)]
                    edits.append((index, f"compare:{position}", f"{OP_SYMBOLS[type(op)]} -> {OP_SYMBOLS[new]}"))
        elif isinstance(node, ast.BoolOp):
            edits.append((index, "boolop", "and -> or" if isinstance(node.op, ast.And) else "or -> and"))
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            edits.append((index, "not", "not removed"))
        elif isinstance(node, (ast.BinOp, ast.AugAssign)) and type(node.op) in BINOP_SWAPS:
            if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and isinstance(
                    node.left, (ast.Constant, ast.JoinedStr)):
                continue  # "%" formatting of a string
            new = BINOP_SWAPS[type(node.op)]
            edits.append((index, "binop", f"{OP_SYMBOLS[type(node.op)]} -> {OP_SYMBOLS[new]}"))
        elif isinstance(node, ast.Constant) and not isinstance(node.value, str | bytes):
            value = node.value
            if value is True or value is False:
                edits.append((index, "constant", f"{value} -> {not value}"))
            elif isinstance(value, int) and value in (0, 1):
                edits.append((index, "constant", f"{value} -> {1 - value}"))
            elif isinstance(value, int | float) and value is not None:
                edits.append((index, "constant", f"{value!r} -> {value + 1!r}"))
        elif isinstance(node, ast.Return) and node.value is not None and not (
                isinstance(node.value, ast.Constant) and node.value.value is None):
            edits.append((index, "return-none", "return value -> return None"))
        elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            edits.append((index, "delete", f"statement deleted: {ast.unparse(node)[:60]}"))
        elif isinstance(node, (ast.Continue, ast.Break)):
            edits.append((index, "delete", f"{type(node).__name__.lower()} deleted"))
        elif isinstance(node, ast.Call):
            name = _call_name(node)
            if name in ESCAPERS and node.args:
                edits.append((index, "unescape", f"{name}(x) -> x"))
            elif name in CALL_SWAPS:
                edits.append((index, "call-swap", f"{name}() -> {CALL_SWAPS[name]}()"))
            elif (name == "format" and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Call)
                  and _call_name(node.func.value) == "Markup" and node.func.value.args):
                edits.append((index, "unescape", "Markup(t).format(x) -> Markup(t.format(x))"))
    return edits


def _call_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


class _Replace(ast.NodeTransformer):
    def __init__(self, target: ast.AST, operator: str) -> None:
        self.target, self.operator = target, operator

    def visit(self, node: ast.AST) -> ast.AST | None:  # type: ignore[override]
        if node is not self.target:
            return self.generic_visit(node)
        op = self.operator
        if op.startswith("compare:"):
            position = int(op.split(":")[1])
            node.ops[position] = COMPARE_SWAPS[type(node.ops[position])]()
            return node
        if op == "boolop":
            node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
            return node
        if op == "not":
            return node.operand
        if op == "binop":
            node.op = BINOP_SWAPS[type(node.op)]()
            return node
        if op == "constant":
            value = node.value
            if value is True or value is False:
                return ast.Constant(not value)
            if isinstance(value, int) and value in (0, 1):
                return ast.Constant(1 - value)
            return ast.Constant(value + 1)
        if op == "return-none":
            return ast.Return(value=ast.Constant(None))
        if op == "delete":
            return ast.Pass()
        if op == "unescape":
            if _call_name(node) == "format":
                markup = node.func.value
                formatted = ast.Call(func=ast.Attribute(value=markup.args[0], attr="format", ctx=ast.Load()),
                                     args=node.args, keywords=node.keywords)
                return ast.Call(func=markup.func, args=[formatted], keywords=[])
            return node.args[0]
        if op == "call-swap":
            name = _call_name(node)
            if isinstance(node.func, ast.Name):
                node.func = ast.Name(id=CALL_SWAPS[name], ctx=ast.Load())
            else:
                node.func.attr = CALL_SWAPS[name]
            return node
        raise ValueError(op)


def python_mutants(path: Path) -> list[Mutant]:
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text)
    relative = path.relative_to(REPO).as_posix()
    nodes = list(ast.walk(tree))
    mutants = []
    for index, operator, description in _candidate_edits(tree):
        line = getattr(nodes[index], "lineno", 0)
        mutants.append(Mutant(relative, line, operator.split(":")[0], description, "", (index, operator)))
    return mutants


def python_source(path: Path, edit: tuple[int, str]) -> str:
    """The whole file with one edit made (made for the drawn mutants only: a copy of the tree per
    mutant of every module is what made listing slow)."""
    index, operator = edit
    mutated = ast.parse(path.read_text(encoding="utf-8"))
    target = list(ast.walk(mutated))[index]
    mutated = _Replace(target, operator).visit(mutated)
    ast.fix_missing_locations(mutated)
    return ast.unparse(mutated) + "\n"


# ---------------------------------------------------------------------------------------------------------
# JavaScript mutants

JS_SWAPS = [("===", "!=="), ("!==", "==="), ("<=", "<"), (">=", ">"), ("&&", "||"), ("||", "&&"),
            ("<", "<="), (">", ">="), ("textContent", "innerHTML"), ("true", "false"), ("false", "true"),
            ("+", "-"), ("-", "+")]
JS_TOKEN = re.compile(r"""
    (?P<skip>//[^\n]*|/\*.*?\*/|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`)
  | (?P<op>===|!==|<=|>=|&&|\|\||=>|\+\+|--|\+=|-=|[<>+\-]|!(?!=))
  | (?P<word>\b(?:true|false|textContent)\b)
  | (?P<number>\b[01]\b)
""", re.VERBOSE | re.DOTALL)


def js_mutants(path: Path) -> list[Mutant]:
    text = path.read_text(encoding="utf-8")
    relative = path.relative_to(REPO).as_posix()
    mutants = []
    for match in JS_TOKEN.finditer(text):
        if match.group("skip"):
            continue
        token = match.group(0)
        replacements = [new for old, new in JS_SWAPS if old == token]
        if token == "!":
            replacements = [""]
        if match.group("number"):
            replacements = ["1" if token == "0" else "0"]
        for new in replacements:
            line = text.count("\n", 0, match.start()) + 1
            source = text[:match.start()] + new + text[match.end():]
            description = f"{token} -> {new or '(removed)'}"
            mutants.append(Mutant(relative, line, "js", description, source))
    return mutants


# ---------------------------------------------------------------------------------------------------------
# Running


def tests_for(relative: str) -> list[str]:
    for pattern, tests in TESTS:
        if fnmatch.fnmatch(relative, pattern):
            return [t for t in tests if (REPO / t).is_file()]
    return []


def modules(areas: list[str], only: list[str]) -> list[tuple[str, Path]]:
    found = []
    for area in areas:
        for pattern in AREAS[area]:
            for path in sorted(REPO.glob(pattern)):
                relative = path.relative_to(REPO).as_posix()
                if only and relative not in only:
                    continue
                if path.is_file() and path.stat().st_size > 0:
                    found.append((area, path))
    return found


def scratch_copy() -> Path:
    """A copy of the working tree's files (tracked and untracked, not ignored), with the shared links."""
    scratch = Path(tempfile.mkdtemp(prefix="mutation-"))
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=REPO, check=True,
                            capture_output=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = REPO / name
        if not source.exists() and not source.is_symlink():
            continue
        target = scratch / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            target.symlink_to(os.readlink(source))
        else:
            shutil.copy2(source, target)
    for shared in (".venv", "node_modules"):
        if (REPO / shared).exists() and not (scratch / shared).exists():
            (scratch / shared).symlink_to((REPO / shared).resolve(), target_is_directory=True)
    return scratch


def run_tests(scratch: Path, tests: list[str], timeout: int) -> tuple[str, float]:
    env = {**os.environ, "PYTHONPATH": str(scratch), "PYTHONDONTWRITEBYTECODE": "1", "CI": "true"}
    command = [str(REPO / ".venv" / "bin" / "python"), "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider",
               "--no-header", "-o", "addopts=", *tests]
    started = time.monotonic()
    try:
        result = subprocess.run(command, cwd=scratch, env=env, capture_output=True, timeout=timeout,
                                start_new_session=True)
    except subprocess.TimeoutExpired:
        return "timeout", time.monotonic() - started
    # 0: every test passed; 5: no test collected, which counts as surviving (nothing caught it).
    return ("survived" if result.returncode in (0, 5) else "killed"), time.monotonic() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--areas", nargs="+", choices=sorted(AREAS), default=sorted(AREAS))
    parser.add_argument("--module", nargs="+", default=[], help="only these files (paths from the repository root)")
    parser.add_argument("--sample", type=int, default=SAMPLE_PER_MODULE, help="mutants drawn per module")
    parser.add_argument("--all", action="store_true", help="every mutant, no sample")
    parser.add_argument("--seed", type=int, default=23)
    parser.add_argument("--timeout", type=int, default=None,
                        help=f"seconds per mutant (default {TIMEOUT_S}, JavaScript {JS_TIMEOUT_S})")
    parser.add_argument("--list", action="store_true", help="list the mutants, run nothing")
    parser.add_argument("--json", type=Path, help="also write every mutant's result here")
    args = parser.parse_args(argv)

    chosen: list[tuple[str, Mutant]] = []
    totals: dict[str, int] = {}
    for area, path in modules(args.areas, args.module):
        mutants = js_mutants(path) if path.suffix == ".js" else python_mutants(path)
        totals[area] = totals.get(area, 0) + len(mutants)
        if not args.all and len(mutants) > args.sample:
            mutants = random.Random(f"{args.seed}:{path.relative_to(REPO).as_posix()}").sample(mutants, args.sample)
            mutants.sort(key=lambda m: m.line)
        chosen.extend((area, m) for m in mutants)

    if args.list:
        for area, m in chosen:
            print(f"{area:7} {m.path}:{m.line}: {m.operator}: {m.description}", flush=True)
        print(f"{len(chosen)} mutants drawn of {sum(totals.values())}")
        return 0

    scratch = scratch_copy()
    print(f"{len(chosen)} mutants drawn of {sum(totals.values())} (seed {args.seed}, "
          f"{'all' if args.all else f'at most {args.sample} per module'}); scratch copy {scratch}", flush=True)
    try:
        for number, (area, m) in enumerate(chosen, 1):
            target = scratch / m.path
            original = target.read_bytes()
            tests = tests_for(m.path)
            if m.edit is not None:
                try:
                    m.source = python_source(REPO / m.path, m.edit)
                except Exception:  # noqa: BLE001 - a mutant that cannot be written out is not run
                    print(f"[{number}/{len(chosen)}] not run (cannot be written) {m.path}:{m.line}: {m.description}")
                    continue
            try:
                target.write_text(m.source, encoding="utf-8")
                timeout = args.timeout or (JS_TIMEOUT_S if m.path.endswith(".js") else TIMEOUT_S)
                m.status, m.seconds = run_tests(scratch, tests, timeout) if tests else ("survived", 0.0)
            finally:
                target.write_bytes(original)
            print(f"[{number}/{len(chosen)}] {m.status:8} {m.seconds:6.1f}s {m.path}:{m.line}: {m.description}",
                  flush=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    print("\nKill rate per area (timeouts count as killed):")
    for area in sorted({a for a, _ in chosen}):
        ran = [m for a, m in chosen if a == area]
        killed = sum(m.status in ("killed", "timeout") for m in ran)
        print(f"  {area:7} {killed}/{len(ran)} killed ({killed / len(ran):.0%}); drawn {len(ran)} of {totals[area]}")
    survivors = [m for _, m in chosen if m.status == "survived"]
    print(f"\nSurvivors ({len(survivors)}):")
    for m in survivors:
        print(f"  {m.path}:{m.line}: {m.operator}: {m.description}")
    if args.json:
        args.json.write_text(json.dumps([{k: v for k, v in asdict(m).items() if k != "source"} | {"area": a}
                                         for a, m in chosen], indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

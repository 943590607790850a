"""Every problem the tools can report comes with a hint: each call of `error` or `warning` in the
package passes one (the functions require it; this finds a call that would fail only when reached)."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import REPO


def _problem_calls() -> list[tuple[str, ast.Call]]:
    calls = []
    for path in sorted((REPO / "macros").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {alias.asname or alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                    and node.module == "macros.problems" for alias in node.names}
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in {"error", "warning"} \
                    and node.func.id in imported:
                calls.append((f"{path.relative_to(REPO)}:{node.lineno}", node))
    return calls


def test_every_problem_is_reported_with_a_hint() -> None:
    calls = _problem_calls()
    assert len(calls) > 40
    missing = [where for where, call in calls
               if len(call.args) < 4 and not any(k.arg == "hint" for k in call.keywords)]
    assert not missing, f"no hint at {missing}"
    empty = [where for where, call in calls
             if len(call.args) >= 4 and isinstance(call.args[3], ast.Constant) and not call.args[3].value]
    assert not empty, f"empty hint at {empty}"


def test_an_unknown_name_gets_the_closest_known_one_else_the_list_of_up_to_twelve() -> None:
    from macros.check.rules._suggest import did_you_mean

    assert did_you_mean("pytorh", ["jax", "pytorch", "keras"], "frameworks") == "did you mean 'pytorch'?"
    twelve = [f"fw{letter}" for letter in "abcdefghijkl"]
    assert did_you_mean("zzz", reversed(twelve), "frameworks") == (
        "known frameworks: fwa, fwb, fwc, fwd, fwe, fwf, fwg, fwh, fwi, fwj, fwk, fwl")  # sorted
    assert did_you_mean("zzz", [*twelve, "fwm"], "frameworks") == "see the frameworks under data/"  # 13: too many

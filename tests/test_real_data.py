"""The repository's own data passes the checker with zero errors."""

from __future__ import annotations

import json

from conftest import REPO


def test_repository_data_has_no_errors(run_cli) -> None:
    result = run_cli("check", str(REPO / "data"))
    errors = [line for line in result.lines if ": error[" in line]
    assert result.code == 0, "\n".join(errors)


def test_repository_data_lists_its_resolved_contradictions(run_cli) -> None:
    result = run_cli("check", str(REPO / "data"), "--format", "json")
    report = json.loads(result.out)
    assert report["contradictions"], "the seed articles disagree; the data must record it"
    assert all(c["resolved"] for c in report["contradictions"])

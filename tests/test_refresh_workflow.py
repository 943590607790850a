"""The scheduled refresh workflow: it parses, runs on a schedule and by hand, runs the same commands
as the Makefile and the CLI offer, pins its actions and proposes one pull request on a fixed branch."""

from __future__ import annotations

import re

import yaml
from conftest import REPO

WORKFLOW = REPO / ".github" / "workflows" / "refresh.yml"


def _workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def test_the_workflow_runs_daily_and_by_hand() -> None:
    triggers = _workflow()[True]  # YAML 1.1 reads the key `on` as true
    assert "workflow_dispatch" in triggers
    assert len(triggers["schedule"][0]["cron"].split()) == 5


def test_it_refreshes_checks_and_builds_with_the_makefile_and_cli_commands() -> None:
    steps = _workflow()["jobs"]["refresh"]["steps"]
    commands = [s["run"] for s in steps if "run" in s]
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    for target in re.findall(r"\bmake (\S+)", "\n".join(commands)):
        assert re.search(rf"^(\$\(VENV\)/)?{re.escape(target.removeprefix('.venv/'))}:", makefile, re.M), target
    joined = "\n".join(commands)
    order = [joined.index(c) for c in ("-m macros refresh --summary", "-m macros check", "make build", "gh pr")]
    assert order == sorted(order)
    assert re.search(r"^build:.*\n\t\$\(BIN\)/mkdocs build --strict$", makefile, re.M)


def test_every_action_is_pinned_to_a_commit_and_the_pull_request_branch_is_fixed() -> None:
    workflow = _workflow()
    uses = [s["uses"] for s in workflow["jobs"]["refresh"]["steps"] if "uses" in s]
    assert uses and all(re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", u) for u in uses)
    assert workflow["env"]["BRANCH"] and "${" not in workflow["env"]["BRANCH"]
    body = next(s["run"] for s in workflow["jobs"]["refresh"]["steps"] if "gh pr" in s.get("run", ""))
    assert "gh pr edit" in body and "gh pr create" in body and body.count("--body-file") == 2

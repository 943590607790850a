"""Warn when a measured version is older than the framework's latest_version fact."""

from __future__ import annotations

from collections.abc import Iterator

from macros.check.config import CheckConfig
from macros.model.measurements import version_key
from macros.model.types import Dataset
from macros.problems import Problem, warning

RULE_ID = "stale-measurement"


def check(data: Dataset, config: CheckConfig) -> Iterator[Problem]:
    for run in data.measurements:
        for result in run.results:
            framework = data.frameworks.get(result.framework)
            entries = framework.facts.get("latest_version", ()) if framework else ()
            current = [e for e in entries if e.until is None] or list(entries)
            if not current:
                continue
            latest = max((str(e.value) for e in current), key=version_key)
            if version_key(result.version) < version_key(latest):
                yield warning(
                    RULE_ID,
                    result.fields["version"],
                    f"{result.adapter} measured {result.framework} {result.version}; its latest version is {latest}",
                    "rerun the benchmark with the latest version pinned in bench/envs/requirements/, or say "
                    "why it cannot be installed (for example a newer Python it needs)",
                )

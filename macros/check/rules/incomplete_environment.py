"""A measurement says what it ran on: every result's environment is recorded, with the framework's
version among its packages, and a GPU run names its GPU."""

from __future__ import annotations

from collections.abc import Iterator

from macros.check.config import CheckConfig
from macros.model.types import Dataset
from macros.problems import Problem, error

RULE_ID = "incomplete-environment"


def check(data: Dataset, config: CheckConfig) -> Iterator[Problem]:
    for run in data.measurements:
        if run.machine.get("device") == "cuda" and "gpu" not in run.machine:
            yield error(RULE_ID, run.machine_fields["device"], f"run '{run.id}' used a GPU but does not name it",
                        "record the GPU model and driver under machine.gpu (python -m bench run does)")
        if run.harness_commit == "unknown":
            yield error(RULE_ID, run.fields["harness_commit"], f"run '{run.id}' does not say which harness commit ran",
                        "run the harness from a git checkout so that it records its commit")
        for result in run.results:
            environment = run.environments.get(result.environment)
            if environment is None:
                yield error(RULE_ID, result.fields["environment"],
                            f"result '{result.adapter}' ran in environment '{result.environment}', "
                            "which the file does not record",
                            "add the environment (Python, BLAS, every package's version) under `environments`")
            elif result.version not in environment["packages"].values():
                yield error(RULE_ID, result.fields["version"],
                            f"result '{result.adapter}' gives version {result.version}, which no package of "
                            f"environment '{result.environment}' has",
                            "the version must be one of the recorded packages' versions")

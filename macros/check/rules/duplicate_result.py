"""One result per adapter in a run, one entry per workload in a result and one per batch in a
workload: a second copy would let the faster one be published (the pages take the first they find).
An inference file has one result, or one failure, per runtime and workload."""

from __future__ import annotations

from collections.abc import Iterator

from macros.check.config import CheckConfig
from macros.model.types import Dataset
from macros.problems import Location, Problem, error

RULE_ID = "duplicate-result"

HINT = "keep the one the harness wrote and delete the copy (python -m bench assemble writes each once)"


def check(data: Dataset, config: CheckConfig) -> Iterator[Problem]:
    for run in data.measurements:
        adapters: dict[str, Location] = {}
        for result in run.results:
            where = result.fields["adapter"]
            if result.adapter in adapters:
                yield error(RULE_ID, where, f"adapter {result.adapter} has a second result in run '{run.id}' "
                            f"(the first at {adapters[result.adapter]})", HINT)
            adapters.setdefault(result.adapter, where)
            workloads: dict[str, Location] = {}
            for workload in result.workloads:
                where = workload.fields["workload"]
                if workload.workload in workloads:
                    yield error(RULE_ID, where, f"{result.adapter} has workload {workload.workload} twice "
                                f"(the first at {workloads[workload.workload]})", HINT)
                workloads.setdefault(workload.workload, where)
                batches: dict[int, Location] = {}
                for timing in workload.timings:
                    if timing.batch is None:
                        continue
                    where = timing.batch_at or timing.at
                    if timing.batch in batches:
                        yield error(RULE_ID, where, f"{result.adapter} {workload.workload} has inference at batch "
                                    f"{timing.batch} twice (the first at {batches[timing.batch]})", HINT)
                    batches.setdefault(timing.batch, where)
    yield from _inference(data)


def _inference(data: Dataset) -> Iterator[Problem]:
    for run in data.inference:
        for what, entries in (("result", run.results), ("failure", run.failures)):
            seen: dict[tuple[str, str], Location] = {}
            for entry in entries:
                where = entry.fields["runtime"]
                key = (entry.runtime, entry.workload)
                if key in seen:
                    yield error(RULE_ID, where, f"{entry.runtime} {entry.workload or '(every workload)'} has a second {what} in inference "
                                f"run '{run.id}' (the first at {seen[key]})",
                                "keep the one the harness wrote and delete the copy")
                seen.setdefault(key, where)

"""A measurement file holds results only for what its run defines: every result's workload is one of
the run's `workloads`, and every inference batch one of that workload's `infer_batches`.

A result for anything else has nothing to be compared with (no definition, no reference loss), and
the pages would drop it without a word. The same holds for an inference file's results and
failures: each names one of the file's `workloads`.
"""

from __future__ import annotations

from collections.abc import Iterator

from macros.check.config import CheckConfig
from macros.model.types import Dataset
from macros.problems import Problem, error, quote

RULE_ID = "undefined-workload"


def check(data: Dataset, config: CheckConfig) -> Iterator[Problem]:
    for run in data.measurements:
        definitions = {definition["id"]: definition for definition in run.workloads}
        defined = ", ".join(definitions) or "none"
        for result in run.results:
            for workload in result.workloads:
                definition = definitions.get(workload.workload)
                if definition is None:
                    yield error(RULE_ID, workload.fields["workload"],
                                f"{result.adapter} has a result for workload {quote(workload.workload)}, which "
                                f"run '{run.id}' does not define (it defines {defined})",
                                "add the workload's definition under `workloads` (the harness writes it), "
                                "or remove the result")
                    continue
                batches = definition["infer_batches"]
                for timing in workload.timings:
                    if timing.batch is not None and timing.batch not in batches:
                        yield error(RULE_ID, timing.batch_at or timing.at,
                                    f"{result.adapter} {workload.workload} has inference at batch {timing.batch}, "
                                    f"which the run's workload defines no inference for "
                                    f"(its infer_batches: {', '.join(map(str, batches))})",
                                    "remove the result, or rerun with the batch in the workload's definition")
        for failure in run.failures:
            if failure.workload is not None and failure.workload not in definitions:
                yield error(RULE_ID, failure.fields["workload"],
                            f"{failure.adapter} failed workload {quote(failure.workload)}, which run '{run.id}' "
                            f"does not define (it defines {defined})",
                            "name one of the run's workloads, or leave `workload` out for a whole-adapter failure")
    yield from _inference(data)


def _inference(data: Dataset) -> Iterator[Problem]:
    for run in data.inference:
        defined = {workload.id for workload in run.workloads}
        named = [(r.runtime, r.workload, r.fields["workload"], "has a result for") for r in run.results]
        named += [(f.runtime, f.workload, f.fields["workload"], "failed") for f in run.failures if f.workload]
        for runtime, workload, where, role in named:
            if workload not in defined:
                yield error(RULE_ID, where,
                            f"{runtime} {role} workload {quote(workload)}, which inference run '{run.id}' does not "
                            f"define (it defines {', '.join(sorted(defined))})",
                            "add the workload's definition under `workloads` (the harness writes it), "
                            "or remove the entry")

"""A result holds every repetition the run's protocol took: rounds × repetitions per round for each
steady-state figure, one value per round for first calls, first losses, import times and memory.

Fewer values than that would let a contributor keep the fastest repetitions and drop the rest (the
median moves with them); more would be repetitions from another run. A round may be missing only
where the result records the error that lost it (`errors`, with its round).

An inference result has one entry per round under `rounds`, and rounds × repetitions timed calls
for each batch size its workload defines, and for no other.
"""

from __future__ import annotations

from collections.abc import Iterator

from macros.check.config import CheckConfig
from macros.model.measurements import MeasuredResult
from macros.model.types import Dataset
from macros.problems import Location, Problem, error

RULE_ID = "sample-count"

HINT = ("keep every value the harness wrote (python -m bench assemble rewrites the file from the raw "
        "results); a round lost to an error is recorded under the result's `errors`")


def check(data: Dataset, config: CheckConfig) -> Iterator[Problem]:
    for run in data.measurements:
        rounds = int(run.protocol["rounds"])
        repetitions = int(run.protocol["repetitions_per_round"])
        for result in run.results:
            yield from _error_rounds(result, rounds)
            lost = {r for r, workload in result.error_rounds if workload is None and 1 <= r <= rounds}
            loaded = rounds - len(lost)
            for field, count in (("import_seconds", len(result.import_seconds)),
                                 ("peak_rss_bytes", len(result.peak_rss_bytes))):
                if count != loaded:
                    yield _wrong(result.fields[field], f"{result.adapter} {field}", count, loaded, "round", lost)
            for workload in result.workloads:
                missed = lost | {r for r, w in result.error_rounds if w == workload.workload and 1 <= r <= rounds}
                ran = rounds - len(missed)
                name = f"{result.adapter} {workload.workload}"
                per_round = [("first_losses", len(workload.first_losses), workload.fields["first_losses"])]
                if workload.first_step_seconds:
                    per_round.append(("first_step_seconds", len(workload.first_step_seconds),
                                      workload.fields["first_step_seconds"]))
                for timing in workload.timings:
                    if timing.batch is not None:
                        per_round.append((f"infer b{timing.batch} first_call_seconds", len(timing.first_calls),
                                          timing.first_calls_at or timing.at))
                for what, count, where in per_round:
                    if count != ran:
                        yield _wrong(where, f"{name} {what}", count, ran, "round", missed)
                for timing in workload.timings:
                    wanted = ran * repetitions
                    if len(timing.samples) != wanted:
                        yield _wrong(timing.at, f"{name} {timing.metric}", len(timing.samples), wanted,
                                     f"repetition ({ran} round(s) × {repetitions} repetitions)", missed)
    yield from _inference(data)


INFERENCE_HINT = ("keep every value the harness wrote: one entry per round under `rounds`, and rounds × "
                  "repetitions timed calls for each batch the workload defines (python -m bench infer writes them)")


def _inference(data: Dataset) -> Iterator[Problem]:
    for run in data.inference:
        rounds = int(run.protocol["rounds"])
        repetitions = int(run.protocol["repetitions_per_round"])
        for result in run.results:
            name = f"{result.runtime} {result.workload}"
            if len(result.rounds) != rounds:
                yield _wrong(result.fields["rounds"], f"{name} rounds", len(result.rounds), rounds, "round", set(),
                             INFERENCE_HINT)
            workload = run.workload(result.workload)
            if workload is None:
                continue  # reported by undefined-workload
            for latency in result.latencies:
                if latency.batch not in workload.batches:
                    yield error(RULE_ID, result.batch_keys.get(str(latency.batch), latency.at),
                                f"{name} has latencies at batch {latency.batch}, which the workload does not time "
                                f"(its batches: {', '.join(map(str, workload.batches))})", INFERENCE_HINT)
                elif len(latency.samples) != rounds * repetitions:
                    yield _wrong(latency.at, f"{name} batch {latency.batch} latency_seconds", len(latency.samples),
                                 rounds * repetitions, f"repetition ({rounds} round(s) × {repetitions} repetitions)",
                                 set(), INFERENCE_HINT)
            missing = [b for b in workload.batches if result.latency(b) is None]
            if missing:
                yield error(RULE_ID, result.fields["latency_seconds"],
                            f"{name} has no latencies at batch {', '.join(map(str, missing))}, which the workload "
                            "times", INFERENCE_HINT)


def _error_rounds(result: MeasuredResult, rounds: int) -> Iterator[Problem]:
    for (round_no, _), where in zip(result.error_rounds, result.error_at):
        if round_no > rounds:
            yield error(RULE_ID, where, f"{result.adapter} records an error in round {round_no}, but the run "
                        f"has {rounds} round(s)", HINT)


def _wrong(where: Location, what: str, count: int, wanted: int, unit: str, lost: set[int],
           hint: str = HINT) -> Problem:
    excused = f" ({len(lost)} round(s) lost to recorded errors)" if lost else ""
    return error(RULE_ID, where, f"{what} has {count} value(s); the run's protocol gives {wanted}, one per "
                 f"{unit}{excused}", hint)

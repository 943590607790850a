"""Inference runs: inference runtimes measured on models of realistic size (data/inference/), as the
rules check them and the views show them.

Every timing is kept as the list of its calls; medians and throughput (batch / median latency) are
computed here, from the data, never stored in it. Figures of two runs are never set against each
other: a ratio is taken only between runtimes of one file (one machine, one protocol).
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from macros.load.yaml_file import Document, NodePath
from macros.model.measurements import Agreement, agreement_of
from macros.model.types import Fields, PartialDate
from macros.problems import Location

FLOAT32 = "float32"


@dataclass(frozen=True, slots=True)
class InferenceWorkload:
    id: str
    title: str
    parameters: int
    input: tuple[int, ...]
    batches: tuple[int, ...]
    at: Location
    fields: Fields


@dataclass(frozen=True, slots=True)
class Runtime:
    id: str
    title: str
    framework: str
    environment: str
    version: str
    format: str
    path: str
    converter: str | None
    precision: str
    at: Location
    fields: Fields


@dataclass(frozen=True, slots=True)
class InferenceRound:
    load_seconds: float
    first_result_seconds: float
    peak_rss_bytes: int


@dataclass(frozen=True, slots=True)
class Latency:
    """The timed calls at one batch size, in seconds, in round order."""

    batch: int
    samples: tuple[float, ...]
    at: Location

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def throughput(self) -> float:
        """Inputs per second: the batch over the median latency."""
        return self.batch / self.median


@dataclass(frozen=True, slots=True)
class InferenceResult:
    runtime: str
    workload: str
    conversion_seconds: float | None
    model_bytes: int
    rounds: tuple[InferenceRound, ...]
    max_relative_error: float
    latencies: tuple[Latency, ...]
    at: Location
    fields: Fields
    # Where a batch key is written, by the text of the key ("1"), for messages about it.
    batch_keys: Mapping[str, Location]

    def latency(self, batch: int) -> Latency | None:
        return next((la for la in self.latencies if la.batch == batch), None)

    @property
    def load_seconds(self) -> float:
        return statistics.median(r.load_seconds for r in self.rounds)

    @property
    def first_result_seconds(self) -> float:
        return statistics.median(r.first_result_seconds for r in self.rounds)

    @property
    def peak_rss_bytes(self) -> int:
        """The largest peak of any round: the memory a reader must have."""
        return max(r.peak_rss_bytes for r in self.rounds)


@dataclass(frozen=True, slots=True)
class InferenceFailure:
    runtime: str
    workload: str | None  # None: the runtime failed on every workload
    stage: str
    reason: str
    at: Location
    fields: Fields


@dataclass(frozen=True, slots=True)
class RuntimeNotMeasured:
    framework: str
    reason: str
    at: Location
    fields: Fields


@dataclass(frozen=True, slots=True)
class InferenceRun:
    id: str
    title: str
    measured: PartialDate
    command: str
    harness_commit: str
    replicate_of: str | None
    protocol: Mapping[str, Any]
    machine: Mapping[str, Any]
    workloads: tuple[InferenceWorkload, ...]
    runtimes: tuple[Runtime, ...]
    results: tuple[InferenceResult, ...]
    failures: tuple[InferenceFailure, ...]
    not_measured: tuple[RuntimeNotMeasured, ...]
    file_stem: str
    at: Location
    fields: Fields
    contributed_by: str | None = None
    contributed_url: str | None = None
    contributed_url_at: Location | None = None

    @property
    def identity(self) -> str:
        """The machine's one-line identity (older records name only the CPU model)."""
        return str(self.machine.get("identity") or self.machine.get("cpu_model") or "an unrecorded machine")

    @property
    def tolerance(self) -> float:
        return float(self.protocol["tolerance"])

    def runtime(self, runtime_id: str) -> Runtime | None:
        return next((r for r in self.runtimes if r.id == runtime_id), None)

    def workload(self, workload_id: str) -> InferenceWorkload | None:
        return next((w for w in self.workloads if w.id == workload_id), None)

    def result(self, runtime_id: str, workload_id: str) -> InferenceResult | None:
        return next((r for r in self.results if r.runtime == runtime_id and r.workload == workload_id), None)


def build_inference_run(doc: Document, file_stem: str) -> InferenceRun:
    raw = doc.data
    contributed = raw.get("contributed") or {}
    return InferenceRun(
        id=raw["id"],
        title=raw["title"],
        measured=PartialDate.parse(raw["measured"]),
        command=raw["command"],
        harness_commit=raw["harness_commit"],
        replicate_of=raw["replicate_of"],
        protocol=raw["protocol"],
        machine=raw["machine"],
        workloads=tuple(_workload(doc, ("workloads", i), w) for i, w in enumerate(raw["workloads"])),
        runtimes=tuple(_runtime(doc, ("runtimes", i), r) for i, r in enumerate(raw["runtimes"])),
        results=tuple(_result(doc, ("results", i), r) for i, r in enumerate(raw["results"])),
        failures=tuple(_failure(doc, ("failures", i), f) for i, f in enumerate(raw["failures"])),
        not_measured=tuple(RuntimeNotMeasured(n["framework"], n["reason"], doc.at(("not_measured", i)),
                                              doc.fields_at(("not_measured", i), n))
                           for i, n in enumerate(raw["not_measured"])),
        file_stem=file_stem,
        at=doc.at(()),
        fields=doc.fields_at((), raw),
        contributed_by=contributed.get("by"),
        contributed_url=contributed.get("url"),
        contributed_url_at=doc.at(("contributed", "url")) if contributed.get("url") else None,
    )


def _workload(doc: Document, path: NodePath, raw: dict[str, Any]) -> InferenceWorkload:
    return InferenceWorkload(raw["id"], raw["title"], raw["parameters"], tuple(raw["input"]), tuple(raw["batches"]),
                             doc.at(path), doc.fields_at(path, raw))


def _runtime(doc: Document, path: NodePath, raw: dict[str, Any]) -> Runtime:
    return Runtime(raw["id"], raw["title"], raw["framework"], raw["environment"], str(raw["version"]), raw["format"],
                   raw["path"], raw["converter"], raw["precision"], doc.at(path), doc.fields_at(path, raw))


def _result(doc: Document, path: NodePath, raw: dict[str, Any]) -> InferenceResult:
    latency = raw["latency_seconds"]
    where = path + ("latency_seconds",)
    return InferenceResult(
        runtime=raw["runtime"],
        workload=raw["workload"],
        conversion_seconds=raw["conversion_seconds"],
        model_bytes=raw["model_bytes"],
        rounds=tuple(InferenceRound(r["load_seconds"], r["first_result_seconds"], r["peak_rss_bytes"])
                     for r in raw["rounds"]),
        max_relative_error=raw["max_relative_error"],
        latencies=tuple(Latency(int(batch), tuple(samples), doc.at(where + (batch,)))
                        for batch, samples in latency.items()),
        at=doc.at(path),
        fields=doc.fields_at(path, raw),
        batch_keys={batch: doc.key_at(where + (batch,)) for batch in latency},
    )


def _failure(doc: Document, path: NodePath, raw: dict[str, Any]) -> InferenceFailure:
    return InferenceFailure(raw["runtime"], raw.get("workload"), raw["stage"], raw["reason"], doc.at(path),
                            doc.fields_at(path, raw))


def latency_agreement(run: InferenceRun, replicate: InferenceRun, tolerance: float = 0.10) -> Agreement:
    """The median latencies both runs have, and how many the replicate repeats within `tolerance`."""
    def medians(r: InferenceRun) -> dict[tuple[str, str, int], float]:
        return {(result.runtime, result.workload, la.batch): la.median for result in r.results for la in result.latencies}

    return agreement_of(medians(run), medians(replicate), tolerance)

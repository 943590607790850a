"""Benchmark runs of this project (data/measurements/<id>.yaml, written by `python -m bench run`).

The file keeps every repetition; medians and interquartile ranges are computed here, the same way
as bench/stats.py computes them (the site does not import the harness, which is a separate tool).
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from macros.model.types import Fields, PartialDate
from macros.problems import Location

WIDE_SPREAD = 0.10  # IQR over median above which a figure is shown as spread widely (bench/stats.py)


@dataclass(frozen=True, slots=True)
class Samples:
    """Seconds per call of every repetition of every round, as measured."""

    values: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def quartiles(self) -> tuple[float, float]:
        if len(self.values) < 2:
            return self.values[0], self.values[0]
        q1, _, q3 = statistics.quantiles(self.values, n=4, method="inclusive")
        return q1, q3

    @property
    def iqr(self) -> float:
        q1, q3 = self.quartiles
        return q3 - q1

    @property
    def relative_spread(self) -> float:
        return self.iqr / self.median if self.median else 0.0

    @property
    def wide(self) -> bool:
        return self.relative_spread > WIDE_SPREAD


def ms_text(seconds: float) -> str:
    """Milliseconds with three significant digits at most, never in exponent notation."""
    value = seconds * 1000
    if value >= 100:
        return f"{value:.0f}"
    if value >= 10:
        return f"{value:.1f}"
    if value >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


def samples(values: Any) -> Samples | None:
    return Samples(tuple(float(v) for v in values)) if values else None


@dataclass(frozen=True, slots=True)
class Inference:
    batch: int
    first_call: Samples | None
    seconds: Samples


@dataclass(frozen=True, slots=True)
class WorkloadResult:
    workload: str
    reference_loss: float
    first_losses: tuple[float, ...]
    first_step: Samples | None  # absent for an inference-only adapter
    train_step: Samples | None
    inference: tuple[Inference, ...]


@dataclass(frozen=True, slots=True)
class Result:
    """One adapter (a framework in one execution mode) and what it measured."""

    adapter: str
    framework: str
    mode: str
    environment: str
    version: str
    adapter_lines: int | None
    import_seconds: Samples | None
    peak_rss_bytes: tuple[int, ...]
    workloads: tuple[WorkloadResult, ...]
    errors: int
    at: Location

    def workload(self, workload_id: str) -> WorkloadResult | None:
        return next((w for w in self.workloads if w.workload == workload_id), None)


@dataclass(frozen=True, slots=True)
class Failure:
    adapter: str
    framework: str
    stage: str  # install | load | run | correctness
    reason: str
    workload: str | None
    at: Location


@dataclass(frozen=True, slots=True)
class NotMeasured:
    framework: str
    reason: str
    at: Location


@dataclass(frozen=True, slots=True)
class WorkloadDefinition:
    id: str
    title: str
    parameters: int
    train_batch: int
    infer_batches: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Environment:
    id: str
    python: str
    blas: str | None
    packages: Mapping[str, str]
    size_bytes: int | None
    requirements: str | None


@dataclass(frozen=True, slots=True)
class Measurement:
    id: str
    title: str
    measured: PartialDate
    command: str
    harness_commit: str
    protocol: Mapping[str, Any]
    machine: Mapping[str, Any]
    workloads: tuple[WorkloadDefinition, ...]
    environments: Mapping[str, Environment]
    results: tuple[Result, ...]
    failures: tuple[Failure, ...]
    not_measured: tuple[NotMeasured, ...]
    file_stem: str
    at: Location
    fields: Fields

    @property
    def frameworks(self) -> tuple[str, ...]:
        """The frameworks with at least one published result, in the file's order."""
        return tuple(dict.fromkeys(r.framework for r in self.results))

    def results_for(self, framework: str) -> tuple[Result, ...]:
        return tuple(r for r in self.results if r.framework == framework)


def build_measurement(doc: Any, file_stem: str) -> Measurement:
    """The model of one schema-valid measurement document (`doc` is a loaded Document)."""
    raw = doc.data
    results = tuple(_result(doc, i, r) for i, r in enumerate(raw["results"]))
    return Measurement(
        id=raw["id"],
        title=raw["title"],
        measured=PartialDate.parse(raw["measured"]),
        command=raw["command"],
        harness_commit=str(raw["harness_commit"]),
        protocol=dict(raw["protocol"]),
        machine=dict(raw["machine"]),
        workloads=tuple(
            WorkloadDefinition(w["id"], w["title"], w["parameters"], w["train_batch"], tuple(w["infer_batches"]))
            for w in raw["workloads"]
        ),
        environments={
            env_id: Environment(env_id, str(e["python"]), e.get("blas"), dict(e["packages"]), e.get("size_bytes"),
                                e.get("requirements"))
            for env_id, e in raw["environments"].items()
        },
        results=results,
        failures=tuple(
            Failure(f["adapter"], f["framework"], f["stage"], f["reason"], f.get("workload"), doc.at(("failures", i)))
            for i, f in enumerate(raw["failures"])
        ),
        not_measured=tuple(
            NotMeasured(n["framework"], n["reason"], doc.at(("not_measured", i)))
            for i, n in enumerate(raw["not_measured"])
        ),
        file_stem=file_stem,
        at=doc.at(()),
        fields=doc.fields_at((), raw),
    )


def _result(doc: Any, index: int, raw: dict[str, Any]) -> Result:
    return Result(
        adapter=raw["adapter"],
        framework=raw["framework"],
        mode=raw["mode"],
        environment=raw["environment"],
        version=str(raw["version"]),
        adapter_lines=raw.get("adapter_lines"),
        import_seconds=samples(raw.get("import_seconds")),
        peak_rss_bytes=tuple(raw.get("peak_rss_bytes") or ()),
        workloads=tuple(
            WorkloadResult(
                workload=w["workload"],
                reference_loss=float(w["reference_loss"]),
                first_losses=tuple(float(v) for v in w["first_losses"]),
                first_step=samples(w.get("first_step_seconds")),
                train_step=samples(w.get("train_step_seconds")),
                inference=tuple(
                    Inference(i["batch"], samples(i.get("first_call_seconds")), Samples(tuple(map(float, i["seconds"]))))
                    for i in w["inference"]
                ),
            )
            for w in raw["workloads"]
        ),
        errors=len(raw.get("errors") or ()),
        at=doc.at(("results", index)),
    )

"""Measurements: runs of the framework benchmark (bench/), as the rules check and the views show them.

Every timing is kept as the list of its repetitions; medians and spreads are computed here, from
the data, never stored in it.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from macros.load.yaml_file import Document, NodePath
from macros.model.types import Fields, PartialDate
from macros.problems import Location

# The minimum number of timed repetitions behind a published steady-state figure.
MIN_REPETITIONS = 10
# Interquartile range over median above which a figure is flagged as noisy.
WIDE_SPREAD = 0.10


def median(values: tuple[float, ...]) -> float:
    return statistics.median(values)


def relative_spread(values: tuple[float, ...]) -> float:
    """Interquartile range over median (0 for fewer than two values)."""
    if len(values) < 2:
        return 0.0
    q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
    middle = statistics.median(values)
    return (q3 - q1) / middle if middle else 0.0


def version_key(version: str) -> tuple[int, ...]:
    """The leading numeric release segments: '2.13.0+cpu' -> (2, 13, 0), '0.12.0.1' -> (0, 12, 0, 1)."""
    release = re.match(r"[0-9]+(\.[0-9]+)*", version.strip().lstrip("v"))
    return tuple(int(part) for part in release.group(0).split(".")) if release else ()


@dataclass(frozen=True, slots=True)
class Timing:
    """One steady-state figure: its repetitions, in seconds, and where they stand."""

    metric: str  # "train" or "infer b<batch>"
    samples: tuple[float, ...]
    at: Location
    batch: int | None = None  # inference: the batch size (None for the training step)
    batch_at: Location | None = None
    first_calls: tuple[float, ...] = ()  # inference: the first call of each round
    first_calls_at: Location | None = None

    @property
    def median(self) -> float:
        return median(self.samples)

    @property
    def spread(self) -> float:
        return relative_spread(self.samples)


@dataclass(frozen=True, slots=True)
class WorkloadResult:
    workload: str
    first_losses: tuple[float, ...]
    first_step_seconds: tuple[float, ...]  # empty for inference-only adapters
    timings: tuple[Timing, ...]
    at: Location
    fields: Fields

    def timing(self, metric: str) -> Timing | None:
        return next((t for t in self.timings if t.metric == metric), None)


@dataclass(frozen=True, slots=True)
class MeasuredResult:
    adapter: str
    framework: str
    mode: str
    environment: str
    version: str
    adapter_lines: int
    import_seconds: tuple[float, ...]
    peak_rss_bytes: tuple[int, ...]
    workloads: tuple[WorkloadResult, ...]
    at: Location
    fields: Fields
    # The rounds whose errors the harness recorded: (round, workload), workload None when the whole
    # worker failed that round (then the round has no import time either).
    error_rounds: tuple[tuple[int, str | None], ...] = ()
    error_at: tuple[Location, ...] = ()


@dataclass(frozen=True, slots=True)
class Unmeasured:
    """A failure (adapter, stage, reason) or a framework without an adapter (stage None)."""

    framework: str
    reason: str
    adapter: str | None
    stage: str | None
    workload: str | None
    at: Location
    fields: Fields


@dataclass(frozen=True, slots=True)
class MeasurementRun:
    id: str
    title: str
    measured: PartialDate
    command: str
    harness_commit: str
    protocol: Mapping[str, Any]
    machine: Mapping[str, Any]
    workloads: tuple[Mapping[str, Any], ...]
    environments: Mapping[str, Mapping[str, Any]]
    results: tuple[MeasuredResult, ...]
    failures: tuple[Unmeasured, ...]
    not_measured: tuple[Unmeasured, ...]
    file_stem: str
    at: Location
    fields: Fields
    environment_at: Mapping[str, Location]
    machine_fields: Fields
    # Who made the run, for one contributed from outside the project (None: the project's own run).
    contributed_by: str | None = None
    contributed_url: str | None = None
    contributed_url_at: Location | None = None
    # Only in a replicate: the id of the run it repeats (the same command on a machine of the same identity).
    replicate_of: str | None = None

    @property
    def identity(self) -> str:
        """The machine's one-line identity (runs recorded before it existed name only the CPU model)."""
        return str(self.machine.get("identity") or self.machine.get("cpu_model") or "an unrecorded machine")

    @property
    def contributed_note(self) -> str:
        """How a figure's scope line says the run was contributed ('' for the project's own)."""
        return f"contributed by {self.contributed_by}, not re-run by this project" if self.contributed_by else ""


def build_run(doc: Document, file_stem: str) -> MeasurementRun:
    raw = doc.data
    return MeasurementRun(
        id=raw["id"],
        title=raw["title"],
        measured=PartialDate.parse(raw["measured"]),
        command=raw["command"],
        harness_commit=raw["harness_commit"],
        protocol=raw["protocol"],
        machine=raw["machine"],
        workloads=tuple(raw["workloads"]),
        environments=raw["environments"],
        results=tuple(_result(doc, ("results", i), r) for i, r in enumerate(raw["results"])),
        failures=tuple(_unmeasured(doc, ("failures", i), f) for i, f in enumerate(raw["failures"])),
        not_measured=tuple(_unmeasured(doc, ("not_measured", i), f) for i, f in enumerate(raw["not_measured"])),
        file_stem=file_stem,
        at=doc.at(()),
        fields=doc.fields_at((), raw),
        environment_at={name: doc.key_at(("environments", name)) for name in raw["environments"]},
        machine_fields=doc.fields_at(("machine",), raw["machine"]),
        contributed_by=(raw.get("contributed") or {}).get("by"),
        contributed_url=(raw.get("contributed") or {}).get("url"),
        contributed_url_at=doc.at(("contributed", "url")) if (raw.get("contributed") or {}).get("url") else None,
        replicate_of=raw.get("replicate_of"),
    )


class _Repeatable(Protocol):
    id: str
    replicate_of: str | None


R = TypeVar("R", bound=_Repeatable)


def originals(runs: Iterable[R]) -> list[R]:
    """The runs the site shows: a replicate of a run that is there confirms it and is not shown again
    (its figures would count every comparison twice). Measurements and inference runs alike."""
    runs = list(runs)
    ids = {r.id for r in runs}
    return [r for r in runs if not (r.replicate_of and r.replicate_of in ids and r.replicate_of != r.id)]


def replicates(runs: Iterable[R]) -> dict[str, R]:
    """{run id: its replicate} (the first replicate of each, in the order given)."""
    runs = list(runs)
    ids = {r.id for r in runs}
    found: dict[str, R] = {}
    for r in runs:
        if r.replicate_of and r.replicate_of in ids and r.replicate_of != r.id:
            found.setdefault(r.replicate_of, r)
    return found


@dataclass(frozen=True)
class Agreement:
    """How far a replicate repeats its run's published figures (speed ratios, median latencies)."""

    compared: int  # figures both runs publish
    within: int  # of those, how many differ by at most `tolerance` (relative)
    tolerance: float
    largest: float  # the largest relative difference

    @property
    def share(self) -> float:
        return self.within / self.compared if self.compared else 0.0


def agreement_of(first: Mapping[Any, float], second: Mapping[Any, float], tolerance: float) -> Agreement:
    """The figures the two mappings have in common, and how many the second repeats within `tolerance`."""
    differences = [abs(second[key] / first[key] - 1) for key in sorted(set(first) & set(second))]
    return Agreement(len(differences), sum(d <= tolerance for d in differences), tolerance,
                     max(differences, default=0.0))


def _result(doc: Document, path: NodePath, raw: dict[str, Any]) -> MeasuredResult:
    return MeasuredResult(
        adapter=raw["adapter"],
        framework=raw["framework"],
        mode=raw["mode"],
        environment=raw["environment"],
        version=str(raw["version"]),
        adapter_lines=raw["adapter_lines"],
        import_seconds=tuple(raw["import_seconds"]),
        peak_rss_bytes=tuple(raw["peak_rss_bytes"]),
        workloads=tuple(_workload(doc, path + ("workloads", i), w) for i, w in enumerate(raw["workloads"])),
        at=doc.at(path),
        fields=doc.fields_at(path, raw),
        error_rounds=tuple((e["round"], e["workload"]) for e in raw.get("errors", ())),
        error_at=tuple(doc.at(path + ("errors", i, "round")) for i in range(len(raw.get("errors", ())))),
    )


def _workload(doc: Document, path: NodePath, raw: dict[str, Any]) -> WorkloadResult:
    timings = []
    if "train_step_seconds" in raw:
        timings.append(Timing("train", tuple(raw["train_step_seconds"]), doc.at(path + ("train_step_seconds",))))
    for i, inference in enumerate(raw["inference"]):
        where = doc.at(path + ("inference", i, "seconds"))
        timings.append(Timing(f"infer b{inference['batch']}", tuple(inference["seconds"]), where,
                              batch=inference["batch"], batch_at=doc.at(path + ("inference", i, "batch")),
                              first_calls=tuple(inference["first_call_seconds"]),
                              first_calls_at=doc.at(path + ("inference", i, "first_call_seconds"))))
    return WorkloadResult(
        workload=raw["workload"],
        first_losses=tuple(raw["first_losses"]),
        first_step_seconds=tuple(raw.get("first_step_seconds", ())),
        timings=tuple(timings),
        at=doc.at(path),
        fields=doc.fields_at(path, raw),
    )


def _unmeasured(doc: Document, path: NodePath, raw: dict[str, Any]) -> Unmeasured:
    return Unmeasured(
        framework=raw["framework"],
        reason=raw["reason"],
        adapter=raw.get("adapter"),
        stage=raw.get("stage"),
        workload=raw.get("workload"),
        at=doc.at(path),
        fields=doc.fields_at(path, raw),
    )

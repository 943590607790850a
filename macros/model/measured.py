"""What this project's measurements say when two frameworks are compared: measured comparisons.

A measurement yields a comparison of frameworks A and B for each workload and execution family
in which both trained:

- each framework is represented by its fastest adapter in that family (its median training step);
  eager modes are compared with eager modes, compiled with compiled, because the speed of a
  framework depends most on how it runs a step (the criticism of vendor benchmarks that compared
  one side compiled with the other eager);
- the figure is the ratio of the two median training-step times: "A is 2.0x as fast as B";
- A is measured *faster* (higher performance) than B when its median step is at least THRESHOLD
  times shorter and the two interquartile ranges do not overlap; *slower* the other way round;
  otherwise the two are *similar*.

Only the training step counts: the sources' speed claims are about training. Inference latency is
shown on the Benchmarks page, not turned into comparisons.

A comparison claim on performance that states no conditions speaks in general, so it is set against
every comparable measured comparison of the two frameworks in each published run (a run is one
machine): same workload, same execution family (eager against eager, best compiled against best
compiled). Per run, a claim that A is slower (or faster) than B is

- *supported* when every comparable comparison measures A slower (faster), quartiles apart;
- *contradicted* only when every comparable comparison measures the opposite, quartiles apart;
- *mixed* when some comparisons measure one direction and some the other;
- *not settled* otherwise (some or all measure no clear difference).

A "similar" claim is supported when every comparison is similar, contradicted when every one measures
the same direction, mixed when both directions appear, not settled otherwise. Across runs, a claim is
contradicted (supported) only when it is so on every run; runs that disagree make it mixed. One
comparison in the opposite direction therefore never contradicts a claim that the rest of the
figures support. A claim that states its conditions (hardware, software, workload) is about another
setup and is not contradicted: that is how a claim is qualified in the data. See
macros/model/disputes.py for how a contradiction is resolved.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from collections.abc import Iterable, Sequence
from typing import Any

from macros.model.measurements import (
    WIDE_SPREAD,
    Agreement,
    MeasuredResult,
    MeasurementRun,
    WorkloadResult,
    agreement_of,
    originals,
    relative_spread,
)
from macros.model.types import ComparisonClaim, Dataset

MEASURED_ATTRIBUTE = "performance"
# A replicate repeats its run where a published ratio moves by at most this much (the protocol's target:
# 97 % of ratios within it).
REPLICATE_TOLERANCE = 0.10
THRESHOLD = 1.25  # a median step at least 25 % shorter (and quartiles apart) is "faster"



@dataclass(frozen=True, slots=True)
class Samples:
    """Seconds of every kept repetition of one figure, with the statistics the views show."""

    values: tuple[float, ...]
    # Timed repetitions per round (the run's protocol), so that values[i] is from round
    # i // per_round; 0 when the rounds are not known (then no paired ratio is taken).
    per_round: int = 0

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
        return relative_spread(self.values)

    @property
    def wide(self) -> bool:
        return self.relative_spread > WIDE_SPREAD

    def round_medians(self) -> tuple[float, ...] | None:
        """The median of each round's repetitions, in round order; None when the values do not fill
        whole rounds."""
        k = self.per_round
        if k <= 0 or not self.values or len(self.values) % k:
            return None
        return tuple(statistics.median(self.values[i:i + k]) for i in range(0, len(self.values), k))


CONFIDENCE = 0.95


def median_interval(values: Sequence[float], confidence: float = CONFIDENCE) -> tuple[float, float]:
    """A distribution-free interval for the median: the order statistics x(k) and x(n+1-k) with the
    largest k for which P(Binomial(n, 1/2) < k) <= (1 - confidence) / 2. With 10 values that is the
    2nd and 9th (97.9 % coverage); under 6 values no k qualifies and the interval is the range."""
    ordered = sorted(values)
    n = len(ordered)
    tail, k, below = (1 - confidence) / 2, 0, 0.0
    while True:
        below += math.comb(n, k) / 2**n  # P(X <= k)
        if below > tail:
            break
        k += 1
    if k == 0:
        return ordered[0], ordered[-1]
    return ordered[k - 1], ordered[n - k]


@dataclass(frozen=True, slots=True)
class PairedRatio:
    """How many times as fast A is as B, round by round: in each round both ran on the machine as it
    was then, so the host's drift between rounds cancels out of the ratio."""

    per_round: tuple[float, ...]  # B's round median over A's, one per round

    @property
    def estimate(self) -> float:
        return statistics.median(self.per_round)

    @property
    def interval(self) -> tuple[float, float]:
        return median_interval(self.per_round)


def paired_ratio(a: Samples, b: Samples) -> PairedRatio | None:
    """A's speed over B's from the rounds both ran, or None when either lacks whole rounds or they ran
    a different number of rounds."""
    ra, rb = a.round_medians(), b.round_medians()
    if ra is None or rb is None or len(ra) != len(rb):
        return None
    return PairedRatio(tuple(y / x for x, y in zip(ra, rb)))


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


def seconds_text(seconds: float) -> str:
    """Seconds with three significant digits below 10 s, never rounded to "0.00" nor in exponent
    notation: a first step of 4 ms reads 0.00404."""
    if seconds >= 10:
        return f"{seconds:.1f}"
    if seconds >= 1:
        return f"{seconds:.2f}"
    if seconds <= 0:
        return "0"
    return f"{seconds:.{2 - math.floor(math.log10(seconds))}f}"


def workload_result(result: MeasuredResult, workload: str) -> WorkloadResult | None:
    return next((w for w in result.workloads if w.workload == workload), None)


def train_step(record: WorkloadResult, per_round: int = 0) -> Samples | None:
    timing = record.timing("train")
    return Samples(timing.samples, per_round) if timing and timing.samples else None


def repetitions_per_round(measurement: MeasurementRun) -> int:
    value = measurement.protocol.get("repetitions_per_round")
    return value if isinstance(value, int) and value > 0 else 0


def first_step(record: WorkloadResult) -> Samples | None:
    return Samples(record.first_step_seconds) if record.first_step_seconds else None


def inference(record: WorkloadResult) -> dict[int, Samples]:
    """{batch size: seconds per call}."""
    return {int(t.metric.removeprefix("infer b")): Samples(t.samples) for t in record.timings
            if t.metric.startswith("infer b") and t.samples}


def workload_name(definition: Any) -> str:
    """"MLP" from "MLP, 28x28 input flattened: ...": the workload's title up to its first comma."""
    return str(definition["title"]).split(",")[0].rstrip(".")


EAGER, COMPILED = "eager", "compiled"
# A mode runs op by op when its description says so; Keras 3 on PyTorch is eager too, since Keras's
# default jit_compile="auto" does not compile on that backend. Every other mode compiles or traces
# the step into a graph first (tf.function, XLA, jax.jit, torch.compile, hybridize, Theano, ...).
_EAGER_WORDS = ("eager", "imperative", "define-by-run", "pynative", "dynamic graph")
_EAGER_ADAPTERS = frozenset({"keras-torch"})


def execution(result: MeasuredResult) -> str:
    mode = result.mode.casefold()
    return EAGER if result.adapter in _EAGER_ADAPTERS or any(w in mode for w in _EAGER_WORDS) else COMPILED


@dataclass(frozen=True)
class MeasuredComparison:
    """Framework `framework` against `than` on one workload in one execution family of one measurement."""

    measurement: str
    workload: str
    execution: str
    framework: str
    than: str
    adapter: str
    than_adapter: str
    step: Samples  # `adapter`'s training-step seconds
    than_step: Samples

    @property
    def paired(self) -> PairedRatio | None:
        """The round-by-round ratio, where both ran whole rounds of the same run."""
        return paired_ratio(self.step, self.than_step)

    @property
    def speed_ratio(self) -> float:
        """How many times as fast `framework` is as `than`: the median of the per-round ratios where
        the rounds are known (drift between rounds cancels), else the ratio of the two medians."""
        paired = self.paired
        return paired.estimate if paired else self.than_step.median / self.step.median

    @property
    def ratio_interval(self) -> tuple[float, float]:
        """The interval the speed ratio lies in: distribution-free for the median of the per-round
        ratios; without rounds, the ratio of the quartiles the other way round (the widest reading)."""
        paired = self.paired
        if paired:
            return paired.interval
        (q1, q3), (t1, t3) = self.step.quartiles, self.than_step.quartiles
        return t1 / q3, t3 / q1

    @property
    def clearly_apart(self) -> bool:
        """The interval lies on one side of 1: one of the two is measurably faster."""
        low, high = self.ratio_interval
        return low > 1 or high < 1

    @property
    def relation(self) -> str:
        """`framework`'s performance relative to `than`: higher (at least THRESHOLD times as fast, the
        interval above 1), lower (the reverse) or similar (under THRESHOLD apart, or the interval
        straddles 1: not clearly apart)."""
        low, high = self.ratio_interval
        if self.speed_ratio >= THRESHOLD and low > 1:
            return "higher"
        if self.speed_ratio <= 1 / THRESHOLD and high < 1:
            return "lower"
        return "similar"

    def seen_from(self, framework: str) -> MeasuredComparison:
        """The same comparison with `framework` first."""
        if framework == self.framework:
            return self
        return MeasuredComparison(self.measurement, self.workload, self.execution, self.than, self.framework,
                                  self.than_adapter, self.adapter, self.than_step, self.step)

    @property
    def text(self) -> str:
        """"1.8x as fast as", "0.40x as fast as" (that is, slower), rounded for reading."""
        return f"{ratio_text(self.speed_ratio)} as fast as"


def ratio_text(ratio: float) -> str:
    return f"{ratio:.2f}x" if ratio < 10 else f"{ratio:.0f}x"


def fastest_per_family(measurement: MeasurementRun, workload: str) -> dict[str, dict[str, tuple[MeasuredResult, Samples]]]:
    """{execution family: {framework: (its fastest adapter there, that adapter's training steps)}}."""
    best: dict[str, dict[str, tuple[MeasuredResult, Samples]]] = {}
    for result in measurement.results:
        record = workload_result(result, workload)
        steps = train_step(record, repetitions_per_round(measurement)) if record else None
        if steps is None:
            continue
        family = best.setdefault(execution(result), {})
        current = family.get(result.framework)
        if current is None or steps.median < current[1].median:
            family[result.framework] = (result, steps)
    return best


def comparisons_in(measurement: MeasurementRun, known: frozenset[str] | set[str]) -> list[MeasuredComparison]:
    """Every pair of frameworks in `known` that trained a workload in one family, alphabetical pairs."""
    found = []
    for definition in measurement.workloads:
        workload = str(definition["id"])
        for family, by_framework in sorted(fastest_per_family(measurement, workload).items()):
            ids = sorted(fw for fw in by_framework if fw in known)
            for i, a in enumerate(ids):
                for b in ids[i + 1 :]:
                    (ra, sa), (rb, sb) = by_framework[a], by_framework[b]
                    found.append(MeasuredComparison(measurement.id, workload, family, a, b,
                                                    ra.adapter, rb.adapter, sa, sb))
    return found


def measured_comparisons(data: Dataset) -> list[MeasuredComparison]:
    """The comparisons of every run the site shows (a replicate confirms its run and is not counted again)."""
    known = set(data.frameworks)
    return [c for m in sorted(originals(data.measurements), key=lambda m: m.id) for c in comparisons_in(m, known)]


ComparisonKey = tuple[str, str, str, str]  # workload, execution family, framework, than


def comparison_key(c: MeasuredComparison) -> ComparisonKey:
    return c.workload, c.execution, c.framework, c.than


def agreement(run: MeasurementRun, replicate: MeasurementRun, known: frozenset[str] | set[str],
              tolerance: float = REPLICATE_TOLERANCE) -> Agreement:
    """The speed ratios both runs publish (every pair in one family on one workload, as the pages
    compute them) and how many agree within `tolerance`."""
    return agreement_of({comparison_key(c): c.speed_ratio for c in comparisons_in(run, known)},
                        {comparison_key(c): c.speed_ratio for c in comparisons_in(replicate, known)}, tolerance)


def between(data: Dataset, framework: str, than: str,
            comparisons: list[MeasuredComparison] | None = None) -> list[MeasuredComparison]:
    """The measured comparisons of two frameworks, each seen from `framework` (from `comparisons`,
    the dataset's measured comparisons when a caller has them already)."""
    found = measured_comparisons(data) if comparisons is None else comparisons
    return [c.seen_from(framework) for c in found if {c.framework, c.than} == {framework, than}]


_OPPOSITE = {"lower": "higher", "higher": "lower"}

SUPPORTED, CONTRADICTED, MIXED, NOT_SETTLED = "supported", "contradicted", "mixed", "not-settled"


def outcome(relation: str, measured: Iterable[MeasuredComparison]) -> str | None:
    """What one run's comparable comparisons (seen from the claim's framework) say of a claim that
    the framework's performance is `relation` (higher, lower, similar) than the other's; None when
    there are none."""
    found = {c.relation for c in measured}
    if not found:
        return None
    directions = found - {"similar"}
    if relation in _OPPOSITE:
        if found == {relation}:
            return SUPPORTED
        if found == {_OPPOSITE[relation]}:
            return CONTRADICTED
        return MIXED if len(directions) == 2 else NOT_SETTLED
    if found == {"similar"}:
        return SUPPORTED
    if len(directions) == 2:
        return MIXED
    return CONTRADICTED if "similar" not in found else NOT_SETTLED


def combined_outcome(outcomes: Iterable[str]) -> str | None:
    """Several runs (machines): contradicted or supported only when every run says so."""
    found = set(outcomes)
    if not found:
        return None
    if len(found) == 1:
        return found.pop()
    if MIXED in found or {SUPPORTED, CONTRADICTED} <= found:
        return MIXED
    return NOT_SETTLED


def _by_run(measured: Iterable[MeasuredComparison]) -> dict[str, list[MeasuredComparison]]:
    runs: dict[str, list[MeasuredComparison]] = {}
    for c in measured:
        runs.setdefault(c.measurement, []).append(c)
    return runs


def family_outcomes(relation: str, measured: Iterable[MeasuredComparison]) -> dict[tuple[str, str], str]:
    """{(run, execution family): outcome}: the reading per family, for the reader's detail."""
    groups: dict[tuple[str, str], list[MeasuredComparison]] = {}
    for c in measured:
        groups.setdefault((c.measurement, c.execution), []).append(c)
    return {key: found for key, group in sorted(groups.items()) if (found := outcome(relation, group))}


def contradicting(data: Dataset, claim: ComparisonClaim) -> tuple[MeasuredComparison, ...]:
    """The measured comparisons that contradict a claim: all of them when every run contradicts it
    (see the module's docstring); none when the claim is about another attribute, states its own
    conditions, is not contradicted, or the pair was not measured."""
    if claim.attribute != MEASURED_ATTRIBUTE or claim.conditions or claim.framework == claim.than:
        return ()
    measured = between(data, claim.framework, claim.than)
    runs = _by_run(measured)
    if combined_outcome(o for group in runs.values() if (o := outcome(claim.relation, group))) != CONTRADICTED:
        return ()
    return tuple(measured)


@dataclass(frozen=True)
class Confrontation:
    """A source's speed comparison set against the measurements of the same two frameworks."""

    claim: ComparisonClaim
    status: str  # supported | contradicted | mixed | not-settled | qualified | not-measured
    measured: tuple[MeasuredComparison, ...]  # seen from the claim's framework
    unmeasured: tuple[str, ...]  # the claim's frameworks that no measurement trained
    # {(run, execution family): outcome}, the reading behind `status` family by family
    families: tuple[tuple[tuple[str, str], str], ...] = ()
    # For a qualified claim, what our figures say of the same pair, read as if the claim were general.
    ours: str | None = None


def confront(data: Dataset, claim: ComparisonClaim,
             comparisons: list[MeasuredComparison] | None = None) -> Confrontation:
    comparisons = measured_comparisons(data) if comparisons is None else comparisons
    measured = tuple(between(data, claim.framework, claim.than, comparisons))
    trained = {fw for c in comparisons for fw in (c.framework, c.than)}
    unmeasured = tuple(fw for fw in dict.fromkeys(claim.frameworks) if fw not in trained)
    families = tuple(family_outcomes(claim.relation, measured).items())
    general = combined_outcome(o for group in _by_run(measured).values() if (o := outcome(claim.relation, group)))
    if claim.conditions:
        return Confrontation(claim, "qualified", measured, unmeasured, families, ours=general)
    return Confrontation(claim, general or "not-measured", measured, unmeasured, families)


def speed_claims(data: Dataset) -> list[Confrontation]:
    """Every comparison claim on performance, confronted with the measurements."""
    comparisons = measured_comparisons(data)  # once: every confrontation reads the same list
    return [confront(data, c, comparisons) for c in data.comparisons() if c.attribute == MEASURED_ATTRIBUTE]

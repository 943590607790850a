"""The typed model of the data: what the rules check and the views render.

Every object keeps `at` (where it starts) and `fields` (where each of its fields' values stands),
so that a rule can point at the exact value it objects to.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from macros.load.dates import PartialDate
from macros.problems import Location

if TYPE_CHECKING:  # measurements.py and rubrics.py build on the types here
    from macros.model.inference import InferenceRun
    from macros.model.measurements import MeasurementRun
    from macros.model.rubrics import Derivation

Fields = Mapping[str, Location]


def optional_date(value: Any) -> PartialDate | None:
    return None if value is None else PartialDate.parse(value)


@dataclass(frozen=True, slots=True)
class DatedValue:
    """A date anywhere in the data (every value a schema declares a date), where it stands and what it is."""

    date: PartialDate
    at: Location
    what: str


@dataclass(frozen=True, slots=True)
class Level:
    id: str
    label: str
    rank: int  # 0 for the lowest level of its scale
    description: str | None = None
    at: Location | None = None  # where its id stands


@dataclass(frozen=True, slots=True)
class Scale:
    id: str
    levels: tuple[Level, ...]

    def level(self, level_id: str) -> Level | None:
        return next((lv for lv in self.levels if lv.id == level_id), None)


@dataclass(frozen=True, slots=True)
class Evidence:
    """What informs a verdict on an attribute, in prose and as fact kinds."""

    summary: str
    facts: tuple[str, ...]
    measurements: bool


@dataclass(frozen=True, slots=True)
class Indicator:
    """One indicator of a rubric: a fact kind and how its current value maps to a level."""

    fact: str
    counting: tuple[str, ...] | None  # for a list fact: the values counted (None: all)
    minimums: Mapping[str, float]  # level id -> least value (or count) reaching it
    categories: Mapping[str, str]  # fact value -> level id
    note: str | None
    at: Location
    fields: Fields
    # For a capability kind: the item field whose distinct values are counted (`format`, `strategy`...).
    item_field: str | None = None
    also: tuple[str, ...] = ()  # further capability kinds whose items are counted with `fact`'s
    kinds: tuple[str, ...] | None = None  # the kinds of framework it applies to (None: every kind)

    @property
    def facts(self) -> tuple[str, ...]:
        return (self.fact, *self.also)


@dataclass(frozen=True, slots=True)
class Rubric:
    summary: str
    indicators: tuple[Indicator, ...]
    at: Location
    fields: Fields


@dataclass(frozen=True, slots=True)
class Attribute:
    id: str
    name: str
    description: str
    scale_id: str
    scale: Scale | None  # None when the named scale does not exist (a rule reports it)
    at: Location
    fields: Fields
    evidence: Evidence | None = None
    rubric: Rubric | None = None

    def rank(self, level_id: str) -> int | None:
        level = self.scale.level(level_id) if self.scale else None
        return None if level is None else level.rank


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    title: str
    kind: str
    publisher: str
    url: str | None
    published: PartialDate | None
    accessed: PartialDate | None
    note: str | None
    at: Location
    fields: Fields

    @property
    def is_primary(self) -> bool:
        return self.kind in PRIMARY_SOURCE_KINDS


PRIMARY_SOURCE_KINDS = frozenset(
    {"official-docs", "release-notes", "repository", "foundation-announcement", "package-index", "paper", "dataset",
     "survey", "measurement"}
)
# A benchmark run of this project (data/measurements/<id>.yaml) is a source of its own: it is not
# declared in data/sources/, the model adds it under the measurement's id. It is primary for what it
# measured, so it may refute a speed claim (as outdated or false) it contradicts.
MEASUREMENT_SOURCE_KIND = "measurement"


@dataclass(frozen=True, slots=True)
class Refutation:
    kind: str  # false | outdated | unsupported
    by: tuple[str, ...]
    because: str
    at: Location
    fields: Fields


@dataclass(frozen=True, slots=True)
class Claim:
    """What one source says about one framework. Subclasses say what kind of claim."""

    source: str
    id: str
    framework: str
    locator: str
    as_of: PartialDate | None  # the claim's own date, else its file's, else its source's
    note: str | None
    conditions: Mapping[str, str]
    refuted: Refutation | None
    at: Location
    fields: Fields

    @property
    def ref(self) -> str:
        return f"{self.source}:{self.id}"

    @property
    def frameworks(self) -> tuple[str, ...]:
        return (self.framework,)

    @property
    def value_text(self) -> str:
        """What the claim says, in ids (for reports): a level, or 'lower than <id>'; empty for a statement."""
        return ""


@dataclass(frozen=True, slots=True)
class RatingClaim(Claim):
    attribute: str = ""
    wording: str = ""
    level: str = ""

    @property
    def value_text(self) -> str:
        return self.level


@dataclass(frozen=True, slots=True)
class ComparisonClaim(Claim):
    relation: str = ""  # lower | higher | similar
    than: str = ""
    attribute: str = ""
    wording: str = ""

    @property
    def frameworks(self) -> tuple[str, ...]:
        return (self.framework, self.than)

    @property
    def relation_phrase(self) -> str:
        return "similar to" if self.relation == "similar" else f"{self.relation} than"

    @property
    def value_text(self) -> str:
        return f"{self.relation_phrase} {self.than}"


@dataclass(frozen=True, slots=True)
class Statement(Claim):
    topic: str = ""
    summary: str = ""
    wording: str | None = None


@dataclass(frozen=True, slots=True)
class FactEntry:
    fact: str
    value: Any
    source: str
    locator: str | None
    as_of: PartialDate
    since: PartialDate | None  # `from` in the data
    until: PartialDate | None
    note: str | None
    successors: tuple[str, ...]
    at: Location
    fields: Fields
    method: str | None = None  # how an indicator was obtained
    package: str | None = None  # the package an indicator counts, as <index>:<name>
    complete: bool = False  # a capability entry whose source lists every supported value


# Facts of which one value holds at any time: a framework has one status and one latest version.
# Their entries follow one another (the one-value-at-a-time rule), and pages show `current`.
ONE_VALUE_AT_A_TIME = ("status", "latest_version")


@dataclass(frozen=True, slots=True)
class CapabilityGap:
    """A capability kind no source settles (`unknown`) or that does not apply (`not_applicable`), with why.
    It is kept apart from the sourced entries in `Framework.facts`: it has no value and no source."""

    fact: str
    kind: str  # unknown | not_applicable
    reason: str
    as_of: PartialDate
    at: Location
    fields: Fields


@dataclass(frozen=True, slots=True)
class Override:
    """A claim set aside (`claim`), or the level the attribute's rubric derives (`rubric`)."""

    claim: str | None  # <source-id>:<claim-id>
    because: str
    at: Location
    rubric: str | None = None  # the derived level set aside

    def as_json(self) -> dict[str, str]:
        if self.rubric is not None:
            return {"rubric": self.rubric, "because": self.because}
        return {"claim": self.claim or "", "because": self.because}


@dataclass(frozen=True, slots=True)
class Verdict:
    framework: str
    attribute: str
    level: str
    rationale: str
    overrides: tuple[Override, ...]
    at: Location
    fields: Fields

    def overrides_claim(self, ref: str) -> bool:
        return any(o.claim == ref for o in self.overrides)

    @property
    def claim_overrides(self) -> tuple[Override, ...]:
        return tuple(o for o in self.overrides if o.claim is not None)

    @property
    def rubric_override(self) -> Override | None:
        return next((o for o in self.overrides if o.rubric is not None), None)


@dataclass(frozen=True, slots=True)
class Unrated:
    """A recorded gap: no source we found rates this framework's attribute, what was searched, and when.
    It says more than a missing verdict: someone looked, and the reader learns where the evidence ends."""

    framework: str
    attribute: str
    why: str
    as_of: PartialDate
    at: Location  # the attribute's key under `unrated`
    fields: Fields


@dataclass(frozen=True, slots=True)
class Framework:
    id: str
    name: str
    summary: str
    facts: Mapping[str, tuple[FactEntry, ...]]
    verdicts: Mapping[str, Verdict]
    file_stem: str
    at: Location
    fields: Fields
    unrated: Mapping[str, Unrated] = field(default_factory=dict)
    # Frameworks readers weigh this one against (each pair gets a page), with where each is named.
    compare_with: tuple[tuple[str, Location], ...] = ()
    # Capability kinds recorded as unknown or not applicable, by kind (their sourced entries are in `facts`).
    capability_gaps: Mapping[str, CapabilityGap] = field(default_factory=dict)
    # The declared packages as (registry, name), the main package first.
    packages: tuple[tuple[str, str], ...] = ()
    # What kind of framework readers take it for (training, high-level, runtime), when the file says.
    kind: str | None = None

    @property
    def purl(self) -> str | None:
        """The main package's package URL, None when no package is declared."""
        from macros.model.purl import purl

        return purl(*self.packages[0]) if self.packages else None

    def current_entries(self, fact: str) -> tuple[FactEntry, ...]:
        """Every entry that holds now (none has an `until`), in data order.

        Several can hold at once: PyTorch runs on CUDA GPUs (one source) and on Apple silicon (another).
        Views and exports show them all; `current` is only for facts that hold one value at a time.
        """
        return tuple(e for e in self.facts.get(fact, ()) if e.until is None)

    def current_values(self, fact: str) -> tuple[Any, ...]:
        """The values that hold now, merged: list values flattened, each value once, in data order."""
        values: list[Any] = []
        for entry in self.current_entries(fact):
            for value in entry.value if isinstance(entry.value, tuple) else (entry.value,):
                if value not in values:
                    values.append(value)
        return tuple(values)

    def current(self, fact: str) -> FactEntry | None:
        """The newest entry that holds now, for facts with one value at a time (ONE_VALUE_AT_A_TIME).

        The one-value-at-a-time rule keeps their entries in time order with at most one holding
        now, so it is the last of `current_entries`; other facts use those.
        """
        entries = self.current_entries(fact)
        return entries[-1] if entries else None


@dataclass(frozen=True, slots=True)
class ClaimsFile:
    source: str
    file_stem: str
    at: Location
    fields: Fields


@dataclass
class Dataset:
    """All data of one data root that passed the schema, plus ids known from files that did not.

    The indexes below are computed once, on first use, after `build_dataset` has filled it in.
    """

    scales: dict[str, Scale] = field(default_factory=dict)
    attributes: dict[str, Attribute] = field(default_factory=dict)
    source_definitions: list[Source] = field(default_factory=list)  # all, duplicates included
    frameworks: dict[str, Framework] = field(default_factory=dict)
    framework_list: list[Framework] = field(default_factory=list)  # all, duplicates included
    claims_files: list[ClaimsFile] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    measurements: list[MeasurementRun] = field(default_factory=list)
    inference: list[InferenceRun] = field(default_factory=list)  # data/inference/, runtimes on realistic models
    # Ids declared by files that failed the schema: referring to them is not a second error.
    known_framework_ids: set[str] = field(default_factory=set)
    known_source_ids: set[str] = field(default_factory=set)
    known_claim_refs: set[str] = field(default_factory=set)
    known_inference_ids: set[str] = field(default_factory=set)  # the stems of every inference file
    dates: list[DatedValue] = field(default_factory=list)  # every date of every valid file

    @cached_property
    def sources(self) -> dict[str, Source]:
        first: dict[str, Source] = {}
        for source in self.source_definitions:
            first.setdefault(source.id, source)
        return first

    @cached_property
    def claims_by_ref(self) -> dict[str, Claim]:
        return {c.ref: c for c in self.claims}

    @cached_property
    def ratings_by_subject(self) -> dict[tuple[str, str], list[RatingClaim]]:
        """Rating claims grouped by (framework, attribute)."""
        grouped: dict[tuple[str, str], list[RatingClaim]] = {}
        for claim in self.ratings():
            grouped.setdefault((claim.framework, claim.attribute), []).append(claim)
        return grouped

    def ratings(self) -> list[RatingClaim]:
        return [c for c in self.claims if isinstance(c, RatingClaim)]

    def comparisons(self) -> list[ComparisonClaim]:
        return [c for c in self.claims if isinstance(c, ComparisonClaim)]

    def verdicts(self) -> list[Verdict]:
        return [v for fw in self.frameworks.values() for v in fw.verdicts.values()]

    def unrated(self) -> list[Unrated]:
        return [u for fw in self.frameworks.values() for u in fw.unrated.values()]

    @cached_property
    def derivations(self) -> dict[tuple[str, str], Derivation]:
        """The level each attribute's rubric derives for each framework, by (framework, attribute)."""
        from macros.model.rubrics import derive_all  # rubrics builds on these types

        return derive_all(self)

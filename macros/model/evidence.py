"""The evidence standard for levels: what a verdict's level rests on.

A level is acceptable when its attribute's rubric derives it from the framework's indicators, or
when at least two distinct sources give that level in standing claims (neither refuted nor
overridden) and at least one of them is independent of the framework's makers. Anything else is a
level the site cannot stand behind: the attribute should be unrated, with the makers' claim kept as
a claim and named in the reason.

Independent kinds are the sources whose authors are not the framework's makers by what they are:
articles, benchmarks by others, news, developer surveys and public datasets of counts. A paper can
be by the makers (the TensorFlow white paper) or by others, and a source record does not say which,
so a paper is not counted as independent.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from macros.model.disputes import rubric_support, supporting_claims
from macros.model.types import Dataset, Verdict

INDEPENDENT_SOURCE_KINDS = frozenset({"independent-article", "independent-benchmark", "news", "survey", "dataset"})

DERIVED = "derived"
CORROBORATED = "corroborated"
NEITHER = "neither"


@dataclass(frozen=True)
class Standing:
    """Which condition of the standard a verdict meets, and the sources behind its level."""

    verdict: Verdict
    condition: str  # DERIVED, CORROBORATED or NEITHER
    sources: tuple[str, ...]  # distinct ids of the sources whose standing claims give the level
    independent: tuple[str, ...]  # those of them independent of the makers

    @property
    def makers_only(self) -> bool:
        """Some source gives the level, none of them independent: it rests on the makers' word."""
        return bool(self.sources) and not self.independent


def is_independent(data: Dataset, source_id: str) -> bool:
    source = data.sources.get(source_id)
    return source is not None and source.kind in INDEPENDENT_SOURCE_KINDS


def standing(data: Dataset, verdict: Verdict) -> Standing:
    sources = tuple(dict.fromkeys(c.source for c in supporting_claims(data, verdict)))
    independent = tuple(s for s in sources if is_independent(data, s))
    if rubric_support(data, verdict) is not None:
        condition = DERIVED
    elif len(sources) >= 2 and independent:
        condition = CORROBORATED
    else:
        condition = NEITHER
    return Standing(verdict, condition, sources, independent)


def corroborated_levels(data: Dataset, framework: str, attribute: str) -> tuple[str, ...]:
    """The levels that standing claims on this subject give from two or more distinct sources, one
    of them independent: the levels a verdict could rest on without a rubric."""
    by_level: dict[str, set[str]] = {}
    for claim in data.ratings_by_subject.get((framework, attribute), []):
        if claim.refuted is None:
            by_level.setdefault(claim.level, set()).add(claim.source)
    return tuple(
        level for level, sources in by_level.items()
        if len(sources) >= 2 and any(is_independent(data, s) for s in sources)
    )


def count_levels(data: Dataset) -> dict[str, int]:
    """How many verdicts meet each condition, plus how many of the others rest on the makers alone."""
    standings = [standing(data, v) for v in data.verdicts()]
    counts = Counter(s.condition for s in standings)
    return {
        DERIVED: counts[DERIVED],
        CORROBORATED: counts[CORROBORATED],
        NEITHER: counts[NEITHER],
        "neither, makers only": sum(1 for s in standings if s.condition == NEITHER and s.makers_only),
        "unrated": len(data.unrated()),
    }


def main(argv: list[str]) -> int:
    """`python -m macros.model.evidence [data-root]`: the counts, then each verdict meeting neither."""
    from macros.check.run import run_check

    data = run_check(Path(argv[0] if argv else "data")).dataset
    for name, number in count_levels(data).items():
        print(f"{name}: {number}")
    for verdict in data.verdicts():
        found = standing(data, verdict)
        if found.condition == NEITHER:
            kinds = ",".join(data.sources[s].kind for s in found.sources if s in data.sources)
            print(f"  {verdict.framework} {verdict.attribute} {verdict.level}: {kinds or 'no source'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""A source's comparison on performance that this project's measurements contradict is not left
standing: the data refutes it, qualifies it with the conditions it speaks of, or sets it aside."""

from __future__ import annotations

from collections.abc import Iterator

from macros.check.config import CheckConfig
from macros.model.disputes import measured_disputes
from macros.model.measured import ratio_text
from macros.model.types import ComparisonClaim, Dataset
from macros.problems import Problem, error, quote

RULE_ID = "measured-contradiction"


def check(data: Dataset, config: CheckConfig) -> Iterator[Problem]:
    for dispute in measured_disputes(data):
        if dispute.resolved:
            continue
        claim = dispute.claims[0]
        assert isinstance(claim, ComparisonClaim)
        found = "; ".join(
            f"{m.framework} {ratio_text(m.speed_ratio)} as fast as {m.than} on {m.workload} ({m.execution}, "
            f"{m.adapter} vs {m.than_adapter})"
            for m in dispute.measured[:3]
        )
        more = f" and {len(dispute.measured) - 3} more" if len(dispute.measured) > 3 else ""
        measurement = dispute.measured[0].measurement
        yield error(
            RULE_ID,
            claim.fields["relation"],
            f"{quote(claim.ref)} says {claim.framework} is {claim.relation_phrase} {claim.than} on performance "
            f"({quote(claim.wording)}), but measurement {quote(measurement)} finds {found}{more}",
            f"mark it refuted (kind outdated or incorrect, by: [{measurement}]) with the reason; or, if the source "
            "speaks of another setup (hardware, versions, backend), record those `conditions`; or set it aside "
            "in the performance verdict's `overrides`",
        )

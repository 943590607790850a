"""Every source a fact, a claims file or a refutation cites is in a sources catalogue."""

from __future__ import annotations

from collections.abc import Iterator

from macros.check.config import CheckConfig
from macros.check.rules._suggest import did_you_mean
from macros.model.types import Dataset
from macros.problems import Location, Problem, error, quote

RULE_ID = "unknown-source"


def check(data: Dataset, config: CheckConfig) -> Iterator[Problem]:
    known = data.known_source_ids
    cited: list[tuple[str, Location]] = [(cf.source, cf.fields["source"]) for cf in data.claims_files]
    for fw in data.framework_list:
        cited += [(e.source, e.fields["source"]) for entries in fw.facts.values() for e in entries]
    for claim in data.claims:
        if claim.refuted is not None:
            cited += [(s, claim.refuted.fields["by"]) for s in claim.refuted.by]
    for source, where in cited:
        if source not in known:
            yield error(
                RULE_ID,
                where,
                f"unknown source {quote(source)}",
                did_you_mean(source, known, "sources") + "; sources are listed in data/sources/*.yaml",
            )

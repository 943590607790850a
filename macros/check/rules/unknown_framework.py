"""Every framework a claim, a backend, a "built on", a successor, a compare_with, a measurement or an inference run names has its own file."""

from __future__ import annotations

from collections.abc import Iterator

from macros.check.config import CheckConfig
from macros.check.rules._suggest import did_you_mean
from macros.model.types import ComparisonClaim, Dataset
from macros.problems import Location, Problem, error, quote

RULE_ID = "unknown-framework"


def check(data: Dataset, config: CheckConfig) -> Iterator[Problem]:
    known = data.known_framework_ids
    named: list[tuple[str, Location, str]] = []
    for claim in data.claims:
        named.append((claim.framework, claim.fields["framework"], "claim"))
        if isinstance(claim, ComparisonClaim):
            named.append((claim.than, claim.fields["than"], "comparison"))
    for fw in data.framework_list:
        for fact in ("backends", "built_on"):
            for entry in fw.facts.get(fact, ()):
                named += [(ident, entry.fields["value"], fact.replace("_", " ")) for ident in entry.value]
        for entry in fw.facts.get("status", ()):
            named += [(ident, entry.fields["successors"], "successors") for ident in entry.successors]
        named += [(ident, where, "compare_with") for ident, where in fw.compare_with]
    for run in data.measurements:
        named += [(r.framework, r.fields["framework"], "measurement result") for r in run.results]
        named += [(u.framework, u.fields["framework"], "measurement") for u in (*run.failures, *run.not_measured)]
    for inference in data.inference:
        named += [(r.framework, r.fields["framework"], "inference runtime") for r in inference.runtimes]
        named += [(n.framework, n.fields["framework"], "inference run") for n in inference.not_measured]
    for ident, where, role in named:
        if ident not in known:
            yield error(
                RULE_ID,
                where,
                f"{role} names framework {quote(ident)}, which has no file data/frameworks/{ident}.yaml",
                did_you_mean(ident, known, "frameworks"),
            )

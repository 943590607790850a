"""No framework is compared with itself, or named as its own backend, base or successor."""

from __future__ import annotations

from collections.abc import Iterator

from macros.check.config import CheckConfig
from macros.model.types import ComparisonClaim, Dataset
from macros.problems import Location, Problem, error, quote

RULE_ID = "self-reference"


def check(data: Dataset, config: CheckConfig) -> Iterator[Problem]:
    found: list[tuple[str, Location, str]] = []
    for claim in data.claims:
        if isinstance(claim, ComparisonClaim) and claim.than == claim.framework:
            found.append((claim.framework, claim.fields["than"], f"comparison {quote(claim.ref)} compares it with itself"))
    for fw in data.framework_list:
        for fact in ("backends", "built_on"):
            for entry in fw.facts.get(fact, ()):
                if fw.id in entry.value:
                    found.append((fw.id, entry.fields["value"], f"{fact.replace('_', ' ')} names the framework itself"))
        for entry in fw.facts.get("status", ()):
            if fw.id in entry.successors:
                found.append((fw.id, entry.fields["successors"], "successors name the framework itself"))
        found += [(fw.id, where, "compare_with names the framework itself") for other, where in fw.compare_with
                  if other == fw.id]
    for framework, where, what in found:
        yield error(
            RULE_ID,
            where,
            f"{what} ({quote(framework)})",
            "name another framework here, or remove the entry",
        )

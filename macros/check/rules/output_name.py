"""Ids that name generated pages can name them: no framework or attribute id takes the name of a page
the site already has (`index`, ...) or makes two compare pages share a name."""

from __future__ import annotations

from collections.abc import Iterator

from macros.check.config import CheckConfig
from macros.load.ids import PageKind, name_problem
from macros.model.types import Dataset
from macros.problems import Location, Problem, error, quote

RULE_ID = "output-name"


def check(data: Dataset, config: CheckConfig) -> Iterator[Problem]:
    named: list[tuple[PageKind, str, Location]] = [("framework", fw.id, fw.fields["id"]) for fw in data.framework_list]
    named += [("attribute", a.id, a.at) for a in data.attributes.values()]
    for kind, ident, where in named:
        why = name_problem(kind, ident)
        if why:
            yield error(
                RULE_ID,
                where,
                f"{kind} id {quote(ident)} cannot name its page: {why}",
                f"choose another id for this {kind} (its page would be {kind}s/{ident.replace('_', '-')}/)",
            )

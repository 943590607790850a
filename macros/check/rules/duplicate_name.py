"""Readers tell things apart by their names: no two frameworks, attributes, or levels of one scale
have names that read the same (ignoring case, spacing, punctuation, invisible characters and
letters of other scripts that look like Latin ones)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from macros.check.config import CheckConfig
from macros.model.types import Dataset
from macros.problems import Location, Problem, error, quote

RULE_ID = "duplicate-name"

# Cyrillic and Greek letters that look like Latin ones (after case folding).
_LOOKALIKES = str.maketrans({
    "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t", "у": "y",
    "х": "x", "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l",
    "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u",
    "χ": "x", "ζ": "z",
})


def reading(name: str) -> str:
    """What a name reads as: the key two indistinguishable names share."""
    folded = unicodedata.normalize("NFKC", name).casefold().translate(_LOOKALIKES)
    return "".join(ch for ch in unicodedata.normalize("NFKD", folded) if unicodedata.category(ch)[0] in "LN")


def check(data: Dataset, config: CheckConfig) -> Iterator[Problem]:
    groups: list[tuple[str, list[tuple[str, Location]]]] = [
        ("framework", [(fw.name, fw.fields["name"]) for fw in data.framework_list]),
        ("attribute", [(a.name, a.fields["name"]) for a in data.attributes.values()]),
    ]
    groups += [(f"level of scale {quote(s.id)}", [(lv.label, lv.at) for lv in s.levels if lv.at is not None])
               for s in data.scales.values()]
    for what, names in groups:
        first: dict[str, tuple[str, Location]] = {}
        for name, where in names:
            earlier = first.setdefault(reading(name), (name, where))
            if earlier[1] is not where:
                yield error(
                    RULE_ID,
                    where,
                    f"{what} name {quote(name)} reads the same as {quote(earlier[0])} at {earlier[1]}",
                    "give each its own name; readers cannot tell the two apart",
                )

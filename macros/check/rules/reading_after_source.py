"""An indicator reading is dated by the data it was read from, so it is never dated later than its
source: not after the source's `published` date (a snapshot's or a publication's date) or, for a
source without one (a live package index, a copy of a repository), after the day it was read
(`accessed`). A reading dated later claims data its source could not hold, such as a download
count of an April snapshot dated in November."""

from __future__ import annotations

from collections.abc import Iterator

from macros.check.config import CheckConfig
from macros.model.types import Dataset
from macros.problems import Problem, error, quote

RULE_ID = "reading-after-source"


def check(data: Dataset, config: CheckConfig) -> Iterator[Problem]:
    for fw in data.framework_list:
        for entries in fw.facts.values():
            for entry in entries:
                source = data.sources.get(entry.source)
                if entry.method is None or source is None:  # not an indicator; an unknown source is reported apart
                    continue
                dated, field = (source.published, "published") if source.published else (source.accessed, "accessed")
                if dated is None or not dated.surely_before(entry.as_of):
                    continue
                yield error(
                    RULE_ID,
                    entry.fields["as_of"],
                    f"{entry.fact} of {fw.name} is dated {entry.as_of}, after its source {quote(source.id)} "
                    f"({field} {dated})",
                    "date a reading by its data: a counting window's last day, a snapshot's or publication's date; "
                    f"if the source was read again later, set its `accessed` to that day"
                    + (" (python -m macros refresh does so for the package indexes)" if field == "accessed" else ""),
                )

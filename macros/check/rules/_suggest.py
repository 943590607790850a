"""Shared wording for "unknown X" hints."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from macros.problems import quote


def did_you_mean(name: str, known: Iterable[str], what: str) -> str:
    known = sorted(set(known))
    close = difflib.get_close_matches(name, known, n=1)
    if close:
        return f"did you mean {quote(close[0])}?"
    if len(known) <= 12:
        return f"known {what}: " + ", ".join(known)
    return f"see the {what} under data/"

"""The checked data of the current build, shared by the MkDocs hook and the macros module.

The hook loads and checks the data once per build (on_config) and stores it here; the macros read it.
"""

from __future__ import annotations

from pathlib import Path

from macros.check.config import CheckConfig
from macros.check.run import run_check
from macros.problems import Problem
from macros.views.site_data import SiteData


class InvalidData(Exception):
    """The data has errors; the message lists them as the checker prints them."""

    def __init__(self, problems: list[Problem]) -> None:
        lines = [line for p in problems for line in p.as_lines()]
        errors = sum(p.is_error for p in problems)
        super().__init__(f"the data has {errors} error(s); no site was built:\n" + "\n".join(lines))


_current: SiteData | None = None


def load(data_root: Path) -> SiteData:
    """Check the data root; keep and return its site data, or raise InvalidData listing every error."""
    global _current
    config = CheckConfig()
    result = run_check(data_root, config)
    if result.errors:
        _current = None
        raise InvalidData(result.errors)
    _current = SiteData(result.dataset, config.stale_after_days, result.disputes)
    return _current


def current() -> SiteData:
    if _current is None:
        raise RuntimeError("no checked data: the Framework Facts hook must run before the macros")
    return _current

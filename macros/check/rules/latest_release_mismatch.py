"""A framework has one latest release date. The `latest_release_date` indicator and the `from`
of the current `latest_version` both give it; when they disagree a page would show two dates for
one release (a package index that re-dated its files, a post-release, an indicator not refreshed)."""

from __future__ import annotations

from collections.abc import Iterator

from macros.check.config import CheckConfig
from macros.model.types import Dataset
from macros.problems import Problem, error, quote

RULE_ID = "latest-release-mismatch"


def check(data: Dataset, config: CheckConfig) -> Iterator[Problem]:
    for fw in data.framework_list:
        version = fw.current("latest_version")
        dates = fw.current_entries("latest_release_date")
        if version is None or version.since is None or not dates:
            continue
        indicator = dates[-1]
        if str(indicator.value) != str(version.since):
            yield error(
                RULE_ID,
                indicator.fields["value"],
                f"{fw.name}'s latest release is dated {indicator.value} here but {version.since} by latest_version "
                f"{quote(version.value)} ({version.source})",
                "give both the date the version was first released, from the source that dates it best, "
                "and say in a note why the other date differs",
            )

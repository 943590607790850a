"""A framework or measurement file is named after its id; a claims file after its source."""

from __future__ import annotations

from collections.abc import Iterator

from macros.check.config import CheckConfig
from macros.model.types import Dataset
from macros.problems import Problem, error, quote

RULE_ID = "file-name"


def check(data: Dataset, config: CheckConfig) -> Iterator[Problem]:
    for fw in data.framework_list:
        if fw.id != fw.file_stem:
            yield error(
                RULE_ID,
                fw.fields["id"],
                f"framework id {quote(fw.id)} differs from the file name '{fw.file_stem}.yaml'",
                f"rename the file to {fw.id}.yaml or set `id: {fw.file_stem}`",
            )
    for run in data.measurements:
        if run.id != run.file_stem:
            yield error(
                RULE_ID,
                run.fields["id"],
                f"measurement id '{run.id}' differs from the file name '{run.file_stem}.yaml'",
                f"rename the file to {run.id}.yaml or set `id: {run.file_stem}`",
            )
    for cf in data.claims_files:
        if cf.source != cf.file_stem:
            yield error(
                RULE_ID,
                cf.fields["source"],
                f"claims file names source {quote(cf.source)} but is called '{cf.file_stem}.yaml'",
                f"a claims file is named after its source: rename it to {cf.source}.yaml",
            )

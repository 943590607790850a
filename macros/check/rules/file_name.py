"""A framework, measurement or inference file is named after its id; a claims file after its source."""

from __future__ import annotations

from collections.abc import Iterator

from macros.check.config import CheckConfig
from macros.model.types import Dataset
from macros.problems import Problem, error, quote

RULE_ID = "file-name"


def check(data: Dataset, config: CheckConfig) -> Iterator[Problem]:
    named = [("framework", fw.id, fw.file_stem, fw.fields) for fw in data.framework_list]
    named += [("measurement", run.id, run.file_stem, run.fields) for run in data.measurements]
    named += [("inference run", run.id, run.file_stem, run.fields) for run in data.inference]
    for kind, id_, stem, fields in named:
        if id_ != stem:
            yield error(
                RULE_ID,
                fields["id"],
                f"{kind} id {quote(id_)} differs from the file name '{stem}.yaml'",
                f"rename the file to {id_}.yaml or set `id: {stem}`",
            )
    for cf in data.claims_files:
        if cf.source != cf.file_stem:
            yield error(
                RULE_ID,
                cf.fields["source"],
                f"claims file names source {quote(cf.source)} but is called '{cf.file_stem}.yaml'",
                f"a claims file is named after its source: rename it to {cf.source}.yaml",
            )

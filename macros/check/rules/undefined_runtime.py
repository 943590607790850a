"""An inference file's results and failures name runtimes the file defines under `runtimes`: a figure
of an undefined runtime has no framework, version or conversion path to show beside it."""

from __future__ import annotations

from collections.abc import Iterator

from macros.check.config import CheckConfig
from macros.check.rules._suggest import did_you_mean
from macros.model.types import Dataset
from macros.problems import Problem, error, quote

RULE_ID = "undefined-runtime"


def check(data: Dataset, config: CheckConfig) -> Iterator[Problem]:
    for run in data.inference:
        defined = {runtime.id for runtime in run.runtimes}
        named = [(r.runtime, r.fields["runtime"], "result") for r in run.results]
        named += [(f.runtime, f.fields["runtime"], "failure") for f in run.failures]
        for runtime, where, role in named:
            if runtime not in defined:
                yield error(RULE_ID, where,
                            f"a {role} names runtime {quote(runtime)}, which inference run '{run.id}' does not "
                            f"define (it defines {', '.join(sorted(defined)) or 'none'})",
                            did_you_mean(runtime, defined, "runtimes") + "; add the runtime under `runtimes` "
                            "(the harness writes it), or remove the entry")

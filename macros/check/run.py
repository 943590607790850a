"""The whole check of one data root: load -> validate -> model -> rules."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from macros.check.config import CheckConfig
from macros.check.rules import RULES
from macros.load.data_tree import load_tree
from macros.model.build import build_dataset
from macros.model.disputes import Dispute, find_disputes
from macros.model.types import Dataset
from macros.problems import Problem, sorted_problems
from macros.validate.schema import validate_file


@dataclass(frozen=True)
class CheckResult:
    root: Path
    problems: list[Problem]
    dataset: Dataset
    disputes: list[Dispute]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


def run_check(root: Path, config: CheckConfig | None = None) -> CheckResult:
    config = config or CheckConfig()
    tree = load_tree(root)
    problems = list(tree.problems)
    invalid = {p.where.file for p in problems if p.is_error}
    for data_file in tree.files:
        file_problems = validate_file(data_file)
        problems += file_problems
        if any(p.is_error for p in file_problems):
            invalid.add(data_file.shown_as)
    dataset = build_dataset(tree.files, invalid)
    for rule in RULES:
        problems += rule.check(dataset, config)
    return CheckResult(root, sorted_problems(problems), dataset, find_disputes(dataset))

"""One module per rule. Each has RULE_ID and `check(data, config)` yielding `Problem`s.

To add a rule: write the module, add it to RULES below, and add a failing and a passing fixture
under tests/fixtures/rules/<rule-id>/.
"""

from __future__ import annotations

from types import ModuleType

from macros.check.rules import (
    comparison_vs_verdicts,
    conflicting_claims,
    date_order,
    discontinued_without_end,
    duplicate_id,
    duplicate_name,
    duplicate_override,
    failed_correctness,
    file_name,
    future_date,
    incomplete_environment,
    level_not_on_scale,
    link,
    measured_contradiction,
    missing_as_of,
    opposed_comparisons,
    output_name,
    rated_and_unrated,
    refuted_without_primary_source,
    rubric_mismatch,
    self_reference,
    stale_measurement,
    stale_verdict,
    too_few_repetitions,
    unknown_attribute,
    unknown_claim,
    unknown_framework,
    unknown_scale,
    unknown_source,
    unnecessary_resolution,
    verdict_without_support,
    wide_spread,
)

RULES: tuple[ModuleType, ...] = (
    file_name,
    output_name,
    duplicate_id,
    duplicate_name,
    unknown_scale,
    unknown_attribute,
    unknown_framework,
    unknown_source,
    unknown_claim,
    self_reference,
    duplicate_override,
    level_not_on_scale,
    link,
    missing_as_of,
    future_date,
    date_order,
    discontinued_without_end,
    refuted_without_primary_source,
    conflicting_claims,
    comparison_vs_verdicts,
    opposed_comparisons,
    measured_contradiction,
    rubric_mismatch,
    unnecessary_resolution,
    verdict_without_support,
    rated_and_unrated,
    stale_verdict,
    incomplete_environment,
    too_few_repetitions,
    wide_spread,
    failed_correctness,
    stale_measurement,
)

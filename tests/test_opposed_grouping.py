"""The linear grouping of opposed comparisons finds exactly the claims the pairwise definition does:
two claims in opposite directions oppose unless both state conditions and the conditions differ."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from macros.model.disputes import _with_opponent
from macros.model.types import ComparisonClaim
from macros.problems import Location

conditions = st.one_of(st.just({}), st.fixed_dictionaries({"hardware": st.sampled_from(["gpu", "cpu"])}),
                       st.fixed_dictionaries({"hardware": st.sampled_from(["gpu", "cpu"]), "metric": st.just("ms")}))


def _claim(index: int, relation: str, stated: dict[str, str]) -> ComparisonClaim:
    return ComparisonClaim(source="s", id=f"c{index}", framework="a", locator="x", as_of=None, note=None,
                           conditions=stated, refuted=None, at=Location("f"), fields={}, relation=relation, than="b",
                           attribute="performance", wording="w")


def _oppose(one: ComparisonClaim, other: ComparisonClaim) -> bool:
    return not (one.conditions and other.conditions and one.conditions != other.conditions)


@settings(max_examples=200, deadline=None)
@given(lower=st.lists(conditions, max_size=6), higher=st.lists(conditions, max_size=6))
def test_grouping_matches_the_pairwise_definition(lower: list[dict[str, str]], higher: list[dict[str, str]]) -> None:
    lows = [_claim(i, "lower", c) for i, c in enumerate(lower)]
    highs = [_claim(100 + i, "higher", c) for i, c in enumerate(higher)]
    assert _with_opponent(lows, highs) == [lo for lo in lows if any(_oppose(lo, hi) for hi in highs)]
    assert _with_opponent(highs, lows) == [hi for hi in highs if any(_oppose(hi, lo) for lo in lows)]

"""What the rubric views show: the methodology page's rubric tables, the numbers behind each level on
attribute pages, and a rubric disagreement on the disagreements page (views on fixture data)."""

from __future__ import annotations

import html
from pathlib import Path

from conftest import FIXED_TODAY, FIXTURES, make_data_root
from macros.check.run import run_check
from macros.views.attribute import attribute_page
from macros.views.common import Links
from macros.views.disagreements import disagreements_page
from macros.views.rubrics import rubrics_page
from macros.views.site_data import SiteData


def _site(tmp_path: Path, case: str = "rubric-mismatch/good") -> SiteData:
    result = run_check(make_data_root(tmp_path, FIXTURES / "rules" / case), FIXED_TODAY)
    return SiteData(result.dataset)


def _text(page: str) -> str:
    return html.unescape(page)


def test_methodology_shows_each_rubric_with_its_thresholds(tmp_path: Path) -> None:
    page = _text(rubrics_page(_site(tmp_path), Links("../")))
    assert "Downloads in a month" in page and "100,000 or more" in page and "below 100,000" in page
    assert "10,000,000 or more" in page and "Contributors in 12 months" in page
    assert page.count('class="ff-rubric"') == 2  # community and deployment
    assert "No rubric: no level is derived from numbers for this attribute yet." in page  # the others


def test_attribute_page_shows_the_numbers_behind_each_level(tmp_path: Path) -> None:
    site = _site(tmp_path)
    community = _text(attribute_page(site, "community", Links("../../")))
    assert "Downloads in a month 2,000,000 (High, as of 2026-11-01)" in community
    assert "Contributors in 12 months 60 (High, as of 2026-11-01)" in community
    assert "The rubric derives" in community and "High</span>" in community
    deployment = _text(attribute_page(site, "deployment", Links("../../")))
    assert "Deployment targets 2 (server, mobile) (Moderate, as of 2026-11-01)" in deployment


def test_a_framework_missing_an_indicator_shows_which_and_gets_no_level(tmp_path: Path) -> None:
    site = _site(tmp_path, "rubric-mismatch/bad")
    community = _text(attribute_page(site, "community", Links("../../")))
    assert "not recorded or unknown: Contributors in 12 months" in community
    assert "The rubric derives no level." in community


def test_a_rubric_disagreement_is_listed_with_the_reason_it_is_set_aside(tmp_path: Path) -> None:
    page = _text(disagreements_page(_site(tmp_path), Links("../")))
    assert "The indicators and the verdict give different levels." in page
    assert "The rubric counts kinds of target; both are barely documented." in page


def test_the_export_carries_indicators_with_their_method_and_what_rubrics_derive(tmp_path: Path) -> None:
    from macros.views.exports import framework_json

    site = _site(tmp_path)
    alpha = framework_json(site, site.data.frameworks["alpha"])
    downloads = alpha["facts"]["downloads_per_month"][0]
    assert downloads["value"] == 2000000 and downloads["package"] == "pypi:alpha"
    assert downloads["method"].startswith("downloads of the alpha package")
    assert alpha["rubrics"]["community"] == {
        "level": "high",
        "readings": [
            {"fact": "downloads_per_month", "measured": 2000000, "level": "high"},
            {"fact": "contributors_12m", "measured": 60, "level": "high"},
        ],
        "missing": [],
    }


def test_capability_indicators_show_their_kinds_and_a_not_applicable_reading() -> None:
    site = SiteData(run_check(Path(__file__).resolve().parents[1] / "data").dataset)
    page = _text(rubrics_page(site, Links("../")))
    assert "Imports from and native model format, for inference runtimes" in page
    assert "Exports to, for training frameworks and high-level APIs" in page
    scalability = _text(attribute_page(site, "scalability", Links("../../")))
    # TensorRT records distributed strategies as not applicable: it counts nothing, low; NVIDIA CUDA counts once.
    assert "Distributed strategies 0 (not applicable) (Low, as of" in scalability
    assert "Accelerators 1 counted (NVIDIA CUDA) (Moderate, as of" in scalability


def test_a_category_reading_reads_as_its_reader_label() -> None:
    from types import SimpleNamespace

    from macros.views.rubrics import _measured_text

    indicator = SimpleNamespace(categories={"built-in": 2, "via-library": 1, "none": 0}, counting=None, item_field=None)
    assert _measured_text(SimpleNamespace(values=(), indicator=indicator, measured="via-library")) == \
        "via a separate library"
    assert _measured_text(SimpleNamespace(values=(), indicator=indicator, measured="built-in")) == "built in"

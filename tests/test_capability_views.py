"""Capabilities on the pages: reader labels, sources, unknown shown as unknown (with why), never "no"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from macros.check.run import run_check
from macros.model.capability_kinds import KINDS, item_label
from macros.views import capabilities, exports, framework
from macros.views.common import Links
from macros.views.site_data import SiteData

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def site() -> SiteData:
    result = run_check(DATA)
    assert not result.errors
    return SiteData(result.dataset, disputes=result.disputes)


def test_a_cell_shows_every_current_item_in_reader_words_with_its_sources(site: SiteData) -> None:
    pytorch = site.data.frameworks["pytorch"]
    cell = capabilities.capability_cell(pytorch, "platforms")
    assert cell.state == "known"
    assert cell.labels == tuple(item_label("platforms", dict(i)) for i in pytorch.current_values("platforms"))
    assert "Windows + NVIDIA CUDA" in cell.labels
    assert set(cell.sources) == {e.source for e in pytorch.current_entries("platforms")}


def test_a_gap_reads_unknown_with_its_reason_never_no(site: SiteData) -> None:
    gaps = [(fw, kind, gap) for fw in site.frameworks for kind, gap in fw.capability_gaps.items()]
    assert gaps, "the data records unknown capabilities"
    for fw, kind, gap in gaps:
        cell = capabilities.capability_cell(fw, kind)
        assert cell.state == ("not-applicable" if gap.kind == "not_applicable" else "unknown")
        assert cell.reason == gap.reason and not cell.items
    fw, kind, gap = next(g for g in gaps if g[2].kind == "unknown")
    page = framework.framework_page(site, fw.id, Links("../../"))
    section = page[page.index('id="capabilities"'):page.index('</dl>', page.index('id="capabilities"'))]
    assert f'id="capability-{kind}"' in section and "unknown: " in section


def test_the_matrix_has_a_cell_per_framework_and_kind_linked_to_its_evidence(site: SiteData) -> None:
    html = capabilities.capability_matrix(site, Links("../"))
    for kind in KINDS:
        assert f">{kind.label}</th>" in html
    for fw in site.frameworks:
        assert f'href="../frameworks/{fw.id}/#capability-platforms"' in html, fw.id
    assert ">no<" not in html, "an absent value is never shown as no"


def test_the_export_carries_each_kind_with_its_state(site: SiteData) -> None:
    data = exports.framework_json(site, site.data.frameworks["jax"])
    assert set(data["capabilities"]) == {k.id for k in KINDS}
    assert data["capabilities"]["accelerators"]["state"] == "known"
    assert "Google TPU" in data["capabilities"]["accelerators"]["labels"]
    json.dumps(data)


def test_an_inference_runtime_is_told_apart_from_a_training_framework(site: SiteData) -> None:
    assert capabilities.framework_kind(site.data.frameworks["pytorch"]) == "training"
    kinds = {capabilities.framework_kind(fw) for fw in site.frameworks}
    assert "training" in kinds
    # What readers take them for, as the files say: ONNX Runtime and ExecuTorch record automatic
    # differentiation (separate or experimental training packages) and ExecuTorch is built on PyTorch,
    # yet both are runtimes; Keras names backends, not built_on, yet is a high-level API.
    expected = {"onnx-runtime": "runtime", "executorch": "runtime", "litert": "runtime", "openvino": "runtime",
                "tensorrt": "runtime", "keras": "high-level", "fastai": "high-level", "djl": "high-level",
                "pytorch-lightning": "high-level", "jax": "training", "tensorflow": "training"}
    assert {fw: capabilities.framework_kind(site.data.frameworks[fw]) for fw in expected} == expected


def test_without_a_kind_in_the_file_the_kind_is_inferred(site: SiteData) -> None:
    from dataclasses import replace
    onnx, flax, pytorch = (site.data.frameworks[f] for f in ("onnx-runtime", "flax", "pytorch"))
    assert capabilities.framework_kind(replace(onnx, kind=None)) == "training", "it records reverse-mode autodiff"
    assert capabilities.framework_kind(replace(site.data.frameworks["tensorrt"], kind=None)) == "runtime"
    assert capabilities.framework_kind(replace(flax, kind=None)) == "high-level", "built on JAX"
    assert capabilities.framework_kind(replace(pytorch, kind=None)) == "training"


def test_item_labels_read_as_the_reader_words() -> None:
    assert item_label("precision", {"precision": "int8", "use": "inference"}) == "INT8 inference"
    assert item_label("precision", {"precision": "bf16", "use": "training"}) == "BF16 training"
    assert item_label("install_size", {"package": "torch", "megabytes": 850.5}) == "torch: 850.5 MB"
    assert item_label("install_size", {"package": "jax", "megabytes": 120, "artifact": "CPU wheel"}) == \
        "jax: 120 MB (CPU wheel)"
    assert item_label("python_versions", {"version": "3.12"}) == "3.12"

"""The guide "Which framework should I use?": its form, with the choices the data offers.

The page script (content/assets/js/guide.js) reads api/frameworks.json and matches the reader's needs
against each framework's current facts and verdicts; everything it needs to name a choice (labels,
which fact a need is about) is in the form this view renders, so the script knows no data of its own.
"""

from __future__ import annotations

import json
from typing import Any

from macros.model.capability_kinds import KINDS_BY_ID
from macros.views.common import FACT_LABELS, VALUE_LABELS, Links, render
from macros.views.site_data import SiteData

# The needs a reader can state about facts: (form field, fact, label of the question, several at
# once). Field names are the address's keys, so none may be an attribute's id ("deployment" is the
# rating; the targets are "target"): a shared link must not lose a choice to another.
FACT_NEEDS = [
    ("language", "interface_languages", "I will write models in", False),
    ("hardware", "hardware", "It must run on", False),
    ("target", "deployment_targets", "I will deploy to (tick every one)", True),
    ("license", "license", "License", False),
]


def _choices(site: SiteData, fact: str) -> list[dict[str, str]]:
    """Every value the fact holds today for some framework, in the order of VALUE_LABELS, then by name."""
    values = {v for fw in site.frameworks for v in fw.current_values(fact)}
    order = list(VALUE_LABELS)
    return [{"value": v, "label": VALUE_LABELS.get(v, v)}
            for v in sorted(values, key=lambda v: (order.index(v) if v in order else len(order), v.casefold()))]


# Needs about capabilities: (address key, kind, the item fields that must match, the reader's label).
CAPABILITY_NEEDS = [
    ("windows-cuda", "platforms", {"os": "windows", "accelerator": "cuda"}, "Windows with an NVIDIA GPU (native, not WSL2)"),
    ("tpu", "accelerators", {"accelerator": "tpu"}, "Google TPU, built in or through a package"),
    ("apple-gpu", "accelerators", {"accelerator": "metal"}, "Apple GPU (Metal)"),
    ("onnx-export", "export_formats", {"format": "onnx"}, "Exports to ONNX"),
    ("int8-inference", "precision", {"precision": "int8", "use": "inference"}, "INT8 inference"),
    ("multi-node", "distributed_strategies", {"strategy": "multi-node"}, "Training across several machines"),
]


def guide_form(site: SiteData) -> dict[str, Any]:
    facts = [{"name": name, "fact": fact, "question": question, "label": FACT_LABELS[fact], "several": several,
              "choices": _choices(site, fact)} for name, fact, question, several in FACT_NEEDS]
    attributes = [{"id": a.id, "name": a.name, "description": a.description,
                   "levels": [lv for lv in (a.scale.levels if a.scale else ()) if lv.rank > 0]}
                  for a in site.attributes]
    capabilities = [{"name": name, "kind": kind, "match": json.dumps(match, sort_keys=True), "label": label,
                     "kind_label": KINDS_BY_ID[kind].label} for name, kind, match, label in CAPABILITY_NEEDS]
    return {"facts": [f for f in facts if f["choices"]], "attributes": attributes, "capabilities": capabilities}


def guide(site: SiteData, links: Links) -> str:
    return render("guide.html", form=guide_form(site), api=links.page("api/frameworks.json"), root=links.root,
                  script=links.page("assets/js/guide.js"))

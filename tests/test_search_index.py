"""The search index without its empty sections: a heading over nothing searchable is left out, a
page's own entry and every section with text stay, in order, and the file stays Material's JSON."""

from __future__ import annotations

import json

from macros.views.search_index import without_empty_sections

INDEX = {
    "config": {"lang": ["en"], "separator": "[\\s\\-]+"},
    "docs": [
        {"location": "frameworks/alpha/", "title": "Alpha", "text": ""},
        {"location": "frameworks/alpha/#facts", "title": "Facts", "text": ""},
        {"location": "frameworks/alpha/#ratings", "title": "Ratings", "text": "<p>Rated high</p>"},
        {"location": "frameworks/alpha/#sources-cited", "title": "Sources cited", "text": "  \n "},
        {"location": "sources/", "title": "Sources", "text": "<p>Every source</p>"},
        {"location": "sources/#kind-news", "title": "News", "text": "<ul><li>Keras &amp; news</li></ul>"},
    ],
}


def test_empty_sections_are_left_out_and_the_rest_kept_in_order() -> None:
    pruned = json.loads(without_empty_sections(json.dumps(INDEX)))
    assert [d["location"] for d in pruned["docs"]] == [
        "frameworks/alpha/", "frameworks/alpha/#ratings", "sources/", "sources/#kind-news"]
    assert pruned["docs"][3] == INDEX["docs"][5] and pruned["config"] == INDEX["config"]


def test_the_result_is_compact_json_as_material_writes_it() -> None:
    text = without_empty_sections(json.dumps(INDEX, indent=2))
    assert text == json.dumps(json.loads(text), separators=(",", ":"))
    assert ": " not in text and "\n" not in text

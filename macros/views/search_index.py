"""The search index Material writes, without the sections a reader can find nothing in.

Material makes one search entry per heading with an id. On a page generated from data many
headings stand over content left out of search (tables, lists of sources cited, evidence loaded on
demand) or over nothing to search at all ("Sources cited", "Facts side by side", "Ease of use: no
source rates it"): about 370 entries with a title and no text, a tenth of the index every reader
downloads to search. A page's own entry (its title and first text) always stays.
"""

from __future__ import annotations

import json


def without_empty_sections(index_json: str) -> str:
    """Material's search_index.json with every section entry whose text is empty left out."""
    index = json.loads(index_json)
    index["docs"] = [doc for doc in index["docs"] if "#" not in doc["location"] or doc["text"].strip()]
    return json.dumps(index, separators=(",", ":"))  # as Material writes it

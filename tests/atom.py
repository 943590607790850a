"""Whether a document is an Atom 1.0 feed (RFC 4287), read with Python's own xml: for the tests of the feeds."""

from __future__ import annotations

import re
from xml.etree import ElementTree

ATOM = "{http://www.w3.org/2005/Atom}"


def atom_problems(xml_bytes: bytes) -> list[str]:
    """What makes a document not an Atom 1.0 feed (RFC 4287's required elements), read with Python's xml."""
    root = ElementTree.fromstring(xml_bytes)
    problems = [] if root.tag == f"{ATOM}feed" else [f"root is {root.tag}, not an Atom feed"]
    for name in ("id", "title", "updated"):
        if root.find(f"{ATOM}{name}") is None:
            problems.append(f"feed has no {name}")
    if root.find(f"{ATOM}link[@rel='self']") is None:
        problems.append("feed has no self link")
    has_author = root.find(f"{ATOM}author/{ATOM}name") is not None
    ids = []
    for entry in root.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated"):
            if entry.find(f"{ATOM}{name}") is None:
                problems.append(f"entry has no {name}")
        if not has_author and entry.find(f"{ATOM}author") is None:
            problems.append("entry has no author and the feed none either")
        ids.append(entry.findtext(f"{ATOM}id"))
        for stamp in (entry.findtext(f"{ATOM}updated"),):
            if stamp is None or not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)", stamp):
                problems.append(f"entry date {stamp!r} is not an RFC 3339 timestamp")
    if len(ids) != len(set(ids)):
        problems.append("entry ids repeat")
    if any(not i or " " in i or not i.startswith("https://") for i in ids):
        problems.append("an entry id is not an absolute IRI")
    return problems

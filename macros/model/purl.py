"""Package URLs (https://github.com/package-url/purl-spec) for a framework's declared main package.

A purl names a package the same way across tools (SBOM scanners, dependency trackers), so a reader
can match our page to their inventory. Only the type, namespace and name parts are written: the
page is about the package, not one version.
"""

from __future__ import annotations

import re
import urllib.parse

# Our registry names -> purl types (the spec calls crates.io packages `cargo`).
_PURL_TYPES = {"pypi": "pypi", "npm": "npm", "crates": "cargo", "maven": "maven"}


def _part(text: str) -> str:
    # The spec percent-encodes every character outside the unreserved set of RFC 3986, `@` included.
    return urllib.parse.quote(text, safe="-._~")


def purl(registry: str, name: str) -> str | None:
    """`pkg:<type>/<namespace>/<name>`, or None for a registry purl has no type for here."""
    purl_type = _PURL_TYPES.get(registry)
    if purl_type is None:
        return None
    namespace = ""
    if registry == "pypi":
        name = re.sub(r"[-_.]+", "-", name).lower()  # PyPI names compare normalized (PEP 503)
    elif registry == "npm" and name.startswith("@") and "/" in name:
        namespace, name = name.split("/", 1)
    elif registry == "maven" and ":" in name:
        namespace, name = name.split(":", 1)
    return "pkg:" + purl_type + "/" + (_part(namespace) + "/" if namespace else "") + _part(name)

"""Package URLs for the declared main package: the spec's own examples, and the exports."""

from __future__ import annotations

from macros.model.purl import purl


def test_purls_follow_the_spec_examples() -> None:
    # Expected strings written from https://github.com/package-url/purl-spec (PURL-TYPES), not from the code.
    assert purl("pypi", "torch") == "pkg:pypi/torch"
    assert purl("pypi", "Django_Rest.framework") == "pkg:pypi/django-rest-framework"
    assert purl("npm", "@tensorflow/tfjs") == "pkg:npm/%40tensorflow/tfjs"
    assert purl("npm", "foobar") == "pkg:npm/foobar"
    assert purl("crates", "burn") == "pkg:cargo/burn"
    assert purl("maven", "ai.djl:api") == "pkg:maven/ai.djl/api"
    assert purl("conda", "torch") is None


def test_hostile_names_are_percent_encoded_not_passed_through() -> None:
    assert purl("npm", "a b?c#d") == "pkg:npm/a%20b%3Fc%23d"


"""The home page's "Start here": the questions readers ask most, each linking to the page that answers
it. A question whose answer page the data does not produce (a pair page, a framework) is left out, so
the list never links to a page that does not exist."""

from __future__ import annotations

from dataclasses import dataclass

from macros.views.common import Links, framework_name, render
from macros.views.site_data import SiteData


@dataclass(frozen=True)
class Question:
    question: str
    lead: str  # the words before the links
    pairs: tuple[tuple[str, str], ...] = ()  # pair pages that answer it
    pages: tuple[tuple[str, str], ...] = ()  # (site path, link text)
    after: str = ""


QUESTIONS = (
    Question("Which framework should I use?", "Answer a few questions in the", pages=(("guide/", "guide"),)),
    Question("PyTorch or JAX?", "Side by side:", pairs=(("jax", "pytorch"), ("pytorch", "tensorflow"), ("jax", "keras"))),
    Question("Is Keras slower than PyTorch?", "What sources say and what was measured:", pairs=(("keras", "pytorch"),)),
    Question("Does TensorFlow still use static graphs? Does Keras still run on Theano?", "The",
             pages=(("myths/", "myths and outdated claims"),)),
    Question("What runs on phones, on edge devices and in the browser?", "Side by side:",
             pairs=(("executorch", "litert"), ("onnx-runtime", "openvino"))),
    Question("How fast is each framework here?", "The", pages=(("benchmarks/", "benchmarks"),),
             after=", with their scope: small models on a CPU"),
    Question("Where do sources disagree?", "", pages=(("disagreements/", "Disagreements"),), after=", by attribute"),
    Question("What do verdict, rubric and set aside mean?", "The", pages=(("methodology/#glossary", "glossary"),)),
)


def start_here(site: SiteData, links: Links) -> str:
    pairs = {(a.id, b.id) for a, b in site.static_pairs}
    items = []
    for q in QUESTIONS:
        targets = [{"href": links.pair(site.pair_slug(*sorted(p))),
                    "text": f"{framework_name(site, p[0])} vs {framework_name(site, p[1])}"}
                   for p in q.pairs if tuple(sorted(p)) in pairs]
        targets += [{"href": links.page(path), "text": text} for path, text in q.pages]
        if targets:
            items.append({"question": q.question, "lead": q.lead, "targets": targets, "after": q.after})
    return render("start_here.html", items=items)

"""Report: page weight and first paint per page type, against a plain mkdocs-material page. Not a test.

For each page type: bytes of HTML (raw and gzipped), and Chromium's first contentful paint (median
of several cold loads, from the page's performance entries), next to the same page of a plain
mkdocs-material site holding the same text (see build_speed.plain_twin). Then the bytes of our own
JS and CSS, which every page loads, and the framework pages over the HTML budget.

    .venv/bin/python benchmarks/page_weight.py [--runs 5]      (or: make weight)
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO / "tests"), str(REPO / "benchmarks")]

from build_speed import plain_twin
from chromium import CHROMIUM, CHROMIUM_ARGS
from playwright.sync_api import Browser, sync_playwright
from site_build import build, make_project
from site_server import serve

FRAMEWORK_PAGE_BUDGET = 60 * 1024
PAGE_TYPES = {
    "home": "",
    "matrix": "matrix/",
    "guide": "guide/",
    "framework (keras, the longest)": "frameworks/keras/",
    "framework (jax)": "frameworks/jax/",
    "attribute": "attributes/performance/",
    "pair": "compare/keras-vs-pytorch/",
    "compare (picker)": "compare/",
    "sources": "sources/",
    "disagreements": "disagreements/",
    "what changed": "changes/",
}
OWN_ASSETS = ["assets/css/site.css", "assets/js/site.js", "assets/vendor/tablesort.min.js",
              "assets/vendor/tablesort.number.min.js"]  # guide.js loads on the guide page only


def html_bytes(site: Path, path: str) -> tuple[int, int]:
    raw = (site / path / "index.html").read_bytes()
    return len(raw), len(gzip.compress(raw, mtime=0))


def first_paint_ms(browser: Browser, url: str, runs: int) -> float:
    """Median first contentful paint of `runs` cold loads (a new context each: no cache)."""
    samples = []
    for _ in range(runs):
        context = browser.new_context()
        page = context.new_page()
        page.goto(url, wait_until="load")
        fcp = page.evaluate(
            "() => new Promise(done => { const e = performance.getEntriesByName('first-contentful-paint');"
            " if (e.length) return done(e[0].startTime);"
            " new PerformanceObserver(l => done(l.getEntries()[0].startTime)).observe({type: 'paint', buffered: true}); })"
        )
        samples.append(float(fcp))
        context.close()
    return statistics.median(samples)


def kb(n: float) -> str:
    return f"{n / 1024:.1f} KB"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5, help="cold loads per page for first paint (median)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        where = Path(tmp)
        project = make_project(where / "real", REPO / "data")
        result = build(project, where / "site")
        if result.returncode != 0:
            raise SystemExit(result.stderr)
        site = where / "site"
        plain = plain_twin(site, where, "plain", with_files=False)  # page weight compares pages
        result = build(plain, where / "plain-site")
        if result.returncode != 0:
            raise SystemExit(result.stderr)
        plain_site = where / "plain-site"

        with serve(site) as ours, serve(plain_site) as theirs, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            print("| page type | HTML | gzipped | plain Material HTML | first paint | plain first paint | paint ratio |")
            print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
            for label, path in PAGE_TYPES.items():
                raw, packed = html_bytes(site, path)
                plain_raw, _ = html_bytes(plain_site, path)
                mine = first_paint_ms(browser, ours + path, args.runs)
                base = first_paint_ms(browser, theirs + path, args.runs)
                print(f"| {label} | {kb(raw)} | {kb(packed)} | {kb(plain_raw)} | {mine:.0f} ms | {base:.0f} ms "
                      f"| {mine / base:.2f} |")
            browser.close()

        own = {asset: (site / asset).stat().st_size for asset in OWN_ASSETS}
        print(f"\nOur own JS and CSS, loaded by every page: {kb(sum(own.values()))} "
              f"({', '.join(f'{Path(a).name} {kb(n)}' for a, n in own.items())}); "
              f"gzipped {kb(sum(len(gzip.compress((site / a).read_bytes(), mtime=0)) for a in own))}")

        sizes = sorted(((p.parent.name, p.stat().st_size) for p in (site / "frameworks").glob("*/index.html")),
                       key=lambda item: item[1], reverse=True)
        over = [(name, size) for name, size in sizes if size > FRAMEWORK_PAGE_BUDGET]
        print(f"Framework pages: {len(sizes)}, median HTML {kb(statistics.median(s for _, s in sizes))}, "
              f"largest {sizes[0][0]} {kb(sizes[0][1])}; budget {kb(FRAMEWORK_PAGE_BUDGET)}: "
              + ("all within." if not over else "over: " + ", ".join(f"{n} {kb(s)}" for n, s in over)))


if __name__ == "__main__":
    main()

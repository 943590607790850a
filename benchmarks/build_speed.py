"""Benchmark: strict build time of the real site against a plain mkdocs-material site with the same
pages and text, and build times and page sizes for 500, 1,000 and 2,000 synthetic frameworks. Not a
test (tests/test_benchmarks_smoke.py runs it once, small, so it cannot rot).

    .venv/bin/python benchmarks/build_speed.py [--runs 7] [--sizes 500 1000 2000]

How it measures, so that the ratio compares our machinery and nothing else:
- The plain twin holds our built site's pages as Markdown and every other file our site has
  (exports, feeds, schemas, evidence fragments, CSS and JavaScript) as static files, so both builds
  write the same site; what is left is what our code computes. The ratio against the pages alone
  is printed too.
- Each figure is the wall time of a `mkdocs build --strict` process, Python start-up included.
- Our builds and the plain builds alternate, so a slow minute on a shared machine slows both.
- Our package is compiled to bytecode first. pip does that for every installed package (MkDocs,
  Material), but our package is installed editable, and where PYTHONDONTWRITEBYTECODE is set (it is
  on the development machine) Python would recompile it on every build, which no user's machine does.
- The first build of each, with cold disk caches, is reported apart: that is what a CI job pays.
"""

from __future__ import annotations

import argparse
import compileall
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO / "tests"), str(REPO / "benchmarks")]

from check_speed import make_root
from site_build import build, make_project


def plain_config() -> str:
    """Our mkdocs.yml without what makes it ours (checker hook, macros, data): same theme features,
    palette and Markdown extensions, pair pages kept out of the nav as ours are, so the ratio
    measures our machinery and not a difference in theme settings."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    for key in ("hooks", "watch", "extra_css", "extra_javascript", "extra"):
        config.pop(key, None)
    config["site_name"] = "Plain"
    config["plugins"] = ["search"]
    config["not_in_nav"] = "/compare/*-vs-*/"
    return yaml.safe_dump(config, sort_keys=False)


def timed_build(project: Path, site: Path) -> float:
    shutil.rmtree(site, ignore_errors=True)
    start = time.perf_counter()
    result = build(project, site)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(result.stdout[-3000:] + result.stderr[-3000:])
    return seconds


# What a plain Material build makes by itself: its theme's assets, the search index, the sitemap and
# the 404 page. Every other file of our site is ours (exports, feeds, schemas, evidence fragments,
# our CSS and JavaScript).
THEME_OUTPUT = {"search", "sitemap.xml", "sitemap.xml.gz", "404.html"}
THEME_ASSETS = {"javascripts", "stylesheets", "images"}


def _ours(rel: Path) -> bool:
    if rel.parts[0] in THEME_OUTPUT or rel.name == "index.html":
        return False
    return rel.parts[0] != "assets" or rel.parts[1] not in THEME_ASSETS


def plain_twin(built: Path, where: Path, name: str, with_files: bool) -> Path:
    """A project without macros or hooks whose pages hold the same text as the built site's pages;
    `with_files`: also every other file of the built site (exports, feeds, fragments...) as a static
    file, so the twin writes the same site and the ratio is left with what our machinery computes."""
    project = where / name
    content = project / "content"
    for page in sorted(built.rglob("index.html")):
        rel = page.relative_to(built).parent
        if rel.parts[:1] in {("search",), ("assets",)}:
            continue
        text = page.read_text(encoding="utf-8")
        article = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>', text, re.DOTALL)
        body = article.group(1) if article else ""
        body = re.sub(r'href="[^"]*"', 'href="#"', body)  # links are not what is measured
        target = content / (str(rel) if str(rel) != "." else "") / "index.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text('<div markdown="0">\n' + body + "\n</div>\n", encoding="utf-8")
    if with_files:
        for file in sorted(p for p in built.rglob("*") if p.is_file() and _ours(p.relative_to(built))):
            target = content / file.relative_to(built)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(file, target)
    (project / "mkdocs.yml").write_text(plain_config())
    return project


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 1000, 2000], help="synthetic framework counts")
    args = parser.parse_args()
    compileall.compile_dir(REPO / "macros", quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        where = Path(tmp)
        project = make_project(where / "real", REPO / "data")
        first_ours = timed_build(project, where / "real-site")
        pages_only = plain_twin(where / "real-site", where, "plain", with_files=False)
        whole = plain_twin(where / "real-site", where, "plain-files", with_files=True)
        first_theirs = timed_build(whole, where / "plain-files-site")
        ours, theirs, theirs_pages = [], [], []
        for _ in range(args.runs):
            ours.append(timed_build(project, where / "real-site"))
            theirs.append(timed_build(whole, where / "plain-files-site"))
            theirs_pages.append(timed_build(pages_only, where / "plain-site"))
        pages = len(list((where / "real-site").rglob("index.html")))
        files = sum(1 for p in (where / "real-site").rglob("*") if p.is_file())
        twin_files = sum(1 for p in (where / "plain-files-site").rglob("*") if p.is_file())
        mine, plain_median = statistics.median(ours), statistics.median(theirs)
        print(f"real site ({pages} pages, {files} files): {mine:.2f} s; plain mkdocs-material with the same pages, "
              f"text and other files ({twin_files} files): {plain_median:.2f} s; ratio {mine / plain_median:.2f} "
              f"(medians of {args.runs} alternating builds; median of the run-by-run ratios "
              f"{statistics.median(a / b for a, b in zip(ours, theirs)):.2f})")
        print(f"  against the same pages without the other files: {statistics.median(theirs_pages):.2f} s, "
              f"ratio {mine / statistics.median(theirs_pages):.2f}")
        print(f"  first builds: {first_ours:.2f} s against {first_theirs:.2f} s, "
              f"ratio {first_ours / first_theirs:.2f}")
        for count in args.sizes:
            data = make_root(where / f"synthetic-{count}", count)
            project = make_project(where / f"project-{count}", data)
            site = where / f"site-{count}"
            seconds = statistics.median(timed_build(project, site) for _ in range(args.runs))
            # A framework page's size must not grow with the number of frameworks (the nav once listed them all).
            pages = [p.stat().st_size for p in (site / "frameworks").glob("*/index.html")]
            total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
            print(f"{count:5d} synthetic frameworks: {seconds:.2f} s ({seconds / count * 1000:.0f} ms per framework); "
                  f"framework page median {statistics.median(pages) / 1024:.1f} KB, largest {max(pages) / 1024:.1f} KB; "
                  f"site {total / 2**20:.1f} MB")


if __name__ == "__main__":
    main()

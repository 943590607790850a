"""Build the site with MkDocs in a scratch project, for tests and benchmarks.

A scratch project is the repository's mkdocs.yml, CONTRIBUTING.md, content/, schema/, macros/ and node_modules/
next to a data folder of the caller's choice.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def make_project(where: Path, data: Path) -> Path:
    project = where / "project"
    project.mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copy(REPO / "CONTRIBUTING.md", project / "CONTRIBUTING.md")
    shutil.copytree(REPO / "content", project / "content")
    for shared in ("schema", "macros", "node_modules"):
        (project / shared).symlink_to(REPO / shared, target_is_directory=True)
    shutil.copytree(data, project / "data")
    return project


def build(project: Path, site_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site_dir)],
        capture_output=True,
        text=True,
        env=env,
        cwd=project,
    )

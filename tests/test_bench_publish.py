"""`python -m bench publish`: a run reaches the site's data only by publishing it, never over an
existing id, and only with its machine named; a contributed run records who made it."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import yaml

from bench.__main__ import main as bench_main
from macros.load.data_tree import Kind
from macros.validate.schema import schema_errors

FIXTURE_RUN = Path(__file__).parent / "fixtures" / "site" / "measured" / "measurements" / "cpu-fixture.yaml"
IDENTITY_LINE = "  identity: Example vendor Example CPU, 2 CPUs, 8 GiB\n"


@pytest.fixture
def run_file(tmp_path: Path) -> Path:
    """The site fixture's run as `bench run` leaves it in bench/results/, with its machine named."""
    text = FIXTURE_RUN.read_text(encoding="utf-8").replace("  device: cpu\n", "  device: cpu\n" + IDENTITY_LINE, 1)
    assert IDENTITY_LINE in text
    path = tmp_path / "results" / "cpu-fixture.yaml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty checkout root to run from: data/measurements/ is relative to it."""
    root = tmp_path / "repo"
    root.mkdir()
    monkeypatch.chdir(root)
    return root


def _published(repo: Path) -> list[str]:
    folder = repo / "data" / "measurements"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_publish_copies_the_run_into_the_data_and_the_project_run_has_no_contributor(repo: Path, run_file: Path) -> None:
    assert bench_main(["publish", str(run_file)]) == 0
    assert _published(repo) == ["cpu-fixture.yaml"]
    published = yaml.safe_load((repo / "data" / "measurements" / "cpu-fixture.yaml").read_text(encoding="utf-8"))
    assert published == yaml.safe_load(run_file.read_text(encoding="utf-8"))
    assert "contributed" not in published


def test_a_contributed_run_records_who_made_it_and_stays_valid(repo: Path, run_file: Path) -> None:
    assert bench_main(["publish", str(run_file), "--contributed-by", "Ada <Lab>",
                       "--contributed-url", "https://example.org/runs/1"]) == 0
    published = yaml.safe_load((repo / "data" / "measurements" / "cpu-fixture.yaml").read_text(encoding="utf-8"))
    assert published["contributed"] == {"by": "Ada <Lab>", "url": "https://example.org/runs/1"}
    assert list(schema_errors(Kind.MEASUREMENTS, json.loads(json.dumps(published)))) == []


def test_publish_never_replaces_a_published_run(repo: Path, run_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = repo / "data" / "measurements" / "cpu-fixture.yaml"
    target.parent.mkdir(parents=True)
    target.write_text("the run published before\n", encoding="utf-8")
    assert bench_main(["publish", str(run_file)]) == 1
    assert target.read_text(encoding="utf-8") == "the run published before\n"
    err = capsys.readouterr().err
    assert err.startswith("data/measurements/cpu-fixture.yaml:1:1: error[publish]: ") and "Traceback" not in err
    assert "another id" in err


def test_a_run_without_machine_identity_is_refused(repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    unnamed = tmp_path / "unnamed.yaml"
    unnamed.write_text(FIXTURE_RUN.read_text(encoding="utf-8"), encoding="utf-8")
    assert bench_main(["publish", str(unnamed)]) == 1
    assert _published(repo) == []
    err = capsys.readouterr().err
    assert err.startswith(f"{unnamed}:1:1: error[publish]: ") and "machine.identity" in err


def test_a_file_that_does_not_parse_is_refused_at_its_line(repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: broken\nmachine:\n  identity: [unclosed\n", encoding="utf-8")
    assert bench_main(["publish", str(broken)]) == 1
    assert _published(repo) == []
    err = capsys.readouterr().err
    assert err.startswith(f"{broken}:4:") and "does not parse" in err and "Traceback" not in err


@pytest.mark.parametrize("extra", [["--contributed-by", "Ada", "--contributed-url", "javascript:alert(1)"],
                                   ["--contributed-url", "https://example.org"]])
def test_a_bad_contributor_is_refused(repo: Path, run_file: Path, extra: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert bench_main(["publish", str(run_file), *extra]) == 1
    assert _published(repo) == []
    assert capsys.readouterr().err.startswith(f"{run_file}:1:1: error[publish]: ")


def test_run_writes_an_unpublished_result_by_default(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRAMEWORK_FACTS_BENCH_CACHE", str(tmp_path / "cache"))
    assert bench_main(["run", "--frameworks", "numpy-reference", "--workloads", "mlp", "--rounds", "1",
                       "--repetitions", "2", "--python", sys.executable, "--id", "subset"]) == 0
    assert (repo / "bench" / "results" / "subset.yaml").exists()
    assert _published(repo) == []  # the site's data is untouched until `publish`

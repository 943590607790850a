"""`python -m bench publish RUN REPLICATE`: a run reaches the site's data only by publishing it with
its replicate, never over an existing id, only whole (every round, the whole suite) and with its
machine named; a contributed run records who made it; an inference run goes to data/inference/."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
import yaml

import bench.publish
from bench.__main__ import main as bench_main
from macros.load.data_tree import Kind
from macros.validate.schema import schema_errors

FIXTURES = Path(__file__).parent / "fixtures" / "site"
FIXTURE_RUN = FIXTURES / "measured" / "measurements" / "cpu-fixture.yaml"
FIXTURE_INFERENCE = FIXTURES / "inference" / "inference" / "infer-fixture.yaml"
IDENTITY_LINE = "  identity: Example vendor Example CPU, 2 CPUs, 8 GiB\n"
# The fixture's run has 2 rounds; `bench run` writes `--rounds 2` into the command of such a run.
COMMAND = "command: python -m bench run --rounds 2 --threads 2\n"


def _as_left_by_bench(text: str, identifier: str) -> str:
    """A site fixture's text as the harness leaves it in bench/results/: no schema header, its machine named."""
    body = "".join(line for line in text.splitlines(keepends=True) if not line.startswith("#"))
    return body.replace("  device: cpu\n", "  device: cpu\n" + IDENTITY_LINE, 1).replace(
        "command: python -m bench run --threads 2\n", COMMAND, 1).replace(
        f"id: {yaml.safe_load(text)['id']}\n", f"id: {identifier}\n", 1)


def _write(folder: Path, identifier: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{identifier}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def results(tmp_path: Path) -> Path:
    return tmp_path / "results"


@pytest.fixture
def pair(results: Path) -> tuple[Path, Path]:
    """The site fixture's run and a replicate of it (the same command again), as `bench run` leaves them."""
    text = FIXTURE_RUN.read_text(encoding="utf-8")
    first = _write(results, "cpu-fixture", _as_left_by_bench(text, "cpu-fixture"))
    assert IDENTITY_LINE in first.read_text() and COMMAND in first.read_text()
    return first, _write(results, "cpu-fixture-b", _as_left_by_bench(text, "cpu-fixture-b"))


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty checkout root to run from: data/ is relative to it."""
    root = tmp_path / "repo"
    root.mkdir()
    monkeypatch.chdir(root)
    return root


def _published(repo: Path, kind: str = "measurements") -> list[str]:
    folder = repo / "data" / kind
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _refused(capsys: pytest.CaptureFixture[str], path: Path, line: int | None = None) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    prefix = f"{path}:{line}:1: error[publish]: " if line else f"{path}:"
    assert err.startswith(prefix), err
    assert "error[publish]" in err
    return err


def test_publish_copies_the_run_and_its_replicate_which_names_the_run_it_repeats(repo: Path, pair) -> None:
    first, replicate = pair
    assert bench_main(["publish", str(first), str(replicate)]) == 0
    assert _published(repo) == ["cpu-fixture-b.yaml", "cpu-fixture.yaml"]
    published = repo / "data" / "measurements"
    assert _load(published / "cpu-fixture.yaml") == _load(first)
    copied = _load(published / "cpu-fixture-b.yaml")
    assert copied.pop("replicate_of") == "cpu-fixture" and copied == _load(replicate)
    # The replicate's field sits where the schema puts it (after the harness commit), as `fix` would place it.
    keys = list(_load(published / "cpu-fixture-b.yaml"))
    assert keys[keys.index("harness_commit") + 1] == "replicate_of"
    for name in ("cpu-fixture.yaml", "cpu-fixture-b.yaml"):
        text = (published / name).read_text(encoding="utf-8")
        assert text.startswith("# yaml-language-server: $schema=../../schema/measurements.schema.json\n")
        assert list(schema_errors(Kind.MEASUREMENTS, json.loads(json.dumps(_load(published / name))))) == []
        assert "contributed" not in _load(published / name)


def test_an_inference_run_goes_to_data_inference_with_its_schema(repo: Path, results: Path) -> None:
    text = "".join(line for line in FIXTURE_INFERENCE.read_text(encoding="utf-8").splitlines(keepends=True)
                   if not line.startswith("#"))
    text = text.replace("  device: cpu\n", "  device: cpu\n" + IDENTITY_LINE, 1).replace(
        "command: python -m bench infer --cpus 1\n", "command: python -m bench infer --rounds 2 --cpus 1\n", 1)
    assert IDENTITY_LINE in text and "--rounds 2" in text
    first = _write(results, "infer-fixture", text)
    replicate = _write(results, "infer-fixture-b", text.replace("id: infer-fixture\n", "id: infer-fixture-b\n", 1))
    assert bench_main(["publish", str(first), str(replicate)]) == 0
    assert _published(repo) == []
    assert _published(repo, "inference") == ["infer-fixture-b.yaml", "infer-fixture.yaml"]
    folder = repo / "data" / "inference"
    for name, repeats in (("infer-fixture.yaml", None), ("infer-fixture-b.yaml", "infer-fixture")):
        written = (folder / name).read_text(encoding="utf-8")
        assert written.startswith("# yaml-language-server: $schema=../../schema/inference.schema.json\n")
        data = _load(folder / name)
        assert data["replicate_of"] == repeats
        assert list(schema_errors(Kind.INFERENCE, json.loads(json.dumps(data)))) == []


def test_a_contributed_run_records_who_made_it_in_both_files_and_stays_valid(repo: Path, pair) -> None:
    assert bench_main(["publish", *map(str, pair), "--contributed-by", "Ada <Lab>",
                       "--contributed-url", "https://example.org/runs/1"]) == 0
    for name in ("cpu-fixture.yaml", "cpu-fixture-b.yaml"):
        published = _load(repo / "data" / "measurements" / name)
        assert published["contributed"] == {"by": "Ada <Lab>", "url": "https://example.org/runs/1"}
        assert list(schema_errors(Kind.MEASUREMENTS, json.loads(json.dumps(published)))) == []


def test_publish_never_replaces_a_published_run_and_writes_neither(repo: Path, pair, capsys) -> None:
    target = repo / "data" / "measurements" / "cpu-fixture-b.yaml"
    target.parent.mkdir(parents=True)
    target.write_text("the run published before\n", encoding="utf-8")
    assert bench_main(["publish", *map(str, pair)]) == 1
    assert target.read_text(encoding="utf-8") == "the run published before\n"
    assert _published(repo) == ["cpu-fixture-b.yaml"]  # the first of the pair was taken back
    err = _refused(capsys, Path("data/measurements/cpu-fixture-b.yaml"), 1)
    assert "another id" in err


def test_a_failed_write_of_the_replicate_leaves_no_half_pair(repo: Path, pair, capsys,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    real = bench.publish.write_atomic
    calls = []

    def full_disk_on_second(path: Path, data: bytes, **kwargs) -> None:
        calls.append(path)
        if len(calls) == 2:
            raise OSError(28, os.strerror(28))
        real(path, data, **kwargs)

    monkeypatch.setattr(bench.publish, "write_atomic", full_disk_on_second)
    assert bench_main(["publish", *map(str, pair)]) == 1
    assert len(calls) == 2 and _published(repo) == []
    assert "nothing published" in _refused(capsys, Path("data/measurements/cpu-fixture-b.yaml"), 1)


def test_a_run_without_machine_identity_is_refused_at_its_machine(repo: Path, pair, capsys) -> None:
    first, replicate = pair
    first.write_text(first.read_text().replace(IDENTITY_LINE, ""), encoding="utf-8")
    assert bench_main(["publish", str(first), str(replicate)]) == 1
    assert _published(repo) == []
    line = first.read_text().splitlines().index("machine:") + 1
    assert "machine.identity" in _refused(capsys, first, line)


def test_a_subset_run_is_refused_at_its_command(repo: Path, pair, capsys) -> None:
    first, replicate = pair
    for path in pair:
        path.write_text(path.read_text().replace(COMMAND, "command: python -m bench run --rounds 2 --frameworks "
                                                 "torch --threads 2\n"), encoding="utf-8")
    assert bench_main(["publish", str(first), str(replicate)]) == 1
    assert _published(repo) == []
    line = first.read_text().splitlines().index(
        "command: python -m bench run --rounds 2 --frameworks torch --threads 2") + 1
    assert "subset run (--frameworks)" in _refused(capsys, first, line)


@pytest.mark.parametrize("command", ["python -m bench run --threads 2",  # the default 10 rounds
                                     "python -m bench run --rounds 3 --threads 2",
                                     "python -m bench run --rounds=5 --threads 2"])
def test_a_run_cut_short_is_refused(repo: Path, pair, capsys, command: str) -> None:
    first, replicate = pair
    for path in pair:
        path.write_text(path.read_text().replace(COMMAND, f"command: {command}\n"), encoding="utf-8")
    assert bench_main(["publish", str(first), str(replicate)]) == 1
    assert _published(repo) == []
    line = first.read_text().splitlines().index("protocol:") + 1
    assert "round(s) of the" in _refused(capsys, first, line)


@pytest.mark.parametrize(("old", "new", "key", "says"), [
    (COMMAND, "command: python -m bench run --rounds 2 --threads 1\n", "command", "same command"),
    ("harness_commit: 0123456789abcdef", "harness_commit: fedcba9876543210", "harness_commit", "same harness"),
    (IDENTITY_LINE, "  identity: Other vendor Other CPU, 2 CPUs, 8 GiB\n", "machine", "same identity"),
    ("id: cpu-fixture-b\n", "id: cpu-fixture\n", "id", "own id"),
])
def test_a_replicate_that_does_not_repeat_the_run_is_refused(repo: Path, pair, capsys, old: str, new: str,
                                                             key: str, says: str) -> None:
    first, replicate = pair
    assert old in replicate.read_text()
    replicate.write_text(replicate.read_text().replace(old, new, 1), encoding="utf-8")
    assert bench_main(["publish", str(first), str(replicate)]) == 1
    assert _published(repo) == []
    line = next(i for i, text in enumerate(replicate.read_text().splitlines(), start=1) if text.startswith(f"{key}:"))
    assert says in _refused(capsys, replicate, line)


def test_a_replicate_that_names_another_run_or_a_first_run_that_repeats_one_is_refused(repo: Path, pair, capsys) -> None:
    first, replicate = pair
    replicate.write_text(replicate.read_text().replace("protocol:\n", "replicate_of: cpu-other\nprotocol:\n", 1))
    assert bench_main(["publish", str(first), str(replicate)]) == 1
    assert "not 'cpu-fixture'" in _refused(capsys, replicate)
    assert bench_main(["publish", str(replicate), str(first)]) == 1
    assert "publish the first run of a pair first" in _refused(capsys, replicate)
    assert _published(repo) == []


def test_a_file_that_does_not_parse_is_refused_at_its_line(repo: Path, pair, tmp_path: Path, capsys) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: broken\nmachine:\n  identity: [unclosed\n", encoding="utf-8")
    assert bench_main(["publish", str(pair[0]), str(broken)]) == 1
    assert _published(repo) == []
    err = capsys.readouterr().err
    assert err.startswith(f"{broken}:4:") and "does not parse" in err and "Traceback" not in err


@pytest.mark.parametrize("extra", [["--contributed-by", "Ada", "--contributed-url", "javascript:alert(1)"],
                                   ["--contributed-url", "https://example.org"]])
def test_a_bad_contributor_is_refused(repo: Path, pair, extra: list[str], capsys) -> None:
    assert bench_main(["publish", *map(str, pair), *extra]) == 1
    assert _published(repo) == []
    _refused(capsys, pair[0], 1)


def test_run_writes_an_unpublished_result_by_default(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRAMEWORK_FACTS_BENCH_CACHE", str(tmp_path / "cache"))
    assert bench_main(["run", "--frameworks", "numpy-reference", "--workloads", "mlp", "--rounds", "1",
                       "--repetitions", "2", "--python", sys.executable, "--id", "subset"]) == 0
    assert (repo / "bench" / "results" / "subset.yaml").exists()
    assert _published(repo) == []  # the site's data is untouched until `publish`

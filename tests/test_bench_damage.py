"""The bench tool on damaged run folders: each damaged raw result (cut short, a zero time, a key
missing) is one located, readable line, the exit status is 1, nothing is written and no traceback
is printed; a resumed run counts a raw file as done only when it is whole, and runs the round again
otherwise."""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from bench.__main__ import main as bench_main
from bench.adapters import all_adapters
from bench.runner.raw import DamagedFile, raw_problem, read_raw
from bench.runner.run import Settings, run

SETTINGS = Settings(adapters=("numpy-reference",), workloads=("mlp",), rounds=2, repetitions=2, python=sys.executable)


@pytest.fixture(scope="module")
def finished_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One real two-round run of the numpy reference (workers are real processes), made once."""
    cache = tmp_path_factory.mktemp("bench-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FRAMEWORK_FACTS_BENCH_CACHE", str(cache))
        return run(SETTINGS, all_adapters())


@pytest.fixture
def run_copy(finished_run: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "run"
    shutil.copytree(finished_run, copy)
    return copy


def _raw(run_dir: Path, round_no: int) -> Path:
    return run_dir / "raw" / f"r{round_no}-numpy-reference.json"


def _edit(path: Path, change: Callable[[dict], None]) -> None:
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data, indent=1))


def _cut_short(path: Path) -> None:
    text = path.read_text()
    path.write_text(text[: len(text) // 2])


def _zero_timing(path: Path) -> None:
    _edit(path, lambda d: d["workloads"][0]["train"]["seconds"].__setitem__(1, 0.0))


def _no_rss(path: Path) -> None:
    _edit(path, lambda d: d.pop("peak_rss_bytes"))


def _no_inference(path: Path) -> None:
    _edit(path, lambda d: d["workloads"][0].pop("infer"))


def _workload_gone(path: Path) -> None:
    _edit(path, lambda d: d.__setitem__("workloads", []))


DAMAGE = {
    "cut-short": (_cut_short, "cut short"),
    "zero-timing": (_zero_timing, "workloads[0].train.seconds[1] is 0.0, not a positive number of seconds"),
    "missing-peak-rss": (_no_rss, "peak_rss_bytes is missing"),
    "missing-inference": (_no_inference, "workloads[0].infer is missing"),
    "workload-without-result-or-error": (_workload_gone, "no result and no error for workload(s) mlp"),
}


def test_a_whole_raw_result_passes(finished_run: Path) -> None:
    for round_no in (1, 2):
        assert read_raw(_raw(finished_run, round_no), ["mlp"])["adapter"] == "numpy-reference"


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_assemble_names_each_damaged_file_and_writes_nothing(damage: str, run_copy: Path, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    spoil, message = DAMAGE[damage]
    spoil(_raw(run_copy, 1))
    spoil(_raw(run_copy, 2))
    out = tmp_path / "out.yaml"
    code = bench_main(["assemble", str(run_copy), "--id", "test-run", "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 1
    assert not out.exists()
    assert "Traceback" not in captured.out + captured.err
    lines = [line for line in captured.err.splitlines() if "error[damaged-result]" in line]
    assert len(lines) == 2, captured.err  # both rounds' files, each named once
    for line in lines:
        path, line_no, column, rest = line.split(":", 3)
        assert path.endswith("-numpy-reference.json") and line_no.isdigit() and column.isdigit()
        assert message in rest
    assert len(lines) == len(set(lines))


def test_assemble_with_no_finished_round_writes_nothing(run_copy: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    for round_no in (1, 2):
        _raw(run_copy, round_no).unlink()
    out = tmp_path / "out.yaml"
    assert bench_main(["assemble", str(run_copy), "--id", "test-run", "--out", str(out)]) == 1
    assert "no round has finished for every adapter yet; nothing written" in capsys.readouterr().err
    assert not out.exists()


def test_assemble_reports_every_damaged_file_at_once(run_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from bench.runner.assemble import assemble
    from bench.runner.raw import DamagedFiles

    _cut_short(_raw(run_copy, 1))
    _zero_timing(_raw(run_copy, 2))
    with pytest.raises(DamagedFiles) as caught:
        assemble(run_copy, SETTINGS, all_adapters(), "test-run", "python -m bench run")
    lines = caught.value.lines()
    assert len([line for line in lines if "error[damaged-result]" in line]) == 2
    assert lines[0].startswith(f"{_raw(run_copy, 1)}:") and "cut short" in lines[0]
    assert lines[1].startswith(f"{_raw(run_copy, 2)}:1:1: error[damaged-result]: ") and "seconds[1] is 0.0" in lines[1]


def test_a_cut_short_file_is_located_where_the_json_stops(tmp_path: Path) -> None:
    path = tmp_path / "r1-x.json"
    path.write_text('{\n "adapter": "x",\n "workloads": [\n  {"workload": "mlp", "first_loss": 2.4')
    with pytest.raises(DamagedFile) as caught:
        read_raw(path)
    assert str(caught.value).startswith(f"{path}:4:")
    assert "error[damaged-result]: cut short" in str(caught.value)


@pytest.mark.parametrize(("data", "problem"), [
    ([], "not a worker result"),
    ({"adapter": "x", "workloads": [], "errors": []}, "import_s is missing, and no error says why"),
    ({"adapter": "x", "workloads": [], "errors": [{"workload": None, "error": "ImportError"}]}, None),
    ({"adapter": "x", "workloads": [], "errors": [], "import_s": 0}, "import_s is 0, not a positive"),
    ({"adapter": "x", "workloads": [], "errors": [], "import_s": 1.0, "peak_rss_bytes": 5, "versions": {}}, None),
    ({"adapter": "x", "workloads": [], "errors": [], "import_s": 1.0, "peak_rss_bytes": 0, "versions": {}},
     "peak_rss_bytes is 0"),
    ({"adapter": "x", "workloads": [{"workload": "mlp", "first_loss": 2.0, "infer": {"1": {"first_s": 0.1, "seconds": [float("inf")]}}}],
      "errors": [], "import_s": 1.0, "peak_rss_bytes": 5, "versions": {}}, "workloads[0].infer[1].seconds[0] is inf"),
    ({"adapter": "x", "workloads": [{"workload": "mlp", "first_loss": 2.0, "infer": {"1": {"first_s": 0.1, "seconds": [0.2]}}}],
      "errors": [], "import_s": 1.0, "peak_rss_bytes": 5, "versions": {}}, None),
    ({"adapter": "x", "workloads": [{"workload": "mlp", "first_loss": 2.0, "infer": {"1": {"first_s": 0.1}}}],
      "errors": [], "import_s": 1.0, "peak_rss_bytes": 5, "versions": {}}, "workloads[0].infer[1].seconds is missing"),
    ({"adapter": "x", "workloads": [{"workload": "mlp", "first_loss": 2.0, "train": {"seconds": [0.2]}, "infer": {}}],
      "errors": [], "import_s": 1.0, "peak_rss_bytes": 5, "versions": {}}, "workloads[0].train.first_s is missing"),
    ({"adapter": "x", "workloads": [{"workload": "mlp", "first_loss": 2.0, "infer": {"1": {"first_s": 0.0, "seconds": [0.2]}}}],
      "errors": [], "import_s": 1.0, "peak_rss_bytes": 5, "versions": {}}, "workloads[0].infer[1].first_s is 0.0, not a positive"),
])
def test_raw_problem_names_what_is_wrong(data: object, problem: str | None) -> None:
    found = raw_problem(data)
    if problem is None:
        assert found is None
    else:
        assert found is not None and found.startswith(problem)


@pytest.mark.parametrize("damage", ["cut-short", "zero-timing", "missing-peak-rss"])
def test_resume_runs_a_damaged_round_again_and_keeps_the_whole_ones(damage: str, run_copy: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import bench.runner.run as run_module

    (run_copy / "complete").unlink()
    kept = _raw(run_copy, 1).read_bytes()
    DAMAGE[damage][0](_raw(run_copy, 2))
    monkeypatch.setattr(run_module, "run_dir_for", lambda settings, runs: run_copy)
    monkeypatch.setattr(run_module.envs, "cache_dir", lambda: run_copy.parent)
    assert run(SETTINGS, all_adapters()) == run_copy
    assert _raw(run_copy, 1).read_bytes() == kept
    assert read_raw(_raw(run_copy, 2), ["mlp"])["workloads"][0]["workload"] == "mlp"


def test_a_worker_that_exits_cleanly_with_a_damaged_file_is_a_recorded_failure(run_copy: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import subprocess

    import bench.runner.run as run_module

    def fake_worker(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
        out = Path(command[command.index("--out") + 1])
        out.write_text('{"adapter": "numpy-reference", "workloads": [')
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(run_module.subprocess, "run", fake_worker)
    info = all_adapters()["numpy-reference"]
    result = run_module.run_worker(info, sys.executable, SETTINGS, run_copy, 3)
    (problem,) = result["errors"]
    assert problem["workload"] is None
    assert problem["error"].startswith("worker left a damaged result (cut short")
    assert read_raw(_raw(run_copy, 3))["errors"] == result["errors"]


def test_a_workload_that_failed_in_every_round_is_a_failure_named_by_its_last_line(run_copy: Path) -> None:
    from bench.runner.assemble import assemble

    traceback = 'Traceback (most recent call last):\n  File "adapter.py", line 3\n\nValueError: shapes (64,3) (4,)\n'
    for round_no in (1, 2):
        _edit(_raw(run_copy, round_no), lambda d: (d.__setitem__("workloads", []), d["errors"].append(
            {"workload": "mlp", "error": traceback})))
    measurement = assemble(run_copy, SETTINGS, all_adapters(), "test-run", "python -m bench run")
    assert measurement["results"] == []
    # One failure, not a second "no workload ran" for the same adapter; the reason is the traceback's last line.
    assert measurement["failures"] == [{"adapter": "numpy-reference", "framework": "numpy", "workload": "mlp",
                                        "stage": "run", "reason": "ValueError: shapes (64,3) (4,)"}]


def test_an_environment_that_failed_to_install_fails_its_adapters_and_one_that_installed_does_not(
        run_copy: Path) -> None:
    from bench.runner.assemble import assemble

    env = all_adapters()["numpy-reference"].env
    builds = run_copy / "builds.json"
    builds.write_text(json.dumps({env: {"ok": True, "reason": ""}}))
    installed = assemble(run_copy, SETTINGS, all_adapters(), "test-run", "python -m bench run")
    assert [r["adapter"] for r in installed["results"]] == ["numpy-reference"] and installed["failures"] == []
    builds.write_text(json.dumps({env: {"ok": False, "reason": "pip: no matching distribution\x07"}}))
    failed = assemble(run_copy, SETTINGS, all_adapters(), "test-run", "python -m bench run")
    assert failed["results"] == []
    assert failed["failures"] == [{"adapter": "numpy-reference", "framework": "numpy", "stage": "install",
                                   "reason": "pip: no matching distribution"}]  # the control character dropped


def test_an_adapter_that_never_loaded_is_a_load_failure_with_its_first_error(run_copy: Path) -> None:
    from bench.runner.assemble import assemble

    for round_no in (1, 2):
        _raw(run_copy, round_no).write_text(json.dumps({"adapter": "numpy-reference", "workloads": [], "errors": [
            {"workload": None, "error": f"ModuleNotFoundError: round {round_no}"}]}))
    failed = assemble(run_copy, SETTINGS, all_adapters(), "test-run", "python -m bench run")
    assert failed["results"] == []
    assert failed["failures"] == [{"adapter": "numpy-reference", "framework": "numpy", "stage": "load",
                                   "reason": "ModuleNotFoundError: round 1"}]
    for round_no in (1, 2):
        _raw(run_copy, round_no).unlink()
    missing = assemble(run_copy, SETTINGS, all_adapters(), "test-run", "python -m bench run")
    assert missing["failures"] == [{"adapter": "numpy-reference", "framework": "numpy", "stage": "load",
                                    "reason": "no result"}]

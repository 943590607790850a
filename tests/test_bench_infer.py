"""`python -m bench infer` without any framework: the runtime registry, the worker (run in-process
with the numpy reference runtime on a tiny workload), readable failure reasons, and the results
file assembled from raw results by the contract's rules (sample counts, failures, correctness)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import yaml

from bench.runner import infer, infer_worker
from bench.runtimes import MODULES, RuntimeInfo, all_runtimes
from bench.workloads import realistic as r

REPO = Path(__file__).resolve().parents[1]
TINY = r.RealisticWorkload("tiny", "tiny encoder", r.EncoderConfig(layers=1, hidden=8, heads=2, ffn=12, sequence=5, vocab=11))


def test_seven_runtimes_registered_without_their_frameworks() -> None:
    runtimes = all_runtimes()
    assert len(runtimes) == len(MODULES) >= 7
    frameworks = {p.stem for p in (REPO / "data" / "frameworks").glob("*.yaml")}
    requirements = REPO / "bench" / "envs" / "requirements"
    for info in runtimes.values():
        assert info.framework in frameworks, info.id
        for env in (info.env, info.convert_env):
            pins = (requirements / f"{env}.txt").read_text().split()
            assert pins and all("==" in line for line in pins), env
    assert runtimes["litert-interpreter"].convert_env == "rt-tensorflow"
    assert runtimes["litert-interpreter"].env == "rt-litert"


def test_one_line_reasons_have_no_folder_paths() -> None:
    reason = infer_worker.readable(RuntimeError("cannot open /root/.cache/x/runs/model.pte\n  more detail"))
    assert reason == "RuntimeError: cannot open model.pte"
    assert len(infer_worker.one_line("x" * 1000)) == 300


def _worker(tmp_path: Path, monkeypatch, *args: str) -> dict:
    monkeypatch.setitem(r.REALISTIC, "tiny", TINY)
    out = tmp_path / f"{args[0]}.json"
    assert infer_worker.main([*args, "--runtime", "numpy_reference", "--workload", "tiny", "--files", str(tmp_path),
                              "--model-dir", str(tmp_path / "model"), "--out", str(out)]) == 0
    return json.loads(out.read_text())


def test_worker_converts_and_measures_against_the_reference(tmp_path, monkeypatch) -> None:
    r.write_workload_files(TINY, tmp_path)
    converted = _worker(tmp_path, monkeypatch, "convert")
    assert converted["error"] is None and converted["conversion_seconds"] is None  # no converter
    assert converted["model_bytes"] == (tmp_path / "tiny.weights.npz").stat().st_size
    measured = _worker(tmp_path, monkeypatch, "measure", "--model-file", converted["model_file"],
                       "--repetitions", "4", "--warmup", "2")
    assert measured["error"] is None
    assert sorted(measured["latency_seconds"]) == ["1", "8"]
    assert all(len(v) == 4 and min(v) > 0 for v in measured["latency_seconds"].values())
    assert measured["max_relative_error"] == 0.0  # the same numpy code computed both
    assert measured["load_seconds"] > 0 and measured["first_result_seconds"] > 0
    assert measured["peak_rss_bytes"] > 10 * 2**20


def test_worker_records_a_failure_with_its_stage(tmp_path, monkeypatch) -> None:
    r.write_workload_files(TINY, tmp_path)
    measured = _worker(tmp_path, monkeypatch, "measure", "--model-file", "missing.npz")
    assert measured["error"]["stage"] == "load"
    assert measured["error"]["reason"].startswith("FileNotFoundError") and str(tmp_path) not in measured["error"]["reason"]


INFO = {
    "a": RuntimeInfo("numpy_reference", "a", "A", "onnx-runtime", "env-a", "env-a", "onnx", "p", "float32", "numpy", ()),
    "b": RuntimeInfo("numpy_reference", "b", "B", "openvino", "env-b", "env-conv", "tflite", "p", "float32", "numpy", ("x",)),
}


def _raw(run_dir: Path, name: str, data: dict) -> None:
    (run_dir / "raw").mkdir(parents=True, exist_ok=True)
    (run_dir / "raw" / name).write_text(json.dumps(data))


def _round(latency: float, error: float = 1e-7) -> dict:
    return {"error": None, "load_seconds": 0.5, "first_result_seconds": 0.25, "peak_rss_bytes": 1000,
            "latency_seconds": {"1": [latency, latency], "8": [8 * latency, 8 * latency]},
            "max_relative_error": error, "version": "9.9"}


def _run_dir(tmp_path: Path) -> Path:
    run_dir = tmp_path / "run"
    r.write_workload_files(TINY, run_dir / "files")
    (run_dir / "builds.json").parent.mkdir(parents=True, exist_ok=True)
    (run_dir / "builds.json").write_text(json.dumps({
        "env-a": {"ok": True, "reason": ""}, "env-b": {"ok": True, "reason": ""}, "env-conv": {"ok": True, "reason": ""}}))
    return run_dir


def test_assembled_file_follows_the_contract(tmp_path, monkeypatch) -> None:
    monkeypatch.setitem(r.REALISTIC, "tiny", TINY)
    run_dir = _run_dir(tmp_path)
    settings = infer.InferSettings(runtimes=("a", "b"), workloads=("tiny",), rounds=2, repetitions=2, cpus="1")
    _raw(run_dir, "convert-a-tiny.json", {"error": None, "conversion_seconds": None, "converter": None,
                                          "model_file": "m", "model_bytes": 1234})
    _raw(run_dir, "convert-b-tiny.json", {"error": None, "conversion_seconds": 2.0, "converter": "x 1.0",
                                          "model_file": "m", "model_bytes": 99})
    for round_no in (1, 2):
        _raw(run_dir, f"r{round_no}-a-tiny.json", _round(0.01 * round_no))
        _raw(run_dir, f"r{round_no}-b-tiny.json", _round(0.02, error=5e-3))  # misses the tolerance 1e-3
    data = infer.assemble_infer(run_dir, settings, INFO, "infer-2026-12-07-t", "python -m bench infer --cpus 1",
                                machine={"identity": "test machine"})
    assert data["workloads"][0]["parameters"] == r.parameter_count(r.encoder_weights(TINY.config))
    assert [x["runtime"] for x in data["results"]] == ["a"]
    result = data["results"][0]
    assert result["latency_seconds"] == {"1": [0.01, 0.01, 0.02, 0.02], "8": [0.08, 0.08, 0.16, 0.16]}
    assert len(result["rounds"]) == 2 and result["conversion_seconds"] is None and result["model_bytes"] == 1234
    assert data["failures"] == [{"runtime": "b", "workload": "tiny", "stage": "correctness", "reason":
                                 "outputs differ from the numpy float32 reference by 0.005 (max relative error), "
                                 "more than the tolerance 0.001"}]
    assert data["runtimes"][1]["converter"] == "x 1.0" and data["runtimes"][0]["version"] == "9.9"
    assert data["protocol"] == {"rounds": 2, "repetitions_per_round": 2, "threads": 1, "warmup_calls": 3, "tolerance": 0.001}
    out = tmp_path / "results" / "infer-2026-12-07-t.yaml"
    infer.write_results(data, out)
    assert yaml.safe_load(out.read_text()) == data


def test_a_failed_round_or_install_is_a_failure_not_a_result(tmp_path, monkeypatch) -> None:
    monkeypatch.setitem(r.REALISTIC, "tiny", TINY)
    run_dir = _run_dir(tmp_path)
    builds = json.loads((run_dir / "builds.json").read_text())
    builds["env-conv"] = {"ok": False, "reason": "install failed: no solution for x==1"}
    (run_dir / "builds.json").write_text(json.dumps(builds))
    _raw(run_dir, "convert-a-tiny.json", {"error": None, "conversion_seconds": 1.0, "converter": "c",
                                          "model_file": "m", "model_bytes": 1})
    _raw(run_dir, "r1-a-tiny.json", _round(0.01))
    _raw(run_dir, "r2-a-tiny.json", {"error": {"stage": "run", "reason": "MemoryError: out of memory"}})
    settings = infer.InferSettings(runtimes=("a", "b"), workloads=("tiny",), rounds=2, repetitions=2)
    data = infer.assemble_infer(run_dir, settings, INFO, "x", "c", machine={})
    assert data["results"] == []
    assert data["failures"] == [
        {"runtime": "a", "workload": "tiny", "stage": "run", "reason": "round 2: MemoryError: out of memory"},
        {"runtime": "b", "workload": "tiny", "stage": "install", "reason": "install failed: no solution for x==1"}]
    assert {x["framework"] for x in data["not_measured"]} == {"ggml", "tensorflow-js"}


def test_infer_refuses_a_replicate_with_another_command(tmp_path, monkeypatch, capsys) -> None:
    from bench import __main__ as cli

    monkeypatch.setattr(cli, "RESULTS", tmp_path)
    (tmp_path / "infer-first.yaml").write_text("id: infer-first\ncommand: python -m bench infer --rounds 2\n")
    assert cli.main(["infer", "--cpus", "1", "--replicate-of", "infer-first"]) == 1
    assert "error[replicate-command]" in capsys.readouterr().err
    assert not list(tmp_path.glob("infer-2*.yaml"))
    assert cli.main(["infer", "--runtimes", "nope"]) == 2


def test_the_command_names_only_what_differs_from_the_defaults() -> None:
    every = tuple(all_runtimes())
    plain = infer.InferSettings(runtimes=every, workloads=("resnet18", "encoder"), cpus="1")
    assert infer.infer_command(plain, every) == "python -m bench infer --cpus 1"
    subset = infer.InferSettings(runtimes=("jax-jit",), workloads=("encoder",), rounds=3, repetitions=8)
    assert infer.infer_command(subset, every) == ("python -m bench infer --rounds 3 --repetitions 8 "
                                                  "--runtimes jax-jit --workloads encoder")


def test_infer_assemble_rewrites_the_file_from_a_run_folder(tmp_path, monkeypatch) -> None:
    from bench import __main__ as cli
    from bench.report import inference_summary

    monkeypatch.setattr(cli, "RESULTS", tmp_path / "results")
    monkeypatch.setattr(infer, "machine_record", lambda device, cpus: {"identity": "test machine"})
    monkeypatch.setitem(r.REALISTIC, "tiny", TINY)
    run_dir = _run_dir(tmp_path)
    run_dir = run_dir.rename(tmp_path / "20261207T232459Z")
    settings = {"runtimes": ["onnxruntime-cpu"], "workloads": ["tiny"], "rounds": 1, "repetitions": 2,
                "warmup": 3, "threads": 1, "cpus": "1"}
    (run_dir / "settings.json").write_text(json.dumps(settings))
    builds = {"rt-onnxruntime": {"ok": True, "reason": ""}}
    (run_dir / "builds.json").write_text(json.dumps(builds))
    _raw(run_dir, "convert-onnxruntime-cpu-tiny.json", {"error": None, "conversion_seconds": 1.5, "converter": "onnx 1.23.2",
                                                        "model_file": "m", "model_bytes": 2_000_000})
    _raw(run_dir, "r1-onnxruntime-cpu-tiny.json", _round(0.004))
    assert cli.main(["infer-assemble", str(run_dir), "--id", "infer-2026-12-07-z"]) == 0
    data = yaml.safe_load((tmp_path / "results" / "infer-2026-12-07-z.yaml").read_text())
    assert data["measured"] == "2026-12-07" and data["id"] == "infer-2026-12-07-z"
    assert data["command"] == "python -m bench infer --rounds 1 --repetitions 2 --cpus 1 --runtimes onnxruntime-cpu --workloads tiny"
    assert cli.main(["infer-assemble", str(run_dir), "--id", "x", "--rounds", "2"]) == 2  # the run has 1
    table = inference_summary(data)
    # batch 1: 4 ms, 250 per second; batch 8: 32 ms, 8 / 0.032 = 250 per second; 2 MB; 0.5 s load
    assert "| onnxruntime-cpu | tiny | 1 | 4.00 | 250.0 | 0% | 2.0 | 1.50 | 0.500 | 0.250 | 0 | 1e-07 |" in table
    assert "| onnxruntime-cpu | tiny | 8 | 32.00 | 250.0 |" in table


def test_infer_imports_neither_the_site_package_nor_a_framework() -> None:
    import os
    import subprocess
    import sys

    code = ("import sys, bench.__main__, bench.runner.infer, bench.runner.infer_worker, bench.workloads.realistic; "
            "from bench.runtimes import all_runtimes; all_runtimes(); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('macros', 'torch', 'tensorflow', 'jax', 'onnx', 'onnxruntime', 'openvino', 'executorch', 'ai_edge_litert')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_peak_rss_is_this_programs_high_water_mark_not_an_inherited_maximum() -> None:
    status = "Name:\tpython\nVmPeak:\t  900000 kB\nVmHWM:\t   12345 kB\nVmRSS:\t   10000 kB\n"
    assert infer_worker.peak_rss_bytes(status) == 12345 * 1024


def test_a_small_worker_reports_less_than_its_big_parent(tmp_path) -> None:
    import subprocess
    import sys

    big = np.ones(60 * 2**20 // 8)  # 60 MiB held by this (parent) process while the child runs
    code = "from bench.runner.infer_worker import peak_rss_bytes; print(peak_rss_bytes())"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO,
                          env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    rss_line = next(line for line in Path("/proc/self/status").read_text().splitlines() if line.startswith("VmRSS:"))
    parent_rss = int(rss_line.split()[1]) * 1024  # what ru_maxrss would have handed the child as a floor
    assert big.sum() > 0 and int(done.stdout) < parent_rss


def test_the_first_rounds_of_a_run_cut_short_are_written_as_that_shorter_run(tmp_path, monkeypatch) -> None:
    from bench import __main__ as cli

    monkeypatch.setattr(cli, "RESULTS", tmp_path / "results")
    monkeypatch.setattr(infer, "machine_record", lambda device, cpus: {"identity": "test machine"})
    monkeypatch.setitem(r.REALISTIC, "tiny", TINY)
    run_dir = _run_dir(tmp_path).rename(tmp_path / "20261208T000843Z")
    settings = {"runtimes": ["onnxruntime-cpu"], "workloads": ["tiny"], "rounds": 3, "repetitions": 2,
                "warmup": 3, "threads": 1, "cpus": "1"}
    (run_dir / "settings.json").write_text(json.dumps(settings))
    (run_dir / "builds.json").write_text(json.dumps({"rt-onnxruntime": {"ok": True, "reason": ""}}))
    _raw(run_dir, "convert-onnxruntime-cpu-tiny.json", {"error": None, "conversion_seconds": 1.0, "converter": "c",
                                                        "model_file": "m", "model_bytes": 5})
    _raw(run_dir, "r1-onnxruntime-cpu-tiny.json", _round(0.001))
    _raw(run_dir, "r2-onnxruntime-cpu-tiny.json", _round(0.002))  # round 3 never ran
    assert cli.main(["infer-assemble", str(run_dir), "--id", "cut", "--rounds", "2"]) == 0
    data = yaml.safe_load((tmp_path / "results" / "cut.yaml").read_text())
    assert data["protocol"]["rounds"] == 2 and data["command"].startswith("python -m bench infer --rounds 2 ")
    assert data["results"][0]["latency_seconds"]["1"] == [0.001, 0.001, 0.002, 0.002]
    assert cli.main(["infer-assemble", str(run_dir), "--id", "whole"]) == 0
    whole = yaml.safe_load((tmp_path / "results" / "whole.yaml").read_text())
    assert whole["results"] == [] and whole["failures"][0]["reason"] == "round 3 has no result"

"""The framework benchmark harness (bench/), tested without any framework installed: the numpy
reference adapter really trains, the runner spawns real worker processes, and what it writes is a
valid measurement file."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest
import yaml

from bench import envs
from bench.__main__ import main as bench_main
from bench.adapters import all_adapters, import_adapter
from bench.report import compare
from bench.runner import worker
from bench.runner import assemble as assemble_module
from bench.runner import run as run_module
from bench.runner.assemble import assemble, write
from bench.runner.run import Settings, run, run_dir_for
from bench.workloads import FIRST_LOSS_RTOL, LEARNING_RATE, WORKLOADS, batch, initial_weights, read_inputs, write_inputs
from bench.workloads.reference import reference_loss
from macros.authoring.fix import fix_bytes
from macros.load.data_tree import Kind
from macros.model.measurements import version_key
from macros.validate.schema import schema_errors

REPO = Path(__file__).resolve().parents[1]


def test_every_adapter_is_listed_and_importable_without_its_framework(capsys) -> None:
    adapters = all_adapters()
    assert len(adapters) >= 15
    frameworks = {p.stem for p in (REPO / "data" / "frameworks").glob("*.yaml")}
    for info in adapters.values():
        import_adapter(info)  # module-level code must not import the framework
        assert info.framework in frameworks | {"numpy"}, info.name
        assert envs.requirements_file(info.env).exists(), info.env
        assert set(info.workloads) <= set(WORKLOADS), info.name
        assert info.lines_of_code > 10
    assert bench_main(["list"]) == 0
    assert "torch-compile" in capsys.readouterr().out


def test_every_requirements_file_pins_exact_versions() -> None:
    for path in envs.REQUIREMENTS_DIR.glob("*.txt"):
        for line in path.read_text().splitlines():
            requirement = line.split("#")[0].strip()
            if requirement:
                assert "==" in requirement and not any(op in requirement for op in (">", "<", "~=")), (path, line)


def test_weights_and_batches_are_generated_once_and_read_back_identically(tmp_path: Path) -> None:
    workload = WORKLOADS["cnn"]
    stored = read_inputs(write_inputs(workload, tmp_path))
    for name, array in initial_weights(workload).items():
        assert array.dtype == np.float32
        np.testing.assert_array_equal(stored.weights[name], array)
    assert sum(a.size for a in stored.weights.values()) == workload.parameter_count
    x, y = stored.batches[workload.train_batch]
    assert x.shape == (workload.train_batch, 32, 32, 3) and y.dtype == np.int32


def test_numpy_reference_really_trains_and_its_first_loss_is_the_reference(tmp_path: Path) -> None:
    workload = WORKLOADS["mlp"]
    adapter = import_adapter(all_adapters()["numpy-reference"])
    adapter.load(1)
    inputs = read_inputs(write_inputs(workload, tmp_path))
    model = adapter.build(workload, inputs.weights)
    x, y = inputs.batches[workload.train_batch]
    losses = [model.train_step(model.to_inputs(x, y)) for _ in range(30)]
    expected = reference_loss(workload, initial_weights(workload), x, y)
    assert abs(losses[0] - expected) <= FIRST_LOSS_RTOL * expected
    assert losses[-1] < 0.8 * losses[0]  # thirty SGD steps on one batch fit it
    # The hand-written gradient agrees with a finite difference of the reference loss.
    weights = initial_weights(workload)
    bumped = {k: v.astype(np.float64) for k, v in weights.items()}
    fresh = adapter.build(workload, weights)
    fresh.train_step(fresh.to_inputs(x, y))
    grad = (weights["dense3.bias"] - fresh.w["dense3.bias"]) / LEARNING_RATE
    bumped["dense3.bias"][0] += 1e-4
    numeric = (reference_loss(workload, bumped, x, y) - expected) / 1e-4
    assert grad[0] == pytest.approx(numeric, rel=1e-2, abs=1e-4)


def test_worker_keeps_every_repetition_and_times_the_first_step_apart(tmp_path: Path) -> None:
    write_inputs(WORKLOADS["seq"], tmp_path)
    out = tmp_path / "out.json"
    worker.main(["--adapter", "numpy-reference", "--workloads", "seq", "--inputs", str(tmp_path),
                 "--repetitions", "4", "--out", str(out)])
    result = json.loads(out.read_text())
    assert result["errors"] == [] and result["peak_rss_bytes"] > 0
    (seq,) = result["workloads"]
    assert "train" not in seq  # the reference has no hand-written gradient for this model
    for size in ("1", "32"):
        assert len(seq["infer"][size]["seconds"]) == 4 and seq["infer"][size]["first_s"] > 0


class _FakeClock:
    """time.perf_counter for measure(): only a call to the measured function moves it, by 1/16 s (exact in binary)."""

    def __init__(self) -> None:
        self.now, self.calls = 0.0, 0

    def perf_counter(self) -> float:
        return self.now

    def call(self) -> None:
        self.calls += 1
        self.now += 0.0625


def test_measure_warms_up_sizes_its_repetitions_and_counts_the_build_into_the_first_call(
        monkeypatch: pytest.MonkeyPatch) -> None:
    clock = _FakeClock()
    monkeypatch.setattr(worker.time, "perf_counter", clock.perf_counter)
    result = worker.measure(clock.call, repetitions=3, before_first=0.5)
    # Worked out by hand, each call 1/16 s: the first call 0.0625 s plus the 0.5 s build. Warm-up: at least
    # two calls and at least 0.2 s, so four calls (0.25 s); one call 0.0625 s, so ceil(0.1 / 0.0625) = 2 calls per
    # repetition, each repetition's time divided by its 2 calls. 1 + 4 + 3 x 2 = 11 calls in all.
    assert result == {"first_s": 0.5625, "calls_per_repetition": 2, "seconds": [0.0625, 0.0625, 0.0625]}
    assert clock.calls == 11


def test_measure_calls_at_least_once_and_at_most_200_times_per_repetition(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = _FakeClock()
    monkeypatch.setattr(worker.time, "perf_counter", clock.perf_counter)
    clock.call = lambda: setattr(clock, "now", clock.now + 1.0)  # type: ignore[method-assign]  # 1 s: slower than 0.1 s
    assert worker.measure(clock.call, repetitions=2)["calls_per_repetition"] == 1
    clock.call = lambda: setattr(clock, "now", clock.now + 2.0**-16)  # type: ignore[method-assign]  # 15 us
    assert worker.measure(clock.call, repetitions=2)["calls_per_repetition"] == 200  # 6,554 would fill 0.1 s


def test_a_failing_adapter_is_recorded_with_its_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class Missing:
        @staticmethod
        def load(threads: int) -> None:
            raise ModuleNotFoundError("No module named 'torch'")

    monkeypatch.setattr("bench.adapters.import_adapter", lambda info: Missing)
    write_inputs(WORKLOADS["mlp"], tmp_path)
    out = tmp_path / "out.json"
    assert worker.main(["--adapter", "torch-eager", "--workloads", "mlp", "--inputs", str(tmp_path),
                        "--out", str(out)]) == 0
    result = json.loads(out.read_text())
    assert "import_s" not in result and result["workloads"] == []
    assert "No module named 'torch'" in result["errors"][0]["error"]


@pytest.fixture
def bench_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FRAMEWORK_FACTS_BENCH_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_run_spawns_workers_resumes_and_writes_a_valid_measurement(bench_cache: Path, tmp_path: Path) -> None:
    adapters = all_adapters()
    settings = Settings(adapters=("numpy-reference",), workloads=("mlp",), rounds=2, repetitions=5,
                        python=sys.executable)
    run_dir = run(settings, adapters)
    assert sorted(p.name for p in (run_dir / "raw").glob("*.json")) == ["r1-numpy-reference.json",
                                                                       "r2-numpy-reference.json"]
    # Interrupted after round 1: a rerun with the same settings resumes that run and redoes round 2 only.
    (run_dir / "complete").unlink()
    kept = (run_dir / "raw" / "r1-numpy-reference.json").read_text()
    (run_dir / "raw" / "r2-numpy-reference.json").unlink()
    assert run(settings, adapters) == run_dir
    assert (run_dir / "raw" / "r1-numpy-reference.json").read_text() == kept
    assert (run_dir / "raw" / "r2-numpy-reference.json").exists()

    measurement = assemble(run_dir, settings, adapters, "test-run", "python -m bench run")
    assert list(schema_errors(Kind.MEASUREMENTS, json.loads(json.dumps(measurement)))) == []
    (result,) = measurement["results"]
    (mlp,) = result["workloads"]
    assert len(mlp["train_step_seconds"]) == 10 and len(mlp["first_step_seconds"]) == 2
    assert len(mlp["inference"]) == 2 and all(len(i["seconds"]) == 10 for i in mlp["inference"])
    assert measurement["failures"] == [] and measurement["machine"]["logical_cpus"] >= 1
    path = tmp_path / "test-run.yaml"
    write(measurement, path)
    assert path.read_text().startswith("# yaml-language-server: $schema=../../schema/measurements.schema.json")
    assert yaml.safe_load(path.read_text())["results"][0]["adapter"] == "numpy-reference"
    assert "0.0%" in compare(path, path)  # a file compared with itself differs by nothing


def test_a_result_that_fails_the_correctness_check_is_recorded_not_published(bench_cache: Path) -> None:
    adapters = all_adapters()
    settings = Settings(adapters=("numpy-reference",), workloads=("mlp",), rounds=1, repetitions=2,
                        python=sys.executable)
    run_dir = run(settings, adapters)
    raw = run_dir / "raw" / "r1-numpy-reference.json"
    result = json.loads(raw.read_text())
    result["workloads"][0]["first_loss"] *= 1.01
    raw.write_text(json.dumps(result))
    measurement = assemble(run_dir, settings, adapters, "test-run", "python -m bench run")
    assert measurement["results"] == []
    (failure,) = measurement["failures"]
    assert failure["stage"] == "correctness" and failure["workload"] == "mlp"


def test_an_environment_that_fails_to_install_is_a_recorded_reason(bench_cache: Path, monkeypatch) -> None:
    monkeypatch.setattr(envs, "REQUIREMENTS_DIR", bench_cache / "none")
    result = envs.build("torch")
    assert not result.ok and "no requirements file" in result.reason


def test_reference_losses_are_near_log_of_the_class_count() -> None:
    for workload in WORKLOADS.values():
        x, y = batch(workload, workload.train_batch)
        assert 1.5 < reference_loss(workload, initial_weights(workload), x, y) < 4.0


def test_version_key_orders_releases() -> None:
    assert version_key("2.13.0+cpu") < version_key("2.14.1")
    assert version_key("0.10.2") < version_key("0.12.0.1")
    assert version_key("v1.9.1") == (1, 9, 1)


def test_runs_started_in_the_same_second_get_their_own_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    class FrozenClock(dt.datetime):
        @classmethod
        def now(cls, tz: dt.tzinfo | None = None) -> dt.datetime:
            return dt.datetime(2026, 11, 27, 10, 20, 53, tzinfo=tz)

    monkeypatch.setattr("bench.runner.run.datetime", FrozenClock)
    runs = tmp_path / "runs"
    on_cpu0 = run_dir_for(Settings(adapters=("numpy-reference",), workloads=("mlp",), cpus="0"), runs)
    on_cpu1 = run_dir_for(Settings(adapters=("numpy-reference",), workloads=("mlp",), cpus="1"), runs)
    assert on_cpu0 != on_cpu1
    assert json.loads((on_cpu0 / "settings.json").read_text())["cpus"] == "0"
    assert json.loads((on_cpu1 / "settings.json").read_text())["cpus"] == "1"
    # The first keeps the plain time stamp, the second gets "-2" (the 2nd run of that second).
    assert (on_cpu0.name, on_cpu1.name) == ("20261127T102053Z", "20261127T102053Z-2")


def test_the_harness_commit_is_the_one_the_workers_ran_from(bench_cache: Path, monkeypatch) -> None:
    adapters = all_adapters()
    settings = Settings(adapters=("numpy-reference",), workloads=("mlp",), rounds=1, repetitions=2,
                        python=sys.executable)
    monkeypatch.setattr(run_module, "harness_commit", lambda repo: "a" * 40)
    run_dir = run(settings, adapters)
    # Assembled later, after another commit: the run still names the commit it ran from.
    monkeypatch.setattr(assemble_module, "harness_commit", lambda repo: "b" * 40)
    assert assemble(run_dir, settings, adapters, "test-run", "python -m bench run")["harness_commit"] == "a" * 40
    # Resumed from another commit: neither commit alone made the figures.
    (run_dir / "complete").unlink()
    monkeypatch.setattr(run_module, "harness_commit", lambda repo: "c" * 40)
    assert run(settings, adapters) == run_dir
    assert assemble(run_dir, settings, adapters, "test-run", "python -m bench run")["harness_commit"] == "a" * 40 + "+modified"


def test_a_written_measurement_is_already_in_fix_format(bench_cache: Path, tmp_path: Path) -> None:
    adapters = all_adapters()
    settings = Settings(adapters=("numpy-reference",), workloads=("mlp",), rounds=1, repetitions=2,
                        python=sys.executable)
    measurement = assemble(run(settings, adapters), settings, adapters, "test-run", "python -m bench run")
    path = tmp_path / "test-run.yaml"
    write(measurement, path)
    raw = path.read_bytes()
    fixed, problems = fix_bytes(raw, str(path), Kind.MEASUREMENTS)
    assert problems == [] and fixed == raw, "python -m macros fix would rewrite what the harness writes"


def test_machine_identity_tells_hosts_of_one_model_name_apart() -> None:
    from bench.runner.machine import cpu_identity, cpuinfo_fields, machine_identity

    intel = ("processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 143\n"
             "model name\t: Intel(R) Xeon(R) Processor\nstepping\t: 8\nmicrocode\t: 0x2b000603\n"
             "flags\t\t: fpu avx avx2 fma avx512f amx_tile amx_bf16 hypervisor\n\n"
             "processor\t: 1\nvendor_id\t: SomethingElse\n")
    fields = cpuinfo_fields(intel)
    assert fields["vendor_id"] == "GenuineIntel", "the first processor's block only"
    identity = cpu_identity(fields)
    assert identity == {"cpu_vendor": "GenuineIntel", "cpu_family": "6", "cpu_model_number": "143",
                        "cpu_stepping": "8", "microcode": "0x2b000603",
                        "cpu_flags": ["avx", "avx2", "fma", "avx512f", "amx_tile", "amx_bf16", "hypervisor"]}
    record = {"cpu_model": "Intel(R) Xeon(R) Processor", **identity, "logical_cpus": 2,
              "memory_bytes": 24 * 2**30, "device": "cpu"}
    assert machine_identity(record) == ("GenuineIntel, Intel(R) Xeon(R) Processor, family 6 model 143 stepping 8, "
                                        "2 logical CPUs, 24 GiB")
    older = dict(record, cpu_model_number="106", cpu_stepping="6")
    assert machine_identity(older) != machine_identity(record), "same model name, another host"
    gpu = dict(record, device="cuda", gpu="NVIDIA H100 80GB HBM3, 570.1")
    assert machine_identity(gpu).endswith(", NVIDIA H100 80GB HBM3, 570.1")
    assert cpu_identity({}) == {"cpu_flags": []}, "no /proc/cpuinfo: nothing invented"


def _fake_system(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, files: dict[str, str]) -> None:
    """machine.py reads fixed system paths: point each at a file of this test (absent ones do not exist)."""
    from bench.runner import machine

    real = Path
    for name, text in files.items():
        (tmp_path / name.strip("/").replace("/", "_")).write_text(text)
    monkeypatch.setattr(machine, "Path", lambda p: real(tmp_path / str(p).strip("/").replace("/", "_")))


def test_machine_record_reads_memory_system_gpu_and_governor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import subprocess

    from bench.runner import machine

    _fake_system(monkeypatch, tmp_path, {
        "/proc/cpuinfo": "processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 25\nmodel\t\t: 1\n"
                         "model name\t: AMD EPYC 7763\nstepping\t: 1\nflags\t\t: fpu avx avx2 fma\n",
        "/proc/meminfo": "MemFree:         1000 kB\nMemTotal:    33554432 kB\nSwapTotal:       2048 kB\n",
        "/etc/os-release": 'NAME="Debian GNU/Linux"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n',
        "/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor": "performance\n",
    })
    monkeypatch.setattr(machine.os, "cpu_count", lambda: 8)
    monkeypatch.setattr(machine.platform, "release", lambda: "6.1.0-test")
    monkeypatch.setattr(machine.subprocess, "run", lambda command, **kwargs: subprocess.CompletedProcess(
        command, 0, stdout="NVIDIA H100 80GB HBM3, 570.1\n"))
    record = machine.machine_record("cuda", "0-3")
    assert record == {
        "cpu_model": "AMD EPYC 7763", "logical_cpus": 8, "pinned_cpus": "0-3",
        "memory_bytes": 32 * 2**30,  # 33,554,432 kB
        "os": "Debian GNU/Linux 12 (bookworm)", "kernel": "6.1.0-test", "device": "cuda",
        "gpu": "NVIDIA H100 80GB HBM3, 570.1",
        "cpu_vendor": "AuthenticAMD", "cpu_family": "25", "cpu_model_number": "1", "cpu_stepping": "1",
        "cpu_flags": ["avx", "avx2", "fma"], "governor": "performance",
        "identity": "AuthenticAMD, AMD EPYC 7763, family 25 model 1 stepping 1, 8 logical CPUs, 32 GiB, "
                    "NVIDIA H100 80GB HBM3, 570.1",
    }
    assert list(record)[:7] == ["cpu_model", "logical_cpus", "pinned_cpus", "memory_bytes", "os", "kernel", "device"]


def test_machine_record_without_the_system_files_invents_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import subprocess

    from bench.runner import machine

    _fake_system(monkeypatch, tmp_path, {})
    monkeypatch.setattr(machine.platform, "system", lambda: "Linux")
    monkeypatch.setattr(machine.platform, "processor", lambda: "")
    monkeypatch.setattr(machine.platform, "machine", lambda: "x86_64")
    assert machine._memory_bytes() == 0 and machine._os_name() == "Linux" and machine._governor() is None
    assert machine._cpu_model(machine._cpuinfo()) == "x86_64"
    monkeypatch.setattr(machine.subprocess, "run", lambda command, **kwargs: subprocess.CompletedProcess(
        command, 9, stdout="NVIDIA-SMI has failed\n"))
    assert machine._gpu() is None  # nvidia-smi failed: its output is not a GPU name
    monkeypatch.setattr(machine.os, "cpu_count", lambda: None)
    record = machine.machine_record("cuda", None)
    assert record["gpu"] == "unknown" and record["pinned_cpus"] == "none" and "governor" not in record
    # Not known: 0, which the schema refuses (minimum 1), rather than a made-up count that would pass.
    assert record["logical_cpus"] == 0 and record["memory_bytes"] == 0


def test_rounds_alternate_the_adapter_order_and_each_worker_is_counted(bench_cache: Path, monkeypatch: pytest.MonkeyPatch,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    adapters = all_adapters()
    ran: list[tuple[int, str]] = []

    def fake_worker(info, python, settings, run_dir, round_no) -> dict:
        ran.append((round_no, info.name))
        return {"errors": [], "wall_s": 0.5}

    monkeypatch.setattr(run_module, "run_worker", fake_worker)
    settings = Settings(adapters=("numpy-reference", "jax-jit"), workloads=("mlp",), rounds=3, repetitions=1,
                        python=sys.executable)
    run(settings, adapters)
    # Odd rounds in the order asked for, even rounds reversed.
    assert ran == [(1, "numpy-reference"), (1, "jax-jit"), (2, "jax-jit"), (2, "numpy-reference"),
                   (3, "numpy-reference"), (3, "jax-jit")]
    progress = [line.split("]")[0] for line in capsys.readouterr().err.splitlines() if line.startswith("[")]
    assert progress == [f"[{n:3d}/6" for n in range(1, 7)]


def test_run_workload_records_the_first_two_losses_and_times_every_batch_size(monkeypatch: pytest.MonkeyPatch) -> None:
    from types import SimpleNamespace

    clock = _FakeClock()
    monkeypatch.setattr(worker.time, "perf_counter", clock.perf_counter)

    class Model:
        def to_inputs(self, x, y):
            return (x, y)

        def train_step(self, batch) -> float:
            clock.call()
            return 2.5 - 0.25 * (clock.calls - 1)  # 2.5 on the first step, 2.25 on the second, ...

        def predict(self, batch):
            clock.call()

    adapter = SimpleNamespace(build=lambda workload, weights: Model())
    workload = WORKLOADS["mlp"]
    sizes = [workload.train_batch, *workload.infer_batches]
    inputs = SimpleNamespace(weights={}, batches={size: (f"x{size}", f"y{size}") for size in sizes})
    result = worker.run_workload(adapter, workload, inputs, repetitions=2)
    assert (result["workload"], result["first_loss"], result["second_loss"]) == ("mlp", 2.5, 2.25)
    # Every call takes 1/16 s: see test_measure_warms_up_sizes_its_repetitions_and_counts_the_build_into_the_first_call.
    timed = {"first_s": 0.0625, "calls_per_repetition": 2, "seconds": [0.0625, 0.0625]}
    assert result["train"] == timed
    assert result["infer"] == {str(size): timed for size in workload.infer_batches}


def test_cross_entropy_is_exact_for_small_logits_and_stays_finite_for_large_ones() -> None:
    import math

    # Two classes; logits 0, ln 3 give the softmax 1/4, 3/4 and logits 0, ln 7 give 1/8, 7/8. The first row's
    # label is class 0, the second's class 1: losses ln 4 and ln 8/7, and their mean.
    logits = [[0.0, math.log(3.0)], [0.0, math.log(7.0)]]
    assert worker.cross_entropy(logits, [0, 1]) == pytest.approx((math.log(4) + math.log(8 / 7)) / 2)
    # Logits of 1000 overflow exp() unless the row's largest is taken out first: the loss is then 0 and 1000.
    assert worker.cross_entropy([[1000.0, 0.0]], [0]) == pytest.approx(0.0, abs=1e-12)
    assert worker.cross_entropy([[1000.0, 0.0]], [1]) == pytest.approx(1000.0)


@pytest.mark.parametrize("threads", [1, 2, 4])
def test_every_worker_gets_the_same_thread_count_in_every_setting_it_reads(tmp_path: Path, threads: int) -> None:
    """The runner sets the threads for every framework alike: the BLAS and OpenMP variables,
    TensorFlow's and MLX's, and XLA's flags for every JAX-based adapter (XLA reads no other)."""
    from bench.runner import infer, run

    settings = run.Settings(adapters=("numpy-reference",), workloads=("mlp",), threads=threads)
    for env in (run.worker_environment(settings, tmp_path / "train"),
                infer.worker_environment(infer.InferSettings(runtimes=("jax-jit",), workloads=("encoder",),
                                                             threads=threads), tmp_path / "infer")):
        assert all(env[name] == str(threads) for name in run.THREAD_VARIABLES)
        assert f"intra_op_parallelism_threads={threads}" in env["XLA_FLAGS"]
        # One thread: no Eigen pool either; more: the pool XLA sizes to the intra-op count.
        assert ("--xla_cpu_multi_thread_eigen=false" in env["XLA_FLAGS"]) == (threads == 1)

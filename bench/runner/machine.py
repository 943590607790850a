"""The environment record: what machine, system and harness a run measured on."""

from __future__ import annotations

import os
import platform
import subprocess
from pathlib import Path


# The CPU features that change which kernels a framework runs (vector width, matrix units); the
# hypervisor flag says the run was on a virtual machine, whose host may change between runs.
CPU_FLAGS = ("avx", "avx2", "fma", "avx512f", "avx512_bf16", "avx512_vnni", "avx_vnni", "amx_tile",
             "amx_bf16", "amx_int8", "hypervisor")


def cpuinfo_fields(text: str) -> dict[str, str]:
    """The first processor's `key: value` lines of /proc/cpuinfo."""
    fields: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip():
            if fields:
                break
            continue
        key, _, value = line.partition(":")
        fields.setdefault(key.strip(), value.strip())
    return fields


def cpu_identity(fields: dict[str, str]) -> dict[str, object]:
    """Vendor, family, model, stepping, microcode and the flags that matter, as far as /proc/cpuinfo
    tells: two hosts sold under one model name ("Intel(R) Xeon(R) Processor") differ here."""
    identity: dict[str, object] = {}
    for key, name in (("vendor_id", "cpu_vendor"), ("cpu family", "cpu_family"), ("model", "cpu_model_number"),
                      ("stepping", "cpu_stepping"), ("microcode", "microcode")):
        if fields.get(key):
            identity[name] = fields[key]
    present = set(fields.get("flags", "").split())
    identity["cpu_flags"] = [flag for flag in CPU_FLAGS if flag in present]
    return identity


def _cpuinfo() -> dict[str, str]:
    try:
        return cpuinfo_fields(Path("/proc/cpuinfo").read_text())
    except OSError:
        return {}


def _cpu_model(fields: dict[str, str]) -> str:
    return fields.get("model name") or platform.processor() or platform.machine()


def _governor() -> str | None:
    try:
        return Path("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor").read_text().strip() or None
    except OSError:
        return None


def machine_identity(record: dict) -> str:
    """One line naming the machine a run belongs to; runs with the same line are comparable."""
    parts = [str(record.get("cpu_vendor", "unknown vendor")), str(record["cpu_model"])]
    if "cpu_family" in record:
        parts.append(f"family {record['cpu_family']} model {record.get('cpu_model_number', '?')} "
                     f"stepping {record.get('cpu_stepping', '?')}")
    parts.append(f"{record['logical_cpus']} logical CPUs")
    parts.append(f"{round(int(record['memory_bytes']) / 2**30)} GiB")
    if record.get("device") == "cuda":
        parts.append(str(record.get("gpu", "unknown GPU")))
    return ", ".join(parts)


def _memory_bytes() -> int:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _os_name() -> str:
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                return line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return platform.system()


def _gpu() -> str | None:
    try:
        done = subprocess.run(
            ["nvidia-smi", "--query-gpu=name,driver_version", "--format=csv,noheader"],
            capture_output=True, text=True, timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() or None if done.returncode == 0 else None


def harness_commit(repo: Path) -> str:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else ""

    commit = git("rev-parse", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--untracked-files=no", "--", "bench")
    return f"{commit}+modified" if dirty else commit


def machine_record(device: str, cpus: str | None) -> dict:
    fields = _cpuinfo()
    record = {
        "cpu_model": _cpu_model(fields),
        **cpu_identity(fields),
        "logical_cpus": os.cpu_count() or 0,
        "pinned_cpus": cpus or "none",
        "memory_bytes": _memory_bytes(),
        "os": _os_name(),
        "kernel": platform.release(),
        "device": device,
    }
    governor = _governor()
    if governor:
        record["governor"] = governor
    if device == "cuda":
        record["gpu"] = _gpu() or "unknown"
    record["identity"] = machine_identity(record)
    return record

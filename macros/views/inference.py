"""Inference runtimes measured on models of realistic size (data/inference/): the Benchmarks page's
"Inference runtimes" section, a runtime's figures on its framework's page, two frameworks' runtimes
side by side on their pair page, the measured conversion path beside a model-format capability, and
the figures in api/frameworks/<id>.json.

Every figure carries its scope (model size in parameters, CPU threads, machine identity). Ratios are
taken only between runtimes of one file: one machine, one protocol, one set of weights.
"""

from __future__ import annotations

from typing import Any

from macros.model.capability_kinds import FORMATS
from macros.model.inference import FLOAT32, InferenceResult, InferenceRun, InferenceWorkload, Runtime, latency_agreement
from macros.model.measured import ms_text, ratio_text, seconds_text
from macros.views.benchmarks import _short, replicate_view
from macros.views.common import Links, framework_name, render, safe_url
from macros.views.site_data import SiteData

# The capability kinds whose items name a model format (macros/model/capability_kinds.py).
FORMAT_KINDS = ("native_format", "export_formats", "import_formats")
STAGES = {"install": "installing", "convert": "converting the model", "load": "loading the model",
          "run": "running", "correctness": "the correctness check"}


def scope(run: InferenceRun, workload: InferenceWorkload) -> str:
    """What a figure holds for: "11,689,512 parameters, 1 CPU thread, <machine identity>"."""
    threads = run.protocol.get("threads")
    device = str(run.machine.get("device", "cpu"))
    parts = [f"{workload.parameters:,} parameters"]
    if device == "cpu":
        parts.append(f"{threads} CPU thread{'' if threads == 1 else 's'}" if isinstance(threads, int) else "CPU")
    else:
        parts.append(device.upper())
    parts.append(run.identity)
    if run.contributed_by:
        parts.append(f"contributed by {run.contributed_by}, not re-run by this project")
    return ", ".join(parts)


def anchor(run: InferenceRun, runtime: str = "", workload: str = "") -> str:
    """A page anchor: ids never hold two hyphens in a row, so "--" keeps every kind of anchor apart."""
    kind = "result" if runtime and workload else "runtime" if runtime else "workload" if workload else ""
    return "--".join(part for part in ("inference" + (f"-{kind}" if kind else ""), run.id, workload, runtime) if part)


def format_label(format_id: str) -> str:
    return FORMATS.get(format_id, format_id)


def bytes_text(n: int) -> str:
    if n >= 1e9:
        return f"{n / 1e9:.2f} GB"
    return f"{n / 1e6:.0f} MB" if n >= 1e8 else f"{n / 1e6:.1f} MB"


def throughput_text(per_second: float) -> str:
    return f"{per_second:.0f}" if per_second >= 100 else f"{per_second:.1f}" if per_second >= 1 else f"{per_second:.3f}"


def error_text(value: float) -> str:
    return "0" if value == 0 else f"{value:.1e}"


def result_cells(run: InferenceRun, runtime: Runtime, result: InferenceResult) -> dict[str, Any]:
    """One result's figures in reader form: per batch the median latency and throughput, then the costs."""
    batches = {}
    for latency in result.latencies:
        batches[latency.batch] = {"median": ms_text(latency.median), "throughput": throughput_text(latency.throughput)}
    quantised = runtime.precision != FLOAT32
    return {
        "batches": batches,
        "model_size": bytes_text(result.model_bytes),
        "conversion": f"{seconds_text(result.conversion_seconds)} s" if result.conversion_seconds else "none",
        "load": f"{seconds_text(result.load_seconds)} s",
        "first": f"{seconds_text(result.first_result_seconds)} s",
        "memory": bytes_text(result.peak_rss_bytes),
        "error": error_text(result.max_relative_error),
        "over": quantised and result.max_relative_error > run.tolerance,
    }


def _runtime_view(site: SiteData, runtime: Runtime, links: Links) -> dict[str, Any]:
    return {
        "id": runtime.id, "title": runtime.title, "version": runtime.version, "framework_id": runtime.framework,
        "framework": framework_name(site, runtime.framework),
        "href": links.framework(runtime.framework, "inference") if runtime.framework in site.data.frameworks else None,
        "format": format_label(runtime.format), "precision": runtime.precision, "path": runtime.path,
        "converter": runtime.converter, "quantised": runtime.precision != FLOAT32,
    }


def workload_rows(site: SiteData, run: InferenceRun, workload: InferenceWorkload, links: Links,
                  frameworks: set[str] | None = None) -> list[dict[str, Any]]:
    """One row per runtime with a result on the workload (of `frameworks`, or all): float32 paths
    fastest first at the first batch size, then the paths that quantise (measured apart), each with
    its time relative to the fastest float32 row among the shown frameworks' runtimes of this one run."""
    rows = []
    for runtime in run.runtimes:
        result = run.result(runtime.id, workload.id)
        if result is None or (frameworks is not None and runtime.framework not in frameworks):
            continue
        rows.append({"runtime": _runtime_view(site, runtime, links), "figures": result_cells(run, runtime, result),
                     "anchor": anchor(run, runtime.id, workload.id), "key": _first_median(result, workload)})
    rows.sort(key=lambda r: (r["runtime"]["quantised"], r["key"], r["runtime"]["id"]))
    fastest = rows[0]["key"] if rows else None
    for row in rows:
        row["relative"] = ratio_text(row["key"] / fastest) if fastest and row["key"] != float("inf") else ""
    return rows


def rows_of(rows: list[dict[str, Any]], framework_id: str) -> list[dict[str, Any]]:
    return [r for r in rows if r["runtime"]["framework_id"] == framework_id]


def _first_median(result: InferenceResult, workload: InferenceWorkload) -> float:
    latency = result.latency(workload.batches[0])
    return latency.median if latency else float("inf")


def failure_rows(site: SiteData, run: InferenceRun, links: Links, frameworks: set[str] | None = None) -> list[dict[str, Any]]:
    rows = []
    for failure in run.failures:
        runtime = run.runtime(failure.runtime)
        workload = run.workload(failure.workload)
        if runtime is None or (frameworks is not None and runtime.framework not in frameworks):
            continue
        rows.append({"runtime": _runtime_view(site, runtime, links),
                     "workload": workload.title if workload else failure.workload or "every workload",
                     "stage": STAGES.get(failure.stage, failure.stage), "reason": _short(failure.reason)})
    return rows


def run_view(site: SiteData, run: InferenceRun, links: Links) -> dict[str, Any]:
    workloads = []
    for w in run.workloads:
        workloads.append({"w": w, "anchor": anchor(run, workload=w.id), "scope": scope(run, w),
                          "rows": workload_rows(site, run, w, links), "batches": list(w.batches),
                          "input": "×".join(map(str, w.input))})
    measured = {(r.runtime, r.workload) for r in run.results} | {(f.runtime, f.workload) for f in run.failures}
    measured |= {(f.runtime, w.id) for f in run.failures if f.workload is None for w in run.workloads}
    return {
        "run": run,
        "anchor": anchor(run),
        "workloads": workloads,
        "runtimes": [_runtime_view(site, r, links) | {"anchor": anchor(run, r.id)} for r in run.runtimes],
        "failures": failure_rows(site, run, links),
        "not_run": [{"runtime": r.title, "workload": w.title} for r in run.runtimes for w in run.workloads
                    if (r.id, w.id) not in measured],
        "not_measured": [{"name": framework_name(site, n.framework),
                          "href": links.framework(n.framework) if n.framework in site.data.frameworks else None,
                          "reason": n.reason} for n in run.not_measured],
        "tolerance": f"{run.tolerance:g}",
        "threads": run.protocol.get("threads"),
        "contributed_url": safe_url(run.contributed_url) if run.contributed_url else None,
        "replicate": _replicate(site, run),
    }


def _replicate(site: SiteData, run: InferenceRun) -> dict[str, Any] | None:
    """The run that repeated this one, and how far its median latencies moved from this run's."""
    again = site.inference_replicates.get(run.id)
    return replicate_view(again.id, str(again.measured), latency_agreement(run, again)) if again else None


def benchmarks_section(site: SiteData, links: Links) -> str:
    """The Benchmarks page's "Inference runtimes" section; empty when no inference run is recorded."""
    if not site.inference_runs:
        return ""
    return render("inference.html", runs=[run_view(site, run, links) for run in site.inference_runs])


def framework_section(site: SiteData, framework_id: str, links: Links) -> list[dict[str, Any]]:
    """Per inference run with a runtime of this framework: its workloads' figures with their scope and
    its failures' reasons (newest run first)."""
    found = []
    for run in site.inference_runs:
        if not any(r.framework == framework_id for r in run.runtimes):
            continue
        only = {framework_id}
        # Relative to the fastest runtime of the whole run (one machine), not of this framework alone.
        workloads = [{"w": w, "scope": scope(run, w), "batches": list(w.batches),
                      "rows": rows_of(workload_rows(site, run, w, links), framework_id)} for w in run.workloads]
        found.append({"run": run, "href": links.page("benchmarks/") + f"#{anchor(run)}",
                      "workloads": [w for w in workloads if w["rows"]],
                      "failures": failure_rows(site, run, links, only)})
    return found


def pair_section(site: SiteData, a: str, b: str, links: Links) -> list[dict[str, Any]]:
    """The runtimes of two frameworks side by side, per workload of a run where both have a result:
    times relative to the fastest of these runtimes, within that one run."""
    found = []
    for run in site.inference_runs:
        for w in run.workloads:
            rows = workload_rows(site, run, w, links, {a, b})
            if {r["runtime"]["framework_id"] for r in rows} == {a, b}:
                found.append({"run": run, "w": w, "scope": scope(run, w), "batches": list(w.batches), "rows": rows,
                              "href": links.page("benchmarks/") + f"#{anchor(run, workload=w.id)}"})
    return found


def measured_paths(site: SiteData, framework_id: str, format_id: str, links: Links) -> list[dict[str, Any]]:
    """The conversion paths measured for a framework's runtime loading a format, newest run first."""
    paths = []
    for run in site.inference_runs:
        for runtime in run.runtimes:
            if runtime.framework == framework_id and runtime.format == format_id and \
                    any(r.runtime == runtime.id for r in run.results):
                paths.append({"path": runtime.path, "runtime": runtime.title,
                              "href": links.page("benchmarks/") + f"#{anchor(run, runtime.id)}"})
    return paths


def format_links(site: SiteData, framework_id: str, kind: str, items: tuple[dict[str, Any], ...],
                 links: Links) -> list[dict[str, Any]]:
    """For a model-format capability, the measured conversion paths of the formats it lists."""
    if kind not in FORMAT_KINDS:
        return []
    found = []
    for format_id in dict.fromkeys(str(item.get("format")) for item in items):
        for path in measured_paths(site, framework_id, format_id, links):
            found.append(path | {"format": format_label(format_id)})
    return found


def export(site: SiteData, framework_id: str) -> dict[str, Any] | None:
    """The framework's inference figures for api/frameworks/<id>.json, as numbers with their scope."""
    figures, failures = [], []
    for run in site.inference_runs:
        for runtime in run.runtimes:
            if runtime.framework != framework_id:
                continue
            common = {"run": run.id, "measured": str(run.measured), "machine": run.identity,
                      "threads": run.protocol.get("threads"), "runtime": runtime.id, "runtime_title": runtime.title,
                      "version": runtime.version, "format": runtime.format, "precision": runtime.precision,
                      "path": runtime.path, "converter": runtime.converter}
            for w in run.workloads:
                result = run.result(runtime.id, w.id)
                if result is not None:
                    figures.append(common | {
                        "workload": w.id, "workload_title": w.title, "parameters": w.parameters,
                        "latency_median_ms": {str(la.batch): la.median * 1000 for la in result.latencies},
                        "throughput_per_second": {str(la.batch): la.throughput for la in result.latencies},
                        "model_bytes": result.model_bytes, "conversion_seconds": result.conversion_seconds,
                        "load_seconds_median": result.load_seconds,
                        "first_result_seconds_median": result.first_result_seconds,
                        "peak_rss_bytes": result.peak_rss_bytes, "max_relative_error": result.max_relative_error,
                        "tolerance": run.tolerance})
            failures += [common | {"workload": f.workload, "stage": f.stage, "reason": f.reason}
                         for f in run.failures if f.runtime == runtime.id]
    return {"figures": figures, "failures": failures} if figures or failures else None

"""The Benchmarks page: this project's measurements, per workload a static SVG chart with a table twin,
the environment, failures and frameworks not measured with their reasons, how to reproduce."""

from __future__ import annotations

import re

import math
from typing import Any

from macros.model.measured import (
    Samples,
    agreement,
    comparison_key,
    comparisons_in,
    execution,
    first_step,
    inference,
    paired_ratio,
    ratio_text,
    repetitions_per_round,
    seconds_text,
    train_step,
    workload_name,
    workload_result,
)
from macros.model.measured import ms_text as ms
from macros.model.measurements import Agreement, MeasurementRun
from macros.views.common import Links, framework_name, render, safe_url
from macros.views.site_data import SiteData

# Chart geometry (SVG user units): a label line (framework, adapter) above each bar, the bar on a logarithmic scale of
# "times the fastest", so a 100x spread and a 1.1x one both stay readable.
CHART_WIDTH = 480
MARGIN = 8
ROW = 38
AXIS = 30
TICKS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000)


def sec(seconds: float) -> str:
    return seconds_text(seconds)


def _spread(s: Samples) -> dict[str, Any]:
    q1, q3 = s.quartiles
    return {"median": ms(s.median), "q1": ms(q1), "q3": ms(q3), "iqr": ms(s.iqr), "wide": s.wide,
            "spread": f"{s.relative_spread:.0%}"}


def workload_rows(site: SiteData, m: MeasurementRun, workload_id: str, links: Links) -> list[dict[str, Any]]:
    """One row per adapter that ran the workload: trained ones fastest first, then inference-only ones."""
    trained, inference_only = [], []
    for result in m.results:
        record = workload_result(result, workload_id)
        if record is None:
            continue
        steps, first = train_step(record, repetitions_per_round(m)), first_step(record)
        row = {
            "name": framework_name(site, result.framework),
            "href": links.framework(result.framework, "measured") if result.framework in site.data.frameworks else None,
            "mode": result.mode,
            "execution": execution(result),
            "adapter": result.adapter,
            "version": result.version,
            "train": _spread(steps) if steps else None,
            "first_step": sec(first.median) if first else None,
            "inference": {batch: _spread(calls) for batch, calls in inference(record).items()},
            "step": steps,
        }
        (trained if steps else inference_only).append(row)
    trained.sort(key=lambda r: (r["step"].median, r["adapter"]))
    if trained:
        # Times the fastest, round by round where the rounds are known (the host's drift between
        # rounds cancels), with the ratio's interval; otherwise medians and quartiles over the fastest's median.
        fastest = trained[0]["step"]
        for row in trained:
            paired = paired_ratio(fastest, row["step"])
            if paired:
                row["relative"] = paired.estimate
                row["q1_rel"], row["q3_rel"] = paired.interval
            else:
                row["relative"] = row["step"].median / fastest.median
                row["q1_rel"], row["q3_rel"] = (q / fastest.median for q in row["step"].quartiles)
            row["relative_text"] = ratio_text(row["relative"])
    inference_only.sort(key=lambda r: r["adapter"])
    return trained + inference_only


def chart(rows: list[dict[str, Any]], title_id: str) -> dict[str, Any]:
    """Bar positions for the trained rows: x from 1x (left) to the largest upper quartile, log scale."""
    trained = [r for r in rows if r["train"]]
    top = max([2.0, *(r["q3_rel"] for r in trained)])
    ticks = [t for t in TICKS if t <= top * 1.0001]
    span = math.log10(top)
    plot = CHART_WIDTH - 2 * MARGIN

    def x(ratio: float) -> float:
        return round(MARGIN + plot * math.log10(max(ratio, 1.0)) / span, 1)

    bars = []
    for i, r in enumerate(trained):
        y = AXIS + i * ROW
        bars.append({
            "y_text": y + 14, "y_bar": y + 20, "x_end": max(x(r["relative"]), MARGIN + 2),
            "x_q1": x(r["q1_rel"]), "x_q3": x(r["q3_rel"]), "y_mid": y + 26,
            "label": f"{r['name']}, {r['adapter']}", "value": f"{r['relative_text']}, {r['train']['median']} ms",
            "wide": r["train"]["wide"],
        })
    height = AXIS + len(trained) * ROW + MARGIN
    return {
        "id": title_id, "width": CHART_WIDTH, "height": height, "bars": bars, "margin": MARGIN,
        "right": CHART_WIDTH - MARGIN, "bottom": height - MARGIN,
        "ticks": [{"x": x(t), "label": f"{t}x", "anchor": "start" if t == 1 else ("end" if x(t) > CHART_WIDTH - 30 else "middle")}
                  for t in ticks],
    }


def _gib(n: int) -> str:
    return f"{n / 2**30:.1f} GiB"


def _mb(n: int) -> str:
    return f"{n / 1e6:.0f} MB"


def measurement_view(site: SiteData, m: MeasurementRun, links: Links) -> dict[str, Any]:
    workloads = []
    for w in m.workloads:
        rows = workload_rows(site, m, str(w["id"]), links)
        anchor = f"{m.id}-{w['id']}"
        workloads.append({
            "w": w, "anchor": anchor, "rows": rows, "chart": chart(rows, f"chart-{anchor}") if any(r["train"] for r in rows) else None,
            "batches": list(w["infer_batches"]), "name": workload_name(w),
        })
    frameworks = {r.framework for r in m.results}
    failed = [{"name": framework_name(site, f.framework), "href": links.framework(f.framework) if f.framework in site.data.frameworks else None,
               "adapter": f.adapter, "workload": f.workload, "stage": f.stage, "reason": _short(f.reason),
               "measured_otherwise": f.framework in frameworks}
              for f in m.failures]
    listed = frameworks | {f.framework for f in m.failures} | {n.framework for n in m.not_measured}
    not_measured = [{"name": framework_name(site, n.framework), "href": links.framework(n.framework) if n.framework in site.data.frameworks else None,
                     "reason": n.reason} for n in m.not_measured]
    unlisted = [{"name": fw.name, "href": links.framework(fw.id)} for fw in site.frameworks if fw.id not in listed]
    environments = []
    for env_id, env in m.environments.items():
        used_by = [r for r in m.results if r.environment == env_id]
        environments.append({
            "id": env_id, "python": env.get("python", "unknown"), "blas": env.get("blas") or "unknown",
            "frameworks": ", ".join(sorted({f"{framework_name(site, r.framework)} {r.version}" for r in used_by})),
            "size": _mb(env["size_bytes"]) if env.get("size_bytes") else "not recorded",
            "packages": ", ".join(f"{k} {v}" for k, v in sorted(env.get("packages", {}).items())),
            "requirements": env.get("requirements"),
        })
    machine = m.machine
    costs = []
    for r in m.results:
        costs.append({
            "name": framework_name(site, r.framework), "mode": r.mode, "adapter": r.adapter,
            "import": sec(Samples(r.import_seconds).median) if r.import_seconds else "not recorded",
            "rss": _mb(sorted(r.peak_rss_bytes)[len(r.peak_rss_bytes) // 2]) if r.peak_rss_bytes else "not recorded",
            "lines": r.adapter_lines if r.adapter_lines is not None else "not recorded",
            "size": _mb(m.environments[r.environment]["size_bytes"]) if m.environments.get(r.environment, {}).get("size_bytes")
            else "not recorded",
        })
    return {
        "m": m,
        "workloads": workloads,
        "failures": failed,
        "not_measured": not_measured,
        "unlisted": unlisted,
        "environments": environments,
        "costs": costs,
        "machine": {
            "cpu": machine.get("cpu_model", "unknown"),
            "cpus": machine.get("logical_cpus", "unknown"),
            "pinned": machine.get("pinned_cpus", "none"),
            "memory": _gib(machine["memory_bytes"]) if machine.get("memory_bytes") else "unknown",
            "os": machine.get("os", "unknown"),
            "kernel": machine.get("kernel", "unknown"),
            "device": machine.get("device", "cpu"),
            "gpu": machine.get("gpu"),
            # Runs recorded before the identity existed name only the CPU's model name.
            "identity": machine.get("identity") or f"{machine.get('cpu_model', 'unknown CPU')} (vendor, family, "
                        "model and stepping not recorded)",
        },
        "protocol": m.protocol,
        # Counted from the data, not the protocol: a run assembled after fewer rounds has fewer.
        "samples": _range_text(sorted({len(t.samples) for r in m.results for w in r.workloads for t in w.timings})),
        "tolerance": f"{m.protocol.get('first_loss_rtol', 0):.1%}",
        "commit": m.harness_commit,
        "frameworks": len(frameworks),
        "contributed_url": safe_url(m.contributed_url) if m.contributed_url else None,
        "replicate": _replicate(site, m),
    }


def _replicate(site: SiteData, m: MeasurementRun) -> dict[str, Any] | None:
    """The run that repeated this one, and how far the published ratios moved between the two."""
    again = site.replicates.get(m.id)
    return replicate_view(again.id, str(again.measured), agreement(m, again, set(site.data.frameworks))) if again else None


def replicate_view(replicate_id: str, measured: str, found: Agreement) -> dict[str, Any]:
    """What a run's section says of its replicate (training runs and inference runs alike)."""
    return {"id": replicate_id, "measured": measured, "compared": found.compared, "within": found.within,
            "share": f"{found.share * 100:.1f} %", "tolerance": f"{found.tolerance * 100:.0f} %",
            "largest": f"{found.largest * 100:.0f} %"}


RELATION_WORDS = {"higher": "faster", "lower": "slower", "similar": "not clearly apart"}


def machine_differences(site: SiteData) -> list[dict[str, Any]]:
    """Where two machines put a pair of frameworks in the opposite order: per pair of machines (the
    newest run on each), every comparison whose speed ratio is above 1 on one and below it on the
    other, with at least one of the two clearly apart. Each ratio is taken within its own run: no
    figure is divided by one from another machine."""
    newest: dict[str, MeasurementRun] = {}
    for m in site.measurements:  # newest first
        newest.setdefault(m.identity, m)
    runs = list(newest.values())
    known = set(site.data.frameworks)
    groups = []
    for i, first in enumerate(runs):
        for second in runs[i + 1 :]:
            other = {comparison_key(c): c for c in comparisons_in(second, known)}
            rows = []
            for c in comparisons_in(first, known):
                d = other.get(comparison_key(c))
                if d is None or (c.speed_ratio - 1) * (d.speed_ratio - 1) >= 0:
                    continue
                if c.relation == "similar" and d.relation == "similar":
                    continue
                workload = next((workload_name(w) for w in first.workloads if str(w["id"]) == c.workload), c.workload)
                rows.append({
                    "workload": workload, "execution": c.execution,
                    "framework": framework_name(site, c.framework), "than": framework_name(site, c.than),
                    "ratios": [f"{ratio_text(x.speed_ratio)}, {RELATION_WORDS[x.relation]}" for x in (c, d)],
                })
            compared = sum(comparison_key(c) in other for c in comparisons_in(first, known))
            groups.append({"first": {"id": first.id, "identity": first.identity},
                           "second": {"id": second.id, "identity": second.identity},
                           "compared": compared, "rows": rows})
    return groups


def machines(site: SiteData) -> list[dict[str, str]]:
    """One line per measurement, to choose a machine's figures (the page holds them all)."""
    return [{"id": m.id, "identity": m.identity, "title": m.title, "measured": str(m.measured),
             "contributed": m.contributed_by or ""} for m in site.measurements]


def _range_text(counts: list[int]) -> str:
    if not counts:
        return "0"
    return str(counts[0]) if counts[0] == counts[-1] else f"{counts[0]} to {counts[-1]}"


# An absolute file path inside a message: "/root/.cache/.../tmpx/m88f45a...so". Readers need to know a
# compiled file would not load, not where it sat on the machine that ran the benchmark.
_PATH = re.compile(r"(?<![\w.])/(?:[^\s/:'\"]+/)+([^\s/:'\"]+)")


def _short(reason: str) -> str:
    """A failure's reason as one readable line: the last line of a traceback says what went wrong,
    file paths shortened to the file's name (the full log stays in the data)."""
    lines = [line.strip() for line in reason.strip().splitlines() if line.strip()]
    text = lines[-1] if lines else reason
    text = _PATH.sub(lambda m: _file_name(m.group(1)), text)
    return text if len(text) <= 300 else text[:297] + "..."


def _file_name(name: str) -> str:
    stem, dot, suffix = name.rpartition(".")
    if dot and len(stem) > 24:
        return f"a .{suffix} file" if suffix in {"so", "dll", "dylib", "pyd"} else f"{stem[:12]}....{suffix}"
    return name


def benchmarks_page(site: SiteData, links: Links) -> str:
    from macros.views import inference  # it builds on this module

    return render(
        "benchmarks.html",
        measurements=[measurement_view(site, m, links) for m in site.measurements],
        machines=machines(site),
        differences=machine_differences(site),
        methodology=links.page("methodology/") + "#measurements",
        disagreements=links.page("disagreements/") + "#measured",
    ) + inference.benchmarks_section(site, links)

"""Plain-text summaries of measurement files: the run's table and the spread between two runs."""

from __future__ import annotations

from pathlib import Path

import yaml

from bench.stats import WIDE_SPREAD, median, relative_spread


def steady_metrics(measurement: dict) -> dict[tuple[str, str, str], list[float]]:
    """(adapter, workload, metric) -> samples, for the steady-state metrics."""
    metrics = {}
    for result in measurement["results"]:
        for record in result["workloads"]:
            key = (result["adapter"], record["workload"])
            if "train_step_seconds" in record:
                metrics[(*key, "train")] = record["train_step_seconds"]
            for inference in record["inference"]:
                metrics[(*key, f"infer b{inference['batch']}")] = inference["seconds"]
    return metrics


def summary(measurement: dict) -> str:
    lines = [f"{'adapter':22} {'workload':8} {'metric':10} {'median ms':>10} {'IQR/med':>8} {'first ms':>9}"]
    for result in measurement["results"]:
        for record in result["workloads"]:
            first = median(record["first_step_seconds"]) * 1e3 if "first_step_seconds" in record else float("nan")
            for (adapter, workload, metric), samples in steady_metrics({"results": [
                    {**result, "workloads": [record]}]}).items():
                spread = relative_spread(samples)
                flag = "  WIDE" if spread > WIDE_SPREAD else ""
                shown_first = f"{first:9.1f}" if metric == "train" else " " * 9
                lines.append(f"{adapter:22} {workload:8} {metric:10} {median(samples) * 1e3:10.3f} "
                             f"{spread:8.1%} {shown_first}{flag}")
    for failure in measurement["failures"]:
        lines.append(f"FAILED {failure['adapter']} {failure.get('workload', '')} [{failure['stage']}]: "
                     f"{failure['reason'][:160]}")
    return "\n".join(lines)


def compare(first: Path, second: Path) -> str:
    a = steady_metrics(yaml.safe_load(first.read_text()))
    b = steady_metrics(yaml.safe_load(second.read_text()))
    lines = [f"{'adapter':22} {'workload':8} {'metric':10} {'run 1 ms':>10} {'run 2 ms':>10} {'diff':>7}"]
    diffs = []
    for key in sorted(a.keys() & b.keys()):
        m1, m2 = median(a[key]), median(b[key])
        diff = abs(m2 - m1) / min(m1, m2)
        diffs.append(diff)
        lines.append(f"{key[0]:22} {key[1]:8} {key[2]:10} {m1 * 1e3:10.3f} {m2 * 1e3:10.3f} {diff:7.1%}")
    if diffs:
        under = sum(1 for d in diffs if d < 0.10)
        lines.append(f"{len(diffs)} metrics; median difference {median(diffs):.1%}; largest {max(diffs):.1%}; "
                     f"{under} of {len(diffs)} under 10 %")
    return "\n".join(lines)


def table(measurement: dict) -> str:
    """A Markdown table of the medians: one row per adapter and workload."""
    batches = {w["id"]: w["train_batch"] for w in measurement["workloads"]}
    environments = measurement["environments"]
    lines = [
        "| adapter | version | workload | train step ms | samples/s | infer b1 ms | infer bN ms | first step s (cold) "
        "| import s | peak RSS MB | env MB | lines |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for result in measurement["results"]:
        size = environments.get(result["environment"], {}).get("size_bytes")
        for record in result["workloads"]:
            train = record.get("train_step_seconds")
            infer = {i["batch"]: median(i["seconds"]) for i in record["inference"]}
            b1, bn = infer.get(1), infer.get(max(infer))
            cells = [
                result["adapter"], result["version"], record["workload"],
                f"{median(train) * 1e3:.2f}" if train else "-",
                f"{batches[record['workload']] / median(train):,.0f}" if train else "-",
                f"{b1 * 1e3:.3f}" if b1 is not None else "-",
                f"{bn * 1e3:.3f}" if bn is not None else "-",
                f"{record['first_step_seconds'][0]:.2f}" if record.get("first_step_seconds") else "-",
                f"{median(result['import_seconds']):.1f}",
                f"{max(result['peak_rss_bytes']) / 2**20:.0f}",
                f"{size / 2**20:,.0f}" if size else "-",
                str(result["adapter_lines"]),
            ]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def inference_rows(data: dict) -> list[dict]:
    """One row per runtime x workload x batch of an inference results file (medians over all rounds)."""
    rows = []
    for result in data.get("results", []):
        rounds = result["rounds"]
        for batch, samples in result["latency_seconds"].items():
            m = median(samples)
            rows.append({"runtime": result["runtime"], "workload": result["workload"], "batch": int(batch),
                         "median_s": m, "per_second": int(batch) / m, "spread": relative_spread(samples),
                         "model_bytes": result["model_bytes"], "conversion_s": result["conversion_seconds"],
                         "load_s": median([r["load_seconds"] for r in rounds]),
                         "first_s": median([r["first_result_seconds"] for r in rounds]),
                         "peak_rss": max(r["peak_rss_bytes"] for r in rounds),
                         "error": result["max_relative_error"]})
    return rows


def inference_summary(data: dict) -> str:
    """A Markdown table of an inference results file, then its failures."""
    lines = ["| runtime | workload | batch | median latency ms | per second | IQR/median | model MB | convert s | "
             "load s | first result s | peak RSS MB | max rel. error |", "|" + " --- |" * 12]
    for row in inference_rows(data):
        convert = "-" if row["conversion_s"] is None else f"{row['conversion_s']:.2f}"
        lines.append(f"| {row['runtime']} | {row['workload']} | {row['batch']} | {row['median_s'] * 1e3:.2f} | "
                     f"{row['per_second']:.1f} | {row['spread']:.0%} | {row['model_bytes'] / 1e6:.1f} | {convert} | "
                     f"{row['load_s']:.3f} | {row['first_s']:.3f} | {row['peak_rss'] / 2**20:.0f} | {row['error']:.2g} |")
    for failure in data.get("failures", []):
        lines.append(f"\nfailed: {failure['runtime']} {failure['workload']} at {failure['stage']}: {failure['reason']}")
    return "\n".join(lines)

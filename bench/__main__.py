"""`python -m bench list | run | assemble | publish | table | compare | infer`: the framework benchmark (see bench/README.md)."""

from __future__ import annotations

import argparse
import shlex
import sys
from datetime import datetime, timezone
from pathlib import Path

from bench.adapters import all_adapters
from bench.runner.run import DEFAULT_REPETITIONS, DEFAULT_ROUNDS
from bench.workloads import WORKLOADS

# A run is written here, unpublished: only `publish` puts one into the site's data, so a trial or
# subset run changes nothing on the site.
RESULTS = Path("bench/results")
DATA = Path("data")  # publish writes into its measurements/ and inference/


def _select(adapters: dict, wanted: list[str] | None) -> list[str]:
    """Adapters by name, framework id or environment; by default all but the numpy reference."""
    if not wanted:
        return [name for name, info in adapters.items() if info.framework != "numpy"]
    chosen = [name for name, info in adapters.items()
              if name in wanted or info.framework in wanted or info.env in wanted]
    unknown = [w for w in wanted if not any(w in (n, i.framework, i.env) for n, i in adapters.items())]
    if unknown:
        raise SystemExit(f"unknown adapter, framework or environment: {', '.join(unknown)} (see `python -m bench list`)")
    return chosen


def cmd_list(_args) -> int:
    for name, info in all_adapters().items():
        print(f"{name:22} {info.framework:16} {info.env:18} {','.join(info.workloads):12} {info.mode}")
    return 0


def cmd_run(args) -> int:
    from bench.runner.assemble import assemble
    from bench.runner.run import Settings, run

    adapters = all_adapters()
    settings = Settings(
        adapters=tuple(_select(adapters, args.frameworks)),
        workloads=tuple(args.workloads or WORKLOADS),
        device=args.device,
        rounds=args.rounds,
        repetitions=args.repetitions,
        threads=args.threads,
        cpus=args.cpus,
        python=args.python,
    )
    run_dir = run(settings, adapters)
    measurement_id = args.id or f"{args.device}-{datetime.now(timezone.utc).date().isoformat()}"
    command = _command_for(settings) if not args.frameworks and not args.workloads else (
        "python -m bench " + shlex.join(sys.argv[1:]))
    measurement = assemble(run_dir, settings, adapters, measurement_id, command)
    out = args.out or RESULTS / f"{measurement_id}.yaml"
    if not _write(measurement, out):
        return 1
    from bench.report import summary

    print(summary(measurement))
    print(f"wrote {out} (raw results: {run_dir})", file=sys.stderr)
    return 0


def _write(measurement: dict, out: Path) -> bool:
    """Write the data file, or say why not: the write is atomic, so a failed one changed nothing."""
    from bench.runner.assemble import write

    try:
        write(measurement, out)
    except OSError as exc:
        print(f"{out}: error: cannot write the measurement file ({exc.strerror or exc}); "
              "it is as it was before (nothing written)", file=sys.stderr)
        return False
    return True


def cmd_assemble(args) -> int:
    """The data file from a run folder, using the rounds every adapter finished (a partial run too)."""
    import dataclasses

    from bench.runner.assemble import assemble
    from bench.runner.raw import DamagedFile, DamagedFiles, read_json, read_raw
    from bench.runner.run import Settings, asked_workloads

    raw = read_json(args.run_dir / "settings.json")
    try:
        settings = Settings(**{k: tuple(v) if isinstance(v, list) else v for k, v in raw.items()})
    except (TypeError, AttributeError):
        raise DamagedFile(args.run_dir / "settings.json", "not the settings of a run") from None
    adapters = all_adapters()
    built = _built(args.run_dir, settings)
    # A round still running has no file yet (workers write atomically); a file that is there and not
    # whole is damaged: say so for each, rather than publish the run without those rounds.
    damaged = []
    for name in built:
        for r in range(1, settings.rounds + 1):
            path = args.run_dir / "raw" / f"r{r}-{name}.json"
            if path.exists():
                try:
                    read_raw(path, asked_workloads(adapters[name], settings))
                except DamagedFile as problem:
                    damaged.append(problem)
    if damaged:
        raise DamagedFiles(damaged)
    finished = [r for r in range(1, settings.rounds + 1)
                if all((args.run_dir / "raw" / f"r{r}-{name}.json").exists() for name in built)]
    if not finished:
        print(f"{args.run_dir}: error: no round has finished for every adapter yet; nothing written",
              file=sys.stderr)
        return 1
    settings = dataclasses.replace(settings, rounds=len(finished))
    command = _command_for(dataclasses.replace(settings, rounds=raw["rounds"]))
    measurement = assemble(args.run_dir, settings, adapters, args.id, command)
    out = args.out or RESULTS / f"{args.id}.yaml"
    if not _write(measurement, out):
        return 1
    from bench.report import summary

    print(summary(measurement))
    print(f"wrote {out} from rounds 1-{len(finished)} of {args.run_dir}", file=sys.stderr)
    return 0


def _built(run_dir: Path, settings) -> list[str]:
    """The adapters whose environment was built (the others have no raw results to wait for)."""
    from bench.runner.raw import read_json

    builds_file = run_dir / "builds.json"
    builds = read_json(builds_file) if builds_file.exists() else {}
    adapters = all_adapters()
    return [n for n in settings.adapters if builds.get(adapters[n].env, {"ok": True})["ok"]]


def _command_for(settings) -> str:
    parts = ["python -m bench run"]
    if settings.device != "cpu":
        parts.append(f"--device {settings.device}")
    for flag, value, default in (("--rounds", settings.rounds, DEFAULT_ROUNDS),
                                 ("--repetitions", settings.repetitions, DEFAULT_REPETITIONS),
                                 ("--threads", settings.threads, 1)):
        if value != default:
            parts.append(f"{flag} {value}")
    if settings.cpus:
        parts.append(f"--cpus {settings.cpus}")
    if settings.python:
        parts.append(f"--python {settings.python}")
    return " ".join(parts)


def cmd_infer(args) -> int:
    """Inference runtimes on the realistic workloads (bench/runner/infer.py); writes bench/results/<id>.yaml."""
    import yaml

    from bench.runner.infer import InferSettings, assemble_infer, infer_command, run_infer, write_results
    from bench.runtimes import all_runtimes
    from bench.workloads.realistic import REALISTIC

    runtimes = all_runtimes()
    unknown = [r for r in args.runtimes or [] if r not in runtimes]
    if unknown:
        print(f"error: unknown runtime {', '.join(unknown)} (known: {', '.join(runtimes)})", file=sys.stderr)
        return 2
    settings = InferSettings(runtimes=tuple(args.runtimes or runtimes), workloads=tuple(args.workloads or REALISTIC),
                             rounds=args.rounds, repetitions=args.repetitions, warmup=args.warmup,
                             threads=args.threads, cpus=args.cpus)
    command = infer_command(settings, tuple(runtimes))
    run_id = args.id or f"infer-{datetime.now(timezone.utc).date().isoformat()}"
    out = RESULTS / f"{run_id}.yaml"
    if args.replicate_of:
        original = RESULTS / f"{args.replicate_of}.yaml"
        try:
            first = yaml.safe_load(original.read_text())
        except (OSError, yaml.YAMLError):
            print(f"{original}: error: --replicate-of names no readable results file", file=sys.stderr)
            return 1
        if first.get("command") != command:
            print(f"{original}:1:1: error[replicate-command]: its command is {first.get('command')!r}, "
                  f"this one is {command!r}; a replicate repeats the same command", file=sys.stderr)
            return 1
    run_dir = run_infer(settings, runtimes)
    data = assemble_infer(run_dir, settings, runtimes, run_id, command, args.replicate_of)
    try:
        write_results(data, out)
    except OSError as exc:
        print(f"{out}: error: cannot write the results file ({exc.strerror or exc}); nothing written", file=sys.stderr)
        return 1
    from bench.report import inference_summary

    print(inference_summary(data))
    print(f"wrote {out} (raw results: {run_dir})", file=sys.stderr)
    return 0


def cmd_infer_assemble(args) -> int:
    """The results file again from a run folder of `bench infer` (its raw results as they are)."""
    import json

    from bench.runner.infer import InferSettings, assemble_infer, infer_command, write_results
    from bench.runtimes import all_runtimes

    runtimes = all_runtimes()
    try:
        raw = json.loads((args.run_dir / "settings.json").read_text())
        settings = InferSettings(**{k: tuple(v) if isinstance(v, list) else v for k, v in raw.items()})
    except (OSError, ValueError, TypeError):
        print(f"{args.run_dir / 'settings.json'}: error: not the settings of an infer run", file=sys.stderr)
        return 1
    if args.rounds:
        # The first N rounds of a run are what `--rounds N` runs (the same order, round by round), so
        # a run cut short is written as that run, with that command.
        if not 1 <= args.rounds <= settings.rounds:
            print(f"error: --rounds must be between 1 and the run's {settings.rounds}", file=sys.stderr)
            return 2
        import dataclasses

        settings = dataclasses.replace(settings, rounds=args.rounds)
    data = assemble_infer(args.run_dir, settings, runtimes, args.id, infer_command(settings, tuple(runtimes)),
                          args.replicate_of, measured=args.measured)
    out = RESULTS / f"{args.id}.yaml"
    try:
        write_results(data, out)
    except OSError as exc:
        print(f"{out}: error: cannot write the results file ({exc.strerror or exc}); nothing written", file=sys.stderr)
        return 1
    print(f"wrote {out} from {args.run_dir}", file=sys.stderr)
    return 0


def cmd_publish(args) -> int:
    """Copy a run and its replicate into the site's data, never over an existing one (bench/publish.py)."""
    from bench.publish import PublishRefused, publish
    from bench.runner.infer import DEFAULT_ROUNDS as DEFAULT_INFER_ROUNDS

    try:
        targets = publish(args.file, args.replicate, DATA, contributed_by=args.contributed_by,
                          contributed_url=args.contributed_url, default_rounds=DEFAULT_ROUNDS,
                          default_infer_rounds=DEFAULT_INFER_ROUNDS)
    except PublishRefused as refused:
        print(refused, file=sys.stderr)
        return 1
    print(f"published {args.file} as {targets[0]} and its replicate {args.replicate} as {targets[1]}; "
          "`python -m macros check` checks them with all data", file=sys.stderr)
    return 0


def cmd_table(args) -> int:
    import yaml

    from bench.report import table

    print(table(yaml.safe_load(args.file.read_text())))
    return 0


def cmd_compare(args) -> int:
    from bench.report import compare

    print(compare(args.first, args.second))
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="list the adapters (no framework needed)").set_defaults(func=cmd_list)
    run_parser = sub.add_parser("run", help="measure; resumes an unfinished run with the same settings")
    run_parser.add_argument("--frameworks", nargs="+", help="adapter names, framework ids or environment names")
    run_parser.add_argument("--workloads", nargs="+", choices=sorted(WORKLOADS))
    run_parser.add_argument("--device", choices=("cpu", "cuda"), default="cpu")
    run_parser.add_argument("--python", help="run every adapter with this existing Python instead of built environments")
    run_parser.add_argument("--rounds", type=int, default=DEFAULT_ROUNDS)
    run_parser.add_argument("--repetitions", type=int, default=DEFAULT_REPETITIONS, help="timed repetitions per round")
    run_parser.add_argument("--threads", type=int, default=1)
    run_parser.add_argument("--cpus", help="pin every worker to these CPUs (taskset list, e.g. 1)")
    run_parser.add_argument("--id", help="measurement id (default: <device>-<date>)")
    run_parser.add_argument("--out", type=Path, help="file to write (default bench/results/<id>.yaml, unpublished: see `publish`)")
    run_parser.set_defaults(func=cmd_run)
    assemble_parser = sub.add_parser("assemble", help="write the data file from a run folder (finished rounds only)")
    assemble_parser.add_argument("run_dir", type=Path)
    assemble_parser.add_argument("--id", required=True)
    assemble_parser.add_argument("--out", type=Path, help="file to write (default bench/results/<id>.yaml)")
    assemble_parser.set_defaults(func=cmd_assemble)
    infer_parser = sub.add_parser("infer", help="inference runtimes on the realistic workloads; resumes an unfinished run")
    infer_parser.add_argument("--runtimes", nargs="+", help="runtime ids (default: all)")
    infer_parser.add_argument("--workloads", nargs="+", choices=("resnet18", "encoder"))
    infer_parser.add_argument("--rounds", type=int, default=5, help="fresh processes per runtime x workload")
    infer_parser.add_argument("--repetitions", type=int, default=10, help="timed calls per batch size per round")
    infer_parser.add_argument("--warmup", type=int, default=3, help="untimed calls per batch size before the timed ones")
    infer_parser.add_argument("--threads", type=int, default=1)
    infer_parser.add_argument("--cpus", help="pin every worker to these CPUs (taskset list, e.g. 1)")
    infer_parser.add_argument("--id", help="results id (default: infer-<date>); the file is bench/results/<id>.yaml")
    infer_parser.add_argument("--replicate-of", help="the id of the run this one repeats (same command)")
    infer_parser.set_defaults(func=cmd_infer)
    reassemble = sub.add_parser("infer-assemble", help="write an infer run's results file again from its run folder")
    reassemble.add_argument("run_dir", type=Path)
    reassemble.add_argument("--id", required=True)
    reassemble.add_argument("--replicate-of")
    reassemble.add_argument("--rounds", type=int, help="use only the first N rounds (a run cut short)")
    reassemble.add_argument("--measured", help="the run's date (YYYY-MM-DD; default: the run folder's start date)")
    reassemble.set_defaults(func=cmd_infer_assemble)
    publish_parser = sub.add_parser(
        "publish", help="copy a complete run and its replicate into the site's data (data/measurements/ or data/inference/)",
        description="Publish a run with its replicate (the same command run again on a machine of the same identity): "
                    "a training-suite run goes to data/measurements/, an inference run to data/inference/. A subset run, a "
                    "run cut short, a run without its machine's identity or a replicate of another command is refused, "
                    "with nothing written.")
    publish_parser.add_argument("file", type=Path, help="the run's file, e.g. bench/results/<id>.yaml")
    publish_parser.add_argument("replicate", type=Path, help="its replicate's file: the same command run again")
    publish_parser.add_argument("--contributed-by", help="the name of who ran it, for a run this project did not make")
    publish_parser.add_argument("--contributed-url", help="an http(s) link to the contributor or their run (with --contributed-by)")
    publish_parser.set_defaults(func=cmd_publish)
    table_parser = sub.add_parser("table", help="a Markdown table of a measurement file's medians")
    table_parser.add_argument("file", type=Path)
    table_parser.set_defaults(func=cmd_table)
    compare_parser = sub.add_parser("compare", help="medians of two measurement files side by side")
    compare_parser.add_argument("first", type=Path)
    compare_parser.add_argument("second", type=Path)
    compare_parser.set_defaults(func=cmd_compare)
    args = parser.parse_args(argv)
    from bench.runner.raw import DamagedFile, DamagedFiles

    try:
        return args.func(args)
    except DamagedFiles as damaged:  # every damaged file, one located line each; nothing written
        print("\n".join(damaged.lines()), file=sys.stderr)
        return 1
    except DamagedFile as damaged:
        print(damaged, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

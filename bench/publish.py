"""`python -m bench publish RUN REPLICATE`: a run becomes part of the site's data only by this step.

`run`, `assemble` and `infer` write to bench/results/ (unpublished), so a trial or subset run changes
nothing on the site. Publishing copies a run and its replicate (the same command run again on a
machine of the same identity) into the site's data: a training-suite run into
data/measurements/<id>.yaml, an inference run into data/inference/<id>.yaml. It refuses, with a
located reason and nothing written, a run that is not complete or not repeated:

- the machine is not named (`machine.identity`: without it the site cannot tell which runs are
  comparable), or the two files name different machines;
- a subset run (`--frameworks`, `--workloads`, `--runtimes`): the site's figures compare the whole
  suite, and an adapter that cannot run is recorded as a failure with its reason, not left out;
- a run cut short (fewer rounds in the file than its command asked for);
- a replicate with another command, another harness commit, or the same id.

Files are never written over (a published run is a record: a new run gets a new id), and both are
written or neither. A run someone else made records who made it (`contributed`), so the site can say
its figures were not re-run by this project. The replicate records the run it repeats
(`replicate_of`). The full checks are the site's (`python -m macros check`), which bench does not
import.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path

import yaml

from bench.atomic_write import write_atomic
from bench.yaml_writer import INFERENCE_HEADER, measurement_text, plain_text

# Options that run part of the suite; a published run is the whole suite.
SUBSET_OPTIONS = ("--frameworks", "--workloads", "--runtimes")


class PublishRefused(Exception):
    """A located, one-line reason the files were not published (nothing was written)."""

    def __init__(self, path: Path, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(f"{path}:{line}:{column}: error[publish]: {message}")


@dataclass(frozen=True)
class RunFile:
    path: Path
    text: str
    data: dict

    @property
    def inference(self) -> bool:
        """An inference run (`bench infer`) lists runtimes; a training-suite run lists environments."""
        return "runtimes" in self.data

    def line_of(self, key: str) -> int:
        """The line of a top-level key, for a located message (1 where the file has none)."""
        for number, line in enumerate(self.text.splitlines(), start=1):
            if line.startswith(f"{key}:"):
                return number
        return 1

    def refuse(self, key: str, message: str) -> PublishRefused:
        return PublishRefused(self.path, message, self.line_of(key))


def _read(path: Path) -> RunFile:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PublishRefused(path, "no such file; nothing published") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PublishRefused(path, f"cannot read the file ({getattr(exc, 'strerror', None) or exc}); nothing published") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise PublishRefused(path, f"does not parse ({problem}); nothing published", line, column) from None
    if not isinstance(data, dict) or not isinstance(data.get("id"), str):
        raise PublishRefused(path, "not a measurement file (no id); nothing published")
    return RunFile(path, text, data)


def _identity(run: RunFile) -> str:
    machine = run.data.get("machine")
    identity = str(machine.get("identity") or "").strip() if isinstance(machine, dict) else ""
    if not identity:
        raise run.refuse("machine", "the run names no machine (machine.identity); a run without it cannot be "
                         "compared fairly with others, so it is not published (rerun it with this harness)")
    return identity


def _asked_rounds(command: str) -> int | None:
    """The rounds the command asked for (`--rounds N`), None where it names none (the default)."""
    try:
        words = shlex.split(command)
    except ValueError:
        return None
    for i, word in enumerate(words):
        value = word.partition("=")[2] if word.startswith("--rounds=") else (
            words[i + 1] if word == "--rounds" and i + 1 < len(words) else None)
        if value is not None:
            return int(value) if value.isdigit() else None
    return None


def _complete(run: RunFile, default_rounds: int) -> None:
    command = str(run.data.get("command") or "")
    subset = [option for option in SUBSET_OPTIONS if option in command.split() or f"{option}=" in command]
    if subset:
        raise run.refuse("command", f"a subset run ({', '.join(subset)}) is not published: the site compares the "
                         "whole suite (an adapter or runtime that cannot run is recorded as a failure with its "
                         "reason); run the command without it")
    protocol = run.data.get("protocol") if isinstance(run.data.get("protocol"), dict) else {}
    asked = _asked_rounds(command) or default_rounds
    if protocol.get("rounds") != asked:
        raise run.refuse("protocol", f"the run has {protocol.get('rounds')} round(s) of the {asked} its command "
                         "asks for (cut short); finish it (the same command resumes it) and assemble it again")


def _check_pair(first: RunFile, replicate: RunFile) -> None:
    if first.inference != replicate.inference:
        raise replicate.refuse("id", "one file is an inference run and the other a training-suite run; a replicate "
                               "repeats the same command")
    if replicate.data["id"] == first.data["id"]:
        raise replicate.refuse("id", f"the replicate has the run's own id {first.data['id']!r}; give it its own "
                               "(`--id`)")
    for key, what in (("command", "command"), ("harness_commit", "harness commit")):
        if replicate.data.get(key) != first.data.get(key):
            raise replicate.refuse(key, f"the replicate's {what} is {replicate.data.get(key)!r}, the run's is "
                                   f"{first.data.get(key)!r}; a replicate repeats the same command with the same harness")
    if _identity(replicate) != _identity(first):
        raise replicate.refuse("machine", f"the replicate ran on {_identity(replicate)!r}, the run on "
                               f"{_identity(first)!r}; a replicate runs on a machine of the same identity")
    if first.data.get("replicate_of") is not None:
        raise first.refuse("replicate_of", f"the run says it repeats {first.data['replicate_of']!r}; publish the "
                           "first run of a pair first, then its replicate")
    said = replicate.data.get("replicate_of")
    if said is not None and said != first.data["id"]:
        raise replicate.refuse("replicate_of", f"the replicate says it repeats {said!r}, not {first.data['id']!r}")


def _with_key_after(data: dict, after: str, key: str, value: object) -> dict:
    """`data` with `key` set, placed right after `after` when it is new (the schema's order)."""
    if key in data:
        return {**data, key: value}
    ordered: dict = {}
    for name, item in data.items():
        ordered[name] = item
        if name == after:
            ordered[key] = value
    ordered.setdefault(key, value)
    return ordered


def _contributed(by: str | None, url: str | None, source: Path) -> dict | None:
    if url is not None and by is None:
        raise PublishRefused(source, "--contributed-url needs --contributed-by (the contributor's name)")
    if by is None:
        return None
    name = by.strip()
    if not name or "\n" in name:
        raise PublishRefused(source, "--contributed-by must be a name on one line")
    contributed: dict = {"by": name}
    if url is not None:
        if not url.startswith(("https://", "http://")):
            raise PublishRefused(source, f"--contributed-url must be an http(s) link, not {url!r}")
        contributed["url"] = url
    return contributed


def _text(run: RunFile, data: dict) -> str:
    return INFERENCE_HEADER + plain_text(data) if run.inference else measurement_text(data)


def publish(source: Path, replicate_source: Path, data_root: Path, *, contributed_by: str | None = None,
            contributed_url: str | None = None, default_rounds: int = 10,
            default_infer_rounds: int = 3) -> list[Path]:
    """Copy a run and its replicate into `data_root`/measurements/ (or inference/); return the two
    paths written. Raises PublishRefused, having written nothing."""
    first, replicate = _read(source), _read(replicate_source)
    for run in (first, replicate):
        _identity(run)
        if "contributed" in run.data:
            raise run.refuse("contributed", "the file already records a contributor; publish the run as it came "
                             "from the harness")
        _complete(run, default_infer_rounds if run.inference else default_rounds)
        identifier = run.data["id"]
        if "/" in identifier or identifier.startswith("."):
            raise run.refuse("id", f"the id {identifier!r} is not a file name")
    _check_pair(first, replicate)
    contributed = _contributed(contributed_by, contributed_url, first.path)
    folder = Path(data_root) / ("inference" if first.inference else "measurements")
    written: list[Path] = []
    for run, data in ((first, first.data),
                      (replicate, _with_key_after(replicate.data, "harness_commit", "replicate_of", first.data["id"]))):
        if contributed is not None:
            # After the run's own fields, before what it measured: who ran it is part of its record.
            data = _with_key_after(data, "protocol", "contributed", contributed)
        target = folder / f"{data['id']}.yaml"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            write_atomic(target, _text(run, data).encode("utf-8"), overwrite=False)
        except OSError as exc:
            for path in written:  # both or neither: the first of the pair alone would be a run without its replicate
                path.unlink(missing_ok=True)
            if isinstance(exc, FileExistsError):
                raise PublishRefused(target, f"a published run with the id {data['id']!r} exists; published runs are "
                                     "not replaced: give the new run another id (`--id`)") from None
            raise PublishRefused(target, f"cannot write ({exc.strerror or exc}); nothing published") from None
        written.append(target)
    return written

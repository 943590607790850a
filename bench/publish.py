"""`python -m bench publish FILE`: a run becomes part of the site's data only by this step.

`run` and `assemble` write to bench/results/ (unpublished), so a trial or subset run changes nothing
on the site. Publishing copies the file into data/measurements/<id>.yaml atomically, never over an
existing id (a published run is a record: a new run gets a new id), and only a file that parses as a
measurement and names its machine (`machine.identity`: without it the site cannot tell which runs
are comparable). A run someone else made records who made it (`contributed`), so the site can say
its figures were not re-run by this project. The full checks are the site's (`python -m macros
check`), which bench does not import.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from bench.atomic_write import write_atomic
from bench.yaml_writer import measurement_text


class PublishRefused(Exception):
    """A located, one-line reason the file was not published (nothing was written)."""

    def __init__(self, path: Path, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(f"{path}:{line}:{column}: error[publish]: {message}")


def _read(path: Path) -> dict:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PublishRefused(path, "no such file; nothing published") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PublishRefused(path, f"cannot read the file ({getattr(exc, 'strerror', None) or exc}); nothing published") from None
    try:
        measurement = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise PublishRefused(path, f"does not parse ({problem}); nothing published", line, column) from None
    if not isinstance(measurement, dict) or not isinstance(measurement.get("id"), str):
        raise PublishRefused(path, "not a measurement file (no id); nothing published")
    return measurement


def publish(source: Path, published: Path, *, contributed_by: str | None = None,
            contributed_url: str | None = None) -> Path:
    """Copy `source` into `published`/<id>.yaml; return that path. Raises PublishRefused."""
    source = Path(source)
    measurement = _read(source)
    machine = measurement.get("machine")
    if not isinstance(machine, dict) or not str(machine.get("identity") or "").strip():
        raise PublishRefused(source, "the run names no machine (machine.identity); a run without it "
                             "cannot be compared fairly with others, so it is not published (rerun it with this "
                             "harness)")
    if contributed_url is not None and contributed_by is None:
        raise PublishRefused(source, "--contributed-url needs --contributed-by (the contributor's name)")
    if "contributed" in measurement:
        raise PublishRefused(source, "the file already records a contributor; publish the run as it came "
                             "from `bench run`")
    if contributed_by is not None:
        name = contributed_by.strip()
        if not name or "\n" in name:
            raise PublishRefused(source, "--contributed-by must be a name on one line")
        contributed: dict = {"by": name}
        if contributed_url is not None:
            if not contributed_url.startswith(("https://", "http://")):
                raise PublishRefused(source, f"--contributed-url must be an http(s) link, not {contributed_url!r}")
            contributed["url"] = contributed_url
        # After the run's own fields, before what it measured: who ran it is part of its record.
        measurement = _with_contributed(measurement, contributed)
    identifier = measurement["id"]
    if "/" in identifier or identifier.startswith("."):
        raise PublishRefused(source, f"the id {identifier!r} is not a file name")
    target = Path(published) / f"{identifier}.yaml"
    try:
        Path(published).mkdir(parents=True, exist_ok=True)
        write_atomic(target, measurement_text(measurement).encode("utf-8"), overwrite=False)
    except FileExistsError:
        raise PublishRefused(target, f"a published run with the id {identifier!r} exists; published runs are "
                             "not replaced: give the new run another id (`bench run --id`)") from None
    except OSError as exc:
        raise PublishRefused(target, f"cannot write ({exc.strerror or exc}); nothing published") from None
    return target


def _with_contributed(measurement: dict, contributed: dict) -> dict:
    ordered: dict = {}
    for key, value in measurement.items():
        if key == "machine":
            ordered["contributed"] = contributed
        ordered[key] = value
    ordered.setdefault("contributed", contributed)
    return ordered

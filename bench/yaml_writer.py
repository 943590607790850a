"""The measurement file's text, in the layout `python -m macros fix` gives every data file (keys in
the order written, which is the schema's; two-space indentation with list items indented under
their key; a list of numbers on one line), so a contributor's `fix --check` passes on a fresh
result. bench/ has its own writer: the benchmark tool does not import the site's code.
"""

from __future__ import annotations

import yaml

HEADER = "# yaml-language-server: $schema=../../schema/measurements.schema.json\n"
INFERENCE_HEADER = "# yaml-language-server: $schema=../../schema/inference.schema.json\n"


class _Dumper(yaml.SafeDumper):
    """Block lists indented under their key, as the data files write them (`key:\\n  - item`)."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)


def _represent_list(dumper: yaml.SafeDumper, data: list) -> yaml.Node:
    # Every repetition is kept, so a result's lists are long: one line each keeps the file readable.
    flow = bool(data) and all(isinstance(item, (int, float)) and not isinstance(item, bool) for item in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _represent_list)


def measurement_text(measurement: dict) -> str:
    # No line width: a long list or title stays on its line (the formatter never folds one).
    return HEADER + yaml.dump(measurement, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=2**31)


def plain_text(data: dict) -> str:
    """The same layout without the measurement schema's header (an inference results file)."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=2**31)

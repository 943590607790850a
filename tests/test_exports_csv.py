"""The CSV export: RFC 4180 (every field quoted, CRLF row ends) and no cell a spreadsheet would run
as a formula, however the name starts."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from conftest import BASE, make_data_root
from macros.check.config import CheckConfig
from macros.check.run import run_check
from macros.views.exports import _cell, matrix_csv
from macros.views.site_data import SiteData



@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", " =1+1", "  -cmd", "\t=1", "\r=1", "\n@x",
                                  "\x00=1", "\u00a0=1", "\u3000+1", "\x7f=1"])
def test_formula_like_cells_are_quoted(text: str) -> None:
    assert _cell(text) == "'" + text


@pytest.mark.parametrize("text", ["Keras", "PyTorch Lightning", "1.0", "a=b", "C++", "x-y", ""])
def test_other_cells_are_kept(text: str) -> None:
    assert _cell(text) == text


def test_matrix_csv_quotes_every_field_and_ends_rows_with_crlf(tmp_path: Path) -> None:
    root = make_data_root(tmp_path)
    alpha = root / "frameworks" / "alpha.yaml"
    alpha.write_text(alpha.read_text(encoding="utf-8").replace("name: Alpha", 'name: " =HYPERLINK(\\"x\\", \\"Alpha\\")"'),
                     encoding="utf-8")
    result = run_check(root, CheckConfig(today=dt.date(2026, 11, 21)))
    assert not result.errors, result.errors
    text = matrix_csv(SiteData(result.dataset))
    rows = text.split("\r\n")
    assert rows[-1] == "" and all("\n" not in row and "\r" not in row for row in rows)
    assert all(row.startswith('"') and row.endswith('"') for row in rows[:-1])
    parsed = list(csv.reader(io.StringIO(text, newline="")))
    alpha_row = next(row for row in parsed if row[0] == "alpha")
    assert alpha_row[1] == "' =HYPERLINK(\"x\", \"Alpha\")"
    assert len(parsed) == 1 + len(list((BASE / "frameworks").glob("*.yaml")))

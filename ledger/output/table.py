"""The one table writer: every CSV and every xlsx the tool writes, each cell through one guard and one cleaner.

The API, for every command that writes a table (export, list, rollup, forms):

    Column(header, width=10, number_format=None, ...)   what a column is (its fill, a rule for what it takes,
                                                         whether it stays editable on a protected sheet)
    Row(values, fill=None, color=None)                   a row, with its own fill (a warning light) if any
    Sheet(name, columns, rows, heading=(), page=None)    a sheet; `page` lays it out for printing; `heading` and
                                                         `footing` lines above and below (a Line of Parts where
                                                         a line holds more than text), `protect`, `state`
    Rule.choice(...), Rule.dates(...)                    data validation: a drop-down list, a date within a range
    csv_bytes(columns, rows)                             UTF-8 with a BOM and CRLF, for Excel and WPS
    xlsx_bytes(sheets, Properties(title, author, day))   a workbook (XlsxWriter): the same input, the same bytes;
                                                         its custom document properties, if any

This is the only module that imports XlsxWriter (tests/output/test_table.py checks it).

A value is text, an int or float, a bool, a date, None (an empty cell) or a Percent. Every text
passes `clean` (characters no workbook can hold replaced, Excel's cell limit kept) and the formula
guard: text that starts with = + - @, a tab or a CR is never a formula. In xlsx it is a text cell
with Excel's quote prefix (as if typed after an apostrophe); in CSV it gets a leading apostrophe
(OWASP's advice for CSV injection: every reader shows it as text, whether or not it evaluates
formulas). Text that a spreadsheet would read as a number, a date or a boolean when it opens a CSV
(an id `01`, `1e5`, `3/4`) is written as ="01": Excel, WPS and LibreOffice show the text itself.
Sheet names are made valid for Excel by `sheet_name`.
"""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, NamedTuple

MAX_CELL = 32_767  # characters: Excel's most in a cell
CUT = "…（超出Excel单元格长度，已截断）"
MAX_ROW_HEIGHT = 409  # points: Excel's most
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# What no workbook can hold (XML 1.0 has no place for them) and what no UTF-8 file can: lone surrogates.
UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Text a spreadsheet opening a CSV turns into something else: numbers (01, 1e5, (5), 1,000), dates and
# times (3/4, 2025-01-01, 12:30, 2025年1月1日), percentages, booleans.
NUMERIC = r"[\s\d０-９.,:/%$¥€£()eE+\-年月日时分秒]"
NUMBER_LIKE = re.compile(f"{NUMERIC}*\\d{NUMERIC}*|true|false", re.IGNORECASE)
EXCEL_EPOCH = date(1899, 12, 30)  # day 0 of Excel's 1900 date system (its phantom 1900-02-29 included)
MAX_LITERAL = 255  # characters: Excel's most in a formula's string literal
EXCEL_INVALID_SHEET = re.compile(r"[\[\]:*?/\\]")
MAX_SHEET_NAME = 31  # UTF-16 code units


class Percent(NamedTuple):
    """A share: a number in xlsx (`fraction`, shown by the column's format), `text` in CSV."""

    fraction: float
    text: str


@dataclass(frozen=True)
class Rule:
    """What a cell takes (Excel's data validation): one of `choices` (a drop-down list), or a date from
    `first` to `last`; a blank cell always. `title` and `message` are what Excel and WPS say to a wrong entry."""

    kind: str  # "list" or "date"
    choices: tuple[str, ...] = ()
    first: date = date(1900, 1, 1)
    last: date = date(9999, 12, 31)
    title: str = ""
    message: str = ""

    @classmethod
    def choice(cls, choices: Sequence[str], title: str = "", message: str = "") -> Rule:
        return cls("list", tuple(choices), title=title, message=message)

    @classmethod
    def dates(cls, first: date, last: date, title: str = "", message: str = "") -> Rule:
        return cls("date", first=first, last=last, title=title, message=message)

    def options(self) -> dict[str, Any]:
        """The rule in XlsxWriter's terms."""
        made: dict[str, Any]
        if self.kind == "list":
            made = {"validate": "list", "source": [clean(c) for c in self.choices]}
        else:
            made = {"validate": "date", "criteria": "between", "minimum": self.first, "maximum": self.last,
                    "ignore_blank": True}  # fmt: skip
        if self.title:
            made["error_title"] = clean(self.title)[:32]  # Excel's most
        if self.message:
            made["error_message"] = clean(self.message)[:255]
        return made


@dataclass(frozen=True)
class Column:
    """A column: its header, its width in Excel's units (characters of a digit; a Chinese character
    takes two), the number format of its numbers and dates (Excel's codes: "0", "0.00%", "yyyy-mm-dd")."""

    header: str
    width: float = 10
    number_format: str | None = None
    align: str | None = None  # "left", "center" or "right"; else Excel's default for the value
    rule: Rule | None = None  # xlsx: what its cells take (a drop-down list, a date)
    editable: bool = False  # xlsx: left unlocked when the sheet is protected
    hidden: bool = False  # xlsx: a hidden column
    fill: str | None = None  # xlsx: its header's and cells' fill (an RGB colour); a row's own fill goes over it


@dataclass(frozen=True)
class Part:
    """A piece of a heading or footing line: a value (text, a date, None for a blank cell) across `span`
    columns, with its look; an `editable` part is a cell to fill in on a protected sheet."""

    value: Any
    span: int = 1
    align: str = "left"
    editable: bool = False
    border: bool = False
    number_format: str | None = None
    rule: Rule | None = None


@dataclass(frozen=True)
class Line:
    """A heading or footing line made of parts, left to right; `height` in points, else one line of text."""

    parts: Sequence[Part]
    height: float | None = None


@dataclass(frozen=True)
class Protection:
    """A protected sheet: only the editable columns and parts can be changed. No password: it is a guard
    against slips, not a lock. `allow` names what may still be done (XlsxWriter's names: format_rows …)."""

    allow: tuple[str, ...] = ("format_rows", "format_columns")


class Row(NamedTuple):
    """A row's values, with its own fill (an RGB colour such as "#FFC7CE") and font colour if any."""

    values: Sequence[Any]
    fill: str | None = None
    color: str | None = None


@dataclass(frozen=True)
class Page:
    """A sheet laid out for printing: paper (9 is A4, 8 is A3), landscape, the header row on every page,
    a 第N页 共M页 footer, every cell bordered, text in `font` at `size` points, rows as tall as their text."""

    paper: int = 9
    landscape: bool = True
    size: float = 10.5
    font: str = "宋体"
    title_size: float = 16
    title_font: str | None = None  # else `font`
    title_bold: bool = True  # a title in 黑体 is heavy already
    margin: float = 0.5  # inches, left and right
    footer: str = "第&P页 共&N页"


@dataclass
class Sheet:
    """A sheet: `heading` lines above the header (the first one a title across every column; a pair is
    one line's left and right ends; a Line its parts), then the header row and the rows, then after a blank
    row the `footing` lines (a text across every column, wrapped). The header is frozen and filtered."""

    name: str
    columns: Sequence[Column]
    rows: Iterable[Row | Sequence[Any]]
    heading: Sequence[str | tuple[str, str] | Line] = ()
    page: Page | None = None
    protect: Protection | None = None  # xlsx: only editable cells can be changed
    filters: bool = True
    widths: list[float] = field(default_factory=list)  # filled in by xlsx_bytes: the widths written
    footing: Sequence[str | Line] = ()
    header: bool = True  # False: no header row, the rows from the top (a record kept out of sight)
    state: str = "visible"  # "hidden", or "very_hidden": absent from Excel's and WPS's unhide lists
    freeze_columns: int = 0  # columns kept in view when scrolling right
    min_lines: int = 1  # with a page: rows at least this many lines tall (room to write in)


@dataclass(frozen=True)
class Properties:
    """What the workbook says of itself: title, author (the issuer) and the day it is of; its company,
    comments and custom properties (name and text) where given."""

    title: str
    author: str
    day: date
    company: str = ""
    comments: str = ""
    custom: tuple[tuple[str, str], ...] = ()


def clean(text: str) -> str:
    """Text any workbook and any UTF-8 file can hold: unwritable characters as U+FFFD, line breaks as LF,
    at most Excel's 32,767 characters (cut, saying so)."""
    if UNWRITABLE.search(text):
        text = UNWRITABLE.sub("\ufffd", text)
    if "\r" in text:  # a cell's line breaks are LF; a CR alone shows as _x000D_ or a box
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > MAX_CELL:
        text = text[: MAX_CELL - len(CUT)] + CUT
    return text


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_START)


# --- CSV ---


def csv_cell(value: Any) -> str:
    """A value as a CSV cell that Excel, WPS and LibreOffice open as the same text (see the module's doc)."""
    if value is None:
        return ""
    if isinstance(value, Percent):
        return value.text
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, date):
        return value.isoformat()
    if not isinstance(value, str):
        return str(value)
    text = clean(value)
    if is_formula_like(text):
        return "'" + text
    if len(text) <= MAX_LITERAL and '"' not in text and "\n" not in text and NUMBER_LIKE.fullmatch(text):
        return f'="{text}"'
    return text


def csv_bytes(columns: Sequence[Column], rows: Iterable[Row | Sequence[Any]]) -> bytes:
    """UTF-8 with a BOM and CRLF line ends: what Excel and WPS on Chinese Windows read right."""
    out = io.StringIO()
    writer = csv.writer(out)  # quotes cells with line breaks; rows end with \r\n
    writer.writerow([csv_cell(c.header) for c in columns])
    for row in rows:
        values = row.values if isinstance(row, Row) else row
        writer.writerow([csv_cell(v) for v in values])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# --- Sheet names ---


def sheet_name(name: str, taken: set[str]) -> str:
    """A sheet name Excel takes, not yet in `taken` (compared as Excel does, ignoring case), added to it:
    at most 31 characters, none of []:*?/\\ nor control characters, no apostrophe at either end, not
    blank, not "History" (Excel's own)."""
    base = EXCEL_INVALID_SHEET.sub("_", UNWRITABLE.sub("", name))
    base = "".join(c for c in base if c.isprintable()).strip().strip("'").strip()
    if not base or base.casefold() == "history":
        base = (base + "_") if base else "Sheet"
    folded = {t.casefold() for t in taken}
    title, n = fit(base, ""), 1
    while title.casefold() in folded:
        n += 1
        title = fit(base, f"({n})")
    taken.add(title)
    return title


def fit(base: str, suffix: str) -> str:
    """`base` cut so that it and `suffix` take at most 31 UTF-16 code units (as Excel counts)."""
    room = MAX_SHEET_NAME - len(suffix)
    while len(base.encode("utf-16-le")) // 2 > room:
        base = base[:-1]
    return base.rstrip().rstrip("'") + suffix


# --- xlsx ---

# A width unit is the width of a digit of the default font (Arial 10): 7 pixels (5.25 pt) in Excel,
# 5.56 pt in LibreOffice (Liberation Sans); a column has 5 pixels (3.75 pt) more for its padding.
# Widths are planned for the wider, line breaks for the narrower.
POINTS_PER_UNIT, NARROW_POINTS_PER_UNIT = 5.56, 5.25
COLUMN_PADDING = 3.75  # points
CELL_PADDING = 5  # points a cell keeps free of text, left and right together
LINE_SPACING = 1.5  # a line's height over the font's size (Noto CJK in LibreOffice: 1.46 measured; SimSun: 1.3)
PAPER_MM = {9: (297, 210), 8: (420, 297)}  # landscape width, height


def xlsx_bytes(sheets: Sequence[Sheet], properties: Properties) -> bytes:
    """The workbook; the same sheets and properties give the same bytes."""
    try:
        import xlsxwriter
    except ImportError:
        from ledger.output import missing_extra

        raise missing_extra("xlsx", "XlsxWriter") from None
    out = io.BytesIO()
    options = {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
               "strings_to_urls": False, "nan_inf_to_errors": True,
               # Column widths count digits of the default font: Arial is in every Excel and WPS, and in
               # LibreOffice as Liberation Sans (the same widths); Calibri is missing where LibreOffice runs.
               "default_format_properties": {"font_name": "Arial", "font_size": 10}}  # fmt: skip
    book = xlsxwriter.Workbook(out, options)
    stamp = datetime(properties.day.year, properties.day.month, properties.day.day)
    said = {"title": clean(properties.title)[:255], "author": clean(properties.author)[:255], "created": stamp,
            "comments": clean(properties.comments)[:255]}  # fmt: skip
    if properties.company:
        said["company"] = clean(properties.company)[:255]
    book.set_properties(said)
    for name, value in properties.custom:
        book.set_custom_property(clean(name)[:255], clean(value)[:255], "text")
    taken: set[str] = set()
    for sheet in sheets:
        SheetWriter(book, sheet, sheet_name(sheet.name, taken)).write()
    book.close()
    return with_application(out.getvalue())


class SheetWriter:
    """One sheet into an XlsxWriter workbook: formats made once per look, cells by type."""

    def __init__(self, book: Any, sheet: Sheet, name: str) -> None:
        self.book, self.sheet, self.page = book, sheet, sheet.page
        self.worksheet = book.add_worksheet(name)
        self.formats: dict[tuple[int, str | None, str | None, bool], Any] = {}
        self.lines: dict[tuple[int, str], int] = {}  # a column's text: the lines it takes

    def look(self, column: int, fill: str | None, color: str | None, quote: bool) -> Any:
        key = (column, fill, color, quote)
        made = self.formats.get(key)
        if made is None:
            spec = self.sheet.columns[column]
            fill = fill or spec.fill
            style: dict[str, Any] = {"valign": "top", "text_wrap": True}
            if self.page:
                style.update(border=1, font_name=self.page.font, font_size=self.page.size)
            if spec.number_format:
                style["num_format"] = spec.number_format
            if spec.align:
                style["align"] = spec.align
            if spec.editable:
                style["locked"] = False
            if fill:
                style.update(pattern=1, bg_color=fill)
            if color:
                style["font_color"] = color
            if quote:
                style["quote_prefix"] = True
            made = self.formats[key] = self.book.add_format(style)
        return made

    def write(self) -> None:
        sheet, worksheet, page = self.sheet, self.worksheet, self.page
        columns = sheet.columns
        widths = sheet.widths or [c.width for c in columns]
        sheet.widths = widths
        for n, (column, width) in enumerate(zip(columns, widths, strict=True)):
            worksheet.set_column(n, n, width, None, {"hidden": True} if column.hidden else {})
        top = self.heading()
        first = top
        if sheet.header:
            self.header(top)
            first = top + 1
        last = self.body(first)
        self.footing(max(last, first - 1) + 2)
        if sheet.header:
            worksheet.freeze_panes(first, sheet.freeze_columns)
            if sheet.filters:
                worksheet.autofilter(top, 0, max(last, top), len(columns) - 1)
        for n, column in enumerate(columns):
            if column.rule and last >= first:
                worksheet.data_validation(first, n, last, n, column.rule.options())
        if sheet.protect:
            allowed = (*sheet.protect.allow, "autofilter") if sheet.filters and sheet.header else sheet.protect.allow
            worksheet.protect("", dict.fromkeys(allowed, True))
        if sheet.state == "very_hidden":
            worksheet.very_hidden()
        elif sheet.state == "hidden":
            worksheet.hide()
        if page:
            worksheet.set_landscape() if page.landscape else worksheet.set_portrait()
            worksheet.set_paper(page.paper)
            worksheet.set_margins(left=page.margin, right=page.margin, top=0.6, bottom=0.7)
            if sheet.header:
                worksheet.repeat_rows(top)
            worksheet.set_footer(f'&C&"{page.font}"&10{page.footer}')
            worksheet.fit_to_pages(1, 0)  # a safety net only: the widths are chosen to fit at 100%
            worksheet.center_horizontally()

    def header(self, top: int) -> None:
        """The header row: bold, centred, in its column's fill."""
        columns, page, widths = self.sheet.columns, self.page, self.sheet.widths
        style: dict[str, Any] = {"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True}
        if page:
            style.update(border=1, font_name=page.font, font_size=page.size)
        looks: dict[tuple[str | None, bool], Any] = {}
        for n, column in enumerate(columns):
            text = clean(column.header)
            key = (column.fill, is_formula_like(text))
            look = looks.get(key)
            if look is None:
                own = dict(style, pattern=1, bg_color=column.fill) if column.fill else dict(style)
                if key[1]:
                    own["quote_prefix"] = True
                look = looks[key] = self.book.add_format(own)
            self.worksheet.write_string(top, n, text, look)
        if page:
            self.worksheet.set_row(top, self.height([c.header for c in columns], widths))

    def heading(self) -> int:
        """The heading lines; the row the header goes in."""
        sheet, worksheet, page = self.sheet, self.worksheet, self.page
        last = len(sheet.columns) - 1
        size = page.size if page else 11
        font = {"font_name": page.font} if page else {}
        for row, line in enumerate(sheet.heading):
            if isinstance(line, Line):
                self.line(row, line)
                continue
            if row == 0 and isinstance(line, str):
                title_font = {"font_name": page.title_font or page.font} if page else {}
                self.put(row, 0, last, line, {"bold": page.title_bold if page else True, "align": "center",
                                              "valign": "vcenter", "font_size": page.title_size if page else 14,
                                              **title_font})  # fmt: skip
                worksheet.set_row(row, (page.title_size if page else 14) * 2)
                continue
            left, right = (line, "") if isinstance(line, str) else line
            middle = max(0, (last + 1) // 2 - 1)
            self.put(row, 0, middle, left, {"align": "left", "font_size": size, **font})
            self.put(row, middle + 1, last, right, {"align": "right", "font_size": size, **font})
            worksheet.set_row(row, size * LINE_SPACING + 4)
        return len(sheet.heading)

    def line(self, row: int, line: Line) -> None:
        """A line of parts, left to right, each across its columns (the last one up to the last column)."""
        page, worksheet = self.page, self.worksheet
        size = page.size if page else 11
        end = len(self.sheet.columns) - 1
        column = 0
        for part in line.parts:
            if column > end:
                break
            last = min(column + part.span - 1, end)
            style: dict[str, Any] = {"align": part.align, "valign": "vcenter", "font_size": size}
            if page:
                style["font_name"] = page.font
            if part.border:
                style["border"] = 1
            if part.number_format:
                style["num_format"] = part.number_format
            if part.editable:
                style["locked"] = False
            self.put(row, column, last, part.value, style)
            if part.rule:
                worksheet.data_validation(row, column, row, last, part.rule.options())
            column = last + 1
        worksheet.set_row(row, line.height or size * LINE_SPACING + 4)

    def footing(self, start: int) -> None:
        """The footing lines from row `start`: a text across every column, wrapped, as tall as it needs."""
        page = self.page
        size = page.size if page else 11
        end = len(self.sheet.columns) - 1
        # The merged cell's width in units: the columns' widths and the padding between them.
        across = sum(self.sheet.widths) + end * COLUMN_PADDING / NARROW_POINTS_PER_UNIT
        for row, line in enumerate(self.sheet.footing, start):
            if isinstance(line, Line):
                self.line(row, line)
                continue
            style: dict[str, Any] = {"align": "left", "valign": "top", "text_wrap": True, "font_size": size}
            if page:
                style["font_name"] = page.font
            self.put(row, 0, end, line, style)
            lines = text_lines(clean(line), across, size)
            self.worksheet.set_row(row, min(MAX_ROW_HEIGHT, round(lines * size * LINE_SPACING + 3, 1)))

    def put(self, row: int, first: int, last: int, value: Any, style: dict[str, Any]) -> None:
        """A value in one cell, or across merged cells `first` to `last`, through the guard and the cleaner."""
        worksheet = self.worksheet
        if isinstance(value, str):
            value = clean(value)
            if is_formula_like(value):
                style = dict(style, quote_prefix=True)
        look = self.book.add_format(style)
        if last > first:
            worksheet.merge_range(row, first, row, last, "", look)
        if value is None or value == "":
            if last == first:
                worksheet.write_blank(row, first, None, look)
        elif isinstance(value, str):
            worksheet.write_string(row, first, value, look)
        elif isinstance(value, date) and value.year >= 1900:
            worksheet.write_number(row, first, excel_serial(value), look)
        elif isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
            worksheet.write_number(row, first, value, look)
        else:
            worksheet.write_string(row, first, clean(shown(value)), look)

    def body(self, first: int) -> int:
        """The rows from row `first`; the last row written."""
        worksheet, page = self.worksheet, self.page
        widths = self.sheet.widths
        bordered = page is not None
        least = self.sheet.min_lines
        # Blank cells written where they have a look: a border, a fill, or unlocked on a protected sheet.
        keep = [bordered or c.fill is not None or c.editable for c in self.sheet.columns]
        number = first - 1
        looks: dict[tuple[str | None, str | None], list[Any]] = {}  # a row's formats, column by column
        write_string, write_number = worksheet.write_string, worksheet.write_number
        for number, row in enumerate(self.sheet.rows, first):
            values, fill, color = (row.values, row.fill, row.color) if isinstance(row, Row) else (row, None, None)
            plain = looks.get((fill, color))
            if plain is None:
                plain = looks[fill, color] = [self.look(n, fill, color, False) for n in range(len(self.sheet.columns))]
            for n, value in enumerate(values):
                if value is None or value == "":
                    if keep[n] or fill:
                        worksheet.write_blank(number, n, None, plain[n])
                elif isinstance(value, str):
                    text = clean(value)
                    write_string(
                        number, n, text, self.look(n, fill, color, True) if is_formula_like(text) else plain[n]
                    )
                elif isinstance(value, Percent):
                    write_number(number, n, value.fraction, plain[n])
                elif isinstance(value, bool):
                    worksheet.write_boolean(number, n, value, plain[n])
                elif isinstance(value, date):
                    if value.year < 1900:  # Excel has no date before 1900: the date as text
                        write_string(number, n, value.isoformat(), plain[n])
                    else:
                        write_number(number, n, excel_serial(value), plain[n])
                elif isinstance(value, (int, float)) and math.isfinite(value):
                    write_number(number, n, value, plain[n])
                else:
                    write_string(number, n, clean(str(value)), plain[n])
            if page:  # spreadsheets do not grow a row for wrapped text they did not lay out themselves
                worksheet.set_row(number, self.height(values, widths, least))
        return number

    def height(self, values: Sequence[Any], widths: Sequence[float], least: int = 1) -> float:
        """Points a row needs for its text wrapped at the columns' widths, in the page's font (at least
        `least` lines)."""
        size = self.page.size if self.page else 11
        lines, known = least, self.lines
        for n, (value, width) in enumerate(zip(values, widths, strict=False)):
            if isinstance(value, str):  # numbers and dates are one line (their columns are wide enough)
                if (
                    len(value) * size <= width * NARROW_POINTS_PER_UNIT + COLUMN_PADDING - CELL_PADDING
                    and "\n" not in value
                ):
                    continue  # the quick answer of text_lines, without the call
                count = known.get((n, value))
                if count is None:  # a category, a department, a status: measured once
                    count = known[n, value] = text_lines(value, width, size)
                lines = max(lines, count)
        return min(MAX_ROW_HEIGHT, round(lines * size * LINE_SPACING + 3, 1))


def excel_serial(value: date) -> float:
    """A date (or a date and time) as its day number in Excel's 1900 system, shown by the cell's format."""
    day = value.date() if isinstance(value, datetime) else value
    serial: float = (day - EXCEL_EPOCH).days
    if isinstance(value, datetime):
        serial += (value - datetime(day.year, day.month, day.day)).total_seconds() / 86400
    return serial


def shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Percent):
        return value.text
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def text_width(line: str) -> float:
    """A line's width in half-width characters, at C speed: ASCII counts 1, a Chinese character (three
    bytes of UTF-8) 2; other characters 1.5 or 2.5, at least as wide as they are: rows rather too tall
    than cut."""
    return (len(line) + len(line.encode("utf-8", "surrogatepass"))) / 2


def text_lines(text: str, width: float, size: float) -> int:
    """How many lines a cell `width` units wide needs for `text` in `size`-point type (a wide character
    takes one em, a narrow one half), where the column is narrowest (Excel's units)."""
    room = width * NARROW_POINTS_PER_UNIT + COLUMN_PADDING - CELL_PADDING  # points of text on a line
    if len(text) * size <= room and "\n" not in text:
        return 1  # fits even if every character is wide: most cells, found without measuring
    # Half-width characters on a line, one spare for punctuation kept off a line's start.
    per_line = max(1.0, room / (size / 2) - 1)
    return sum(max(1, math.ceil(text_width(line) / per_line)) for line in text.split("\n"))


def printable_width(page: Page, columns: int) -> float:
    """Width units that `columns` columns can take together across the page between the margins, at 100%."""
    width_mm = PAPER_MM[page.paper][0 if page.landscape else 1]
    points = width_mm / 25.4 * 72 - 2 * page.margin * 72 - columns * COLUMN_PADDING
    return points / POINTS_PER_UNIT


def with_application(data: bytes) -> bytes:
    """The workbook saying that ledger made it (XlsxWriter writes "Microsoft Excel" into app.xml), its zip
    entries dated 1980-01-01 as XlsxWriter dates them."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            payload = source.read(info.filename)
            if info.filename == "docProps/app.xml":
                payload = re.sub(rb"<Application>[^<]*</Application>", b"<Application>ledger</Application>", payload)
                payload = re.sub(rb"<AppVersion>[^<]*</AppVersion>", b"", payload)
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, payload, compresslevel=1)  # a quarter of the time of level 6, 30 % larger
    return out.getvalue()

"""Returned progress forms (SPEC 3.8): read as Excel and WPS save them back, checked cell by cell, planned
through the editor, and written only when nothing in that workbook is wrong."""

from __future__ import annotations

import contextlib
import hashlib
import re
import unicodedata
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ledger.core.errors import LedgerError, os_reason
from ledger.core.i18n import _
from ledger.core.model import DEFAULT_LABELS, Config, Item, Ledger, LogEntry, Record, Status, id_key
from ledger.core.office import check_zip
from ledger.core.schema import control_in, field_name
from ledger.core.supervision import (
    COLUMNS,
    FORM_FORMAT,
    LOCKED,
    META_SHEET,
    RECORD,
    RECORD_HEADER,
    SEAL,
    FormRow,
    added_since,
    cell_text,
    fingerprint,
    seal,
)
from ledger.edit.editor import Change, Current, after, close_item, editing, note_item, read_current, set_item, write


def get_column_letter(n: int) -> str:
    from openpyxl.utils import get_column_letter as letter

    return str(letter(n))


HEADER_ROWS = 12  # the header row is looked for this far down (a title, a unit row, rows a clerk added)
MAX_ROWS = 5_000


class Refusal(Record):
    """Why a cell (or the whole workbook) stops a return: where, as a clerk finds it, and what is wrong."""

    __slots__ = ("place", "message")
    place: str  # 办公室.xlsx 进度填报!H5
    message: str

    def __init__(self, place: str, message: str) -> None:
        self.place, self.message = place, message

    def __str__(self) -> str:
        return _("{place}: {message}").format(place=self.place, message=self.message)


class ReturnRow(Record):
    """One filled-in row: the form's record of the item, and what the department wrote."""

    __slots__ = ("record", "row", "note", "status", "done", "evidence", "places")
    record: FormRow
    row: int  # 1-based, as Excel shows it
    note: str | None
    status: Status | None  # 完成情况 when it differs from the form's
    done: date | None  # 完成日期
    evidence: list[str]
    places: dict[str, str]  # each column's cell of this row, as a clerk finds it (进度填报!J5)

    def __init__(self, record: FormRow, row: int, note: str | None, status: Status | None, done: date | None,
                 evidence: list[str], places: dict[str, str] | None = None) -> None:  # fmt: skip
        self.record, self.row, self.note, self.status = record, row, note, status
        self.done, self.evidence, self.places = done, evidence, places or {}


class Return(Record):
    """A returned workbook as read: its department, the day it reports for, its rows, and what is wrong in it."""

    __slots__ = ("path", "department", "made", "reported", "reported_at", "rows", "refusals", "digest")
    path: Path
    department: str
    made: date | None
    reported: date | None  # 填报日期, when filled in
    reported_at: str  # its cell, as a clerk finds it
    rows: list[ReturnRow]
    refusals: list[Refusal]
    digest: str  # of the file's bytes: the same workbook given twice (or a copy under another name) is one

    def __init__(self, path: Path) -> None:
        self.path, self.department, self.made, self.reported, self.reported_at = path, "", None, None, path.name
        self.rows, self.refusals, self.digest = [], [], ""


# --- Cells as Excel and WPS give them back ----------------------------------------------------------

WRITTEN_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?")


def cell_date(value: Any) -> date | None:
    """A date cell, a date as offices type it (2026-3-31, 2026/3/31, 2026.3.31, 2026年3月31日, full-width
    digits, a time after it), or an Excel day number; None for an empty cell; ValueError for anything else."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 20_000 < value < 80_000:
        from openpyxl.utils.datetime import from_excel

        return from_excel(value).date()  # type: ignore[no-any-return]
    text = unicodedata.normalize("NFKC", str(value)).strip()
    match = WRITTEN_DATE.fullmatch(text)
    if match is None:
        raise ValueError(text)
    return date(*map(int, match.groups()))  # ValueError for 2026-02-30


def same_text(written: str, returned: Any, header: str) -> bool:
    """A locked cell as it came back equals what the form wrote (a date cell or its text alike; 编号 3 for 03)."""
    text = cell_text(returned)
    if header == "完成时限" and written:
        try:
            return cell_date(returned) == date.fromisoformat(written)
        except ValueError:
            return False
    if header == "编号":
        text = unicodedata.normalize("NFKC", text)
        return text != "" and re.fullmatch(r"[0-9A-Za-z._]+", text) is not None and id_key(text) == id_key(written)
    return text == written


def status_of(text: str, config: Config) -> Status | None:
    """完成情况: a status by the ledger's label, the default label or its code."""
    for status in Status:
        if text in (config.label(status), DEFAULT_LABELS[status], status.value):
            return status
    return None


# --- Reading a workbook -----------------------------------------------------------------------------


def read_return(path: Path, ledger: Ledger) -> Return:
    """A returned form as data, every problem in it as a Refusal with its sheet and cell. Nothing a file holds
    stops the run: whatever reading it raises, that workbook is refused by name and the others go on."""
    found = Return(path)
    name = path.name
    try:
        from openpyxl import load_workbook
    except ImportError:
        raise LedgerError(_("reading returned forms needs openpyxl: pip install openpyxl")) from None
    try:
        check_zip(path, name)  # size and expansion first: a zip bomb is never opened
        found.digest = file_digest(path)
    except LedgerError as e:
        message = e.message
        for prefix in (f"{name}: ", f"{name}："):
            message = message.removeprefix(prefix)
        found.refusals.append(Refusal(name, message))
        return found
    except OSError as e:  # unreadable, or gone since it was named
        found.refusals.append(Refusal(name, unreadable(e)))
        return found
    try:
        book = load_workbook(path, data_only=True, read_only=True)  # rows streamed, never a whole sheet held
    except Exception as e:  # zipfile, XML and openpyxl's own errors: a file that is no workbook
        found.refusals.append(Refusal(name, unreadable(e)))
        return found
    try:
        read_book(book, name, ledger, found)
    except AlteredRecord as e:
        found.rows = []
        message = _("its hidden record (sheet {sheet}) was altered and cannot be read ({error}); make a new form")
        found.refusals.append(Refusal(name, message.format(sheet=META_SHEET, error=e.message)))
    except Exception as e:  # a damaged or hostile part, raised while its rows stream in
        found.rows = []
        found.refusals.append(Refusal(name, unreadable(e)))
    finally:
        with contextlib.suppress(Exception):
            book.close()
    return found


def file_digest(path: Path) -> str:
    from ledger.core.office import read_bytes

    try:
        return hashlib.sha256(read_bytes(path)).hexdigest()
    except OSError as e:
        raise LedgerError(_("cannot be read: {reason}").format(reason=os_reason(e))) from None


class AlteredRecord(LedgerError):
    """The hidden record is not as `ledger forms` wrote it."""


def unreadable(error: BaseException) -> str:
    """Why a workbook cannot be read, in words a clerk can act on (never the name of an exception class)."""
    import zipfile
    import zlib
    from xml.etree.ElementTree import ParseError

    if isinstance(error, OSError) and error.errno is not None:  # the system's: openpyxl raises OSError("…") too
        return _("cannot be read: {reason}").format(reason=os_reason(error))
    if isinstance(error, MemoryError):
        return _("is too large to read; save it again from Excel or WPS as .xlsx")
    if isinstance(error, (zipfile.BadZipFile, zlib.error, EOFError)):
        return _("is damaged or incomplete (a download or a save cut short?); save it again from Excel or WPS as .xlsx")
    if isinstance(error, ParseError) or "xml" in type(error).__module__.lower():  # expat's, lxml's, et_xmlfile's
        return _("a part of it is damaged or is not what Excel writes (cut off, or declaring entities); save it "
                 "again from Excel or WPS as .xlsx")  # fmt: skip
    return _("cannot be read as an Excel workbook (.xlsx); save it again from Excel or WPS as .xlsx")


def first_cells(sheet: Any, rows: int, columns: int) -> list[list[Any]]:
    """The top-left cells of a sheet, read as a stream (read-only mode has no random access worth using)."""
    grid = [list(r) + [None] * (columns - len(r)) for r in sheet.iter_rows(max_row=rows, max_col=columns,
                                                                             values_only=True)]  # fmt: skip
    return grid + [[None] * columns for _n in range(rows - len(grid))]


def read_book(book: Any, name: str, ledger: Ledger, found: Return) -> None:
    meta = next((s for s in book.worksheets if cell_text(first_cells(s, 1, 2)[0][1]).startswith("ledger-form/")),
                None)  # fmt: skip
    if meta is None:
        found.refusals.append(
            Refusal(name, _("is not a form made by `ledger forms`: it holds no record of its ledger"))
        )
        return
    cells = [list(row) for row in meta.iter_rows(values_only=True)]
    facts = {cell_text(row[0]): cell_text(row[1]) if len(row) > 1 else "" for row in cells[:20] if row and row[0]}
    if facts.get("format") != FORM_FORMAT:
        found.refusals.append(Refusal(name, _("is a form of another version of ledger ({format}); make a new form")
                                      .format(format=facts.get("format"))))  # fmt: skip
        return
    data = ledger.config.data
    if (facts.get("ledger"), facts.get("issuer")) != (data.get("title", ""), data.get("issuer", "")):
        message = _("is a form of another ledger ({title}), not of this one ({ours}); nothing of it was applied")
        found.refusals.append(Refusal(name, message.format(title=facts.get("ledger"), ours=data.get("title"))))
        return
    if facts.get(SEAL) != seal(cells):
        raise AlteredRecord(_("its cells are not as the form was made"))
    records = read_records(cells)
    found.department = facts.get("department", "")
    try:
        found.made = date.fromisoformat(facts.get("made", ""))
    except ValueError:
        raise AlteredRecord(_("made: '{value}' is not a date").format(value=facts.get("made", ""))) from None
    sheets = [s for s in book.worksheets if s is not meta]
    located = next(((s, r) for s in sheets if (r := header_row(s)) is not None), None)
    if located is None:
        found.refusals.append(Refusal(name, _("has no sheet with the form's header ({headers})").format(
            headers="、".join(COLUMNS))))  # fmt: skip
        return
    sheet, header = located
    where = f"{name} {sheet.title}!"
    read_reported(sheet, header, where, found)
    read_rows(sheet, header, where, records, ledger.config, found)


def read_records(cells: list[list[Any]]) -> dict[tuple[Any, ...], FormRow]:
    """Each row's record, after the header row RECORD_HEADER: its cells, then the marks of its log's entries."""
    at = next((n for n, row in enumerate(cells) if row and cell_text(row[0]) == RECORD[0]), None)
    if at is None:
        raise AlteredRecord(_("the header of its rows is missing"))
    width = len(RECORD_HEADER) - 1
    records: dict[tuple[Any, ...], FormRow] = {}
    for row in cells[at + 1 :]:
        values = [cell_text(v) for v in row] + [""] * (width - len(row))
        if not values[0]:
            continue
        item_id, rel, status, mark = values[: len(RECORD)]
        texts = tuple(values[len(RECORD) : len(RECORD) + len(LOCKED)])
        marks = tuple(" ".join(values[width:]).split())
        if status not in {s.value for s in Status}:
            raise AlteredRecord(_("item {id}: '{value}' is not a status").format(id=item_id, value=status))
        records[id_key(item_id)] = FormRow(item_id, rel, status, mark, marks, texts, values[width - 1])
    return records


def header_row(sheet: Any) -> int | None:
    """The 1-based row holding the form's headers in order (a sheet renamed or with rows added above is fine)."""
    for r, row in enumerate(first_cells(sheet, HEADER_ROWS, len(COLUMNS)), 1):
        if [cell_text(v) for v in row] == list(COLUMNS):
            return r
    return None


REPORTED_LABEL = re.compile(r"填报日期\s*[：:]?\s*(.*)", re.S)


def read_reported(sheet: Any, header: int, where: str, found: Return) -> None:
    """填报日期, beside its label above the header, or typed into the label's cell after it (填报日期：2026年3月15日);
    the 填报单位 as the form wrote it."""
    for r, row in enumerate(first_cells(sheet, header - 1, len(COLUMNS)), 1):
        for c, value in enumerate(row[:-1]):
            label = cell_text(value)
            unit = label.partition("：")[2].strip()
            if label.startswith("填报单位") and unit != found.department:
                message = _("填报单位 {unit} is not the department of the form's record ({department}): one of them "
                            "was altered; make a new form")  # fmt: skip
                found.refusals.append(Refusal(f"{where}{get_column_letter(c + 1)}{r}", message.format(
                    unit=unit, department=found.department)))  # fmt: skip
            typed = REPORTED_LABEL.fullmatch(label)
            if typed is None:
                continue
            beside, in_label = row[c + 1], typed.group(1).strip()
            at = f"{where}{get_column_letter(c + 2)}{r}"
            given = [(at, beside)] if cell_text(beside) else []
            given += [(f"{where}{get_column_letter(c + 1)}{r}", in_label)] if in_label else []
            found.reported_at = given[0][0] if given else at
            dates = []
            for place, written in given:
                try:
                    dates.append(cell_date(written))
                except ValueError:
                    found.refusals.append(Refusal(place, unreadable_date("填报日期", written)))
            if len(set(dates)) > 1:
                message = _("填报日期 is given twice, as {first} and {second}; keep one")
                found.refusals.append(Refusal(at, message.format(first=dates[0], second=dates[1])))
            elif dates:
                found.reported = dates[0]


def unreadable_date(header: str, value: Any) -> str:
    return _("{header}: '{value}' is not a date; write it as 2026-03-31").format(header=header, value=cell_text(value))


def read_rows(sheet: Any, header: int, where: str, records: dict[tuple[Any, ...], FormRow], config: Config,
              found: Return) -> None:  # fmt: skip
    seen: dict[tuple[Any, ...], int] = {}
    at = {h: n for n, h in enumerate(COLUMNS)}
    for r, values in enumerate(sheet.iter_rows(min_row=header + 1, max_row=header + MAX_ROWS, max_col=len(COLUMNS),
                                               values_only=True), header + 1):  # fmt: skip
        values = tuple(values) + (None,) * (len(COLUMNS) - len(values))
        texts = [cell_text(v) for v in values]
        texts[0] = unicodedata.normalize("NFKC", texts[0])  # ０８ typed with a Chinese input method is 08
        if texts[0].startswith("填写说明"):
            break
        if not any(texts):
            continue  # a blank row, added or left

        def place(header: str, r: int = r) -> str:
            return f"{where}{get_column_letter(at[header] + 1)}{r}"

        refusals = found.refusals
        if not texts[0]:
            refusals.append(Refusal(place("编号"), _("编号 is empty; the row cannot be matched to an item")))
            continue
        key = id_key(texts[0]) if re.fullmatch(r"[0-9A-Za-z._]+", texts[0]) else None
        record = records.get(key) if key else None
        if record is None:
            message = _("编号 '{id}' is not an item of this form; the ledger's columns must stay as they were")
            refusals.append(Refusal(place("编号"), message.format(id=texts[0])))
            continue
        assert key is not None  # a record was found by it
        if key in seen:
            message = _("item {id} is on rows {first} and {row}; keep one row per item")
            refusals.append(Refusal(place("编号"), message.format(id=record.id, first=seen[key], row=r)))
            continue
        seen[key] = r
        for n, header_name in enumerate(LOCKED):
            if not same_text(record.cells[n], values[n], header_name):
                message = _("{header} was changed (the form had '{was}'); the ledger's columns are locked")
                refusals.append(Refusal(place(header_name), message.format(header=header_name,
                                                                          was=short(record.cells[n]))))  # fmt: skip
        note = texts[at["本期进展"]] or None
        for header_name, prose in (("本期进展", True), ("佐证材料", True)):
            found_char = control_in(texts[at[header_name]], prose=prose)
            if found_char is not None:
                message = _("{header} holds U+{number}, a control or invisible character (it can hide or reorder "
                            "text); delete it, or type the text again")  # fmt: skip
                refusals.append(Refusal(place(header_name), message.format(
                    header=header_name, number=f"{ord(found_char.group()):04X}")))  # fmt: skip
        status = None
        written = texts[at["完成情况"]]
        if written:
            status = status_of(written, config)
            if status is None:
                message = _("完成情况 '{value}' is not a status; choose one of {labels}")
                labels = "、".join(config.label(s) for s in Status)
                refusals.append(Refusal(place("完成情况"), message.format(value=written, labels=labels)))
            elif status.value == record.status:
                status = None  # as the form had it: no change asked
        done = None
        try:
            done = cell_date(values[at["完成日期"]])
        except ValueError:
            refusals.append(Refusal(place("完成日期"), unreadable_date("完成日期", values[at["完成日期"]])))
        evidence = [line.strip() for line in re.split(r"[\n；;]", texts[at["佐证材料"]]) if line.strip()]
        done_label = config.label(Status.DONE)
        if status is Status.DONE and done is None and not any(p.place == place("完成日期") for p in refusals):
            message = _("完成日期 is needed where 完成情况 is {done} (销号)")
            refusals.append(Refusal(place("完成日期"), message.format(done=done_label)))
        if done is not None and status is not Status.DONE:
            message = _("完成日期 is given but 完成情况 is not {done}; choose {done} or clear the date")
            refusals.append(Refusal(place("完成日期"), message.format(done=done_label)))
        places = {header_name: place(header_name) for header_name in COLUMNS}
        found.rows.append(ReturnRow(record, r, note, status, done, evidence, places))


def short(text: str) -> str:
    return text if len(text) <= 30 else text[:30] + "…"


# --- Planning and writing ----------------------------------------------------------------------------


class Planned(Record):
    """What applying a return does to one item, in words (nothing when the item already holds it all)."""

    __slots__ = ("item_id", "title", "parts")
    item_id: str
    title: str
    parts: list[str]

    def __init__(self, item_id: str, title: str, parts: list[str]) -> None:
        self.item_id, self.title, self.parts = item_id, title, parts


def plan_row(current: Current, row: ReturnRow, department: str, day: date, place: str
             ) -> tuple[Current | None, list[str], list[Refusal]]:  # fmt: skip
    """The edits of one row on the item as it is now (earlier returns of this run included), through the editor.
    What the row asks that the log shows was done already from this form (by this department, since the form
    was made: an earlier run, the same workbook twice, a copy of it) is not done again."""
    item, record = current.item, row.record
    config = current.config
    if department not in item.department:
        message = _(
            "the form is {department}'s, but item {id} names {departments} as responsible: the item "
            "was reassigned since the form was made, or the form's record was altered; make a new form"
        )
        departments = "、".join(item.department) or _("no department")
        return None, [], [Refusal(place, message.format(department=department, id=item.id, departments=departments))]
    since = added_since(item, record.marks)
    if fingerprint(item) != record.fingerprint or since is None:
        message = _("item {id} changed in the ledger since the form was made (its task, measures, deadline, "
                    "departments or earlier progress); make a new form for it")  # fmt: skip
        return None, [], [Refusal(place, message.format(id=item.id))]
    ours = [entry for entry in since if entry.by == department]
    asked = row.status
    if asked is not None and done_already(asked, row, ours):
        asked = None  # applied from this form before; what became of it since is the ledger's
    if asked is not None and item.status.value not in (record.status, asked.value):
        message = _("item {id}'s status changed in the ledger since the form was made ({was} → {now}); "
                    "make a new form for it")  # fmt: skip
        was, now = config.label(Status(record.status)), config.label(item.status)
        return None, [], [Refusal(place, message.format(id=item.id, was=was, now=now))]
    parts: list[str] = []
    changed: Current | None = None

    def step(change: Change) -> None:
        nonlocal current, changed
        current = changed = after(current, change)

    new_evidence = [e for e in dict.fromkeys(row.evidence) if e not in current.item.evidence]
    if asked is Status.DONE and current.item.status is not Status.DONE:
        refused = closing_refusals(current.item, config, row, new_evidence)
        if refused:
            return None, [], refused
    try:
        noted = any(e.kind is None and e.note == row.note for e in ours) or any(
            e.kind is None and e.note == row.note and e.date == day and e.by == department for e in current.item.log
        )
        if row.note is not None and not noted:
            try:
                step(note_item(current, day, row.note, by=department, in_order=True))
            except LedgerError as e:  # what the editor refuses of it is the note's: said at its cell
                return None, [], [Refusal(row.places.get("本期进展", place), e.message)]
            parts.append(_("note of {date} by {by}: {note}").format(date=day.isoformat(), by=department,
                                                                    note=row.note))  # fmt: skip
        if asked is Status.DONE and current.item.status is not Status.DONE:
            assert row.done is not None  # read_rows refuses 已完成 without 完成日期
            step(close_item(current, row.done, evidence=tuple(new_evidence), by=department, in_order=True))
            parts.append(_("销号 on {date}").format(date=row.done.isoformat()))
            parts += [_("evidence: {evidence}").format(evidence="、".join(new_evidence))] if new_evidence else []
            new_evidence = []
        elif asked is Status.DONE and current.item.closed != row.done:
            message = _("item {id} is already closed, on {closed}, not on {date}")
            return None, [], [Refusal(row.places.get("完成日期", place), message.format(
                id=item.id, closed=current.item.closed, date=row.done))]  # fmt: skip
        elif asked is not None and asked is not Status.DONE and asked is not current.item.status:
            was, now = config.label(current.item.status), config.label(asked)
            step(set_item(current, day, {"status": asked}, by=department))
            parts.append(_("status {was} → {now}").format(was=was, now=now))
        if new_evidence:
            step(set_item(current, day, {"evidence": new_evidence}))
            parts.append(_("evidence: {evidence}").format(evidence="、".join(new_evidence)))
    except LedgerError as e:  # whatever the editor refuses (a note that would make the file too large …)
        return None, [], [Refusal(place, e.message)]
    return changed, parts, []


def done_already(asked: Status, row: ReturnRow, ours: list[LogEntry]) -> bool:
    """This status change, or this 销号, is in the log as made from this form since it was made."""
    if asked is Status.DONE:
        return any(e.kind == "close" and e.date == row.done for e in ours)
    return any(e.kind == "status" and e.to == asked.value for e in ours)


def closing_refusals(item: Item, config: Config, row: ReturnRow, new_evidence: list[str]) -> list[Refusal]:
    """What a 销号 from the form lacks, said to the department at the cell to fill: 佐证材料 where the ledger's
    close_requires names evidence, else the fields only the office fills; a 完成日期 before the item's reopening."""
    refusals = []
    done_at = row.places.get("完成日期", "")
    reopened = [e.date for e in item.log if e.kind == "reopen"]
    if reopened and row.done is not None and row.done < max(reopened):
        message = _("完成日期 {date} is before item {id} was reopened ({reopened}); a 销号 comes after the "
                    "reopening it ends: write the day it was done again")  # fmt: skip
        refusals.append(Refusal(done_at, message.format(date=row.done, id=item.id, reopened=max(reopened))))
    for key in config.close_requires:
        value = [*item.evidence, *new_evidence] if key == "evidence" else getattr(item, key, None)
        if value not in (None, "", [], {}):
            continue
        if key == "evidence":
            message = _("佐证材料 is needed to close item {id} (销号): the ledger requires evidence of every closed "
                        "item; name the documents in this cell, one per line")  # fmt: skip
            refusals.append(Refusal(row.places.get("佐证材料", done_at), message.format(id=item.id)))
        else:
            message = _(
                "item {id} cannot be closed yet: the ledger requires its {field} of every closed item, "
                "and it has none; the office fills it in the ledger, then this form can be applied again"
            )
            refusals.append(Refusal(row.places.get("完成情况", done_at), message.format(
                id=item.id, field=field_name(key))))  # fmt: skip
    return refusals


class Applied(Record):
    """A return's outcome: the workbook read, the day its notes are dated, what it changes item by item, why it
    was refused if it was, what the clerk should know of it, and the earlier workbook of the run it repeats."""

    __slots__ = ("ret", "day", "planned", "refusals", "warnings", "same_as")
    ret: Return
    day: date
    planned: list[Planned]
    refusals: list[Refusal]
    warnings: list[str]
    same_as: str  # the file name of the same workbook given before in this run, or ""

    def __init__(self, ret: Return, day: date, planned: list[Planned], refusals: list[Refusal],
                 warnings: list[str] | None = None, same_as: str = "") -> None:  # fmt: skip
        self.ret, self.day, self.planned, self.refusals = ret, day, planned, refusals
        self.warnings, self.same_as = warnings or [], same_as


def report_day(ret: Return, day: date | None, today: date) -> tuple[date, list[str]]:
    """The day a return's notes are dated: its 填报日期, else --date, else today; and what is odd about it."""
    warnings = []
    if ret.reported is not None:
        if day is not None and day != ret.reported:
            warnings.append(_("{file}: its 填报日期 {reported} dates its notes, not --date {day} (--date is for "
                              "returns without a 填报日期)").format(file=ret.path.name, reported=ret.reported,
                                                                  day=day))  # fmt: skip
        return ret.reported, warnings
    if day is not None and ret.made is not None and day < ret.made and ret.rows:
        warnings.append(_("{file}: --date {day} is before the form was made ({made}); its notes are dated so")
                        .format(file=ret.path.name, day=day, made=ret.made))  # fmt: skip
    return day or today, warnings


def check_dates(ret: Return, today: date) -> None:
    """Dates a return cannot mean: a 填报日期 after today or before the form was made, a 完成日期 after today."""
    if ret.reported is not None and ret.reported > today:
        message = _("填报日期 {date} is after today ({today})")
        ret.refusals.append(Refusal(ret.reported_at, message.format(date=ret.reported, today=today)))
    if ret.reported is not None and ret.made is not None and ret.reported < ret.made:
        message = _("填报日期 {date} is before the form was made ({made}); write the day it is sent back")
        ret.refusals.append(Refusal(ret.reported_at, message.format(date=ret.reported, made=ret.made)))
    for row in ret.rows:
        if row.done is not None and row.done > today:
            message = _("完成日期 {date} is after today ({today}); an item is closed once it is done")
            ret.refusals.append(Refusal(row.places.get("完成日期", ret.path.name), message.format(
                date=row.done, today=today)))  # fmt: skip


def apply_returns(root: Path, ledger: Ledger, paths: list[Path], day: date | None, today: date,
                  dry_run: bool) -> tuple[list[Applied], list[Change]]:  # fmt: skip
    """Every return, oldest report first: each checked whole and planned on the item files as they are (earlier
    returns of the same run included), then written — or, with any refusal, nothing of that workbook is. A
    workbook that cannot be read, or is wrong, is refused by name; the others are applied all the same."""
    returns = [read_return(path, ledger) for path in paths]
    for ret in returns:
        check_dates(ret, today)
    days = {id(ret): report_day(ret, day, today) for ret in returns}
    dated = sorted(returns, key=lambda r: (days[id(r)][0], r.path.name))
    results = []
    with editing(root) as config:
        pending: dict[str, Current] = {}  # item file -> the item as the returns planned so far leave it
        given: dict[str, str] = {}  # a workbook's digest -> the file it was first given as
        for ret in dated:
            when, warnings = days[id(ret)]
            if ret.digest and ret.digest in given and not ret.refusals:
                results.append(Applied(ret, when, [], [], warnings, same_as=given[ret.digest]))
                continue
            refusals, planned = list(ret.refusals), []
            states = dict(pending)
            for row in ret.rows if not refusals else []:
                place = _("{file} row {row}").format(file=ret.path.name, row=row.row)
                try:
                    current = states.get(row.record.path) or pending_current(root, config, row.record, states)
                except LedgerError as e:
                    refusals.append(Refusal(place, e.message))
                    continue
                changed, parts, refused = plan_row(current, row, ret.department, when, place)
                refusals += refused
                if changed is not None:
                    states[current.item.path] = changed
                if parts:
                    planned.append(Planned(current.item.id, current.item.title, parts))
            if not refusals:
                for rel, state in states.items():
                    if state is not pending.get(rel):
                        pending[rel] = state
                if ret.digest:
                    given[ret.digest] = ret.path.name
            results.append(Applied(ret, when, planned if not refusals else [], refusals, warnings))
        changes = [final_change(state) for state in pending.values()]
        if not dry_run:
            for change in changes:
                try:
                    write(change)
                except OSError as e:
                    raise LedgerError(
                        _("cannot write {path}: {reason}").format(path=change.path, reason=os_reason(e))
                    ) from None
    return results, changes


def pending_current(root: Path, config: Config, record: FormRow, states: dict[str, Current]) -> Current:
    current = read_current(root, config, record.id)
    return states.get(current.item.path, current)


def final_change(state: Current) -> Change:
    """The file's whole change over every return: from the text on disk to the text planned last."""
    source = state.original or state.source
    old = ("\ufeff" if source.bom else "") + source.text
    new = ("\ufeff" if state.source.bom else "") + state.source.text
    return Change(state.root, state.item.path, old, new, f"applied returns to item {state.item.id}",
                  read_as=state.read_as)  # fmt: skip

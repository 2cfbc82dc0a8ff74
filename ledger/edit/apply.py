"""Returned progress forms (SPEC 3.8): read as Excel and WPS save them back, checked cell by cell, planned
through the editor, and written only when nothing in that workbook is wrong."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ledger.core.errors import LedgerError, os_reason
from ledger.core.i18n import _
from ledger.core.model import DEFAULT_LABELS, Config, Ledger, Record, Status, id_key
from ledger.core.office import check_zip
from ledger.core.schema import control_in
from ledger.core.supervision import COLUMNS, FORM_FORMAT, LOCKED, META_SHEET, RECORD, FormRow, fingerprint
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
        return f"{self.place}: {self.message}"


class ReturnRow(Record):
    """One filled-in row: the form's record of the item, and what the department wrote."""

    __slots__ = ("record", "row", "note", "status", "done", "evidence", "done_at")
    record: FormRow
    row: int  # 1-based, as Excel shows it
    note: str | None
    status: Status | None  # 完成情况 when it differs from the form's
    done: date | None  # 完成日期
    evidence: list[str]
    done_at: str  # 完成日期's cell

    def __init__(self, record: FormRow, row: int, note: str | None, status: Status | None, done: date | None,
                 evidence: list[str], done_at: str = "") -> None:  # fmt: skip
        self.record, self.row, self.note, self.status = record, row, note, status
        self.done, self.evidence, self.done_at = done, evidence, done_at


class Return(Record):
    """A returned workbook as read: its department, the day it reports for, its rows, and what is wrong in it."""

    __slots__ = ("path", "department", "made", "reported", "reported_at", "rows", "refusals")
    path: Path
    department: str
    made: date | None
    reported: date | None  # 填报日期, when filled in
    reported_at: str  # its cell, as a clerk finds it
    rows: list[ReturnRow]
    refusals: list[Refusal]

    def __init__(self, path: Path) -> None:
        self.path, self.department, self.made, self.reported, self.reported_at = path, "", None, None, path.name
        self.rows, self.refusals = [], []


# --- Cells as Excel and WPS give them back ----------------------------------------------------------

WRITTEN_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?")


def cell_text(value: Any) -> str:
    """A cell as text: numbers without a trailing .0, dates as YYYY-MM-DD, line ends as \\n, trimmed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


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
        return text != "" and id_key(text) == id_key(written)
    return text == written


def status_of(text: str, config: Config) -> Status | None:
    """完成情况: a status by the ledger's label, the default label or its code."""
    for status in Status:
        if text in (config.label(status), DEFAULT_LABELS[status], status.value):
            return status
    return None


# --- Reading a workbook -----------------------------------------------------------------------------


def read_return(path: Path, ledger: Ledger) -> Return:
    """A returned form as data, every problem in it as a Refusal with its sheet and cell."""
    found = Return(path)
    name = path.name
    try:
        from openpyxl import load_workbook
        from openpyxl.utils import get_column_letter  # noqa: F401 - imported here for the readers below
    except ImportError:
        raise LedgerError(_("reading returned forms needs openpyxl: pip install openpyxl")) from None
    try:
        check_zip(path, name)  # size and expansion first: a zip bomb is never opened
    except LedgerError as e:
        found.refusals.append(Refusal(name, e.message.removeprefix(f"{name}: ")))
        return found
    try:
        book = load_workbook(path, data_only=True, read_only=True)  # rows streamed, never a whole sheet held
    except Exception as e:  # zipfile, XML and openpyxl's own errors: a file that is no workbook
        found.refusals.append(Refusal(name, _("is not an Excel workbook ({error})").format(error=type(e).__name__)))
        return found
    try:
        read_book(book, name, ledger, found)
    except (ValueError, TypeError, KeyError, IndexError) as e:  # a record altered beyond reading
        message = _("its hidden record (sheet {sheet}) was altered and cannot be read ({error}); make a new form")
        found.refusals.append(Refusal(name, message.format(sheet=META_SHEET, error=str(e)[:80])))
    finally:
        book.close()
    return found


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
    facts, records = read_meta(meta)
    if facts.get("format") != FORM_FORMAT:
        found.refusals.append(Refusal(name, _("is a form of another version of ledger ({format})").format(
            format=facts.get("format"))))  # fmt: skip
        return
    data = ledger.config.data
    if (facts.get("ledger"), facts.get("issuer")) != (data.get("title", ""), data.get("issuer", "")):
        message = _("is a form of another ledger ({title}), not of this one ({ours}); nothing of it was applied")
        found.refusals.append(Refusal(name, message.format(title=facts.get("ledger"), ours=data.get("title"))))
        return
    found.department = facts.get("department", "")
    found.made = date.fromisoformat(facts.get("made", ""))  # ValueError: an altered record
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


def read_meta(sheet: Any) -> tuple[dict[str, str], dict[tuple[Any, ...], FormRow]]:
    facts: dict[str, str] = {}
    records: dict[tuple[Any, ...], FormRow] = {}
    rows = sheet.iter_rows(values_only=True)
    for row in rows:
        if not row or row[0] is None:
            break
        facts[cell_text(row[0])] = "" if len(row) < 2 or row[1] is None else str(row[1])
    for row in rows:
        if row and cell_text(row[0]) == RECORD[0]:
            break
    width = len(RECORD) + len(LOCKED) + 1
    for row in rows:
        values = [cell_text(v) if n != 0 else str(v or "") for n, v in enumerate(list(row)[:width])]
        values += [""] * (width - len(values))
        if not values[0]:
            continue
        item_id, rel, status, count, mark = values[: len(RECORD)]
        cells = tuple(values[len(RECORD) : len(RECORD) + len(LOCKED)])
        records[id_key(item_id)] = FormRow(item_id, rel, status, int(count or 0), mark, cells, values[-1])
    return facts, records


def header_row(sheet: Any) -> int | None:
    """The 1-based row holding the form's headers in order (a sheet renamed or with rows added above is fine)."""
    for r, row in enumerate(first_cells(sheet, HEADER_ROWS, len(COLUMNS)), 1):
        if [cell_text(v) for v in row] == list(COLUMNS):
            return r
    return None


def read_reported(sheet: Any, header: int, where: str, found: Return) -> None:
    """填报日期, beside its label above the header; the 填报单位 as the form wrote it."""
    for r, row in enumerate(first_cells(sheet, header - 1, len(COLUMNS)), 1):
        for c, value in enumerate(row[:-1]):
            label = cell_text(value)
            unit = label.partition("：")[2].strip()
            if label.startswith("填报单位") and unit != found.department:
                message = _("填报单位 {unit} is not the department of the form's record ({department}): one of them "
                            "was altered; make a new form")  # fmt: skip
                found.refusals.append(Refusal(f"{where}{get_column_letter(c + 1)}{r}", message.format(
                    unit=unit, department=found.department)))  # fmt: skip
            if label.rstrip("：:") != "填报日期":
                continue
            at = f"{where}{get_column_letter(c + 2)}{r}"
            found.reported_at = at
            try:
                found.reported = cell_date(row[c + 1])
            except ValueError:
                found.refusals.append(Refusal(at, unreadable_date("填报日期", row[c + 1])))


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
        if note is not None and control_in(note, prose=True):
            refusals.append(Refusal(place("本期进展"), _("本期进展 holds a control character; type it again")))
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
        if status is Status.DONE and done is None and not any(p.place == place("完成日期") for p in refusals):
            refusals.append(Refusal(place("完成日期"), _("完成日期 is needed where 完成情况 is 已完成 (销号)")))
        if done is not None and status is not Status.DONE:
            message = _("完成日期 is given but 完成情况 is not 已完成; choose 已完成 or clear the date")
            refusals.append(Refusal(place("完成日期"), message))
        found.rows.append(ReturnRow(record, r, note, status, done, evidence, place("完成日期")))


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
    """The edits of one row on the item as it is now (earlier returns of this run included), through the editor."""
    item, record = current.item, row.record
    config = current.config
    if department not in item.department:
        message = _(
            "the form is {department}'s, but item {id} names {departments} as responsible: the item "
            "was reassigned since the form was made, or the form's record was altered; make a new form"
        )
        departments = "、".join(item.department) or _("no department")
        return None, [], [Refusal(place, message.format(department=department, id=item.id, departments=departments))]
    if len(item.log) < record.log_count or fingerprint(item, record.log_count) != record.fingerprint:
        message = _("item {id} changed in the ledger since the form was made (its task, measures, deadline, "
                    "departments or earlier progress); make a new form for it")  # fmt: skip
        return None, [], [Refusal(place, message.format(id=item.id))]
    if row.status is not None and item.status.value not in (record.status, row.status.value):
        message = _("item {id}'s status changed in the ledger since the form was made ({was} → {now}); "
                    "make a new form for it")  # fmt: skip
        was, now = config.label(Status(record.status)), config.label(item.status)
        return None, [], [Refusal(place, message.format(id=item.id, was=was, now=now))]
    parts: list[str] = []
    changed: Current | None = None

    def step(change: Change) -> None:
        nonlocal current, changed
        current = changed = after(current, change)

    if row.note is not None and not any(
        e.kind is None and e.date == day and e.note == row.note and e.by == department for e in current.item.log
    ):
        step(note_item(current, day, row.note, by=department, in_order=True))
        parts.append(_("note of {date} by {by}: {note}").format(date=day.isoformat(), by=department, note=row.note))
    new_evidence = [e for e in dict.fromkeys(row.evidence) if e not in current.item.evidence]
    try:
        if row.status is Status.DONE and current.item.status is not Status.DONE:
            step(close_item(current, row.done, evidence=tuple(new_evidence), by=department, in_order=True))  # type: ignore[arg-type]
            parts.append(_("销号 on {date}").format(date=row.done.isoformat()))  # type: ignore[union-attr]
            parts += [_("evidence: {evidence}").format(evidence="、".join(new_evidence))] if new_evidence else []
            new_evidence = []
        elif row.status is Status.DONE and current.item.closed != row.done:
            message = _("item {id} is already closed, on {closed}, not on {date}")
            return None, [], [Refusal(place, message.format(id=item.id, closed=current.item.closed, date=row.done))]
        elif row.status is not None and row.status is not current.item.status:
            was, now = config.label(current.item.status), config.label(row.status)
            step(set_item(current, day, {"status": row.status}, by=department))
            parts.append(_("status {was} → {now}").format(was=was, now=now))
        if new_evidence:
            step(set_item(current, day, {"evidence": new_evidence}))
            parts.append(_("evidence: {evidence}").format(evidence="、".join(new_evidence)))
    except LedgerError as e:
        return None, [], [Refusal(place, e.message)]
    return changed, parts, []


class Applied(Record):
    """A return's outcome: the workbook read, what it changes item by item, and why it was refused if it was."""

    __slots__ = ("ret", "day", "planned", "refusals")
    ret: Return
    day: date
    planned: list[Planned]
    refusals: list[Refusal]

    def __init__(self, ret: Return, day: date, planned: list[Planned], refusals: list[Refusal]) -> None:
        self.ret, self.day, self.planned, self.refusals = ret, day, planned, refusals


def apply_returns(root: Path, ledger: Ledger, paths: list[Path], day: date | None, today: date,
                  dry_run: bool) -> tuple[list[Applied], list[Change]]:  # fmt: skip
    """Every return, oldest report first: each checked whole and planned on the item files as they are (earlier
    returns of the same run included), then written — or, with any refusal, nothing of that workbook is."""
    returns = [read_return(path, ledger) for path in paths]
    for ret in returns:
        if ret.reported is not None and ret.reported > today:
            message = _("填报日期 {date} is after today ({today})")
            ret.refusals.append(Refusal(ret.reported_at, message.format(date=ret.reported, today=today)))
        if ret.reported is not None and ret.made is not None and ret.reported < ret.made:
            message = _("填报日期 {date} is before the form was made ({made}); write the day it is sent back")
            ret.refusals.append(Refusal(ret.reported_at, message.format(date=ret.reported, made=ret.made)))
        for row in ret.rows:
            if row.done is not None and row.done > today:
                message = _("完成日期 {date} is after today ({today}); an item is closed once it is done")
                ret.refusals.append(Refusal(row.done_at, message.format(date=row.done, today=today)))
    dated = sorted(returns, key=lambda r: (day or r.reported or today, r.path.name))
    results = []
    with editing(root) as config:
        pending: dict[str, Current] = {}  # item file -> the item as the returns planned so far leave it
        for ret in dated:
            when = day or ret.reported or today
            refusals, planned = list(ret.refusals), []
            states = dict(pending)
            for row in ret.rows if not refusals else []:
                place = f"{ret.path.name} 第{row.row}行"
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
            results.append(Applied(ret, when, planned if not refusals else [], refusals))
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

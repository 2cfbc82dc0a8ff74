"""督办 (SPEC 3.8, 3.9): what a department's progress form holds, and how a returned form is known for its own.

A form is made from the ledger for one responsible department; when it comes back, `ledger apply`
must tell whether it is a form of this ledger, whether its locked cells are as they were written,
and whether each item has changed in the ledger since. What is needed for that is declared here
once, for the writer of forms (ledger.output.forms) and the reader of returns (ledger.edit.apply).
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from datetime import date, datetime
from typing import Any

from ledger.core.model import Config, Item, LogEntry, Record, Status

FORM_FORMAT = "ledger-form/2"  # the hidden sheet's first cell: a form this code can read
META_SHEET = "_ledger"

# The columns of a form: (header, locked, width in characters).
LOCKED = ("编号", "整改任务", "整改措施", "完成时限", "当前状态", "最近进展")
TO_FILL = ("本期进展", "完成情况", "完成日期", "佐证材料")
COLUMNS = LOCKED + TO_FILL
# The hidden record of each row: these, then the locked cells' texts as written, then 完成情况 as written, then
# the marks of the log's entries (as many cells as they take: a cell holds at most Excel's 32,767 characters).
RECORD = ("编号", "文件", "状态", "指纹")
RECORD_HEADER = (*RECORD, *LOCKED, "完成情况", "进展")
MARK_LENGTH = 12  # hex digits of an entry's mark: 48 bits, no two entries of one log alike by chance
MARKS_PER_CELL = 2_500  # 2,500 marks of 13 characters: 32,500 characters


class FormRow(Record):
    """One item on a department's form, with what apply needs to recognise it when it comes back."""

    __slots__ = ("id", "path", "status", "fingerprint", "marks", "cells", "label")
    id: str
    path: str
    status: str  # the status code when the form was made
    fingerprint: str  # of the fields the department read and answers to (fingerprint below)
    marks: tuple[str, ...]  # each log entry's mark then, in order: they must all still be there as they were
    cells: tuple[str, ...]  # the locked cells' texts, in the order of LOCKED
    label: str  # 完成情况 as prefilled: the status label then

    def __init__(self, id: str, path: str, status: str, fingerprint: str, marks: tuple[str, ...],
                 cells: tuple[str, ...], label: str) -> None:  # fmt: skip
        self.id, self.path, self.status, self.fingerprint = id, path, status, fingerprint
        self.marks, self.cells, self.label = marks, cells, label


class Form(Record):
    """A department's form: the ledger it comes from, when, and its rows."""

    __slots__ = ("department", "ledger", "issuer", "subject", "commit", "made", "labels", "rows")
    department: str
    ledger: str  # ledger.yaml's title: a form of another ledger is refused
    issuer: str
    subject: str
    commit: str  # the git commit the ledger was at ("" outside git, "+" appended when the tree had edits)
    made: date  # the day it was made (the real day: --as-of judges deadlines, it does not date the form)
    labels: tuple[str, ...]  # the status labels of the drop-down, in the order of Status
    rows: list[FormRow]

    def __init__(self, department: str, ledger: str, issuer: str, subject: str, commit: str, made: date,
                 labels: tuple[str, ...], rows: list[FormRow]) -> None:  # fmt: skip
        self.department, self.ledger, self.issuer, self.subject = department, ledger, issuer, subject
        self.commit, self.made, self.labels, self.rows = commit, made, labels, rows


def digest(data: Any, length: int = 16) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, default=date.isoformat)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def fingerprint(item: Item) -> str:
    """What the department read and answers to: the task, its measures, its deadline and its departments.
    Apply refuses a row whose item's fingerprint is no longer this: someone moved the deadline, rewrote the
    measures or reassigned the item after the form went out. The log is checked apart (entry_marks): entries
    added since (another department's return, this one applied before, a clerk's note) never count; the
    status is checked apart too, and only where the row asks to change it."""
    data = {"title": item.title, "measures": item.measures, "deadline": item.deadline, "department": item.department}
    return digest(data)


def entry_mark(entry: LogEntry) -> str:
    """A log entry's mark: changed by any edit of the entry (its date, kind, values, note or reporter)."""
    return digest(entry.to_dict(), MARK_LENGTH)


def entry_marks(item: Item) -> tuple[str, ...]:
    return tuple(entry_mark(entry) for entry in item.log)


def added_since(item: Item, marks: tuple[str, ...]) -> list[LogEntry] | None:
    """The entries of the item's log added since the form was made (wherever their dates put them), or None
    when an entry the form saw was edited, removed or moved: the log is append-only, and the department read
    it as it was. The form's entries are matched in order, each to the first entry with its mark."""
    added, seen = [], 0
    for entry in item.log:
        if seen < len(marks) and entry_mark(entry) == marks[seen]:
            seen += 1
        else:
            added.append(entry)
    return added if seen == len(marks) else None


def latest_note(item: Item) -> LogEntry | None:
    """最近进展: the newest progress note (an entry without a kind): a status change, a reassignment or a
    moved deadline is bookkeeping, not progress. The last of the latest date, as the log is in date order."""
    notes = [entry for entry in item.log if entry.kind is None]
    return max(reversed(notes), key=lambda entry: entry.date) if notes else None


def latest_progress(item: Item) -> str:
    """最近进展 as the form shows it: the newest progress note, dated, with who reported it."""
    entry = latest_note(item)
    if entry is None:
        return ""
    by = f"（{entry.by}）" if entry.by else ""
    return f"{entry.date.isoformat()} {entry.note}{by}"


def locked_cells(item: Item, config: Config) -> tuple[str, ...]:
    """The locked cells of an item's row as text, in the order of LOCKED."""
    measures = "\n".join(f"{n}.{m}" for n, m in enumerate(item.measures, 1))
    deadline = item.deadline.isoformat() if item.deadline else ""
    return (item.id, item.title, measures, deadline, config.label(item.status), latest_progress(item))


def form_row(item: Item, config: Config) -> FormRow:
    return FormRow(item.id, item.path, item.status.value, fingerprint(item), entry_marks(item),
                   locked_cells(item, config), config.label(item.status))  # fmt: skip


def forms_by_department(items: list[Item], config: Config, commit: str, made: date) -> tuple[list[Form], list[Item]]:
    """One form per responsible department, in the order departments first appear, with its items that are
    not done (an item of two departments is on both); and the items left out because they name no department."""
    rows: dict[str, list[FormRow]] = {}
    nobody = []
    for item in items:
        if item.status is Status.DONE:
            continue
        if not item.department:
            nobody.append(item)
        for department in item.department:
            rows.setdefault(department, []).append(form_row(item, config))
    data = config.data
    labels = tuple(config.label(s) for s in Status)
    forms = [
        Form(
            department,
            data.get("title", ""),
            data.get("issuer", ""),
            data.get("subject") or data.get("issuer", ""),
            commit,
            made,
            labels,
            found,
        )  # fmt: skip
        for department, found in rows.items()
    ]
    return forms, nobody


# --- The hidden record, and its seal -----------------------------------------------------------------


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


def meta_rows(form: Form) -> list[tuple[str, Any]]:
    """The hidden sheet's header: what the form was made from (the seal, over all of it, comes after)."""
    return [
        ("format", FORM_FORMAT),
        ("ledger", form.ledger),
        ("issuer", form.issuer),
        ("commit", form.commit),
        ("made", form.made.isoformat()),
        ("department", form.department),
        ("labels", "\n".join(form.labels)),
    ]


def record_row(row: FormRow) -> list[str]:
    """A row's record as the hidden sheet holds it: RECORD_HEADER's cells, the marks over as many as they take."""
    marks = [" ".join(row.marks[n : n + MARKS_PER_CELL]) for n in range(0, len(row.marks), MARKS_PER_CELL)]
    return [row.id, row.path, row.status, row.fingerprint, *row.cells, row.label, *(marks or [""])]


def seal(rows: list[list[Any]]) -> str:
    """What tells the hidden record is as `ledger forms` wrote it: a digest of every cell of it as text (the seal's
    own row left out; empty rows, and empty cells at a row's end, count for nothing). Against slips and
    well-meant edits, not against someone who reads this code: a form is no security."""
    cells = []
    for row in rows:
        texts = [cell_text(v) for v in row]
        while texts and not texts[-1]:
            texts.pop()
        if texts and texts[0] != SEAL:
            cells.append(texts)
    return digest(cells, 32)


SEAL = "seal"


# --- File names a department's name can give, on every system ------------------------------------

FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)), *(f"LPT{n}" for n in range(1, 10))}
MAX_NAME = 100  # characters before the suffix: far below every system's limit, with room for the folder


def safe_file_name(name: str, suffix: str) -> str:
    """A department's name as a file name that Windows, macOS and Linux all accept: no <>:"/\\|?* or control
    characters, no leading dot (a hidden file), no trailing dot or space, no reserved device name (CON, NUL,
    COM1 …), not too long."""
    text = FORBIDDEN.sub("_", unicodedata.normalize("NFC", name)).strip().lstrip(".").strip()
    text = text[:MAX_NAME].rstrip(". ") or "_"
    if text.split(".")[0].upper() in RESERVED:
        text = "_" + text
    return text + suffix


def file_names(names: list[str], suffix: str) -> dict[str, str]:
    """Each name's file name, distinct even where two names give the same one (办公室/ and 办公室?) or differ
    only in case (a Windows or macOS folder holds one of them)."""
    taken: set[str] = set()
    result = {}
    for name in names:
        base = safe_file_name(name, "")
        candidate, n = base + suffix, 1
        while candidate.casefold() in taken:
            n += 1
            candidate = f"{base}-{n}{suffix}"
        taken.add(candidate.casefold())
        result[name] = candidate
    return result

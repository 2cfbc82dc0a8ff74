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
from datetime import date
from typing import Any

from ledger.core.model import Config, Item, Record, Status
from ledger.core.zh import log_text

FORM_FORMAT = "ledger-form/1"  # the hidden sheet's first cell: a form this code can read
META_SHEET = "_ledger"

# The columns of a form: (header, locked, width in characters).
LOCKED = ("编号", "整改任务", "整改措施", "完成时限", "当前状态", "最近进展")
TO_FILL = ("本期进展", "完成情况", "完成日期", "佐证材料")
COLUMNS = LOCKED + TO_FILL
# The hidden record of each row: these, then the locked cells' texts as written, then 完成情况 as written.
RECORD = ("编号", "文件", "状态", "进展条数", "指纹")


class FormRow(Record):
    """One item on a department's form, with what apply needs to recognise it when it comes back."""

    __slots__ = ("id", "path", "status", "log_count", "fingerprint", "cells", "label")
    id: str
    path: str
    status: str  # the status code when the form was made
    log_count: int  # entries in the log then (the log is append-only: they must still be there as they were)
    fingerprint: str  # of the fields the department read and answers to, and of those log entries
    cells: tuple[str, ...]  # the locked cells' texts, in the order of LOCKED
    label: str  # 完成情况 as prefilled: the status label then

    def __init__(self, id: str, path: str, status: str, log_count: int, fingerprint: str, cells: tuple[str, ...],
                 label: str) -> None:  # fmt: skip
        self.id, self.path, self.status, self.log_count = id, path, status, log_count
        self.fingerprint, self.cells, self.label = fingerprint, cells, label


class Form(Record):
    """A department's form: the ledger it comes from, when, and its rows."""

    __slots__ = ("department", "ledger", "issuer", "subject", "commit", "made", "labels", "rows")
    department: str
    ledger: str  # ledger.yaml's title: a form of another ledger is refused
    issuer: str
    subject: str
    commit: str  # the git commit the ledger was at ("" outside git, "+" appended when the tree had edits)
    made: date
    labels: tuple[str, ...]  # the status labels of the drop-down, in the order of Status
    rows: list[FormRow]

    def __init__(self, department: str, ledger: str, issuer: str, subject: str, commit: str, made: date,
                 labels: tuple[str, ...], rows: list[FormRow]) -> None:  # fmt: skip
        self.department, self.ledger, self.issuer, self.subject = department, ledger, issuer, subject
        self.commit, self.made, self.labels, self.rows = commit, made, labels, rows


def fingerprint(item: Item, log_count: int | None = None) -> str:
    """What the department read and answers to: the task, its measures, its deadline and departments, and the
    first `log_count` entries of its log. Apply refuses a row whose item's fingerprint is no longer this:
    someone moved the deadline or rewrote the measures after the form went out. Later log entries (another
    department's return, this one applied before) and the status (checked apart) do not count."""
    entries = item.log if log_count is None else item.log[:log_count]
    data = {
        "title": item.title,
        "measures": item.measures,
        "deadline": item.deadline,
        "department": item.department,
        "log": [entry.to_dict() for entry in entries],
    }
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, default=date.isoformat)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def latest_progress(item: Item, config: Config) -> str:
    """最近进展: the newest log entry, dated, in words."""
    if not item.log:
        return ""
    entry = item.log[-1]
    by = f"（{entry.by}）" if entry.by else ""
    return f"{entry.date.isoformat()} {log_text(entry, config.labels)}{by}"


def locked_cells(item: Item, config: Config) -> tuple[str, ...]:
    """The locked cells of an item's row as text, in the order of LOCKED."""
    measures = "\n".join(f"{n}.{m}" for n, m in enumerate(item.measures, 1))
    deadline = item.deadline.isoformat() if item.deadline else ""
    return (item.id, item.title, measures, deadline, config.label(item.status), latest_progress(item, config))


def form_row(item: Item, config: Config) -> FormRow:
    return FormRow(item.id, item.path, item.status.value, len(item.log), fingerprint(item), locked_cells(item, config),
                   config.label(item.status))  # fmt: skip


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


# --- File names a department's name can give, on every system ------------------------------------

FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)), *(f"LPT{n}" for n in range(1, 10))}
MAX_NAME = 100  # characters before the suffix: far below every system's limit, with room for the folder


def safe_file_name(name: str, suffix: str) -> str:
    """A department's name as a file name that Windows, macOS and Linux all accept: no <>:"/\\|?* or control
    characters, no trailing dot or space, no reserved device name (CON, NUL, COM1 …), not too long."""
    text = FORBIDDEN.sub("_", unicodedata.normalize("NFC", name)).strip()
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


def meta_rows(form: Form) -> list[tuple[str, Any]]:
    """The hidden sheet's header: what the form was made from."""
    return [
        ("format", FORM_FORMAT),
        ("ledger", form.ledger),
        ("issuer", form.issuer),
        ("commit", form.commit),
        ("made", form.made.isoformat()),
        ("department", form.department),
        ("labels", "\n".join(form.labels)),
    ]

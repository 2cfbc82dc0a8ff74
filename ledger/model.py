"""The ledger's data: statuses, items, categories and problems, with no I/O."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from functools import cache
from typing import Any


class Status(str, Enum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    PARTIAL = "partial"
    ONGOING = "ongoing"
    DONE = "done"

    @property
    def can_be_overdue(self) -> bool:
        return self in (Status.OPEN, Status.IN_PROGRESS, Status.PARTIAL)


DEFAULT_LABELS: dict[Status, str] = {
    Status.OPEN: "未启动",
    Status.IN_PROGRESS: "正在推进",
    Status.PARTIAL: "阶段性完成",
    Status.ONGOING: "长期坚持",
    Status.DONE: "已完成",
}

ID_PATTERN = re.compile(r"[0-9A-Za-z._]*[0-9][0-9A-Za-z._]*", re.ASCII)
MAX_ID_LENGTH = 64


def is_valid_id(text: str) -> bool:
    """An id is ASCII digits, optionally with letters, '.' and '_'; never a path."""
    return (
        len(text) <= MAX_ID_LENGTH
        and bool(ID_PATTERN.fullmatch(text))
        and not text.startswith(".")
        and ".." not in text
    )


def id_key(item_id: str) -> tuple:
    """Sort and compare ids: purely numeric ids by number (8 == 08), others naturally."""
    if item_id.isdigit():
        return (0, int(item_id), "")
    parts = re.split(r"(\d+)", item_id)
    return (1, 0, tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts if p))


@dataclass(frozen=True)
class Problem:
    path: str  # relative to the ledger root, with '/' separators
    line: int | None  # 1-based
    column: int | None  # 1-based
    severity: str  # "error" or "warning"
    code: str  # stable across releases: scripts and editors rely on it
    message: str

    @classmethod
    def error(cls, path: str, code: str, message: str, line: int | None = None, column: int | None = None) -> Problem:
        return cls(path, line, column, "error", code, message)

    @classmethod
    def warning(cls, path: str, code: str, message: str, line: int | None = None, column: int | None = None) -> Problem:
        return cls(path, line, column, "warning", code, message)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.severity}[{self.code}]: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass
class LogEntry:
    date: date
    note: str


@dataclass
class Item:
    """One item file, checked. The fields after `path` are the keys of an item file, in their order."""

    id: str
    path: str  # relative to the ledger root, with '/' separators (as Problem.path)
    title: str
    category: str
    status: Status
    measures: list[str] = field(default_factory=list)
    problem: str | None = None
    leader: str | None = None
    department: list[str] = field(default_factory=list)
    owner: str | None = None
    deadline: date | None = None
    outcome: str | None = None
    closed: date | None = None
    evidence: list[str] = field(default_factory=list)
    log: list[LogEntry] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    public: bool = True
    extra: dict[str, Any] = field(default_factory=dict)

    def overdue_on(self, day: date) -> bool:
        """Late on `day`: the status can be late and the deadline has passed (its day is not late)."""
        return self.status.can_be_overdue and self.deadline is not None and self.deadline < day

    def days_overdue(self, day: date) -> int | None:
        return (day - self.deadline).days if self.overdue_on(day) else None  # type: ignore[operator]


# --- The one record of an item ---------------------------------------------------------------


def item_record(item: Item) -> dict[str, Any]:
    """The item as plain data by field name: status as its code, log entries as mappings, dates as dates.

    JSON, CSV, XLSX, templates and the cache all start from this record; a field added to
    `Item` appears in every one of them without another line of code.
    """
    return {f.name: _plain(getattr(item, f.name)) for f in dataclasses.fields(Item)}


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, LogEntry):
        return {k: _plain(v) for k, v in dataclasses.asdict(value).items() if v is not None}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def item_from_record(record: dict[str, Any]) -> Item:
    """The inverse of `item_record`, also for a record with dates as ISO text (the cache) or keys left out."""
    hints = _field_hints()
    return Item(**{name: _revive(record[name], hints[name]) for name in hints if name in record})


@cache
def _field_hints() -> dict[str, Any]:
    import typing

    return {f.name: typing.get_type_hints(Item)[f.name] for f in dataclasses.fields(Item)}


def _revive(value: Any, hint: Any) -> Any:
    import typing

    if value is None:
        return None
    if hint is Status:
        return Status(value)
    if date in (hint, *typing.get_args(hint)):
        return value if isinstance(value, date) else date.fromisoformat(value)
    if typing.get_origin(hint) is list and typing.get_args(hint)[0] is LogEntry:
        entry_hints = typing.get_type_hints(LogEntry)
        return [LogEntry(**{k: _revive(v, entry_hints[k]) for k, v in entry.items()}) for entry in value]
    return value


# --- ledger.yaml and the whole ledger --------------------------------------------------------


@dataclass
class ItemFile:
    """What one item file holds, apart from the checks that need ledger.yaml."""

    item: Item | None  # None when the file has errors
    problems: list[Problem]
    category: str | None = None  # the category as written, checked against ledger.yaml apart
    positions: dict[str, list[int]] = field(default_factory=dict)  # key -> [line, column] of its value

    def at(self, key: str) -> tuple[int | None, int | None]:
        line, column = self.positions.get(key) or (None, None)
        return line, column


@dataclass
class Category:
    key: str
    title: str
    line: int | None = None  # in ledger.yaml, for warnings


@dataclass
class Config:
    """ledger.yaml, checked; `data` keeps it whole (dates as dates) for templates."""

    data: dict[str, Any] = field(default_factory=dict)
    categories: list[Category] = field(default_factory=list)
    status_labels: dict[Status, str] = field(default_factory=dict)
    close_requires: list[str] = field(default_factory=list)

    def label(self, status: Status) -> str:
        return self.status_labels.get(status, DEFAULT_LABELS[status])

    def category(self, key: str) -> Category | None:
        return next((c for c in self.categories if c.key == key), None)


class HasProblems:
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


@dataclass
class Ledger(HasProblems):
    root: Any  # pathlib.Path
    config: Config
    items: list[Item]  # items that loaded without errors, in notice order
    problems: list[Problem]
    files: list[tuple[str, str]] = field(default_factory=list)  # (id, path) of every item file read

"""The ledger's data: statuses, items, categories and problems, with no I/O."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
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

# The top-level keys of an item file, in the order `ledger new` writes them.
ITEM_KEYS = (
    "title",
    "category",
    "status",
    "measures",
    "problem",
    "leader",
    "department",
    "owner",
    "deadline",
    "outcome",
    "closed",
    "evidence",
    "log",
    "tags",
    "public",
    "extra",
)

ID_PATTERN = re.compile(r"[0-9A-Za-z._]*[0-9][0-9A-Za-z._]*")


def is_valid_id(text: str) -> bool:
    """An id is ASCII digits, optionally with letters, '.' and '_'; never a path."""
    return bool(ID_PATTERN.fullmatch(text)) and not text.startswith(".") and ".." not in text


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
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        }


@dataclass
class LogEntry:
    date: date
    note: str


@dataclass
class Item:
    id: str
    path: str
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


@dataclass
class ItemFile:
    """What one item file holds, apart from the checks that need ledger.yaml."""

    item: Item | None  # None when the file has errors
    problems: list[Problem]
    category: tuple[str, int, int] | None = None  # the category as written, with its line and column


@dataclass
class Category:
    key: str
    title: str
    line: int | None = None  # in ledger.yaml, for warnings


@dataclass
class Config:
    """ledger.yaml, checked; `data` keeps it whole (dates as dates) for templates."""

    data: dict[str, Any]
    categories: list[Category]
    status_labels: dict[Status, str]
    close_requires: list[str]

    def label(self, status: Status) -> str:
        return self.status_labels.get(status, DEFAULT_LABELS[status])

    def category(self, key: str) -> Category | None:
        return next((c for c in self.categories if c.key == key), None)


@dataclass
class Ledger:
    root: Any  # pathlib.Path
    config: Config
    items: list[Item]  # items that loaded without errors, in notice order
    problems: list[Problem]
    files: list[tuple[str, str]] = field(default_factory=list)  # (id, path) of every item file read

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    def problems_in(self, path: str) -> list[Problem]:
        return [p for p in self.problems if p.path == path]

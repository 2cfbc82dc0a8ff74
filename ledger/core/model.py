"""The ledger's data: statuses, items, categories and problems, with no I/O."""

from __future__ import annotations

import re
from datetime import date
from enum import Enum
from functools import cache
from operator import attrgetter
from typing import Any

from ledger.core.i18n import N_


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


class Light(str, Enum):
    """督办's warning light (红黄绿灯, SPEC 3.9): an unfinished item graded by its deadline."""

    RED = "red"  # overdue
    YELLOW = "yellow"  # due within lights.yellow_days
    GREEN = "green"  # due later, or no deadline

    @property
    def word(self) -> str:
        """The light as offices name it: printed beside the colour, so it survives NO_COLOR and a printer."""
        return LIGHT_WORDS[self]


LIGHT_WORDS: dict[Light, str] = {Light.RED: "红灯", Light.YELLOW: "黄灯", Light.GREEN: "绿灯"}
YELLOW_DAYS = 7  # the default of ledger.yaml lights.yellow_days


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


def item_id_of(name: str) -> str:
    """An item file's id: its name up to the first '-' or the extension."""
    return name.rpartition(".")[0].split("-", 1)[0]


def id_key(item_id: str) -> tuple[Any, ...]:
    """Sort and compare ids: purely numeric ids by number (8 == 08), others naturally."""
    if item_id.isdigit():
        return (0, int(item_id), "")
    parts = re.split(r"(\d+)", item_id)
    return (1, 0, tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts if p))


class Record:
    """A plain record whose fields are its annotations, in order: equal and shown by them.

    Not a dataclass: a dataclass is built at each start of the command line (a millisecond
    each, the bulk of `ledger`'s own start-up); these cost nothing to define. Each record
    writes its own __init__.
    """

    __slots__ = ()
    _fields: tuple[str, ...] = ()

    def __init_subclass__(cls) -> None:
        cls._fields = tuple(cls.__dict__.get("__annotations__", {}))

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and all(getattr(self, f) == getattr(other, f) for f in self._fields)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{f}={getattr(self, f)!r}' for f in self._fields)})"

    def to_dict(self) -> dict[str, Any]:
        return {f: getattr(self, f) for f in self._fields}


def by_fields(record: Record) -> tuple[Any, tuple[Any, ...]]:
    """A record pickled as its class and its fields, for a class whose __init__ takes them in order: a
    third of the time to unpickle that slots take. How the processes of a big load hand back items."""
    return type(record), tuple([getattr(record, f) for f in record._fields])


class Problem(Record):
    """One broken rule, where it is. Made by its code in ledger.core.problems (the registry), never by hand."""

    __slots__ = ("path", "line", "column", "severity", "code", "message")
    __reduce__ = by_fields
    path: str  # relative to the ledger root, with '/' separators
    line: int | None  # 1-based
    column: int | None  # 1-based
    severity: str  # "error" or "warning"
    code: str  # stable across releases: scripts and editors rely on it
    message: str

    def __init__(self, path: str, line: int | None, column: int | None, severity: str, code: str, message: str):
        self.path, self.line, self.column, self.severity, self.code, self.message = (
            path, line, column, severity, code, message
        )  # fmt: skip

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        from ledger.core.i18n import _

        return f"{where}: {_(SEVERITY_WORDS.get(self.severity, self.severity))}[{self.code}]: {self.message}"


SEVERITY_WORDS = {
    "error": N_("error"),
    "warning": N_("warning"),
}  # said in the interface language; codes stay as they are


LOG_KINDS = ("note", "status", "deadline", "assign", "close", "reopen")
Date = date  # for the annotations of LogEntry, whose field `date` hides the type in its class
DATED_KINDS = ("deadline", "reopen")  # whose `from` and `to` are dates (status: status codes)
# The fields an assign entry (责任调整) names: `from` and `to` are names, a department's a name or a list of names.
ASSIGN_FIELDS = ("leader", "department", "owner")


class LogEntry(Record):
    """A dated entry of an item's log (整改进展): a note, or a change with what it changed from and to.

    kind: None (a progress note), status, deadline, assign, close or reopen; `from` is `from_` here;
    `field`: the field an assign entry changed (leader, department or owner), else None;
    `by`: who reported it (the department whose return `ledger apply` read), or None.
    """

    __slots__ = ("date", "kind", "field", "from_", "to", "note", "by")
    date: Date
    kind: str | None
    field: str | None
    from_: Any
    to: Any
    note: str | None
    by: str | None

    def __init__(self, date: Date, note: str | None = None, kind: str | None = None, from_: Any = None,
                 to: Any = None, by: str | None = None, field: str | None = None) -> None:  # fmt: skip
        self.date, self.note, self.kind, self.from_, self.to, self.by = date, note, kind, from_, to, by
        self.field = field

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return LogEntry, (self.date, self.note, self.kind, self.from_, self.to, self.by, self.field)  # __init__'s order

    def to_dict(self) -> dict[str, Any]:
        """As written in an item file: date, kind, field, from, to, note, by; what is absent left out."""
        pairs = (("date", self.date), ("kind", self.kind), ("field", self.field), ("from", self.from_),
                 ("to", self.to), ("note", self.note), ("by", self.by))  # fmt: skip
        return {key: value for key, value in pairs if value is not None}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LogEntry:
        """From an item file's mapping or a record (dates as dates, or as ISO text in the cache)."""
        kind = data.get("kind")
        dated = ("date", "from", "to") if kind in DATED_KINDS else ("date",)
        values = {k: date.fromisoformat(v) if k in dated and isinstance(v, str) else v for k, v in data.items()}
        note, by, field = values.get("note"), values.get("by"), values.get("field")
        return cls(values["date"], note if isinstance(note, str) else None, kind, values.get("from"), values.get("to"),
                   by if isinstance(by, str) else None, field if isinstance(field, str) else None)  # fmt: skip


class Item(Record):
    """One item file, checked. The fields after `path` are the keys of an item file, in their order."""

    __slots__ = ("id", "path", "title", "category", "status", "measures", "problem", "leader", "department", "owner",
                 "deadline", "outcome", "closed", "evidence", "log", "tags", "public", "extra")  # fmt: skip
    __reduce__ = by_fields
    id: str
    path: str  # relative to the ledger root, with '/' separators (as Problem.path)
    title: str
    category: str
    status: Status
    measures: list[str]
    problem: str | None
    leader: str | None
    department: list[str]
    owner: str | None
    deadline: date | None
    outcome: str | None
    closed: date | None
    evidence: list[str]
    log: list[LogEntry]
    tags: list[str]
    public: bool
    extra: dict[str, Any]

    def __init__(
        self, id: str, path: str, title: str, category: str, status: Status, measures: list[str] | None = None,
        problem: str | None = None, leader: str | None = None, department: list[str] | None = None,
        owner: str | None = None, deadline: date | None = None, outcome: str | None = None,
        closed: date | None = None, evidence: list[str] | None = None, log: list[LogEntry] | None = None,
        tags: list[str] | None = None, public: bool = True, extra: dict[str, Any] | None = None,
    ) -> None:  # fmt: skip
        self.id, self.path, self.title, self.category, self.status = id, path, title, category, status
        self.measures = measures if measures is not None else []
        self.problem, self.leader, self.owner, self.outcome = problem, leader, owner, outcome
        self.department = department if department is not None else []
        self.deadline, self.closed, self.public = deadline, closed, public
        self.evidence = evidence if evidence is not None else []
        self.log = log if log is not None else []
        self.tags = tags if tags is not None else []
        self.extra = extra if extra is not None else {}

    def overdue_on(self, day: date) -> bool:
        """Late on `day`: the status can be late and the deadline has passed (its day is not late)."""
        return self.status.can_be_overdue and self.deadline is not None and self.deadline < day

    def days_overdue(self, day: date) -> int | None:
        return (day - self.deadline).days if self.overdue_on(day) else None  # type: ignore[operator]

    def light_on(self, day: date, yellow_days: int = YELLOW_DAYS) -> Light | None:
        """The warning light on `day`: red when overdue; yellow when due within `yellow_days` days (the
        deadline day itself and the day `yellow_days` before it included); green when due later or
        without a deadline; none for an item done or ongoing (it cannot be late)."""
        if not self.status.can_be_overdue:
            return None
        if self.deadline is None:
            return Light.GREEN
        if self.deadline < day:
            return Light.RED
        return Light.YELLOW if (self.deadline - day).days <= yellow_days else Light.GREEN


# --- The one record of an item ---------------------------------------------------------------


def item_record(item: Item) -> dict[str, Any]:
    """The item as plain data by field name: status as its code, log entries as mappings, dates as dates.

    JSON, CSV, XLSX, templates and the cache all start from this record; a field added to
    `Item` appears in every one of them without another line of code.
    """
    record = {name: getattr(item, name) for name in Item._fields}
    record["status"] = item.status.value
    record["log"] = [entry.to_dict() for entry in item.log]
    return record


def item_from_record(record: dict[str, Any]) -> Item:
    """The inverse of `item_record`, also for a record with dates as ISO text (the cache) or keys left out."""
    fields = dict(record)
    fields["status"] = Status(fields["status"])
    for key in _date_fields():
        value = fields.get(key)
        if value is not None and not isinstance(value, date):
            fields[key] = date.fromisoformat(value)
    if fields.get("log"):
        fields["log"] = [LogEntry.from_dict(entry) for entry in fields["log"]]
    return Item(**fields)


@cache
def _date_fields() -> tuple[str, ...]:
    """The fields declared as dates (this module's annotations are text)."""
    return tuple(name for name, kind in Item.__annotations__.items() if kind.startswith("date"))


# --- ledger.yaml and the whole ledger --------------------------------------------------------


class ItemFile(Record):
    """What one item file holds, apart from the checks that need ledger.yaml."""

    __slots__ = ("item", "problems", "category", "positions")
    __reduce__ = by_fields
    item: Item | None  # None when the file has errors
    problems: list[Problem]
    category: str | None  # the category as written, checked against ledger.yaml apart
    positions: list[int]  # line and column of the value of each of POSITION_KEYS; 0 where absent

    def __init__(self, item: Item | None, problems: list[Problem], category: str | None = None,
                 positions: list[int] | None = None) -> None:  # fmt: skip
        self.item, self.problems, self.category = item, problems, category
        self.positions = positions or [0] * (2 * len(POSITION_KEYS))

    def at(self, key: str) -> tuple[int | None, int | None]:
        n = 2 * POSITION_KEYS.index(key)
        line, column = self.positions[n : n + 2]
        return line or None, column or None


# Where the rules across files point (ledger.yaml's): kept with each file's result.
POSITION_KEYS = ("category", "status", "closed", "log")


class Category(Record):
    __slots__ = ("key", "title", "line")
    key: str
    title: str
    line: int | None  # in ledger.yaml, for warnings

    def __init__(self, key: str, title: str, line: int | None = None) -> None:
        self.key, self.title, self.line = key, title, line


class Config(Record):
    """ledger.yaml, checked; `data` keeps it whole (dates as dates) for templates."""

    __slots__ = ("data", "categories", "status_labels", "close_requires")
    data: dict[str, Any]
    categories: list[Category]
    status_labels: dict[Status, str]
    close_requires: list[str]

    def __init__(
        self,
        data: dict[str, Any] | None = None,
        categories: list[Category] | None = None,
        status_labels: dict[Status, str] | None = None,
        close_requires: list[str] | None = None,
    ) -> None:
        self.data, self.categories = data or {}, categories or []
        self.status_labels, self.close_requires = status_labels or {}, close_requires or []

    def label(self, status: Status) -> str:
        return self.status_labels.get(status, DEFAULT_LABELS[status])

    @property
    def labels(self) -> dict[str, str]:
        """Every status code with its label in this ledger."""
        return {s.value: self.label(s) for s in Status}

    def category(self, key: str) -> Category | None:
        return next((c for c in self.categories if c.key == key), None)

    @property
    def yellow_days(self) -> int:
        """ledger.yaml lights.yellow_days: how many days before its deadline an item turns yellow."""
        return int((self.data.get("lights") or {}).get("yellow_days", YELLOW_DAYS))


class HasProblems:
    __slots__ = ()
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


class Ledger(Record, HasProblems):
    __slots__ = ("root", "config", "items", "problems", "files")
    root: Any  # pathlib.Path
    config: Config
    items: list[Item]  # items that loaded without errors, in notice order
    problems: list[Problem]
    files: list[tuple[str, str]]  # (id, path) of every item file read

    def __init__(self, root: Any, config: Config, items: list[Item], problems: list[Problem],
                 files: list[tuple[str, str]] | None = None) -> None:  # fmt: skip
        self.root, self.config, self.items, self.problems = root, config, items, problems
        self.files = files or []


# The record's keys with status_label after status; overdue, days_overdue and light are added at the end.
VIEW_KEYS = tuple(k for name in Item._fields for k in ((name, "status_label") if name == "status" else (name,)))
FIELDS = attrgetter(*Item._fields)
LABEL_AT = Item._fields.index("status") + 1
LOG_AT = Item._fields.index("log")


def item_view(item: Item, config: Config, as_of: date) -> dict[str, Any]:
    """The item's record (dates as dates) with status_label after its status, overdue, days_overdue and light.

    The same as `item_record` with those keys added, built in one go: JSON output makes one for every item.
    """
    values = list(FIELDS(item))
    values[LOG_AT] = [entry.to_dict() for entry in item.log]
    values[LABEL_AT - 1] = item.status.value
    values.insert(LABEL_AT, config.label(item.status))
    view = dict(zip(VIEW_KEYS, values, strict=True))
    view["overdue"] = overdue = item.overdue_on(as_of)
    view["days_overdue"] = (as_of - item.deadline).days if overdue else None  # type: ignore[operator]
    light = item.light_on(as_of, config.yellow_days)
    view["light"] = light.value if light is not None else None
    return view

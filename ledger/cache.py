"""A cache of read item files, keyed by path, size, times and inode; never trusted blindly.

It lives in <root>/.ledger-cache/, which ignores itself in git. Any entry whose file
changed, or that cannot be decoded, is simply read again; a corrupt or foreign cache
file counts as empty. Writes are atomic, so concurrent runs see one whole cache or
another. It holds JSON only: loading it can never run code.
"""

from __future__ import annotations

import json
import os
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ledger import __version__
from ledger.model import Item, ItemFile, LogEntry, Problem, Status

FOLDER = ".ledger-cache"
FILE = "items.json"
FORMAT = 1
RACY_NS = 2_000_000_000  # a file changed this recently may change again within its timestamp's grain

StatKey = list[int]


def stat_key(st: os.stat_result) -> StatKey:
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def code_version() -> str:
    """The cache is only as good as the rules that filled it: any change to them empties it."""
    here = Path(__file__).parent
    stamps = [str((here / name).stat().st_mtime_ns) for name in ("check.py", "model.py", "load.py", "cache.py")]
    return f"{__version__}/{FORMAT}/{'-'.join(stamps)}"


class ItemCache:
    def __init__(self, root: Path) -> None:
        self.path = root / FOLDER / FILE
        self.version = code_version()
        self.entries: dict[str, list] = {}
        self.changed = False
        try:
            data = json.loads(self.path.read_bytes())
            if isinstance(data, dict) and data.get("version") == self.version and isinstance(data["entries"], dict):
                self.entries = data["entries"]
        except (OSError, ValueError, KeyError, TypeError):
            pass  # no cache, or not one we can trust: start empty

    def get(self, rel: str, key: StatKey) -> ItemFile | None:
        entry = self.entries.get(rel)
        if not isinstance(entry, list) or len(entry) != 2 or entry[0] != key:
            return None
        try:
            return decode_result(entry[1])
        except (KeyError, TypeError, ValueError, IndexError, AttributeError):
            return None

    def put(self, rel: str, key: StatKey, result: ItemFile) -> None:
        if time.time_ns() - key[1] < RACY_NS:
            self.entries.pop(rel, None)
        else:
            self.entries[rel] = [key, encode_result(result)]
        self.changed = True

    def keep_only(self, paths: set[str]) -> None:
        gone = set(self.entries) - paths
        for rel in gone:
            del self.entries[rel]
        self.changed = self.changed or bool(gone)

    def save(self) -> None:
        """Write the cache atomically; a folder we may not write to just means no cache."""
        if not self.changed:
            return
        folder = self.path.parent
        try:
            folder.mkdir(exist_ok=True)
            ignore = folder / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# ledger's cache of read item files; safe to delete\n*\n", encoding="utf-8")
            import tempfile

            data = json.dumps({"version": self.version, "entries": self.entries}, ensure_ascii=False, default=plain)
            fd, tmp = tempfile.mkstemp(prefix=".items.", suffix=".tmp", dir=folder)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as f:
                    f.write(data)
                os.replace(tmp, self.path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except (OSError, TypeError, ValueError):
            pass  # read-only folder, full disk, or data JSON cannot hold: run without a cache


# --- Results to JSON and back ---------------------------------------------------------------


def plain(value: Any) -> Any:
    """Dates and date-times in `extra`, tagged so they come back as what they were."""
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    raise TypeError(f"cannot cache {type(value).__name__}")


def revive(value: Any) -> Any:
    if isinstance(value, dict):
        if len(value) == 1 and "$date" in value:
            return date.fromisoformat(value["$date"])
        if len(value) == 1 and "$datetime" in value:
            return datetime.fromisoformat(value["$datetime"])
        return {k: revive(v) for k, v in value.items()}
    if isinstance(value, list):
        return [revive(v) for v in value]
    return value


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def encode_result(result: ItemFile) -> dict[str, Any]:
    item = result.item
    return {
        "problems": [[p.path, p.line, p.column, p.severity, p.code, p.message] for p in result.problems],
        "category": result.category,
        "item": None
        if item is None
        else [
            item.id, item.path, item.title, item.category, item.status.value, item.measures, item.problem,
            item.leader, item.department, item.owner, iso(item.deadline), item.outcome, iso(item.closed),
            item.evidence, [[e.date.isoformat(), e.note] for e in item.log], item.tags, item.public, item.extra,
        ],
    }  # fmt: skip


def decode_result(data: dict[str, Any]) -> ItemFile:
    problems = [Problem(*p) for p in data["problems"]]
    category = tuple(data["category"]) if data["category"] is not None else None
    fields = data["item"]
    if fields is None:
        return ItemFile(None, problems, category)  # type: ignore[arg-type]
    (item_id, path, title, cat, status, measures, problem, leader, department, owner, deadline, outcome, closed,
     evidence, log, tags, public, extra) = fields  # fmt: skip
    item = Item(
        id=item_id, path=path, title=title, category=cat, status=Status(status), measures=measures,
        problem=problem, leader=leader, department=department, owner=owner, deadline=day(deadline),
        outcome=outcome, closed=day(closed), evidence=evidence, log=[LogEntry(day(d), n) for d, n in log],
        tags=tags, public=public, extra=revive(extra),
    )  # fmt: skip
    return ItemFile(item, problems, category)  # type: ignore[arg-type]

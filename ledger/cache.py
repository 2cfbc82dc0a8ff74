"""A cache of checked item files, keyed by path, size, times and inode; never trusted blindly.

It lives in <root>/.ledger-cache/, which ignores itself in git. Any entry whose file
changed, or that does not have the right shape, is simply read again; a corrupt or foreign
cache file counts as empty. A cache folder or file that is a link, or not a plain folder or
file, is neither used nor written. It holds JSON only: loading it can never run code.
"""

from __future__ import annotations

import json
import os
import stat
import time
from pathlib import Path
from typing import Any

from ledger import __version__
from ledger.errors import LedgerError
from ledger.model import Item, ItemFile, Problem, item_from_record, item_record

FOLDER = ".ledger-cache"
FILE = "items.json"
FORMAT = 2
RACY_NS = 2_000_000_000  # a file changed this recently may change again within its timestamp's grain
MAX_CACHE_BYTES = 1 << 30
IGNORE = b"# ledger's cache of checked item files; safe to delete\n*\n"

StatKey = list[int]


def stat_key(st: os.stat_result) -> StatKey:
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def code_version() -> str:
    """The cache is only as good as the code that filled it: a change to any module of ledger empties it."""
    here = Path(__file__).parent
    stamps = sorted(
        f"{entry.name}:{entry.stat().st_mtime_ns}" for entry in os.scandir(here) if entry.name.endswith(".py")
    )
    return f"{__version__}/{FORMAT}/{','.join(stamps)}"


def usable(path: Path, kind: int) -> bool | None:
    """True: a real folder/file of `kind`; None: nothing there yet; False: something else (never touch it)."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    except OSError:
        return False
    return stat.S_IFMT(mode) == kind


class ItemCache:
    def __init__(self, root: Path) -> None:
        self.folder = root / FOLDER
        self.path = self.folder / FILE
        self.version = code_version()
        self.entries: dict[str, Any] = {}
        self.changed = False
        self.enabled = usable(self.folder, stat.S_IFDIR) is not False and usable(self.path, stat.S_IFREG) is not False
        if self.enabled and usable(self.path, stat.S_IFREG):
            from ledger.source import read_bytes

            data, _ = read_bytes(self.path, FILE, MAX_CACHE_BYTES)
            try:
                parsed = json.loads(data, parse_constant=refuse) if data else None
            except ValueError:
                parsed = None
            if isinstance(parsed, dict) and parsed.get("version") == self.version:
                entries = parsed.get("entries")
                self.entries = entries if isinstance(entries, dict) else {}

    def get(self, rel: str, key: StatKey) -> ItemFile | None:
        entry = self.entries.get(rel)
        if not isinstance(entry, list) or len(entry) != 2 or entry[0] != key:
            return None
        try:
            result = decode_result(entry[1])
        except (KeyError, TypeError, ValueError, IndexError, AttributeError):
            return None  # the wrong shape: read the file again
        if result.item is not None:
            from ledger.load import item_id_of

            if (result.item.path, result.item.id) != (rel, item_id_of(rel.rsplit("/", 1)[-1])):
                return None  # a record of another file
        return result

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
        if not self.changed or not self.enabled:
            return
        from ledger.files import replace_file, write_new

        try:
            self.folder.mkdir(exist_ok=True)
            if usable(self.folder, stat.S_IFDIR) is not True:
                return
            ignore = self.folder / ".gitignore"
            state = usable(ignore, stat.S_IFREG)
            if state is None:
                write_new(ignore, IGNORE)
            elif state and ignore.stat().st_size != len(IGNORE):  # e.g. left empty by a full disk
                replace_file(ignore, IGNORE)
            data = json.dumps({"version": self.version, "entries": self.entries}, ensure_ascii=False, default=str)
            replace_file(self.path, data.encode("utf-8"), durable=False)
        except (OSError, ValueError, LedgerError):
            pass  # read-only folder, full disk, a race with another run: go on without a cache


def encode_result(result: ItemFile) -> dict[str, Any]:
    return {
        "problems": [p.to_dict() for p in result.problems],
        "category": result.category,
        "positions": result.positions,
        "item": None if result.item is None else {k: v for k, v in item_record(result.item).items() if v != []},
    }


def refuse(constant: str) -> None:
    raise ValueError(f"{constant} is no JSON the cache writes")


def shape(kind: str) -> type:
    """What a field declared `kind` (the model's annotation) is in the cache's JSON."""
    if kind.startswith(("list", "tuple")):
        return list
    return {"bool": bool, "dict[str, Any]": dict}.get(kind, str)  # str, Status, dates: text


def checked_record(record: Any) -> dict[str, Any]:
    """A cached record as this code writes it, field by field, or TypeError: the cache is never trusted."""
    kinds = Item.__annotations__
    if not isinstance(record, dict) or not {"id", "path", "title", "category", "status"} <= set(record):
        raise TypeError("not an item record")
    for key, value in record.items():
        if value is not None and not isinstance(value, shape(kinds[key])):
            raise TypeError(f"{key} is not of its type")
        if kinds[key] == "list[str]" and not all(isinstance(v, str) for v in value):
            raise TypeError(f"{key} holds something other than text")
    if not all(isinstance(e, dict) and isinstance(e.get("date"), str) for e in record.get("log") or []):
        raise TypeError("a log entry without its date")
    return record


def decode_result(data: dict[str, Any]) -> ItemFile:
    problems = [Problem(**p) for p in data["problems"]]
    item = None if data["item"] is None else item_from_record(checked_record(data["item"]))
    category = data["category"]
    if not (category is None or isinstance(category, str)) or not isinstance(data["positions"], dict):
        raise TypeError("not a cache entry")
    return ItemFile(item, problems, category, data["positions"])

"""A cache of checked item files, keyed by path, size, times and inode; never trusted blindly.

It lives in <root>/.ledger-cache/, which ignores itself in git, as JSON lines: a header with
the code's version, then one line per item file (its path, stat key, problems, category, key
positions and item, the item's fields in `Item`'s order). A run that checked a few files
afresh appends their lines (a later line for a path wins); when dead lines pile up, or the
code changed, the file is written anew, atomically.

Every line is checked field by field as it is read: a line of the wrong shape, for another
stat key or cut short by a crash is simply not used, and its file is read again. A cache
folder or file that is a link, or not a plain folder or file, is neither used nor written.
It holds JSON only: loading it can never run code.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
import struct
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from ledger import __version__
from ledger.core.errors import LedgerError
from ledger.core.model import (
    ASSIGN_FIELDS,
    DATED_KINDS,
    LOG_KINDS,
    POSITION_KEYS,
    Item,
    ItemFile,
    LogEntry,
    Problem,
    Status,
)
from ledger.core.schema import MAX_DEPTH

FOLDER = ".ledger-cache"
FILE = "items.jsonl"
FORMAT = 4  # 4: a log entry holds its field (an assign entry's)
RACY_NS = 2_000_000_000  # a file changed this recently may change again within its timestamp's grain
MAX_CACHE_BYTES = 1 << 30
IGNORE = b"# ledger's cache of checked item files; safe to delete\n*\n"
MIN_DEAD = 64  # dead lines tolerated before the file is written anew, or a quarter of the live ones

StatKey = bytes  # size, modification and change times (ns), inode: 32 bytes, held for every file of a load
KEY = struct.Struct("<QqqQ")


def stat_key(st: os.stat_result) -> StatKey:
    return KEY.pack(st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def modified_ns(key: StatKey) -> int:
    return int(KEY.unpack(key)[1])


def code_version() -> str:
    """The cache is only as good as the code that filled it: a change to any module of ledger empties it.

    Problems are kept as their messages, so the interface language and its catalog count too.
    """
    from ledger.core.i18n import LOCALES, language

    core = Path(__file__).parent  # every module that reads and checks items lives in core/
    modules = [core.parent / "__init__.py", *(Path(e.path) for e in os.scandir(core) if e.name.endswith(".py"))]
    lang = language()
    modules += [p for p in LOCALES.glob("*/LC_MESSAGES/*.mo")] if lang != "en" else []
    stamps = sorted(f"{m.parent.name}/{m.name}:{m.stat().st_mtime_ns}" for m in modules)
    return f"{__version__}/{FORMAT}/{lang}/{','.join(stamps)}"


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
    """Read with `load` (the entries whose files are unchanged), fed with `put`, written with `save`."""

    def __init__(self, root: Path) -> None:
        self.folder = root / FOLDER
        self.path = self.folder / FILE
        self.version = code_version()
        self.header = json.dumps({"ledger-cache": FORMAT, "version": self.version}, ensure_ascii=False) + "\n"
        self.enabled = usable(self.folder, stat.S_IFDIR) is not False and usable(self.path, stat.S_IFREG) is not False
        self.current = False  # the file holds this code's entries: new ones may be appended
        self.identity: tuple[int, int] | None = None  # (device, inode) of the file read
        self.ends_line = True
        self.dead = 0
        self.new: list[str] = []

    def load(self, keys: dict[str, StatKey]) -> dict[str, ItemFile]:
        """The cached results of the files whose stat key is in `keys` and unchanged."""
        hits: dict[str, ItemFile] = {}
        if not self.enabled or not usable(self.path, stat.S_IFREG):
            return hits
        try:
            fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
                         | getattr(os, "O_BINARY", 0))  # fmt: skip
        except OSError:
            return hits
        with open(fd, "rb") as file:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_CACHE_BYTES:
                return hits
            if file.readline().decode("utf-8", "replace") != self.header:
                return hits  # another code's cache, or none: written anew
            self.current, self.identity = True, (info.st_dev, info.st_ino)
            loads = json.JSONDecoder(parse_constant=refuse, parse_float=finite).decode
            line = b"\n"
            for line in file:
                try:
                    if never_written(line):
                        raise ValueError("a character no checked item holds")
                    entry = loads(line.decode("utf-8"))
                    rel = entry[0]
                    if keys.get(rel) != KEY.pack(*entry[1]):
                        raise KeyError(rel)  # a file changed or gone since
                    result = decode_entry(rel, entry)
                except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError, struct.error):
                    self.dead += 1
                    continue
                self.dead += rel in hits  # a later line for the same file replaces the earlier
                hits[rel] = result
            self.ends_line = line.endswith(b"\n")
        return hits

    def put(self, rel: str, key: StatKey, result: ItemFile) -> None:
        """Remember a file checked afresh, unless it changed so recently that it may change again unseen."""
        if time.time_ns() - modified_ns(key) >= RACY_NS:
            self.new.append(encode_entry(rel, key, result))

    def save(self, live: int, everything: Callable[[], list[tuple[str, StatKey | None, ItemFile]]]) -> None:
        """Append the new entries, or write the file anew (from `everything()`, asked for only then) when it
        is stale or mostly dead, `live` being the files read. A folder we may not write to, a full disk or
        a race with another run just means less cache."""
        if not self.enabled or not (self.new or self.dead):
            return
        try:
            if self.current and self.dead + len(self.new) <= max(MIN_DEAD, live // 4):
                if self.new:
                    self.append("".join(self.new))
                return
            self.rewrite(everything())
        except (OSError, ValueError, LedgerError):
            pass

    def append(self, lines: str) -> None:
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
        try:
            info = os.fstat(fd)
            if stat.S_ISREG(info.st_mode) and (info.st_dev, info.st_ino) == self.identity:  # not replaced since
                os.write(fd, (("" if self.ends_line else "\n") + lines).encode("utf-8"))
        finally:
            os.close(fd)

    def rewrite(self, everything: list[tuple[str, StatKey | None, ItemFile]]) -> None:
        from ledger.core.files import replace_file, write_new

        self.folder.mkdir(exist_ok=True)
        if usable(self.folder, stat.S_IFDIR) is not True:
            return
        ignore = self.folder / ".gitignore"
        state = usable(ignore, stat.S_IFREG)
        if state is None:
            write_new(ignore, IGNORE)
        elif state and ignore.stat().st_size != len(IGNORE):  # e.g. left empty by a full disk
            replace_file(ignore, IGNORE)
        now = time.time_ns()
        lines = [self.header]
        lines += [encode_entry(rel, key, result) for rel, key, result in everything
                  if key is not None and now - modified_ns(key) >= RACY_NS]  # fmt: skip
        replace_file(self.path, "".join(lines).encode("utf-8"), durable=False)


def refuse(constant: str) -> None:
    raise ValueError(f"{constant} is no JSON the cache writes")


def finite(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise ValueError(f"{text} is no number the cache writes")
    return value


# What a line this code wrote never holds, since the checks refuse it in the files: a control character
# other than a line break or a tab (JSON escapes them as \u00XX, \b and \f), a C1 control or DEL (JSON
# writes them as they are), half of a UTF-16 pair, U+FFFE or U+FFFF. A line holding one is read as
# damaged: its file is read again, and checked. Searched in the line's bytes, first for the bytes
# they need (a search of every character of every line took as long as decoding the JSON).
# (Compiled by `re` when first needed, which a clean cache never makes it.)
ESCAPED = rb"\\(?:u(?:00[0189]|007[fF]|[dD][89a-fA-F]|[fF]{3}[eEfF])|[bf])"
RAW = rb"\x7f|\xc2[\x80-\x9f]|\xef\xbf[\xbe\xbf]"


def never_written(line: bytes) -> bool:
    if b"\\" in line and re.search(ESCAPED, line):
        return True
    return (b"\x7f" in line or b"\xc2" in line or b"\xef\xbf" in line) and re.search(RAW, line) is not None


# --- One line: [path, stat key, problems, category, positions, item] --------------------------------------

ITEM_FIELDS = Item._fields[2:]  # id and path come from the line's path
TEXT = {str}


def iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def encode_entry(rel: str, key: StatKey, result: ItemFile) -> str:
    item = result.item
    values = None
    if item is not None:
        values = [iso(getattr(item, name)) for name in ITEM_FIELDS]
        values[ITEM_FIELDS.index("status")] = item.status.value
        values[ITEM_FIELDS.index("log")] = [[e.date.isoformat(), e.kind, e.field, iso(e.from_), iso(e.to), e.note,
                                             e.by] for e in item.log]  # fmt: skip
    problems = [[p.line, p.column, p.severity, p.code, p.message] for p in result.problems]
    line = [rel, list(KEY.unpack(key)), problems, result.category, result.positions, values]
    return json.dumps(line, ensure_ascii=False, allow_nan=False, separators=(",", ":")) + "\n"


NO_PROBLEMS: Any = ()  # shared by the many files without any (read only: `assemble` copies what it adds to)


def decode_entry(rel: str, entry: list[Any]) -> ItemFile:
    """A line as this code writes it, field by field, or an exception: the cache is never trusted."""
    _, _, problems, category, positions, values = entry
    if not (category is None or type(category) is str) or type(positions) is not list:
        raise TypeError("not a cache entry")
    if len(positions) != 2 * len(POSITION_KEYS) or not set(map(type, positions)) <= {int}:
        raise TypeError("not the positions")
    found = [decode_problem(rel, p) for p in problems] if problems else NO_PROBLEMS
    item = None if values is None else decode_item(rel, values)
    if item is not None and (item.category != category or item.extra and depth(item.extra) > MAX_DEPTH):
        raise TypeError("not the item its file holds")
    return ItemFile(item, found, None if category is None else sys.intern(category), positions)


def depth(value: Any) -> int:
    """Levels of nesting of a JSON value (a mapping of scalars is 1)."""
    if isinstance(value, dict):
        return 1 + max(map(depth, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(depth, value), default=0)
    return 0


def decode_problem(rel: str, data: list[Any]) -> Problem:
    line, column, severity, code, message = data
    if not (line is None or type(line) is int) or not (column is None or type(column) is int):
        raise TypeError("not a place")
    if severity not in ("error", "warning") or type(code) is not str or type(message) is not str:
        raise TypeError("not a problem")
    return Problem(rel, line, column, severity, code, message)


def texts(value: Any) -> list[str]:
    if type(value) is not list or value and not set(map(type, value)) <= TEXT:
        raise TypeError("not a list of texts")
    return value


def text(value: Any) -> str | None:
    if value is not None and type(value) is not str:
        raise TypeError("not text")
    return value


def short(value: Any) -> str | None:
    """A short text that recurs (a name, a department): one copy in memory however many items hold it."""
    return None if value is None else sys.intern(value)  # TypeError for anything but text


def flag(value: Any) -> bool:
    if type(value) is not bool:
        raise TypeError("not true or false")
    return value


def data(value: Any) -> dict[str, Any]:
    if type(value) is not dict:
        raise TypeError("not a mapping")
    return value


def required_text(value: Any) -> str:
    if type(value) is not str:
        raise TypeError("not text")
    return value


def key(value: Any) -> str:
    """A required short text that recurs (a category key)."""
    return sys.intern(required_text(value))


def names(value: Any) -> list[str]:
    return [sys.intern(d) for d in texts(value)]


def log_entries(value: Any) -> list[LogEntry]:
    if type(value) is not list:
        raise TypeError("not a log")
    return [decode_log_entry(e) for e in value]


def item_decoders() -> tuple[Callable[[Any], Any], ...]:
    """How each of Item's fields is read back: by its kind in the schema (a new field needs no code here),
    the few with a shape of their own by name."""
    from ledger.core.schema import ITEM, AnyData, Day, Flag, ListOf, Text

    by_name: dict[str, Callable[[Any], Any]] = {
        "title": required_text, "category": key, "status": Status, "department": names, "log": log_entries,
    }  # fmt: skip
    decoders: list[Callable[[Any], Any]] = []
    for name in ITEM_FIELDS:
        spec = ITEM.fields[name]
        if name in by_name:
            decoders.append(by_name[name])
        elif isinstance(spec, Text):
            decoders.append(text if spec.prose else short)
        elif isinstance(spec, ListOf) and isinstance(spec.of, Text):
            decoders.append(texts)
        else:
            decode = {Day: day, Flag: flag, AnyData: data}.get(type(spec))
            if decode is None:
                raise ImportError(f"ledger.core.cache cannot read back field {name}: give its kind a decoder")
            decoders.append(decode)
    return tuple(decoders)


DAYS: dict[str, date] = {}  # a ledger's dates are a few hundred days: one object for each, however many items


def day(value: Any) -> date | None:
    if value is None:
        return None
    found = DAYS.get(value)  # TypeError for a list or a mapping
    if found is None:
        found = DAYS[value] = date.fromisoformat(value)  # TypeError or ValueError for anything else
    return found


def decode_item(rel: str, values: list[Any]) -> Item:
    """An item's values, each read back by its field's decoder (`DECODERS`, in the order of Item's fields)."""
    from ledger.core.model import item_id_of

    if type(values) is not list or len(values) != len(DECODERS):
        raise TypeError("not an item")
    fields = [decode(value) for decode, value in zip(DECODERS, values, strict=True)]
    return Item(item_id_of(rel.rsplit("/", 1)[-1]), rel, *fields)


def decode_log_entry(data: list[Any]) -> LogEntry:
    when, kind, field, from_, to, note, by = data
    if kind is not None and kind not in LOG_KINDS or not (note is None or type(note) is str):
        raise TypeError("not a log entry")
    if not (by is None or type(by) is str):
        raise TypeError("not a log entry")
    if kind in DATED_KINDS:
        from_, to = day(from_), day(to)
    elif kind == "assign":
        if field not in ASSIGN_FIELDS or to is None:
            raise TypeError("not an assign entry")
        from_, to = assigned(field, from_), assigned(field, to)
    elif not (from_ is None or type(from_) is str) or not (to is None or type(to) is str):
        raise TypeError("not a change")
    if field is not None and kind != "assign":
        raise TypeError("a field named by an entry that is no assign entry")
    when = day(when)
    if when is None:
        raise TypeError("a log entry without its date")
    return LogEntry(when, note, None if kind is None else sys.intern(kind), from_, to, by,
                    None if field is None else sys.intern(field))  # fmt: skip


def assigned(field: str, value: Any) -> Any:
    """An assign entry's `from` or `to`: a name, none, or (a department's) a list of names, never empty."""
    if value is None or type(value) is str:
        return value
    if field == "department" and type(value) is list and value:
        return texts(value)
    raise TypeError("not a name")


DECODERS = item_decoders()

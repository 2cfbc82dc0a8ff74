"""Surgical, verified, atomic edits of item files: only the lines that must change."""

from __future__ import annotations

import difflib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from ledger import check
from ledger.errors import LedgerError
from ledger.load import SafeLoader, Source, decode, parse
from ledger.model import ITEM_KEYS, Config, Ledger, Status

Entry = str | dict[str, Any]


@dataclass
class Change:
    """A planned write: the file's old and new text, and what it means in words."""

    path: Path
    rel: str
    old: str  # the file's text as read (BOM included)
    new: str
    summary: str
    create: bool = False

    def diff(self) -> str:
        old = [] if self.create else self.old.splitlines(keepends=True)
        lines = difflib.unified_diff(
            old,
            self.new.splitlines(keepends=True),
            "/dev/null" if self.create else f"a/{self.rel}",
            f"b/{self.rel}",
        )
        return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


# --- Rendering values -------------------------------------------------------------------


def scalar_text(value: str | date) -> str:
    """A value as YAML text: plain where any YAML parser reads it back as the same string, else quoted.

    Plain only when the text holds no YAML indicator at all (parsers differ on the edge
    cases) and does not read as another type (`yes`, `12:30`, `2025-06-30`).
    """
    if isinstance(value, date):
        return value.isoformat()
    if PLAIN_SAFE.fullmatch(value):
        node = yaml.compose(f"k: {value}", Loader=SafeLoader).value[0][1]
        if node.tag == check.STR_TAG and node.value == value:
            return value
    # A JSON string is a YAML double-quoted scalar, once the characters YAML may not hold raw
    # (DEL, C1 controls, its own line breaks) are escaped as well.
    return NOT_YAML_PRINTABLE.sub(escape_char, json.dumps(value, ensure_ascii=False))


# No indicator anywhere, no space at either end, and only characters YAML prints as they are.
PLAIN_SAFE = re.compile(
    r"(?=[^\s-])[^:#,\[\]{}&*!|>'\"%@`?\\\t\n\r\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]+(?<=\S)"
)
NOT_YAML_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def escape_char(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def flow_entry(entry: Entry) -> str:
    if isinstance(entry, dict):
        return "{" + ", ".join(f"{k}: {scalar_text(v)}" for k, v in entry.items()) + "}"
    return scalar_text(entry)


def block_entry(entry: Entry, indent: str, inner: str, nl: str) -> str:
    """`- value`, or a mapping whose later keys line up under the first."""
    if isinstance(entry, dict):
        lines = [f"{k}: {scalar_text(v)}" for k, v in entry.items()]
        return f"{indent}- " + f"{nl}{inner}".join(lines) + nl
    return f"{indent}- {scalar_text(entry)}{nl}"


# --- The text and its marks ---------------------------------------------------------------


class ItemText:
    """An item file's text, re-read after each change so the node marks are always current."""

    def __init__(self, source: Source) -> None:
        self.rel = source.path
        self.bom = source.bom
        self.text = source.text
        self.nl = "\r\n" if "\r\n" in source.text else "\n"
        self._parse()

    def _parse(self) -> None:
        node, problems = parse(Source(self.rel, self.text, False))
        if problems or not isinstance(node, yaml.MappingNode):
            raise LedgerError(f"{self.rel} cannot be edited: it does not parse", tuple(map(str, problems)))
        if node.flow_style:
            self.refuse("it is one flow mapping ({…}); write one key per line")
        self.root = node
        self.pairs = {k.value: (k, v) for k, v in node.value}

    def refuse(self, why: str) -> None:
        raise LedgerError(f"{self.rel} cannot be edited safely: {why}; nothing was written")

    def splice(self, start: int, end: int, new: str) -> None:
        self.text = self.text[:start] + new + self.text[end:]
        self._parse()

    def line_start(self, index: int) -> int:
        return self.text.rfind("\n", 0, index) + 1

    def line_end(self, index: int) -> int:
        """Just after the newline of the line holding `index` (the end of the text if none)."""
        found = self.text.find("\n", index)
        return len(self.text) if found < 0 else found + 1

    def entry_end(self, node: yaml.Node) -> int:
        """Just after the last line of a value (its trailing comment included, later comments not)."""
        while isinstance(node, (yaml.SequenceNode, yaml.MappingNode)) and node.value and not node.flow_style:
            last = node.value[-1]
            node = last[1] if isinstance(last, tuple) else last
        end = node.end_mark.index
        while end > 0 and self.text[end - 1] in " \t\r\n":
            end -= 1
        return self.line_end(end)

    def key_column(self) -> int:
        return self.root.value[0][0].start_mark.column

    def insert_lines(self, at: int, block: str) -> None:
        """Insert whole lines at a line boundary, keeping a missing final newline missing."""
        if at == len(self.text) and self.text and not self.text.endswith("\n"):
            block = self.nl + block[: -len(self.nl)]
        self.splice(at, at, block)

    def insertion_point(self, key: str) -> int:
        """After the entry of the nearest key that comes before `key` in the canonical order."""
        order = ITEM_KEYS.index(key)
        before = [k for k in self.pairs if k in ITEM_KEYS and ITEM_KEYS.index(k) < order]
        if before:
            anchor = max(before, key=ITEM_KEYS.index)
            return self.entry_end(self.pairs[anchor][1])
        after = [self.pairs[k][0] for k in self.pairs if k in ITEM_KEYS and ITEM_KEYS.index(k) > order]
        return self.line_start(min(n.start_mark.index for n in after)) if after else len(self.text)

    # --- The edits ---

    def set_scalar(self, key: str, value: str | date) -> None:
        if key not in self.pairs:
            line = " " * self.key_column() + f"{key}: {scalar_text(value)}{self.nl}"
            self.insert_lines(self.insertion_point(key), line)
            return
        node = self.pairs[key][1]
        if not isinstance(node, yaml.ScalarNode) or node.style not in ("", None, "'", '"'):
            self.refuse(f"{key} is not written as a one-line value")
        text = scalar_text(value)
        if node.style in ("'", '"') and not text.startswith('"'):
            text = f"{node.style}{text}{node.style}"
        self.splice(node.start_mark.index, node.end_mark.index, text)

    def remove(self, key: str) -> None:
        key_node, value_node = self.pairs[key]
        start = self.line_start(key_node.start_mark.index)
        if self.text[start : key_node.start_mark.index].strip():
            self.refuse(f"{key} shares its line with another value")
        end = self.entry_end(value_node)
        if end == len(self.text) and not self.text.endswith("\n") and start > 0:
            # The last line goes: the line before it becomes last and loses its newline, as the
            # file had none. A blank line cannot lose it without vanishing, so it keeps it.
            newline = 2 if self.text[start - 2 : start] == "\r\n" else 1
            if self.text[self.line_start(start - newline) : start - newline].strip():
                start -= newline
        self.splice(start, end, "")

    def append(self, key: str, entry: Entry) -> None:
        """Add an entry to the end of a list, written the way the list already is."""
        if key not in self.pairs:
            indent = " " * (self.key_column() + self.list_indent())
            inner = indent + "  "
            block = " " * self.key_column() + f"{key}:{self.nl}" + block_entry(entry, indent, inner, self.nl)
            self.insert_lines(self.insertion_point(key), block)
            return
        node = self.pairs[key][1]
        if not isinstance(node, yaml.SequenceNode):
            self.refuse(f"{key} is not a list")
        if node.flow_style:
            if node.value:
                at, text = node.value[-1].end_mark.index, ", " + flow_entry(entry)
            else:
                at, text = node.end_mark.index - 1, flow_entry(entry)
            self.splice(at, at, text)
            return
        first = node.value[0]
        indent = " " * node.start_mark.column
        if self.text[self.line_start(node.start_mark.index) : node.start_mark.index].strip():
            self.refuse(f"{key} starts its list on the line of its key")
        inner = " " * (first.start_mark.column if isinstance(first, yaml.MappingNode) else node.start_mark.column + 2)
        self.insert_lines(self.entry_end(node), block_entry(entry, indent, inner, self.nl))

    def list_indent(self) -> int:
        """How far this file indents a block list under its key (2 if it has none)."""
        for key_node, value in self.root.value:
            if isinstance(value, yaml.SequenceNode) and not value.flow_style:
                return value.start_mark.column - key_node.start_mark.column
        return 2

    def full_text(self) -> str:
        return ("\ufeff" if self.bom else "") + self.text


# --- Commands' core -------------------------------------------------------------------------


def read_source(ledger: Ledger, rel: str) -> tuple[Path, Source]:
    path = ledger.root / rel
    with open(path, "rb") as f:
        data = f.read()
    source, problems = decode(data, rel)
    if source is None:
        raise LedgerError(f"{rel} cannot be read", tuple(map(str, problems)))
    return path, source


def verify(rel: str, new_text: str, expected: dict[str, Any], config: Config) -> None:
    """Parse the new text as `validate` would; it must hold exactly the intended data."""
    source, problems = decode(new_text.encode("utf-8"), rel)
    node, more = parse(source) if source else (None, [])
    problems += more
    if node is not None:
        result = check.read_item(rel, "0", node)
        problems += result.problems + check.category_problems(rel, result.category, config)
    errors = [p for p in problems if p.is_error]
    if errors:
        raise LedgerError(f"the edit of {rel} would not validate; nothing was written", tuple(map(str, errors)))
    if yaml.load(source.text, Loader=SafeLoader) != expected:  # noqa: S506 - SafeLoader is the safe one
        raise LedgerError(f"the edit of {rel} did not give the intended data; nothing was written")


def load_data(source: Source) -> dict[str, Any]:
    return yaml.load(source.text, Loader=SafeLoader)  # noqa: S506 - SafeLoader is the safe one


def close_item(
    ledger: Ledger, item_id: str, day: date, note: str | None = None, evidence: tuple[str, ...] = ()
) -> Change:
    """销号: status done, closed on `day`, the note logged and evidence added."""
    from ledger.query import find_item

    item = find_item(ledger, item_id)
    if item.status is Status.DONE:
        raise LedgerError(f"item {item.id} is already done (closed on {item.closed.isoformat()})")
    if not item.measures:
        raise LedgerError(f"item {item.id} cannot be closed: it has no measures; add its 整改措施 first")
    path, source = read_source(ledger, item.path)
    expected = load_data(source)
    doc = ItemText(source)
    doc.set_scalar("status", Status.DONE.value)
    doc.set_scalar("closed", day)
    expected.update(status=Status.DONE.value, closed=day)
    if note is not None:
        entry = {"date": day, "note": note}
        doc.append("log", entry)
        expected.setdefault("log", []).append(entry)
    for text in evidence:
        doc.append("evidence", text)
        expected.setdefault("evidence", []).append(text)
    missing = [k for k in ledger.config.close_requires if expected.get(k) in (None, "", [], {})]
    if missing:
        hint = "; give it with --evidence TEXT" if "evidence" in missing else ""
        raise LedgerError(
            f"item {item.id} cannot be closed: ledger.yaml close_requires {', '.join(missing)}, "
            f"and the item has none{hint}"
        )
    verify(item.path, doc.text, expected, ledger.config)
    parts = [f"status {item.status.value} -> done", f"closed {day.isoformat()}"]
    parts += ["note logged"] if note is not None else []
    parts += [f"{len(evidence)} evidence added"] if evidence else []
    return Change(path, item.path, source_text(source), doc.full_text(), f"closed item {item.id}: {', '.join(parts)}")


def reopen_item(ledger: Ledger, item_id: str, day: date, reason: str) -> Change:
    """问题反弹: back to in_progress, closed removed, the reason logged."""
    from ledger.query import find_item

    item = find_item(ledger, item_id)
    if item.status is not Status.DONE:
        raise LedgerError(f"item {item.id} is not done (its status is {item.status.value}); nothing to reopen")
    path, source = read_source(ledger, item.path)
    expected = load_data(source)
    doc = ItemText(source)
    entry = {"date": day, "note": reason}
    doc.append("log", entry)  # first: a log written after `closed` keeps it from being the last line
    doc.set_scalar("status", Status.IN_PROGRESS.value)
    doc.remove("closed")
    expected.update(status=Status.IN_PROGRESS.value)
    del expected["closed"]
    expected.setdefault("log", []).append(entry)
    verify(item.path, doc.text, expected, ledger.config)
    return Change(
        path,
        item.path,
        source_text(source),
        doc.full_text(),
        f"reopened item {item.id}: status done -> in_progress, closed {item.closed.isoformat()} removed, reason logged",
    )


def new_item(
    ledger: Ledger,
    title: str,
    category: str,
    *,
    problem: str | None = None,
    measures: tuple[str, ...] = (),
    deadline: date | None = None,
    departments: tuple[str, ...] = (),
    leader: str | None = None,
    owner: str | None = None,
) -> Change:
    """A new open item under the next id, its fields in the order of SPEC §2.2."""
    keys = [c.key for c in ledger.config.categories]
    if keys and category not in keys:
        raise LedgerError(
            f"no category '{category}' in ledger.yaml{check.suggest(category, keys)} (the keys are {', '.join(keys)})"
        )
    item_id = next_id([fid for fid, _ in ledger.files])
    rel = f"items/{item_id}.yaml"
    data: dict[str, Any] = {"title": title, "category": category, "status": Status.OPEN.value}
    if measures:
        data["measures"] = list(measures)
    for key, value in (("problem", problem), ("leader", leader)):
        if value is not None:
            data[key] = value
    if departments:
        data["department"] = departments[0] if len(departments) == 1 else list(departments)
    for key, value in (("owner", owner), ("deadline", deadline)):
        if value is not None:
            data[key] = value
    lines = []
    for key, value in data.items():
        if key == "measures":
            lines.append("measures:\n" + "".join(block_entry(m, "  ", "    ", "\n") for m in value))
        elif isinstance(value, list):
            lines.append(f"{key}: [{', '.join(flow_entry(v) for v in value)}]\n")
        else:
            lines.append(f"{key}: {scalar_text(value)}\n")
    text = "".join(lines)
    verify(rel, text, data, ledger.config)
    return Change(ledger.root / rel, rel, "", text, f"new item {item_id}: {rel}", create=True)


def next_id(ids: list[str]) -> str:
    """One more than the highest numeric id, padded like the ledger's ids (two digits by default)."""
    numbers = [i for i in ids if i.isdigit()]
    if not numbers:
        return "01"
    width = max(len(i) for i in numbers)
    return str(max(int(i) for i in numbers) + 1).zfill(width)


def source_text(source: Source) -> str:
    return ("\ufeff" if source.bom else "") + source.text


# --- Writing ---------------------------------------------------------------------------------


def write(change: Change) -> None:
    """Write a planned change; if the file changed since it was read, nothing is written."""
    target = change.path.resolve()
    data = change.new.encode("utf-8")
    if change.create:
        target.parent.mkdir(exist_ok=True)  # a ledger's first item may come before its items/ folder
        write_new(target, data)
        return
    with open(target, "rb") as f:
        if f.read().decode("utf-8", "replace") != change.old:
            raise LedgerError(f"{change.rel} changed while it was being edited; nothing was written, try again")
    replace_file(target, data)


def replace_file(target: Path, data: bytes) -> None:
    """Atomically: a temporary file beside the target, flushed and synced, then renamed over it.

    An existing file's permissions are kept; a crash or a full disk leaves the old file whole.
    """
    try:
        mode = target.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666 & ~current_umask()
    tmp = synced_copy(target, data, mode)
    try:
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    sync_folder(target.parent)


def write_new(target: Path, data: bytes) -> None:
    """Create a file that must not exist yet, atomically (a hard link never replaces a file)."""
    tmp = synced_copy(target, data, 0o666 & ~current_umask())
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise LedgerError(f"{target} already exists; nothing was written") from None
    finally:
        tmp.unlink(missing_ok=True)
    sync_folder(target.parent)


def synced_copy(target: Path, data: bytes, mode: int) -> Path:
    """The data in a temporary file beside `target`, on disk; removed again if that fails."""
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def init_ledger(folder: Path) -> list[Path]:
    """A new ledger: a commented ledger.yaml and items/ with one example item; never overwrites."""
    from importlib.resources import files

    folder = folder.resolve()
    for name in ("ledger.yaml", "items"):
        if (folder / name).exists():
            raise LedgerError(f"{folder / name} already exists; ledger init never overwrites anything")
    skeleton = files("ledger") / "skeleton"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "items").mkdir()
    written = [folder / "items" / "01.yaml", folder / "ledger.yaml"]  # ledger.yaml last: it marks the root
    for path in written:
        write_new(path, (skeleton / path.relative_to(folder).as_posix()).read_bytes())
    return written


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def sync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - some systems cannot open folders
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)

"""The commands that edit: close, reopen, new and init — decided on the bytes being edited, under the lock."""

from __future__ import annotations

import contextlib
import dataclasses
import difflib
import hashlib
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from ledger.core import check
from ledger.core import problems as codes
from ledger.core.errors import LedgerError, os_reason
from ledger.core.files import ledger_lock, replace_file, write_new
from ledger.core.i18n import N_, Joined, Phrase, Worded, _, language
from ledger.core.load import CONFIG_NAME, ITEMS_DIR, item_files, load_config
from ledger.core.model import ASSIGN_FIELDS, MAX_ID_LENGTH, Config, Item, LogEntry, Status, is_valid_id
from ledger.core.query import files_with_id, refused_files
from ledger.core.schema import ABOUT, ITEM_KEYS, field_name
from ledger.core.source import SafeLoader, Source, decode, parse, read_regular, within
from ledger.edit.yamledit import ItemText, block_entry, flow_entry, scalar_text


@dataclass
class Change:
    """A planned write: the file's old and new text, and what it means in words."""

    root: Path
    path: str  # relative to the root, as Item.path
    old: str  # the file's text as read (BOM included)
    new: str
    summary: str
    create: bool = False
    read_as: tuple[int, ...] | None = None  # stat_of the file when it was read
    warnings: tuple[str, ...] = ()  # what validate will say of the result, for the user to know now

    def diff(self) -> str:
        old = [] if self.create else self.old.splitlines(keepends=True)
        lines = difflib.unified_diff(
            old,
            self.new.splitlines(keepends=True),
            "/dev/null" if self.create else f"a/{self.path}",
            f"b/{self.path}",
        )
        return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


@dataclass
class Current:
    """An item file as read for an edit: its text, its plain data and the checked item."""

    root: Path
    config: Config
    source: Source
    data: dict[str, Any]
    item: Item
    read_as: tuple[int, ...]
    original: Source | None = None  # the file as on disk, when this is the text of edits planned on it
    digest: str = ""  # sha256 of the file's bytes on disk: what a form made from it carries (serve)

    def change(self, doc: ItemText, expected: dict[str, Any], doing: str, summary: str) -> Change:
        """The edited text as a Change, once it checks and holds exactly `expected`."""
        warnings = verify(self.item.path, self.item.id, self.config, doc.text, expected, doing)
        added = [f"log[{n}]:" for n in range(len(self.data.get("log") or []) + 1, len(expected.get("log") or []) + 1)]
        warnings = tuple(w for w in warnings if any(a in w for a in added))  # about the entries this edit adds
        source = self.original or self.source
        old = ("\ufeff" if source.bom else "") + source.text
        return Change(self.root, self.item.path, old, doc.full_text(), summary, read_as=self.read_as,
                      warnings=warnings)  # fmt: skip


def stat_of(info: os.stat_result) -> tuple[int, int, int, int]:
    """What tells that a file was written since it was read: size, times (change time too) and inode."""
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


@contextmanager
def editing(root: Path) -> Iterator[Config]:
    """Hold the ledger's edit lock; every decision and write of an edit happens inside.

    No edit is made while ledger.yaml has errors: what is valid depends on it.
    """
    config, problems = load_config(root)
    errors = [p for p in problems if p.is_error]
    if errors:
        raise LedgerError(_("{file} has errors; fix them first:").format(file=CONFIG_NAME), tuple(map(str, errors)))
    with ledger_lock(root / CONFIG_NAME):
        yield config


def read_current(root: Path, config: Config, item_id: str) -> Current:
    """The one item file with this id, read once and checked as `validate` would; it must be valid."""
    refs, listing = item_files(root)
    files = [(r.id, r.rel) for r in refs]
    refused_files(listing, item_id, [r.id for r in refs])
    paths = files_with_id(files, item_id, str(root / ITEMS_DIR))
    problems = [p for p in listing if p.path in paths]
    duplicates = check.duplicate_ids(files)
    rel = paths[0]
    try:
        data, info = read_regular(root / rel)
    except OSError as e:
        raise LedgerError(_("{file} cannot be read: {reason}").format(file=rel, reason=os_reason(e))) from None
    problems += [duplicates[r] for r in paths if r in duplicates]
    file_id = next(fid for fid, r in files if r == rel)
    return current_of(root, config, rel, file_id, item_id, data, stat_of(info), problems)


def current_of(root: Path, config: Config, rel: str, file_id: str, item_id: str, data: bytes,
               read_as: tuple[int, ...], problems: list[Any] | None = None) -> Current:  # fmt: skip
    """An item file's bytes as a Current, checked as `validate` would; it must be valid."""
    problems = list(problems or [])
    source, more = decode(data, rel)
    problems += more
    node, more = parse(source) if source else (None, [])
    problems += more
    item = None
    if node is not None and source is not None:
        result = check.check_item(rel, file_id, node, source.text)
        problems += result.problems + check.config_problems(rel, result, config)
        item = result.item
    errors = [p for p in problems if p.is_error]
    if errors or item is None or source is None:
        raise LedgerError(  # the item named by its file's id (08), as every message names it
            _("item {id} does not validate; fix it first:").format(id=file_id or item_id), tuple(map(str, errors))
        )
    plain = SafeLoader("").construct_document(node)
    return Current(root, config, source, plain, item, read_as, digest=hashlib.sha256(data).hexdigest())


def after(current: Current, change: Change) -> Current:
    """The item as a planned change leaves it, for the next edit of the same file before anything is written:
    the change's old text and the time the file was read stay those of the file on disk."""
    planned = current_of(current.root, current.config, change.path, current.item.id, current.item.id,
                         change.new.encode("utf-8"), current.read_as)  # fmt: skip
    planned.original = current.original if current.original is not None else current.source
    planned.digest = current.digest
    return planned


def verify(rel: str, item_id: str, config: Config, new_text: str, expected: dict[str, Any],
           doing: str) -> tuple[str, ...]:  # fmt: skip
    """Parse the new text as `validate` would: it must check, and hold exactly the intended data.
    What the edit makes validate warn of (a log no longer oldest first) is returned, to be said."""
    source, problems = decode(new_text.encode("utf-8"), rel)
    node, more = parse(source) if source else (None, [])
    problems += more
    if node is not None and source is not None:
        result = check.check_item(rel, item_id, node, source.text)
        problems += result.problems + check.config_problems(rel, result, config)
    errors = [p for p in problems if p.is_error]
    if errors:
        said = _("; ").join(p.message + how_to_give(p.message, item_id, doing) for p in errors)
        raise LedgerError(
            _("item {id} cannot be {doing}: {problems}").format(id=item_id, doing=_(doing), problems=said)
        )
    if source is None or yaml.load(source.text, Loader=SafeLoader) != expected:  # noqa: S506 - SafeLoader is the safe one
        raise LedgerError(_("the edit of {file} did not give the intended data; nothing was written").format(file=rel))
    return tuple(str(p) for p in problems if p.code == codes.LOG_ORDER.name)


# What a field missing at 销号 is given with: close's own option, or `set` beforehand.
SET_KEYS = tuple(key for key, about in ABOUT.items() if "set" in about.options)  # `set --KEY TEXT`, from the schema
GIVEN_BY = {"evidence": N_("give it with --evidence TEXT"),
            "measures": N_("add one first: ledger set {id} --add-measure TEXT"),
            "department": N_("give it first: ledger set {id} --{key} NAME")}  # fmt: skip
GIVEN_BY.update({key: N_("give it first: ledger set {id} --{key} NAME") if ABOUT[key].metavar == "NAME"
                 else N_("give it first: ledger set {id} --{key} TEXT") for key in SET_KEYS})  # fmt: skip
# What an edit is doing, for "item 8 cannot be closed: …".
DOING = (N_("closed"), N_("reopened"), N_("noted"), N_("changed"), N_("added"))


def how_to_give(message: str, item_id: str, doing: str) -> str:
    """The command that gives what a refused 销号 lacks, after the refusal's words."""
    field = message.replace("：", ":").partition(":")[0].partition("（")[0]  # measures（整改措施）：…
    if doing != "closed" or field not in GIVEN_BY:
        return ""
    return _(" ({how})").format(how=_(GIVEN_BY[field]).format(id=item_id, key=field))


def write(change: Change) -> None:
    """Write a planned change; if the file changed since it was read, nothing is written."""
    target = change.root / change.path
    data = change.new.encode("utf-8")
    if change.create:
        target.parent.mkdir(exist_ok=True)  # a ledger's first item may come before its items/ folder
        write_new(target, data)
        return
    try:
        info = os.stat(target)
        unchanged = stat_of(info) == change.read_as
    except OSError:
        unchanged = False
    if not unchanged:
        raise LedgerError(
            _("{file} changed while it was being edited; nothing was written, try again").format(file=change.path)
        )
    if info.st_nlink > 1:  # an atomic replace gives this name a new file: the other names would keep the old text
        raise LedgerError(
            _(
                "{file} has {n} names on disk (hard links): an edit would split it in two; nothing was "
                "written (copy it to a file of its own first)"
            ).format(file=change.path, n=info.st_nlink)
        )
    if not info.st_mode & 0o222 or not os.access(target, os.W_OK):
        raise LedgerError(_("{file} is read-only; nothing was written (make it writable first, e.g. chmod u+w)").format(
            file=change.path))  # fmt: skip
    # An item file that is a link (to a file inside the ledger: reading checked that) is edited where the link
    # points, so the two never diverge; replacing the link with a copy would split one item into two texts.
    real = Path(os.path.realpath(target))
    if real != Path(os.path.abspath(target)) and not within(change.root, real):
        raise LedgerError(_("{file} is a link to a file outside the ledger; it is not edited").format(file=change.path))
    replace_file(real, data)


class StaleFile(LedgerError):
    """The file is no longer the one the edit was planned on (a form made from an earlier version)."""

    def __init__(self, message: str, path: str, digest: str) -> None:
        super().__init__(message)
        self.path, self.digest = path, digest


def edit_item(root: Path, item_id: str, plan: Callable[[Current], Change], dry_run: bool,
              expect: str | None = None) -> Change:  # fmt: skip
    """Read the item under the lock, plan the change on what was read, and write it (unless a dry run).

    `expect`: the sha256 of the file the user saw; if the file is not that one any more, nothing is planned.
    """
    with editing(root) as config:
        current = read_current(root, config, item_id)
        if expect is not None and current.digest != expect:
            raise StaleFile(
                _("{path} changed since this form was made; nothing was written").format(path=current.item.path),
                current.item.path,
                current.digest,
            )
        change = plan(current)
        if not dry_run:
            try:
                write(change)
            except OSError as e:
                raise LedgerError(
                    _("cannot write {file}: {reason}; nothing was written").format(
                        file=change.path, reason=os_reason(e)
                    )
                ) from None
    return change


# --- The edits --------------------------------------------------------------------------------


class Plan:
    """The edits of one command on one item file: the text changed line by line, and the data it must then hold."""

    def __init__(self, current: Current) -> None:
        self.current, self.item = current, current.item
        self.doc, self.expected = ItemText(current.source), dict(current.data)
        self.parts: list[Phrase] = []  # what changed, in words, for the summary

    def set(self, key: str, value: Any, part: Phrase) -> None:
        if isinstance(value, list):
            self.doc.set_list(key, value)
            value = value[0] if len(value) == 1 else value
        else:
            self.doc.set_scalar(key, value)
        self.expected[key] = value
        self.parts.append(part)

    def append(self, key: str, entry: Any) -> None:
        self.doc.append(key, entry)
        self.expected[key] = [*self.expected.get(key, []), entry]

    def log(self, day: date, **fields: Any) -> None:
        self.append("log", LogEntry(day, **fields).to_dict())

    def log_in_order(self, day: date, **fields: Any) -> None:
        """An entry where its date belongs: after the last entry dated on or before it (at the end if none is later)."""
        entry = LogEntry(day, **fields).to_dict()
        log = list(self.expected.get("log") or [])
        at = len(log)
        while at > 0 and isinstance(log[at - 1].get("date"), date) and log[at - 1]["date"] > day:
            at -= 1
        if at == len(log):
            self.append("log", entry)
            return
        self.doc.insert("log", at, entry)
        self.expected["log"] = [*log[:at], entry, *log[at:]]

    def change(self, doing: str, verb: str) -> Change:
        return self.current.change(
            self.doc, self.expected, doing, Phrase(VERBS[verb], id=self.item.id, parts=Joined(self.parts))
        )


VERBS = {"closed": N_("closed item {id}: {parts}"), "reopened": N_("reopened item {id}: {parts}"),
         "noted": N_("noted item {id}: {parts}"), "changed": N_("changed item {id}: {parts}")}  # fmt: skip


def worded(current: Current, status: Status) -> Worded:
    """A status in a result line: its code in English and JSON, its label (the ledger's own) in Chinese."""
    return Worded(status.value, current.config.label(status))


def close(root: Path, item_id: str, day: date, note: str | None = None, evidence: tuple[str, ...] = (),
          dry_run: bool = False) -> Change:  # fmt: skip
    return edit_item(root, item_id, lambda current: close_item(current, day, note, evidence), dry_run)


def reopen(root: Path, item_id: str, day: date, reason: str, dry_run: bool = False,
           deadline: date | None = None) -> Change:  # fmt: skip
    return edit_item(root, item_id, lambda current: reopen_item(current, day, reason, deadline), dry_run)


def note(root: Path, item_id: str, day: date, text: str, dry_run: bool = False) -> Change:
    return edit_item(root, item_id, lambda current: note_item(current, day, text, in_order=True), dry_run)


def close_item(current: Current, day: date, note: str | None = None, evidence: tuple[str, ...] = (),
               by: str | None = None, in_order: bool = False) -> Change:  # fmt: skip
    """销号: status done, closed on `day`, logged as a close (with the note and who reported it), evidence added."""
    item = current.item
    if item.status is Status.DONE:
        raise LedgerError(_("item {id} is already done (closed on {day})").format(id=item.id, day=item.closed))
    reopened = max((e.date for e in item.log if e.kind == "reopen"), default=None)
    if reopened is not None and day < reopened:
        raise LedgerError(_("item {id}: a 销号 dated {day} would come before its reopening on {reopened}; a 销号 "
                            "comes after the reopening it ends").format(id=item.id, day=day.isoformat(),
                                                                        reopened=reopened.isoformat()))  # fmt: skip
    plan = Plan(current)
    plan.set(
        "status",
        Status.DONE.value,
        Phrase(N_("status {old} -> {new}"), old=worded(current, item.status), new=worded(current, Status.DONE)),
    )
    plan.set("closed", day, Phrase(N_("closed {day}"), day=day.isoformat()))
    (plan.log_in_order if in_order else plan.log)(day, kind="close", note=note, by=by)
    plan.parts.append(Phrase(N_("logged")) if note is None else Phrase(N_("note logged")))
    for text in evidence:
        plan.append("evidence", text)
    plan.parts += [Phrase(N_("{n} evidence added"), n=len(evidence))] if evidence else []
    return plan.change("closed", "closed")


def reopen_item(current: Current, day: date, reason: str, deadline: date | None = None) -> Change:
    """问题反弹: back to in_progress, closed removed, logged as a reopen with the removed date; evidence stays."""
    item = current.item
    if item.status is not Status.DONE:
        raise LedgerError(
            _("item {id} is not done (its status is {status}); nothing to reopen").format(
                id=item.id, status=worded(current, item.status).said()
            )
        )
    if item.closed is not None and day < item.closed:
        raise LedgerError(_("item {id}: --date {day} is before its 销号 ({closed}); "
                            "a reopening comes after the closing it undoes").format(
            id=item.id, day=day.isoformat(), closed=item.closed.isoformat()))  # fmt: skip
    plan = Plan(current)
    plan.log(day, kind="reopen", from_=item.closed, note=reason)  # first: after `closed`, it keeps it off the end
    plan.set(
        "status",
        Status.IN_PROGRESS.value,
        Phrase(N_("status {old} -> {new}"), old=worded(current, Status.DONE), new=worded(current, Status.IN_PROGRESS)),
    )
    plan.doc.remove("closed")
    del plan.expected["closed"]
    plan.parts += [Phrase(N_("closed {day} removed"), day=str(item.closed)), Phrase(N_("reason logged"))]
    warning = None
    if deadline is not None and deadline != item.deadline:  # the new 完成时限, in the same edit, logged as set does
        plan.set("deadline", deadline, deadline_phrase(item.deadline, deadline))
        plan.log(day, kind="deadline", from_=item.deadline, to=deadline, note=reason)
    if deadline is None and item.deadline is not None and item.deadline < day:
        warning = _("item {id}: its deadline {deadline} has passed, so it is overdue at once; give the new one with "
                    "--deadline DATE").format(id=item.id, deadline=item.deadline.isoformat())  # fmt: skip
    elif deadline is not None and deadline < day:  # given, but passed already: as late as without one
        warning = _("item {id}: the deadline {deadline} has passed by the reopening's date {day}, so it is overdue at "
                    "once").format(id=item.id, deadline=deadline.isoformat(), day=day.isoformat())  # fmt: skip
    change = plan.change("reopened", "reopened")
    if warning is not None:
        change = dataclasses.replace(change, warnings=(*change.warnings, warning))
    return change


def note_item(current: Current, day: date, text: str, by: str | None = None, in_order: bool = False) -> Change:
    """A progress note (整改进展) at the end of the log; `in_order`: where its date belongs (a return)."""
    plan = Plan(current)
    (plan.log_in_order if in_order else plan.log)(day, note=text, by=by)
    plan.parts.append(Phrase(N_("note of {day} logged"), day=day.isoformat()))
    return plan.change("noted", "noted")


def set_fields(root: Path, item_id: str, day: date, changes: dict[str, Any], reason: str | None = None,
               dry_run: bool = False) -> Change:  # fmt: skip
    """Change fields of an item; `changes` holds status, deadline, outcome, leader, owner, department, measures."""
    return edit_item(root, item_id, lambda current: set_item(current, day, changes, reason), dry_run)


def set_item(current: Current, day: date, changes: dict[str, Any], reason: str | None = None,
             by: str | None = None) -> Change:  # fmt: skip
    """Each change with its log entry: a status change, and a deadline moved (with its reason), are kept forever."""
    item, plan = current.item, Plan(current)
    status = changes.get("status")
    if status is not None and status is not item.status:
        if status is Status.DONE:
            raise LedgerError(
                _("use `ledger close {id}` to close an item (销号): it records the date and evidence").format(
                    id=item.id
                )
            )
        if item.status is Status.DONE:
            raise LedgerError(
                _("item {id} is done; reopen it first: ledger reopen {id} --reason TEXT").format(id=item.id)
            )
        plan.set(
            "status",
            status.value,
            Phrase(N_("status {old} -> {new}"), old=worded(current, item.status), new=worded(current, status)),
        )
        plan.log(day, kind="status", from_=item.status.value, to=status.value, by=by)
    deadline = changes.get("deadline")
    if deadline is not None and deadline != item.deadline:
        if item.deadline is not None and not reason:
            raise LedgerError(
                _(
                    "item {id}: moving the deadline from {old} to {new} needs --reason "
                    "({kind} is logged with its reason)"
                ).format(
                    id=item.id,
                    old=item.deadline.isoformat(),
                    new=deadline.isoformat(),
                    kind="延期" if deadline > item.deadline else "提前",
                )  # fmt: skip
            )
        plan.set("deadline", deadline, deadline_phrase(item.deadline, deadline))
        plan.log(day, kind="deadline", from_=item.deadline, to=deadline, note=reason)
    for key in ASSIGN_FIELDS:  # 责任调整: logged with both sides, so that who answers for an item stays traceable
        value = changes.get(key)
        if key == "department":
            value = list(value or []) or None
        before = getattr(item, key) or None
        if value is not None and value != before:
            old, new = as_written(before), as_written(value)
            words = (Phrase(N_("{field} {new}"), field=field_name(key), new=names_text(new)) if old is None else
                     Phrase(N_("{field} {old} -> {new}"), field=field_name(key), old=names_text(old),
                            new=names_text(new)))  # fmt: skip
            plan.set(key, value, words)
            plan.log(day, kind="assign", field=key, from_=old, to=new, by=by)
    for key in SET_KEYS:
        value = changes.get(key)
        if key not in ASSIGN_FIELDS and value is not None and value != getattr(item, key):
            plan.set(key, value, Phrase(N_("{field} set"), field=field_name(key)))
    for measure in changes.get("measures") or ():
        plan.append("measures", measure)
    for text in changes.get("evidence") or ():
        plan.append("evidence", text)
    plan.parts += [Phrase(N_("{n} evidence added"), n=len(changes["evidence"]))] if changes.get("evidence") else []
    plan.parts += [Phrase(N_("{n} measure(s) added"), n=len(changes["measures"]))] if changes.get("measures") else []
    if not plan.parts:
        raise LedgerError(_("item {id}: nothing to change; it already holds what was given").format(id=item.id))
    return plan.change("changed", "changed")


def deadline_phrase(old: date | None, new: date) -> Phrase:
    """A deadline moved, or set where there was none (not "from none to …")."""
    if old is None:
        return Phrase(N_("deadline set to {new}"), new=new.isoformat())
    return Phrase(N_("deadline {old} -> {new}"), old=old.isoformat(), new=new.isoformat())


def as_written(value: Any) -> Any:
    """A leader's, owner's or departments' value as an item file writes it: one department plain, several a list."""
    if isinstance(value, list):
        return None if not value else value[0] if len(value) == 1 else list(value)
    return value


def names_text(value: Any) -> str:
    return "、".join(value) if isinstance(value, list) else str(value)


def new_item(root: Path, fields: dict[str, Any], dry_run: bool = False, expect_path: str | None = None) -> Change:
    """A new open item under the next id, its fields in the order of the item format.

    `fields` holds title and category, and any of the other keys; `department` is a list. With
    `expect_path` (the file a preview showed), the item is added there or not at all: checked under the lock.
    """
    with editing(root) as config:
        from ledger.core.typed import category_key

        fields = {**fields, "category": category_key(fields["category"], config)}  # by key or title, as typed
        message = check.unknown_category(fields["category"], config, typed=True)
        if message:
            raise LedgerError(_("--category: {message}").format(message=message))
        refs, listing = item_files(root)
        folder_errors = [p for p in listing if p.path.rstrip("/") == ITEMS_DIR and p.is_error]
        if folder_errors:
            raise LedgerError(
                _("{folder}/ cannot take a new item:").format(folder=ITEMS_DIR), tuple(map(str, folder_errors))
            )
        item_id = next_id([r.id for r in refs])
        rel = f"{ITEMS_DIR}/{item_id}.yaml"
        if expect_path is not None and rel != expect_path:
            raise LedgerError(
                _("another item took {path} since the preview; look at the new preview and save again").format(
                    path=expect_path
                )
            )
        data = {key: fields[key] for key in ITEM_KEYS if fields.get(key) not in (None, [], ())}
        data["status"] = Status.OPEN.value
        data = {key: data[key] for key in ITEM_KEYS if key in data}
        if len(data.get("department", ())) == 1:
            data["department"] = data["department"][0]
        text = "".join(new_entry(key, value) for key, value in data.items())
        verify(rel, item_id, config, text, data, "added")
        change = Change(root, rel, "", text, Phrase(N_("new item {id}: {file}"), id=item_id, file=rel), create=True)
        if not dry_run:
            write(change)
    return change


def new_entry(key: str, value: Any) -> str:
    """One key of a new item file: measures one per line, other lists in brackets."""
    if key == "measures":
        return "measures:\n" + "".join(block_entry(m, "  ", "    ", "\n") for m in value)
    if isinstance(value, list):
        return f"{key}: [{', '.join(flow_entry(v) for v in value)}]\n"
    return f"{key}: {scalar_text(value)}\n"


def next_id(ids: list[str]) -> str:
    """One more than the highest numeric id, padded like the ledger's ids (two digits by default)."""
    numbers = [i for i in ids if i.isdigit()]
    if not numbers:
        return "01"
    width = max(len(i) for i in numbers)
    found = str(max(int(i) for i in numbers) + 1).zfill(width)
    if not is_valid_id(found):
        raise LedgerError(_("the next id after the highest, {highest}, would be {n} digits long, "
                            "over the {most} an id may have; renumber that item").format(
            highest=max(numbers, key=int), n=len(found), most=MAX_ID_LENGTH))  # fmt: skip
    return found


def example_dates(text: str, today: date) -> str:
    """The example's dates around today: an inspection fed back two months ago, the next notice and
    the item's deadline ahead, so the new ledger is not overdue on its first `ledger list`."""
    from datetime import timedelta

    days = {"@START@": -180, "@END@": -120, "@FEEDBACK@": -60, "@NOTE_DATE@": -30, "@DEADLINE@": 60,
            "@PUBLISHED@": 30, "@UNTIL@": 60}  # fmt: skip
    for mark, offset in days.items():
        text = text.replace(mark, (today + timedelta(days=offset)).isoformat())
    return text


def init_ledger(folder: Path, today: date) -> list[Path]:
    """A new ledger: a commented ledger.yaml and items/ with one example item; never overwrites."""
    from importlib.resources import files

    folder = folder.absolute()
    for name in (CONFIG_NAME, ITEMS_DIR):
        if os.path.lexists(folder / name):
            raise LedgerError(
                _("{path} already exists; ledger init never overwrites anything").format(path=folder / name)
            )
    skeleton = files("ledger") / "skeleton"
    written = [folder / ITEMS_DIR / "01.yaml", folder / CONFIG_NAME]  # ledger.yaml last: it marks the root
    made: list[Path] = []  # what this init made, removed again if it fails half-way (so the next init can run)
    try:
        for path in (*reversed(folder.parents[: len(folder.parents) - 1]), folder, folder / ITEMS_DIR):
            if not os.path.lexists(path):
                path.mkdir()
                made.append(path)
        for path in written:
            source = path.relative_to(folder).as_posix()
            if language() == "zh":  # the comments in Chinese (ledger.zh.yaml beside ledger.yaml); the data the same
                source = source.replace(".yaml", ".zh.yaml")
            text = (skeleton / source).read_text(encoding="utf-8")
            write_new(path, example_dates(text, today).encode("utf-8"))
            made.append(path)
    except (OSError, LedgerError) as e:
        for path in reversed(made):
            with contextlib.suppress(OSError):
                path.rmdir() if path.is_dir() else path.unlink()
        reason = e.message if isinstance(e, LedgerError) else os_reason(e)
        raise LedgerError(
            _("cannot create the ledger in {folder}: {reason}").format(folder=folder, reason=reason)
        ) from None
    return written

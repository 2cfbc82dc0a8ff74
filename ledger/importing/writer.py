"""A draft written as ledger files: a new ledger built in a temporary folder and renamed into place, or new
items (and categories) added to an existing ledger under its lock — validated first, all or nothing."""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from ledger.core import check
from ledger.core.dates import today
from ledger.core.errors import LedgerError, os_reason
from ledger.core.files import current_umask, ledger_lock, replace_file, write_new
from ledger.core.i18n import _
from ledger.core.load import CONFIG_NAME, ITEMS_DIR, item_files, load_config, load_ledger
from ledger.core.model import DEFAULT_LABELS, Status
from ledger.core.schema import ITEM_KEYS
from ledger.core.source import SafeLoader, within
from ledger.edit.editor import new_entry, next_id, verify
from ledger.edit.yamledit import scalar_text
from ledger.importing.draft import Draft
from ledger.importing.words import category_key, compact, title_key

REPORT_NAME = "import-report.md"
CONFIG_ORDER = ("schema", "title", "issuer", "subject", "inspection", "categories", "organization", "next_steps",
                "publication", "contact", "notice", "status_labels", "close_requires", "docx")  # fmt: skip


@dataclass
class Plan:
    """The files an import will write, relative to the target, with their text."""

    target: Path
    new_ledger: bool
    files: dict[str, str] = field(default_factory=dict)  # path → text, in writing order
    config_text: str | None = None  # the edited ledger.yaml of an existing ledger
    config_read: bytes | None = None  # ledger.yaml's bytes that edit was made on
    ids: list[str] = field(default_factory=list)
    added_categories: list[tuple[str, str]] = field(default_factory=list)


# --- YAML text ----------------------------------------------------------------------------------


def yaml_value(key: str, value: Any, indent: str = "") -> str:
    """One key of ledger.yaml as block YAML, every scalar through the editor's quoting."""
    if isinstance(value, dict):
        if not value:
            return ""
        return f"{indent}{key}:\n" + "".join(yaml_value(k, v, indent + "  ") for k, v in value.items())
    if isinstance(value, list):
        lines = [f"{indent}{key}:\n"]
        for entry in value:
            if isinstance(entry, dict):
                first = True
                for k, v in entry.items():
                    lines.append(f"{indent}  {'- ' if first else '  '}{k}: {scalar(v)}\n")
                    first = False
            else:
                lines.append(f"{indent}  - {scalar(entry)}\n")
        return "".join(lines)
    return f"{indent}{key}: {scalar(value)}\n"


def scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return scalar_text(str(value))


def item_text(fields: dict[str, Any]) -> str:
    data = {key: fields[key] for key in ITEM_KEYS if fields.get(key) not in (None, [], (), {}, "")}
    parts = []
    for key, value in data.items():
        if isinstance(value, dict):
            parts.append(yaml_value(key, value))
        elif key == "department" and len(value) == 1:
            parts.append(new_entry(key, value[0]))
        elif key == "log":
            parts.append(yaml_value(key, value))
        else:
            parts.append(new_entry(key, value))
    return "".join(parts)


def item_data(fields: dict[str, Any]) -> dict[str, Any]:
    data = {key: fields[key] for key in ITEM_KEYS if fields.get(key) not in (None, [], (), {}, "")}
    if len(data.get("department", ())) == 1:
        data["department"] = data["department"][0]
    return data


def checked(text: str, expected: dict[str, Any], what: str) -> str:
    """The text of a file to write, read back: it must hold exactly the intended data."""
    if yaml.load(text, Loader=SafeLoader) != expected:  # noqa: S506 - SafeLoader is the safe one
        raise LedgerError(_("{what} did not give the intended data when read back; nothing was written").format(
            what=what))  # fmt: skip
    return text


# --- Preparing the draft -------------------------------------------------------------------------


def finish_items(draft: Draft, keys: dict[str, str], feedback: date | None, close_day: date | None) -> None:
    """Fields every item must have before it is written: a key for its category, measures unless open, a
    closing date when done — each decision that was not in the source reported."""
    for item in draft.items:
        fields = item.fields
        fields["category"] = keys[fields["category"]]
        status = fields.get("status") or Status.OPEN
        if not fields.get("measures") and status is not Status.OPEN:
            draft.findings.inferred(item.place, fields.get("title", ""), _(
                "no measures: written as open (未启动) instead of {label}, as an item without measures must be"
            ).format(label=DEFAULT_LABELS[status]))  # fmt: skip
            status = Status.OPEN
        if status is Status.DONE and not fields.get("closed"):
            day = close_day or today()
            fields["closed"] = day
            where = _("the 填报日期 of the source") if close_day else _("today, the day of the import")
            draft.findings.inferred(item.place, fields.get("title", ""), _("done without a 销号 date: closed on "
                                    "{day} ({where})").format(day=day.isoformat(), where=where))  # fmt: skip
        if status is not Status.DONE and fields.get("closed"):
            draft.findings.unused(item.place, fields["closed"], _("a 销号 date for an item that is not done: not "
                                                                  "kept"))  # fmt: skip
            fields.pop("closed")
        if feedback and fields.get("closed") and fields["closed"] < feedback:
            draft.findings.unused(item.place, fields["closed"], _("closed before the feedback of {day}: the "
                                  "closing date is set to the feedback day").format(day=feedback))  # fmt: skip
            fields["closed"] = feedback
        fields["status"] = status.value


def new_config(draft: Draft, keys: dict[str, str]) -> dict[str, Any]:
    data = dict(draft.config)
    data["schema"] = 1
    data["categories"] = [{"key": keys[title], "title": title} for title in draft.categories]
    for required in ("title", "issuer"):
        if not data.get(required):
            data[required] = "××"
            draft.findings.unused(
                draft.source,
                "",
                _(
                    "the source does not give the ledger's {field}: written as ×× "
                    "for you to replace (validate warns until you do)"
                ).format(field=required),
            )
    return {k: data[k] for k in CONFIG_ORDER if k in data and data[k] not in (None, {}, [])}


def plan_new(draft: Draft, target: Path) -> Plan:
    taken: set[str] = set()
    keys = {}
    for title in draft.categories:
        keys[title] = category_key(title, taken)
        taken.add(keys[title])
    feedback = (draft.config.get("inspection") or {}).get("feedback")
    close_day = draft.config.pop("_close_day", None) or (draft.config.get("publication") or {}).get("date")
    finish_items(draft, keys, feedback, close_day)
    config = new_config(draft, keys)
    plan = Plan(target, True)
    text = "".join(yaml_value(k, v) for k, v in config.items())
    plan.files[CONFIG_NAME] = checked(text, config, CONFIG_NAME)
    width = max(2, len(str(len(draft.items))))
    for n, item in enumerate(draft.items, 1):
        item_id = str(n).zfill(width)
        plan.ids.append(item_id)
        rel = f"{ITEMS_DIR}/{item_id}.yaml"
        plan.files[rel] = checked(item_text(item.fields), item_data(item.fields), rel)
    return plan


def plan_into(draft: Draft, root: Path, allow_duplicates: bool) -> Plan:
    """New items under the next ids of an existing ledger; categories matched by title, new ones added."""
    config, problems = load_config(root)
    errors = [p for p in problems if p.is_error]
    if errors:
        raise LedgerError(_("{name} has errors; fix them first:").format(name=CONFIG_NAME), tuple(map(str, errors)))
    existing = {title_key(c.title): c.key for c in config.categories}
    taken = {c.key for c in config.categories}
    keys: dict[str, str] = {}
    plan = Plan(root, False)
    for title in draft.categories:
        match = existing.get(title_key(title))
        if match:
            keys[title] = match
            continue
        keys[title] = category_key(title, taken)
        taken.add(keys[title])
        existing[title_key(title)] = keys[title]
        plan.added_categories.append((keys[title], title))
        draft.findings.note(draft.source, title, _("a category the ledger does not have: added to {name} as "
                                                   "{key}").format(name=CONFIG_NAME, key=keys[title]))  # fmt: skip
    ledger = load_ledger(root, use_cache=False)
    titles = {compact(i.title): i.id for i in ledger.items}
    duplicates = [(item, titles[compact(item.fields.get("title", ""))]) for item in draft.items
                  if compact(item.fields.get("title", "")) in titles]  # fmt: skip
    if duplicates and not allow_duplicates:
        lines = tuple(_("{place}: 「{title}」 is item {id} already").format(
            place=d.place, title=d.fields.get("title"), id=i) for d, i in duplicates)  # fmt: skip
        raise LedgerError(_("{n} of the {total} items are in the ledger already (by title): importing would "
                            "duplicate them; nothing was written. Give --allow-duplicates to import them all "
                            "the same.").format(n=len(duplicates), total=len(draft.items)), lines)  # fmt: skip
    for item, item_id in duplicates:
        draft.findings.note(item.place, item.fields.get("title"), _("the ledger has this title as item {id}: "
                                                                    "imported again (--allow-duplicates)")
                            .format(id=item_id))  # fmt: skip
    feedback = (config.data.get("inspection") or {}).get("feedback")
    finish_items(draft, keys, feedback, draft.config.pop("_close_day", None))
    refs, _problems = item_files(root)
    ids = [r.id for r in refs]
    for item in draft.items:
        item_id = next_id(ids)
        ids.append(item_id)
        plan.ids.append(item_id)
        rel = f"{ITEMS_DIR}/{item_id}.yaml"
        plan.files[rel] = checked(item_text(item.fields), item_data(item.fields), rel)
    if plan.added_categories:
        plan.config_read = (root / CONFIG_NAME).read_bytes()
        plan.config_text = add_categories(plan.config_read, plan.added_categories)
    return plan


def add_categories(raw: bytes, added: list[tuple[str, str]]) -> str:
    """ledger.yaml with categories appended after its last one, every other byte as it was; re-read to
    check it holds exactly the old data plus the new categories."""
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    nl = "\r\n" if "\r\n" in text else "\n"
    node = yaml.compose(text, Loader=SafeLoader)
    sequence = next((v for k, v in node.value if k.value == "categories"), None) if node is not None else None
    if not isinstance(sequence, yaml.SequenceNode) or sequence.flow_style or not sequence.value:
        raise LedgerError(_("{name}'s categories are not a block list (- key: …) this import can add to; add "
                            "them yourself: {titles}").format(name=CONFIG_NAME,
                                                              titles="、".join(t for _k, t in added)))  # fmt: skip
    last = sequence.value[-1]
    end = last_scalar(last).end_mark.index
    line_end = text.find("\n", end)
    cut = len(text) if line_end < 0 else line_end + 1
    first = sequence.value[0]
    dash = " " * max(0, first.start_mark.column - 2)
    prefix = "" if text[:cut].endswith("\n") else nl
    entries = "".join(f"{dash}- key: {scalar_text(k)}{nl}{dash}  title: {scalar_text(t)}{nl}" for k, t in added)
    new_text = text[:cut] + prefix + entries + text[cut:]
    old_data = yaml.load(text, Loader=SafeLoader)  # noqa: S506 - SafeLoader is the safe one
    expected = dict(old_data)
    expected["categories"] = [*old_data["categories"], *({"key": k, "title": t} for k, t in added)]
    new_node = yaml.compose(new_text, Loader=SafeLoader)
    checked, problems = check.check_config(CONFIG_NAME, new_node)
    errors = [p for p in problems if p.is_error]
    if errors or yaml.load(new_text, Loader=SafeLoader) != expected:  # noqa: S506
        raise LedgerError(_("adding the categories to {name} did not give the intended data; nothing was "
                            "written").format(name=CONFIG_NAME), tuple(map(str, errors)))  # fmt: skip
    del checked
    return ("\ufeff" if bom else "") + new_text


def last_scalar(node: yaml.Node) -> yaml.Node:
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.value:
        tail = node.value[-1]
        node = tail[1] if isinstance(tail, tuple) else tail
    return node


# --- Writing --------------------------------------------------------------------------------


def write_plan(plan: Plan) -> None:
    if plan.new_ledger:
        write_new_ledger(plan)
    else:
        write_into(plan)


def write_new_ledger(plan: Plan) -> None:
    """Every file in a temporary folder beside the target, the whole ledger validated there, then one rename."""
    target = Path(os.path.abspath(plan.target))
    parent = target.parent
    if not parent.is_dir():
        raise LedgerError(_("{path}: its folder {parent} does not exist").format(path=plan.target, parent=parent))
    try:
        tmp = Path(tempfile.mkdtemp(prefix=".ledger-import-", dir=parent))
    except OSError as e:
        raise LedgerError(_("cannot write the import: {why}; nothing was written").format(
            why=os_reason(e))) from None  # fmt: skip
    try:
        try:
            os.chmod(tmp, 0o777 & ~current_umask())  # a ledger folder like any other, not mkdtemp's 0700
            (tmp / ITEMS_DIR).mkdir()
            for rel, text in plan.files.items():
                with open(tmp / rel, "xb") as f:  # a folder of our own: synced once, below, not file by file
                    f.write(text.encode("utf-8"))
        except OSError as e:
            raise LedgerError(_("cannot write the import: {why}; nothing was written").format(
                why=os_reason(e))) from None  # fmt: skip
        ledger = load_ledger(tmp, use_cache=False)
        if ledger.errors:
            raise LedgerError(
                _("the imported ledger would not validate; nothing was written:"),
                tuple(str(p) for p in ledger.errors[:20]),
            )
        shutil.rmtree(tmp / ".ledger-cache", ignore_errors=True)
        if hasattr(os, "sync"):
            os.sync()  # every file on disk before the folder appears under its name
        if os.path.islink(target):
            raise LedgerError(_("{path} is a link; --into names a new folder").format(path=plan.target))
        if target.is_dir() and not any(target.iterdir()):
            target.rmdir()
        try:
            os.rename(tmp, target)
        except OSError as e:
            raise LedgerError(_("cannot create {path}: {why}; nothing was written").format(
                path=plan.target, why=os_reason(e))) from None  # fmt: skip
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def refuse_outside(root: Path, plan: Plan) -> None:
    """Every file the import writes must be a new name inside the ledger: items/ no link out, no file (or
    dangling link) already at a new item's name — checked before anything is written."""
    items = root / ITEMS_DIR
    if os.path.islink(items) or (os.path.lexists(items) and not within(root, items)):
        raise LedgerError(_("{rel}/ is a link; import writes only inside the ledger; nothing was written").format(
            rel=ITEMS_DIR))  # fmt: skip
    if os.path.lexists(items) and not items.is_dir():
        raise LedgerError(_("{rel} is not a folder; nothing was written").format(rel=ITEMS_DIR))
    for rel in plan.files:
        if rel.startswith(ITEMS_DIR + "/") and os.path.lexists(root / rel):
            raise LedgerError(_("{rel} exists already (a file or a link); nothing was written").format(rel=rel))
    for rel in (CONFIG_NAME, REPORT_NAME):
        if os.path.lexists(root / rel) and not within(root, root / rel):
            raise LedgerError(_("{rel} is a link out of the ledger; nothing was written").format(rel=rel))


def write_into(plan: Plan) -> None:
    """Under the ledger's lock: each new item checked like `ledger new`'s, then written; on any failure the
    ones written are removed again and ledger.yaml is left as it was."""
    root = plan.target
    with ledger_lock(root / CONFIG_NAME):
        config_text = plan.config_text
        if config_text is not None and (root / CONFIG_NAME).read_bytes() != plan.config_read:
            raise LedgerError(_("{name} changed while the import was being prepared; nothing was written, try "
                                "again").format(name=CONFIG_NAME))  # fmt: skip
        if config_text is not None:
            node = yaml.compose(config_text.lstrip("\ufeff"), Loader=SafeLoader)
            config, _problems = check.check_config(CONFIG_NAME, node)
        else:
            config, _problems = load_config(root)
        refuse_outside(root, plan)
        refs, _listing = item_files(root)
        taken = {r.id for r in refs}
        for rel, text in plan.files.items():
            if rel.startswith(ITEMS_DIR + "/"):
                item_id = rel[len(ITEMS_DIR) + 1 : -len(".yaml")]
                if item_id in taken:
                    raise LedgerError(_("{rel} was added meanwhile; nothing was written, try again").format(rel=rel))
                expected = yaml.load(text, Loader=SafeLoader)  # noqa: S506
                verify(rel, item_id, config, text, expected, "imported")
        written: list[Path] = []
        try:
            (root / ITEMS_DIR).mkdir(exist_ok=True)
            for rel, text in plan.files.items():
                if rel.startswith(ITEMS_DIR + "/"):
                    write_new(root / rel, text.encode("utf-8"))
                    written.append(root / rel)
            if config_text is not None:
                replace_file(root / CONFIG_NAME, config_text.encode("utf-8"))
        except (OSError, LedgerError) as e:
            for path in written:
                path.unlink(missing_ok=True)
            if isinstance(e, LedgerError):
                raise
            raise LedgerError(_("cannot write the import: {why}; nothing was written").format(
                why=os_reason(e))) from None  # fmt: skip
        with suppress(OSError):  # the report is also on stderr; a read-only root must not undo the import
            replace_file(root / REPORT_NAME, plan.files[REPORT_NAME].encode("utf-8"))

"""The forms that edit: each reads its fields, plans the edit through the editor of SPEC 3.1 and
shows it as a diff (a dry run) before the same edit is saved, on the file the form was made from."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ledger.core.dates import NotADate, parse_day
from ledger.core.errors import LedgerError
from ledger.core.i18n import enumeration
from ledger.core.model import Item, Ledger, Status, item_id_of
from ledger.edit import editor
from ledger.edit.editor import Change, Current, StaleFile
from ledger.web.words import N_, _

Stale = StaleFile


@dataclass
class Field:
    name: str
    label: str
    kind: str = "text"  # text | textarea | date | select | lines
    required: bool = False
    help: str = ""
    choices: Callable[[Ledger], list[tuple[str, str]]] | None = None


@dataclass
class Form:
    action: str
    title: str
    verb: str
    fields_: list[Field]
    plan: Callable[[dict[str, Any], date], Callable[[Current], Change]] | None = None
    initial_of: Callable[[Item | None, Ledger, date], dict[str, str]] = field(default=lambda item, ledger, day: {})

    @property
    def fields(self) -> list[str]:
        return [f.name for f in self.fields_]

    def initial(self, item: Item | None, ledger: Ledger, day: date) -> dict[str, str]:
        values = dict.fromkeys(self.fields, "")
        if "date" in values:
            values["date"] = day.isoformat()
        values.update(self.initial_of(item, ledger, day))
        return values

    def changed(self, values: dict[str, str], item: Item, ledger: Ledger, day: date) -> dict[str, str]:
        """The values, with each pre-filled field the clerk left as the form showed it emptied (no change):
        so a value the form cannot show exactly (a multi-line block, a space at an end) is never rewritten."""
        shown = self.initial_of(item, ledger, day)
        return {name: "" if name in shown and same(value, shown[name]) else value for name, value in values.items()}

    def run(self, root: Path, item: Item | None, ledger: Ledger, values: dict[str, str], day: date, expect: str,
            dry_run: bool, path: str | None = None) -> Change:  # fmt: skip
        """The edit as a dry run (its diff) or saved; refused with the editor's own message."""
        for f in self.fields_:
            if f.required and not values.get(f.name, "").strip():
                raise LedgerError(_("{field}: required").format(field=_(f.label)))
        if self.action == "new":
            return new_item(root, values, dry_run, path)
        assert item is not None and self.plan is not None
        values = self.changed(values, item, ledger, day)
        plan = self.plan(values, day_of(values.get("date", ""), day, _("date")))
        return editor.edit_item(root, item.id, plan, dry_run, expect=expect)


def day_of(text: str, default: date, label: str) -> date:
    text = text.strip()
    if not text:
        return default
    try:
        return parse_day(text)
    except NotADate:
        raise LedgerError(
            _("{field}: '{value}' is not a date; write YYYY-MM-DD").format(field=label, value=text)
        ) from None


def same(sent: str, shown: str) -> bool:
    """A field as sent is the one the form showed, line ends and spaces at the ends aside (a browser changes those)."""
    return lines(sent) == lines(shown)


def optional_day(text: str, label: str) -> date | None:
    return day_of(text, date.min, label) if text.strip() else None


def lines(text: str) -> list[str]:
    """One value a line (a list of evidence, measures or departments); empty lines left out."""
    return [line.strip() for line in re.split(r"\r\n|\r|\n", text) if line.strip()]


def text_or_none(text: str) -> str | None:
    return text.strip() or None


def statuses(ledger: Ledger) -> list[tuple[str, str]]:
    return [("", _("(unchanged)"))] + [(s.value, ledger.config.label(s)) for s in Status if s is not Status.DONE]


def categories(ledger: Ledger) -> list[tuple[str, str]]:
    return [(c.key, c.title) for c in ledger.config.categories]


def item_id_of_path(path: str) -> str:
    return item_id_of(path.rsplit("/", 1)[-1])


# --- The plans: form values to the editor's edits ------------------------------------------------


def plan_note(values: dict[str, Any], day: date) -> Callable[[Current], Change]:
    text = values["text"].strip()
    return lambda current: editor.note_item(current, day, text)


def plan_close(values: dict[str, Any], day: date) -> Callable[[Current], Change]:
    note, evidence = text_or_none(values["note"]), tuple(lines(values["evidence"]))
    return lambda current: editor.close_item(current, day, note, evidence)


def plan_reopen(values: dict[str, Any], day: date) -> Callable[[Current], Change]:
    reason = values["reason"].strip()
    return lambda current: editor.reopen_item(current, day, reason)


def status_of(text: str) -> Status | None:
    if not text:
        return None
    try:
        return Status(text)
    except ValueError:
        codes = enumeration(s.value for s in Status)
        raise LedgerError(_("status: '{value}' is not one of {codes}").format(value=text, codes=codes)) from None


def plan_set(values: dict[str, Any], day: date) -> Callable[[Current], Change]:
    status = status_of(values.get("status", ""))
    changes = {
        "status": status,
        "deadline": optional_day(values["deadline"], _("deadline")),
        "outcome": text_or_none(values["outcome"]),
        "leader": text_or_none(values["leader"]),
        "owner": text_or_none(values["owner"]),
        "department": lines(values["department"]) or None,
        "measures": lines(values["measures"]) or None,
    }
    reason = text_or_none(values["reason"])
    return lambda current: editor.set_item(current, day, changes, reason)


def set_initial(item: Item | None, ledger: Ledger, day: date) -> dict[str, str]:
    assert item is not None
    return {
        "deadline": item.deadline.isoformat() if item.deadline else "",
        "outcome": item.outcome or "",
        "leader": item.leader or "",
        "owner": item.owner or "",
        "department": "\n".join(item.department),
    }


def new_item(root: Path, values: dict[str, str], dry_run: bool, path: str | None) -> Change:
    fields = {
        "title": values["title"].strip(),
        "category": values["category"],
        "problem": text_or_none(values["problem"]),
        "measures": lines(values["measures"]),
        "deadline": optional_day(values["deadline"], _("deadline")),
        "department": lines(values["department"]),
        "leader": text_or_none(values["leader"]),
        "owner": text_or_none(values["owner"]),
    }
    # The id shown in the preview, or nothing: another window may have added one since (checked under the lock).
    return editor.new_item(root, fields, dry_run, expect_path=path or None if not dry_run else None)


DATE = Field("date", N_("Date"), "date", help=N_("the day to record; default today"))
ONE_A_LINE = N_("one a line, without 一是/二是")
LEAD_FIRST = N_("one a line, the lead first")
FORMS: dict[str, Form] = {
    "note": Form(
        "note",
        N_("Write progress"),
        N_("Save the note"),
        [Field("text", N_("Progress"), "textarea", True), DATE],
        plan_note,
    ),
    "close": Form(
        "close",
        N_("Close out (销号)"),
        N_("Close out"),
        [
            DATE,
            Field("note", N_("Note"), "textarea"),
            Field("evidence", N_("Evidence"), "lines", help=N_("one document a line")),
        ],
        plan_close,
    ),
    "set": Form(
        "set",
        N_("Change"),
        N_("Save the changes"),
        [
            Field("status", N_("Status"), "select", choices=statuses),
            Field("deadline", N_("Deadline"), "date"),
            Field("reason", N_("Reason for moving the deadline"), help=N_("needed when a set deadline moves")),
            Field("leader", N_("Responsible leader")),
            Field("department", N_("Departments"), "lines", help=LEAD_FIRST),
            Field("owner", N_("Responsible person")),
            Field("outcome", N_("Outcome"), "textarea"),
            Field("measures", N_("Measures to add"), "lines", help=ONE_A_LINE),
            DATE,
        ],
        plan_set,
        set_initial,
    ),
    "reopen": Form(
        "reopen", N_("Reopen"), N_("Reopen"), [Field("reason", N_("Reason"), "textarea", True), DATE], plan_reopen
    ),
    "new": Form(
        "new",
        N_("New item"),
        N_("Add the item"),
        [
            Field("title", N_("Task"), required=True),
            Field("category", N_("Category"), "select", True, choices=categories),
            Field("problem", N_("Problem as fed back"), "textarea"),
            Field("measures", N_("Measures"), "lines", help=ONE_A_LINE),
            Field("deadline", N_("Deadline"), "date"),
            Field("leader", N_("Responsible leader")),
            Field("department", N_("Departments"), "lines", help=LEAD_FIRST),
            Field("owner", N_("Responsible person")),
        ],
    ),
}

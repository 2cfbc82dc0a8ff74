"""What the pages show, as plain values for the templates: the 台账's rows and counts, an item's parts,
the notice and its downloads, changes since the last notice, two versions of a file side by side."""

from __future__ import annotations

import difflib
import os
import shutil
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ledger import output
from ledger.core.check import refuse_invalid, unknown_category
from ledger.core.dates import NotADate, parse_day
from ledger.core.errors import LedgerError
from ledger.core.i18n import said
from ledger.core.model import Item, Ledger, Light, Problem, Status
from ledger.core.query import Filters, select_items, sort_items
from ledger.core.schema import ITEM_KEYS, field_name
from ledger.core.source import read_regular, within
from ledger.core.stats import count
from ledger.web.words import N_, _


def problems(ledger: Ledger) -> list[Problem]:
    """validate's problems, shown on every page until they are fixed."""
    return ledger.problems


def light(item: Item, ledger: Ledger, as_of: date) -> str | None:
    """The item's warning light (SPEC 3.9) as its code, or None for an item done or ongoing."""
    found = item.light_on(as_of, ledger.config.yellow_days)
    return found.value if found is not None else None


SORTS = ("notice", "id", "deadline")


def as_of(args: Any, default: date) -> date:
    """The day deadlines are judged on: ?as_of=YYYY-MM-DD, else today."""
    text = (args.get("as_of") or "").strip()
    if not text:
        return default
    try:
        return parse_day(text)
    except NotADate:
        raise LedgerError(_("as of: '{value}' is not a date; write YYYY-MM-DD").format(value=text)) from None


def table(ledger: Ledger, args: Any, as_of_default: date) -> dict[str, Any]:
    """The 台账 with list's filters (overdue, status, category, department, due within, light), sorted, counted."""
    day = as_of(args, as_of_default)
    category = args.get("category") or None
    if category is not None:
        message = unknown_category(category, ledger.config)
        if message:
            raise LedgerError(message)
    departments = sorted({d for item in ledger.items for d in item.department})
    department = args.get("department") or None
    chosen = tuple(Status(s) for s in args.getlist("status") if s in {x.value for x in Status})
    due = args.get("due_within", "").strip()
    if due and not (due.isdigit() and int(due) <= 100_000):
        raise LedgerError(_("due within: '{value}' is not a number of days").format(value=due))
    lights = tuple(Light(x) for x in args.getlist("light") if x in {light.value for light in Light})
    sort = args.get("sort") if args.get("sort") in SORTS else "notice"
    filters = Filters(bool(args.get("overdue")), chosen, category, department, int(due) if due else None, lights,
                      ledger.config.yellow_days)  # fmt: skip
    items = sort_items(select_items(ledger.items, day, filters), sort)
    rows: list[dict[str, Any]] = []
    labels, titles = ledger.config.labels, {c.key: c.title for c in ledger.config.categories}
    for item in items:  # plain text for each cell: the template only escapes and places it (1,000 rows in ms)
        days = item.days_overdue(day)
        rows.append({"id": item.id, "title": item.title, "light": light(item, ledger, day),
                     "code": item.status.value, "status": labels[item.status.value],
                     "category": titles.get(item.category, item.category), "departments": "、".join(item.department),
                     "deadline": item.deadline.isoformat() if item.deadline else "—",
                     "days": "" if days is None else days, "item": item})  # fmt: skip
    counted = count([r["item"] for r in rows], day, ledger.config.yellow_days)
    return {"rows": rows, "counts": counted, "all": len(ledger.items), "as_of": day, "departments": departments,
            "filters": {"overdue": bool(args.get("overdue")), "status": [s.value for s in chosen],
                        "category": category or "", "department": department or "", "due_within": due,
                        "light": [x.value for x in lights], "sort": sort, "as_of": args.get("as_of", "")},
            "labels": ledger.config.labels}  # fmt: skip


def category_title(ledger: Ledger, key: str) -> str:
    found = ledger.config.category(key)
    return found.title if found else key


KINDS = {None: N_("progress"), "note": N_("progress"), "status": N_("status"), "deadline": N_("deadline moved"),
         "close": N_("closed out"), "reopen": N_("reopened"), "assign": N_("reassigned")}  # fmt: skip


def log_rows(item: Item, ledger: Ledger) -> list[dict[str, Any]]:
    rows = []
    labels = ledger.config.labels
    for entry in item.log:
        change = ""
        if entry.kind == "status":
            change = f"{labels.get(str(entry.from_), entry.from_)} → {labels.get(str(entry.to), entry.to)}"
        elif entry.kind == "assign":  # 责任部门 办公室 → 秘书科
            field = said(field_name(entry.field)) if entry.field else ""
            change = f"{field} {names_of(entry.from_) or '—'} → {names_of(entry.to) or '—'}"
        elif entry.kind in ("deadline", "assign") or entry.from_ is not None or entry.to is not None:
            change = f"{entry.from_ or '—'} → {entry.to or '—'}" if entry.to is not None else f"{entry.from_ or ''}"
        kind = _(KINDS[entry.kind]) if entry.kind in KINDS else entry.kind
        rows.append({"date": entry.date, "kind": kind, "change": change, "note": entry.note or "",
                     "by": getattr(entry, "by", None) or ""})  # fmt: skip
    return rows


def names_of(value: Any) -> str:
    return "、".join(value) if isinstance(value, list) else str(value or "")


@dataclass
class Evidence:
    n: int
    text: str
    path: str | None  # a regular file inside the ledger that it names, to download


def evidence(root: Path, item: Item) -> list[Evidence]:
    """Each evidence entry; one that names a file inside the ledger (never outside, never .git) gets a link."""
    found = []
    for n, text in enumerate(item.evidence):
        path = None
        candidate = text.strip().replace("\\", "/")
        if candidate and not candidate.startswith("/") and ".." not in candidate.split("/") and len(candidate) < 500:
            full = root / candidate
            if within(root, full) and not in_git(root, candidate) and full.is_file():
                path = candidate
        found.append(Evidence(n, text, path))
    return found


def in_git(root: Path, candidate: str) -> bool:
    """Whether a path names anything of git's (.git, a folder or a file, at any level), as written or
    with every link followed: the repository's config may hold a remote's credentials."""
    try:
        real = Path(os.path.realpath(root / candidate)).relative_to(os.path.realpath(root))
    except (OSError, ValueError):
        return True
    return any(part.lower() == ".git" for part in (*candidate.split("/"), *real.parts))


# An item's history from git is read once per state of the repository (HEAD and the refs it names).
_history: dict[tuple[str, Any, str], Any] = {}
_history_lock = threading.Lock()


def git_state(root: Path) -> Any:
    """What changes when a commit is made or pulled: the stat of HEAD, of the branch it names, of packed refs."""
    from ledger.web.held import key_of

    git = None
    for folder in (root, *root.parents):
        if (folder / ".git").exists():
            git = folder / ".git"
            break
    if git is None:
        return None
    if git.is_file():  # a worktree: "gitdir: …"
        try:
            git = (git.parent / git.read_text(encoding="utf-8").split(":", 1)[1].strip()).resolve()
        except (OSError, IndexError):
            return None
    try:
        head = (git / "HEAD").read_text(encoding="utf-8").strip()
    except OSError:
        return None
    ref = head[5:].strip() if head.startswith("ref:") else ""
    common = git
    if (git / "commondir").is_file():
        common = (git / (git / "commondir").read_text(encoding="utf-8").strip()).resolve()
    return (head, key_of(common / ref) if ref else None, key_of(common / "packed-refs"), key_of(git / "HEAD"))


def history(root: Path, item: Item) -> dict[str, Any]:
    from ledger.core.i18n import language
    from ledger.history.repo import item_history

    state = git_state(root)
    key = (item.id, state, language())  # the changes are kept in words, in the interface language
    with _history_lock:  # outside git too: `git init` gives a state, and the history is read then
        if key in _history:
            return _history[key]  # type: ignore[no-any-return]
    try:
        from ledger.core.i18n import said

        entries = [entry | {"changes": [said(c) for c in entry["changes"]]} for entry in item_history(root, item.id)]
        found: dict[str, Any] = {"entries": entries, "message": None}  # the changes in words of the interface
    except LedgerError as e:
        found = {"entries": [], "message": e.message}
    with _history_lock:
        _history[key] = found
    return found


def diff_lines(diff: str) -> list[tuple[str, str]]:
    """A unified diff's lines with their kind, for colours: add, del, hunk, file or same."""
    kinds = []
    for line in diff.splitlines():
        if line.startswith(("+++", "---")):
            kinds.append(("file", line))
        elif line.startswith("@@"):
            kinds.append(("hunk", line))
        elif line.startswith("+"):
            kinds.append(("add", line))
        elif line.startswith("-"):
            kinds.append(("del", line))
        else:
            kinds.append(("same", line))
    return kinds


def versions(base: bytes, path: Path) -> dict[str, Any]:
    """The version a stale form was made from and the file as it is now, and how they differ."""
    try:
        now = read_regular(path)[0]
    except OSError:
        now = b""
    old_text, new_text = base.decode("utf-8", "replace"), now.decode("utf-8", "replace")
    diff = "".join(difflib.unified_diff(old_text.splitlines(True), new_text.splitlines(True),
                                        _("the form's version"), _("the file now")))  # fmt: skip
    return {"then": old_text, "now": new_text, "diff": diff_lines(diff)}


# --- The notice and its downloads ----------------------------------------------------------------


def notice_html(ledger: Ledger, as_of: date) -> str:
    from ledger.output.html import page
    from ledger.output.notice import Report

    refuse_invalid(ledger, _("rendering the notice"))
    return page(Report(ledger, as_of, "notice.md.j2"))


@dataclass
class Download:
    name: str
    label: str
    available: bool
    why: str = ""


def has_module(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


def downloads() -> list[Download]:
    """The notice and the 台账 in every format this installation writes; the others say what they need."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    found = []
    for fmt in output.choices("report"):
        needs = {"docx": "python-docx", "pdf": "LibreOffice"}.get(fmt)
        ok = (fmt != "docx" or has_module("docx")) and (fmt != "pdf" or bool(office))
        found.append(Download(f"notice.{fmt}", _("Notice ({fmt})").format(fmt=fmt), ok, needs or ""))
    for fmt in output.choices("export"):
        needs = "XlsxWriter" if fmt == "xlsx" else ("LibreOffice" if fmt == "pdf" else "")  # table.py writes xlsx
        ok = (fmt != "xlsx" or has_module("xlsxwriter")) and (fmt != "pdf" or bool(office))
        found.append(Download(f"ledger.{fmt}", _("Ledger sheet ({fmt})").format(fmt=fmt), ok, needs))
    return found


FILENAMES = {"notice": "整改进展情况通报", "ledger": "整改台账"}


def download(ledger: Ledger, name: str, as_of: date) -> tuple[str, bytes]:
    """A download's file name and bytes, written by the command line's own writers."""
    kind, _dot, fmt = name.partition(".")
    if kind not in FILENAMES:
        raise KeyError(name)
    command = "report" if kind == "notice" else "export"
    if fmt not in output.choices(command):
        raise KeyError(name)
    refuse_invalid(ledger, _("downloading"))
    if kind == "notice":
        from ledger.output.notice import Report

        data: Any = Report(ledger, as_of, "notice.md.j2")
    else:
        data = output.View(ledger, ledger.items, as_of)
    try:
        result = output.writer(command, fmt)(data)
    except ImportError as e:
        raise output.missing_extra(fmt, e.name or fmt) from None
    if not isinstance(result, (str, bytes)):
        result = "".join(result)
    body = result.encode("utf-8") if isinstance(result, str) else result
    return f"{FILENAMES[kind]}.{fmt}", body


# --- Changes since the last notice -----------------------------------------------------------------


def changes(ledger: Ledger, since: str | None, as_of: date) -> dict[str, Any]:
    from ledger.history import repo
    from ledger.output.history import Changes, changes_markdown, titles

    try:
        old = repo.since_revision(ledger.root, since)
        result = repo.changes(old, ledger, as_of)
    except LedgerError as e:
        return {"message": e.message, "result": None, "since": since or ""}
    done = Changes(result, old, ledger)
    names = titles(done)
    from ledger.core.model import id_key

    def title(item_id: str) -> str:
        return names.get(id_key(item_id), "")

    try:
        paragraph = changes_markdown(done)
    except LedgerError as e:
        paragraph = e.message

    def assigned(row: dict[str, Any]) -> str:  # 责任部门 办公室 → 秘书科
        return f"{said(field_name(row['field']))} {names_of(row['from']) or '—'} → {names_of(row['to']) or '—'}"

    return {"message": None, "result": result, "title": title, "old": old, "paragraph": paragraph,
            "since": since or "", "labels": ledger.config.labels, "assigned": assigned}  # fmt: skip


# The fields item.html lays out itself; any other field of the schema is shown after them, by its name.
ON_THE_PAGE = ("title", "category", "status", "problem", "measures", "leader", "department", "owner", "deadline",
               "outcome", "closed", "evidence", "log", "tags", "public", "extra")  # fmt: skip


def more_fields(item: Item) -> list[tuple[str, str]]:
    """(name, value) of each field of the item the page does not lay out, in the schema's order."""
    found = []
    for key in ITEM_KEYS:
        value = getattr(item, key, None)
        if key in ON_THE_PAGE or value in (None, "", [], {}):
            continue
        found.append((said(field_name(key)), "、".join(map(str, value)) if isinstance(value, list) else str(value)))
    return found

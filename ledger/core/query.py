"""Queries: find an item by id, select items by the list filters, sort them."""

from __future__ import annotations

from datetime import date

from ledger.core.errors import LedgerError
from ledger.core.i18n import _
from ledger.core.model import YELLOW_DAYS, Item, Ledger, Light, Problem, Record, Status, id_key, is_valid_id, item_id_of


def check_id(text: str) -> str:
    if not is_valid_id(text):
        shown = text if len(text) <= 20 else text[:20] + "…"
        raise LedgerError(
            _("'{shown}' is not an item id; ids are digits, optionally with letters, '.' and '_'").format(shown=shown)
        )
    return text


def listing(names: list[str]) -> str:
    from ledger.core.typed import listing as said

    return said(names)


def files_with_id(files: list[tuple[str, str]], item_id: str, where: str) -> list[str]:
    """The paths of the files with this id (8 finds 08); an unknown id names near ones."""
    key = id_key(check_id(item_id))
    paths = [rel for fid, rel in files if id_key(fid) == key]
    if not paths:
        close = near_ids(item_id, [fid for fid, _a in files])
        hint = ""
        if close:
            names = _(" or ").join([listing(close[:-1]), close[-1]]) if close[1:] else close[-1]  # 01、03或04
            hint = _("; did you mean {names}?").format(names=names)
        raise LedgerError(_("no item {item_id} in {where}{hint}").format(item_id=item_id, where=where, hint=hint))
    return paths


def near_ids(item_id: str, known: list[str]) -> list[str]:
    """Ids that look alike (80 for 08), else for a number the nearest numbers."""
    import difflib  # only when something is wrong

    close = difflib.get_close_matches(item_id, known, n=3, cutoff=0.5)
    if close or not item_id.isdigit():
        return close
    numbers = sorted((abs(int(k) - int(item_id)), id_key(k), k) for k in known if k.isdigit())
    return sorted((k for _a, _b, k in numbers[:2]), key=id_key)


class Filters(Record):
    """The filters of `list` and `export`; they combine with AND."""

    __slots__ = ("overdue", "statuses", "category", "department", "due_within", "lights", "yellow_days")
    overdue: bool
    statuses: tuple[Status, ...]
    category: str | None
    department: str | None
    due_within: int | None
    lights: tuple[Light, ...]
    yellow_days: int  # ledger.yaml lights.yellow_days, for judging `lights`

    def __init__(self, overdue: bool = False, statuses: tuple[Status, ...] = (), category: str | None = None,
                 department: str | None = None, due_within: int | None = None, lights: tuple[Light, ...] = (),
                 yellow_days: int = YELLOW_DAYS) -> None:  # fmt: skip
        self.overdue, self.statuses, self.category = overdue, statuses, category
        self.department, self.due_within = department, due_within
        self.lights, self.yellow_days = lights, yellow_days

    def accepts(self, item: Item, as_of: date) -> bool:
        return (
            (not self.overdue or item.overdue_on(as_of))
            and (not self.statuses or item.status in self.statuses)
            and (self.category is None or item.category == self.category)
            and (self.department is None or self.department in item.department)
            and (self.due_within is None or due_within(item, as_of, self.due_within))
            and (not self.lights or item.light_on(as_of, self.yellow_days) in self.lights)
        )


def due_within(item: Item, as_of: date, days: int) -> bool:
    """Unfinished and due from `as_of` to `days` days after it (both ends included)."""
    if not item.status.can_be_overdue or item.deadline is None or item.deadline < as_of:
        return False
    return (item.deadline - as_of).days <= days


def select_items(items: list[Item], as_of: date, filters: Filters = Filters()) -> list[Item]:
    return [i for i in items if filters.accepts(i, as_of)]


def sort_items(items: list[Item], order: str) -> list[Item]:
    """'notice' keeps the notice order; 'id' by id; 'deadline' soonest first, none last."""
    if order == "id":
        return sorted(items, key=lambda i: id_key(i.id))
    if order == "deadline":
        return sorted(items, key=lambda i: (i.deadline is None, i.deadline or date.min))
    return list(items)


def refused_files(problems: list[Problem], item_id: str, ids: list[str]) -> None:
    """An id whose only file was refused when items/ was listed (a link out of the ledger, into .git): that
    file's problem, rather than "no item"."""
    key = id_key(check_id(item_id))
    if any(id_key(i) == key for i in ids):
        return
    refused = [p for p in problems if p.is_error and id_key(item_id_of(p.path.rsplit("/", 1)[-1])) == key]
    if refused:
        own = item_id_of(refused[0].path.rsplit("/", 1)[-1])  # 08, as its file and every message name it
        raise LedgerError(
            _("item {item_id} does not validate; fix it first:").format(item_id=own), tuple(map(str, refused))
        )


def find_item(ledger: Ledger, item_id: str) -> Item:
    """The valid item with this id (8 finds 08); a clear error for unknown or broken ones."""
    refused_files(ledger.problems, item_id, [i for i, _path in ledger.files])
    paths = files_with_id(ledger.files, item_id, str(ledger.root / "items"))
    errors = [p for p in ledger.problems if p.path in paths and p.is_error]
    if errors:
        own = item_id_of(paths[0].rsplit("/", 1)[-1])  # 08 when 8 was typed, as every message names the item
        raise LedgerError(
            _("item {item_id} does not validate; fix it first:").format(item_id=own), tuple(map(str, errors))
        )
    return next(i for i in ledger.items if i.path == paths[0])

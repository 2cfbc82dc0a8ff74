"""Finding and selecting items, and the plain records that --format json prints."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from ledger.errors import LedgerError
from ledger.model import Item, Ledger, Status, id_key, is_valid_id


def check_id(text: str) -> str:
    if not is_valid_id(text):
        raise LedgerError(f"'{text}' is not an item id; ids are digits, optionally with letters, '.' and '_'")
    return text


def find_item(ledger: Ledger, item_id: str) -> Item:
    """The valid item with this id (8 finds 08); a clear error for unknown or broken ones."""
    key = id_key(check_id(item_id))
    paths = [rel for fid, rel in ledger.files if id_key(fid) == key]
    if not paths:
        close = near_ids(item_id, [fid for fid, _ in ledger.files])
        hint = f"; did you mean {', '.join(close[:-1]) + ' or ' if close[1:] else ''}{close[-1]}?" if close else ""
        raise LedgerError(f"no item {item_id} in {ledger.root / 'items'}{hint}")
    errors = [p for p in ledger.problems if p.path in paths and p.is_error]
    if errors:
        raise LedgerError(f"item {item_id} does not validate; fix it first:", tuple(map(str, errors)))
    return next(i for i in ledger.items if i.path == paths[0])


def require_valid(ledger: Ledger, doing: str) -> None:
    """Reports and exports are refused while any file has errors: half a ledger misleads."""
    errors = len(ledger.errors)
    if errors:
        plural = "s" * (errors != 1)
        raise LedgerError(
            f"the ledger has {errors} error{plural}; fix them before {doing} (`ledger validate` lists them)"
        )


def near_ids(item_id: str, known: list[str]) -> list[str]:
    """Ids that look alike (80 for 08), else for a number the nearest numbers."""
    import difflib  # only when something is wrong

    close = difflib.get_close_matches(item_id, known, n=3, cutoff=0.5)
    if close or not item_id.isdigit():
        return close
    numbers = sorted((abs(int(k) - int(item_id)), id_key(k), k) for k in known if k.isdigit())
    return sorted((k for _, _, k in numbers[:2]), key=id_key)


def select_items(
    items: list[Item],
    as_of: date,
    *,
    overdue: bool = False,
    statuses: list[Status] | None = None,
    category: str | None = None,
    department: str | None = None,
    due_within: int | None = None,
) -> list[Item]:
    """The items every given filter accepts (filters combine with AND)."""
    horizon = as_of + timedelta(days=due_within) if due_within is not None else None

    def wanted(item: Item) -> bool:
        return (
            (not overdue or item.overdue_on(as_of))
            and (not statuses or item.status in statuses)
            and (category is None or item.category == category)
            and (department is None or department in item.department)
            and (
                horizon is None
                or (item.status.can_be_overdue and item.deadline is not None and as_of <= item.deadline <= horizon)
            )
        )

    return [i for i in items if wanted(i)]


def sort_items(items: list[Item], order: str) -> list[Item]:
    """'notice' keeps the notice order; 'id' by id; 'deadline' soonest first, none last."""
    if order == "id":
        return sorted(items, key=lambda i: id_key(i.id))
    if order == "deadline":
        return sorted(items, key=lambda i: (i.deadline is None, i.deadline or date.min))
    return list(items)


def item_data(item: Item, ledger: Ledger, as_of: date) -> dict[str, Any]:
    """An item as plain data (dates as dates), with its status code and what is derived from it."""
    return {
        "id": item.id,
        "path": item.path,
        "title": item.title,
        "category": item.category,
        "status": item.status.value,
        "status_label": ledger.config.label(item.status),
        "measures": item.measures,
        "problem": item.problem,
        "leader": item.leader,
        "department": item.department,
        "owner": item.owner,
        "deadline": item.deadline,
        "outcome": item.outcome,
        "closed": item.closed,
        "evidence": item.evidence,
        "log": [{"date": e.date, "note": e.note} for e in item.log],
        "tags": item.tags,
        "public": item.public,
        "extra": item.extra,
        "overdue": item.overdue_on(as_of),
        "days_overdue": item.days_overdue(as_of),
    }


def item_record(item: Item, ledger: Ledger, as_of: date) -> dict[str, Any]:
    """The same, JSON-ready: ISO dates."""
    record = item_data(item, ledger, as_of)
    record.update(
        deadline=iso(item.deadline),
        closed=iso(item.closed),
        log=[{"date": e.date.isoformat(), "note": e.note} for e in item.log],
    )
    return record


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def count(items: list[Item], as_of: date) -> dict[str, Any]:
    """Totals by status, overdue items and the completion rate (done ÷ total, SPEC §3.3)."""
    from ledger import zh

    by_status = {s.value: 0 for s in Status}
    for item in items:
        by_status[item.status.value] += 1
    total, done = len(items), by_status[Status.DONE.value]
    return {
        "total": total,
        "by_status": by_status,
        "overdue": sum(i.overdue_on(as_of) for i in items),
        "completion": zh.rate(done, total),  # 57.14, for JSON
        "rate": zh.percent(done, total),  # "57.14%", for text
    }


def statistics(ledger: Ledger, as_of: date) -> dict[str, Any]:
    """The whole ledger's counts, and each category's, over every item, public or not."""
    stats = count(ledger.items, as_of)
    stats["by_category"] = {
        c.key: {"title": c.title, **count([i for i in ledger.items if i.category == c.key], as_of)}
        for c in ledger.config.categories
    }
    return stats


def without_text_rate(stats: dict[str, Any]) -> dict[str, Any]:
    """Statistics for JSON: the rate as a number only."""
    clean = {k: v for k, v in stats.items() if k != "rate"}
    if "by_category" in clean:
        clean["by_category"] = {k: without_text_rate(v) for k, v in clean["by_category"].items()}
    return clean

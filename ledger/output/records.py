"""An item as the outputs see it: its record plus what is derived from the ledger and the day."""

from __future__ import annotations

from datetime import date
from operator import attrgetter
from typing import Any

from ledger.model import Config, Item

# The record's keys with status_label after status; overdue and days_overdue are added at the end.
VIEW_KEYS = tuple(k for name in Item._fields for k in ((name, "status_label") if name == "status" else (name,)))
FIELDS = attrgetter(*Item._fields)
LABEL_AT = Item._fields.index("status") + 1
LOG_AT = Item._fields.index("log")


def item_view(item: Item, config: Config, as_of: date) -> dict[str, Any]:
    """The item's record (dates as dates) with status_label after its status, overdue and days_overdue.

    The same as `item_record` with those keys added, built in one go: JSON output makes one for every item.
    """
    values = list(FIELDS(item))
    values[LOG_AT] = [entry.to_dict() for entry in item.log]
    values[LABEL_AT - 1] = item.status.value
    values.insert(LABEL_AT, config.label(item.status))
    view = dict(zip(VIEW_KEYS, values, strict=True))
    view["overdue"] = overdue = item.overdue_on(as_of)
    view["days_overdue"] = (as_of - item.deadline).days if overdue else None  # type: ignore[operator]
    return view

"""An item as the outputs see it: its record plus what is derived from the ledger and the day."""

from __future__ import annotations

from datetime import date
from typing import Any

from ledger.model import Config, Item, item_record


def item_view(item: Item, config: Config, as_of: date) -> dict[str, Any]:
    """The item's record (dates as dates) with status_label after its status, overdue and days_overdue."""
    view: dict[str, Any] = {}
    for key, value in item_record(item).items():
        view[key] = value
        if key == "status":
            view["status_label"] = config.label(item.status)
    view["overdue"] = item.overdue_on(as_of)
    view["days_overdue"] = item.days_overdue(as_of)
    return view

"""The warning lights of SPEC 3.9 as the workbench shows them (red, yellow, green; none for done and ongoing)."""

from __future__ import annotations

from datetime import date

from ledger.core.model import Config, Item

LIGHTS = ("red", "yellow", "green")
YELLOW_DAYS = 7


def light_of(item: Item, config: Config, as_of: date) -> str | None:
    if not item.status.can_be_overdue:
        return None
    if item.overdue_on(as_of):
        return "red"
    days = (config.data.get("lights") or {}).get("yellow_days", YELLOW_DAYS)
    if item.deadline is not None and (item.deadline - as_of).days <= days:
        return "yellow"
    return "green"

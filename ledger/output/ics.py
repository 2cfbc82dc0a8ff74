"""The deadlines as an iCalendar file (SPEC 3.9) that Outlook, WPS and phone calendars import (needs icalendar).

One all-day event per item not done that has a deadline, an alarm `lights.yellow_days` before it, and
a UID made of the ledger and the item, so that importing a newer export updates the events it made
instead of adding them again; SEQUENCE grows with the item's log, so a moved deadline is an update.
An item closed since (销号), or removed from the ledger, is written as its event cancelled
(STATUS:CANCELLED, a higher SEQUENCE, no alarm): a calendar that imported it before drops it or marks it
so, instead of keeping the alarm of a task that is done.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone
from typing import Any

from ledger.core.model import Config, Item, Status, id_key
from ledger.output import View, missing_extra


class Deadlines(View):
    """What the calendar is made of: the selected items, and the items removed from the ledger (their events
    cancelled; given only when the export is not filtered, so a department's calendar cancels only its own)."""

    __slots__ = ("removed",)
    removed: list[Item]

    def __init__(self, view: View, removed: list[Item]) -> None:
        super().__init__(view.ledger, view.items, view.as_of, view.stats)
        self.removed = removed


def events_of(view: View) -> tuple[list[Item], list[Item]]:
    """The items whose deadlines are events, and those whose events are cancelled (done, or removed), by id."""
    removed = view.removed if isinstance(view, Deadlines) else []
    dated = [i for i in view.items if i.deadline]
    active = sorted((i for i in dated if i.status is not Status.DONE), key=lambda i: id_key(i.id))
    cancelled = sorted([*(i for i in dated if i.status is Status.DONE), *(i for i in removed if i.deadline)],
                       key=lambda i: id_key(i.id))  # fmt: skip
    return active, cancelled


PRODID = "-//zhenggai-ledger//ledger export//ZH"


def uid(config: Config, item: Item) -> str:
    """Stable across exports and renames: the ledger's title and issuer, and the id by its value (8 = 08)."""
    data = config.data
    ledger = hashlib.sha256(f"{data.get('title', '')}\n{data.get('issuer', '')}".encode()).hexdigest()[:12]
    number = str(int(item.id)) if item.id.isdigit() else item.id
    return f"item-{number}-{ledger}@zhenggai-ledger"


def description(item: Item, config: Config) -> str:
    lines = []
    if item.department:
        lines.append(f"责任部门：{'、'.join(item.department)}")
    if item.owner:
        lines.append(f"责任人：{item.owner}")
    if item.leader:
        lines.append(f"责任领导：{item.leader}")
    lines.append(f"状态：{config.label(item.status)}")
    if item.measures:
        lines.append("整改措施：")
        lines += [f"{n}.{m}" for n, m in enumerate(item.measures, 1)]
    return "\n".join(lines)


def calendar(view: View) -> bytes:
    try:
        from icalendar import Alarm, Calendar, Event
    except ImportError:
        raise missing_extra("ics", "icalendar") from None
    config = view.ledger.config
    days = config.yellow_days
    cal: Any = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    title = str(config.data.get("subject") or config.data.get("issuer") or config.data.get("title") or "")
    cal.add("x-wr-calname", f"{title}巡察整改完成时限")
    stamp = datetime(view.as_of.year, view.as_of.month, view.as_of.day, tzinfo=timezone.utc)  # the same bytes
    active, cancelled = events_of(view)
    gone = {id(item) for item in cancelled}
    for item in sorted([*active, *cancelled], key=lambda i: id_key(i.id)):
        event: Any = Event()
        event.add("uid", uid(config, item))
        event.add("dtstamp", stamp)
        # a removed item's last version: one step on from it; a closed item's close is a log entry already
        event.add("sequence", len(item.log) + (item.status is not Status.DONE and id(item) in gone))
        event.add("dtstart", item.deadline)  # a date: an all-day event
        event.add("dtend", item.deadline + timedelta(days=1))  # type: ignore[operator]
        category = config.category(item.category)
        event.add("categories", [category.title if category else item.category])
        event.add("transp", "TRANSPARENT")  # a deadline, not a meeting: the day stays free
        if id(item) in gone:
            event.add("status", "CANCELLED")
            closed = f"已销号 {item.closed.isoformat()}" if item.closed else "已从台账中删除"
            event.add("summary", f"{item.id} {item.title}（{closed}）")
            event.add("description", f"{closed}\n" + description(item, config))
        else:
            event.add("status", "CONFIRMED")
            event.add("summary", f"{item.id} {item.title}")
            event.add("description", description(item, config))
            alarm: Any = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"整改任务{item.id}“{item.title}”将于{days}天后到期")
            alarm.add("trigger", timedelta(days=-days))
            event.add_component(alarm)
        cal.add_component(event)
    return bytes(cal.to_ical())

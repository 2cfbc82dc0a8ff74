"""The deadlines as an iCalendar file (SPEC 3.9) that Outlook, WPS and phone calendars import (needs icalendar).

One all-day event per item not done that has a deadline, an alarm `lights.yellow_days` before it, and
a UID made of the ledger and the item, so that importing a newer export updates the events it made
instead of adding them again; SEQUENCE grows with the item's log, so a moved deadline is an update.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone
from typing import Any

from ledger.core.model import Config, Item, Status, id_key
from ledger.output import View, missing_extra

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
    items = sorted((i for i in view.items if i.status is not Status.DONE and i.deadline), key=lambda i: id_key(i.id))
    for item in items:
        event: Any = Event()
        event.add("uid", uid(config, item))
        event.add("dtstamp", stamp)
        event.add("sequence", len(item.log))
        event.add("dtstart", item.deadline)  # a date: an all-day event
        event.add("dtend", item.deadline + timedelta(days=1))  # type: ignore[operator]
        event.add("summary", f"{item.id} {item.title}")
        event.add("description", description(item, config))
        category = config.category(item.category)
        event.add("categories", [category.title if category else item.category])
        event.add("transp", "TRANSPARENT")  # a deadline, not a meeting: the day stays free
        alarm: Any = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"整改任务{item.id}“{item.title}”将于{days}天后到期")
        alarm.add("trigger", timedelta(days=-days))
        event.add_component(alarm)
        cal.add_component(event)
    return bytes(cal.to_ical())

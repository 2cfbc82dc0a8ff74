"""The report's context: what a template receives of the ledger; and rendering it (in ledger.report.sandbox)."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from ledger.core.check import refuse_invalid
from ledger.core.i18n import N_
from ledger.core.model import Item, Ledger, item_view
from ledger.core.stats import count, statistics
from ledger.core.zh import log_text

DEFAULT_TEMPLATE = "notice.md.j2"


def ledger_data(ledger: Ledger) -> dict[str, Any]:
    """ledger.yaml with every key of its format present, None or empty where the file leaves it out,
    so that a template can test `{% if ledger.contact.phone %}` under StrictUndefined."""
    from ledger.core.schema import CONFIG

    data: dict[str, Any] = filled(CONFIG, ledger.config.data)
    return data


def filled(spec: Any, value: Any) -> Any:
    """`value` with the defaults of its schema `spec` where it is absent (derived from the schema)."""
    from ledger.core.problems import BAD_SCHEMA
    from ledger.core.schema import Choice, Count, Fields, Flag, ListOf

    if isinstance(spec, Fields):
        given = value if isinstance(value, dict) else {}
        return {key: filled(field, given.get(key)) for key, field in spec.fields.items()}
    if value is not None:
        return copy.deepcopy(value)  # a template's {% do list.append(…) %} never reaches the ledger's data
    if isinstance(spec, ListOf):
        return []
    if isinstance(spec, Flag):
        return False
    if isinstance(spec, Count):
        return spec.default
    if isinstance(spec, Choice):
        return int(spec.values[0]) if spec.code is BAD_SCHEMA else spec.values[0]
    return None


def template_item(item: Item, ledger: Ledger, as_of: date, seq: int | None) -> dict[str, Any]:
    category = ledger.config.category(item.category)
    view = item_view(item, ledger.config, as_of)
    view["log"] = [{**entry, "text": log_text(entry, ledger.config.labels)} for entry in view["log"]]
    return {
        **view,
        "seq": seq,
        "category_title": category.title if category else item.category,
    }


def context(ledger: Ledger, as_of: date) -> dict[str, Any]:
    data = ledger_data(ledger)
    per_category = data["notice"]["numbering"] == "per_category"
    seq, last_category = 0, None
    items = []
    for item in ledger.items:  # already in notice order
        if per_category and item.category != last_category:
            seq, last_category = 0, item.category
        if item.public:
            seq += 1
        items.append(template_item(item, ledger, as_of, seq if item.public else None))
    categories = [
        {
            "key": c.key,
            "title": c.title,
            "items": [i for i in items if i["category"] == c.key],
            "public_items": [i for i in items if i["category"] == c.key and i["public"]],
            "stats": count([i for i in ledger.items if i.category == c.key], as_of, ledger.config.yellow_days),
        }
        for c in ledger.config.categories
    ]
    return {
        "ledger": data,
        "categories": categories,
        "items": items,
        "stats": statistics(ledger, as_of),
        "as_of": as_of,
    }


def render(ledger: Ledger, as_of: date, template: str = DEFAULT_TEMPLATE) -> str:
    """The rendered text; every template failure becomes one LedgerError naming template and line."""
    refuse_invalid(ledger, N_("reporting"))
    return render_context(ledger.root, template, context(ledger, as_of))


def render_context(root: Any, template: str, values: dict[str, Any]) -> str:
    """A template of `root` (its templates/, then the package's) rendered with `values`."""
    from ledger.report.sandbox import environment, run

    return run(environment(root), template, values, root).rstrip("\n") + "\n"


REMIND_TEMPLATE = "remind.md.j2"


def remind_context(ledger: Ledger, department: str, items: list[Item], as_of: date, reply_by: date) -> dict[str, Any]:
    """What remind.md.j2 receives for one department: its items with a light (late ones first, the latest
    first among them; then by deadline), each with `days_left` and `latest`, the counts by light, the dates."""
    from ledger.core.model import Light
    from ledger.core.supervision import latest_note

    days = ledger.config.yellow_days
    lit = [(item, item.light_on(as_of, days)) for item in items]
    ordered = sorted(lit, key=lambda pair: (pair[1] is not Light.RED, pair[0].deadline or date.max))
    views = []
    for item, _light in ordered:
        view = template_item(item, ledger, as_of, None)
        view["days_left"] = (item.deadline - as_of).days if item.deadline else None
        latest = latest_note(item)  # 最近进展: the newest progress note, as the form shows it, not bookkeeping
        view["latest"] = next((v for e, v in zip(item.log, view["log"], strict=True) if e is latest), None)
        views.append(view)
    counts = {light.value: sum(1 for _, lit_as in lit if lit_as is light) for light in (Light.RED, Light.YELLOW)}
    return {
        "ledger": ledger_data(ledger),
        "department": department,
        "items": views,
        "counts": counts,
        "yellow_days": days,
        "as_of": as_of,
        "reply_by": reply_by,
    }


def render_reminder(ledger: Ledger, department: str, items: list[Item], as_of: date, reply_by: date) -> str:
    refuse_invalid(ledger, "reminding")
    return render_context(ledger.root, REMIND_TEMPLATE, remind_context(ledger, department, items, as_of, reply_by))

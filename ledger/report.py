"""The report's context: what a template receives of the ledger; and rendering it (in ledger.sandbox)."""

from __future__ import annotations

from datetime import date
from typing import Any

from ledger.check import refuse_invalid
from ledger.model import Item, Ledger
from ledger.output.records import item_view
from ledger.stats import statistics
from ledger.zh import log_text

DEFAULT_TEMPLATE = "notice.md.j2"

# Every documented key of ledger.yaml is in the template context, None or empty where the
# file leaves it out, so templates can test `{% if ledger.contact.phone %}` under StrictUndefined.
LEDGER_DEFAULTS: dict[str, Any] = {
    "schema": 1,
    "title": None,
    "issuer": None,
    "subject": None,
    "inspection": {"deployer": None, "group": None, "start": None, "end": None, "feedback": None},
    "categories": [],
    "organization": [],
    "next_steps": {"intro": None, "points": []},
    "publication": {"date": None, "until": None},
    "contact": {"phone": None, "mail": None, "postcode": None, "email": None},
    "notice": {"statistics": False, "item_status": False, "numbering": "continuous"},
    "status_labels": {},
    "close_requires": [],
    "docx": {"fonts": {}, "title_lines": []},
}


def ledger_data(ledger: Ledger) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key, default in LEDGER_DEFAULTS.items():
        value = ledger.config.data.get(key)
        data[key] = {**default, **(value or {})} if isinstance(default, dict) else (default if value is None else value)
    return data


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
    from ledger.sandbox import environment, run

    refuse_invalid(ledger, "reporting")
    text = run(environment(ledger.root), template, context(ledger, as_of), ledger.root)
    return text.rstrip("\n") + "\n"

"""JSON for scripts: one encoder, ISO dates, status codes; never NaN."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from ledger.check import Verdict
from ledger.output import View
from ledger.output.records import item_view


def iso(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def dumps(data: Any) -> str:
    """Indented JSON; a list is written one element per line (json's C encoder does not indent)."""
    if isinstance(data, list):
        lines = ",\n".join("  " + json.dumps(e, ensure_ascii=False, default=iso, allow_nan=False) for e in data)
        return f"[\n{lines}\n]\n" if data else "[]\n"
    return json.dumps(data, ensure_ascii=False, indent=2, default=iso, allow_nan=False) + "\n"


def validation(verdict: Verdict) -> str:
    return dumps(
        {
            "ok": verdict.ok,
            "errors": len(verdict.errors),
            "warnings": len(verdict.warnings),
            "items": verdict.files,
            "problems": [p.to_dict() for p in verdict.problems],
        }
    )


def items(view: View) -> str:
    return dumps([item_view(i, view.ledger.config, view.as_of) for i in view.items])


def item(view: View) -> str:
    return dumps(item_view(view.items[0], view.ledger.config, view.as_of))


def stats(view: View) -> str:
    from ledger.stats import statistics, without_text_rate

    return dumps(without_text_rate(view.stats or statistics(view.ledger, view.as_of)))


def export(view: View) -> str:
    from ledger.stats import statistics, without_text_rate

    return dumps(
        {
            "as_of": view.as_of,
            "ledger": view.ledger.config.data,
            "items": [item_view(i, view.ledger.config, view.as_of) for i in view.items],
            "stats": without_text_rate(statistics(view.ledger, view.as_of)),
        }
    )


def changes(data: Any) -> str:
    return dumps(data.result)


def history(entries: list[dict[str, Any]]) -> str:
    return dumps(entries)

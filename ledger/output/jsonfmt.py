"""JSON for scripts: one encoder, ISO dates, status codes; never NaN."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from ledger.core.check import Verdict
from ledger.core.model import item_view
from ledger.output import View


def iso(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def dumps(data: Any) -> str:
    """Indented JSON; a list is written one element per line (json's C encoder does not indent)."""
    if isinstance(data, list):
        return "".join(lines(data, len(data)))
    return json.dumps(data, ensure_ascii=False, indent=2, default=iso, allow_nan=False) + "\n"


def lines(elements: Iterable[Any], count: int) -> Iterator[str]:
    """A list of `count` elements as `dumps` writes it, a piece at a time: a long list is never held whole."""
    if not count:
        yield "[]\n"
        return
    encode = json.JSONEncoder(ensure_ascii=False, default=iso, allow_nan=False).encode
    yield "["
    for n, element in enumerate(elements):
        yield ("\n  " if n == 0 else ",\n  ") + encode(element)
    yield "\n]\n"


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


def items(view: View) -> Iterator[str]:
    config, as_of = view.ledger.config, view.as_of
    return lines((item_view(i, config, as_of) for i in view.items), len(view.items))


def item(view: View) -> str:
    return dumps(item_view(view.items[0], view.ledger.config, view.as_of))


def stats(view: View) -> str:
    from ledger.core.stats import statistics, without_text_rate

    return dumps(without_text_rate(view.stats or statistics(view.ledger, view.as_of)))


def export(view: View) -> str:
    from ledger.core.stats import statistics, without_text_rate

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


def codes(table: list[dict[str, Any]]) -> str:
    return dumps(table)


def history(entries: list[dict[str, Any]]) -> str:
    return dumps(entries)

"""Counts: items by status and by warning light, overdue items and the completion rate (done ÷ total, SPEC §3.3)."""

from __future__ import annotations

from datetime import date
from typing import Any

from ledger.core import zh
from ledger.core.model import DEFAULT_LABELS, YELLOW_DAYS, Item, Ledger, Light, Status

# The statistics sentence (SPEC 3.3): its parts in this order, each status said in these words — its
# label, except where the sentence says more (已完成整改, 需长期坚持). Declared here once: the templates
# (the filter status_parts) and the round's tables follow it.
SENTENCE_ORDER = (Status.DONE, Status.PARTIAL, Status.IN_PROGRESS, Status.OPEN, Status.ONGOING)
SENTENCE_WORDS = {**DEFAULT_LABELS, Status.DONE: "已完成整改", Status.ONGOING: "需长期坚持"}


def status_parts(by_status: dict[str, Any], unit: str = "个", sep: str = "、") -> str:
    """The counts by status as the statistics sentence says them, in its order, the zero ones left out:
    {"done": 4, "open": 0, "ongoing": 1, …} → 已完成整改4个、需长期坚持1个; "" when every count is zero."""
    return sep.join(f"{SENTENCE_WORDS[s]}{by_status[s.value]}{unit}" for s in SENTENCE_ORDER if by_status.get(s.value))


def count(items: list[Item], as_of: date, yellow_days: int = YELLOW_DAYS) -> dict[str, Any]:
    by_status = {s.value: 0 for s in Status}
    by_light = {light.value: 0 for light in Light}  # done and ongoing items have no light
    for item in items:
        by_status[item.status.value] += 1
        light = item.light_on(as_of, yellow_days)
        if light is not None:
            by_light[light.value] += 1
    total, done = len(items), by_status[Status.DONE.value]
    return {
        "total": total,
        "by_status": by_status,
        "overdue": sum(i.overdue_on(as_of) for i in items),
        "by_light": by_light,
        "completion": zh.rate(done, total),  # 57.14, for JSON
        "rate": zh.percent(done, total),  # "57.14%", for text
    }


def statistics(ledger: Ledger, as_of: date) -> dict[str, Any]:
    """The whole ledger's counts, and each category's, over every item, public or not."""
    days = ledger.config.yellow_days
    stats = count(ledger.items, as_of, days)
    stats["by_category"] = {
        c.key: {"title": c.title, **count([i for i in ledger.items if i.category == c.key], as_of, days)}
        for c in ledger.config.categories
    }
    return stats


def without_text_rate(stats: dict[str, Any]) -> dict[str, Any]:
    """Statistics for JSON: the rate as a number only."""
    clean = {k: v for k, v in stats.items() if k != "rate"}
    if "by_category" in clean:
        clean["by_category"] = {k: without_text_rate(v) for k, v in clean["by_category"].items()}
    return clean

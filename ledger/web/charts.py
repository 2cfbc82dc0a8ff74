"""Statistics as bar charts drawn on the server as SVG: by category, status, light and department."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ledger.core.model import Ledger, Light, Status
from ledger.core.stats import statistics as counts
from ledger.web.words import _

COLOURS = {"red": "#c62828", "yellow": "#f9a825", "green": "#2e7d32", "none": "#9e9e9e", "open": "#9e9e9e",
           "in_progress": "#1565c0", "partial": "#6a1b9a", "ongoing": "#00838f", "done": "#2e7d32"}  # fmt: skip
BAR = "#1565c0"
ROW, LABEL, WIDTH = 28, 190, 640


@dataclass
class Bar:
    label: str
    value: int
    colour: str
    y: int
    width: float


@dataclass
class Chart:
    title: str
    bars: list[Bar]
    height: int
    label_width: int = LABEL
    width: int = WIDTH


def chart(title: str, values: list[tuple[str, int, str]]) -> Chart:
    """Horizontal bars scaled to the largest value; each bar's number written after it."""
    top = max((v for _a, v, _b in values), default=0) or 1
    room = WIDTH - LABEL - 60
    bars = [Bar(label, value, colour, 8 + n * ROW, round(room * value / top, 1))
            for n, (label, value, colour) in enumerate(values)]  # fmt: skip
    return Chart(title, bars, 16 + len(values) * ROW)


def statistics(ledger: Ledger, as_of: date) -> dict[str, Any]:
    stats = counts(ledger, as_of)
    config = ledger.config
    by_status = [(config.label(s), stats["by_status"][s.value], COLOURS[s.value]) for s in Status]
    by_category = [(c["title"], c["total"], BAR) for c in stats["by_category"].values()]
    shades = {**stats["by_light"], "none": stats["total"] - sum(stats["by_light"].values())}
    departments: dict[str, int] = {}
    for item in ledger.items:
        for name in item.department:
            departments[name] = departments.get(name, 0) + 1
    names = {"red": _("red"), "yellow": _("yellow"), "green": _("green"), "none": _("no light (done, ongoing)")}
    by_light = [(names[k], shades[k], COLOURS[k]) for k in (*(light.value for light in Light), "none")]
    by_department = [(k, v, BAR) for k, v in sorted(departments.items(), key=lambda kv: (-kv[1], kv[0]))]
    return {
        "stats": stats,
        "charts": [
            chart(_("Items by category"), by_category),
            chart(_("Items by status"), by_status),
            chart(_("Items by light"), by_light),
            chart(_("Items by department"), by_department),
        ],
    }

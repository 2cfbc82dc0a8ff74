"""The 台账 as an Excel workbook, laid out to be printed (SPEC 3.10), through the one table writer.

The 台账 sheet: a title row (the subject and 巡察整改台账), the unit and 截至 date, the header
repeated on every page, borders, wrapped text in rows as tall as it needs, 10.5 pt type printed at
100% on A4 or A3 landscape (whichever the columns' widths need), 第N页 共M页 in the footer; the
export's columns plus 整改成效 and 佐证材料. The 统计 sheet: counts as numbers, the rate a percentage.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from ledger.core import zh
from ledger.core.model import Item, Light, Status
from ledger.core.stats import statistics
from ledger.output import LIGHT_LOOKS, View
from ledger.output.sheet import COLUMNS, rows
from ledger.output.sheet import Row as SheetRow
from ledger.output.table import (
    Column,
    Page,
    Percent,
    Properties,
    Row,
    Sheet,
    printable_width,
    shown,
    text_width,
    xlsx_bytes,
)

# 红黄绿灯 (SPEC 3.9) as row fills; done and ongoing: none.
LIGHT_FILLS = {light: fill for light, (fill, _text) in LIGHT_LOOKS.items()}
OVERDUE_FILL = LIGHT_FILLS[Light.RED]  # Excel's light red
MUTED = "#808080"  # done rows
A4, A3 = 9, 8  # Excel's paper codes
SIZE = 10.5  # points: 五号, the body text of the printed 台账
DATE_FORMAT = "yyyy-mm-dd"

Fill = Callable[[Item], "str | None"]  # an item's row fill (a warning light), or None for none


def extra_columns() -> tuple[tuple[str, Callable[[SheetRow], Any]], ...]:
    from ledger.core.schema import ABOUT
    from ledger.output.sheet import field

    return tuple((ABOUT[key].label, field(key)) for key in ("outcome", "evidence"))


# The columns that hold numbers or dates never wrap: their width is their widest value.
UNBROKEN = {"序号", "逾期天数", "完成时限", "销号日期"}
# Long text: wrapped, at least LONG_MIN wide, at most LONG_MAX before the page asks for more.
LONG = {"问题类别", "整改任务", "反馈问题", "整改措施", "整改进展", "整改成效", "佐证材料"}
LONG_MIN, COMFORTABLE, LONG_MAX = 16, 24, 44  # width units: 8, 12 and 22 Chinese characters
SHORT_MAX = 16
NUMBER_FORMATS = {"完成时限": DATE_FORMAT, "销号日期": DATE_FORMAT, "序号": "0", "逾期天数": "0"}
CENTRED = UNBROKEN | {"编号", "状态"}


def workbook(view: View, fill: Fill | None = None) -> bytes:
    """The 台账 sheet and the 统计 sheet; `fill` gives a row's fill, by default its warning light's."""
    sheets = [ledger_sheet("整改台账", view, fill or light_fill(view)), summary_sheet(view)]
    return xlsx_bytes(sheets, properties(view))


def light_fill(view: View) -> Fill:
    """Each row filled by its item's warning light on the as-of day (the rule is Item.light_on's)."""
    days = view.ledger.config.yellow_days

    def fill(item: Item) -> str | None:
        light = item.light_on(view.as_of, days)
        return LIGHT_FILLS[light] if light is not None else None

    return fill


def properties(view: View) -> Properties:
    data = view.ledger.config.data
    day = (data.get("publication") or {}).get("date") or view.as_of
    return Properties(str(data.get("title") or ""), str(data.get("issuer") or ""), day)


def heading(view: View) -> list[str | tuple[str, str]]:
    data = view.ledger.config.data
    subject = str(data.get("subject") or data.get("issuer") or "")
    unit = str(data.get("issuer") or data.get("subject") or "")
    return [f"{subject}巡察整改台账", (f"单位：{unit}" if unit else "", f"截至{zh.cn_date(view.as_of)}")]


def ledger_sheet(name: str, view: View, fill: Fill | None = None) -> Sheet:
    """The items of `view` with the export's columns, 整改成效 and 佐证材料, laid out for printing."""
    spec = [(c.header, c.value) for c in COLUMNS] + list(extra_columns())
    table_rows = []
    for row in rows(view):
        values = [get(row) for _, get in spec]  # "" as None: no value, an empty bordered cell
        table_rows.append(Row(values, *looks(row.item, view, fill)))
    widths, paper = layout([h for h, _ in spec], [r.values for r in table_rows])
    columns = [Column(h, w, NUMBER_FORMATS.get(h), "center" if h in CENTRED else None)
               for (h, _), w in zip(spec, widths, strict=True)]  # fmt: skip
    return Sheet(name, columns, table_rows, heading(view), Page(paper=paper, size=SIZE), widths=widths)


def looks(item: Item, view: View, fill: Fill | None) -> tuple[str | None, str | None]:
    """A row's fill and font colour: the given fill (lights), else light red when late; done rows grey."""
    colour = fill(item) if fill else OVERDUE_FILL if item.overdue_on(view.as_of) else None
    return colour, MUTED if item.status is Status.DONE else None


def layout(headers: Sequence[str], values: Sequence[Sequence[Any]]) -> tuple[list[float], int]:
    """Column widths (Excel's units) from the columns' content, and the paper they fit on at 100%:
    A4 landscape if every column gets its width there, else A3, the long columns narrowed (never below
    LONG_MIN) until they fit."""
    from rich.cells import cell_len

    volumes = [max((text_width(shown(row[n])) for row in values if row[n] is not None), default=0.0)
               if header in LONG else 0.0 for n, header in enumerate(headers)]  # fmt: skip
    natural: list[float] = []
    least: list[float] = []
    filled: list[bool] = []
    for n, header in enumerate(headers):
        longest = widest([row[n] for row in values], LONG_MAX if header in LONG else SHORT_MAX)
        filled.append(header in LONG and longest + 2 > LONG_MAX)  # wider would save lines
        head = math.ceil(cell_len(header) * 1.05) + 2  # the header on one line, in bold
        folded = math.ceil(cell_len(header) * 1.05 / 2) + 2  # on two
        if header in UNBROKEN:
            width = math.ceil(longest * 1.1) + 2  # digits of a CJK font are wider than half an em
            natural.append(max(width, head))
            least.append(max(width, folded))
        elif header in LONG:
            natural.append(min(max(longest + 2, head, LONG_MIN if longest else 0), LONG_MAX))
            least.append(min(natural[-1], LONG_MIN) if longest else folded)
        else:  # short values: on one line where the page has room
            natural.append(min(max(longest + 2, head), SHORT_MAX))
            least.append(min(natural[-1], max(folded, 6)))
    # On A4 the long columns keep COMFORTABLE units (or what they need), on A3 LONG_MIN at least.
    for paper, floor in ((A4, COMFORTABLE), (A3, LONG_MIN)):
        room = printable_width(Page(paper=paper, size=SIZE), len(headers)) - 1  # a unit spare for rounding
        low = [min(w, max(m, floor)) if h in LONG else m for h, w, m in zip(headers, natural, least, strict=True)]
        if sum(low) > room and paper == A4:
            continue
        if sum(natural) <= room:  # room to spare: to the long columns
            wanting = sum(w for w, f in zip(natural, filled, strict=True) if f)  # long columns that want more
            spare = (room - sum(natural)) / wanting if wanting else 0.0
            return [round(w * (1 + spare) if f else w, 2) for w, f in zip(natural, filled, strict=True)], paper
        # Too wide: the short columns keep their widths where they can (else all shrink alike), and the
        # long ones share the rest by the most text a cell of theirs holds (the tallest rows are theirs).
        long = [n for n, h in enumerate(headers) if h in LONG]
        short = [n for n in range(len(headers)) if n not in long]
        widths = list(natural)
        over = sum(natural[n] for n in short) + sum(low[n] for n in long) - room
        if over > 0:
            shrinkable = sum(natural[n] - low[n] for n in short)
            share = min(1.0, over / shrinkable) if shrinkable else 0.0
            for n in short:
                widths[n] = natural[n] - (natural[n] - low[n]) * share
        shared = shares(room - sum(widths[n] for n in short), [low[n] for n in long], [natural[n] for n in long],
                        [volumes[n] for n in long])  # fmt: skip
        for n, given in zip(long, shared, strict=True):
            widths[n] = given
        return [round(w, 2) for w in widths], paper
    raise AssertionError("unreachable")  # pragma: no cover


def shares(room: float, low: list[float], high: list[float], weights: list[float]) -> list[float]:
    """`room` shared in proportion to `weights`, each share within its [low, high] (as water fills vessels)."""
    widths: list[float | None] = [None] * len(low)
    for _ in range(len(low) + 1):
        free = [n for n, w in enumerate(widths) if w is None]
        if not free:
            break
        left = room - sum(w for w in widths if w is not None)
        total = sum(weights[n] for n in free) or 1.0
        clamped = False
        for n in free:
            width = left * (weights[n] or 0.0) / total
            if width < low[n] or width > high[n]:
                widths[n], clamped = min(max(width, low[n]), high[n]), True
        if not clamped:
            for n in free:
                widths[n] = left * weights[n] / total
            break
    return [w if w is not None else low[n] for n, w in enumerate(widths)]


def widest(values: Sequence[Any], enough: float) -> float:
    """The width of the widest line among `values` (half-width characters), or `enough` once one is that wide."""
    longest = 0.0
    for value in values:
        if value is None:
            continue
        text = value if isinstance(value, str) else shown(value)
        if len(text) * 2.5 <= longest:  # no line of it can be wider (a character is at most 2.5 wide)
            continue
        for line in text.split("\n") if "\n" in text else (text,):
            longest = max(longest, text_width(line))
        if longest >= enough:
            return longest
    return longest


def summary_sheet(view: View) -> Sheet:
    """Counts by category and in all, over every item of the ledger: numbers, the rate a percentage."""
    config = view.ledger.config
    stats = statistics(view.ledger, view.as_of)
    from rich.cells import cell_len

    longest = max((cell_len(c["title"]) for c in stats["by_category"].values()), default=0)
    labels = [config.label(s) for s in Status]
    columns = [Column("类别", min(max(24, longest + 2), 40)),
               Column("合计", 8, "0", "center"),
               *(Column(label, max(8, cell_len(label) + 2), "0", "center") for label in labels),
               Column("逾期", 8, "0", "center"), Column("整改完成率", 12, "0.00%", "center")]  # fmt: skip

    def counts(title: str, part: dict[str, Any]) -> list[Any]:
        done = part["by_status"][Status.DONE.value]
        rate = Percent(round(zh.rate(done, part["total"]) / 100, 4), part["rate"])
        return [title, part["total"], *(part["by_status"][s.value] for s in Status), part["overdue"], rate]

    body = [counts(c["title"], c) for c in stats["by_category"].values()] + [counts("合计", stats)]
    title = heading(view)
    title[0] = str(title[0]).replace("巡察整改台账", "巡察整改情况统计")
    return Sheet("统计", columns, body, title, Page(paper=A4, size=SIZE), filters=False)

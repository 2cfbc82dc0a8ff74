"""The genre's text forms: Chinese numerals, dates, 一是…二是… and percentages."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from ledger.core.i18n import _

DIGITS = "零一二三四五六七八九"


class FilterError(ValueError):
    """A value a filter of ledger's cannot take; its message is the catalog's, in the interface language."""


UNITS = ("", "十", "百", "千")
SENTENCE_ENDS = ("。", "！", "？")
DANGLING = "，,：:；;.、 \t"  # a sentence's end written as a pause: replaced by 。


def _as_int(n: object) -> int:
    if isinstance(n, bool) or not isinstance(n, int):
        try:
            n = int(str(n))
        except ValueError:
            raise FilterError(_("not a whole number: {value}").format(value=repr(n))) from None
    if n < 0:
        raise FilterError(_("no Chinese numeral for a negative number: {value}").format(value=n))
    return n


def _below_10000(n: int) -> str:
    """Digits with their units, one 零 for each run of inner zeros: 101 一百零一, 110 一百一十."""
    text, pending_zero = "", False
    digits = str(n)
    for position, char in zip(range(len(digits) - 1, -1, -1), digits, strict=True):
        if char == "0":
            pending_zero = bool(text)
            continue
        if pending_zero:
            text += "零"
            pending_zero = False
        text += DIGITS[int(char)] + UNITS[position]
    return text


def cn_number(n: object) -> str:
    """1 一, 10 十, 15 十五, 99 九十九, 101 一百零一, 10010 一万零一十."""
    n = _as_int(n)
    if n == 0:
        return "零"
    if 10 <= n < 20:
        return "十" + (DIGITS[n % 10] if n % 10 else "")
    if n < 10000:
        return _below_10000(n)
    high, low = divmod(n, 10000)
    text = cn_number(high) + "万"
    if low:
        text += ("零" if low < 1000 else "") + _below_10000(low)
    return text


def cn_paren(n: object) -> str:
    """（一）, the form of second-level headings."""
    return f"（{cn_number(n)}）"


def cn_heading(n: object) -> str:
    """一、, the form of first-level headings."""
    return f"{cn_number(n)}、"


def _as_date(value: object) -> date:
    if isinstance(value, date):
        return value
    if value is None:
        raise FilterError(_("no date (None): a field the item or ledger.yaml does not give; test it first, "
                            "as in {example}").format(example="{% if item.deadline %}…{% endif %}"))  # fmt: skip
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise FilterError(_("not a date: {value}").format(value=repr(value))) from None


def cn_date(value: object) -> str:
    """2025-03-25 → 2025年3月25日 (no zero padding)."""
    day = _as_date(value)
    return f"{day.year}年{day.month}月{day.day}日"


def cn_date_range(start: object, end: object, keep_year: bool = False) -> str:
    """2024年9月18日至12月20日: the end's year is dropped when it repeats, unless keep_year."""
    first, last = _as_date(start), _as_date(end)
    tail = cn_date(last) if keep_year or first.year != last.year else f"{last.month}月{last.day}日"
    return f"{cn_date(first)}至{tail}"


def sentence(text: object) -> str:
    """The text ending as a sentence, with exactly one mark: 。 unless it ends with 。！？; a trailing
    ，：； or . is replaced, so that a measure never ends "…，。"."""
    text = str(text).rstrip()
    return text if text.endswith(SENTENCE_ENDS) else text.rstrip(DANGLING) + "。"


def clause(text: object) -> str:
    """A sentence without its closing mark, for quoting: 财务报销凭证不规范。 → 财务报销凭证不规范 (关于“…”问题)."""
    return str(text).rstrip().rstrip("。！？；，、.!?;,:： \t")


def quoted(text: object) -> str:
    """In “”, quotation marks inside turned to ‘’ as Chinese nests them: 加强“三重一大”管理 → “加强‘三重一大’管理”."""
    return "“" + str(text).replace("“", "‘").replace("”", "’") + "”"


def cn_points(points: Iterable[object]) -> str:
    """一是…。二是…。; a single point has no 一是."""
    points = list(points)
    if len(points) == 1:
        return sentence(points[0])
    return "".join(f"{cn_number(n)}是{sentence(p)}" for n, p in enumerate(points, 1))


def percent(part: object, whole: object) -> str:
    """part ÷ whole as a percentage: whole when exact (76%), else two decimals rounded half up (57.14%)."""
    part, whole = _as_int(part), _as_int(whole)
    if whole == 0:
        return "0%"
    if part * 100 % whole == 0:
        return f"{part * 100 // whole}%"
    hundredths = _hundredths(part, whole)
    return f"{hundredths // 100}.{hundredths % 100:02d}%"


def rate(part: int, whole: int) -> float:
    """The completion rate as a number rounded half up to 2 decimals (42.86), for JSON."""
    if whole == 0:
        return 0.0
    return _hundredths(part, whole) / 100


def _hundredths(part: int, whole: int) -> int:
    """part ÷ whole in hundredths of a percent, rounded half up, in integers (exact, and no `decimal` to import)."""
    hundredths, rest = divmod(part * 10000, whole)
    return hundredths + (2 * rest >= whole)


def cn_join(values: Iterable[object], sep: str = "、") -> str:
    return sep.join(str(v) for v in values)


def light_word(light: object) -> str:
    """A warning light as offices name it: red → 红灯, yellow → 黄灯, green → 绿灯; none (done, ongoing) → ""."""
    from ledger.core.model import Light

    return Light(light).word if light else ""


FILTERS = {
    "cn_number": cn_number,
    "cn_paren": cn_paren,
    "cn_heading": cn_heading,
    "cn_date": cn_date,
    "cn_date_range": cn_date_range,
    "sentence": sentence,
    "cn_points": cn_points,
    "percent": percent,
    "cn_join": cn_join,
    "clause": clause,
    "quoted": quoted,
    "light_word": light_word,
}


def log_text(entry: object, labels: dict[Any, str] | None = None) -> str:
    """A log entry in words: 延期至2025年4月30日（原2025年3月31日）：… (or 完成时限提前至…), 责任部门由…调整为…,
    销号, 重新整改（原…销号）：…, or the note.

    `entry` is a LogEntry or its mapping; `labels` maps status codes to the ledger's labels.
    """
    from ledger.core.model import DEFAULT_LABELS, Status

    data = entry.to_dict() if hasattr(entry, "to_dict") else dict(entry)  # type: ignore[call-overload]
    kind, note = data.get("kind", "note"), data.get("note")
    names = {s.value: DEFAULT_LABELS[s] for s in Status} | dict(labels or {})
    if kind == "status":
        words = f"状态由{names.get(data['from'], data['from'])}改为{names.get(data['to'], data['to'])}"
    elif kind == "deadline" and not data.get("from"):
        words = f"完成时限定为{cn_date(data['to'])}"
    elif kind == "deadline":
        moved = "完成时限提前至" if _as_date(data["to"]) < _as_date(data["from"]) else "延期至"
        words = f"{moved}{cn_date(data['to'])}（原{cn_date(data['from'])}）"
    elif kind == "assign":
        words = assign_text(data.get("field"), data.get("from"), data.get("to"))
    elif kind == "close":
        words = "销号"
    elif kind == "reopen":
        words = f"重新整改（原{cn_date(data['from'])}销号）"
    else:
        return str(note)
    return f"{words}：{note}" if note else words


FILTERS["log_text"] = log_text


def assign_text(field: Any, before: Any, after: Any) -> str:
    """责任调整 in words: 责任部门由办公室调整为秘书科, or 明确责任领导为张某 when none was named before."""
    from ledger.core.schema import ABOUT

    name = ABOUT[field].label if field in ABOUT else str(field)

    def names(value: Any) -> str:
        return "、".join(value) if isinstance(value, list) else str(value)

    if before in (None, []):
        return f"明确{name}为{names(after)}"
    if after in (None, []):
        return f"不再明确{name}（原{names(before)}）"
    return f"{name}由{names(before)}调整为{names(after)}"


def wide(char: str) -> bool:
    """A character one em wide (CJK, full-width forms), as a line's measure counts it."""
    import unicodedata

    return bool(char) and unicodedata.east_asian_width(char) in "WF"

"""The words offices write in a 台账 or a notice, read as ledger data: dates, statuses, measures, categories.

Every reading that is not exact comes back with the words saying what was inferred, so that the
caller can report it with its place; nothing here is read silently into something else.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from ledger.core.i18n import _
from ledger.core.model import DEFAULT_LABELS, Status
from ledger.core.schema import BIDI, INVISIBLE
from ledger.core.stats import SENTENCE_WORDS

CN_DIGITS = {c: n for n, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}


def cn_to_int(text: str) -> int | None:
    """一 1, 十 10, 十五 15, 二十三 23; ASCII digits as they are; anything else None."""
    if text.isascii() and text.isdigit():
        return int(text)
    if not text or any(c not in CN_DIGITS and c not in "十百" for c in text):
        return None
    total, current = 0, 0
    for char in text:
        if char == "百":
            total += (current or 1) * 100
            current = 0
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = current * 10 + CN_DIGITS[char]
    return total + current


CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{BIDI}{INVISIBLE}]")  # what no item file may hold


def clean(text: object) -> str:
    """A cell's or paragraph's text: full-width ASCII folded (２０２６ → 2026, but not Chinese punctuation),
    Excel's _x000D_ and carriage returns gone, full-width spaces and NBSP as spaces, lines trimmed."""
    if text is None:
        return ""
    value = str(text).replace("_x000D_", "").replace("\r\n", "\n").replace("\r", "\n")
    value = value.replace("\u3000", " ").replace("\xa0", " ").replace("\u200b", "").replace("\ufeff", "")
    value = value.replace("\v", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    value = CONTROL.sub("", value.translate(FOLD))
    return "\n".join(line.strip() for line in value.split("\n")).strip("\n ")


FOLD = {c: unicodedata.normalize("NFKC", chr(c)) for r in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
        for c in range(r[0], r[1] + 1)} | {ord("．"): ".", ord("／"): "/", ord("－"): "-"}  # fmt: skip


def fold(char: str) -> str:
    """Full-width digits and Latin letters as ASCII; Chinese punctuation (，：（）) stays as it is."""
    if "０" <= char <= "９" or "Ａ" <= char <= "Ｚ" or "ａ" <= char <= "ｚ":
        return unicodedata.normalize("NFKC", char)
    if char == "．":
        return "."
    if char in "／－":
        return unicodedata.normalize("NFKC", char)
    return char


def compact(text: str) -> str:
    """For comparing names: no spaces, no line breaks."""
    return re.sub(r"\s+", "", text)


# --- Dates -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DateReading:
    day: date | None
    inferred: str | None = None  # what was assumed, in words, when the text does not give the day itself
    tags: tuple[str, ...] = ()  # 立行立改
    status: Status | None = None  # 长期坚持 in the deadline column
    needs_year: bool = False  # the text gave month and day only


HALVES = {"上半年": 6, "下半年": 12, "一季度": 3, "二季度": 6, "三季度": 9, "四季度": 12, "第一季度": 3,
          "第二季度": 6, "第三季度": 9, "第四季度": 12, "年中": 6, "年底": 12, "年末": 12}  # fmt: skip
NUM = r"(\d{1,4})"
FULL = re.compile(rf"{NUM}\s*[年./\-]\s*(\d{{1,2}})\s*[月./\-]\s*(\d{{1,2}})\s*日?号?")
MONTH_END = re.compile(rf"{NUM}\s*年\s*(\d{{1,2}})\s*月(?:份)?(底|末|中旬|上旬|下旬|初)?")
MONTH_END_DOT = re.compile(r"(\d{4})\s*[./\-]\s*(\d{1,2})(?![\d.])")
YEAR_PART = re.compile(r"(\d{4})\s*年\s*(?:度)?\s*(上半年|下半年|第?[一二三四]季度|年中|年底|年末|底|末)")
NO_YEAR = re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*日")
NO_YEAR_MONTH = re.compile(r"(\d{1,2})\s*月(?:份)?\s*(底|末)")
TAG_WORDS = ("立行立改", "即知即改", "立即整改")
ONGOING_WORDS = ("长期坚持", "长期整改", "持续整改", "常态化", "持续推进", "长期")


def read_date_text(text: str, year: int | None = None) -> DateReading | None:
    """A deadline or date as offices write it; None when it holds no date at all.

    Exact: 2026-06-30, 2026.6.30, 2026/6/30, 2026年6月30日 (full-width digits too). Inferred,
    with the assumption in words: 2026年6月底 (the month's last day), 2026年底前 (31 December),
    2026年上半年 (30 June), 6月30日 (the year given, else none: needs_year). 立行立改 is a tag and
    长期坚持 a status, read beside any date the text also holds.
    """
    value = compact(clean(text))
    if not value:
        return None
    tags = tuple(w for w in TAG_WORDS if w in value)
    status = Status.ONGOING if any(w in value for w in ONGOING_WORDS) else None
    found = _date_in(value, year)
    if found is None:
        if tags or status:
            return DateReading(None, None, tags, status)
        return None
    day, inferred, needs_year = found
    return DateReading(day, inferred, tags, status, needs_year)


def _date_in(value: str, year: int | None) -> tuple[date | None, str | None, bool] | None:
    # A range's end is the deadline (2026年3月—6月底: 2026-06-30), its year from the start when it has none.
    parts = re.split(r"至|—+|–|~|～", value)
    if len(parts) > 1 and parts[-1]:
        start_year = year_in(parts[0]) or year
        end = _date_in_one(parts[-1], start_year)
        if end is not None and end[0] is not None:
            return end[0], _("the end of the range {text}").format(text=value), False
    return _date_in_one(value, year)


def _date_in_one(value: str, year: int | None) -> tuple[date | None, str | None, bool] | None:
    matches = list(FULL.finditer(value))
    if matches:
        y, m, d = (int(g) for g in matches[-1].groups())
        return _real(y, m, d), (_("the last date of a range") if len(matches) > 1 else None), False
    match = YEAR_PART.search(value)
    if match:
        y, part = int(match.group(1)), match.group(2)
        month = HALVES.get(part, 12)
        return _month_end(y, month), _("the last day of {part}").format(part=match.group(0)), False
    match = MONTH_END.search(value)
    if match:
        y, m, when = int(match.group(1)), int(match.group(2)), match.group(3)
        day = _month_end(y, m)
        if day is not None and when in ("中旬",):
            day = _real(y, m, 20)
        elif day is not None and when in ("上旬", "初"):
            day = _real(y, m, 10)
        return (
            day,
            _("{text} read as that month's {part}").format(
                text=match.group(0), part=_("last day") if when in (None, "底", "末", "下旬") else when
            ),
            False,
        )
    match = MONTH_END_DOT.search(value)
    if match and int(match.group(2)) <= 12:
        y, m = int(match.group(1)), int(match.group(2))
        return _month_end(y, m), _("{text} read as the last day of that month").format(text=match.group(0)), False
    match = NO_YEAR.search(value)
    if match:
        m, d = int(match.group(1)), int(match.group(2))
        if year is None:
            return None, None, True
        return _real(year, m, d), _("the year {year} added").format(year=year), True
    match = NO_YEAR_MONTH.search(value)
    if match:
        m = int(match.group(1))
        if year is None:
            return None, None, True
        return _month_end(year, m), _("the year {year} added, the month's last day").format(year=year), True
    return None


def _real(y: int, m: int, d: int) -> date | None:
    if y < 100:
        y += 2000
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _month_end(y: int, m: int) -> date | None:
    if not 1 <= m <= 12 or not 1900 <= y <= 2200:
        return None
    return date(y, m, calendar.monthrange(y, m)[1])


def year_in(text: str) -> int | None:
    """The year a title or 填报日期 names (截至2026年3月31日, 2026年度), for dates that hide theirs."""
    match = re.search(r"(20\d{2})\s*年", clean(text))
    return int(match.group(1)) if match else None


# --- Statuses --------------------------------------------------------------------------------

# How offices word a status: the ledger's default label, the statistics sentence's words where they differ
# (已完成整改, 需长期坚持), and as offices often say it.
OFFICE_WORDS: dict[Status, tuple[str, ...]] = {
    Status.DONE: ("完成", "完成整改", "已整改", "整改完成", "已销号", "销号", "已办结", "办结", "已整改到位",
                  "整改到位"),
    Status.PARTIAL: ("基本完成", "部分完成", "初步完成", "取得阶段性成效", "阶段性成效"),
    Status.IN_PROGRESS: ("整改中", "推进中", "正在整改", "进行中", "正在进行", "持续推进中", "未完成", "按计划推进",
                         "有序推进"),
    Status.ONGOING: ("长期整改", "持续整改", "持续推进", "常态化推进", "长期推进"),
    Status.OPEN: ("未开始", "尚未启动", "未整改", "待启动"),
}  # fmt: skip
STATUS_WORDS: dict[Status, tuple[str, ...]] = {
    status: tuple(dict.fromkeys((DEFAULT_LABELS[status], SENTENCE_WORDS[status], *words)))
    for status, words in OFFICE_WORDS.items()
}
EXACT_LABELS = {label: status for status, label in DEFAULT_LABELS.items()}


def read_status(text: str) -> tuple[Status | None, bool]:
    """A status as an office words it, and whether that was a reading (基本完成 → partial) rather than
    the label itself. A code (done, in_progress) is read as it is."""
    value = compact(clean(text)).rstrip("。.；;")
    if not value:
        return None, False
    if value in EXACT_LABELS:
        return EXACT_LABELS[value], False
    for status in Status:
        if value == status.value:
            return status, False
    for status, words in STATUS_WORDS.items():
        if value in words:
            return status, True
    # A longer text that starts with a status word (已完成，…; 正在推进（预计6月完成）).
    for status, words in STATUS_WORDS.items():
        for word in sorted(words, key=len, reverse=True):
            if value.startswith(word) and len(word) >= 2:
                return status, True
    return None, False


# --- Measures --------------------------------------------------------------------------------

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
CN_NUM = "[一二三四五六七八九十]{1,3}"
CIRCLED_MARK = re.compile(f"([{CIRCLED}])")
# Each family of numbering with the group that gives the number; they are tried in this order.
MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("一是", re.compile(rf"({CN_NUM})是[，,：:]?")),
    ("第一", re.compile(rf"第({CN_NUM})[，,、：:是]")),
    ("（1）", re.compile(r"[（(](\d{1,2})[）)]")),
    ("①", CIRCLED_MARK),
    ("1.", re.compile(r"(\d{1,2})[.．](?!\d)")),
    ("1、", re.compile(r"(\d{1,2})、")),
    ("一、", re.compile(rf"({CN_NUM})、")),
    ("（一）", re.compile(rf"[（(]({CN_NUM})[）)]")),
)
BOUNDARY = "。；;！？!?：:\n"
# Marks that cannot be part of a sentence's words, taken wherever they stand: ① and a bracketed (1).
ANYWHERE = (CIRCLED_MARK, MARKERS[2][1], MARKERS[7][1])


def marker_number(text: str) -> int | None:
    if len(text) == 1 and text in CIRCLED:
        return CIRCLED.index(text) + 1
    return cn_to_int(text)


def split_measures(text: str) -> tuple[str | None, list[str], str | None]:
    """A cell of measures as (lead-in, measures, family): numbered 1. 1、（1）① 一是 第一 or one per line.

    A numbering is taken only as a run 1, 2, 3… whose marks open the text or follow a sentence's
    end or a line break, so 2026年 and 3个 inside a sentence never split it. The text before the
    first mark (针对该问题，采取以下措施：) is the lead-in, kept apart from the measures.
    """
    value = clean(text)
    if not value:
        return None, [], None
    for family, pattern in MARKERS:
        starts = _run_of(value, pattern)
        if len(starts) == 1:
            # One numbered measure (1. 组织学习), alone or after a lead-in ending with a colon: its number goes.
            start, end = starts[0]
            before, rest = value[:start].strip(), value[end:].strip()
            if (start == 0 or before.endswith(("：", ":"))) and "\n" not in rest and rest:
                return before or None, [_tidy(rest)], family
            continue
        if len(starts) >= 2:
            lead = value[: starts[0][0]].strip() or None
            parts = []
            for n, (_start, end) in enumerate(starts):
                stop = starts[n + 1][0] if n + 1 < len(starts) else len(value)
                parts.append(_tidy(value[end:stop]))
            return lead, [p for p in parts if p], family
    lines = [_tidy(line) for line in value.split("\n") if line.strip()]
    if len(lines) > 1:
        lead = lines[0] if lines[0].endswith(("：", ":")) else None
        return lead, lines[1:] if lead else lines, "line"
    return None, [_tidy(value)], None


def _run_of(value: str, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    """The spans of marks numbered 1, 2, 3… in order, each at the start or after a boundary."""
    found: list[tuple[int, int]] = []
    expected = 1
    for match in pattern.finditer(value):
        start = match.start()
        if pattern not in ANYWHERE and start > 0 and value[start - 1] not in BOUNDARY:
            continue
        if marker_number(match.group(1)) == expected:
            found.append((start, match.end()))
            expected += 1
    return found


def _tidy(text: str) -> str:
    """A measure: one line, no trailing separator (the notice ends it with 。 itself)."""
    value = " ".join(part.strip() for part in text.split("\n") if part.strip())
    return value.strip().rstrip("；;，,、 ").strip()


# --- Categories ------------------------------------------------------------------------------

CATEGORY_PREFIX = re.compile(
    rf"^\s*(?:{CN_NUM}[、.．]|[（(]{CN_NUM}[）)]|\d{{1,2}}[、.．]|第{CN_NUM}[类部分项]+[：:、]?)\s*"
)
CATEGORY_COUNT = re.compile(r"[（(]\s*(?:共|计)?\s*(\d+)\s*(?:个|项|条)?\s*(?:问题|事项|任务)?\s*[）)]\s*$")


def category_title(text: str) -> tuple[str, int | None]:
    """一、落实主体责任方面（共6个问题） → (落实主体责任方面, 6)."""
    value = compact(clean(text))
    count_match = CATEGORY_COUNT.search(value)
    count = int(count_match.group(1)) if count_match else None
    if count_match:
        value = value[: count_match.start()]
    return CATEGORY_PREFIX.sub("", value).rstrip("：:。"), count


def title_key(title: str) -> str:
    """Titles compared as the same category: without 关于, 方面, 问题 and punctuation."""
    value = compact(title)
    value = re.sub(r"^关于", "", value)
    value = re.sub(r"(方面|的问题|问题)+$", "", value)
    return re.sub(r"[，,、。“”\"'‘’：:（）()]", "", value)


# A category's key from the words of its title (documented in docs/en/import.md); else c1, c2…
KEY_WORDS: tuple[tuple[str, str], ...] = (
    ("主体责任", "responsibility"), ("履职", "performance"), ("作风", "conduct"), ("组织", "organization"),
    ("干部", "cadres"), ("党的建设", "party"), ("党建", "party"), ("政治", "political"), ("纪律", "discipline"),
    ("廉", "integrity"), ("意识形态", "ideology"), ("财务", "finance"), ("资产", "assets"), ("选人用人", "personnel"),
    ("民生", "livelihood"), ("业务", "business"), ("监督", "supervision"), ("制度", "rules"), ("安全", "safety"),
)  # fmt: skip


def category_key(title: str, taken: set[str]) -> str:
    for word, key in KEY_WORDS:
        if word in title and key not in taken:
            return key
    n = 1
    while f"c{n}" in taken:
        n += 1
    return f"c{n}"


# --- The notice's title ------------------------------------------------------------------------------

NOTICE_END_RE = re.compile(r"(通报|公告|公示|报告)$")  # what a notice's title ends with
LEDGER_END_RE = re.compile(
    r"(?:整改问题|整改)?(?:落实)?(?:工作)?(?:情况)?(?:台账|清单|一览表|明细表|汇总表|统计表|推进表|进度表|表)$"
)
YEAR_RE = re.compile(r"^(\d{4}年度?)")
MATTER_RE = re.compile(r"巡察|巡视|审计|督察|督查|检查|考核|评估|反馈")  # what was rectified begins with one
UNIT_END_RE = re.compile(
    r"(局|党组|党委|委员会|政府|办公室|厅|院|中心|公司|学校|医院)$"
)  # and the unit before it ends so
PLACEHOLDER = "××"  # what validate's `placeholder` warning points out (core/check.py)


def notice_title(title: str, issuer: str | None) -> str | None:
    """The notice's title in the genre (…关于…整改进展情况的通报) made from a 台账's title and its issuer;
    None when the title is one already. `某县水利局党组巡察整改台账` by `中共某县水利局党组` is
    `中共某县水利局党组关于巡察整改进展情况的通报`; a unit nobody states is ×× (validate warns)."""
    core = compact(title)
    if NOTICE_END_RE.search(core):
        return None
    core = LEDGER_END_RE.sub("", core)
    year = YEAR_RE.match(core)
    if year:
        core = core[year.end() :]
    unit = issuer.strip() if issuer and PLACEHOLDER not in issuer else ""
    bare = unit.removeprefix("中共")
    if unit and core.startswith(unit):
        matter = core[len(unit) :]
    elif bare and core.startswith(bare):
        matter = core[len(bare) :]
    elif (found := MATTER_RE.search(core)) and UNIT_END_RE.search(core[: found.start()]):
        unit, matter = unit or core[: found.start()], core[found.start() :]  # the issuer stated names the unit
    else:
        matter = core
    matter = (year.group(1) if year else "") + re.sub(r"(?:整改)+$", "", matter)
    return f"{unit or PLACEHOLDER}关于{matter}整改进展情况的通报"

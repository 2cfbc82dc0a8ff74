"""The words of a 台账 read as data: measures split back whatever their numbering, dates as offices write them."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.core.zh import cn_number
from ledger.importing.words import read_date_text, read_status, split_measures

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
FAMILIES = {
    "1.": lambda n: f"{n}.",
    "1、": lambda n: f"{n}、",
    "（1）": lambda n: f"（{n}）",
    "(1)": lambda n: f"({n})",
    "①": lambda n: CIRCLED[n - 1],
    "一是": lambda n: f"{cn_number(n)}是",
    "第一": lambda n: f"第{cn_number(n)}，",
}
WORDS = st.text(
    alphabet=st.sampled_from(list("加强制度建设完善台账规范审批严格督查学习2026年3个，")), min_size=1, max_size=20
)


@given(
    st.lists(WORDS, min_size=2, max_size=8),
    st.sampled_from(sorted(FAMILIES)),
    st.sampled_from(["；", "。", "\n", "；\n", ""]),
    st.sampled_from(["", "针对该问题，采取以下措施：", "针对该问题，采取以下措施：\n"]),
)
def test_numbered_measures_split_back_into_the_measures(measures: list[str], family: str, sep: str, lead: str) -> None:
    """Any numbering, any separator (none only where the marks cannot be words), with or without a lead-in."""
    if sep == "" and family not in ("①", "（1）", "(1)"):
        return
    measures = ["措" + m.strip("，") for m in measures]  # a measure opening with a digit after "1." reads as 1.5
    cell = lead + "".join(
        FAMILIES[family](n) + m + (sep if n < len(measures) else "") for n, m in enumerate(measures, 1)
    )
    found_lead, found, _family = split_measures(cell)
    ends = "。" if sep.startswith("。") else ""
    assert found == [m.rstrip("，") + (ends if n < len(measures) else "") for n, m in enumerate(measures, 1)]
    assert found_lead == (lead.strip() or None)


def test_numbers_inside_a_sentence_never_split_it() -> None:
    assert split_measures("修订3个制度，2026年完成1.5万元预算审核") == (
        None,
        ["修订3个制度，2026年完成1.5万元预算审核"],
        None,
    )
    assert split_measures("统一是非标准，严格审批") == (None, ["统一是非标准，严格审批"], None)


@pytest.mark.parametrize(
    ("text", "day", "inferred"),
    [
        ("2026.6.30", date(2026, 6, 30), False),
        ("2026/6/30", date(2026, 6, 30), False),
        ("２０２６年６月３０日", date(2026, 6, 30), False),
        ("2026年6月底", date(2026, 6, 30), True),
        ("2026年2月底前", date(2026, 2, 28), True),
        ("2026年底前", date(2026, 12, 31), True),
        ("2026年上半年", date(2026, 6, 30), True),
        ("2026年第三季度", date(2026, 9, 30), True),
        ("6月30日", date(2025, 6, 30), True),
        ("2026年3月—6月底", date(2026, 6, 30), True),
        ("2026.3.1-2026.6.30", date(2026, 6, 30), True),
    ],
)
def test_dates_as_offices_write_them(text: str, day: date, inferred: bool) -> None:
    reading = read_date_text(text, 2025)
    assert reading is not None and reading.day == day
    assert bool(reading.inferred) is inferred


def test_deadline_words_and_unreadable_dates() -> None:
    lixing = read_date_text("立行立改")
    assert lixing is not None and lixing.day is None and lixing.tags == ("立行立改",)
    ongoing = read_date_text("长期坚持")
    assert ongoing is not None and ongoing.status is not None and ongoing.status.value == "ongoing"
    no_year = read_date_text("6月30日", None)
    assert no_year is not None and no_year.day is None and no_year.needs_year
    assert read_date_text("2026-02-30") is None or read_date_text("2026-02-30").day is None  # type: ignore[union-attr]
    assert read_date_text("待定") is None


@pytest.mark.parametrize(
    ("text", "code", "reading"),
    [("已完成", "done", False), ("基本完成", "partial", True), ("整改中", "in_progress", True),
     ("长期坚持", "ongoing", False), ("未启动", "open", False), ("已完成，已印发制度", "done", True),
     ("done", "done", False)],
)  # fmt: skip
def test_statuses_as_offices_word_them(text: str, code: str, reading: bool) -> None:
    status, was_reading = read_status(text)
    assert status is not None and status.value == code and was_reading is reading


@pytest.mark.parametrize(
    "cell", ["1. 组织学习", "1、组织学习", "（1）组织学习", "(1)组织学习", "①组织学习", "一是组织学习"]
)
def test_a_single_numbered_measure_loses_its_number(cell: str) -> None:
    assert split_measures(cell)[1] == ["组织学习"]

"""The genre's text forms: numerals, dates, 一是…二是… and percentages."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.core.zh import cn_date, cn_date_range, cn_heading, cn_join, cn_number, cn_paren, cn_points, percent, rate

NUMERALS = {
    0: "零", 1: "一", 9: "九", 10: "十", 11: "十一", 15: "十五", 20: "二十", 21: "二十一", 99: "九十九",
    100: "一百", 101: "一百零一", 110: "一百一十", 111: "一百一十一", 1000: "一千", 1001: "一千零一",
    1010: "一千零一十", 1100: "一千一百", 10000: "一万", 10010: "一万零一十", 12345: "一万二千三百四十五",
    100000: "十万",
}  # fmt: skip


@pytest.mark.parametrize(("number", "text"), NUMERALS.items())
def test_cn_number(number: int, text: str) -> None:
    assert cn_number(number) == text


def parse_numeral(text: str) -> int:
    """A reference reader of Chinese numerals, written independently of cn_number."""
    digits = {c: n for n, c in enumerate("零一二三四五六七八九")}
    units = {"十": 10, "百": 100, "千": 1000}
    total, section, digit = 0, 0, 0
    for char in text:
        if char in digits:
            digit = digits[char]
        elif char in units:
            section += (digit or 1) * units[char]
            digit = 0
        elif char == "万":
            total += (section + digit) * 10000
            section, digit = 0, 0
    return total + section + digit


@given(st.integers(min_value=1, max_value=99_999))
def test_cn_number_reads_back(number: int) -> None:
    text = cn_number(number)
    assert parse_numeral(text) == number
    assert "零零" not in text and not text.endswith("零")


def test_heading_forms() -> None:
    assert (cn_paren(1), cn_paren(12), cn_heading(3)) == ("（一）", "（十二）", "三、")


def test_cn_number_refuses_what_is_not_a_count() -> None:
    with pytest.raises(ValueError):
        cn_number(-1)
    with pytest.raises(ValueError):
        cn_number("x")


def test_cn_date() -> None:
    assert cn_date(date(2025, 3, 25)) == "2025年3月25日"
    assert cn_date("2025-03-05") == "2025年3月5日"


def test_cn_date_range() -> None:
    assert cn_date_range(date(2024, 9, 18), date(2024, 12, 20)) == "2024年9月18日至12月20日"
    assert cn_date_range(date(2024, 12, 18), date(2025, 1, 20)) == "2024年12月18日至2025年1月20日"
    assert cn_date_range("2026-01-21", "2026-02-28", keep_year=True) == "2026年1月21日至2026年2月28日"


def test_cn_points() -> None:
    assert cn_points(["完善制度"]) == "完善制度。"  # a single measure has no 一是
    assert cn_points(["完善制度。", "强化管理", "严格执行；"]) == "一是完善制度。二是强化管理。三是严格执行。"
    assert cn_points(["完善制度，", "强化管理:"]) == "一是完善制度。二是强化管理。"  # one 。, never "，。"
    assert cn_points(["真的吗？", "好！"]) == "一是真的吗？二是好！"
    assert cn_points([]) == ""


@pytest.mark.parametrize(
    ("done", "total", "text"),
    [(4, 7, "57.14%"), (19, 25, "76%"), (0, 5, "0%"), (5, 5, "100%"), (1, 3, "33.33%"), (2, 3, "66.67%"),
     (1, 800, "0.13%"), (1, 8, "12.50%"), (0, 0, "0%")],
)  # fmt: skip
def test_percent(done: int, total: int, text: str) -> None:
    assert percent(done, total) == text


def test_rate_for_json() -> None:
    assert (rate(3, 7), rate(19, 25), rate(1, 800), rate(0, 0)) == (42.86, 76.0, 0.13, 0.0)


def test_cn_join() -> None:
    assert cn_join(["办公室", "秘书科"]) == "办公室、秘书科"


@given(st.integers(0, 10**6), st.integers(1, 10**6))
def test_percent_rounds_half_up_as_decimal_arithmetic_does(part: int, whole: int) -> None:
    from decimal import ROUND_HALF_UP, Decimal

    exact = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert percent(part, whole) == (f"{part * 100 // whole}%" if part * 100 % whole == 0 else f"{exact}%")
    assert rate(part, whole) == float(exact)

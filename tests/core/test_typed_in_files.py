"""What a Chinese keyboard types by mistake inside a file is named, on its line, with a fix that is itself valid
(SPEC 3.6): the full-width space (U+3000) anywhere in a key or a value, full-width digits, points, dashes and
slashes, the other spellings of a date."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ledger.core import i18n
from ledger.core.load import load_ledger
from tests.helpers import CONFIG, write_ledger

ITEM = "title: 任务\ncategory: duty\nstatus: in_progress\ndeadline: {deadline}\ndepartment: 办公室\nmeasures: [措施]\n"


def problems(root: Path) -> list[str]:
    return [str(p) for p in load_ledger(root, use_cache=False).problems if "empty-category" not in str(p)]


def fixed(root: Path, line: str, fix: str) -> list[str]:
    """The problems left once the line is written as the message says."""
    path = root / "items" / "01.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(line, fix), encoding="utf-8")
    return problems(root)


@pytest.mark.parametrize(
    ("typed", "named"),
    [
        ("2026-12-31\u3000", "a full-width space (U+3000)"),
        ("\u30002027-01-05", "a full-width space (U+3000)"),
        ("２０２６．１２．３１", "full-width digits (２０６１３), a full-width '．'"),
        ("２０２７－０１－０５", "full-width digits (２０７１５), a full-width '－'"),
        ("２０２６／３／１", "full-width digits (２０６３１), a full-width '／'"),
        ("2026-12-31\u3000\u3000", "a full-width space (U+3000)"),
    ],
)
def test_a_date_typed_in_full_width_is_named_with_the_date_it_means(tmp_path: Path, typed: str, named: str) -> None:
    from ledger.core.typed import typed_day

    iso = typed_day(typed).isoformat()
    root = write_ledger(tmp_path, {"01.yaml": ITEM.format(deadline=typed)})
    [message] = problems(root)
    assert message.startswith("items/01.yaml:4:11: error[bad-date]: deadline: "), message
    assert named in message and message.endswith(f": {iso}"), message
    assert fixed(root, typed, iso) == []


@pytest.mark.parametrize("typed", ["2026年12月31日", "2026/12/31", "2026.12.31", "2026-1-5", "2027年1月5日"])
def test_a_date_in_another_spelling_is_said_as_the_date_it_means(tmp_path: Path, typed: str) -> None:
    from ledger.core.typed import typed_day

    iso = typed_day(typed).isoformat()
    root = write_ledger(tmp_path, {"01.yaml": ITEM.format(deadline=typed)})
    assert problems(root) == [
        f"items/01.yaml:4:11: error[bad-date]: deadline: '{typed}' is not written as YYYY-MM-DD; write {iso}"
    ]
    assert fixed(root, typed, iso) == []


def test_only_full_width_digits_keep_their_message(tmp_path: Path) -> None:
    root = write_ledger(tmp_path, {"01.yaml": ITEM.format(deadline="２０２６-０３-０１")})
    assert problems(root) == [
        "items/01.yaml:4:11: error[bad-date]: deadline: '２０２６-０３-０１' is written with full-width digits; "
        "write the date in ASCII digits: 2026-03-01"
    ]


@pytest.mark.parametrize("key", ["category\u3000", "deadline\u3000", "ｔｉｔｌｅ", "status\u3000\u3000"])
def test_a_key_typed_with_a_full_width_character_is_named(tmp_path: Path, key: str) -> None:
    meant = key.strip("\u3000").translate({c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)})
    text = ITEM.format(deadline="2026-12-31").replace(f"{meant}:", f"{key}:")
    root = write_ledger(tmp_path, {"01.yaml": text})
    line = next(n for n, x in enumerate(text.splitlines(), 1) if x.startswith(key))
    found = [p for p in problems(root) if "unknown-key" in p]
    assert found[0].startswith(f"items/01.yaml:{line}:1: error[unknown-key]: {key}: the key is typed with "), found
    assert found[0].endswith(f"; write it in ASCII: `{meant}: …`")
    assert ("U+3000" in found[0]) == ("\u3000" in key)
    assert fixed(root, f"{key}:", f"{meant}:") == []


@pytest.mark.parametrize("typed", ["１０", "３", "１０\u3000", "\u30005"])
def test_a_number_typed_in_full_width_is_named(tmp_path: Path, typed: str) -> None:
    config = CONFIG + f"lights:\n  yellow_days: {typed}\n"
    root = write_ledger(tmp_path, {"01.yaml": ITEM.format(deadline="2026-12-31")}, config=config)
    meant = typed.translate({c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}).strip("\u3000")
    [message] = problems(root)
    assert re.match(r"ledger\.yaml:\d+:\d+: error\[bad-value\]: lights\.yellow_days: ", message), message
    assert "is typed with " in message and message.endswith(f"write the number in ASCII: {meant}"), message
    (root / "ledger.yaml").write_text(CONFIG + f"lights:\n  yellow_days: {meant}\n", encoding="utf-8")
    assert problems(root) == []


def test_the_messages_in_chinese(tmp_path: Path) -> None:
    root = write_ledger(tmp_path, {"01.yaml": ITEM.format(deadline="２０２６．１２．３１\u3000")})
    i18n.set_language("zh")
    try:
        [message] = problems(root)
    finally:
        i18n.set_language(None)
    assert message.endswith(
        "“２０２６．１２．３１\u3000”中有全角数字（２０６１３）、全角的“．”、全角空格（U+3000）；请用半角写日期：2026-12-31"
    )


@pytest.mark.parametrize("dash", sorted("－—–―‐‑─"))
@pytest.mark.parametrize("at", [2, 3])
@pytest.mark.parametrize("space", [" ", "\u3000", ""])
def test_a_list_entry_begun_with_a_wide_dash_is_named_on_its_line(tmp_path: Path, dash: str, at: int,
                                                                   space: str) -> None:  # fmt: skip
    entries = ["措施一", "措施二", "措施三"]
    lines = [f"  {dash}{space}{e}" if n == at else f"  - {e}" for n, e in enumerate(entries, 1)]
    text = (
        "title: 任务\ncategory: duty\nstatus: in_progress\nmeasures:\n" + "\n".join(lines) + "\ndeadline: 2026-12-31\n"
    )
    root = write_ledger(tmp_path, {"01.yaml": text})
    assert problems(root) == [
        f"items/01.yaml:{4 + at}:3: error[yaml-syntax]: a list entry begins with a full-width '{dash}', not the "
        "ASCII '-'; begin each entry with an ASCII '-' and a space: `- …`"
    ]
    assert fixed(root, f"{dash}{space}", "- ") == []


@pytest.mark.parametrize("mark", ["，", "、", "；"])
@pytest.mark.parametrize(
    ("written", "fix"),
    [("department: [办公室{m}秘书股]", "department: [办公室, 秘书股]"),
     ("department: 办公室{m}秘书股", "department: [办公室, 秘书股]"),
     ("department: [财务股, 办公室{m}秘书股]", "department: [财务股, 办公室, 秘书股]")],
)  # fmt: skip
def test_departments_typed_apart_with_a_chinese_comma_are_named(tmp_path: Path, mark: str, written: str,
                                                                fix: str) -> None:  # fmt: skip
    line = written.format(m=mark)
    root = write_ledger(tmp_path, {"01.yaml": ITEM.format(deadline="2026-12-31").replace("department: 办公室", line)})
    [message] = problems(root)
    assert message.startswith(f"items/01.yaml:5:{line.index('办公室') + 1}: error[wrong-type]: department: "), message
    assert f"'办公室{mark}秘书股' holds " in message and "which does not separate the entries of a list" in message
    said = message.rpartition("write ")[2]
    assert fixed(root, line, line.replace(f"办公室{mark}秘书股", said) if "[" in line else f"department: {said}") == []
    assert fixed(root, line, fix) == []


def test_departments_on_lines(tmp_path: Path) -> None:
    text = ITEM.format(deadline="2026-12-31").replace(
        "department: 办公室", "department:\n  - 财务股\n  - 办公室，秘书股"
    )
    root = write_ledger(tmp_path, {"01.yaml": text})
    assert problems(root) == [
        "items/01.yaml:7:5: error[wrong-type]: department: '办公室，秘书股' holds a full-width comma (，), which does "
        "not separate the entries of a list; write a '- ' line for each: `- 办公室`, `- 秘书股`"
    ]


@pytest.mark.parametrize(("name", "meant"), [("１５.yaml", "15.yaml"), ("1７-财务.yaml", "17-财务.yaml"),
                                             ("０８ａ.yml", "08a.yml")])  # fmt: skip
def test_a_file_name_with_a_full_width_id(tmp_path: Path, name: str, meant: str) -> None:
    root = write_ledger(tmp_path, {name: ITEM.format(deadline="2026-12-31")})
    [message] = problems(root)
    assert message.startswith(f"items/{name}: error[bad-id]: the file name's id "), message
    assert "full-width digits" in message and message.endswith(f"; rename the file to {meant}")
    (root / "items" / name).rename(root / "items" / meant)
    assert problems(root) == []

"""What a Chinese keyboard types works on the command line (SPEC 3.6); files stay strict."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer import _click

from ledger.core.typed import half_width, typed_day, typed_id


@pytest.mark.parametrize(
    "text",
    ["2026-03-01", "2026-3-1", "2026/3/1", "2026.3.1", "2026年3月1日", "2026年3月1", "２０２６-０３-０１",
     "２０２６年３月１日", "２０２６／３／１", " 2026-3-1 "],
)  # fmt: skip
def test_a_date_in_every_spelling(text: str) -> None:
    assert typed_day(text) == date(2026, 3, 1)


@pytest.mark.parametrize("text", ["2026-3", "3/1/2026", "明天", "2026-03-01T10:00", "20260301", "2026-3/1x"])
def test_what_is_no_date(text: str) -> None:
    assert typed_day(text) is None


def test_a_day_that_does_not_exist() -> None:
    with pytest.raises(ValueError):
        typed_day("2026年2月30日")


def test_full_width_digits_and_letters() -> None:
    assert typed_id("８") == "8" and typed_id("０８ａ") == "08a"
    assert half_width("办公室　第１项") == "办公室 第1项"  # Chinese stays, U+3000 becomes a space


def test_show_takes_a_full_width_id(cli, ledger_root: Path) -> None:
    assert cli("show", "０２", root=ledger_root).stdout.startswith("02 正在推进的任务\n")


def test_dates_as_typed_are_written_as_iso(cli, ledger_root: Path) -> None:
    result = cli("close", "２", "--date", "2025年6月３日", "--note", "完成", root=ledger_root)
    assert result.exit_code == 0, result.stderr
    text = (ledger_root / "items" / "02.yaml").read_text(encoding="utf-8")
    assert "closed: 2025-06-03\n" in text and "- date: 2025-06-03\n" in text
    assert cli("note", "1", "进展", "--date", "2025/6/4", root=ledger_root).exit_code == 0
    assert "- date: 2025-06-04\n" in (ledger_root / "items" / "01.yaml").read_text(encoding="utf-8")


def test_a_day_that_does_not_exist_is_a_usage_error(cli, ledger_root: Path) -> None:
    result = cli("note", "1", "进展", "--date", "2025年2月30日", root=ledger_root)
    assert result.exit_code == 2
    assert "'2025年2月30日' is not a real date" in result.stderr


def test_a_category_by_its_title(cli, ledger_root: Path) -> None:
    by_key = cli("list", "--category", "conduct", "--format", "json", root=ledger_root).stdout
    assert cli("list", "--category", "关于作风建设方面", "--format", "json", root=ledger_root).stdout == by_key
    result = cli("new", "--title", "新任务", "--category", "关于落实主体责任方面", root=ledger_root)
    assert result.exit_code == 0, result.stderr
    assert "category: duty\n" in (ledger_root / "items" / "07.yaml").read_text(encoding="utf-8")


def test_a_department_by_a_part_of_its_name(cli, ledger_root: Path) -> None:
    full = cli("list", "--department", "财务科", "--format", "json", root=ledger_root).stdout
    assert cli("list", "--department", "财务", "--format", "json", root=ledger_root).stdout == full
    assert '"id": "03"' in full


def test_a_part_naming_several_departments_lists_them(cli, ledger_root: Path) -> None:
    result = cli("list", "--department", "科", root=ledger_root)
    assert result.exit_code == 1
    assert (
        result.stderr
        == "Error: --department: '科' is part of several departments: 秘书科, 财务科; type more of the name\n"
    )


def test_in_chinese(ledger_root: Path) -> None:
    import subprocess

    from helpers import ledger_exe

    env = {"PATH": "/usr/bin:/bin", "COLUMNS": "100", "NO_COLOR": "1", "LEDGER_LANG": "zh"}
    run = [ledger_exe(), "list", "--department", "科", "--root", str(ledger_root)]
    result = subprocess.run(run, capture_output=True, text=True, env=env)
    assert result.stderr == "错误：--department：“科”是多个部门名称的一部分：秘书科、财务科；请多输入几个字\n"


def test_init_writes_chinese_comments_and_the_same_data(tmp_path: Path) -> None:
    """`ledger init` in Chinese: every comment Chinese, the data and the lines those of the English skeleton."""
    import re
    import subprocess

    import yaml
    from helpers import ledger_exe

    written = {}
    for language in ("zh", "en"):
        env = {"PATH": "/usr/bin:/bin", "LEDGER_LANG": language}
        subprocess.run([ledger_exe(), "init", str(tmp_path / language)], check=True, capture_output=True, env=env)
        written[language] = {n: (tmp_path / language / n).read_text(encoding="utf-8")
                             for n in ("ledger.yaml", "items/01.yaml")}  # fmt: skip
    for name, text in written["zh"].items():
        english = written["en"][name]
        assert yaml.safe_load(text) == yaml.safe_load(english)
        assert len(text.splitlines()) == len(english.splitlines())  # validate's lines are the same in both
        comments = [line.split("#", 1)[1] for line in text.splitlines() if "#" in line]
        words = {w for c in comments for w in re.findall(r"[A-Za-z][A-Za-z_]+", re.sub(r"`[^`]*`", "", c))}
        assert words <= {"ledger", "yaml", "validate", "items", "category", "categories", "key", "title", "measures",
                         "problem", "outcome", "close", "open", "in_progress", "partial", "ongoing", "done", "true",
                         "per_category", "evidence", "status_labels", "YYYY", "MM", "DD"}, words  # fmt: skip
        assert "日期写作" in text or name != "ledger.yaml"


def test_half_width_is_nfkc_of_the_full_width_forms_and_nothing_else() -> None:
    import unicodedata

    for c in map(chr, range(0x20, 0x30000)):
        wide = "\uff01" <= c <= "\uff5e" or c == "\u3000"
        assert half_width(c) == (unicodedata.normalize("NFKC", c) if wide else c)


def number_options() -> list[tuple[str, object]]:
    """Every option and argument of the app that takes a number (int, float, a range of them), by command."""
    import typer.main

    from ledger.cli import commands

    found = []

    def walk(command, path):
        for param in command.params:
            if isinstance(param.type, _click.types._NumberParamTypeBase):
                found.append((f"{' '.join(path)} {param.opts[0]}", param))
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, [*path, name])

    walk(typer.main.get_command(commands()), ["ledger"])
    return found


def test_the_number_options_are_found() -> None:
    names = {name for name, _param in number_options()}
    assert {"ledger list --due-within", "ledger serve --port", "ledger rollup --fetch-timeout"} <= names


@pytest.mark.parametrize(("name", "param"), number_options(), ids=lambda v: v if isinstance(v, str) else "")
def test_every_number_option_takes_full_width_digits(name: str, param) -> None:
    """What the clerk types (７, １．５, －１) is the number it shows; the range is checked on that number."""
    least = getattr(param.type, "min", None)
    sample = int(least or 0) + 7
    ascii_value = param.type.convert(str(sample), param, None)
    assert param.type.convert(half_to_full(str(sample)), param, None) == ascii_value
    assert param.type.convert(f"\u3000{half_to_full(str(sample))}　", param, None) == ascii_value
    if isinstance(param.type, _click.types.FloatParamType):
        assert param.type.convert(half_to_full(f"{sample}.5"), param, None) == sample + 0.5
    with pytest.raises(_click.exceptions.BadParameter):  # below the least it may be
        param.type.convert(half_to_full(str(int(least) - 1)) if least is not None else "ｘ", param, None)


def half_to_full(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def test_due_within_in_full_width_digits_lists_the_same(cli, ledger_root: Path) -> None:
    typed = cli("list", "--due-within", "３０", "--as-of", "2025-06-20", root=ledger_root)
    plain = cli("list", "--due-within", "30", "--as-of", "2025-06-20", root=ledger_root)
    assert typed.exit_code == 0 and typed.stdout == plain.stdout and "正在推进的任务" in plain.stdout

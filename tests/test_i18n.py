"""The interface in two languages (SPEC 3.6): the catalog complete and current, Chinese everywhere a person reads."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys

import pytest
from helpers import REPO, command_paths, english_words, file_keys, ledger_exe
from typer.testing import CliRunner

from ledger.cli import app
from ledger.core import i18n

spec = importlib.util.spec_from_file_location("catalog", REPO / "tools" / "catalog.py")
catalog = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
spec.loader.exec_module(catalog)  # type: ignore[union-attr]


def test_every_message_has_chinese_with_the_same_placeholders() -> None:
    """Every message of the code is in the .po, translated, not fuzzy, with the placeholders of its msgid."""
    assert catalog.problems(catalog.load(), catalog.extract()) == []


def test_the_compiled_catalog_is_current() -> None:
    assert catalog.MO.read_bytes() == catalog.compiled(catalog.load()), "run: python tools/catalog.py compile"
    po = {m.id if isinstance(m.id, str) else "\0".join(m.id): m.string for m in catalog.load() if m.id}
    mo = i18n.read_mo(catalog.MO)
    assert set(mo) == set(po)


def test_the_po_is_sorted_with_its_sources() -> None:
    text = catalog.PO.read_text(encoding="utf-8")
    ids = [m.id if isinstance(m.id, str) else m.id[0] for m in catalog.load() if m.id]
    assert ids == sorted(ids, key=lambda i: i.lower()) or ids == sorted(ids)
    assert text.count("\n#: ledger/") >= len(ids)


def test_a_placeholder_missing_from_chinese_is_found() -> None:
    from babel.messages.catalog import Catalog

    broken = Catalog(locale="zh_CN")
    broken.add("item {id} is done", "第项已完成")
    broken.add("{n} files", "{n} 个文件")
    assert catalog.problems(broken) == ["placeholders differ: 'item {id} is done' → '第项已完成'"]


@pytest.mark.parametrize(
    ("environ", "language"),
    [
        ({"LEDGER_LANG": "en", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LEDGER_LANG": "zh"}, "zh"),
        ({"LC_ALL": "C", "LANG": "en_US.UTF-8"}, "en"),
        ({"LC_MESSAGES": "zh_TW.UTF-8", "LANG": "en_US"}, "zh"),
        ({"LANG": "de_DE"}, "en"),
        ({"LANG": "C"}, "zh" if sys.platform != "win32" else "en"),
        ({}, "zh" if sys.platform != "win32" else "en"),
    ],
)
def test_the_language_is_chosen_as_spec_says(environ: dict[str, str], language: str) -> None:
    assert i18n.choose_language(environ) == language


@pytest.mark.parametrize("path", command_paths(), ids=lambda p: " ".join(p) or "ledger")
def test_every_help_is_chinese(path: list[str]) -> None:
    i18n.set_language("zh")
    try:
        result = CliRunner().invoke(app, [*path, "--help"], prog_name="ledger")
    finally:
        i18n.set_language(None)
    assert result.exit_code == 0, result.output
    assert "用法：ledger" in result.stdout
    assert english_words(result.stdout) == set(), result.stdout


def test_english_words_are_found() -> None:
    assert english_words("只列已逾期的事项 Only items --overdue ledger.yaml") == {"Only", "items"} - {"items"}


# Every Click error a user can meet (ledger has no mutually exclusive options, so Click never says that).
CLICK_ERRORS = [
    (["show"], "缺少参数“编号”。"),  # a missing argument
    (["new"], "缺少选项“--title”。"),  # a missing option
    (["forms"], "缺少选项“-o”或“--output”。"),  # one with two names
    (["lis"], "没有命令“lis”。您是不是要用“list”？"),  # no such command, with a suggestion
    (["frobnicate"], "没有命令“frobnicate”。"),
    (["list", "--sort", "x"], "“--sort”的值无效：“x”不是可选的值；可选：“notice”、“id”、“deadline”。"),  # a bad choice
    (["list", "--format", "xml"], "“--format”的值无效：“xml”不是可选的值；可选：“table”、“json”、“csv”。"),
    (["list", "--due-within", "-1"], "“--due-within”的值无效：-1 超出了允许的范围（0 到 100000）。"),  # out of range
    (["list", "--due-within", "x"], "“--due-within”的值无效：“x”不是整数。"),  # a bad int
    (["serve", "--port", "７０００００"], "“--port”的值无效：700000 超出了允许的范围（0 到 65535）。"),
    (["rollup", "--fetch-timeout", "０．５"], "“--fetch-timeout”的值无效：0.5 超出了允许的范围（不小于 1）。"),
    (["rollup", "--fetch-timeout", "soon"], "“--fetch-timeout”的值无效：“soon”不是数字。"),  # a bad number
    (["list", "--status"], "选项“--status”需要一个值。"),  # an option that needs a value
    (["list", "--nope"], "没有选项“--nope”。您是不是要用“--no-cache”？"),  # no such option, with a suggestion
    (["list", "--zzz"], "没有选项“--zzz”。"),
    (["--nope"], "没有选项“--nope”。"),
    (["show", "1", "2"], "多余的参数（2）"),  # too many arguments
]
# ASCII punctuation a Chinese line must not have, once what was typed (in “ ”) and ranges are taken out.
HALF_WIDTH = re.compile(r"""['",;:()?!]""")


@pytest.mark.parametrize(("args", "message"), CLICK_ERRORS, ids=lambda a: " ".join(a) if isinstance(a, list) else "")
def test_clicks_errors_in_chinese(args: list[str], message: str) -> None:
    """Typer's own words, from a real process: the usage line, the hint, the panel and the message."""
    env = {"PATH": "/usr/bin:/bin", "COLUMNS": "100", "NO_COLOR": "1", "LEDGER_LANG": "zh"}
    result = subprocess.run([ledger_exe(), *args], capture_output=True, text=True, env=env, cwd=REPO)
    assert result.returncode == 2
    lines = [line.strip("│ ╭╰─╮╯") for line in result.stderr.splitlines()]
    panel = lines.index("错误")
    assert lines[panel + 1] == message
    if panel:  # Click knows the command (not so for an option's missing value)
        assert lines[0].startswith("用法：ledger")
        assert re.fullmatch(r"运行“ledger[ a-z-]* -h”查看帮助。", lines[1]), lines[1]
    for line in lines[1:]:
        assert not HALF_WIDTH.search(re.sub("“[^”]*”", "", line)), line
    assert english_words(result.stderr) == set()


def test_the_same_errors_in_english() -> None:
    env = {"PATH": "/usr/bin:/bin", "COLUMNS": "100", "NO_COLOR": "1", "LEDGER_LANG": "en"}
    result = subprocess.run([ledger_exe(), "show"], capture_output=True, text=True, env=env, cwd=REPO)
    assert result.stderr.splitlines()[:2] == ["Usage: ledger show [OPTIONS] {ID}", "Try 'ledger show -h' for help."]
    assert "Missing argument 'ID'." in result.stderr


def registered_messages() -> list[tuple[str, str, str]]:
    from ledger.core.problems import REGISTRY

    found = []
    for code in REGISTRY.values():
        found.append((code.name, "meaning", code.meaning))
        found += [(code.name, variant or "message", message) for variant, message in code.messages.items()]
    return found


@pytest.mark.parametrize(("code", "variant", "message"), registered_messages(), ids=lambda v: str(v)[:40])
def test_every_problem_message_is_chinese(code: str, variant: str, message: str) -> None:
    """Each message and meaning of the problem-code registry, said in Chinese with no English word left."""
    i18n.set_language("zh")
    try:
        said = i18n._(message)
    finally:
        i18n.set_language(None)
    assert said != message or not re.search("[A-Za-z]{2}", message)
    left = english_words(re.sub(r"\{[^{}]*\}", " ", said)) - file_keys()
    assert left == set(), said


def test_no_module_hides_the_message_function() -> None:
    """A module that translates with `_` never binds `_` as a throwaway name too (`data, _ = …`): inside that
    function `_("…")` would call the throwaway (the UnboundLocalError it gave was a real bug)."""
    import ast

    found = []
    for path in (REPO / "ledger").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imports_it = any(isinstance(n, ast.ImportFrom) and any(a.name == "_" for a in n.names) for n in ast.walk(tree))
        if not imports_it:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and node.id == "_" and isinstance(node.ctx, ast.Store):
                found.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert found == []


# 问题 is the problem fed back (反馈问题, the `problem` field) and the genre's own words built on it.
GENRE_WORDS = ("巡察反馈问题", "反馈的问题", "反馈问题", "问题类别", "问题反弹", "问题原文")


def test_an_item_is_a_shixiang_in_chinese() -> None:
    """One word for an item in every Chinese message: 事项, never 问题 (which names what was fed back)."""
    found = []
    for message in catalog.load():
        if not message.id:
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            left = text
            for word in GENRE_WORDS:
                left = left.replace(word, "")
            if re.search(r"\bitems?\b", msgid) and "问题" in left:
                found.append(f"{msgid!r} → {text!r}")
    assert found == []


def latin_words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z][A-Za-z0-9_.-]*", text))


@pytest.mark.parametrize("path", command_paths(), ids=lambda p: " ".join(p) or "ledger")
def test_chinese_help_wraps_between_characters_never_inside_a_word(path: list[str]) -> None:
    """Rich wraps at spaces only, and Chinese has none: the help would be cut wherever a line is full, in the
    middle of GitHub or lights.yellow_days. Every Latin word of the help at a terminal's widths is one of the
    whole help's, unwrapped (but for a word longer than a column is wide, which must be folded)."""
    i18n.set_language("zh")
    try:
        whole = CliRunner().invoke(app, [*path, "--help"], prog_name="ledger", env={"COLUMNS": "1000"}).stdout
        long = {w for w in latin_words(whole) if len(w) > 20}
        for width in (80, 91, 100, 117, 132):
            said = CliRunner().invoke(app, [*path, "--help"], prog_name="ledger", env={"COLUMNS": str(width)}).stdout
            cut = {w for w in latin_words(said) - latin_words(whole) if not any(x.startswith(w) for x in long)}
            assert cut <= {w[-k:] for w in long for k in range(1, len(w))}, (width, cut)
    finally:
        i18n.set_language(None)

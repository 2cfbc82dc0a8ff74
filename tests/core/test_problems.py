"""The one registry of problem codes: every problem made through it, every message extractable, documented from it."""

from __future__ import annotations

import ast
import json
import os
import re
import string
from pathlib import Path

import pytest
from helpers import REPO

from ledger.core import problems
from ledger.core.i18n import set_language
from ledger.core.problems import REGISTRY

README = REPO / "docs" / "en" / "guide.md"  # the commands' guide lists every code under validate
CODES_PAGE = REPO / "docs" / "en" / "problem-codes.md"
START, END = "<!-- problem codes: generated from the registry -->", "<!-- end of problem codes -->"


def sources() -> list[Path]:
    return sorted(p for p in (REPO / "ledger").rglob("*.py") if p.name != "problems.py")


def test_no_module_names_a_code_by_its_literal() -> None:
    """A code is written once, in the registry; elsewhere it is the Code (codes.LOG_ORDER), so a typo fails at once."""
    found = []
    for path in sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in REGISTRY:
                found.append(f"{path.relative_to(REPO)}:{node.lineno}: {node.value!r}")
    assert found == []


def test_problems_are_made_only_by_their_codes() -> None:
    """Only the registry builds a Problem (and the cache, which gives back what the registry built)."""
    made = []
    for path in sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            func = node.func if isinstance(node, ast.Call) else None
            name = func.id if isinstance(func, ast.Name) else getattr(getattr(func, "value", None), "id", None)
            if name == "Problem":
                made.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert [where.split(":")[0] for where in made] == ["ledger/core/cache.py"]


def test_every_code_is_declared_whole() -> None:
    for code in REGISTRY.values():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", code.name)
        assert code.severity in ("error", "warning")
        assert code.meaning and "\n" not in code.meaning and "{" not in code.meaning
        assert "" in code.messages, f"{code.name} has no main message"
        assert set(code.severities) <= set(code.messages)


def test_placeholders_are_named() -> None:
    """A translator sees {key}, never {} or {0}: words move around in another language."""
    for code in REGISTRY.values():
        for variant, message in code.messages.items():
            fields = [field for _, field, _, _ in string.Formatter().parse(message) if field is not None]
            assert all(f.isidentifier() for f in fields), (code.name, variant, fields)


def test_babel_finds_every_message_and_meaning() -> None:
    """`pybabel extract -k N_` over the package finds each msgid as written in the registry."""
    extract = pytest.importorskip("babel.messages.extract")
    with open(problems.__file__, "rb") as file:
        found = {message for _, _, message, _ in extract.extract_python(file, ["N_", "_"], [], {})}
    wanted = {c.meaning for c in REGISTRY.values()} | {m for c in REGISTRY.values() for m in c.messages.values()}
    assert sorted(wanted - found) == []


def test_a_message_is_translated_when_the_problem_is_made(monkeypatch: pytest.MonkeyPatch) -> None:
    """The registry's message goes through the catalog's `_` with its values filled after translation."""
    seen = []

    def fake(message: str) -> str:
        seen.append(message)
        return "«" + message + "»"

    monkeypatch.setattr(problems, "_", fake)
    made = problems.LOG_ORDER.problem("items/01.yaml", 8, 5, number=2, day="2025-02-01", before="2025-03-01")
    assert seen == [problems.LOG_ORDER.messages[""]]
    assert made.message == "«log[2]: dated 2025-02-01, before the entry above it (2025-03-01); the log is oldest first»"
    assert (made.severity, made.code, made.line, made.column) == ("warning", "log-order", 8, 5)
    assert problems.NO_ITEMS.problem("items", variant="not-folder").severity == "error"


def test_codes_lists_the_registry(cli, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "1000")  # a line per code: no meaning wrapped
    set_language("en")
    try:
        result = cli("codes")
        rows = result.stdout.splitlines()
        assert rows[0].split() == ["Code", "Severity", "Meaning"]
        assert [row.split()[0] for row in rows[1:]] == list(REGISTRY)
        assert rows[REGISTRY_INDEX("log-order")] == (
            "log-order           warning   a log entry dated before the one above it: the log is oldest first"
        )
        data = json.loads(cli("codes", "--format", "json").stdout)
    finally:
        set_language(None)
    assert [entry["code"] for entry in data] == list(REGISTRY)
    assert data[REGISTRY_INDEX("no-items") - 1] == {
        "code": "no-items",
        "severity": "warning",
        "meaning": "no items/ folder, or an items that is no folder",
        "messages": {
            "main": "there is no items/ folder; the ledger has no items",
            "not-folder": "items must be a folder",
        },
    }


def test_a_cache_holds_messages_of_one_language() -> None:
    """Problems are cached as their messages: a cache filled in one language is not read in another."""
    from ledger.core.cache import code_version

    try:
        set_language("en")
        english = code_version()
        set_language("zh")
        assert code_version() != english
    finally:
        set_language(None)


def REGISTRY_INDEX(name: str) -> int:  # noqa: N802 - reads as the row number
    return list(REGISTRY).index(name) + 1


# --- The documented list, generated from the registry -------------------------------------------------------


def readme_paragraph() -> str:
    errors = [f"`{c.name}`" for c in REGISTRY.values() if c.severity == "error"]
    warnings = [f"`{c.name}`" for c in REGISTRY.values() if c.severity == "warning"]
    text = (f"Problem codes (`ledger codes` prints each with its meaning; the table is in "
            f"[problem-codes.md](problem-codes.md)): errors {', '.join(errors)}; "
            f"warnings {', '.join(warnings)}.")  # fmt: skip
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > 90:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return "\n".join([START, *lines, line, END])


def codes_page() -> str:
    rows = [f"| `{c.name}` | {c.severity} | {c.meaning} |" for c in REGISTRY.values()]
    return "\n".join([
        "# Problem codes",
        "",
        "Every code `ledger validate` (and `rollup`, for `round.yaml`) can report, as `ledger codes` prints them.",
        "Generated from `ledger/core/problems.py` by `tests/core/test_problems.py` (run it with `REGENERATE=1` after",
        "changing the registry). A code is stable: scripts and editors rely on it; its message may improve.",
        "",
        "| code | severity | meaning |",
        "|---|---|---|",
        *rows,
        "",
    ])  # fmt: skip


def test_the_readme_lists_every_code_from_the_registry() -> None:
    text = README.read_text(encoding="utf-8")
    start, end = text.index(START), text.index(END) + len(END)
    if os.environ.get("REGENERATE"):
        README.write_text(text[:start] + readme_paragraph() + text[end:], encoding="utf-8")
        text = README.read_text(encoding="utf-8")
        start, end = text.index(START), text.index(END) + len(END)
    assert text[start:end] == readme_paragraph()


def test_the_codes_page_is_the_registry() -> None:
    if os.environ.get("REGENERATE"):
        CODES_PAGE.write_text(codes_page(), encoding="utf-8")
    assert CODES_PAGE.read_text(encoding="utf-8") == codes_page()


CODES_PAGE_ZH = REPO / "docs" / "zh" / "problem-codes.md"


def codes_page_zh() -> str:
    from ledger.core.i18n import _

    set_language("zh")
    try:
        rows = [f"| `{c.name}` | {_('error') if c.severity == 'error' else _('warning')} | {_(c.meaning)} |"
                for c in REGISTRY.values()]  # fmt: skip
    finally:
        set_language(None)
    return "\n".join([
        "# 错误和警告的代码",
        "",
        "`ledger validate`（以及检查 `round.yaml` 的 `rollup`）可能报告的每个代码，与 `ledger codes` 列出的一致。",
        "本页由 `tests/core/test_problems.py` 根据 `ledger/core/problems.py` 生成（修改代码表后，加 `REGENERATE=1`",
        "运行它）。代码是稳定的：脚本和编辑器依赖它；具体的提示文字则可能改进。",
        "",
        "| 代码 | 严重程度 | 含义 |",
        "|---|---|---|",
        *rows,
        "",
    ])  # fmt: skip


def test_the_chinese_codes_page_is_the_registry() -> None:
    if os.environ.get("REGENERATE"):
        CODES_PAGE_ZH.write_text(codes_page_zh(), encoding="utf-8")
    assert CODES_PAGE_ZH.read_text(encoding="utf-8") == codes_page_zh()

"""A template Jinja cannot read is said in the clerk's language: Jinja's sentences matched to the catalog."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import english_words, write_ledger

from ledger.core import i18n

# A broken template, and what `report` says of it in Chinese (after `错误：模板 x.md.j2，第 1 行：`).
BROKEN = [
    ("{% if %}", "此处应为表达式，实为“%}”"),
    ("{{ x | nofilter }}", "没有名为“nofilter”的过滤器"),
    ("{{ x is nosuchtest }}", "没有名为“nosuchtest”的测试"),
    ("{% for x in items %}", "模板在某个块关闭之前就结束了；Jinja 在寻找“endfor”或“else”；最内层尚未关闭的块是“for”"),
    ("{% for x in items %}{% if x %}{% endfor %}",
     "不认识的标签“endfor”；块的嵌套有误：应先写“elif”或“else”或“endif”；最内层尚未关闭的块是“if”"),
    ("{{ 1 + }}", "此处不能有“}}”"),
    ("{% endfor %}", "不认识的标签“endfor”"),
    ("{% foo %}", "不认识的标签“foo”"),
    ('{{ "abc }}', "此处不能有字符“\"”"),
    ("{{ a.[1] }}", "点号之后应为名称或数字"),
    ("{% set 1 = 2 %}", "不能给常量赋值"),
    ("{% block a-b %}{% endblock %}", "块的名称只能由字母、数字和“_”组成"),
    ("{{ x ~~ y }}", "此处不能有“~”"),
    ("{{ @ }}", "此处不能有字符“@”"),
    ("{% for loop in items %}{% endfor %}", "loop 是 Jinja 自己的名称；请换一个"),
    ("{% block a %}{% endblock %}{% block a %}{% endblock %}", "块“a”定义了两次"),
    ("{% macro m(a=1, b) %}{% endmacro %}", "没有默认值的参数写在了有默认值的参数之后"),
    ("{{ x(1 }}", "此处应为“)”，实为“}”"),
]  # fmt: skip


@pytest.mark.parametrize(("template", "chinese"), BROKEN, ids=[t for t, _c in BROKEN])
def test_a_broken_template_is_said_in_chinese(tmp_path: Path, cli, monkeypatch, template: str, chinese: str) -> None:
    root = write_ledger(tmp_path / "l")
    (root / "templates").mkdir()
    (root / "templates" / "x.md.j2").write_text(template + "\n", encoding="utf-8")
    monkeypatch.setenv("LEDGER_LANG", "zh")
    i18n.set_language(None)
    try:
        said = cli("report", "--template", "x.md.j2", "-o", str(tmp_path / "x.md"), root=root).stderr
    finally:
        i18n.set_language(None)
    assert said == f"错误：模板 x.md.j2，第 1 行：{chinese}\n"
    assert english_words(re.sub("“[^”]*”", "", said)) - {"Jinja", "loop", "is", "required", "extends"} == set()


def test_english_keeps_jinjas_words(tmp_path: Path, cli) -> None:
    root = write_ledger(tmp_path / "l")
    (root / "templates").mkdir()
    (root / "templates" / "x.md.j2").write_text("{% for x in items %}\n", encoding="utf-8")
    assert cli("report", "--template", "x.md.j2", root=root).stderr == (
        "Error: template x.md.j2, line 1: Unexpected end of template. Jinja was looking for the following tags: "
        "'endfor' or 'else'. The innermost block that needs to be closed is 'for'.\n"
    )


def test_a_sentence_never_seen_is_still_chinese() -> None:
    from ledger.report.jinjawords import said

    i18n.set_language("zh")
    try:
        assert said("something Jinja will say one day") == "Jinja 无法读懂模板中的这一处"
    finally:
        i18n.set_language(None)

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


# A template that fails while it runs (on line 2), by the class of the failure: what `report` says in Chinese
# (after `错误：模板 x.md.j2，第 2 行：`) and, in English, Python's or Jinja's own sentence as before.
RUNNING = [
    ("{{ 1/0 }}", "除数为零", "division by zero"),
    ("{{ 7 // 0 }}", "除数为零", "integer division or modulo by zero"),
    ("{{ items[100].title }}", "列表没有第 100 个元素（从 0 数起）", "list object has no element 100"),
    ("{{ items[0].deadline | cn_join }}", "日期不是列表，不能逐个取用", "'datetime.date' object is not iterable"),
    ("{{ 5 | cn_join }}", "数字不是列表，不能逐个取用", "'int' object is not iterable"),
    ("{{ 1 + 'a' }}", "数字和文本不能做 “+” 运算", "unsupported operand type(s) for +: 'int' and 'str'"),
    ("{{ 'a' + 1 }}", "文本只能与文本用 + 相连，不能与数字相连；请用 ~ 连接",
     'can only concatenate str (not "int") to str'),
    ("{{ range(10**9) | list | length }}", "range() 最多只能数到 100000",
     "Range too big. The sandbox blocks ranges larger than MAX_RANGE (100000)."),
    ("{{ items.__class__ }}", "不允许：模板不能访问列表的属性“__class__”",
     "not allowed: access to attribute '__class__' of 'list' object is unsafe."),
    ("{{ ledger.__init__ }}", "不允许：模板不能访问映射的属性“__init__”",
     "not allowed: access to attribute '__init__' of 'dict' object is unsafe."),
    ("{{ items[0].title | cn_date }}", "不是日期：'未启动的任务'", "not a date: '未启动的任务'"),
    ("{{ 'x' | cn_number }}", "不是整数：'x'", "not a whole number: 'x'"),
    ("{{ -3 | cn_number }}", "负数没有中文数字写法：-3", "no Chinese numeral for a negative number: -3"),
    ("{{ 'ab' * 10**7 }}", "重复的结果太长", "the repetition is too long"),
    ("{{ {}['x'].y }}", "映射没有字段“x”", "'dict object' has no attribute 'x'"),
]  # fmt: skip


@pytest.mark.parametrize(("template", "chinese", "english"), RUNNING, ids=[t for t, _c, _e in RUNNING])
def test_a_template_failing_while_it_runs_is_said_in_chinese(tmp_path: Path, cli, monkeypatch, template: str,
                                                            chinese: str, english: str) -> None:  # fmt: skip
    root = write_ledger(tmp_path / "l")
    (root / "templates").mkdir()
    (root / "templates" / "x.md.j2").write_text("第一行\n" + template + "\n", encoding="utf-8")
    monkeypatch.setenv("LEDGER_LANG", "zh")
    i18n.set_language(None)
    try:
        said = cli("report", "--template", "x.md.j2", "-o", str(tmp_path / "x.md"), root=root).stderr
    finally:
        i18n.set_language(None)
    assert said == f"错误：模板 x.md.j2，第 2 行：{chinese}\n"
    assert english_words(re.sub("“[^”]*”", "", said)) - {"range"} == set()
    monkeypatch.setenv("LEDGER_LANG", "en")
    try:
        said = cli("report", "--template", "x.md.j2", "-o", str(tmp_path / "x.md"), root=root).stderr
    finally:
        i18n.set_language(None)
    assert said == f"Error: template x.md.j2, line 2: {english}\n"
    assert not (tmp_path / "x.md").exists()

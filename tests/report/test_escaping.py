"""A value from the files is data wherever a template puts it: no Markdown in it makes structure.

For any text of Markdown's marks, spaces and line breaks, `{{ value }}` in a paragraph, after a
list number, in a heading or in a table cell gives exactly that block, holding exactly the value's
characters (its lines joined, as every value's are): no heading, list, quote, code block, fence,
rule or lost character, in the Markdown and so in Word and HTML, which are made from it.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.output.blocks import read_markdown
from ledger.report.escaping import as_text, joined, md_cell

MARKS = " \t\n#>+=-*_`~[]()<>!&;\\|:.)0123456789ax中文"
VALUES = st.text(alphabet=MARKS, max_size=12)
CONTEXTS = [("", "paragraph"), ("正文", "paragraph"), ("1. ", "paragraph"), ("# ", "title"), ("## 一、", "heading")]


@settings(max_examples=1000)
@given(VALUES)
def test_a_value_makes_no_structure(value: str) -> None:
    text = joined(value)
    for prefix, kind in CONTEXTS:
        markdown = f"前文\n\n{prefix}{as_text(value)}\n\n后文\n"
        blocks = read_markdown(markdown)
        if not text.strip(" \t"):
            assert [b.text for b in blocks][:: len(blocks) - 1] == ["前文", "后文"]
            continue
        assert [(b.kind, b.text) for b in blocks] == [
            ("paragraph", "前文"),
            (kind, (prefix.lstrip("# ") + text).rstrip(" \t")),  # Markdown drops a line's trailing spaces
            ("paragraph", "后文"),
        ], markdown


@settings(max_examples=500)
@given(VALUES)
def test_a_value_stays_in_its_table_cell(value: str) -> None:
    markdown = f"前文\n\n| 甲 | 乙 |\n| --- | --- |\n| 丙 | {md_cell(value)} |\n\n后文\n"
    blocks = read_markdown(markdown)
    assert [b.kind for b in blocks] == ["paragraph", "table", "paragraph"], markdown
    cells = [["".join(run.text for run in cell) for cell in row] for row in blocks[1].rows]
    assert cells[0] == ["甲", "乙"] and cells[1][0] == "丙"
    assert cells[1][1].rstrip(" \t") == joined(value).rstrip(" \t"), markdown


def test_examples_of_what_used_to_get_through() -> None:
    assert as_text("~~~ 中共××党组") == "\\~\\~\\~ 中共××党组"
    assert as_text(" # 伪造的标题") == "&#32;\\# 伪造的标题"
    assert as_text("    代码") == "&#32;&#32;&#32;&#32;代码"
    assert as_text("关于整改情况的通报 #") == "关于整改情况的通报 \\#"
    assert as_text("2025. 年") == "2025\\. 年"  # not `\2025.`, whose backslash would show


def test_marks_that_make_no_markup_where_they_are_stay_as_written() -> None:
    """A clerk pastes the Markdown into a site's editor: no backslash where none is needed."""
    assert as_text("规范会议费管理 #1") == "规范会议费管理 #1"
    assert as_text("2025年1~3月") == "2025年1~3月"
    assert as_text("第#3号") == "第#3号"
    assert as_text("删除~~旧规定~~") == "删除\\~\\~旧规定\\~\\~"  # `~~` strikes through on GitHub
    assert as_text("标题 ##") == "标题 \\#\\#"  # a heading's closing sequence

"""Guards that nothing else pins: each test here fails when its guard is removed (planted mutants survived)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import CONFIG, write_ledger

from ledger.output.measures import TEXT_TWIPS, TITLE_PER_LINE, title_lines


def test_the_web_pages_title_is_escaped(tmp_path: Path, cli) -> None:
    """<title> is outside the article: a ledger title with markup stays text there too."""
    config = CONFIG.replace("title: 测试机关党组关于巡察整改进展情况的通报", "title: 测试</title><script>x()</script>")
    root = write_ledger(tmp_path / "l", config=config)
    page = cli("report", "--to", "html", root=root).stdout
    head = page[: page.index("</head>")]
    assert "<title>测试&lt;/title&gt;&lt;script&gt;x()&lt;/script&gt;</title>" in head
    assert "<script>" not in page


def test_a_templates_link_keeps_only_web_and_mail_schemes(tmp_path: Path, cli) -> None:
    """markdown-it already drops javascript:, vbscript:, file: and data: links; ledger keeps only
    http, https and mailto (and relative links): an smb: or ftp: link is its text, never a link."""
    root = write_ledger(tmp_path / "l")
    (root / "templates").mkdir()
    (root / "templates" / "links.md.j2").write_text(
        "# 通报\n\n[官网](https://example.org) [共享](smb://server/share) [下载](ftp://example.org/x) "
        "[邮件](mailto:a@example.org) [脚本](javascript:alert(1))\n",
        encoding="utf-8",
    )
    page = cli("report", "--template", "links.md.j2", "--to", "html", "--fragment", root=root).stdout
    assert '<a href="https://example.org">官网</a>' in page
    assert '<a href="mailto:a@example.org">邮件</a>' in page
    assert "共享" in page and "下载" in page
    assert "smb:" not in page.replace("[共享](smb://server/share)", "")
    assert 'href="smb' not in page and 'href="ftp' not in page and 'href="javascript' not in page


def test_a_label_starting_with_equals_stays_text_in_the_summary_sheet(tmp_path: Path, cli) -> None:
    """The 统计 sheet's labels come from ledger.yaml: `=HYPERLINK(…)` there is text, never a formula."""
    openpyxl = pytest.importorskip("openpyxl")
    formula = '=HYPERLINK("http://example.org","点此")'
    config = CONFIG.replace("title: 关于落实主体责任方面", f"title: '{formula}'")
    root = write_ledger(tmp_path / "l", config=config)
    out = tmp_path / "台账.xlsx"
    assert cli("export", "-o", str(out), root=root).exit_code == 0
    sheet = openpyxl.load_workbook(out)["统计"]
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == formula]
    assert cells, "the category's title is not in the 统计 sheet"
    assert all(cell.data_type == "s" for cell in cells)


def test_a_template_that_builds_too_much_meets_the_memory_cap() -> None:
    """RLIMIT_AS caps what a template may build: past it, MemoryError (a message), not the OOM killer."""
    resource = pytest.importorskip("resource")
    from ledger.report.sandbox import memory_limit

    before = resource.getrlimit(resource.RLIMIT_AS)
    with memory_limit(64 << 20), pytest.raises(MemoryError):
        bytearray(1 << 30)  # a gigabyte, far over the 64 MiB allowed
    assert resource.getrlimit(resource.RLIMIT_AS) == before  # and given back after


@pytest.mark.parametrize(
    ("title", "lines"),
    [
        ("测试市机关党组关于巡察整改进展情况的通报", ["测试市机关党组关于巡察整改进展情况的通报"]),  # 20: one line
        ("测试市某机关党组关于巡察整改进展情况的通报", ["测试市某机关党组关于", "巡察整改进展情况的通报"]),  # 21: two
        (
            "中共某某省某某市某某区人民政府办公室党组关于十四届区委第五轮巡察集中整改进展情况的通报",
            ["中共某某省某某市某某区人民政府", "办公室党组关于十四届区委", "第五轮巡察集中整改进展情况的通报"],
        ),
    ],
)
def test_the_title_breaks_at_twenty_characters_after_whole_words(title: str, lines: list[str]) -> None:
    """2号 (22 pt, 440 twips) in the 156 mm 版心: 20 characters a line; longer titles break after a word."""
    assert TITLE_PER_LINE == TEXT_TWIPS // 440 == 20
    assert title_lines(title, None) == lines
    assert all(len(line) <= 20 for line in lines)


def test_python_docx_private_parts_are_used_in_one_module() -> None:
    """Only ledger/output/docx_xml.py touches python-docx's private attributes or its oxml layer."""
    import ast

    from helpers import REPO

    private = {"_sectPr", "_tbl", "_p", "_element", "_body", "_parent", "_r", "_tc"}
    found = []
    for path in sorted((REPO / "ledger").rglob("*.py")):
        if path.name == "docx_xml.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in private:
                found.append(f"{path.name}:{node.lineno}: .{node.attr}")
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(("docx.oxml", "docx.opc")):
                found.append(f"{path.name}:{node.lineno}: from {node.module}")
    assert found == []

"""`report --to md|docx|html`: one template, three formats; the Word layout of GB/T 9704-2012; the web page."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import CONFIG, ITEMS, REPO, pdf_lines, plain_text, soffice_pdf, without_module, write_ledger

from ledger.output.blocks import read_markdown

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CLOSING, OPENING = "，。、；：”’）》〕】！？", "“‘（《〔【"


def docx_xml(path: Path, part: str = "word/document.xml"):
    from xml.etree import ElementTree

    return ElementTree.fromstring(zipfile.ZipFile(path).read(part))


def attr(element, name: str) -> str | None:
    return None if element is None else element.get(W + name)


def paragraphs(path: Path) -> list:
    return list(docx_xml(path).iter(W + "p"))


def text_of(paragraph) -> str:
    return "".join(t.text or "" for t in paragraph.iter(W + "t"))


@pytest.fixture(scope="module")
def sample_docx(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("docx") / "notice.docx"
    from typer.testing import CliRunner

    from ledger.cli import app

    assert CliRunner().invoke(app, ["report", "-o", str(out), "--root", str(REPO)]).exit_code == 0
    return out


# --- Choosing the format ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("report", "--to", "docx"), "docx is a binary file: give -o FILE"),
        (("report", "--to", "html", "-o", "notice.docx"), "html does not match the file name notice.docx"),
        (("report", "-o", "notice.odt"), "notice.odt names a odt file, which `ledger report` does not write"),
        (("report", "-o", "台账.xlsx"), "names a xlsx file"),
        (("report", "--fragment"), "--fragment is for --to html"),
        (("report", "--to", "pdf"), "pdf is a binary file: give -o FILE"),
        (("report", "--to", "odt"), "'odt' is not one of md, docx, html, pdf"),
        (("export", "--format", "csv", "-o", "台账.xlsx"), "csv does not match the file name 台账.xlsx"),
        (("export", "-o", "台账.docx"), "names a docx file, which `ledger export` does not write"),
    ],
)
def test_a_format_and_a_file_name_that_disagree_are_refused(ledger_root: Path, cli, args, message: str) -> None:
    result = cli(*args, root=ledger_root)
    assert result.exit_code == 2
    assert message in " ".join(result.stderr.replace("│", " ").split())
    assert not any(p.suffix in (".docx", ".pdf", ".xlsx", ".html") for p in Path.cwd().iterdir() if p.is_file())


def test_the_file_name_gives_the_format(ledger_root: Path, tmp_path: Path, cli) -> None:
    cases = {"n.md": b"# ", "n.markdown": b"# ", "n.html": b"<!DOCTYPE html>", "n.htm": b"<!DOCTYPE html>",
             "n.docx": b"PK", "台账.xlsx": b"PK", "台账.csv": "\ufeff序号".encode()}  # fmt: skip
    for name, start in cases.items():
        command = "export" if name.startswith("台账") else "report"
        result = cli(command, "-o", str(tmp_path / name), root=ledger_root)
        assert result.exit_code == 0, result.stderr
        assert (tmp_path / name).read_bytes().startswith(start), name


def test_docx_without_python_docx_says_how_to_install_it(ledger_root: Path, tmp_path: Path, cli, monkeypatch) -> None:
    without_module(monkeypatch, "docx")
    result = cli("report", "-o", str(tmp_path / "n.docx"), root=ledger_root)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: the docx format needs python-docx, installed into the Python that runs ledger: {sys.executable} -m "
        "pip install python-docx (installed with pipx: pipx inject zhenggai-ledger python-docx)\n"
    )
    assert not (tmp_path / "n.docx").exists()


# --- One template, three formats -----------------------------------------------------------------------


def test_every_character_of_the_markdown_reaches_word_in_order(sample_docx: Path) -> None:
    markdown = (REPO / "tests" / "golden" / "notice.md").read_text(encoding="utf-8")
    from markdown_it import MarkdownIt  # read independently of ledger's own reading

    expected = [t.content for t in MarkdownIt("commonmark").parse(markdown) if t.type == "inline"]
    shown = [text_of(p) for p in paragraphs(sample_docx) if text_of(p)]
    assert "".join(shown) == "".join(expected)
    assert shown[:2] == ["中共政协清远市委员会机关党组关于八届", "市委第六轮巡察整改进展情况的通报"]  # docx.title_lines


def test_the_same_ledger_gives_the_same_bytes(ledger_root: Path, tmp_path: Path, cli) -> None:
    for name in ("a.docx", "b.docx"):
        assert cli("report", "-o", str(tmp_path / name), "--as-of", "2026-01-05", root=ledger_root).exit_code == 0
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()
    core = zipfile.ZipFile(tmp_path / "a.docx").read("docProps/core.xml").decode()
    assert "<dc:title>测试机关党组关于巡察整改进展情况的通报</dc:title>" in core
    assert "<dc:creator>测试机关党组</dc:creator>" in core and "2026-01-05T00:00:00Z" in core
    assert "python-docx" not in core and "thumbnail" not in " ".join(zipfile.ZipFile(tmp_path / "a.docx").namelist())
    app = zipfile.ZipFile(tmp_path / "a.docx").read("docProps/app.xml").decode()
    assert "<Application>ledger</Application>" in app and "Word" not in app


# --- The layout, read from the OOXML --------------------------------------------------------------------


def test_page_margins_grid_and_page_numbers(sample_docx: Path) -> None:
    section = docx_xml(sample_docx).find(f"{W}body/{W}sectPr")
    size, margins, grid = section.find(W + "pgSz"), section.find(W + "pgMar"), section.find(W + "docGrid")
    assert (attr(size, "w"), attr(size, "h")) == ("11906", "16838")  # A4 in twips
    mm = {k: round(int(attr(margins, k)) * 25.4 / 1440, 1) for k in ("top", "bottom", "left", "right")}
    # 26.3, not 26: the 版心 exactly 28 characters wide, so LibreOffice keeps a hanging mark (docx.TEXT_TWIPS)
    assert mm == {"top": 37.0, "bottom": 35.0, "left": 28.0, "right": 26.3}
    assert (attr(grid, "type"), attr(grid, "linePitch")) == ("lines", "579")
    settings = docx_xml(sample_docx, "word/settings.xml")
    assert settings.find(W + "evenAndOddHeaders") is not None
    kinds = {attr(ref, "type") for ref in section.iter(W + "footerReference")}
    assert kinds == {"default", "even"}
    for part, side in (("word/footer1.xml", "right"), ("word/footer2.xml", "left")):
        footer = docx_xml(sample_docx, part)
        paragraph = footer.find(W + "p")
        assert attr(paragraph.find(f"{W}pPr/{W}jc"), "val") in (side, "right" if side == "left" else "left")
        instructions = "".join(t.text for t in footer.iter(W + "instrText"))
        assert instructions.strip() == "PAGE"
        assert text_of(paragraph) in ("— 1 —",)
        assert {attr(s, "val") for s in footer.iter(W + "sz")} == {"28"}  # 4号
        assert {attr(f, "eastAsia") for f in footer.iter(W + "rFonts")} == {"宋体"}
    sides = {attr(docx_xml(sample_docx, p).find(f"{W}p/{W}pPr/{W}jc"), "val") for p in ("word/footer1.xml",
                                                                                       "word/footer2.xml")}  # fmt: skip
    assert sides == {"right", "left"}


def runs_fonts(paragraph) -> list[tuple[str, str]]:
    return [(attr(r.find(f"{W}rPr/{W}rFonts"), "eastAsia"), attr(r.find(f"{W}rPr/{W}sz"), "val"))
            for r in paragraph.iter(W + "r") if r.find(W + "t") is not None]  # fmt: skip


def test_fonts_sizes_spacing_and_indents_by_kind(sample_docx: Path) -> None:
    by_text = {text_of(p): p for p in paragraphs(sample_docx) if text_of(p)}
    title = by_text["中共政协清远市委员会机关党组关于八届"]
    assert runs_fonts(title) == [("方正小标宋简体", "44")]
    assert attr(title.find(f"{W}pPr/{W}jc"), "val") == "center" and title.find(f"{W}rPr/{W}b") is None
    assert runs_fonts(by_text["一、市政协机关党组履行巡察整改主体责任情况"]) == [("黑体", "32")]
    assert runs_fonts(by_text["（一）关于落实巡察整改主体责任方面"]) == [("楷体_GB2312", "32")]
    run_in = next(p for t, p in by_text.items() if t.startswith("（一）提高政治站位"))
    assert runs_fonts(run_in) == [("楷体_GB2312", "32"), ("仿宋_GB2312", "32")]
    assert text_of(run_in).startswith("（一）提高政治站位，强化政治引领。巡察反馈后")
    body = next(p for t, p in by_text.items() if t.startswith("1.进一步加强"))
    assert runs_fonts(body) == [("仿宋_GB2312", "32")]
    spacing, indent = body.find(f"{W}pPr/{W}spacing"), body.find(f"{W}pPr/{W}ind")
    assert (attr(spacing, "line"), attr(spacing, "lineRule")) == ("579", "exact")
    assert attr(indent, "firstLineChars") == "200"
    fonts = body.find(f".//{W}rFonts")
    assert (attr(fonts, "ascii"), attr(fonts, "hAnsi")) == ("Times New Roman", "Times New Roman")
    assert attr(body.find(f".//{W}rPr/{W}spacing"), "val") == "-5"  # −0.25 pt: 28 characters a line
    defaults = docx_xml(sample_docx, "word/styles.xml").find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert attr(defaults.find(W + "lang"), "eastAsia") == "zh-CN"
    assert not [k for k in defaults.find(W + "rFonts").attrib if k.endswith("Theme")]


def test_the_signature_and_date_are_placed_by_7_3_5_2(sample_docx: Path) -> None:
    found = paragraphs(sample_docx)
    texts = [text_of(p) for p in found]
    issuer, date_line = found[texts.index("中共政协清远市委员会机关党组")], found[texts.index("2026年1月21日")]
    assert texts[texts.index("中共政协清远市委员会机关党组") - 1] == ""  # one blank line after the body
    issuer_left = int(attr(issuer.find(f"{W}pPr/{W}ind"), "left"))
    date_left = int(attr(date_line.find(f"{W}pPr/{W}ind"), "left"))
    assert issuer_left + 14 * 315 == 8844 - 2 * 315  # the issuer ends two characters from the right
    assert date_left - issuer_left == 2 * 315  # the date starts two characters right of the issuer


def test_headings_and_the_signature_keep_with_what_follows(sample_docx: Path) -> None:
    """A heading never ends a page; the body's last paragraph, the issuer and the date share one."""
    kept = [text_of(p)[:12] for p in paragraphs(sample_docx) if p.find(f"{W}pPr/{W}keepNext") is not None]
    assert kept == [
        "一、市政协机关党组履行巡",
        "二、巡察整改任务落实情况",
        "（一）关于落实巡察整改主",
        "（二）关于推动政协履职全",
        "（三）关于抓作风建设促效",
        "（四）关于抓好组织体系建",
        "三、下一步打算",
        "欢迎广大干部群众对巡察整",
        "",
        "中共政协清远市委员会机关",
    ]
    for paragraph in paragraphs(sample_docx):  # keepNext first in w:pPr, as the schema orders it
        props = paragraph.find(f"{W}pPr")
        assert props is None or all(c.tag != f"{W}keepNext" for c in list(props)[1:])


def test_a_date_longer_than_the_issuer_moves_the_issuer_left() -> None:
    from ledger.output.measures import signature_offsets

    issuer_left, date_left = signature_offsets("某局", "2026年12月31日")
    # The date ends two characters from the right; LibreOffice (and Word) put a quarter character where the
    # Chinese meets the digits: five times in 2026年12月31日 (measured: tests/test_remind.py's signature).
    assert date_left + (8 * 155 + 3 * 315) + 5 * 315 / 4 == pytest.approx(8844 - 2 * 315, abs=1)
    assert date_left - issuer_left == 2 * 315


def test_the_ledger_table_is_a_word_table_on_landscape_pages(tmp_path: Path, cli) -> None:
    long = "进一步规范公务用车管理" * 4  # columns that would fill the page: the widest are narrowed
    items = {**ITEMS, "07.yaml": f"title: {long}\ncategory: duty\nstatus: open\nleader: {long}\nowner: {long}\n"}
    root = write_ledger(tmp_path / "ledger", items)
    out = tmp_path / "台账.docx"
    assert cli("report", "--template", "ledger.md.j2", "-o", str(out), root=root).exit_code == 0
    document = docx_xml(out)
    size = document.find(f"{W}body/{W}sectPr/{W}pgSz")
    assert (attr(size, "w"), attr(size, "h"), attr(size, "orient")) == ("16838", "11906", "landscape")
    table = document.find(f"{W}body/{W}tbl")
    rows = table.findall(W + "tr")
    assert len(rows) == 1 + len(items)
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None  # repeated on every page
    headers = [text_of(c) for c in rows[0].findall(W + "tc")]
    assert headers == ["序号", "编号", "整改任务", "责任领导", "责任部门", "责任人", "完成时限", "状态", "督办灯",
                       "销号日期"]  # fmt: skip
    grid = [int(attr(c, "w")) for c in table.iter(W + "gridCol")]
    assert sum(grid) == int((297 - 2 * 15) * 1440 / 25.4)  # the landscape page's width (15 mm margins), in twips
    for header, width in zip(headers, grid, strict=True):  # a header on one line: 12 pt a character, cell margins
        assert width >= len(header) * 240 + 114, header
    assert grid[6] >= 7 * 120 + 3 * 240 + 3 * 60 + 114  # 2025年6月30日 on one line, with LibreOffice's gaps
    assert {attr(s, "val") for s in table.iter(W + "sz")} == {"24"}  # 小四
    assert {attr(f, "eastAsia") for f in table.iter(W + "rFonts")} == {"仿宋_GB2312"}


def test_fonts_from_ledger_yaml(tmp_path: Path, cli) -> None:
    root = write_ledger(tmp_path / "ledger", config=CONFIG + "docx:\n  fonts: {body: 方正仿宋_GBK, h1: 方正黑体_GBK}\n")
    out = tmp_path / "n.docx"
    assert cli("report", "-o", str(out), root=root).exit_code == 0
    fonts = {attr(f, "eastAsia") for f in docx_xml(out).iter(W + "rFonts")}
    assert "方正仿宋_GBK" in fonts and "仿宋_GB2312" not in fonts


def test_data_is_text_in_every_format_never_markup(tmp_path: Path, cli) -> None:
    items = {"01.yaml": 'title: "<script>alert(1)</script> & **粗** [点我](http://evil.example) `码`"\ncategory: duty\n'
                        "status: in_progress\nmeasures:\n  - |\n    第一行\n\n    # 伪造的标题\n"}  # fmt: skip
    root = write_ledger(tmp_path / "ledger", items)
    markdown = cli("report", root=root).stdout
    assert [line for line in markdown.splitlines() if line.startswith("#")] == [
        "# 测试机关党组关于巡察整改进展情况的通报",
        "## 一、巡察整改任务落实情况",
        "### （一）关于落实主体责任方面",
    ]
    html = cli("report", "--to", "html", root=root).stdout
    assert "<script>" not in html and "evil.example" not in html.replace("[点我](http://evil.example)", "")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; **粗** [点我](http://evil.example) `码`" in html
    assert "<strong>" not in html and "<a " not in html
    blocks = read_markdown(markdown)
    assert any("第一行# 伪造的标题" in text for text in plain_text(blocks))


def test_marks_at_a_values_start_or_end_stay_characters(tmp_path: Path, cli) -> None:
    """`~~~` would open a fence, spaces before `#` a heading, a closing ` #` would be dropped."""
    config = CONFIG.replace("issuer: 测试机关党组", 'issuer: "~~~ 测试机关党组"')
    items = {"01.yaml": 'title: " # 伪造的标题 #"\ncategory: duty\nstatus: in_progress\nmeasures: [措施]\n'}
    root = write_ledger(tmp_path / "ledger", items, config=config)
    blocks = read_markdown(cli("report", root=root).stdout)
    assert [(b.kind, b.text) for b in blocks if b.kind in ("title", "heading", "signature")] == [
        ("title", "测试机关党组关于巡察整改进展情况的通报"),
        ("heading", "一、巡察整改任务落实情况"),
        ("heading", "（一）关于落实主体责任方面"),
        ("signature", "~~~ 测试机关党组"),
    ]
    assert any(b.text.startswith("1. # 伪造的标题 #。") for b in blocks)


def test_what_word_cannot_hold_does_not_break_the_file(tmp_path: Path, cli) -> None:
    """A title longer than a document property holds; a character reference to a control character."""
    pytest.importorskip("docx")
    root = write_ledger(tmp_path / "ledger", config=CONFIG.replace("issuer: 测试机关党组", "issuer: " + "党" * 300))
    result = cli("report", "-o", str(tmp_path / "a.docx"), root=root)
    assert result.exit_code == 0, result.stderr
    core = zipfile.ZipFile(tmp_path / "a.docx").read("docProps/core.xml").decode()
    assert "党" * 255 + "<" in core.replace("关于巡察整改进展情况的通报", "")
    assert "党" * 300 in "".join(text_of(p) for p in paragraphs(tmp_path / "a.docx"))
    (root / "templates").mkdir()
    (root / "templates" / "t.md.j2").write_text("正文&#12;结束\n", encoding="utf-8")
    result = cli("report", "--template", "t.md.j2", "-o", str(tmp_path / "b.docx"), root=root)
    assert result.exit_code == 0, result.stderr
    assert [text_of(p) for p in paragraphs(tmp_path / "b.docx")] == ["正文\ufffd结束"]


# --- HTML ---------------------------------------------------------------------------------------------


class Structure(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parsed(html: str) -> Structure:
    parser = Structure()
    parser.feed(html)
    return parser


def test_the_web_page_is_one_self_contained_file(cli) -> None:
    html = cli("report", "--to", "html", root=REPO).stdout
    page = parsed(html)
    names = [t for t, _ in page.tags]
    assert names[:4] == ["html", "head", "meta", "meta"] and names.count("h1") == 1 and names.count("article") == 1
    assert not [t for t, a in page.tags if t in ("link", "script", "img", "iframe") or "src" in a]
    assert "@page { size: A4 portrait; margin: 37mm 26mm 35mm 28mm; }" in html
    assert "url(" not in html
    assert [a.get("class") for t, a in page.tags if t == "p" and a.get("class")] == ["signature", "date"]
    signature = re.search(r'<p class="signature" style="padding-right: ([\d.]+)em">中共', html)
    date_line = re.search(r'<p class="date" style="padding-right: ([\d.]+)em">2026年1月21日', html)
    assert float(signature.group(1)) == 2  # two characters in from the right
    assert float(date_line.group(1)) == 14 + 2 - 2 - (7 * 0.5 + 3)  # starts two characters right of the issuer
    markdown = (REPO / "tests" / "golden" / "notice.md").read_text(encoding="utf-8")
    expected = "".join(plain_text(read_markdown(markdown)))
    article = parsed(html[html.index("<article") : html.index("</article>")])
    assert "".join(article.text).replace("\n", "") == expected


def test_the_web_title_breaks_where_the_word_title_does(tmp_path: Path, cli) -> None:
    page = cli("report", "--to", "html", root=REPO).stdout
    assert (
        '<h1><span class="title-line">中共政协清远市委员会机关党组关于八届</span>'
        '<span class="title-line">市委第六轮巡察整改进展情况的通报</span></h1>'
    ) in page
    assert "article.notice .title-line { display: inline-block; }" in page  # lines kept whole where they fit
    root = write_ledger(
        tmp_path / "l", config=CONFIG + "docx: {title_lines: [测试机关党组关于, 巡察整改进展情况的通报]}\n"
    )
    fragment = cli("report", "--to", "html", "--fragment", root=root).stdout
    assert '<span style="display: inline-block">测试机关党组关于</span><span style="display: inline-block">' in fragment


def test_the_fragment_is_the_article_with_inline_styles(cli) -> None:
    html = cli("report", "--to", "html", "--fragment", root=REPO).stdout
    assert html.startswith('<article class="notice" style="') and html.rstrip().endswith("</article>")
    page = parsed(html)
    assert all("style" in a for t, a in page.tags if t in ("h1", "h2", "h3", "p"))
    assert "<style" not in html and "<html" not in html


LIGHT_CELLS = {
    "01": ("light-red", "红灯"),
    "02": ("light-yellow", "黄灯"),
    "03": ("light-green", "绿灯"),
    "06": ("light-green", "绿灯"),
    "04": (None, ""),
    "05": (None, ""),
}  # fmt: skip  (04 ongoing, 05 done)


def light_cells(html: str) -> dict[str, tuple[dict, str]]:
    """Each row's 督办灯 cell by the row's 编号: its attributes and its text."""
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)
    headers = re.findall(r"<th[^>]*>(.*?)</th>", rows[0])
    found = {}
    for row in rows[1:]:
        cells = re.findall(r"<td([^>]*)>(.*?)</td>", row)
        found[cells[headers.index("编号")][1]] = (parsed(f"<td{cells[headers.index('督办灯')][0]}>").tags[0][1],
                                                cells[headers.index("督办灯")][1])  # fmt: skip
    return found


def test_the_html_taidang_shows_each_light_in_colour_and_as_a_word(tmp_path: Path, cli) -> None:
    """SPEC 3.9: the 台账 table of the web page; the colour from a fixed class chosen by the word, never from data."""
    hostile = '红灯</td><td class="light-evil" style="background:url(x)">'
    items = {**ITEMS, "07.yaml": f"title: '{hostile}'\ncategory: duty\nstatus: ongoing\nmeasures: [措施]\n"}
    root = write_ledger(tmp_path / "l", items)
    args = ("report", "--template", "ledger.md.j2", "--to", "html", "--as-of", "2025-06-25")
    page = cli(*args, root=root).stdout
    cells = light_cells(page)
    for item_id, (light, word) in LIGHT_CELLS.items():
        assert cells[item_id] == ({"class": light} if light else {}, word), item_id
    assert "article.notice td.light-red { background: #FFC7CE; color: #9C0006;" in page
    assert "print-color-adjust: exact" in page  # the colour printed too, beside the word
    classes = {a.get("class") for _, a in parsed(page).tags} - {None}
    assert classes == {"notice", "title-line", "light-red", "light-yellow", "light-green"}  # the hostile title: text
    assert "light-evil" not in page.replace("&quot;light-evil&quot;", "")
    fragment = cli(*args, "--fragment", root=root).stdout
    cells = light_cells(fragment)
    assert "background: #FFEB9C; color: #9C5700" in cells["02"][0]["style"] and cells["02"][1] == "黄灯"
    assert "class" not in cells["02"][0] and "background" not in cells["04"][0]["style"]
    assert 'class="light' not in fragment and "<style" not in fragment


def test_chromium_prints_the_page_on_a4(tmp_path: Path, cli) -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not chromium or not shutil.which("pdfinfo"):
        pytest.skip("headless Chromium and poppler are needed (Debian: chromium poppler-utils)")
    page = tmp_path / "notice.html"
    assert cli("report", "-o", str(page), root=REPO).exit_code == 0
    pdf = tmp_path / "notice.pdf"
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}"]  # fmt: skip
    subprocess.run([chromium, *flags, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri()],
                   capture_output=True, timeout=120, check=True)  # fmt: skip
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
    assert (round(width * 25.4 / 72), round(height * 25.4 / 72)) == (210, 297)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "进一步加强干部出国（境）日常管理" in text and "中共政协清远市委员会机关党组" in text


# --- As people see it: LibreOffice renders the Word file --------------------------------------------------


@pytest.fixture(scope="module")
def rendered(sample_docx: Path) -> list:
    return pdf_lines(soffice_pdf(sample_docx))


def test_a_full_page_holds_22_lines_of_28_characters(rendered: list) -> None:
    body = [[line for line in page if line[1] < 262] for page in rendered]  # above the page number
    full_pages = body[1:-1]
    assert full_pages and all(len(page) == 22 for page in full_pages), [len(p) for p in body]
    boxes = [line for page in full_pages for line in page]
    full = [(line[4], after[4]) for line, after in zip(boxes, boxes[1:], strict=False)
            if line[2] - line[0] > 150 and re.fullmatch(r"[^\x00-\xff]+", line[4])]  # fmt: skip
    assert len(full) > 50
    for text, after in full:  # 28 characters, but for the line-breaking rules of Chinese:
        hanging = len(text) == 29 and text[-1] in CLOSING  # a closing mark hangs past the edge, as in Word
        # An opening mark never ends a line; with what must stay beside it (〔2003〕13号）) it may take more.
        kept_down = (len(text) == 27 or re.match(r"[^\x00-\xff][\x00-\xff]", after)) and after[:1] in OPENING
        assert len(text) == 28 or hanging or kept_down, (text, after)
    pitch = [b[1] - a[1] for page in full_pages for a, b in zip(page, page[1:], strict=False)]
    assert all(abs(p - 10.21) < 0.1 for p in pitch)


def test_text_starts_at_the_margins(rendered: list) -> None:
    page = rendered[1]
    assert 37 <= page[0][1] <= 40  # the first line's glyphs, just below the 37 mm margin
    assert min(line[0] for line in page) == pytest.approx(28, abs=0.5)
    # A closing punctuation mark may hang past the right edge, as in Word; the characters end at it.
    ends = [line[2] for line in page if len(line[4]) == 28 and re.fullmatch(r"[^\x00-\xff]+", line[4])]
    assert ends and all(end == pytest.approx(RIGHT_EDGE, abs=0.3) for end in ends)


RIGHT_EDGE = 210 - (11906 - 1587 - 28 * 315 - 9) / 20 * 25.4 / 72  # mm: the 版心's right edge (docx.TEXT_TWIPS)
CHARACTER = 15.75 * 25.4 / 72  # mm: one character of the body


def test_the_body_is_justified_every_full_line_ends_at_the_edge(rendered: list) -> None:
    """两端对齐: each line of a paragraph but its last ends within half a character of the 版心's right edge
    (a closing mark hanging past it, as in Word, measured by the character before it)."""
    checked = 0
    for page in rendered:
        body = [line for line in page if line[1] < 262]
        for line, after in zip(body, body[1:], strict=False):
            if after[0] > 30 or line[2] - line[0] < 100 or after[1] - line[1] > 11:
                continue  # the paragraph's last line (the next one is indented, or further down), or a heading
            end = line[2] - CHARACTER if line[2] > RIGHT_EDGE + CHARACTER / 2 and line[4][-1] in CLOSING else line[2]
            assert abs(end - RIGHT_EDGE) <= CHARACTER / 2, line
            checked += 1
    assert checked > 80


def test_page_numbers_right_on_odd_pages_and_left_on_even(rendered: list) -> None:
    for number, page in enumerate(rendered, 1):
        footer = [line for line in page if line[1] > 262]
        assert [line[4] for line in footer] == [f"—{number}—"]
        left, top, right, _, _ = footer[0]
        assert 5.5 <= top - 262 <= 8.5  # 7 mm below the 版心
        if number % 2:
            assert right == pytest.approx(184 - 4.94, abs=0.8)  # one 4号 character in from the right
        else:
            assert left == pytest.approx(28 + 4.94, abs=0.8)


def test_the_signature_as_rendered(rendered: list) -> None:
    lines = [line for page in rendered for line in page]
    issuer = next(line for line in lines if line[4] == "中共政协清远市委员会机关党组")
    date_line = next(line for line in lines if line[4] == "2026年1月21日")
    character = 15.75 * 25.4 / 72
    assert issuer[2] == pytest.approx(184 - 2 * character, abs=0.6)  # two characters in from the right
    assert date_line[0] - issuer[0] == pytest.approx(2 * character, abs=0.6)  # two characters right of it
    assert date_line[1] - issuer[1] == pytest.approx(10.21, abs=0.2)  # on the next line


def test_reading_the_rendered_pdf_whole(rendered: list) -> None:
    text = "".join(line[4] for page in rendered for line in page if line[1] < 262)
    golden = (REPO / "tests" / "golden" / "notice.md").read_text(encoding="utf-8")
    expected = "".join(plain_text(read_markdown(golden)))
    assert re.sub(r"\s", "", text) == re.sub(r"\s", "", expected)

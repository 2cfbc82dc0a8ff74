"""On paper (SPEC 3.10): the printed 台账 (xlsx and Word) and the PDF, rendered by LibreOffice and measured."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import REPO, pdf_lines, pdf_words, soffice_pdf, write_ledger

HEADER = ["序号", "编号", "问题类别", "整改任务", "反馈问题", "整改措施", "责任领导", "责任部门", "责任人", "完成时限",
          "状态", "逾期天数", "销号日期", "整改进展", "整改成效", "佐证材料"]  # fmt: skip


@pytest.fixture(scope="module")
def printed_taidang(tmp_path_factory: pytest.TempPathFactory) -> list:
    """The sample ledger's Excel 台账 (15 items, long measures) as LibreOffice prints it."""
    from typer.testing import CliRunner

    from ledger.cli import app

    folder = tmp_path_factory.mktemp("xlsx")
    out = folder / "台账.xlsx"
    result = CliRunner().invoke(app, ["export", "-o", str(out), "--as-of", "2026-01-05", "--root", str(REPO)])
    assert result.exit_code == 0, result.output
    return pdf_words(soffice_pdf(out))


def test_the_printed_taidang_is_at_least_10_pt_everywhere(printed_taidang: list) -> None:
    heights = [w[3] - w[1] for _, _, found in printed_taidang for w in found]
    assert min(heights) >= 3.5  # mm: 10 pt, on the page as printed (no fit-to-width shrinking)


def test_every_page_has_the_header_row_and_its_footer(printed_taidang: list) -> None:
    sheet = [page for page in printed_taidang if any(w[4] == "整改措施" for w in page[2])]
    assert len(sheet) >= 3 and len(printed_taidang) == len(sheet) + 1  # the 台账's pages, then the 统计 sheet
    total = len(printed_taidang)
    for number, (_, height, found) in enumerate(printed_taidang, 1):
        footer = [w[4] for w in found if w[1] > height - 20]
        assert "".join(footer) == f"第{number}页共{total}页"
    for _, _, found in sheet:
        top = min(w[1] for w in found if w[4] in HEADER)
        header = [w[4] for w in sorted(found, key=lambda w: w[0]) if abs(w[1] - top) < 1 and w[4] in HEADER]
        assert header == HEADER  # every column's header on every page, in order: no column is cut off
    first = sheet[0][2]
    assert {"市政协机关党组巡察整改台账", "截至2026年1月5日"} <= {w[4] for w in first}


def test_no_column_is_cut_at_the_page_edge(printed_taidang: list) -> None:
    for width, _, found in printed_taidang:
        assert min(w[0] for w in found) >= 10 and max(w[2] for w in found) <= width - 10  # inside the margins
    width, _, _ = printed_taidang[0]
    assert round(width) in (297, 420)  # A4 or A3 landscape


def test_every_text_of_the_sheet_is_printed_whole(printed_taidang: list) -> None:
    """Rows tall enough for their text: every measure of the sample reaches the paper, none is cut off."""
    import yaml

    column = ""  # the 整改措施 column, read down page after page
    for _, _, found in printed_taidang:
        heads = {w[4]: w for w in found if w[4] in HEADER}
        if "整改措施" not in heads:
            continue
        left, right = heads["反馈问题"][2], heads["责任领导"][0]  # between the neighbours' headers
        below = heads["整改措施"][3]
        inside = [w for w in found if w[0] > left and w[2] < right and w[1] > below]
        column += "".join(w[4] for w in sorted(inside, key=lambda w: (round(w[1], 1), w[0])))
    for path in sorted((REPO / "items").glob("*.yaml")):
        for measure in yaml.safe_load(path.read_text(encoding="utf-8")).get("measures", []):
            assert re.sub(r"\s", "", measure) in column, (path.name, measure[:20])


# --- A department's progress form (ledger forms) on paper ---------------------------------------------

FORM_HEADER = ["编号", "整改任务", "整改措施", "完成时限", "当前状态", "最近进展", "本期进展", "完成情况", "完成日期",
               "佐证材料"]  # fmt: skip
LONG_MEASURE = (
    "围绕巡察反馈指出的财务报销审核不严问题，逐笔核查二〇二三年以来的差旅费、会议费和培训费报销凭证，"
    "对手续不全、超标准报销的逐项列出清单，限期退回并追责问责，同步修订《机关财务报销管理办法》，"
    "明确审核责任人和审批流程，建立每季度抽查通报制度，确保同类问题不再发生"
)  # fmt: skip


def form_measures(n: int) -> list[str]:
    if n == 3:
        return [LONG_MEASURE, "健全内部控制制度"]
    return [f"第{n}项措施：{'完善制度机制，压实整改责任' * (1 + n % 3)}", f"开展专项检查第{n}轮"][: 1 + n % 2]


@pytest.fixture(scope="module")
def printed_form(tmp_path_factory: pytest.TempPathFactory) -> list:
    """A department's form with fourteen items, one with a measure of 150 characters, as LibreOffice prints it."""
    from typer.testing import CliRunner

    from ledger.cli import app

    folder = tmp_path_factory.mktemp("form")
    items = {}
    for n in range(1, 15):
        measures = "".join(f"  - {m}\n" for m in form_measures(n))
        log = f"log:\n  - date: 2026-02-{n:02d}\n    note: 已召开第{n}次专题会议部署整改\n" if n % 2 else ""
        items[f"{n:02d}.yaml"] = (
            f"title: 规范机关管理第{n}项任务\ncategory: duty\nstatus: {['open', 'in_progress', 'partial'][n % 3]}\n"
            f"measures:\n{measures}department: 办公室\ndeadline: 2026-{1 + n % 12:02d}-{10 + n:02d}\n{log}"
        )
    root = write_ledger(folder / "ledger", items)
    result = CliRunner().invoke(app, ["forms", "-o", str(folder / "forms"), "--as-of", "2026-03-10", "--root",
                                      str(root)])  # fmt: skip
    assert result.exit_code == 0, result.output
    return pdf_words(soffice_pdf(folder / "forms" / "办公室.xlsx"))


def test_the_printed_form_is_a3_landscape_at_10_pt_or_more(printed_form: list) -> None:
    assert len(printed_form) >= 2  # fourteen items of three lines and more run over pages
    for width, height, found in printed_form:
        assert (round(width), round(height)) == (420, 297)  # A3 landscape, as the form chooses
        assert min(w[3] - w[1] for w in found) >= 3.5  # mm: 10 pt printed (no fit-to-width shrinking)
        assert min(w[0] for w in found) >= 10 and max(w[2] for w in found) <= width - 10  # inside the margins


def test_the_printed_form_has_its_header_on_every_page(printed_form: list) -> None:
    total = len(printed_form)
    for number, (_, height, found) in enumerate(printed_form, 1):
        top = min(w[1] for w in found if w[4] in FORM_HEADER)
        header = [w[4] for w in sorted(found, key=lambda w: w[0]) if abs(w[1] - top) < 1 and w[4] in FORM_HEADER]
        assert header == FORM_HEADER  # every column's header, in order, page 1 included: none cut off
        assert "".join(w[4] for w in found if w[1] > height - 20) == f"第{number}页共{total}页"
    first = {w[4] for w in printed_form[0][2]}
    assert {"测试机关党组巡察整改进度填报表", "填报单位：办公室", "填报日期："} <= first
    assert any(w[4].startswith("填写说明") for w in printed_form[-1][2])  # the footing, after the rows


def test_the_printed_form_shows_every_measure_whole(printed_form: list) -> None:
    """Rows tall enough for their text: the long 整改措施 is wrapped over lines and reaches the paper whole."""
    column, lines = "", []
    for _, _, found in printed_form:
        heads = {w[4]: w for w in found if w[4] in FORM_HEADER}
        left, right, below = heads["整改任务"][2], heads["完成时限"][0], heads["整改措施"][3]
        inside = sorted((w for w in found if w[0] > left and w[2] < right and w[1] > below),
                        key=lambda w: (round(w[1], 1), w[0]))  # fmt: skip
        column += "".join(w[4] for w in inside)
        lines += [w[4] for w in inside if w[4] in "1." + LONG_MEASURE]
    for n in range(1, 15):
        for number, measure in enumerate(form_measures(n), 1):
            assert f"{number}.{measure}" in column, (n, measure[:20])
    assert column.count(LONG_MEASURE) == 1 and len(lines) >= 6  # wrapped over lines, in order, none lost


def test_the_word_taidang_never_breaks_a_date_or_a_short_value(tmp_path: Path, cli) -> None:
    items = {}
    for n in range(1, 13):
        status = ["open", "in_progress", "done", "partial"][n % 4]
        items[f"{n:02d}.yaml"] = (
            f"title: 进一步规范公务用车管理和财务报销审核工作第{n}项\ncategory: duty\nstatus: {status}\n"
            "measures: [措施]\nleader: 张某某\ndepartment: [办公室, 机关党委]\nowner: 欧阳某某\ndeadline: 2026-12-31\n"
            + ("closed: 2026-11-30\n" if status == "done" else "")
        )
    root = write_ledger(tmp_path / "ledger", items)
    out = tmp_path / "台账.docx"
    assert (
        cli("report", "--template", "ledger.md.j2", "-o", str(out), "--as-of", "2027-01-15", root=root).exit_code == 0
    )
    lines = [line[4] for page in pdf_lines(soffice_pdf(out)) for line in page]
    text = "\n".join(lines)
    assert text.count("2026年12月31日") == 12 and text.count("2026年11月30日") == 3  # each on one line
    for value in ("欧阳某某", "张某某", "办公室、机关党委", "正在推进（逾期15天）", "阶段性完成（逾期15天）"):
        assert value in text, value
    assert not [line for line in lines if re.fullmatch(r"日|\d+日|月\d+日", line)]


def soffice_or_skip() -> None:
    if not (shutil.which("soffice") or shutil.which("libreoffice")) or not shutil.which("pdffonts"):
        pytest.skip("LibreOffice and poppler are needed (Debian: libreoffice-writer-nogui poppler-utils)")


@pytest.mark.parametrize("args", [("report", "-o", "通报.pdf"), ("export", "--format", "pdf", "-o", "台账.pdf")])
def test_pdf_through_libreoffice_with_its_fonts_embedded(tmp_path: Path, cli, args: tuple[str, ...]) -> None:
    soffice_or_skip()
    out = tmp_path / args[-1]
    result = cli(*args[:-1], str(out), "--as-of", "2026-01-21", root=REPO)
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF")
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts  # the emb column
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "中共政协清远市委员会机关党组" in text


def test_pdf_without_libreoffice_says_what_to_install(tmp_path: Path, cli, monkeypatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None)
    for args in (("report", "-o"), ("export", "-o")):
        out = tmp_path / "x.pdf"
        result = cli(*args, str(out), root=REPO)
        assert result.exit_code == 1 and not out.exists()
        assert result.stderr.startswith("Error: the pdf format needs LibreOffice, which converts the Word or Excel")
        assert "apt-get install libreoffice-writer-nogui libreoffice-calc-nogui" in result.stderr
        assert "nothing was written" in result.stderr


# Ledgers of other shapes than the sample: short titles with empty leaders (the clerk's 8 items), long titles
# with many departments, titles of twelve characters with long department names (the page too narrow for
# every short value), and enough long rows to run over pages.
SHAPES = {
    "short titles, empty leaders": [
        dict(title=t, department=d, owner=o, leader=ld, deadline=f"2026-{m:02d}-{day:02d}", done=done)
        for t, d, o, ld, m, day, done in [
            ("落实党组主体责任", "[办公室, 人事股]", "", "", 12, 15, False),
            ("规范公务用车管理", "办公室", "李某", "", 12, 31, False),
            ("清理超标办公用房", "办公室", "赵某", "", 3, 1, False),
            ("加强干部考勤管理", "人事股", "孙某", "", 12, 8, True),
            ("整治形式主义", "办公室", "", "", 12, 20, False),
            ("加强财务报销审核", "财务股", "", "王某", 12, 30, False),
            ("整改项目资金拨付滞后", "财务股", "", "", 11, 15, False),
            ("规范惠农资金发放", "财务股", "周某", "", 10, 31, True),
        ]
    ],
    "long titles, many departments": [
        dict(
            title="进一步健全完善党组议事规则和决策程序并严格执行" * (1 + n % 2),
            done=n % 3 == 0,
            department="[办公室, 人事股, 财务股, 机关党委]",
            owner="欧阳某某",
            leader="张某某",
            deadline=f"2026-{1 + n % 12:02d}-{10 + n:02d}",
        )
        for n in range(8)
    ],  # fmt: skip
    "twelve-character titles, long departments": [
        dict(
            title="加强机关干部日常监督管理",
            department="农村局办公室",
            owner="司马某某",
            leader="诸葛某某",
            deadline=f"2027-{1 + n % 12:02d}-{10 + n:02d}",
            done=n % 2 == 0,
        )
        for n in range(10)
    ],  # fmt: skip
    "rows over pages": [
        dict(
            title="围绕巡察反馈问题逐条制定整改措施，明确责任分工和完成时限，确保按期整改到位" * (1 + n % 3),
            department="[办公室, 人事股]",
            owner="",
            leader="",
            deadline=f"2026-{1 + n % 12:02d}-{10 + n:02d}",
            done=n % 4 == 0,
        )
        for n in range(18)
    ],  # fmt: skip
}


@pytest.mark.parametrize("shape", SHAPES)
def test_the_word_taidang_of_any_shape_keeps_dates_short_values_and_rows_whole(tmp_path: Path, cli, shape) -> None:
    import zipfile

    items = {}
    for n, item in enumerate(SHAPES[shape], 1):
        items[f"{n:02d}.yaml"] = (
            f"title: {item['title']}\ncategory: {['duty', 'conduct'][n % 2]}\n"
            f"status: {'done' if item['done'] else 'open'}\nmeasures: [措施]\ndepartment: {item['department']}\n"
            + (f"owner: {item['owner']}\n" if item["owner"] else "")
            + (f"leader: {item['leader']}\n" if item["leader"] else "")
            + f"deadline: {item['deadline']}\n"
            + (f"closed: 2026-{n % 9 + 1:02d}-{n + 2:02d}\n" if item["done"] else "")
        )
    root = write_ledger(tmp_path / "ledger", items)
    out = tmp_path / "台账.docx"
    assert (
        cli("report", "--template", "ledger.md.j2", "-o", str(out), "--as-of", "2026-12-04", root=root).exit_code == 0
    )
    document = zipfile.ZipFile(out).read("word/document.xml").decode()
    assert document.count("<w:tr>") == document.count("<w:cantSplit/>") == len(items) + 1  # no row split by a page

    pages = pdf_lines(soffice_pdf(out))
    lines = [line[4] for page in pages for line in page]
    on_page = [{line[4] for line in page} for page in pages]
    assert len(pages) > 1 or shape != "rows over pages"

    def zh(day: str) -> str:
        year, month, day_ = day.split("-")
        return f"{year}年{int(month)}月{int(day_)}日"

    for n, item in enumerate(SHAPES[shape], 1):
        department = "、".join(item["department"].strip("[]").split(", "))
        values = [zh(item["deadline"]), item["owner"], item["leader"], item["title"], department]
        if item["done"]:
            values.append(zh(f"2026-{n % 9 + 1:02d}-{n + 2:02d}"))
        for value in values:
            if value and len(value) <= 12:
                assert any(value in line for line in lines), (shape, value, [x for x in lines if value[:2] in x])
        # the row on one page: its deadline and the start of its title on the same one
        assert any(zh(item["deadline"]) in "".join(p) and any(item["title"][:4] in x for x in p) for p in on_page)
    for line in lines:  # a status with its overdue days whole: （逾期19天） on one line, never 天） alone
        assert "逾期" not in line or line.startswith("截至") or re.search(r"（逾期\d+天）", line), (shape, line)
        assert not re.fullmatch(r"天）|日|\d+日|月\d+日|\d+天）", line), (shape, line)

"""On paper (SPEC 3.10): the printed 台账 (xlsx and Word) and the PDF, rendered by LibreOffice and measured."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import REPO, pdf_lines, soffice_pdf, write_ledger

MM_PER_POINT = 25.4 / 72
HEADER = ["序号", "编号", "问题类别", "整改任务", "反馈问题", "整改措施", "责任领导", "责任部门", "责任人", "完成时限",
          "状态", "逾期天数", "销号日期", "整改进展", "整改成效", "佐证材料"]  # fmt: skip


def words(pdf: Path) -> list[tuple[float, float, list[tuple[float, float, float, float, str]]]]:
    """Each page's width, height (mm) and words as (left, top, right, bottom) in mm and text."""
    layout = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    pages = []
    for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', layout.stdout, re.S):
        found = [(*(float(v) * MM_PER_POINT for v in m.groups()[:4]), m.group(5))
                 for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)'
                                      "</word>", page.group(3))]  # fmt: skip
        pages.append((float(page.group(1)) * MM_PER_POINT, float(page.group(2)) * MM_PER_POINT, found))
    return pages


@pytest.fixture(scope="module")
def printed_taidang(tmp_path_factory: pytest.TempPathFactory) -> list:
    """The sample ledger's Excel 台账 (15 items, long measures) as LibreOffice prints it."""
    from typer.testing import CliRunner

    from ledger.cli import app

    folder = tmp_path_factory.mktemp("xlsx")
    out = folder / "台账.xlsx"
    result = CliRunner().invoke(app, ["export", "-o", str(out), "--as-of", "2026-01-05", "--root", str(REPO)])
    assert result.exit_code == 0, result.output
    return words(soffice_pdf(out))


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

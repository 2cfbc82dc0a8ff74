"""The second layout shipped, notice-by-category.md.j2 (类别直出): golden notices, and its Word and web forms."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from helpers import CONFIG, ITEMS, REPO, write_ledger

GOLDEN = REPO / "tests" / "golden"
FULL_CONFIG = CONFIG + (
    "inspection: {deployer: 县委, group: 县委第一巡察组, start: 2024-12-18, end: 2025-01-20, feedback: 2025-01-25}\n"
    "next_steps: {intro: 将持续巩固整改成效, points: [建立长效机制, 强化成果运用]}\n"
    "publication: {date: 2025-07-16, until: 2025-08-15}\n"
)


@pytest.fixture
def full(tmp_path: Path) -> Path:
    """Every status, deadlines, logs, a problem quoted, an outcome, an item left out of the notice."""
    items = dict(ITEMS)
    items["02.yaml"] += (
        "problem: 审批流程不规范，存在先用车后补单现象。\noutcome: 用车审批全部线上办理。\n"
        "log:\n  - {date: 2025-05-01, note: 起草制度}\n"
        "  - {date: 2025-06-20, kind: deadline, from: 2025-06-10, to: 2025-06-30, note: 待批复}\n"
    )
    items["03-财务.yaml"] += "problem: 落实“三重一大”制度不到位等问题。\n"  # quotes inside, ending with 问题
    items["07.yaml"] = "title: 内部事项\ncategory: duty\nstatus: ongoing\nmeasures: [内部措施]\npublic: false\n"
    return write_ledger(tmp_path / "full", items, FULL_CONFIG)


def test_the_sample_in_layout_b(cli) -> None:
    """To change it on purpose: ledger report --template notice-by-category.md.j2 --as-of 2026-01-21
    -o tests/golden/notice-by-category.md, then review the diff."""
    result = cli("report", "--template", "notice-by-category.md.j2", "--as-of", "2026-01-21", root=REPO)
    assert result.stdout == (GOLDEN / "notice-by-category.md").read_text(encoding="utf-8")


def test_a_ledger_with_every_status_in_layout_b(full: Path, cli) -> None:
    result = cli("report", "--template", "notice-by-category.md.j2", "--as-of", "2025-07-16", root=full)
    assert result.stdout == (GOLDEN / "notice-by-category-full.md").read_text(encoding="utf-8")
    assert "内部事项" not in result.stdout  # public: false
    assert "关于“审批流程不规范，存在先用车后补单现象”问题的整改。" in result.stdout  # the problem quoted, without 。
    assert "关于“落实‘三重一大’制度不到位等问题”的整改。" in result.stdout  # nested quotes; no 问题”问题
    assert "逾期" not in result.stdout  # days late are the office's to follow, not the public's


def test_layout_b_in_word_and_html(full: Path, tmp_path: Path, cli) -> None:
    out = tmp_path / "b.docx"
    assert cli("report", "--template", "notice-by-category.md.j2", "-o", str(out), root=full).exit_code == 0
    document = zipfile.ZipFile(out).read("word/document.xml").decode("utf-8")
    run_in = document.index("（一）关于“未启动的任务”问题的整改。")
    assert "楷体_GB2312" in document[run_in - 400 : run_in]  # the item's opening sentence is a run-in heading
    assert document.index("一、关于落实主体责任方面") < run_in
    html = cli("report", "--template", "notice-by-category.md.j2", "--to", "html", root=full).stdout
    assert '<span class="run-in">（一）关于“未启动的任务”问题的整改。</span>整改状态' in html


def test_templates_lists_it(cli) -> None:
    listed = cli("templates", root=REPO).stdout
    assert (
        "notice-by-category.md.j2  package  The public notice with the feedback's categories as its sections" in listed
    )

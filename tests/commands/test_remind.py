"""`ledger remind` (SPEC 3.9): a 督办通知 per department with red or yellow items, in Markdown and in Word."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import pdf_lines, plain_text, soffice_pdf, write_ledger

CONFIG = """\
title: 测试机关党组关于巡察整改进展情况的通报
issuer: 测试机关党组
categories:
  - key: duty
    title: 关于落实主体责任方面
"""


def item(title: str, status: str, deadline: str | None, department: str, log: str = "") -> str:
    due = f"deadline: {deadline}\n" if deadline else ""
    return f"title: {title}\ncategory: duty\nstatus: {status}\nmeasures: [措施]\n{due}department: {department}\n{log}"


ITEMS = {
    "01.yaml": item(
        "规范财务报销管理",
        "in_progress",
        "2026-03-31",
        "[财务科, 办公室]",
        "log:\n  - date: 2026-02-10\n    note: 制度初稿已形成\n    by: 财务科\n",
    ),  # fmt: skip
    "02.yaml": item("加强公文审核", "open", "2026-03-20", "办公室"),
    "03.yaml": item("清理固定资产", "partial", "2026-04-30", "财务科"),  # green: no reminder for 财务科 of it
    "04.yaml": item("整治会风文风", "in_progress", "2026-03-24", "办公室"),  # due today: yellow
    "05.yaml": item("健全制度", "in_progress", "2026-03-10", "人事科"),
    "06.yaml": item("长期任务", "ongoing", "2026-01-01", "宣传科"),  # no light
}
AS_OF = "2026-03-24"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return write_ledger(tmp_path / "ledger", ITEMS, CONFIG)


OFFICE = """\
# 关于加快推进巡察整改任务的督办通知

办公室：

按照巡察整改工作安排，截至2026年3月24日，你单位负责的巡察整改任务中，已超过完成时限1项（红灯），7日内到期2项（黄灯）。现予督办，请对照整改措施抓紧推进。

1.加强公文审核（编号02）。完成时限2026年3月20日，已逾期4天（红灯）。当前状态：未启动。最近进展：暂无报送。

2.整治会风文风（编号04）。完成时限2026年3月24日，今日到期（黄灯）。当前状态：正在推进。最近进展：暂无报送。

3.规范财务报销管理（编号01）。完成时限2026年3月31日，还剩7天（黄灯）。当前状态：正在推进。最近进展：2026年2月10日，制度初稿已形成。

请于2026年3月27日前将上述任务的整改进展、完成情况及佐证材料报送测试机关党组；确实无法按期完成的，请书面说明原因和下一步措施。

测试机关党组

2026年3月24日
"""


def test_a_reminder_in_markdown_for_a_work_chat(root: Path, cli, tmp_path: Path) -> None:
    target = tmp_path / "办公室.md"
    result = cli("remind", "--department", "办公室", "--as-of", AS_OF, "--reply-by", "2026-03-27", "-o", str(target),
                 root=root)  # fmt: skip
    assert result.exit_code == 0
    assert target.read_text(encoding="utf-8") == OFFICE
    assert len(OFFICE) < 600  # short enough to paste into a chat


def test_one_reminder_per_department_with_red_or_yellow_items(root: Path, cli, tmp_path: Path) -> None:
    result = cli("remind", "--as-of", AS_OF, "--to", "md", "-o", str(tmp_path / "out"), root=root)
    assert result.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "督办通知-人事科.md",
        "督办通知-办公室.md",
        "督办通知-财务科.md",
    ]  # fmt: skip  (宣传科's item is ongoing: no light, no reminder)
    finance = (tmp_path / "out" / "督办通知-财务科.md").read_text(encoding="utf-8")
    assert "7日内到期1项（黄灯）。" in finance and "清理固定资产" not in finance  # green items are on time
    assert "已超过完成时限" not in finance
    staff = (tmp_path / "out" / "督办通知-人事科.md").read_text(encoding="utf-8")
    assert "已超过完成时限1项（红灯）。" in staff and "请于2026年3月29日前" in staff  # five days on by default


def test_only_the_lights_asked_for(root: Path, cli, tmp_path: Path) -> None:
    result = cli("remind", "--as-of", AS_OF, "--light", "red", "--to", "md", "-o", str(tmp_path / "out"), root=root)
    assert result.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["督办通知-人事科.md", "督办通知-办公室.md"]
    office = (tmp_path / "out" / "督办通知-办公室.md").read_text(encoding="utf-8")
    assert "整治会风文风" not in office and "加强公文审核" in office


def test_a_department_without_red_or_yellow_items_gets_none(root: Path, cli, tmp_path: Path) -> None:
    result = cli("remind", "--department", "宣传科", "--as-of", AS_OF, "-o", str(tmp_path / "out"), root=root)
    assert result.exit_code == 0
    assert result.stderr == "宣传科 has no item of those lights: no reminder\nNo reminder: no item is red or yellow.\n"
    assert not (tmp_path / "out").exists()


def test_one_file_for_many_departments_is_refused(root: Path, cli, tmp_path: Path) -> None:
    result = cli("remind", "--as-of", AS_OF, "-o", str(tmp_path / "all.docx"), root=root)
    assert result.exit_code == 1
    assert "3 departments have items to remind of" in result.stderr and not (tmp_path / "all.docx").exists()


def test_the_template_is_the_ledgers_own_when_it_has_one(root: Path, cli, tmp_path: Path) -> None:
    assert cli("templates", "copy", "remind.md.j2", root=root).exit_code == 0
    own = root / "templates" / "remind.md.j2"
    own.write_text(own.read_text(encoding="utf-8").replace("督办通知", "催办单"), encoding="utf-8")
    target = tmp_path / "r.md"
    assert cli("remind", "--department", "人事科", "--as-of", AS_OF, "-o", str(target), root=root).exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("# 关于加快推进巡察整改任务的催办单\n")


def test_the_context_of_remind(root: Path) -> None:
    from datetime import date

    from ledger.core.load import load_ledger
    from ledger.report.render import remind_context

    ledger = load_ledger(root)
    ctx = remind_context(ledger, "办公室", [i for i in ledger.items if i.id in ("01", "02", "04")], date(2026, 3, 24),
                         date(2026, 3, 27))  # fmt: skip
    assert [(i["id"], i["light"], i["days_left"]) for i in ctx["items"]] == [
        ("02", "red", -4),
        ("04", "yellow", 0),
        ("01", "yellow", 7),
    ]  # fmt: skip  (late first, then by deadline)
    assert ctx["counts"] == {"red": 1, "yellow": 2} and ctx["yellow_days"] == 7
    assert ctx["items"][2]["latest"]["text"] == "制度初稿已形成" and ctx["items"][0]["latest"] is None


# --- As people see it: the Word file through LibreOffice --------------------------------------------------


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> list:
    pytest.importorskip("docx")
    from typer.testing import CliRunner

    from ledger.cli import app

    folder = tmp_path_factory.mktemp("remind")
    root = write_ledger(folder / "ledger", ITEMS, CONFIG)
    target = folder / "办公室.docx"
    args = ["remind", "--department", "办公室", "--as-of", AS_OF, "--reply-by", "2026-03-27", "-o", str(target)]
    result = CliRunner().invoke(app, [*args, "--root", str(root)])
    assert result.exit_code == 0, result.stderr
    return pdf_lines(soffice_pdf(target))


CHARACTER = 15.75 * 25.4 / 72  # mm: 3号 with the layout's character spacing


def test_the_reminder_in_the_gbt_9704_layout(rendered: list) -> None:
    (page,) = rendered
    title = page[0]
    assert title[4] == "关于加快推进巡察整改任务的督办通知"
    assert (title[0] + title[2]) / 2 == pytest.approx(28 + 156 / 2, abs=1)  # centred in the 版心
    addressee = next(line for line in page if line[4] == "办公室：")
    assert addressee[0] == pytest.approx(28, abs=0.5)  # 主送机关 flush left
    body = [line for line in page if line[1] > addressee[1] and line[1] < 262]
    first = body[0]
    assert first[4].startswith("按照巡察整改工作安排") and first[0] == pytest.approx(28 + 2 * CHARACTER, abs=0.6)
    pitch = [b[1] - a[1] for a, b in zip(body, body[1:], strict=False)]
    assert min(pitch) == pytest.approx(10.21, abs=0.1)  # the 22-line grid
    full = [line for line in body if len(line[4]) == 28 and re.fullmatch(r"[^\x00-\xff]+", line[4])]
    assert all(line[2] == pytest.approx(184, abs=0.6) for line in full)  # justified to the 版心's edge


def test_the_reminders_signature_and_page_number(rendered: list) -> None:
    (page,) = rendered
    issuer = next(line for line in page if line[4] == "测试机关党组" and line[0] > 100)
    date_line = next(line for line in page if line[4] == "2026年3月24日")
    # The date (2026年3月24日) is longer than 测试机关党组: it is two characters in from the right, and the
    # issuer starts two characters left of it (GB/T 9704 7.3.5.2).
    assert date_line[2] == pytest.approx(184 - 2 * CHARACTER, abs=0.8)
    assert date_line[0] - issuer[0] == pytest.approx(2 * CHARACTER, abs=0.6)
    assert date_line[1] - issuer[1] == pytest.approx(10.21, abs=0.2)  # on the next line
    footer = [line for line in page if line[1] > 262]
    assert [line[4] for line in footer] == ["—1—"]


def test_every_character_of_the_markdown_is_in_the_word_file(rendered: list) -> None:
    from ledger.output.blocks import read_markdown

    text = "".join(line[4] for line in rendered[0] if line[1] < 262)
    assert re.sub(r"\s", "", text) == re.sub(r"\s", "", "".join(plain_text(read_markdown(OFFICE))))


# --- What the second tester found ---------------------------------------------------------------------------


@pytest.fixture
def zh(monkeypatch: pytest.MonkeyPatch) -> None:
    from ledger.core import i18n

    monkeypatch.setenv("LEDGER_LANG", "zh")
    i18n.set_language(None)


def test_a_department_by_a_unique_part_of_its_name(root: Path, cli, tmp_path: Path) -> None:
    target = tmp_path / "r.md"
    result = cli("remind", "--department", "财务", "--as-of", AS_OF, "-o", str(target), root=root)
    assert result.exit_code == 0 and target.read_text(encoding="utf-8").startswith(
        "# 关于加快推进巡察整改任务的督办通知\n\n财务科：\n"
    )
    several = cli("remind", "--department", "科", "--as-of", AS_OF, "-o", str(tmp_path / "x"), root=root)
    assert several.exit_code == 1
    assert "'科' is part of several departments: 人事科, 宣传科, 财务科; type more of the name" in several.stderr


def test_the_latest_progress_is_the_latest_note_not_bookkeeping(root: Path, cli, tmp_path: Path) -> None:
    assert cli("set", "1", "--owner", "李某", "--date", "2026-03-01", root=root).exit_code == 0
    assert cli("set", "1", "--status", "partial", "--date", "2026-03-02", root=root).exit_code == 0
    target = tmp_path / "r.md"
    assert cli("remind", "--department", "财务科", "--as-of", AS_OF, "-o", str(target), root=root).exit_code == 0
    assert "最近进展：2026年2月10日，制度初稿已形成。" in target.read_text(encoding="utf-8")


def test_a_reply_by_day_already_past_is_said(root: Path, cli, tmp_path: Path) -> None:
    result = cli("remind", "--department", "人事科", "--as-of", AS_OF, "--reply-by", "2026-03-20",
                 "-o", str(tmp_path / "r.md"), root=root)  # fmt: skip
    assert result.exit_code == 0
    assert result.stderr.startswith("warning: --reply-by 2026-03-20 is already past (the reminder is dated 2026-03-24)")


def test_the_chinese_messages_say_no_english(zh: None, root: Path, cli, tmp_path: Path) -> None:
    result = cli("remind", "--department", "宣传科", "--as-of", AS_OF, "-o", str(tmp_path / "out"), root=root)
    assert result.stderr.endswith("未生成督办通知：没有亮红灯或黄灯的事项。\n")
    (root / "items" / "07.yaml").write_text("title: 坏\n", encoding="utf-8")
    broken = cli("remind", "--as-of", AS_OF, "-o", str(tmp_path / "out"), root=root)
    assert broken.exit_code == 1 and "生成督办通知" in broken.stderr
    assert not re.search("[A-Za-z]{4,}", broken.stderr.replace("items/07.yaml", "").replace("ledger validate", ""))


def test_the_remind_template_is_described_in_the_interface_language(root: Path, cli, monkeypatch) -> None:
    from ledger.core import i18n
    from ledger.report.sandbox import packaged_templates

    comment = (packaged_templates() / "remind.md.j2").read_text(encoding="utf-8").split("-#}")[0]
    assert comment.startswith("{#- 督办通知（催办单）：一个部门已逾期和即将逾期的事项，附回复期限。")
    words = set(re.findall("[A-Za-z]{3,}", comment))  # only the names a template writer types
    assert words <= {"ledger", "remind", "Word", "Markdown", "department", "items", "days_left", "latest", "counts",
                     "yellow_days", "as_of", "reply_by", "replace", "days", "left", "yellow", "reply"}  # fmt: skip
    english = cli("templates", "list", root=root).stdout
    assert (
        "remind.md.j2  package  督办通知 (催办单): one department's late and nearly late items"
        in " ".join(english.split("  "))
        or "督办通知 (催办单): one department's late and nearly late items" in english
    )
    monkeypatch.setenv("LEDGER_LANG", "zh")
    i18n.set_language(None)
    chinese = cli("templates", "list", root=root).stdout
    assert "督办通知（催办单）：一个部门已逾期和即将逾期的事项，附回复期限。" in chinese

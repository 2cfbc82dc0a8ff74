"""What a clerk reads in the Chinese interface: labels, not codes; no English; one word for an item."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import git, write_ledger

from ledger.core import i18n


@pytest.fixture
def zh(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEDGER_LANG", "zh")
    i18n.set_language(None)


def test_set_close_and_reopen_say_status_labels(zh: None, cli, ledger_root: Path) -> None:
    assert cli("set", "1", "--status", "正在推进", "--add-measure", "措施", "--date", "2025-06-01",
               root=ledger_root).stderr == "已修改第01项：状态由未启动改为正在推进，新增整改措施 1 条。\n"  # fmt: skip
    assert cli("close", "1", "--date", "2025-06-02", root=ledger_root).stderr == (
        "已销号第01项：状态由正在推进改为已完成，销号日期 2025-06-02，已记入整改进展。\n"
    )
    assert cli("reopen", "1", "--reason", "反弹", "--date", "2025-06-03", root=ledger_root).stderr.splitlines()[0] == (
        "第01项已退回重新整改：状态由已完成改为正在推进，删除销号日期 2025-06-02，已记录原因。"
    )  # then the warning that its deadline has passed
    assert cli("note", "1", "进展", "--date", "2025-06-04", root=ledger_root).stderr == (
        "第01项：已记录 2025-06-04 的整改进展。\n"
    )


def test_english_keeps_the_codes(cli, ledger_root: Path) -> None:
    assert cli("set", "2", "--status", "partial", "--date", "2025-06-01", root=ledger_root).stderr == (
        "Changed item 02: status in_progress -> partial.\n"
    )


def test_a_refused_close_says_the_label_and_how_to_give_it(zh: None, cli, ledger_root: Path) -> None:
    result = cli("close", "1", root=ledger_root)
    assert result.exit_code == 1
    assert result.stderr == (
        "错误：第01项无法销号：measures（整改措施）：没有措施；已完成的事项至少需要一条整改措施"
        "（请先添加：ledger set 01 --add-measure 文本）\n"
    )


def test_history_and_changes_say_status_labels(zh: None, cli, ledger_root: Path) -> None:
    git(ledger_root, "init", "-q")
    git(ledger_root, "add", "-A")
    git(ledger_root, "commit", "-qm", "台账")
    assert cli("set", "2", "--status", "partial", "--date", "2026-01-05", root=ledger_root).exit_code == 0
    git(ledger_root, "commit", "-qam", "推进", when="2026-01-06T10:00:00+08:00")
    changes = cli("changes", "--since", "HEAD~1", "--as-of", "2026-01-06", root=ledger_root).stdout
    assert "  状态：     02 正在推进的任务：正在推进 → 阶段性完成\n" in changes
    history = cli("history", "2", root=ledger_root).stdout
    assert "    状态 正在推进 → 阶段性完成，整改进展增加1条\n" in history


def test_a_near_duplicate_department_is_warned_of(zh: None, cli, ledger_root: Path) -> None:
    result = cli("new", "--title", "新任务", "--category", "duty", "--measure", "措施", "--department", "财务",
                 root=ledger_root)  # fmt: skip
    assert result.exit_code == 0
    assert result.stderr == (
        "新增第07项：items/07.yaml。\n"
        "警告：此前没有事项的责任部门写作“财务”；您是不是要写“财务科”？（写法不同即为另一个部门，另出一张督办表）\n"
    )
    exact = cli("set", "7", "--department", "财务科", root=ledger_root)
    assert "警告" not in exact.stderr
    apart = cli("set", "7", "--department", "纪检组", root=ledger_root)
    assert "警告" not in apart.stderr


def test_reports_refused_in_chinese(zh: None, cli, ledger_root: Path) -> None:
    (ledger_root / "items" / "07.yaml").write_text("title: x\ncategory: nowhere\nstatus: open\n", encoding="utf-8")
    result = cli("report", root=ledger_root)
    assert result.exit_code == 1
    assert result.stderr.endswith("错误：台账有 1 个错误，请先改正再生成通报（ledger validate 会逐一列出）\n")


def test_templates_and_codes_in_chinese(zh: None, cli) -> None:
    templates = cli("templates").stdout
    assert "notice.md.j2              软件包  公开通报（整改进展情况的通报），按已公开通报的体例。\n" in templates
    codes = cli("codes").stdout
    assert "\ntoo-large           错误      超过 1 MiB 的文件\n" in codes
    assert "\nno-measures         警告" in codes


def test_an_unknown_id_lists_near_ones_with_the_enumeration_comma(zh: None, cli, tmp_path: Path) -> None:
    item = "title: 任务\ncategory: duty\nstatus: open\n"
    root = write_ledger(tmp_path / "l", {f"{n}.yaml": item for n in ("11", "12", "13", "21")})
    result = cli("show", "1", root=root)
    assert result.exit_code == 1
    assert result.stderr == f"错误：{root / 'items'} 中没有第1项；您是不是要找 21、13或12？\n"


def test_choices_and_names_are_listed_with_the_enumeration_comma(zh: None, cli, tmp_path: Path) -> None:
    """A list of codes, names or files in a Chinese message is joined with 、, never with `, `."""
    root = write_ledger(tmp_path / "l", {"01.yaml": "title: 任务\ncategory: duty\nstatus: finished\n",
                                         "02.yaml": "title: 任务\ncategory: nope\nstatus: open\n"})  # fmt: skip
    lines = cli("validate", root=root).stdout.splitlines()
    assert lines == [
        "items/01.yaml:3:9: 错误[bad-status]: status：不能写“finished”；"
        "可用：open、in_progress、partial、ongoing、done",
        "items/02.yaml:1:1: 警告[no-measures]: measures：还没有措施（事项未启动时可以）",
        "items/02.yaml:2:11: 错误[unknown-category]: category：“nope”不是 ledger.yaml 中 categories 的类别代码；"
        "可用：duty、conduct",
    ]


def test_a_template_error_names_the_field_in_chinese(zh: None, cli, ledger_root: Path) -> None:
    (ledger_root / "templates").mkdir()
    (ledger_root / "templates" / "x.md.j2").write_text("{% for item in items %}{{ item.deadine }}{% endfor %}\n",
                                                      encoding="utf-8")  # fmt: skip
    result = cli("report", "--template", "x.md.j2", root=ledger_root)
    assert result.stderr == "错误：模板 x.md.j2，第 1 行：没有字段“deadine”；您是不是要用“deadline”？\n"


def test_refusals_name_statuses_lights_and_templates_in_chinese(zh: None, cli, ledger_root: Path) -> None:
    assert cli("reopen", "2", "--reason", "x", root=ledger_root).stderr == (
        "错误：第02项未完成（状态为正在推进）；无须重新整改\n"
    )
    assert cli("remind", "-o", str(ledger_root / "out"), "--light", "red", "--as-of", "2025-01-01",
               root=ledger_root).stderr == "未生成督办通知：没有亮红灯的事项。\n"  # fmt: skip
    assert cli("report", "--template", "nope.md.j2", root=ledger_root).stderr.startswith(
        f"错误：{ledger_root / 'templates'} 和默认模板（ledger.md.j2、"
    )
    assert cli("report", "--template", "nope.md.j2", root=ledger_root).stderr.endswith("中都没有模板“nope.md.j2”\n")

"""A round: many units' ledgers (folders and git repositories) rolled up, and nothing dropped."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers import CONFIG, git, write_ledger

if not shutil.which("git"):
    pytest.skip("git is needed for the units kept in git", allow_module_level=True)


def item(title: str, status: str, deadline: str | None = None, closed: str | None = None) -> str:
    text = f"title: {title}\ncategory: duty\nstatus: {status}\nmeasures: [措施]\n"
    text += f"deadline: {deadline}\n" if deadline else ""
    return text + (f"closed: {closed}\n" if closed else "")


@pytest.fixture
def round_root(tmp_path: Path) -> Path:
    """Four units: a folder (3 items), a git repository at a tag (2 items; the branch has moved on),
    a folder with an error, and a repository that cannot be reached."""
    round_root = tmp_path / "round"
    write_ledger(round_root / "wenti", {
        "01.yaml": item("文体甲", "done", "2025-06-01", "2025-05-20"),
        "02.yaml": item("文体乙", "in_progress", "2025-12-01"),
        "03.yaml": item("文体丙", "partial", "2025-11-01"),
    })  # fmt: skip
    source = write_ledger(tmp_path / "minzheng", {"01.yaml": item("民政甲", "done", closed="2025-09-01"),
                                                   "02.yaml": item("民政乙", "open", "2025-10-01")})  # fmt: skip
    git(source, "init", "-q", "-b", "main")
    git(source, "add", "-A")
    git(source, "commit", "-qm", "一月")
    git(source, "tag", "notice-2026-01")
    (source / "items" / "03.yaml").write_text(item("民政丙", "open"), encoding="utf-8")
    git(source, "add", "-A")
    git(source, "commit", "-qm", "二月")
    git(tmp_path, "clone", "-q", "--bare", str(source), str(tmp_path / "minzheng.git"))
    write_ledger(round_root / "caizheng", {"01.yaml": item("财政甲", "done", closed="2025-08-01"),
                                           "02.yaml": "title: 坏\ncategory: duty\nstatus: nope\n"})  # fmt: skip
    (round_root / "round.yaml").write_text(
        "title: 十三届区委第三轮巡察整改进展情况\nissuer: 中共某区委巡察工作领导小组办公室\nunits:\n"
        "  - name: 区文化体育局\n    path: wenti\n"
        f"  - name: 区民政局\n    git: {tmp_path / 'minzheng.git'}\n    ref: notice-2026-01\n"
        "  - name: 区财政局\n    path: caizheng\n"
        f"  - name: 区卫健局\n    git: file://{tmp_path / 'nowhere.git'}\n",
        encoding="utf-8",
    )
    return round_root


def test_the_round_in_a_table_and_its_problems(round_root: Path, cli) -> None:
    result = cli("rollup", "--as-of", "2026-01-05", root=round_root)
    assert result.exit_code == 1
    assert result.stdout == (
        "单位          问题数  已完成  阶段性完成  正在推进  未启动  长期坚持  逾期  整改完成率  错误\n"
        "区文化体育局       3       1           1         1       0         0     2      33.33%\n"
        "区民政局           2       1           0         0       1         0     1         50%\n"
        "区财政局           1       1           0         0       0         0     0        100%     1\n"
        "区卫健局           0       0           0         0       0         0     0          0%     1\n"
        "合计               6       3           1         1       1         0     3         50%\n"
    )
    fetching, lines = result.stderr.splitlines()[:2], result.stderr.splitlines()[2:]
    assert sorted(fetching) == sorted([
        f"fetching unit 区民政局 from {round_root.parent / 'minzheng.git'} …",
        f"fetching unit 区卫健局 from file://{round_root.parent / 'nowhere.git'} …",
    ])  # fmt: skip
    assert (
        lines[0]
        == "区财政局: items/02.yaml:3:9: error[bad-status]: status: 'nope' is not allowed; did you mean 'open'?"
    )
    assert lines[1].startswith("round.yaml:11: error[unit-unreadable]: unit 区卫健局: cannot fetch HEAD of file://")
    assert lines[2] == "Incomplete: 2 units with problems; the totals leave out what could not be read."


def test_the_rounds_json(round_root: Path, cli) -> None:
    data = json.loads(cli("rollup", "--as-of", "2026-01-05", "--format", "json", root=round_root).stdout)
    assert data["complete"] is False and data["as_of"] == "2026-01-05"
    assert data["total"] == {"total": 6, "by_status": {"open": 1, "in_progress": 1, "partial": 1, "ongoing": 0,
                                                       "done": 3}, "overdue": 3, "rate": "50%"}  # fmt: skip
    assert [(u["name"], u["ok"], u["total"], u["rate"], u["problems"]) for u in data["units"]] == [
        ("区文化体育局", True, 3, "33.33%", 0), ("区民政局", True, 2, "50%", 0), ("区财政局", False, 1, "100%", 1),
        ("区卫健局", False, 0, "0%", 1),
    ]  # fmt: skip


def test_overdue_items_of_every_unit(round_root: Path, cli) -> None:
    result = cli("rollup", "--overdue", "--as-of", "2026-01-05", root=round_root)
    assert result.stdout == (
        "单位          编号  整改任务  责任部门  完成时限    逾期天数\n"
        "区民政局      02    民政乙              2025-10-01        96\n"
        "区文化体育局  03    文体丙              2025-11-01        65\n"
        "区文化体育局  02    文体乙              2025-12-01        35\n"
    )


def test_the_rounds_notice(round_root: Path, cli, tmp_path: Path) -> None:
    result = cli("rollup", "--format", "md", "--as-of", "2026-01-05", root=round_root)
    assert result.stdout == (
        "# 十三届区委第三轮巡察整改进展情况\n\n"
        "截至2026年1月5日，本轮巡察4个单位反馈问题6个，已完成整改3个、阶段性完成1个、正在推进1个、未启动1个，"
        "总体完成率50%。逾期未完成3个。部分单位台账未能读取，以上数据不完整。\n\n"
        "（一）区文化体育局。反馈问题3个，已完成整改1个，整改完成率33.33%，逾期2个。\n\n"
        "（二）区民政局。反馈问题2个，已完成整改1个，整改完成率50%，逾期1个。\n\n"
        "（三）区财政局。台账未能读取或有误，未能完整统计。\n\n"
        "（四）区卫健局。台账未能读取或有误，未能完整统计。\n\n"
        "中共某区委巡察工作领导小组办公室\n\n2026年1月5日\n"
    )
    out = tmp_path / "round.docx"
    assert cli("rollup", "-o", str(out), "--as-of", "2026-01-05", root=round_root).exit_code == 1  # incomplete
    assert out.read_bytes().startswith(b"PK")


def test_the_rounds_workbook(round_root: Path, cli, tmp_path: Path) -> None:
    import openpyxl

    out = tmp_path / "round.xlsx"
    cli("rollup", "-o", str(out), "--as-of", "2026-01-05", root=round_root)
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["汇总", "区文化体育局", "区民政局", "区财政局"]
    assert [c.value for c in book["汇总"]["A"]][-1] == "合计"
    assert book["区民政局"]["D4"].value == "民政甲" and book["区民政局"].max_row == 5  # at the tag: two items
    summary = book["汇总"]
    assert [c.value for c in summary[2]][:3] == ["单位", "问题数", "已完成"]
    total = [c.value for c in summary[summary.max_row]]
    assert total[1:3] == [6, 3] and total[8] == 0.5 and summary.cell(summary.max_row, 9).number_format == "0.00%"


def test_git_units_are_fetched_once_into_the_users_cache(round_root: Path, cli, tmp_path: Path, user_cache) -> None:
    cli("rollup", root=round_root)
    assert not (round_root / ".ledger-cache").exists()
    units = user_cache / "ledger" / "units"
    assert [(f / "ledger-unit").is_file() for f in units.iterdir()] == [True, True]  # 民政局 and the one not found
    git(tmp_path / "minzheng", "status", "--porcelain")  # the unit's own repository: untouched, still clean
    assert git(tmp_path / "minzheng", "status", "--porcelain") == ""
    second = cli("rollup", "--format", "json", "--as-of", "2026-01-05", root=round_root)
    assert json.loads(second.stdout)["units"][1]["total"] == 2


def test_a_branch_ref_reads_the_branch(round_root: Path, cli, tmp_path: Path) -> None:
    text = (round_root / "round.yaml").read_text(encoding="utf-8").replace("ref: notice-2026-01", "ref: main")
    (round_root / "round.yaml").write_text(text, encoding="utf-8")
    data = json.loads(cli("rollup", "--format", "json", root=round_root).stdout)
    assert data["units"][1]["total"] == 3


@pytest.mark.parametrize(
    ("round_yaml", "expected"),
    [
        ("title: 轮\nunits:\n  - name: 甲\n    path: a\n  - name: 甲\n    path: a\n",
         "round.yaml:5:5: error[duplicate-unit]: units[2].name: '甲' is named twice"),
        ("title: 轮\nunits:\n  - name: 甲\n    path: a\n    git: https://x/y.git\n",
         "round.yaml:3:5: error[unit-source]: units[1]: give its ledger as path: or as git:, one of them"),
        ("title: 轮\nunits:\n  - name: 甲\n    path: nowhere\n",
         "round.yaml:3:5: error[no-ledger]: units[1].path: no ledger.yaml in"),
        ("title: 轮\nunits:\n  - name: 甲\n    git: ext::sh -c touch% /tmp/pwned\n",
         "round.yaml:3:5: error[unit-source]: units[1].git: 'ext::sh -c touch% /tmp/pwned' is no repository address"),
        ("title: 轮\nunitz: []\n", "round.yaml:2:1: error[unknown-key]: unitz: unknown key; did you mean 'units'?"),
    ],
)  # fmt: skip
def test_round_yaml_is_checked(tmp_path: Path, cli, round_yaml: str, expected: str) -> None:
    root = tmp_path / "round"
    write_ledger(root / "a", {}, CONFIG)
    (root / "round.yaml").write_text(round_yaml, encoding="utf-8")
    result = cli("rollup", root=root)
    assert result.exit_code == 1
    assert expected in result.stderr
    assert "internal error" not in result.stderr

"""`ledger report`: the notice in the genre, the 台账 table, the sandbox and the refusals."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from helpers import CONFIG, ITEMS, REPO, write_ledger

GOLDEN = REPO / "tests" / "golden" / "notice.md"
SEED = REPO / "tests" / "golden" / "seed.txt"  # ../shared/seeds/000_b6fc3b0db45f3be2.txt, as published


def test_sample_notice_matches_the_golden_file(cli) -> None:
    """To change the notice on purpose: ledger report --as-of 2026-01-21 -o tests/golden/notice.md; review the diff."""
    result = cli("report", "--as-of", "2026-01-21", root=REPO)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == GOLDEN.read_text(encoding="utf-8")


def paragraphs(text: str, markdown: bool) -> list[str]:
    lines = [re.sub(r"^#+\s+", "", line) if markdown else line for line in text.splitlines()]
    return [re.sub(r"\s+", "", line) for line in lines if line.strip()]


def test_golden_notice_is_the_seed_notice() -> None:
    seed = paragraphs(SEED.read_text(encoding="utf-8"), markdown=False)
    seed = [seed[0] + seed[1], *seed[2:]]  # the printed title wraps over two lines
    assert seed.count("3、下一步打算") == 1  # the seed's slip, which the notice corrects
    seed = ["三、下一步打算" if line == "3、下一步打算" else line for line in seed]
    assert paragraphs(GOLDEN.read_text(encoding="utf-8"), markdown=True) == seed


STATS_CONFIG = CONFIG + "notice:\n  statistics: true\n"


def stats_ledger(tmp_path: Path, statuses: dict[str, int]) -> Path:
    items, n = {}, 0
    for status, count in statuses.items():
        for _ in range(count):
            n += 1
            closed = "closed: 2025-12-01\n" if status == "done" else ""
            items[f"{n:02d}.yaml"] = f"title: 任务{n}\ncategory: duty\nstatus: {status}\nmeasures: [措施]\n{closed}"
    return write_ledger(tmp_path, items, STATS_CONFIG.replace("  - key: conduct\n    title: 关于作风建设方面\n", ""))


def opening(text: str) -> str:
    return text.split("\n\n")[1]


def test_statistics_sentence(tmp_path: Path, cli) -> None:
    root = stats_ledger(tmp_path, {"done": 4, "partial": 1, "in_progress": 1, "ongoing": 1})
    result = cli("report", "--as-of", "2026-01-05", root=root)
    assert opening(result.stdout) == (
        "按照巡察工作有关要求，现将巡察整改进展情况予以公布。截至2026年1月5日，巡察反馈问题7个，"
        "已完成整改4个、阶段性完成1个、正在推进1个、需长期坚持1个，整改完成率57.14%。"
    )


def test_statistics_sentence_leaves_out_zero_parts(tmp_path: Path, cli) -> None:
    root = stats_ledger(tmp_path, {"done": 19, "open": 6})
    result = cli("report", "--as-of", "2026-01-05", root=root)
    assert opening(result.stdout).endswith(
        "截至2026年1月5日，巡察反馈问题25个，已完成整改19个、未启动6个，整改完成率76%。"
    )


def test_the_statistics_sentence_is_declared_once(tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """Its order and words live in ledger.core.stats: both notices and the round's notice follow them, and no
    shipped template words a part itself; the round's table counts in the same order."""
    from ledger.core import stats
    from ledger.core.model import DEFAULT_LABELS, Status
    from ledger.output import rollup

    for template in sorted((REPO / "templates").glob("*.j2")):
        text = template.read_text(encoding="utf-8")
        assert not [w for w in ("阶段性完成", "正在推进", "需长期坚持", "未启动") if w in text], template.name
    assert tuple(s.value for s in stats.SENTENCE_ORDER) == rollup.ORDER
    assert [name for name, _ in rollup.COLUMNS[2:7]] == [DEFAULT_LABELS[s] for s in stats.SENTENCE_ORDER]
    monkeypatch.setitem(stats.SENTENCE_WORDS, Status.ONGOING, "须长期坚持")
    monkeypatch.setattr(stats, "SENTENCE_ORDER", tuple(reversed(stats.SENTENCE_ORDER)))
    root = stats_ledger(tmp_path / "l", {"done": 4, "partial": 1, "ongoing": 1})
    said = "巡察反馈问题6个，须长期坚持1个、阶段性完成1个、已完成整改4个，整改完成率66.67%。"
    for template in ("notice.md.j2", "notice-by-category.md.j2"):
        assert said in cli("report", "--template", template, "--as-of", "2026-01-05", root=root).stdout, template
    (tmp_path / "round.yaml").write_text("title: 轮\nunits:\n  - name: 甲\n    path: l\n", encoding="utf-8")
    text = cli("rollup", "--format", "md", "--as-of", "2026-01-05", root=tmp_path).stdout
    assert "反馈问题6个，须长期坚持1个、阶段性完成1个、已完成整改4个，总体完成率66.67%。" in text


FULL_CONFIG = (
    CONFIG
    + """\
inspection:
  deployer: 县委
  group: 县委第一巡察组
  start: 2024-12-18
  end: 2025-01-20
  feedback: 2025-01-25
organization:
  - heading: 提高站位。
    text: 召开专题会议。
next_steps:
  intro: 将持续巩固整改成效
  points: [一条打算]
publication: {date: 2025-06-01, until: 2025-06-30}
contact: {phone: 0000-1234567, email: a@b.cn}
notice:
  numbering: per_category
  item_status: true
"""
)


def test_a_full_notice_per_category_with_status(tmp_path: Path, cli) -> None:
    items = dict(ITEMS)
    items["07.yaml"] = "title: 内部事项\ncategory: duty\nstatus: ongoing\nmeasures: [内部措施]\npublic: false\n"
    items["08.yaml"] = (
        "title: 有成效的任务！\ncategory: conduct\nstatus: done\nmeasures: [只有一条措施]\n"
        "outcome: 经整改，问题全部解决\nclosed: 2025-05-01\n"
    )
    root = write_ledger(tmp_path, items, FULL_CONFIG)
    result = cli("report", "--as-of", "2025-07-01", root=root)
    assert result.exit_code == 0
    assert (
        result.stdout
        == """\
# 测试机关党组关于巡察整改进展情况的通报

根据县委统一部署，2024年12月18日至2025年1月20日，县委第一巡察组对测试机关党组开展了巡察。2025年1月25日，县委第一巡察组向测试机关党组反馈了巡察意见。按照巡察工作有关要求，现将巡察整改进展情况予以公布。

## 一、测试机关党组履行巡察整改主体责任情况

（一）提高站位。召开专题会议。

## 二、巡察整改任务落实情况

### （一）关于落实主体责任方面

1.未启动的任务。整改状态：未启动。

2.正在推进的任务。第一条措施。整改状态：正在推进。

3.已完成的任务。措施。整改状态：已完成。

### （二）关于作风建设方面

1.阶段性完成的任务。措施。整改状态：阶段性完成。

2.长期坚持的任务。措施。整改状态：长期坚持。

3.没有期限的任务。措施。整改状态：正在推进。

4.有成效的任务！只有一条措施。经整改，问题全部解决。整改状态：已完成。

## 三、下一步打算

将持续巩固整改成效。一条打算。

欢迎广大干部群众对巡察整改落实情况进行监督。如有意见建议，请及时向我们反映。公开期限：2025年6月1日至2025年6月30日。联系方式：电话0000-1234567；电子邮箱：a@b.cn。

测试机关党组

2025年6月1日
"""
    )


def test_absent_sections_are_left_out_cleanly(ledger_root: Path, cli) -> None:
    result = cli("report", "--as-of", "2025-07-01", root=ledger_root)
    assert result.exit_code == 0
    assert (
        result.stdout
        == """\
# 测试机关党组关于巡察整改进展情况的通报

按照巡察工作有关要求，现将巡察整改进展情况予以公布。

## 一、巡察整改任务落实情况

### （一）关于落实主体责任方面

1.未启动的任务。

2.正在推进的任务。第一条措施。

3.已完成的任务。措施。

### （二）关于作风建设方面

4.阶段性完成的任务。措施。

5.长期坚持的任务。措施。

6.没有期限的任务。措施。

欢迎广大干部群众对巡察整改落实情况进行监督。如有意见建议，请及时向我们反映。

测试机关党组

2025年7月1日
"""
    )


def test_public_false_is_left_out_but_counted(tmp_path: Path, cli) -> None:
    items = {
        "01.yaml": "title: 公开的任务\ncategory: duty\nstatus: done\nmeasures: [措施]\nclosed: 2025-01-01\n",
        "02.yaml": "title: 不公开的任务\ncategory: duty\nstatus: in_progress\nmeasures: [措施]\npublic: false\n",
        "03.yaml": "title: 只有不公开的类别\ncategory: conduct\nstatus: open\npublic: false\n",
    }
    root = write_ledger(tmp_path, items, CONFIG + "notice: {statistics: true}\n")
    text = cli("report", "--as-of", "2025-07-01", root=root).stdout
    assert "不公开" not in text and "关于作风建设方面" not in text
    assert "巡察反馈问题3个，已完成整改1个、正在推进1个、未启动1个，整改完成率33.33%。" in text
    assert "### （一）关于落实主体责任方面\n\n1.公开的任务。措施。\n\n欢迎" in text


def test_ledger_table(tmp_path: Path, cli) -> None:
    items = dict(ITEMS)
    items["07.yaml"] = "title: 含|竖线\ncategory: duty\nstatus: open\nleader: 王某\nowner: 赵某\npublic: false\n"
    root = write_ledger(tmp_path, items)
    result = cli("report", "--template", "ledger.md.j2", "--as-of", "2025-07-01", root=root)
    assert result.exit_code == 0
    assert (
        result.stdout
        == """\
# 测试机关党组巡察整改台账

截至2025年7月1日，共7项，已完成1项，整改完成率14.29%，逾期2项。

| 序号 | 编号 | 整改任务 | 责任领导 | 责任部门 | 责任人 | 完成时限 | 状态 | 督办灯 | 销号日期 |
|---|---|---|---|---|---|---|---|---|---|
| 1 | 01 | 未启动的任务 |  | 办公室 |  | 2025年6月1日 | **未启动（逾期30天）** | 红灯 |  |
| 2 | 02 | 正在推进的任务 |  | 办公室、秘书科 |  | 2025年6月30日 | **正在推进（逾期1天）** | 红灯 |  |
| 3 | 05 | 已完成的任务 |  |  |  | 2025年1月1日 | 已完成 |  | 2025年2月1日 |
| 4 | 07 | 含\\|竖线 | 王某 |  | 赵某 |  | 未启动 | 绿灯 |  |
| 5 | 03 | 阶段性完成的任务 |  | 财务科 |  | 2025年7月15日 | 阶段性完成 | 绿灯 |  |
| 6 | 04 | 长期坚持的任务 |  |  |  | 2025年1月1日 | 长期坚持 |  |  |
| 7 | 06 | 没有期限的任务 |  |  |  |  | 正在推进 | 绿灯 |  |
"""
    )


def test_output_file_and_user_template_override(ledger_root: Path, cli) -> None:
    (ledger_root / "templates").mkdir()
    (ledger_root / "templates" / "notice.md.j2").write_text(
        "{{ ledger.title }}：{% for i in items %}{{ i.id }}{{ i.status_label }}"
        "{{ ' ' if not loop.last }}{% endfor +%}\n"
        "{{ stats.total }} {{ stats.overdue }} {{ as_of | cn_date }}\n"
    )
    out = ledger_root / "notice.md"
    result = cli("report", "--as-of", "2025-07-01", "-o", str(out), root=ledger_root)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", f"Wrote {out}\n")
    assert out.read_text() == (
        "测试机关党组关于巡察整改进展情况的通报：01未启动 02正在推进 05已完成 03阶段性完成 04长期坚持 06正在推进\n"
        "6 2 2025年7月1日\n"
    )


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{{ ''.__class__.__mro__ }}\n", "Error: template evil.j2, line 1: not allowed: "),
        ("ok\n{{ items[0].__init__.__globals__ }}\n", "Error: template evil.j2, line 2: not allowed: "),
        ("{% for x in items %}\n{{ x.nonesuch }}\n{% endfor %}\n", "Error: template evil.j2, line 2: "),
        ("line\n{{ undefined_name }}\n", "Error: template evil.j2, line 2: 'undefined_name' is undefined"),
        ("{% if %}\n", "Error: template evil.j2, line 1: Expected an expression"),
        ("{{ 'x' | cn_number }}\n", "Error: template evil.j2, line 1: not a whole number: 'x'"),
        (
            "{% for i in items %}\n{{ i.deadline | cn_date }}\n{% endfor %}\n",  # item 06 has no deadline
            "Error: template evil.j2, line 2: no date (None): a field the item or ledger.yaml does not give; test it "
            "first, as in {% if item.deadline %}…{% endif %}\n",
        ),
    ],
)
def test_template_errors_are_one_clear_line(ledger_root: Path, cli, template: str, message: str) -> None:
    (ledger_root / "templates").mkdir()
    (ledger_root / "templates" / "evil.j2").write_text(template)
    result = cli("report", "--template", "evil.j2", root=ledger_root)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(message), result.stderr
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("name", ["nope.j2", "../ledger.yaml", "/etc/passwd", "../../../etc/passwd", "items/01.yaml",
                                  "templates/../ledger.yaml", "templates/nope.j2"])  # fmt: skip
def test_templates_outside_the_lookup_are_not_found(ledger_root: Path, cli, name: str) -> None:
    (ledger_root / "templates").mkdir()
    result = cli("report", "--template", name, root=ledger_root)
    assert result.exit_code == 1
    found = {"nope.j2": "no template 'nope.j2'", "templates/nope.j2": "--template templates/nope.j2: no such template"}
    assert result.stderr.startswith(f"Error: {found.get(name, f'--template {name}: give a template')}"), result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_a_template_path_names_that_file_or_none(ledger_root: Path, tmp_path: Path, cli, monkeypatch) -> None:
    """Never a file of the same name elsewhere (a decoy in templates/templates/, another folder's
    templates/), nor the packaged default: what a reviewer checked is what renders."""
    (ledger_root / "templates" / "templates").mkdir(parents=True)
    (ledger_root / "templates" / "x.md.j2").write_text("REAL\n")
    (ledger_root / "templates" / "templates" / "x.md.j2").write_text("DECOY\n")
    monkeypatch.chdir(ledger_root)
    assert cli("report", "--template", "templates/x.md.j2", root=ledger_root).stdout == "REAL\n"
    assert cli("report", "--template", "templates/templates/x.md.j2", root=ledger_root).stdout == "DECOY\n"
    result = cli("report", "--template", "templates/notice.md.j2", root=ledger_root)  # no such file: no default
    assert result.exit_code == 1 and "no such template" in result.stderr
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "templates").mkdir(parents=True)
    (elsewhere / "templates" / "x.md.j2").write_text("OTHER\n")
    monkeypatch.chdir(elsewhere)
    result = cli("report", "--template", "templates/x.md.j2", root=ledger_root)
    assert result.exit_code == 1 and "give a template's name" in result.stderr


def test_do_and_break_work_in_templates(ledger_root: Path, cli) -> None:
    (ledger_root / "templates").mkdir()
    (ledger_root / "templates" / "t.md.j2").write_text(
        "{% set ids = [] %}{% for i in items %}{% if loop.index > 3 %}{% break %}{% endif %}"
        "{% if i.id == '02' %}{% continue %}{% endif %}{% do ids.append(i.id) %}{% endfor %}{{ ids | join(',') }}\n"
    )
    assert cli("report", "--template", "t.md.j2", root=ledger_root).stdout == "01,05\n"


def test_a_template_may_be_given_by_its_path_in_templates(ledger_root: Path, cli, monkeypatch) -> None:
    (ledger_root / "templates" / "parts").mkdir(parents=True)
    (ledger_root / "templates" / "mine.md.j2").write_text("{{ stats.total }}\n")
    (ledger_root / "templates" / "parts" / "sub.md.j2").write_text("{{ stats.overdue }}\n")
    monkeypatch.chdir(ledger_root / "items")
    mine = ["mine.md.j2", "templates/mine.md.j2", "../templates/mine.md.j2", str(ledger_root / "templates/mine.md.j2")]
    for given in [*mine, "parts/sub.md.j2"]:
        result = cli("report", "--template", given, "--as-of", "2025-07-01", root=ledger_root)
        assert (result.exit_code, result.stdout) == (0, "6\n" if given in mine else "2\n"), given


def test_an_invalid_ledger_is_refused_and_nothing_written(ledger_root: Path, cli) -> None:
    (ledger_root / "items" / "07.yaml").write_text("title: x\ncategory: duty\nstatus: done\n")
    out = ledger_root / "notice.md"
    out.write_text("the old notice\n")
    result = cli("report", "-o", str(out), "--force", root=ledger_root)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.endswith(
        "items/07.yaml:3:9: error[status-closed]: closed: missing; a done item needs its 销号 date\n"
        "items/07.yaml:3:9: error[missing-field]: measures: none given; "
        "an item that is done needs at least one measure\n"
        "Error: the ledger has 2 errors; fix them before reporting (`ledger validate` lists them)\n"
    )
    assert out.read_text() == "the old notice\n"


def test_a_wheel_ships_the_default_templates(tmp_path: Path) -> None:
    """Outside the repository, from a built wheel: ledger init, then ledger report."""
    wheels, site = tmp_path / "wheels", tmp_path / "site"
    build = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(wheels)]
    subprocess.run([*build, str(REPO)], check=True, capture_output=True)
    (wheel,) = wheels.glob("zhenggai_ledger-*.whl")
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(wheel)],
                   check=True, capture_output=True)  # fmt: skip
    assert (site / "ledger" / "templates" / "notice.md.j2").is_file()
    assert not (site / "templates").exists()
    assert (site / "ledger" / "locale" / "zh_CN" / "LC_MESSAGES" / "ledger.mo").is_file()  # the compiled catalog
    web = site / "ledger" / "web"  # `ledger serve`'s own pages and style sheet
    assert {p.name for p in (web / "templates").iterdir()} >= {"base.html", "ledger.html", "item.html", "form.html"}
    assert (web / "static" / "style.css").is_file()
    run = [sys.executable, "-c", "import sys, ledger.cli; assert ledger.cli.__file__.startswith(sys.argv[1]); "
           "sys.argv[1:] = sys.argv[2:]; ledger.cli.main()", str(site)]  # fmt: skip
    env = {"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin", "COLUMNS": "100", "LEDGER_LANG": "en"}
    work = tmp_path / "work"
    subprocess.run([*run, "init", str(work)], cwd=tmp_path, check=True, capture_output=True, env=env)
    result = subprocess.run([*run, "report", "--as-of", "2026-01-01"], cwd=work, capture_output=True, text=True,
                            env=env)  # fmt: skip
    assert result.returncode == 0, result.stderr
    from datetime import timedelta

    from ledger.core.dates import today
    from ledger.core.zh import cn_date_range

    started = cn_date_range(today() - timedelta(days=180), today() - timedelta(days=120))  # init dates by today
    assert result.stdout.startswith(f"# 中共××党组关于××巡察整改进展情况的通报\n\n根据市委统一部署，{started}，")
    chinese = subprocess.run([*run, "list", "--help"], cwd=work, capture_output=True, text=True,
                             env=env | {"LEDGER_LANG": "zh"})  # fmt: skip
    assert "用法：ledger list [选项]" in chinese.stdout and "只列已逾期的事项。" in chinese.stdout


@pytest.mark.parametrize(
    ("inspection", "expected"),
    [
        ("inspection: {deployer: 县委, start: 2025-01-01, end: 2025-02-01}\n",
         "按照巡察工作有关要求，现将巡察整改进展情况予以公布。"),
        ("inspection: {group: 县委第一巡察组}\n",
         "县委第一巡察组对测试机关党组开展了巡察。按照巡察工作有关要求，现将巡察整改进展情况予以公布。"),
        ("inspection: {group: 县委第一巡察组, feedback: 2025-01-25, deployer: 县委}\n",
         "根据县委统一部署，县委第一巡察组对测试机关党组开展了巡察。2025年1月25日，县委第一巡察组向测试机关党组反馈了巡察意见。"
         "按照巡察工作有关要求，现将巡察整改进展情况予以公布。"),
    ],
)  # fmt: skip
def test_opening_with_part_of_the_inspection(tmp_path: Path, cli, inspection: str, expected: str) -> None:
    root = write_ledger(tmp_path, ITEMS, CONFIG + inspection)
    assert opening(cli("report", root=root).stdout) == expected


def test_a_template_linking_outside_its_folder_is_refused(ledger_root: Path, tmp_path: Path, cli) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the notice\n")
    (ledger_root / "templates").mkdir()
    (ledger_root / "templates" / "notice.md.j2").symlink_to(secret)
    result = cli("report", root=ledger_root)
    assert result.exit_code == 1
    assert "not for the notice" not in result.stdout + result.stderr
    assert result.stderr == (
        f"Error: template notice.md.j2: not allowed: notice.md.j2 is a link to a file outside "
        f"{(ledger_root / 'templates').resolve()}\n"
    )


def test_templates_never_lists_nor_reads_a_link_out_of_its_folder(ledger_root: Path, tmp_path: Path, cli) -> None:
    secret = tmp_path / "secret.j2"
    secret.write_text("{# OUTSIDE-SECRET: db_password=hunter2. x #}\n")
    (ledger_root / "templates").mkdir()
    (ledger_root / "templates" / "link.j2").symlink_to(secret)
    (ledger_root / "templates" / "mine.md.j2").write_text("{# Mine. #}\n{{ stats.total }}\n")
    result = cli("templates", root=ledger_root)
    assert result.exit_code == 0
    assert "hunter2" not in result.stdout + result.stderr and "link.j2" not in result.stdout
    assert "\nmine.md.j2                ledger   Mine.\n" in result.stdout


def test_a_template_writing_half_a_utf16_pair_is_refused(ledger_root: Path, cli) -> None:
    (ledger_root / "templates").mkdir()
    (ledger_root / "templates" / "t.md.j2").write_text('ok\n{{ "\\ud800" }}\n')
    result = cli("report", "--template", "t.md.j2", "-o", str(ledger_root / "x.md"), root=ledger_root)
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: template t.md.j2 wrote half of a UTF-16 pair U+D800 (line 2 of its output); no notice can hold it\n",
    )
    assert not (ledger_root / "x.md").exists()


def test_a_template_cannot_change_the_ledger_the_word_file_reads(tmp_path: Path, cli) -> None:
    lines = "docx: {title_lines: [测试机关党组关于, 巡察整改进展情况的通报]}\n"
    root = write_ledger(tmp_path / "l", config=CONFIG + lines)
    (root / "templates").mkdir()
    (root / "templates" / "t.md.j2").write_text("{% do ledger.docx.title_lines.append(5) %}# {{ ledger.title }}\n")
    for out in ("x.docx", "x.html"):
        result = cli("report", "--template", "t.md.j2", "-o", str(root / out), root=root)
        assert result.exit_code == 0, result.stderr


def test_an_output_file_is_replaced_only_with_force(ledger_root: Path, cli) -> None:
    """Last month's notice, perhaps polished by hand in Word, is not lost to a second run."""
    out = ledger_root / "notice.md"
    out.write_text("修改过的通报\n", encoding="utf-8")
    result = cli("report", "-o", str(out), "--as-of", "2025-07-01", root=ledger_root)
    assert (result.exit_code, result.stderr) == (1, f"Error: {out} exists; give --force to replace it\n")
    assert out.read_text(encoding="utf-8") == "修改过的通报\n"
    result = cli("report", "-o", str(out), "--as-of", "2025-07-01", "--force", root=ledger_root)
    assert (result.exit_code, result.stderr) == (0, f"Wrote {out}\n")
    assert out.read_text(encoding="utf-8").startswith("# 测试机关党组")


def test_a_count_dated_otherwise_than_the_notice_is_pointed_out(tmp_path: Path, cli) -> None:
    config = CONFIG + "publication:\n  date: 2025-07-10\n"
    root = write_ledger(tmp_path / "ledger", {"01.yaml": "title: 甲\ncategory: duty\nstatus: open\nmeasures: [措施]\n"},
                        config=config)  # fmt: skip
    result = cli("report", root=root)
    today = date.today().isoformat()
    assert result.stderr == (f"Note: counted as of {today} (today), while ledger.yaml dates the notice 2025-07-10; "
                             "give --as-of 2025-07-10 to count as of its date.\n")  # fmt: skip
    assert cli("report", "--as-of", "2025-07-01", root=root).stderr == ""
    assert cli("report", "--as-of", "2025-07-10", root=root).stderr == ""


def test_every_packaged_template_is_described_in_both_languages() -> None:
    """`ledger templates` says what each default is from its opening comment: in Chinese from the catalog."""
    from ledger.core import i18n
    from ledger.report.template_files import PACKAGED_ABOUT, about, packaged_templates

    for path in sorted(packaged_templates().glob("*.j2")):
        english = about(path)
        assert english in PACKAGED_ABOUT, path.name
        i18n.set_language("zh")
        try:
            chinese = about(path)
        finally:
            i18n.set_language(None)
        assert chinese != english and not re.search("[A-Za-z]{3}", chinese.replace("Markdown", "")), chinese


MANY_TABLES = (
    "{% for i in range(N) %}\n| a | b |\n|---|---|\n| {{ i }} | x |\n\n"
    "{% for j in range(5) %}\n段{{ j }}\n\n{% endfor %}{% endfor %}\n"
)


def test_many_tables_between_paragraphs_take_no_scan_of_the_body_each(ledger_root: Path, cli, monkeypatch,
                                                                       tmp_path: Path) -> None:  # fmt: skip
    """python-docx's add_table reads the section's width by an XPath over the whole body: once per table it made
    Word output quadratic in the number of tables. It is read once."""
    import docx.document

    calls = []
    width = docx.document.Document._block_width
    monkeypatch.setattr(docx.document.Document, "_block_width", property(lambda d: calls.append(1) or width.fget(d)))
    (ledger_root / "templates").mkdir()
    (ledger_root / "templates" / "many.md.j2").write_text(MANY_TABLES.replace("N", "40"), encoding="utf-8")
    result = cli("report", "--template", "many.md.j2", "--to", "docx", "-o", str(tmp_path / "m.docx"), root=ledger_root)
    assert result.exit_code == 0, result.stderr
    assert len(calls) <= 1
    from docx import Document

    assert len(Document(str(tmp_path / "m.docx")).tables) == 40


@pytest.mark.parametrize(("to", "shown"), [("docx", "Word"), ("html", "HTML")])
def test_converting_a_rendered_text_is_limited_like_rendering_it(ledger_root: Path, tmp_path: Path, to: str,
                                                                 shown: str) -> None:  # fmt: skip
    """A text within the rendering's caps may be too much to turn into Word or HTML: the conversion has a time
    limit too, and ends in a message naming the template, exit 1, nothing written. Run as a command runs, in
    the main thread of a process of its own (the limit interrupts the main thread), with a short limit."""
    (ledger_root / "templates").mkdir()
    (ledger_root / "templates" / "many.md.j2").write_text(MANY_TABLES.replace("N", "3000"), encoding="utf-8")
    out = tmp_path / f"m.{to}"
    code = ("import sys, ledger.cli\nfrom ledger.report import sandbox\nsandbox.CONVERT_TIME_LIMIT = 0.3\n"
            "sys.argv = ['ledger', *sys.argv[1:]]\nledger.cli.main()")  # fmt: skip
    env = {**os.environ, "LEDGER_LANG": "en", "NO_COLOR": "1"}
    done = subprocess.run([sys.executable, "-c", code, "report", "--template", "many.md.j2", "--to", to, "-o",
                           str(out), "--root", str(ledger_root)], capture_output=True, text=True, env=env,
                          timeout=300)  # fmt: skip
    expected = f"template many.md.j2: its text took longer than 0.3 s to turn into {shown}; make it shorter"
    assert (done.returncode, done.stderr, out.exists()) == (1, f"Error: {expected}\n", False)

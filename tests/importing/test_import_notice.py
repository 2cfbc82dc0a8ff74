"""`ledger import` of a published notice: the round trip on the sample, layout B, a docx with a clerk's slips."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
import yaml
from helpers import REPO

from ledger.core.i18n import set_language

SEED = REPO / "tests" / "golden" / "seed.txt"
GOLDEN = REPO / "tests" / "golden" / "notice.md"


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("LEDGER_LANG", "en")
    set_language(None)
    yield
    set_language(None)


def data(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def paragraphs(text: str, markdown: bool) -> list[str]:
    lines = [re.sub(r"^#+\s+", "", line) if markdown else line for line in text.splitlines()]
    return [re.sub(r"\s+", "", line) for line in lines if line.strip()]


def test_the_seed_gives_the_sample_ledger_and_its_notice(tmp_path: Path, cli) -> None:
    target = tmp_path / "imported"
    result = cli("import", str(SEED), "--into", str(target))
    assert result.exit_code == 0, result.stderr
    assert data(target / "ledger.yaml") == data(REPO / "ledger.yaml")
    sample = sorted(p.name for p in (REPO / "items").glob("*.yaml"))
    assert sorted(p.name for p in (target / "items").glob("*.yaml")) == sample
    for name in sample:
        imported, original = data(target / "items" / name), data(REPO / "items" / name)
        assert imported.pop("status") == "in_progress"  # the notice states no status: the report says so
        original.pop("status"), original.pop("closed", None)
        assert imported == original, name
    # What the notice does not say, and the slips it makes, are reported on stderr and in the report.
    assert "the notice states no status for 15 of its 15 items: written as in_progress" in result.stderr
    assert "seed.txt line 32: remark: 「下一步打算」 a section numbered 3、 is read as 三、" in result.stderr
    report = (target / "import-report.md").read_text(encoding="utf-8")
    assert "the notice states no status for 15 of its 15 items" in report
    assert "经巡察整改，2025年B类提案" in report  # the outcome sentence, as inferred
    # ledger report on it reproduces the seed paragraph for paragraph (its 3、 corrected).
    notice = cli("report", "--as-of", "2026-01-21", root=target)
    assert notice.exit_code == 0, notice.stderr
    assert notice.stdout == GOLDEN.read_text(encoding="utf-8")
    seed = paragraphs(SEED.read_text(encoding="utf-8"), markdown=False)
    seed = [seed[0] + seed[1], *["三、下一步打算" if line == "3、下一步打算" else line for line in seed[2:]]]
    assert paragraphs(notice.stdout, markdown=True) == seed
    assert cli("validate", "--strict", root=target).exit_code == 0


def test_dry_run_writes_nothing(tmp_path: Path, cli) -> None:
    result = cli("import", str(SEED), "--into", str(tmp_path / "new"), "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert not (tmp_path / "new").exists()
    assert list(tmp_path.iterdir()) == []
    assert "==> items/15.yaml <==\ntitle: 进一步规范选人用人工作\n" in result.stdout
    assert "==> import-report.md <==" in result.stdout


def test_into_refuses_a_folder_that_is_not_empty(tmp_path: Path, cli) -> None:
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("x", encoding="utf-8")
    result = cli("import", str(SEED), "--into", str(tmp_path / "full"))
    assert result.exit_code == 1
    assert "is not empty" in result.stderr
    assert tree(tmp_path / "full") == {"notes.txt": b"x"}


def notice_docx(path: Path) -> Path:
    """A notice as a clerk types it in Word: the title broken by a manual line break, full-width-space
    indents, runs split mid-sentence, 6． and two items numbered 2., half-width brackets, 3、 for 三、,
    the contact paragraph split in two."""
    import docx

    document = docx.Document()

    def para(*runs: str) -> None:
        p = document.add_paragraph()
        for run in runs:
            p.add_run(run)

    title = document.add_paragraph()
    title.add_run("中共某某局党组关于市委第一轮")
    title.add_run().add_break()
    title.add_run("巡察整改进展情况的通报")
    para(
        "\u3000\u3000根据市委统一部署，2025年4月1日至6月30日，市委第一巡察组对某某局党组开展了巡察。",
        "2025年8月1日，市委第一巡察组向某某局党组反馈了巡察意见。按照巡察工作有关要求，现将巡察整改进展情况予以公布。",
    )
    para("一、某某局党组履行巡察整改主体责任情况")
    para("\u3000\u3000(一)提高政治站位。局党组专题研究", "整改工作。")
    para("二、巡察整改任务落实情况")
    para("（一）关于落实主体责任方面")
    para("1.规范议事决策。一是修订议事规则。二是细化议事范围。")
    para("2．加强理论学习。制定学习计划。")
    para("（二）关于作风建设方面")
    para("2.规范公车管理。一是规范审批。二是建立台账。经巡察整改，公车费用下降10%。")
    para("3、 下一步打算")
    para("局党组将持续巩固整改成效。一是健全长效机制。二是强化成果运用。")
    para("欢迎广大干部群众对巡察整改落实情况进行监督。如有意见建议，请及时向我们反映。")
    para("公开期限：2025年12月1日至2025年12月31日。联系方式：电话0763-1234567；电子邮箱：abc@example.gov.cn。")
    para("中共某某局党组")
    para("2025年12月1日")
    document.save(path)
    return path


def test_a_word_notice_with_a_clerks_slips(tmp_path: Path, cli) -> None:
    source = notice_docx(tmp_path / "通报.docx")
    result = cli("import", str(source), "--into", str(tmp_path / "new"))
    assert result.exit_code == 0, result.stderr
    config = data(tmp_path / "new" / "ledger.yaml")
    assert config == {
        "schema": 1, "title": "中共某某局党组关于市委第一轮巡察整改进展情况的通报", "issuer": "中共某某局党组",
        "subject": "某某局党组",
        "inspection": {"deployer": "市委", "group": "市委第一巡察组", "start": datetime.date(2025, 4, 1),
                       "end": datetime.date(2025, 6, 30), "feedback": datetime.date(2025, 8, 1)},
        "categories": [{"key": "responsibility", "title": "关于落实主体责任方面"},
                       {"key": "conduct", "title": "关于作风建设方面"}],
        "organization": [{"heading": "提高政治站位。", "text": "局党组专题研究整改工作。"}],
        "next_steps": {"intro": "局党组将持续巩固整改成效。", "points": ["健全长效机制。", "强化成果运用。"]},
        "publication": {"date": datetime.date(2025, 12, 1), "until": datetime.date(2025, 12, 31)},
        "contact": {"phone": "0763-1234567", "email": "abc@example.gov.cn"},
        "notice": {"statistics": False, "item_status": False, "numbering": "continuous"},
        "docx": {"title_lines": ["中共某某局党组关于市委第一轮", "巡察整改进展情况的通报"]},
    }  # fmt: skip
    items = {p.stem: data(p) for p in sorted((tmp_path / "new" / "items").glob("*.yaml"))}
    assert items == {
        "01": {"title": "规范议事决策", "category": "responsibility", "status": "in_progress",
               "measures": ["修订议事规则。", "细化议事范围。"]},
        "02": {"title": "加强理论学习", "category": "responsibility", "status": "in_progress",
               "measures": ["制定学习计划。"]},
        "03": {"title": "规范公车管理", "category": "conduct", "status": "in_progress",
               "measures": ["规范审批。", "建立台账。"], "outcome": "经巡察整改，公车费用下降10%。"},
    }  # fmt: skip
    assert "通报.docx paragraph 10: remark: 「2」 numbered 2. as the item before it: read as item 3" in result.stderr
    assert "通报.docx paragraph 11: remark: 「下一步打算」 a section numbered 3、 is read as 三、" in result.stderr
    assert "the supervision and contact paragraph continues here: read as one" in result.stderr


LAYOUT_B = """\
某局党组关于巡察整改进展情况的通报
根据市委统一部署，2025年4月1日至6月30日，市委第一巡察组对某局党组开展了巡察。2025年8月1日，市委第一巡察组向某局党组反馈了巡察意见。按照巡察工作有关要求，现将巡察整改进展情况予以公布。截至2025年12月1日，巡察反馈问题2个，已完成整改1个、正在推进1个，整改完成率50%。
一、关于落实主体责任方面
（一）关于“议事规则不健全”问题的整改。整改状态：已完成整改。整改情况：一是修订议事规则。二是细化议事范围。
（二）关于“理论学习不深入”问题的整改。
整改状态：整改中。整改情况：制定学习计划。
二、下一步打算
持续巩固整改成效。
欢迎广大干部群众对巡察整改落实情况进行监督。如有意见建议，请及时向我们反映。公开期限：2025年12月1日至2025年12月31日。
某局党组
2025年12月1日
"""


def test_layout_b_reads_statuses_and_problems(tmp_path: Path, cli) -> None:
    source = tmp_path / "通报.txt"
    source.write_text(LAYOUT_B, encoding="utf-8")
    result = cli("import", str(source), "--into", str(tmp_path / "new"))
    assert result.exit_code == 0, result.stderr
    items = {p.stem: data(p) for p in sorted((tmp_path / "new" / "items").glob("*.yaml"))}
    assert items == {
        "01": {"title": "议事规则不健全", "category": "responsibility", "status": "done",
               "measures": ["修订议事规则。", "细化议事范围。"], "closed": datetime.date(2025, 12, 1)},
        "02": {"title": "理论学习不深入", "category": "responsibility", "status": "in_progress",
               "measures": ["制定学习计划。"]},
    }  # fmt: skip
    assert "「整改中」 read as in_progress (正在推进)" in result.stderr
    assert "done without a 销号 date: closed on 2025-12-01" in result.stderr
    assert data(tmp_path / "new" / "ledger.yaml")["notice"] == {"statistics": True}
    rendered = cli("report", "--template", "notice-by-category.md.j2", "--as-of", "2025-12-01",
                   root=tmp_path / "new")  # fmt: skip
    assert rendered.exit_code == 0, rendered.stderr
    assert (
        "（一）关于“议事规则不健全”问题的整改。整改状态：已完成。整改情况：一是修订议事规则。二是细化议事范围。"
        in rendered.stdout
    )


def test_the_word_notice_ledger_writes_reads_back_as_the_sample(tmp_path: Path, cli) -> None:
    """The Word file of `ledger report --to docx` (title broken at docx.title_lines, headings in runs of
    their own) imports to the sample ledger's data as well."""
    word = tmp_path / "通报.docx"
    assert cli("report", "--as-of", "2026-01-21", "-o", str(word), root=REPO).exit_code == 0
    result = cli("import", str(word), "--into", str(tmp_path / "back"))
    assert result.exit_code == 0, result.stderr
    assert data(tmp_path / "back" / "ledger.yaml") == data(REPO / "ledger.yaml")
    for path in sorted((REPO / "items").glob("*.yaml")):
        imported, original = data(tmp_path / "back" / "items" / path.name), data(path)
        imported.pop("status"), original.pop("status"), original.pop("closed", None)
        assert imported == original, path.name


ANOTHER = """\
中共某区文广旅体局党组关于区委第三轮巡察整改进展情况的通报
　　根据区委巡察工作统一部署，2025年4月8日至5月30日，区委第三巡察组对区文广旅体局党组进行了常规巡察。2025年6月20日，区委第三巡察组向区文广旅体局党组反馈巡察意见。按照巡察工作有关要求，现将巡察整改进展情况予以公布。
一、提高政治站位，切实履行整改主体责任
（一）加强组织领导。
　　局党组成立整改工作领导小组。
二、巡察反馈问题整改落实情况
（一）关于落实意识形态工作责任制方面。
1、加强阵地管理。一是建立阵地台账；二是每季度开展检查。
2、规范宣传审核。严格执行三审三校制度。
三、下步打算
持续巩固整改成效。
公开时间：2025年9月1日至2025年9月30日。联系电话：020-12345678；电子邮箱：wgl@example.gov.cn。
中共某区文广旅体局党组
2025年9月1日
"""


def test_another_offices_notice(tmp_path: Path, cli) -> None:
    source = tmp_path / "通报.txt"
    source.write_bytes(ANOTHER.encode("gb18030"))
    result = cli("import", str(source), "--into", str(tmp_path / "new"))
    assert result.exit_code == 0, result.stderr
    config = data(tmp_path / "new" / "ledger.yaml")
    assert config["inspection"] == {
        "deployer": "区委巡察工作", "group": "区委第三巡察组", "start": datetime.date(2025, 4, 8),
        "end": datetime.date(2025, 5, 30), "feedback": datetime.date(2025, 6, 20),
    }  # fmt: skip
    assert config["subject"] == "区文广旅体局党组"
    assert config["categories"] == [{"key": "ideology", "title": "关于落实意识形态工作责任制方面"}]
    assert config["organization"] == [{"heading": "加强组织领导。", "text": "局党组成立整改工作领导小组。"}]
    assert config["next_steps"] == {"intro": "持续巩固整改成效。"}
    assert config["publication"] == {"date": datetime.date(2025, 9, 1), "until": datetime.date(2025, 9, 30)}
    assert config["contact"] == {"phone": "020-12345678", "email": "wgl@example.gov.cn"}
    items = {p.stem: data(p) for p in sorted((tmp_path / "new" / "items").glob("*.yaml"))}
    assert items == {
        "01": {"title": "加强阵地管理", "category": "ideology", "status": "in_progress",
               "measures": ["建立阵地台账；", "每季度开展检查。"]},
        "02": {"title": "规范宣传审核", "category": "ideology", "status": "in_progress",
               "measures": ["严格执行三审三校制度。"]},
    }  # fmt: skip
    said = result.stderr
    assert "not UTF-8: read as GBK/GB18030" in said
    assert (
        "its facts are kept, but the notice template words it: 根据区委巡察工作统一部署，2025年4月8日至5月30日，"
        in said
    )
    assert "向区文广旅体局党组反馈了巡察意见。" in said

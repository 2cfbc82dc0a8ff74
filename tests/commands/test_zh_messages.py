"""Messages a clerk reads on the command line, in Chinese: no English sentence, no metavar left in English."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import CONFIG, REPO, english_words, write_ledger

from ledger.core import i18n


@pytest.fixture
def zh():
    i18n.set_language("zh")
    yield
    i18n.set_language(None)


@pytest.mark.parametrize(
    "args",
    [("list", "--category", "作风"), ("list", "--category", "nosuch"), ("list", "--category", "关于作风", "--overdue"),
     ("new", "--title", "一项", "--category", "作风建设"), ("list", "--category", "ｘｙ")],
)  # fmt: skip
def test_an_unknown_category_lists_every_category_with_its_title(cli, zh, tmp_path: Path, args) -> None:
    root = write_ledger(tmp_path)
    said = cli(*args, root=root)
    assert said.exit_code == 1
    assert said.stderr.endswith("可用：duty（关于落实主体责任方面）、conduct（关于作风建设方面）\n"), said.stderr
    typed = args[args.index("--category") + 1].translate({c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)})
    assert said.stderr.startswith(f"错误：--category：“{typed}”不是 ledger.yaml 中任何类别的代码或名称；")


def test_the_same_in_english(cli, tmp_path: Path) -> None:
    said = cli("list", "--category", "zz", root=write_ledger(tmp_path)).stderr
    assert said == (
        "Error: --category: 'zz' is neither the key nor the title of a category of ledger.yaml; use one of "
        "duty (关于落实主体责任方面), conduct (关于作风建设方面)\n"
    )


def test_no_parameter_is_named_by_an_english_metavar() -> None:
    """A BadParameter's hint names the parameter as the help does: a metavar through the catalog."""
    found = [f"{p.relative_to(REPO)}:{n}" for p in (REPO / "ledger").rglob("*.py")
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if re.search(r"""param_hint=["']'[A-Z]""", line)]  # fmt: skip
    assert found == []


def test_an_empty_note_names_its_argument_in_chinese(cli, zh, tmp_path: Path) -> None:
    said = cli("note", "01", "　", root=write_ledger(tmp_path))
    assert said.exit_code == 2 and "“文本”的值无效：" in said.stderr and "TEXT" not in said.stderr


@pytest.mark.parametrize("given", ["../x.md.j2", "/tmp/x.md.j2", "sub/../../x.md.j2", "items/01.yaml"])
def test_a_template_path_refused_in_chinese(cli, zh, tmp_path: Path, given: str, monkeypatch) -> None:
    root = write_ledger(tmp_path / "l", config=CONFIG)
    (tmp_path / "x.md.j2").write_text("x\n", encoding="utf-8")
    monkeypatch.chdir(root)
    said = cli("report", "--template", given, root=root)
    assert said.exit_code == 1
    assert said.stderr.startswith(f"错误：--template {given}：请写模板的名称，"), said.stderr
    assert english_words(said.stderr.replace(str(root), "").replace(given, "")) == set(), said.stderr


@pytest.mark.parametrize("typed", ["8", "08", "008", "８"])
@pytest.mark.parametrize(
    "args", [("show",), ("note", "{id}", "进展"), ("close", "{id}"), ("set", "{id}", "--owner", "李某")]
)
def test_an_item_is_named_by_its_own_id_whatever_was_typed(cli, zh, tmp_path: Path, typed: str, args) -> None:
    """第08项 in every message about item 08, as its file, the 台账 and list name it, however the id was typed."""
    root = write_ledger(tmp_path, {"08.yaml": "title: 任务\ncategory: duty\nstatus: wrong\n"})
    argv = [a.format(id=typed) for a in args] if len(args) > 1 else [*args, typed]
    said = cli(*argv, root=root)
    assert said.exit_code == 1
    assert said.stderr.startswith("错误：第08项未通过检查；请先改正：\n"), said.stderr

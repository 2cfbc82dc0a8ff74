"""close, reopen and new: exact, minimal, verified and atomic edits of item files."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import tempfile
from datetime import date
from pathlib import Path

import pytest
import yaml
from helpers import CONFIG, ITEMS, write_ledger
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.core.errors import LedgerError
from ledger.edit import editor as edit
from ledger.edit.yamledit import scalar_text

CLOSE_DAY = "2026-01-21"


def item_path(root: Path, name: str = "08.yaml") -> Path:
    return root / "items" / name


def make(tmp_path: Path, text: str | bytes, name: str = "08.yaml", config: str = CONFIG) -> Path:
    root = write_ledger(tmp_path / "ledger", {}, config)
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    item_path(root, name).write_bytes(data)
    return root


LAYOUT = """\
# 财务整改
title: 规范办公室财务管理
category: conduct
status: in_progress   # 每周更新
measures:
  - 完善制度体系

  - 强化预算管理
deadline: 2025-06-30
# 佐证材料在下面
evidence:
  - 《财务管理规定》
log:
  - date: 2025-05-01
    note: 三项制度已修订印发  # 第一次
tags: [立行立改]
"""


def test_close_changes_only_the_lines_it_must(tmp_path: Path, cli) -> None:
    root = make(tmp_path, LAYOUT)
    result = cli("close", "8", "--date", CLOSE_DAY, "--note", "已完成整改", "--evidence", "审计报告", root=root)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == (
        "Closed item 08: status in_progress -> done, closed 2026-01-21, note logged, 1 evidence added.\n"
    )
    assert (
        item_path(root).read_text(encoding="utf-8")
        == """\
# 财务整改
title: 规范办公室财务管理
category: conduct
status: done   # 每周更新
measures:
  - 完善制度体系

  - 强化预算管理
deadline: 2025-06-30
closed: 2026-01-21
# 佐证材料在下面
evidence:
  - 《财务管理规定》
  - 审计报告
log:
  - date: 2025-05-01
    note: 三项制度已修订印发  # 第一次
  - date: 2026-01-21
    kind: close
    note: 已完成整改
tags: [立行立改]
"""
    )


def test_reopen_undoes_close_except_the_log(tmp_path: Path, cli) -> None:
    root = make(tmp_path, LAYOUT)
    cli("close", "08", "--date", CLOSE_DAY, root=root)
    result = cli("reopen", "08", "--reason", "问题反弹", "--date", "2026-03-01", root=root)
    assert result.exit_code == 0
    assert result.stderr == (
        "Reopened item 08: status done -> in_progress, closed 2026-01-21 removed, reason logged.\n"
        "item 08: its deadline 2025-06-30 has passed, so it is overdue at once; give the new one with --deadline DATE\n"
    )
    assert item_path(root).read_text(encoding="utf-8") == LAYOUT.replace(
        "    note: 三项制度已修订印发  # 第一次\n",
        "    note: 三项制度已修订印发  # 第一次\n  - date: 2026-01-21\n    kind: close\n"
        "  - date: 2026-03-01\n    kind: reopen\n    from: 2026-01-21\n    note: 问题反弹\n",
    )


def test_crlf_bom_quotes_flow_lists_and_no_final_newline(tmp_path: Path) -> None:
    text = (
        "\ufefftitle: '财务'\r\ncategory: \"conduct\"\r\nstatus: 'partial'\r\nmeasures: [a, b]\r\n"
        "evidence: []\r\nlog: [{date: 2025-01-01, note: 开始}]"
    )
    root = make(tmp_path, text)
    edit.close(root, "8", date(2026, 1, 21), "完成, 见[附件]", ("材料一",))
    assert item_path(root).read_bytes().decode("utf-8") == (
        "\ufefftitle: '财务'\r\ncategory: \"conduct\"\r\nstatus: 'done'\r\nmeasures: [a, b]\r\n"
        "closed: 2026-01-21\r\n"
        "evidence: [材料一]\r\nlog: [{date: 2025-01-01, note: 开始}, "
        '{date: 2026-01-21, kind: close, note: "完成, 见[附件]"}]'
    )


def test_reopen_keeps_a_missing_final_newline(tmp_path: Path) -> None:
    root = make(tmp_path, "title: x\ncategory: duty\nstatus: done\nmeasures: [m]\nclosed: 2025-01-01  # 销号")
    edit.reopen(root, "8", date(2025, 2, 1), "反弹")
    assert item_path(root).read_text() == (
        "title: x\ncategory: duty\nstatus: in_progress\nmeasures: [m]\nlog:\n  - date: 2025-02-01\n    kind: reopen\n"
        "    from: 2025-01-01\n    note: 反弹"
    )


def test_new_keys_follow_the_files_list_indentation(tmp_path: Path) -> None:
    root = make(tmp_path, "title: x\ncategory: duty\nstatus: open\nmeasures:\n- m\n")
    edit.close(root, "8", date(2025, 2, 1), "好", ("证",))
    assert item_path(root).read_text() == (
        "title: x\ncategory: duty\nstatus: done\nmeasures:\n- m\nclosed: 2025-02-01\n"
        "evidence:\n- 证\nlog:\n- date: 2025-02-01\n  kind: close\n  note: 好\n"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "{title: x, category: duty, status: open, measures: [m]}\n",
            "it is one flow mapping ({…}); write one key per line",
        ),
        ("title: x\ncategory: duty\nstatus: >-\n  open\nmeasures: [m]\n", "status is not written as a one-line value"),
    ],
)
def test_layouts_it_cannot_edit_are_refused_untouched(tmp_path: Path, cli, text: str, message: str) -> None:
    root = make(tmp_path, text)
    result = cli("close", "8", root=root)
    assert result.exit_code == 1
    assert result.stderr == f"Error: items/08.yaml cannot be edited safely: {message}; nothing was written\n"
    assert item_path(root).read_text() == text


def test_close_refusals(tmp_path: Path, cli) -> None:
    root = make(tmp_path, "title: x\ncategory: duty\nstatus: done\nmeasures: [m]\nclosed: 2025-01-01\n")
    item_path(root, "09.yaml").write_text("title: x\ncategory: duty\nstatus: in_progress\n")
    item_path(root, "10.yaml").write_text("title: x\ncategory: duty\nstatus: open\n")

    def refused(*args: str) -> str:
        result = cli(*args, root=root)
        assert result.exit_code == 1
        return result.stderr

    assert refused("close", "8") == "Error: item 08 is already done (closed on 2025-01-01)\n"
    assert refused("close", "7") == f"Error: no item 7 in {root / 'items'}; did you mean 08 or 09?\n"
    assert refused("close", "../ledger").startswith("Error: '../ledger' is not an item id")
    assert refused("close", "08/..").startswith("Error: '08/..' is not an item id")
    assert refused("close", "9") == (
        "Error: item 09 does not validate; fix it first:\n"
        "  items/09.yaml:3:9: error[missing-field]: measures: none given; an item that is in_progress needs at "
        "least one measure\n"
    )
    assert refused("close", "10") == (
        "Error: item 10 cannot be closed: measures: none given; an item that is done needs at least one measure "
        "(add one first: ledger set 10 --add-measure TEXT)\n"
    )
    assert refused("reopen", "10", "--reason", "x") == (
        "Error: item 10 is not done (its status is open); nothing to reopen\n"
    )


def test_close_requires(tmp_path: Path, cli) -> None:
    root = make(
        tmp_path,
        "title: x\ncategory: duty\nstatus: open\nmeasures: [m]\n",
        config=CONFIG + "close_requires: [evidence, owner, outcome]\n",
    )
    result = cli("close", "8", root=root)
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: item 08 cannot be closed: "
        "evidence: missing; ledger.yaml close_requires it of a done item (give it with --evidence TEXT); "
        "owner: missing; ledger.yaml close_requires it of a done item (give it first: ledger set 08 --owner NAME); "
        "outcome: missing; ledger.yaml close_requires it of a done item (give it first: ledger set 08 --outcome TEXT)\n"
    )
    assert cli("set", "8", "--owner", "王某", "--outcome", "制度已印发", root=root).exit_code == 0
    assert cli("close", "8", "--evidence", "会议纪要", root=root).exit_code == 0


def test_dry_run_prints_the_diff_and_writes_nothing(tmp_path: Path, cli) -> None:
    text = "title: x\ncategory: duty\nstatus: open\nmeasures: [m]\n"
    root = make(tmp_path, text)
    result = cli("close", "8", "--date", CLOSE_DAY, "--dry-run", root=root)
    assert result.exit_code == 0
    assert result.stdout == (
        "--- a/items/08.yaml\n+++ b/items/08.yaml\n@@ -1,4 +1,8 @@\n title: x\n category: duty\n"
        "-status: open\n+status: done\n measures: [m]\n+closed: 2026-01-21\n+log:\n+  - date: 2026-01-21\n"
        "+    kind: close\n"
    )
    assert result.stderr == (
        "Dry run: closed item 08: status open -> done, closed 2026-01-21, logged; nothing written.\n"
    )
    assert item_path(root).read_text() == text


def test_close_defaults_to_today(tmp_path: Path, cli) -> None:
    root = make(tmp_path, "title: x\ncategory: duty\nstatus: open\nmeasures: [m]\n")
    cli("close", "8", root=root)
    assert f"closed: {date.today().isoformat()}\n" in item_path(root).read_text()


def test_permissions_are_kept(tmp_path: Path) -> None:
    root = make(tmp_path, "title: x\ncategory: duty\nstatus: open\nmeasures: [m]\n")
    os.chmod(item_path(root), 0o640)
    edit.close(root, "8", date(2025, 1, 1))
    assert stat.S_IMODE(item_path(root).stat().st_mode) == 0o640


@pytest.mark.parametrize("failing", ["replace", "fsync", "write"])
def test_a_failed_write_leaves_the_original_whole(tmp_path: Path, monkeypatch, failing: str) -> None:
    text = "title: x\ncategory: duty\nstatus: open\nmeasures: [m]\n"
    root = make(tmp_path, text)
    change = edit.close(root, "8", date(2025, 1, 1), dry_run=True)

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    if failing == "write":
        real_fdopen = os.fdopen

        class BrokenFile:
            def __init__(self, fd, mode):
                self.file = real_fdopen(fd, mode)

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.file.close()

            def write(self, data):
                self.file.write(data[:10])  # a partial write, then the disk is full
                broken()

        monkeypatch.setattr(edit.os, "fdopen", BrokenFile)
    else:
        monkeypatch.setattr(edit.os, failing, broken)
    with pytest.raises(OSError):
        edit.write(change)
    assert item_path(root).read_text() == text
    assert sorted(p.name for p in (root / "items").iterdir()) == ["08.yaml"]  # no temporary file left


def test_a_file_changed_since_it_was_read_is_not_overwritten(tmp_path: Path) -> None:
    root = make(tmp_path, "title: x\ncategory: duty\nstatus: open\nmeasures: [m]\n")
    change = edit.close(root, "8", date(2025, 1, 1), dry_run=True)
    item_path(root).write_text("title: y\ncategory: duty\nstatus: open\n")
    with pytest.raises(LedgerError, match="changed while it was being edited"):
        edit.write(change)
    assert item_path(root).read_text() == "title: y\ncategory: duty\nstatus: open\n"


# --- new -----------------------------------------------------------------------------------


def test_new_writes_a_clean_file_under_the_next_id(ledger_root: Path, cli) -> None:
    result = cli(
        "new",
        "--title",
        "规范公务接待",
        "--category",
        "conduct",
        "--problem",
        "接待审批不严",
        "--measure",
        "修订接待制度",
        "--measure",
        "建立审批台账：每月核查",
        "--deadline",
        "2026-06-30",
        "--department",
        "办公室",
        "--department",
        "财务科",
        "--leader",
        "张某",
        "--owner",
        "李某",
        root=ledger_root,
    )
    assert result.exit_code == 0
    assert result.stdout == "items/07.yaml\n"
    assert result.stderr == "New item 07: items/07.yaml.\n"
    assert (ledger_root / "items" / "07.yaml").read_text() == (
        "title: 规范公务接待\ncategory: conduct\nstatus: open\n"
        "measures:\n  - 修订接待制度\n  - 建立审批台账：每月核查\n"
        "problem: 接待审批不严\nleader: 张某\ndepartment: [办公室, 财务科]\nowner: 李某\ndeadline: 2026-06-30\n"
    )
    assert cli("validate", root=ledger_root).exit_code == 0


def test_new_without_measures_warns(ledger_root: Path, cli) -> None:
    result = cli("new", "--title", "待研究", "--category", "duty", root=ledger_root)
    assert result.exit_code == 0
    assert (ledger_root / "items" / "07.yaml").read_text() == "title: 待研究\ncategory: duty\nstatus: open\n"
    assert result.stderr.endswith(
        "items/07.yaml: warning[no-measures]: measures: none yet (fine while the item is open)\n"
    )


@pytest.mark.parametrize(
    ("ids", "expected"),
    [([], "01"), (["01", "02"], "03"), (["1", "2"], "3"), (["008", "9"], "010"), (["99"], "100"), (["a1"], "01")],
)
def test_next_id(ids: list[str], expected: str) -> None:
    assert edit.next_id(ids) == expected


def test_new_refuses_an_unknown_category_and_bad_text(ledger_root: Path, cli) -> None:
    result = cli("new", "--title", "x", "--category", "condcut", root=ledger_root)
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: --category: 'condcut' is not a key of ledger.yaml categories; did you mean 'conduct'?\n"
    )
    result = cli("new", "--title", "  ", "--category", "duty", root=ledger_root)
    assert result.exit_code == 1
    assert "title: is empty" in result.stderr
    assert not (ledger_root / "items" / "07.yaml").exists()


def test_new_quotes_what_yaml_would_misread(ledger_root: Path, cli) -> None:
    cli("new", "--title", "12:30", "--category", "duty", "--owner", "no", "--measure", "# 不是注释", root=ledger_root)
    data = yaml.safe_load((ledger_root / "items" / "07.yaml").read_text())
    assert (data["title"], data["owner"], data["measures"]) == ("12:30", "no", ["# 不是注释"])


# --- init ----------------------------------------------------------------------------------


def test_init_makes_a_ledger_that_validates(tmp_path: Path, cli) -> None:
    target = tmp_path / "new"
    result = cli("init", str(target))
    assert result.exit_code == 0
    assert result.stderr == f"Created {target / 'items' / '01.yaml'}\nCreated {target / 'ledger.yaml'}\n"
    check = cli("validate", root=target)
    assert check.exit_code == 0  # valid; the example's ×× are pointed out until the office writes its own
    assert [line.split(": ")[1:3] for line in check.stdout.splitlines()] == [
        ["warning[placeholder]", "title"], ["warning[placeholder]", "issuer"], ["warning[placeholder]", "subject"],
        ["warning[placeholder]", "inspection.group"], ["warning[placeholder]", "contact.phone"],
        ["warning[placeholder]", "contact.mail"], ["warning[placeholder]", "contact.postcode"],
        ["warning[placeholder]", "contact.email"],
    ]  # fmt: skip
    assert cli("report", root=target).stdout.startswith("# 中共××党组关于××巡察整改进展情况的通报\n")
    config = target / "ledger.yaml"
    own = {"××": "清远", "第×巡察组": "第三巡察组", "0000-0000000": "0763-1234567", '"000000"': '"511500"',
           "example@example.gov.cn": "office@qingyuan.gov.cn"}  # fmt: skip
    text = config.read_text(encoding="utf-8")
    for example, written in reversed(own.items()):
        text = text.replace(example, written)
    config.write_text(text, encoding="utf-8")
    assert cli("validate", "--strict", root=target).stdout == ""
    assert cli("init", str(target)).exit_code == 1
    assert "already exists; ledger init never overwrites anything" in cli("init", str(target)).stderr


# --- end to end in git --------------------------------------------------------------------


def test_close_in_git_is_a_small_diff(tmp_path: Path) -> None:
    from helpers import REPO, run

    repo = tmp_path / "repo"
    (repo / "items").mkdir(parents=True)
    for file in ("ledger.yaml", *(f"items/{n:02d}.yaml" for n in range(1, 16))):
        (repo / file).write_bytes((REPO / file).read_bytes())
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "sample"], check=True)
    result = run("close", "02", "--date", "2026-02-01", "--note", "全部整改到位", cwd=repo)
    assert result.returncode == 0, result.stderr
    numstat = subprocess.run([*git, "diff", "--numstat"], capture_output=True, text=True, check=True).stdout
    assert numstat == "6\t1\titems/02.yaml\n"
    diff = subprocess.run([*git, "diff", "-U0"], capture_output=True, text=True, check=True).stdout
    changed = [line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert changed == [
        "-status: ongoing",
        "+status: done",
        "+closed: 2026-02-01",
        "+log:",
        "+  - date: 2026-02-01",
        "+    kind: close",
        "+    note: 全部整改到位",
    ]


# --- Properties ----------------------------------------------------------------------------

WORDS = st.sampled_from(
    ["整改", "规范管理", "a-b", "x: y", "#1", "'q'", '"d"', "[1]", "{k}", "yes", "12:30", "-x", "3"]
)
NOTES = st.text(alphabet="整改完成，。：:#'\"[]{}-,!&* ab1", min_size=1, max_size=12).filter(lambda s: s.strip())


def quoted(draw, text: str) -> str:
    style = draw(st.sampled_from(["plain", "single", "double"]))
    if style == "plain" and scalar_text(text) == text:
        return text
    if style == "single":
        return "'" + text.replace("'", "''") + "'"
    return json.dumps(text, ensure_ascii=False)


@st.composite
def item_files(draw, done: bool) -> str:
    """Item files in many layouts: comments, blank lines, quoting, block and flow lists."""
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    indent = " " * draw(st.sampled_from([0, 2, 4]))
    lines: list[str] = []

    def maybe_comment() -> None:
        if draw(st.booleans()):
            lines.append(draw(st.sampled_from(["# 注释", "", "   # 缩进的注释"])))

    def trailing() -> str:
        return draw(st.sampled_from(["", "  # 行尾注释", " #x"]))

    def a_list(key: str, values: list, mapping: bool = False) -> None:
        def flow(v):
            return "{" + f"date: {v[0]}, note: {quoted(draw, v[1])}" + "}" if mapping else quoted(draw, v)

        if not values or draw(st.booleans()):
            lines.append(f"{key}: [{', '.join(flow(v) for v in values)}]{trailing()}")
            return
        lines.append(f"{key}:{trailing()}")
        for v in values:
            if mapping:
                lines.append(f"{indent}- date: {v[0]}{trailing()}")
                lines.append(f"{indent}  note: {quoted(draw, v[1])}")
            else:
                lines.append(f"{indent}- {quoted(draw, v)}{trailing()}")
            maybe_comment()

    maybe_comment()
    lines.append(f"title: {quoted(draw, draw(WORDS))}{trailing()}")
    lines.append(f"category: {quoted(draw, 'duty')}")
    status = "done" if done else draw(st.sampled_from(["open", "in_progress", "partial", "ongoing"]))
    lines.append(f"status: {quoted(draw, status)}{trailing()}")
    maybe_comment()
    a_list("measures", draw(st.lists(WORDS, min_size=1, max_size=3)))
    if draw(st.booleans()):
        lines.append(f"deadline: 2025-06-30{trailing()}")
    if done:
        lines.append(f"closed: 2025-07-01{trailing()}")
    maybe_comment()
    if draw(st.booleans()):
        a_list("evidence", draw(st.lists(WORDS, min_size=0, max_size=2)))
    if draw(st.booleans()):
        a_list("log", [("2025-05-01", n) for n in draw(st.lists(WORDS, min_size=1, max_size=2))], mapping=True)
    if draw(st.booleans()):
        lines.append("tags: [立行立改]")
    maybe_comment()
    text = nl.join(lines) + (nl if draw(st.booleans()) else "")
    return ("\ufeff" if draw(st.booleans()) else "") + text


EDITED_KEYS = ("status", "closed", "log", "evidence")


def untouched_lines(text: str) -> list[str]:
    """The file's lines outside the entries an edit may change, with their line endings."""
    body = text.lstrip("\ufeff")
    if not body.endswith("\n"):
        body += "\r\n" if "\r\n" in body else "\n"
    lines = body.splitlines(keepends=True)
    node = yaml.compose(body, Loader=yaml.SafeLoader)
    starts = [k.start_mark.line for k, _ in node.value] + [len(lines)]
    skip: set[int] = set()
    for (key, _), start, following in zip(node.value, starts, starts[1:], strict=False):
        if key.value in EDITED_KEYS:
            end = following  # back over blank and comment lines: they belong to no entry
            while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
                end -= 1
            skip.update(range(start, end))
    return [line for n, line in enumerate(lines) if n not in skip]


def check_edit(old: str, new: str, expected: dict) -> None:
    assert yaml.safe_load(new.lstrip("\ufeff")) == expected
    assert untouched_lines(new) == untouched_lines(old)
    assert new.startswith("\ufeff") == old.startswith("\ufeff")
    lines = old.splitlines()
    closed_last = not old.endswith("\n") and lines[-1].startswith("closed:") and "closed" not in expected
    if not (closed_last and not lines[-2].strip()):
        # Kept, except where the removed `closed` was the last line after a blank line and no
        # entry could be written after it: a blank last line cannot lose its newline.
        assert new.endswith("\n") == old.endswith("\n")
    if "\r\n" in old:
        assert "\n" not in new.replace("\r\n", "")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    item_files(done=False),
    st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
    st.none() | NOTES,
    st.lists(NOTES, max_size=2),
)
def test_property_close(text: str, day: date, note: str | None, evidence: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = make(Path(folder), text)
        expected = yaml.safe_load(text.lstrip("\ufeff"))
        expected.update(status="done", closed=day)
        expected.setdefault("log", []).append(
            {"date": day, "kind": "close", **({} if note is None else {"note": note})}
        )
        for e in evidence:
            expected.setdefault("evidence", []).append(e)
        edit.close(root, "8", day, note, tuple(evidence))
        check_edit(text, item_path(root).read_bytes().decode("utf-8"), expected)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(item_files(done=True), st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)), NOTES)
def test_property_reopen(text: str, day: date, reason: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = make(Path(folder), text)
        expected = yaml.safe_load(text.lstrip("\ufeff"))
        expected["status"] = "in_progress"
        closed = expected.pop("closed")
        day = max(day, closed)  # a reopening comes after the closing it undoes
        expected.setdefault("log", []).append({"date": day, "kind": "reopen", "from": closed, "note": reason})
        edit.reopen(root, "8", day, reason)
        check_edit(text, item_path(root).read_bytes().decode("utf-8"), expected)


@settings(max_examples=50, deadline=None)
@given(item_files(done=False))
def test_property_flow_mapping_files_are_refused_unchanged(text: str) -> None:
    data = yaml.safe_load(text.lstrip("\ufeff"))
    flow = yaml.safe_dump(data, default_flow_style=True, allow_unicode=True, width=10**6)
    with tempfile.TemporaryDirectory() as folder:
        root = make(Path(folder), flow)
        with pytest.raises(LedgerError, match="cannot be edited safely"):
            edit.close(root, "8", date(2026, 1, 1), "x")
        assert item_path(root).read_text(encoding="utf-8") == flow


@settings(max_examples=400, deadline=None)
@given(st.text(min_size=1, max_size=30).filter(lambda s: s.strip()), st.booleans())
def test_property_scalar_text_reads_back_as_the_same_string(value: str, flow: bool) -> None:
    text = scalar_text(value)
    document = f"k: [{text}]" if flow else f"k: {text}"
    parsed = yaml.safe_load(document)["k"]
    assert (parsed[0] if flow else parsed) == value


def test_new_makes_the_items_folder_if_missing(tmp_path: Path, cli) -> None:
    root = tmp_path / "ledger"
    root.mkdir()
    (root / "ledger.yaml").write_text(CONFIG)
    result = cli("new", "--title", "第一项", "--category", "duty", root=root)
    assert (result.exit_code, result.stdout) == (0, "items/01.yaml\n")


def test_a_write_the_system_refuses_is_an_error_not_a_crash(tmp_path: Path, cli, monkeypatch) -> None:
    root = make(tmp_path, "title: x\ncategory: duty\nstatus: open\nmeasures: [m]\n")

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(edit.os, "replace", disk_full)
    result = cli("close", "8", root=root)
    assert result.exit_code == 1
    assert result.stderr == "Error: cannot write items/08.yaml: No space left on device; nothing was written\n"


# --- What guards every edit: each test fails if its guard is taken out ----------------------


def test_an_edit_that_would_not_validate_is_refused(tmp_path: Path, monkeypatch) -> None:
    """The re-parse after the edit: the editor wrote a closing date that is no date."""
    import ledger.edit.yamledit

    text = "title: x\ncategory: duty\nstatus: open\nmeasures: [m]\n"
    root = make(tmp_path, text)
    real = ledger.edit.yamledit.scalar_text
    monkeypatch.setattr(ledger.edit.yamledit, "scalar_text", lambda v: "2026-02-30" if isinstance(v, date) else real(v))
    with pytest.raises(LedgerError, match=r"cannot be closed: closed: '2026-02-30' is not a real date"):
        edit.close(root, "8", date(2026, 1, 21))
    assert item_path(root).read_text() == text


def test_an_edit_that_gives_other_data_is_refused(tmp_path: Path, monkeypatch) -> None:
    """The comparison with the intended data: the editor wrote a valid, but wrong, closing date."""
    import ledger.edit.yamledit

    text = "title: x\ncategory: duty\nstatus: open\nmeasures: [m]\n"
    root = make(tmp_path, text)
    real = ledger.edit.yamledit.scalar_text
    monkeypatch.setattr(ledger.edit.yamledit, "scalar_text", lambda v: "2026-01-22" if isinstance(v, date) else real(v))
    with pytest.raises(LedgerError, match="did not give the intended data; nothing was written"):
        edit.close(root, "8", date(2026, 1, 21))
    assert item_path(root).read_text() == text


def test_new_never_replaces_a_file(ledger_root: Path, monkeypatch) -> None:
    """Even when the id it picks is taken (another `new` won the race), the existing file stays."""
    existing = (ledger_root / "items" / "05.yaml").read_bytes()
    monkeypatch.setattr(edit, "next_id", lambda ids: "05")
    with pytest.raises(LedgerError, match="already exists; nothing was written"):
        edit.new_item(ledger_root, {"title": "新任务", "category": "duty"})
    assert (ledger_root / "items" / "05.yaml").read_bytes() == existing


def test_close_refuses_a_duplicated_id(ledger_root: Path, cli) -> None:
    (ledger_root / "items" / "2-copy.yaml").write_text(ITEMS["02.yaml"], encoding="utf-8")
    result = cli("close", "2", root=ledger_root)
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: item 02 does not validate; fix it first:\n"
        "  items/02.yaml: error[duplicate-id]: id 02 is also used by items/2-copy.yaml; renumber one of them\n"
        "  items/2-copy.yaml: error[duplicate-id]: id 2 is also used by items/02.yaml; renumber one of them\n"
    )
    assert "status: in_progress" in (ledger_root / "items" / "02.yaml").read_text(encoding="utf-8")


def test_new_never_writes_an_id_longer_than_an_id_may_be(ledger_root: Path, cli) -> None:
    highest = "9" * 64
    (ledger_root / "items" / f"{highest}.yaml").write_text(ITEMS["02.yaml"], encoding="utf-8")
    result = cli("new", "--title", "x", "--category", "duty", "--measure", "m", root=ledger_root)
    assert (result.exit_code, result.stderr) == (
        1, f"Error: the next id after the highest, {highest}, would be 65 digits long, over the 64 an id may have; "
        "renumber that item\n",
    )  # fmt: skip
    assert sorted(p.name for p in (ledger_root / "items").iterdir()) == sorted([*ITEMS, f"{highest}.yaml"])


def test_a_reopening_comes_after_the_closing_it_undoes(ledger_root: Path, cli) -> None:
    before = (ledger_root / "items" / "05.yaml").read_bytes()
    result = cli("reopen", "5", "--reason", "反弹", "--date", "2025-01-31", root=ledger_root)
    assert (result.exit_code, result.stderr) == (
        1, "Error: item 05: --date 2025-01-31 is before its 销号 (2025-02-01); a reopening comes after the closing "
        "it undoes\n",
    )  # fmt: skip
    assert (ledger_root / "items" / "05.yaml").read_bytes() == before
    assert cli("reopen", "5", "--reason", "反弹", "--date", "2025-02-01", root=ledger_root).exit_code == 0


# --- Edits that must not go wrong silently (issue 21) -----------------------------------------------------


def test_an_item_file_that_links_inside_the_ledger_is_edited_where_it_points(tmp_path: Path, cli) -> None:
    root = write_ledger(tmp_path / "ledger")
    (root / "shared").mkdir()
    (root / "items" / "02.yaml").rename(root / "shared" / "02.yaml")
    (root / "items" / "02.yaml").symlink_to(Path("..") / "shared" / "02.yaml")
    result = cli("note", "02", "召开推进会", "--date", "2025-06-01", root=root)
    assert result.exit_code == 0, result.stderr
    assert (root / "items" / "02.yaml").is_symlink()
    assert (
        (root / "shared" / "02.yaml")
        .read_text(encoding="utf-8")
        .endswith("log:\n  - date: 2025-06-01\n    note: 召开推进会\n")
    )


def test_an_item_file_through_a_chain_of_links_is_edited_at_its_end(tmp_path: Path, cli) -> None:
    root = write_ledger(tmp_path / "ledger")
    (root / "shared" / "deep").mkdir(parents=True)
    (root / "items" / "02.yaml").rename(root / "shared" / "deep" / "02.yaml")
    (root / "shared" / "02.yaml").symlink_to(Path("deep") / "02.yaml")
    (root / "items" / "02.yaml").symlink_to(Path("..") / "shared" / "02.yaml")
    assert cli("note", "02", "召开推进会", "--date", "2025-06-01", root=root).exit_code == 0
    assert (root / "items" / "02.yaml").is_symlink() and (root / "shared" / "02.yaml").is_symlink()
    assert (root / "shared" / "deep" / "02.yaml").read_text(encoding="utf-8").endswith("note: 召开推进会\n")


def test_an_item_file_linked_out_of_the_ledger_is_neither_read_nor_edited(tmp_path: Path, cli) -> None:
    root = write_ledger(tmp_path / "ledger")
    outside = tmp_path / "elsewhere.yaml"
    (root / "items" / "02.yaml").rename(outside)
    before = outside.read_bytes()
    (root / "items" / "02.yaml").symlink_to(outside)
    for args in (("note", "02", "进展"), ("set", "02", "--owner", "王某"), ("close", "02"), ("show", "2")):
        result = cli(*args, root=root)
        assert result.exit_code == 1 and "error[outside-ledger]: a link to a file outside the ledger" in result.stderr
    assert outside.read_bytes() == before and (root / "items" / "02.yaml").is_symlink()


@pytest.mark.parametrize("other", ["inside", "outside"])
def test_a_hard_linked_item_file_is_refused_rather_than_split(tmp_path: Path, cli, other: str) -> None:
    """A file with a second name: an edit's atomic replace would leave the other name holding the old text."""
    root = write_ledger(tmp_path / "ledger")
    path = root / "items" / "02.yaml"
    twin = (root / "备份.yaml") if other == "inside" else (tmp_path / "备份.yaml")
    os.link(path, twin)
    before = path.read_bytes()
    result = cli("note", "02", "召开推进会", root=root)
    assert (result.exit_code, result.stderr) == (1, "Error: items/02.yaml has 2 names on disk (hard links): an edit "
                                                    "would split it in two; nothing was written (copy it to a file of "
                                                    "its own first)\n")  # fmt: skip
    assert path.read_bytes() == before == twin.read_bytes() and path.stat().st_ino == twin.stat().st_ino


def test_a_read_only_item_file_is_refused(tmp_path: Path, cli) -> None:
    root = write_ledger(tmp_path / "ledger")
    path = root / "items" / "02.yaml"
    before = path.read_bytes()
    path.chmod(0o444)
    result = cli("note", "02", "召开推进会", root=root)
    assert (result.exit_code, result.stderr) == (1, "Error: items/02.yaml is read-only; nothing was written (make it "
                                                    "writable first, e.g. chmod u+w)\n")  # fmt: skip
    assert path.read_bytes() == before and oct(path.stat().st_mode & 0o777) == "0o444"


def test_a_back_dated_note_goes_where_its_date_belongs(tmp_path: Path, cli) -> None:
    root = write_ledger(tmp_path / "ledger")
    for day, text in (("2025-03-01", "一"), ("2025-05-01", "三"), ("2025-03-01", "二"), ("2025-06-01", "四")):
        assert cli("note", "02", text, "--date", day, root=root).exit_code == 0
    text = (root / "items" / "02.yaml").read_text(encoding="utf-8")
    assert text.endswith("log:\n  - date: 2025-03-01\n    note: 一\n  - date: 2025-03-01\n    note: 二\n"
                         "  - date: 2025-05-01\n    note: 三\n  - date: 2025-06-01\n    note: 四\n")  # fmt: skip
    result = cli("validate", root=root)
    assert "log-order" not in result.stdout + result.stderr


@pytest.mark.parametrize("given", ["2025-01-01", "2025-03-15"])  # the old deadline again, or another one passed
def test_reopen_with_a_deadline_already_passed_warns_too(tmp_path: Path, cli, given: str) -> None:
    root = write_ledger(tmp_path / "ledger")  # 05: done, deadline 2025-01-01, closed 2025-02-01
    result = cli("reopen", "05", "--reason", "问题反弹", "--date", "2025-05-06", "--deadline", given, root=root)
    assert result.exit_code == 0, result.stderr
    assert (f"item 05: the deadline {given} has passed by the reopening's date 2025-05-06, so it is overdue at once"
            in result.stderr)  # fmt: skip


def test_reopen_sets_a_new_deadline_or_warns_that_the_old_one_has_passed(tmp_path: Path, cli) -> None:
    root = write_ledger(tmp_path / "ledger")  # 05: done, deadline 2025-01-01, closed 2025-02-01
    result = cli("reopen", "05", "--reason", "问题反弹", "--date", "2025-05-06", "--dry-run", root=root)
    assert result.exit_code == 0
    assert ("item 05: its deadline 2025-01-01 has passed, so it is overdue at once; give the new one with "
            "--deadline DATE") in result.stderr  # fmt: skip
    result = cli("reopen", "05", "--reason", "问题反弹", "--date", "2025-05-06", "--deadline", "2025-09-30", root=root)
    assert result.exit_code == 0, result.stderr
    assert "overdue at once" not in result.stderr
    text = (root / "items" / "05.yaml").read_text(encoding="utf-8")
    assert "deadline: 2025-09-30\n" in text
    assert text.endswith("log:\n  - date: 2025-05-06\n    kind: reopen\n    from: 2025-02-01\n    note: 问题反弹\n"
                         "  - date: 2025-05-06\n    kind: deadline\n    from: 2025-01-01\n    to: 2025-09-30\n"
                         "    note: 问题反弹\n")  # fmt: skip
    assert cli("validate", root=root).exit_code == 0
    assert json.loads(cli("show", "05", "--format", "json", root=root).stdout)["deadline"] == "2025-09-30"


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_example_value_init_writes_is_a_placeholder(tmp_path: Path, cli, monkeypatch, language: str) -> None:
    """Each value of the skeleton's ledger.yaml that stands for the office's own (××, a single ×, zeros for a
    phone or postcode, an example@ address), found in the file init writes, is pointed out on its line."""
    import re

    from ledger.core import i18n

    monkeypatch.setenv("LEDGER_LANG", language)
    i18n.set_language(None)
    try:
        target = tmp_path / "new"
        assert cli("init", str(target)).exit_code == 0
        lines = (target / "ledger.yaml").read_text(encoding="utf-8").splitlines()
        examples = {n for n, line in enumerate(lines, 1)
                    if re.search(r"^\s*\w+:\s*[^#]*(?:×|\b0{4,}\b|\"0+\"|@example\.)", line)}  # fmt: skip
        assert len(examples) >= 8
        check = cli("validate", root=target)
    finally:
        i18n.set_language(None)
    warned = {int(line.split(":")[1]) for line in check.stdout.splitlines() if "[placeholder]" in line}
    assert warned == examples

"""History from git: changes since a notice, an item's life, the notice at a commit, validate --against."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import REPO, git, write_ledger

if not shutil.which("git"):
    pytest.skip("git is needed for the ledger's history", allow_module_level=True)


class Repo:
    """A ledger in a git repository with scripted commits at fixed dates."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.run("init", "-q")

    def run(self, *args: str, author: str = "秘书科", when: str = "2026-01-21T10:00:00+08:00") -> str:
        return git(self.path, *args, who=author, when=when, env={**os.environ, "HOME": str(self.path)})

    def commit(self, message: str, when: str, author: str = "秘书科") -> None:
        self.run("add", "-A")
        self.run("commit", "-qm", message, author=author, when=when)

    def snapshot(self) -> dict[str, str]:
        """Every file of the work tree and the index, hashed: reading history must change none."""
        return {str(p.relative_to(self.path)): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(self.path.rglob("*")) if p.is_file() and ".ledger-cache" not in p.parts
                and "objects" not in p.parts and "logs" not in p.parts}  # fmt: skip


@pytest.fixture
def repo(tmp_path: Path, cli) -> Repo:
    """The sample ledger at notice-2026-01, then a month of work: new 16, 05 started, 02 closed, a note on 03;
    then 16 started and renamed with a slug."""
    path = tmp_path / "office" / "台账"
    (path / "items").mkdir(parents=True)
    for name in ["ledger.yaml", *(f"items/{n:02d}.yaml" for n in range(1, 16))]:
        (path / name).write_bytes((REPO / name).read_bytes())
    repo = Repo(tmp_path / "office")
    repo.commit("2026年1月通报", "2026-01-21T10:00:00+08:00")
    repo.run("tag", "notice-2026-01")

    def ok(*args: str) -> None:
        result = cli(*args, root=path)
        assert result.exit_code == 0, result.stderr

    ok("new", "--title", "规范公务接待管理", "--category", "conduct", "--measure", "修订公务接待管理制度",
       "--deadline", "2026-02-28")  # fmt: skip
    ok("set", "05", "--status", "in_progress", "--date", "2026-02-01")
    ok("close", "02", "--date", "2026-02-01", "--evidence", "《公务用车管理台账》")
    ok("note", "03", "完成理论学习中心组第一次专题学习", "--date", "2026-02-10")
    repo.commit("二月进展", "2026-02-15T10:00:00+08:00", author="李某")
    ok("set", "16", "--status", "in_progress", "--date", "2026-03-01")
    (path / "items" / "16.yaml").rename(path / "items" / "16-公务接待.yaml")
    repo.commit("三月：16号开始整改", "2026-03-02T10:00:00+08:00", author="李某")
    repo.ledger = path  # type: ignore[attr-defined]
    return repo


def test_changes_since_the_last_notice(repo: Repo, cli) -> None:
    before = repo.snapshot()
    result = cli("changes", "--as-of", "2026-03-05", root=repo.ledger)
    assert (result.exit_code, result.stderr) == (0, "")
    commit = repo.run("rev-parse", "notice-2026-01").strip()
    assert result.stdout == (
        f"Since notice-2026-01 ({commit[:7]}, 2026-01-21), as of 2026-03-05:\n"
        "  added:     16 规范公务接待管理\n"
        "  closed:    02 进一步规范公务用车管理 (2026-02-01)\n"
        "  status:    05 提高公文办理水平: ongoing -> in_progress\n"
        "  note:      03 2026-02-10 完成理论学习中心组第一次专题学习\n"
        "  overdue:   16 规范公务接待管理\n"
    )
    data = json.loads(cli("changes", "--as-of", "2026-03-05", "--format", "json", root=repo.ledger).stdout)
    assert data == {
        "since": "notice-2026-01", "commit": commit, "notice_date": "2026-01-21", "as_of": "2026-03-05",
        "added": ["16"], "removed": [],
        "closed": [{"id": "02", "closed": "2026-02-01"}], "reopened": [],
        "status": [{"id": "05", "from": "ongoing", "to": "in_progress"}], "deadline": [], "assign": [],
        "notes": [{"id": "03", "date": "2026-02-10", "note": "完成理论学习中心组第一次专题学习"}],
        "newly_overdue": ["16"],
    }  # fmt: skip
    # Items by their numbers in the notice: 16 (作风建设) is printed as 10., after 08 and 09.
    assert cli("changes", "--as-of", "2026-03-05", "--format", "md", root=repo.ledger).stdout == (
        "自2026年1月21日通报以来，新增问题1个（第10项），新完成整改1个（第2项），调整整改状态1个（第5项），"
        "记录整改进展1条，新逾期1个（第10项）。\n"
    )
    assert "\n10.规范公务接待管理。" in cli("report", "--as-of", "2026-03-05", root=repo.ledger).stdout
    assert repo.snapshot() == before


def test_changes_since_a_given_commit_and_with_nothing_changed(repo: Repo, cli) -> None:
    result = cli("changes", "--since", "HEAD", "--as-of", "2026-03-05", "--format", "md", root=repo.ledger)
    # The notice of HEAD is dated by its ledger.yaml (2026-01-21); on that day 16 was not overdue yet.
    assert result.stdout == "自2026年1月21日通报以来，新逾期1个（第10项）。\n"
    result = cli("changes", "--since", "HEAD~1", "--as-of", "2026-03-05", "--format", "json", root=repo.ledger)
    data = json.loads(result.stdout)
    assert data["status"] == [{"id": "16", "from": "open", "to": "in_progress"}] and data["added"] == []


def test_the_last_notice_is_dated_by_its_publication_date(repo: Repo, cli) -> None:
    """Tagged days after it was published (or with no publication date): the notice's own date counts."""
    config = repo.ledger / "ledger.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("date: 2026-01-21", "date: 2026-03-04"),
                      encoding="utf-8")  # fmt: skip
    repo.commit("三月通报", "2026-03-09T10:00:00+08:00")
    repo.run("tag", "notice-2026-03")
    result = cli("changes", "--as-of", "2026-03-20", root=repo.ledger)
    commit = repo.run("rev-parse", "notice-2026-03").strip()
    assert result.stdout == (f"Since notice-2026-03 ({commit[:7]}, 2026-03-09, the notice dated 2026-03-04), "
                             "as of 2026-03-20:\n  no changes\n")  # fmt: skip
    assert cli("changes", "--format", "md", root=repo.ledger).stdout == "自2026年3月4日通报以来，整改台账无变化。\n"
    config.write_text("\n".join(line for line in config.read_text(encoding="utf-8").split("\n")
                                if not line.strip().startswith(("date: 2026-03-04", "until:", "publication:"))),
                      encoding="utf-8")  # fmt: skip
    repo.commit("无公开日期", "2026-03-12T10:00:00+08:00")
    result = cli("changes", "--since", "HEAD", "--format", "md", root=repo.ledger)
    assert result.stdout == "自2026年3月12日通报以来，整改台账无变化。\n"


def test_changes_lists_a_moved_deadline_of_an_item_added_since(repo: Repo, cli) -> None:
    assert cli("set", "16", "--deadline", "2026-05-31", "--reason", "待批复", "--date", "2026-03-03",
               root=repo.ledger).exit_code == 0  # fmt: skip
    data = json.loads(cli("changes", "--format", "json", root=repo.ledger).stdout)
    assert data["added"] == ["16"] and data["deadline"] == [{"id": "16", "from": "2026-02-28", "to": "2026-05-31"}]


def test_changes_with_a_reopen_and_a_moved_deadline(repo: Repo, cli) -> None:
    assert cli("reopen", "02", "--reason", "抽查发现反弹", "--date", "2026-03-10", root=repo.ledger).exit_code == 0
    assert cli("set", "16", "--deadline", "2026-04-30", "--reason", "待批复", root=repo.ledger).exit_code == 0
    data = json.loads(cli("changes", "--since", "HEAD", "--format", "json", root=repo.ledger).stdout)
    assert data["reopened"] == [{"id": "02", "date": "2026-03-10"}]
    assert data["deadline"] == [{"id": "16", "from": "2026-02-28", "to": "2026-04-30"}]


def test_an_items_life_follows_its_renamed_slug(repo: Repo, cli) -> None:
    before = repo.snapshot()
    result = cli("history", "16", root=repo.ledger)
    lines = result.stdout.splitlines()
    assert lines[0].startswith("2026-02-15  李某  二月进展 (") and lines[1] == "    added: 规范公务接待管理"
    assert lines[2].startswith("2026-03-02  李某  三月：16号开始整改 (")
    assert lines[3] == "    renamed items/16.yaml → items/16-公务接待.yaml, status open → in_progress, +1 log"
    closed = json.loads(cli("history", "2", "--format", "json", root=repo.ledger).stdout)
    assert [e["subject"] for e in closed] == ["2026年1月通报", "二月进展"]
    assert closed[1]["changes"] == ["status ongoing → done", "closed 2026-02-01", "+1 evidence", "+1 log"]
    assert closed[1]["author"] == "李某" and closed[1]["date"] == "2026-02-15" and closed[1]["path"] == "items/02.yaml"
    assert cli("history", "99", root=repo.ledger).stderr == (
        "Error: item 99 has no history in git (no commit touched a file of that id)\n"
    )
    assert repo.snapshot() == before


def test_the_notice_as_it_was(repo: Repo, cli) -> None:
    before = repo.snapshot()
    then = cli("report", "--at", "notice-2026-01", "--as-of", "2026-01-21", root=repo.ledger).stdout
    assert then == (REPO / "tests" / "golden" / "notice.md").read_text(encoding="utf-8")
    now = cli("report", "--as-of", "2026-01-21", root=repo.ledger).stdout
    assert "规范公务接待管理" in now and "规范公务接待管理" not in then
    assert repo.snapshot() == before


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda p: (p / "items" / "15.yaml").unlink(),
         "items/15.yaml: error[item-removed]: item 15 is in notice-2026-01 (items/15.yaml) and gone now; "
         "items are closed or kept, never deleted"),
        (lambda p: replace(p / "items" / "01.yaml", "closed: 2026-01-21", "closed: 2026-01-20"),
         "items/01.yaml:8:9: error[closed-changed]: closed: 2026-01-20 differs from 2026-01-21 in notice-2026-01; "
         "a 销号 date does not change (reopen the item, then close it again)"),
        (lambda p: replace(p / "items" / "06.yaml", "status: done", "status: in_progress", "closed: 2026-01-21\n", ""),
         "items/06.yaml:3:9: error[silent-reopen]: status: done in notice-2026-01, in_progress now, and no reopen "
         "entry in the log; reopen it with `ledger reopen ID --reason TEXT`"),
        (lambda p: replace(p / "items" / "03.yaml", "note: 完成理论学习中心组第一次专题学习", "note: 改写过的记录"),
         "items/03.yaml:9:5: error[log-rewritten]: log[1]: changed or removed since HEAD; the log is append-only "
         "(add an entry instead)"),
    ],
)  # fmt: skip
def test_validate_against_a_commit(repo: Repo, cli, edit, expected: str) -> None:
    rev = "HEAD" if "log-rewritten" in expected else "notice-2026-01"
    assert cli("validate", "--against", rev, root=repo.ledger).exit_code == 0  # nothing fires before the edit
    edit(repo.ledger)
    result = cli("validate", "--against", rev, root=repo.ledger)
    assert result.exit_code == 1
    assert result.stdout == expected + "\n"


def test_a_reopen_is_seen_beside_a_rewritten_entry(repo: Repo, cli) -> None:
    """Reopened properly, and an older entry edited by hand: only the edit is wrong, and at its own line."""
    assert cli("close", "03", "--date", "2026-03-03", root=repo.ledger).exit_code == 0
    repo.commit("销号03", "2026-03-04T10:00:00+08:00")
    assert cli("reopen", "03", "--reason", "抽查发现反弹", "--date", "2026-03-10", root=repo.ledger).exit_code == 0
    replace(repo.ledger / "items" / "03.yaml", "note: 完成理论学习中心组第一次专题学习", "note: 改写过的记录")
    result = cli("validate", "--against", "HEAD", root=repo.ledger)
    lines = (repo.ledger / "items" / "03.yaml").read_text(encoding="utf-8").split("\n")
    first = next(n for n, line in enumerate(lines, 1) if "改写过的记录" in line) - 1  # its `- date:` line
    assert result.stdout == (f"items/03.yaml:{first}:5: error[log-rewritten]: log[1]: changed or removed since HEAD; "
                             "the log is append-only (add an entry instead)\n")  # fmt: skip


def replace(path: Path, *pairs: str) -> None:
    text = path.read_text(encoding="utf-8")
    for old, new in zip(pairs[::2], pairs[1::2], strict=True):
        assert old in text
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


def test_a_reopen_entry_makes_a_reopen_lawful(repo: Repo, cli) -> None:
    assert cli("reopen", "06", "--reason", "反弹", root=repo.ledger).exit_code == 0
    assert cli("validate", "--against", "notice-2026-01", root=repo.ledger).exit_code == 0


def test_outside_a_repository_and_without_a_tag(tmp_path: Path, ledger_root: Path, cli) -> None:
    result = cli("changes", root=ledger_root)
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: {ledger_root} is not in a git repository; its history is read from git\n",
    )
    assert cli("history", "1", root=ledger_root).exit_code == 1
    assert cli("report", "--at", "HEAD", root=ledger_root).exit_code == 1
    Repo(ledger_root).commit("first", "2026-01-01T00:00:00+08:00")
    result = cli("changes", root=ledger_root)
    assert result.stderr.startswith("Error: no --since and no tag named notice-*; tag the commit")
    assert cli("validate", "--against", "nosuch", root=ledger_root).stderr.endswith(
        "Error: no commit 'nosuch' in the repository\n"
    )
    assert cli("report", "--at", "--help", root=ledger_root).exit_code in (1, 2)


# --- What git or a hostile history cannot make ledger do -------------------------------------------------


ALIAS_BOMB = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"a{n}: &a{n} [*a{n - 1}, *a{n - 1}, *a{n - 1}, *a{n - 1}, *a{n - 1}, *a{n - 1}, *a{n - 1}, *a{n - 1}]\n"
    for n in range(1, 8)
) + "title: *a7\ncategory: conduct\nstatus: open\n"  # fmt: skip


@pytest.mark.parametrize(
    ("version", "shown"),
    [
        (ALIAS_BOMB, "unreadable: anchor &a0 is not allowed; write each value out in full"),
        ("title: 大\n" + "# 填充\n" * 300_000,
         "unreadable: file is over 1 MiB, the most an item or ledger file may be"),
    ],
)  # fmt: skip
def test_history_reads_old_versions_within_the_limits(repo: Repo, cli, version: str, shown: str, monkeypatch) -> None:
    from ledger.history.repo import Git

    asked = []
    contents = Git.contents
    monkeypatch.setattr(Git, "contents", lambda self, oids: asked.append(oids) or contents(self, oids))
    path = repo.ledger / "items" / "07.yaml"
    kept = path.read_bytes()
    path.write_text(version, encoding="utf-8")
    repo.commit("坏版本", "2026-03-03T10:00:00+08:00")
    path.write_bytes(kept)
    repo.commit("改回", "2026-03-04T10:00:00+08:00")
    entries = json.loads(cli("history", "07", "--format", "json", root=repo.ledger).stdout)
    assert [e["subject"] for e in entries] == ["2026年1月通报", "坏版本", "改回"]
    assert entries[1]["changes"] == [shown]
    assert entries[2]["changes"] == ["readable again: 做实做细委员履职服务工作"]
    big = subprocess.run(["git", "-C", str(repo.path), "rev-parse", "HEAD~1:台账/items/07.yaml"], capture_output=True,
                         text=True, check=True).stdout.strip()  # fmt: skip
    assert (big in sum(asked, [])) == (len(version.encode()) <= 1024 * 1024)  # an object too large is never read


@pytest.mark.parametrize("folder", ['台账 "引号"', "a\\b", "tab\tx", "glob*[ab]"])
def test_history_in_a_folder_of_any_name(tmp_path: Path, cli, folder: str) -> None:
    ledger = tmp_path / "repo" / folder
    (ledger / "items").mkdir(parents=True)
    for name in ["ledger.yaml", "items/01.yaml"]:
        (ledger / name).write_bytes((REPO / name).read_bytes())
    repo = Repo(tmp_path / "repo")
    repo.commit("一月", "2026-01-21T10:00:00+08:00")
    assert cli("note", "01", "召开专题会议", "--date", "2026-02-01", root=ledger).exit_code == 0
    repo.commit("二月", "2026-02-02T10:00:00+08:00")
    result = cli("history", "01", root=ledger)
    assert result.exit_code == 0, result.stderr
    assert [line.split(" (")[0] for line in result.stdout.splitlines()] == [
        "2026-01-21  秘书科  一月", "    added: 进一步加强干部出国（境）日常管理",
        "2026-02-02  秘书科  二月", "    +1 log",
    ]  # fmt: skip


def test_git_configuration_runs_nothing(repo: Repo, cli, tmp_path: Path) -> None:
    """A signed commit read with log.showSignature on runs no gpg.program, and its output does not confuse."""
    marker = tmp_path / "ran"
    program = tmp_path / "gpg"
    program.write_text(f"#!/bin/sh\ntouch '{marker}'\necho 'gpg: Signature made today' >&2\nexit 0\n")
    program.chmod(0o755)
    commit = repo.run("cat-file", "commit", "HEAD")
    head, _, message = commit.partition("\n\n")
    signature = "gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n -----END PGP SIGNATURE-----\n"
    signed = f"{head}\n{signature}\n{message}"
    done = subprocess.run(["git", "-C", str(repo.path), "hash-object", "-t", "commit", "-w", "--stdin"],
                          input=signed, capture_output=True, text=True, check=True)  # fmt: skip
    repo.run("tag", "signed", done.stdout.strip())
    repo.run("update-ref", "HEAD", done.stdout.strip())  # the same tree: `history` reads the signed commit too
    repo.run("config", "log.showSignature", "true")
    repo.run("config", "gpg.program", str(program))
    for args in (["report", "--at", "signed"], ["changes", "--since", "signed"], ["validate", "--against", "signed"],
                 ["history", "16"]):  # fmt: skip
        result = cli(*args, root=repo.ledger)
        assert result.exit_code == 0, (args, result.stderr)
    assert not marker.exists()


def test_a_cover_report_names_items_the_notice_does_not_print_by_their_id() -> None:
    from ledger.core.model import id_key
    from ledger.output.history import numbers

    places = {id_key("07"): 3}  # 07 is printed third
    assert numbers(["07", "12"], places) == "第3项、编号12"  # 12 removed, or public: false


def test_a_commit_dated_beyond_the_calendar_is_named_not_a_crash(repo: Repo, cli) -> None:
    tree = repo.run("rev-parse", "HEAD^{tree}").strip()
    text = f"tree {tree}\nauthor a <a@b> 99999999999999 +0000\ncommitter a <a@b> 99999999999999 +0000\n\nx\n"
    made = subprocess.run(["git", "-C", str(repo.path), "hash-object", "-t", "commit", "-w", "--stdin", "--literally"],
                          input=text, capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    repo.run("tag", "notice-2099", made)
    for args in (("changes",), ("validate", "--against", "notice-2099"), ("report", "--at", "notice-2099")):
        result = cli(*args, root=repo.path / "台账")
        assert result.exit_code == 1 and "internal error" not in result.stderr, args
        assert f"Error: commit {made[:7]} is dated '" in result.stderr and "no day of the calendar" in result.stderr


# --- An item's life over thousands of commits -------------------------------------------------------------

from hypothesis import example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

LINE = st.sampled_from(["title: 任务", "title: '引号: 标题'", "status: open", "status: done", "closed: 2026-02-01",
                        "deadline: 2026-3-1", "tags: [立行立改]", "# 注释", "", "measures:", "  - 措施一", "  - 措施二",
                        "log:", "  - date: 2026-01-02", "    note: 进展", "  - date: 2026-01-03\n    note: 又一条",
                        "    kind: deadline", "  -", "   - 缩进不齐", "- 顶格", "title: 任务", "extra: {a: 1}",
                        "extra:\n  a: [1, 2]", "note: &a x", "x: *a", "problem: |\n  多行\n  文本", "  # 列表里的注释",
                        "title: 长标题\n  续行", "  - date: 2026-01-09",
                        "owner: 张某\u2028李某", "---", "key: 'unterminated", "evidence:\n- 顶格条目"])  # fmt: skip


@settings(deadline=None)
@given(st.lists(st.lists(LINE, max_size=12), min_size=1, max_size=6))
@example([["log:", "  - date: 2026-01-02"], ["log:", "  - date: 2026-01-09", "  - date: 2026-01-02"]])
def test_reading_versions_in_pieces_reads_as_the_whole_file(versions: list[list[str]]) -> None:
    """Each version of a file, read in pieces against the versions before it, is what reading it whole gives —
    also saved with a BOM, CRLF or CR line ends."""
    from ledger.history.repo import plain_data, plain_data_in_pieces

    for saved in (
        lambda t: t,
        lambda t: "\ufeff" + t,
        lambda t: t.replace("\n", "\r\n"),
        lambda t: t.replace("\n", "\r"),
    ):
        pieces: dict = {}
        text = ""
        for lines in versions:
            for grow in (False, True):  # a version of its own, then the same lines appended to the one before
                text = (text if grow else "") + "".join(line + "\n" for line in lines)
                data = saved(text).encode()
                assert plain_data_in_pieces("items/01.yaml", data, pieces) == plain_data("items/01.yaml", data)


ENTRY = st.sampled_from(["{date: 2026-01-02, note: 进展}", "{date: 2026-01-03, note: '含]的进展'}", "{note: \"a, b\"}",
                         "2026-01-04", "[嵌套, 列表]", "{date: 2026-01-05,\n   note: 换行}", "'单引号'", "x: y", "]",
                         "{a: 1} # 注释", "&a x", "*a"])  # fmt: skip


@settings(deadline=None)
@given(st.lists(st.lists(ENTRY, max_size=6), min_size=1, max_size=8), st.sampled_from(["", " ", "\n  "]))
def test_a_list_in_brackets_read_in_pieces_reads_as_the_whole_file(versions: list[list[str]], space: str) -> None:
    """`log: [...]` growing version by version (and now and then written anew): read as reading it whole."""
    from ledger.history.repo import plain_data, plain_data_in_pieces

    pieces: dict = {}
    entries: list[str] = []
    for n, added in enumerate(versions):
        entries = [*entries, *added] if n % 3 else list(added)
        data = f"title: 任务\nlog: [{(',' + space).join(entries)}]\nstatus: open\n".encode()
        assert plain_data_in_pieces("items/01.yaml", data, pieces) == plain_data("items/01.yaml", data)


def block(head: str, log: list[tuple[str, str]]) -> str:
    return head + "log:\n" + "".join(f"  - date: {d}\n    note: {t}\n" for d, t in log)


FORMS = {  # an item file as its versions are written: each the head and the log so far
    "block": block,
    "bom": lambda head, log: "\ufeff" + block(head, log),  # as Notepad saves it, with a BOM
    "crlf": lambda head, log: block(head, log).replace("\n", "\r\n"),  # and Windows line ends
    "flow": lambda head, log: head + "log: [" + ", ".join(f"{{date: {d}, note: {t}}}" for d, t in log) + "]\n",
}


@pytest.mark.parametrize("form", list(FORMS))
def test_three_thousand_commits_are_read_in_seconds(tmp_path: Path, cli, form: str) -> None:
    """Each of 3,000 commits adds a log entry to item 01 (made with git fast-import), its file written as a block
    list, with a BOM, with CRLF line ends or as a list in brackets: `history 01` reads them through a handful of
    git processes and parses each entry once (it took 347 s: three processes a commit, every version parsed
    whole; with a BOM, CRLF or brackets each version was still parsed whole, 250 s and more)."""
    import time

    root = tmp_path / "repo"
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    head = "title: 规范办公室财务管理\ncategory: conduct\nstatus: in_progress\nmeasures:\n  - 完善制度\n"
    stream, log = [], []
    config = (REPO / "ledger.yaml").read_bytes()
    for n in range(3000):
        log.append((f"2025-{1 + n // 280 % 12:02d}-{1 + n // 10 % 28:02d}", f"第{n + 1}次推进"))
        body = FORMS[form](head, log).encode()
        stream.append(f"commit refs/heads/main\ncommitter 秘书科 <a@b.c> {1700000000 + n * 60} +0800\n".encode())
        stream.append(b"data %d\n%s\n" % (len(f"进展 {n + 1}".encode()), f"进展 {n + 1}".encode()))
        if n == 0:
            stream.append(b"M 100644 inline ledger.yaml\ndata %d\n%s\n" % (len(config), config))
        stream.append(b"M 100644 inline items/01.yaml\ndata %d\n%s\n\n" % (len(body), body))
    subprocess.run(["git", "-C", str(root), "fast-import", "--quiet"], input=b"".join(stream), check=True)
    subprocess.run(["git", "-C", str(root), "checkout", "-q", "main"], check=True)
    start = time.process_time()
    result = cli("history", "01", "--format", "json", root=root)
    took = time.process_time() - start
    entries = json.loads(result.stdout)
    assert len(entries) == 3000
    assert entries[0]["changes"][0] == "added: 规范办公室财务管理"
    assert {tuple(e["changes"]) for e in entries[1:]} == {("+1 log",)}
    assert took < 10, f"{took:.1f} s of processor time"


# --- Figures that must not lie --------------------------------------------------------------------------


def test_the_notice_at_a_commit_is_counted_as_of_its_publication_date(repo: Repo, cli) -> None:
    text = (repo.ledger / "ledger.yaml").read_text(encoding="utf-8").replace("statistics: false", "statistics: true")
    (repo.ledger / "ledger.yaml").write_text(text, encoding="utf-8")
    repo.commit("统计句", "2026-03-05T10:00:00+08:00")
    repo.run("tag", "notice-stats")
    at = cli("report", "--at", "notice-stats", root=repo.ledger)
    assert at.exit_code == 0, at.stderr
    assert "截至2026年1月21日，" in at.stdout  # ledger.yaml's publication.date at that commit, not today
    dated = cli("report", "--at", "notice-stats", "--as-of", "2026-03-01", root=repo.ledger).stdout
    assert "截至2026年3月1日，" in dated


def test_an_empty_since_is_refused(repo: Repo, cli) -> None:
    for since in ("", "  "):
        result = cli("changes", "--since", since, root=repo.ledger)
        assert (result.exit_code, result.stderr) == (1, "Error: --since is empty; give a commit, a tag or a branch "
                                                        "(or leave it out for the newest notice-* tag)\n")  # fmt: skip
    assert cli("validate", "--against", "", root=repo.ledger).exit_code == 1
    assert cli("report", "--at", "", root=repo.ledger).exit_code == 1


def test_deleting_a_done_item_that_had_errors_is_seen(repo: Repo, cli) -> None:
    """Item 01 is done but lacks the evidence close_requires asks for: it has an error at the commit; deleting
    it is still a removal."""
    path = repo.ledger / "ledger.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "close_requires: [evidence]\n", encoding="utf-8")
    repo.commit("要求佐证", "2026-03-05T10:00:00+08:00")
    assert "error[close-requires]" in cli("validate", root=repo.ledger).stdout
    (repo.ledger / "items" / "01.yaml").unlink()
    result = cli("validate", "--against", "HEAD", root=repo.ledger)
    assert result.exit_code == 1
    assert ("items/01.yaml: error[item-removed]: item 01 is in HEAD (items/01.yaml) and gone now; items are closed "
            "or kept, never deleted") in result.stdout.splitlines()  # fmt: skip
    changes = json.loads(cli("changes", "--since", "HEAD", "--format", "json", root=repo.ledger).stdout)
    assert changes["removed"] == ["01"]


def test_a_shallow_clone_is_named_as_such(repo: Repo, cli, tmp_path: Path) -> None:
    """In a `--depth 1` clone the one commit is the cut, not the item's beginning."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.path}", str(clone)], check=True,
                   env={**os.environ, "GIT_CONFIG_NOSYSTEM": "1"})  # fmt: skip
    result = cli("history", "03", root=clone / "台账")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1] == ("    history begins here: the clone is shallow (git fetch --unshallow "
                                             "reads the rest); as it stands: 严格落实理论学习制度")  # fmt: skip
    assert "added" not in result.stdout
    result = cli("changes", "--since", "notice-2026-01", root=clone / "台账")
    assert result.exit_code == 1 and "the clone is shallow" in result.stderr
    assert cli("history", "03", root=repo.ledger).stdout.splitlines()[1].startswith("    added: ")


@pytest.mark.parametrize("folder", ["台账 ", " 台账", "台 账\t"])
def test_a_repository_folder_whose_name_ends_in_a_space(tmp_path: Path, cli, folder: str) -> None:
    top = tmp_path / folder
    write_ledger(top / "sub")
    repo = Repo(top)
    repo.commit("一月", "2026-01-21T10:00:00+08:00")
    result = cli("history", "01", root=top / "sub")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1] == "    added: 未启动的任务"


def test_a_reassignment_is_named_on_both_sides_in_changes_and_history(repo: Repo, cli, monkeypatch) -> None:
    """set --department/--leader/--owner logs {kind: assign, field, from, to}; changes and history say both sides."""
    assert cli("set", "05", "--department", "办公室", "--leader", "张某", "--date", "2026-03-03",
               root=repo.ledger).exit_code == 0  # fmt: skip
    repo.commit("五号明确责任", "2026-03-03T10:00:00+08:00")
    repo.run("tag", "notice-2026-03")
    result = cli("set", "05", "--department", "秘书科", "--department", "财务科", "--leader", "王某", "--owner", "李某",
                 "--date", "2026-03-20", root=repo.ledger)  # fmt: skip
    assert result.stderr == ("Changed item 05: leader 张某 -> 王某, department 办公室 -> 秘书科、财务科, owner 李某.\n")
    assert (
        (repo.ledger / "items" / "05.yaml")
        .read_text(encoding="utf-8")
        .endswith(
            "  - date: 2026-03-03\n    kind: assign\n    field: leader\n    to: 张某\n"
            "  - date: 2026-03-03\n    kind: assign\n    field: department\n    to: 办公室\n"
            "  - date: 2026-03-20\n    kind: assign\n    field: leader\n    from: 张某\n    to: 王某\n"
            "  - date: 2026-03-20\n    kind: assign\n    field: department\n    from: 办公室\n"
            "    to: [秘书科, 财务科]\n"
            "  - date: 2026-03-20\n    kind: assign\n    field: owner\n    to: 李某\n"
        )
    )
    assert cli("validate", root=repo.ledger).exit_code == 0
    repo.commit("五号调整责任", "2026-03-20T10:00:00+08:00")
    data = json.loads(cli("changes", "--as-of", "2026-03-21", "--format", "json", root=repo.ledger).stdout)
    assert data["since"] == "notice-2026-03" and data["assign"] == [
        {"id": "05", "field": "leader", "from": "张某", "to": "王某"},
        {"id": "05", "field": "department", "from": ["办公室"], "to": ["秘书科", "财务科"]},
        {"id": "05", "field": "owner", "from": None, "to": "李某"},
    ]
    text = cli("changes", "--as-of", "2026-03-21", root=repo.ledger).stdout.splitlines()
    assert text[1:] == [
        "  reassigned: 05 提高公文办理水平: leader 张某 -> 王某",
        "  reassigned: 05 提高公文办理水平: department 办公室 -> 秘书科、财务科",
        "  reassigned: 05 提高公文办理水平: owner none -> 李某",
        "  overdue:    16 规范公务接待管理",
    ]
    md = cli("changes", "--as-of", "2026-03-21", "--format", "md", root=repo.ledger).stdout
    assert md == ("自2026年1月21日通报以来，调整责任分工1个（第5项责任领导由张某调整为王某；第5项责任部门由办公室调整为"
                  "秘书科、财务科；第5项明确责任人为李某），新逾期1个（第10项）。\n")  # fmt: skip
    life = json.loads(cli("history", "5", "--format", "json", root=repo.ledger).stdout)
    assert [e["changes"] for e in life[-2:]] == [
        ["leader 张某", "department 办公室", "+2 log"],
        ["leader 张某 → 王某", "department 办公室 → 秘书科、财务科", "owner 李某", "+3 log"],
    ]
    assert cli("history", "5", root=repo.ledger).stdout.splitlines()[-1] == (
        "    leader 张某 → 王某, department 办公室 → 秘书科、财务科, owner 李某, +3 log"
    )
    assert "    - 2026-03-20 责任部门由办公室调整为秘书科、财务科\n" in cli("show", "5", root=repo.ledger).stdout
    from ledger.core import i18n

    monkeypatch.setenv("LEDGER_LANG", "zh")
    i18n.set_language(None)
    text = cli("changes", "--as-of", "2026-03-21", root=repo.ledger).stdout.splitlines()
    assert text[1:] == [
        "  责任调整： 05 提高公文办理水平：责任领导 张某 → 王某",
        "  责任调整： 05 提高公文办理水平：责任部门 办公室 → 秘书科、财务科",
        "  责任调整： 05 提高公文办理水平：责任人 无 → 李某",
        "  新逾期：   16 规范公务接待管理",
    ]
    assert cli("history", "5", root=repo.ledger).stdout.splitlines()[-1] == (
        "    责任领导 张某 → 王某，责任部门 办公室 → 秘书科、财务科，责任人 李某，整改进展增加3条"
    )


def test_a_back_dated_note_is_no_rewritten_log_but_a_moved_or_dropped_entry_is(repo: Repo, cli) -> None:
    """`note --date` puts an earlier note where its date belongs (SPEC 3), between entries of REV's log: every
    entry of REV is still there, in order, so validate --against passes; one taken out or moved does not."""
    path = repo.ledger / "items" / "03.yaml"
    assert cli("note", "03", "二月下旬的进展", "--date", "2026-02-20", root=repo.ledger).exit_code == 0
    repo.commit("三月", "2026-03-01T10:00:00+08:00")
    assert cli("note", "03", "补记二月中旬", "--date", "2026-02-15", root=repo.ledger).exit_code == 0
    assert path.read_text(encoding="utf-8").endswith(
        "    note: 完成理论学习中心组第一次专题学习\n  - date: 2026-02-15\n    note: 补记二月中旬\n"
        "  - date: 2026-02-20\n    note: 二月下旬的进展\n"
    )
    result = cli("validate", "--against", "HEAD", root=repo.ledger)
    assert (result.exit_code, result.stdout) == (0, ""), result.stdout
    notes = json.loads(cli("changes", "--since", "HEAD", "--format", "json", root=repo.ledger).stdout)["notes"]
    assert notes == [{"id": "03", "date": "2026-02-15", "note": "补记二月中旬"}]
    text = path.read_text(encoding="utf-8")
    first = "  - date: 2026-02-10\n    note: 完成理论学习中心组第一次专题学习\n"
    moved = text.replace(first, "") + first  # REV's first entry now after its second: out of REV's order
    dropped = text.replace("  - date: 2026-02-20\n    note: 二月下旬的进展\n", "")
    for changed, number in ((moved, 2), (dropped, 2)):
        path.write_text(changed, encoding="utf-8")
        result = cli("validate", "--against", "HEAD", root=repo.ledger)
        assert result.exit_code == 1 and f"error[log-rewritten]: log[{number}]: changed or removed since HEAD" in (
            result.stdout
        ), result.stdout


@pytest.mark.parametrize(
    "broken",
    [
        b"title: [unclosed\n",  # not YAML
        "title: 任务\n".encode("gbk"),  # not UTF-8
        b"<<<<<<< HEAD\ntitle: a\n=======\ntitle: b\n>>>>>>> other\n",  # a merge left half done
        b"\x00\x01binary",
        "link",  # a link (git's mode 120000), never read from git
    ],
)
def test_deleting_an_item_that_did_not_even_read_at_the_commit_is_seen(repo: Repo, cli, broken) -> None:
    path = repo.ledger / "items" / "07.yaml"
    path.unlink()
    if broken == "link":
        path.symlink_to("01.yaml")
    else:
        path.write_bytes(broken)
    repo.commit("坏文件", "2026-03-05T10:00:00+08:00")
    path.unlink()
    result = cli("validate", "--against", "HEAD", root=repo.ledger)
    assert result.exit_code == 1
    assert ("items/07.yaml: error[item-removed]: item 07 is in HEAD (items/07.yaml) and gone now; items are closed "
            "or kept, never deleted") in result.stdout.splitlines()  # fmt: skip
    assert json.loads(cli("changes", "--since", "HEAD", "--format", "json", root=repo.ledger).stdout)["removed"] == [
        "07"
    ]


# --- Links: the work tree and git read a ledger alike ------------------------------------------------------


def move_behind_link(root: Path, name: str, target: str) -> None:
    """Move `name` (a file or folder of the ledger) to `target` and put a relative link to it in its place."""
    place, moved = root / name, root / target
    moved.parent.mkdir(parents=True, exist_ok=True)
    place.rename(moved)
    place.symlink_to(os.path.relpath(moved, place.parent))


LINK_LAYOUTS = {
    "item file": lambda r: move_behind_link(r, "items/01.yaml", "archive/01.yaml"),
    "items folder": lambda r: move_behind_link(r, "items", "store"),
    "ledger.yaml": lambda r: move_behind_link(r, "ledger.yaml", "conf/ledger.yaml"),
    "chain of links": lambda r: (
        move_behind_link(r, "items/01.yaml", "a/01.yaml"),
        move_behind_link(r, "a/01.yaml", "b/c/01.yaml"),
    ),  # fmt: skip
    "link in a linked folder": lambda r: (
        move_behind_link(r, "items", "store"),
        move_behind_link(r, "store/01.yaml", "archive/01.yaml"),
    ),  # fmt: skip
    "two names, one file": lambda r: (r / "items" / "17.yaml").symlink_to("01.yaml"),
}


def where_01(root: Path) -> Path:
    """The file item 01 is read from, links followed."""
    return Path(os.path.realpath(root / "items" / "01.yaml"))


@pytest.mark.parametrize("layout", LINK_LAYOUTS)
def test_a_link_inside_the_ledger_reads_at_a_commit_as_in_the_work_tree(repo: Repo, cli, layout: str) -> None:
    """Whatever `validate` reads through a link inside the ledger, the ledger at a commit reads alike (items,
    problems); removing, reopening or re-dating a done item behind a link is then seen by validate --against,
    changes and history."""
    from ledger.core.load import load_ledger
    from ledger.history.repo import ledger_at

    LINK_LAYOUTS[layout](repo.ledger)
    repo.commit("链接", "2026-03-05T10:00:00+08:00")
    now, then = load_ledger(repo.ledger, use_cache=False), ledger_at(repo.ledger, "HEAD").ledger

    def seen(ledger):
        return (
            [(i.id, i.status, i.closed) for i in ledger.items],
            ledger.files,
            [(p.path, p.code, p.message) for p in ledger.problems],
        )

    assert seen(then) == seen(now) and len(now.items) >= 14
    assert cli("validate", "--against", "HEAD", root=repo.ledger).exit_code == (1 if now.errors else 0)
    # a silent reopen of done item 01, in the file it leads to
    file = where_01(repo.ledger)
    file.write_text("".join(line for line in file.read_text(encoding="utf-8").splitlines(keepends=True)
                            if not line.startswith("closed:")).replace("status: done", "status: in_progress"),
                    encoding="utf-8")  # fmt: skip
    result = cli("validate", "--against", "HEAD", root=repo.ledger)
    assert result.exit_code == 1 and "items/01.yaml:3:9: error[silent-reopen]" in result.stdout, result.stdout
    repo.commit("悄悄恢复", "2026-03-06T10:00:00+08:00")
    assert "status done → in_progress" in cli("history", "01", root=repo.ledger).stdout
    # deleted: the link and the file it leads to
    where_01(repo.ledger).unlink()
    if (repo.ledger / "items" / "01.yaml").is_symlink():
        (repo.ledger / "items" / "01.yaml").unlink()
    result = cli("validate", "--against", "HEAD", root=repo.ledger)
    assert result.exit_code == 1
    assert ("items/01.yaml: error[item-removed]: item 01 is in HEAD (items/01.yaml) and gone now; items are closed "
            "or kept, never deleted") in result.stdout.splitlines(), result.stdout  # fmt: skip
    assert "01" in json.loads(cli("changes", "--since", "HEAD", "--format", "json", root=repo.ledger).stdout)["removed"]


FAULTY_LINKS = {  # (what is a link, where it leads) -> the problem named at the commit
    ("items/01.yaml", "../../outside.yaml"): "items/01.yaml: error[outside-ledger]",  # out of the ledger, in its repo
    ("items/01.yaml", "/etc/hostname"): "items/01.yaml: error[outside-ledger]",
    ("items/01.yaml", "../../.git/config"): "items/01.yaml: error[outside-ledger]",
    ("items/01.yaml", "../.git/config"): "items/01.yaml: error[outside-ledger]",
    ("items/01.yaml", "gone.yaml"): "items/01.yaml: error[unreadable]",
    ("items/01.yaml", "01.yaml"): "items/01.yaml: error[unreadable]",  # a loop
    ("items", "../elsewhere"): "items: error[outside-ledger]",
    ("items", "nowhere"): "items: error[unreadable]",
    ("items", "items"): "items: error[unreadable]",
    ("items", "ledger.yaml"): "items: error[no-items]",  # a file, no folder
    ("ledger.yaml", "../outside.yaml"): "ledger.yaml: error[outside-ledger]",
    ("ledger.yaml", "nowhere.yaml"): "ledger.yaml: error[unreadable]",
}


@pytest.mark.parametrize(("link", "target"), FAULTY_LINKS)
def test_a_link_git_cannot_read_is_an_error_naming_it_never_a_smaller_ledger(repo: Repo, cli, link: str,
                                                                            target: str) -> None:  # fmt: skip
    from ledger.history.repo import ledger_at

    (repo.path / "outside.yaml").write_bytes((repo.ledger / "items" / "01.yaml").read_bytes())
    shutil.copytree(repo.ledger / "items", repo.path / "elsewhere")
    path = repo.ledger / link
    (shutil.rmtree if path.is_dir() else Path.unlink)(path)
    path.symlink_to(target)
    repo.commit("坏链接", "2026-03-05T10:00:00+08:00")
    then = ledger_at(repo.ledger, "HEAD").ledger
    assert FAULTY_LINKS[link, target] in [f"{p.path}: {p.severity}[{p.code}]" for p in then.problems if p.is_error]
    if link != "ledger.yaml":  # (without one, the work tree is no ledger to run in)
        result = cli("report", "--at", "HEAD", root=repo.ledger)
        assert result.exit_code == 1 and FAULTY_LINKS[link, target] in result.stdout + result.stderr
    if link == "items/01.yaml":  # an item file all the same: deleting it is a removal
        path.unlink()
        assert "items/01.yaml: error[item-removed]" in cli("validate", "--against", "HEAD", root=repo.ledger).stdout


def test_a_round_reads_a_unit_at_a_ref_through_its_links(repo: Repo, cli, tmp_path: Path) -> None:
    move_behind_link(repo.ledger, "items", "store")
    repo.commit("链接", "2026-03-05T10:00:00+08:00")
    repo.run("tag", "linked")
    round_root = tmp_path / "round"
    round_root.mkdir()
    unit = f"  - {{name: 甲, path: {repo.ledger}, ref: linked}}\n"
    (round_root / "round.yaml").write_text(f"title: 第三轮\nunits:\n{unit}", encoding="utf-8")
    result = cli("rollup", "--format", "json", root=round_root)
    assert result.exit_code == 0 and [u["total"] for u in json.loads(result.stdout)["units"]] == [16], result.stdout


def test_a_submodule_or_folder_named_like_an_item_file_at_a_commit_is_named(repo: Repo) -> None:
    """A gitlink (mode 160000) or a folder called items/17.yaml is the folder it is on disk: a stray file."""
    from ledger.history.repo import ledger_at

    head = repo.run("rev-parse", "HEAD").strip()
    repo.run("update-index", "--add", "--cacheinfo", f"160000,{head},台账/items/17.yaml")
    (repo.ledger / "items" / "18.yaml").mkdir()
    (repo.ledger / "items" / "18.yaml" / "a.yaml").write_text("title: x\n", encoding="utf-8")
    repo.run("add", "台账/items/18.yaml/a.yaml")
    repo.run("commit", "-qm", "子模块")
    found = [(p.path, p.code) for p in ledger_at(repo.ledger, "HEAD").ledger.problems]
    assert ("items/17.yaml/", "stray-file") in found and ("items/18.yaml/", "stray-file") in found, found

"""What a merge request can plant for git, and what ledger's git runner makes of it: nothing runs, nothing is
written outside, and the figures come from the repository that holds the ledger."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from helpers import git, write_ledger

if not shutil.which("git"):
    pytest.skip("git is needed for the ledger's history", allow_module_level=True)

MISSING = "1" * 40  # a commit no repository holds


def item(title: str, status: str = "in_progress", closed: str | None = None) -> str:
    return f"title: {title}\ncategory: duty\nstatus: {status}\nmeasures: [措施]\n" + (
        f"closed: {closed}\n" if closed else ""
    )


def plant_repository(folder: Path, marker: Path) -> None:
    """Files that make `folder` look like a repository to git's discovery: a partial clone whose promisor
    remote is an `ext::` command, an fsmonitor and hooks that each touch `marker`, a HEAD naming a commit
    that is missing (so reading it would fetch it lazily)."""
    script, ext = f"touch {marker}", f"ext::sh -c touch% {marker}"
    (folder / "HEAD").write_text(f"{MISSING}\n")
    (folder / "config").write_text(
        "[core]\n\trepositoryformatversion = 1\n\tbare = false\n\tworktree = .\n"
        f"\tfsmonitor = {script}\n\thooksPath = hooks\n"
        "[extensions]\n\tpartialClone = origin\n"
        f'[remote "origin"]\n\turl = {ext}\n\tpromisor = true\n\tpartialclonefilter = blob:none\n'
        "[protocol]\n\tallow = always\n"
        '[protocol "ext"]\n\tallow = always\n'
        f'[url "{ext}% "]\n\tinsteadOf = file://\n'
    )
    (folder / "refs" / "heads").mkdir(parents=True)
    (folder / "refs" / "heads" / "main").write_text(f"{MISSING}\n")
    (folder / "objects" / "info").mkdir(parents=True)
    (folder / "objects" / "info" / "keep").write_text("")
    (folder / "hooks").mkdir()
    for hook in ("reference-transaction", "post-checkout", "pre-auto-gc", "post-index-change"):
        (folder / "hooks" / hook).write_text(f"#!/bin/sh\n{script}\n")
        (folder / "hooks" / hook).chmod(0o755)


@pytest.fixture
def planted(tmp_path: Path, cli) -> tuple[Path, Path, Path]:
    """A repository whose ledger lives in `sub/`, and a merge request that committed a repository's
    files into `sub/`: (repository, ledger, marker)."""
    repo, marker = tmp_path / "repo", tmp_path / "pwned"
    ledger = write_ledger(repo / "sub", {"01.yaml": item("甲", "done", "2025-06-01"), "02.yaml": item("乙")})
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "一月")
    git(repo, "tag", "notice-2026-01")
    plant_repository(ledger, marker)
    (ledger / "items" / "01.yaml").unlink()  # the request also deletes a done item
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "合并请求")
    return repo, ledger, marker


COMMANDS = (
    ["changes", "--since", "HEAD"],
    ["changes"],
    ["history", "02"],
    ["report", "--at", "HEAD"],
    ["validate", "--against", "main"],
    ["validate", "--against", "HEAD"],
)


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
def test_a_planted_repository_inside_the_ledger_is_only_files(planted, cli, args: list[str]) -> None:
    repo, ledger, marker = planted
    cli(*args, root=ledger)
    assert not marker.exists()


def test_validate_against_sees_the_real_history_past_a_planted_repository(planted, cli) -> None:
    repo, ledger, marker = planted
    result = cli("validate", "--against", "notice-2026-01", root=ledger)
    assert result.exit_code == 1
    assert "items/01.yaml: error[item-removed]" in result.stdout + result.stderr
    changes = json.loads(cli("changes", "--format", "json", root=ledger).stdout)
    assert (changes["commit"], changes["removed"]) == (git(repo, "rev-parse", "notice-2026-01").strip(), ["01"])
    assert not marker.exists()


@pytest.mark.parametrize("variable", ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
                                      "GIT_CEILING_DIRECTORIES", "GIT_CONFIG"])  # fmt: skip
def test_the_environment_names_no_other_repository(planted, cli, tmp_path: Path, monkeypatch, variable) -> None:
    """As inside a git hook, GIT_DIR (and friends) may name another repository: ledger reads the ledger's own."""
    repo, ledger, marker = planted
    other = write_ledger(tmp_path / "other", {"01.yaml": item("别的", "open")})
    git(other, "init", "-q", "-b", "main")
    git(other, "add", "-A")
    git(other, "commit", "-qm", "x")
    git(other, "tag", "notice-2026-01")
    target = {"GIT_DIR": other / ".git", "GIT_WORK_TREE": other, "GIT_INDEX_FILE": other / ".git" / "index",
              "GIT_OBJECT_DIRECTORY": other / ".git" / "objects", "GIT_CEILING_DIRECTORIES": repo.parent,
              "GIT_CONFIG": other / ".git" / "config"}[variable]  # fmt: skip
    monkeypatch.setenv(variable, str(target))
    result = cli("changes", "--format", "json", root=ledger)
    assert json.loads(result.stdout)["commit"] == git(repo, "rev-parse", "notice-2026-01").strip()
    assert not marker.exists()


def test_the_users_global_configuration_runs_nothing(planted, cli, tmp_path: Path, monkeypatch) -> None:
    """Neither ~/.gitconfig nor GIT_CONFIG_GLOBAL (hooks, fsmonitor, a pager, an insteadOf to ext::) is read."""
    repo, ledger, marker = planted
    config = tmp_path / "home" / ".gitconfig"
    config.parent.mkdir()
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "reference-transaction").write_text(f"#!/bin/sh\ntouch {marker}\n")
    (hooks / "reference-transaction").chmod(0o755)
    config.write_text(f"[core]\n\tfsmonitor = touch {marker}\n\thooksPath = {hooks}\n\tpager = touch {marker}\n"
                      f'[protocol "ext"]\n\tallow = always\n[url "ext::sh -c touch% {marker}% "]\n\tinsteadOf = /\n'
                      f'[url "ext::sh -c touch% {marker}% "]\n\tinsteadOf = file://\n')  # fmt: skip
    monkeypatch.setenv("HOME", str(config.parent))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    for args in COMMANDS:
        cli(*args, root=ledger)
    unit = write_ledger(tmp_path / "unit", {"01.yaml": item("单位", "open")})
    git(unit, "init", "-q", "-b", "main")
    git(unit, "add", "-A")
    git(unit, "commit", "-qm", "x")
    round_ = tmp_path / "round"
    round_.mkdir()
    (round_ / "round.yaml").write_text(f"title: 轮\nunits:\n  - name: 甲\n    git: {unit}\n"
                                       f"  - name: 乙\n    git: file://{unit}\n", encoding="utf-8")  # fmt: skip
    result = cli("rollup", "--format", "json", root=round_)
    assert [u["total"] for u in json.loads(result.stdout)["units"]] == [1, 1]
    assert not marker.exists()


# --- A round: the units' copies are ledger's own -------------------------------------------------------


@pytest.fixture
def unit_repo(tmp_path: Path) -> Path:
    unit = write_ledger(tmp_path / "unit", {"01.yaml": item("单位甲", "open"), "02.yaml": item("单位乙")})
    git(unit, "init", "-q", "-b", "main")
    git(unit, "add", "-A")
    git(unit, "commit", "-qm", "x")
    git(unit, "tag", "v1")
    return unit


def write_round(folder: Path, units: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "round.yaml").write_text(f"title: 轮\nunits:\n{units}", encoding="utf-8")
    return folder


def test_a_cache_committed_into_the_round_is_never_used(tmp_path: Path, unit_repo: Path, cli) -> None:
    """The round's folder once held `.ledger-cache/units/<sha1 of the address>/`: a request that commits one,
    with an insteadOf to ext:: and a hook, plants nothing any more."""
    marker = tmp_path / "pwned"
    round_ = write_round(tmp_path / "round", f"  - name: 甲\n    git: {unit_repo}\n    ref: v1\n")
    for address in (str(unit_repo), f"file://{unit_repo}"):
        old = round_ / ".ledger-cache" / "units" / hashlib.sha1(address.encode()).hexdigest()[:16]  # noqa: S324
        old.mkdir(parents=True)
        plant_repository(old, marker)
    before = sorted(str(p) for p in (round_ / ".ledger-cache").rglob("*"))
    result = cli("rollup", "--format", "json", root=round_)
    assert json.loads(result.stdout)["units"][0]["total"] == 2
    assert sorted(str(p) for p in (round_ / ".ledger-cache").rglob("*")) == before
    assert not marker.exists()


@pytest.mark.parametrize("level", ["ledger", "ledger/units", "unit"])
def test_no_level_of_the_units_cache_is_followed_through_a_link(tmp_path: Path, unit_repo: Path, cli, user_cache,
                                                                 level: str) -> None:  # fmt: skip
    round_ = write_round(tmp_path / "round", f"  - name: 甲\n    git: {unit_repo}\n  - name: 乙\n    path: b\n")
    write_ledger(round_ / "b", {"01.yaml": item("乙单位")})
    assert cli("rollup", root=round_).exit_code == 0  # the copy made once
    outside = tmp_path / "outside"
    outside.mkdir()
    (unit := next((user_cache / "ledger" / "units").iterdir()))
    target = {"ledger": user_cache / "ledger", "ledger/units": user_cache / "ledger" / "units", "unit": unit}[level]
    shutil.rmtree(target)
    if level == "unit":  # another repository's .git
        target.symlink_to(unit_repo / ".git")
    else:
        target.symlink_to(outside)
    before = {p: p.stat().st_mtime_ns for p in [*outside.rglob("*"), *(unit_repo / ".git").rglob("*")]}
    result = cli("rollup", "--format", "json", root=round_)
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [u["ok"] for u in data["units"]] == [False, True] and not data["complete"]
    assert "is a link or not a folder" in result.stderr
    assert {p: p.stat().st_mtime_ns for p in [*outside.rglob("*"), *(unit_repo / ".git").rglob("*")]} == before
    assert not (unit_repo / ".git" / "shallow").exists()


def test_a_folder_in_the_cache_that_ledger_did_not_make_is_refused(tmp_path: Path, unit_repo: Path, cli,
                                                                   user_cache) -> None:  # fmt: skip
    round_ = write_round(tmp_path / "round", f"  - name: 甲\n    git: {unit_repo}\n")
    cli("rollup", root=round_)
    unit = next((user_cache / "ledger" / "units").iterdir())
    (unit / "ledger-unit").unlink()
    result = cli("rollup", root=round_)
    assert result.exit_code == 1 and "was not made by ledger (no ledger-unit file)" in result.stderr


def test_a_path_unit_with_a_ref_ignores_a_planted_repository(tmp_path: Path, planted, cli) -> None:
    repo, ledger, marker = planted
    round_ = write_round(tmp_path / "round", f"  - name: 甲\n    path: {ledger}\n    ref: notice-2026-01\n")
    result = cli("rollup", "--format", "json", root=round_)
    assert json.loads(result.stdout)["units"][0]["total"] == 2  # notice-2026-01 of the real repository
    assert not marker.exists()


def test_units_of_one_repository_at_two_refs_keep_their_own_counts(tmp_path: Path, unit_repo: Path, cli) -> None:
    (unit_repo / "items" / "03.yaml").write_text(item("单位丙"), encoding="utf-8")
    git(unit_repo, "add", "-A")
    git(unit_repo, "commit", "-qm", "y")
    git(unit_repo, "tag", "v2")
    units = "".join(f"  - name: 单位{n}\n    git: {unit_repo}\n    ref: v{1 + n % 2}\n" for n in range(8))
    round_ = write_round(tmp_path / "round", units)
    result = cli("rollup", "--format", "json", root=round_)
    assert [u["total"] for u in json.loads(result.stdout)["units"]] == [2, 3] * 4
    assert result.exit_code == 0


def test_a_credential_in_an_address_is_never_printed(tmp_path: Path, cli) -> None:
    round_ = write_round(tmp_path / "round", "  - name: 甲\n    git: https://clerk:secret@127.0.0.1:9/x.git\n"
                                             "  - name: 乙\n    git: ext::clerk:secret@x\n")  # fmt: skip
    result = cli("rollup", "--fetch-timeout", "20", root=round_)
    assert result.exit_code == 1
    assert "https://***@127.0.0.1:9/x.git" in result.stderr
    assert "secret" not in result.stderr + result.stdout


@pytest.mark.parametrize(
    "address",
    [
        "https://clerk:p@S3CR3T@127.0.0.1:9/x.git",  # an @ in the password
        "https://clerk:pa/S3CR3T@127.0.0.1:9/x.git",  # a / in it (no valid address, still never shown)
        "http://clerk:S3CR3T@127.0.0.1:9/x.git",
        "https://S3CR3T@127.0.0.1:9/x.git",  # a token alone
        "ssh://clerk:S3CR3T@127.0.0.1:9/x.git",
        "ssh://clerk:p@S3CR3T@127.0.0.1:9/x.git",
        "clerk:S3CR3T@127.0.0.1:x.git",  # scp-like with a password: no address git takes
        "file://clerk:S3CR3T@/nowhere/x.git",
    ],
)
def test_a_credential_is_never_printed_however_the_address_is_written(tmp_path: Path, cli, address: str) -> None:
    round_ = write_round(tmp_path / "round", f"  - name: 甲\n    git: '{address}'\n")
    result = cli("rollup", "--fetch-timeout", "20", root=round_)
    assert result.exit_code == 1
    assert "S3CR3T" not in result.stderr + result.stdout, result.stderr
    assert "***@" in result.stderr


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ("  - name: 坏\n    git: {unit}\n    ref: 123\n", "error[wrong-type]: units[2].ref: "),
        ("  - name: 甲\n    path: a\n", "error[duplicate-unit]: units[2].name: '甲' is named twice"),
        ("  - name: '甲 '\n    path: a\n", "error[duplicate-unit]: units[2].name: '甲 ' is named twice"),
        ("  - name: 坏\n    git: {unit}\n    ref: '-upload-pack=x'\n", "units[2].ref: '-upload-pack=x' is no tag"),
        ("  - name: 坏\n    nope: 1\n", "error[unknown-key]: units[2].nope: unknown key"),
        ("  - 坏\n", "error[wrong-type]: units[2]: expected"),
    ],
)
def test_one_bad_unit_entry_hides_no_other_unit(tmp_path: Path, unit_repo: Path, cli, entry: str, problem: str) -> None:
    write_ledger(tmp_path / "round" / "a", {"01.yaml": item("甲单位")})
    units = "  - name: 甲\n    path: a\n" + entry.format(unit=unit_repo) + f"  - name: 丙\n    git: {unit_repo}\n"
    round_ = write_round(tmp_path / "round", units)
    result = cli("rollup", "--format", "json", root=round_)
    data = json.loads(result.stdout)
    assert result.exit_code == 1 and not data["complete"]
    assert [(u["total"], u["ok"]) for u in data["units"]] == [(1, True), (0, False), (2, True)]
    assert data["total"]["total"] == 3
    assert problem in result.stderr
    assert "Incomplete: 1 unit with problems" in result.stderr


def test_a_git_unit_may_be_a_path_relative_to_round_yaml(tmp_path: Path, unit_repo: Path, cli) -> None:
    round_ = write_round(tmp_path / "rounds" / "r", "  - name: 甲\n    git: ../../unit\n    ref: v1\n")
    result = cli("rollup", "--format", "json", root=round_)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["units"][0]["total"] == 2


def test_a_server_that_never_answers_is_given_up_on_time(tmp_path: Path, cli) -> None:
    """It accepts and says nothing: each unit's fetch stops at its time limit, the units are fetched at once,
    and the message says it timed out."""
    import socket
    import time

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    port = server.getsockname()[1]
    units = "".join(f"  - name: 单位{n}\n    git: http://127.0.0.1:{port}/u{n}.git\n" for n in range(4))
    round_ = write_round(tmp_path / "round", units)
    start = time.monotonic()
    try:
        result = cli("rollup", "--fetch-timeout", "2", root=round_)
    finally:
        server.close()
    took = time.monotonic() - start
    assert result.exit_code == 1
    assert took < 6, took  # four units of 2 s each, at once
    assert result.stderr.count("timed out after 2 s") == 4
    assert sorted(line for line in result.stderr.splitlines() if line.startswith("fetching")) == [
        f"fetching unit 单位{n} from http://127.0.0.1:{port}/u{n}.git …" for n in range(4)
    ]


def test_the_rounds_fetches_stop_at_the_total_limit(tmp_path: Path, cli) -> None:
    import socket

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(32)
    port = server.getsockname()[1]
    units = "".join(f"  - name: 单位{n}\n    git: http://127.0.0.1:{port}/u{n}.git\n" for n in range(10))
    round_ = write_round(tmp_path / "round", units)
    try:
        result = cli("rollup", "--fetch-timeout", "30", "--total-timeout", "2", "--format", "json", root=round_)
    finally:
        server.close()
    assert [u["ok"] for u in json.loads(result.stdout)["units"]] == [False] * 10
    assert result.stderr.count("timed out after") + result.stderr.count("longer than 2 s in all") == 10


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ("", "names no git folder"),
        ("gitdir:\n", "names no git folder"),
        ("gitdir: /nonexistent/x\n", "names no git folder"),
        ("gitdir: ../real/.git/HEAD\n", "names no git folder"),  # a file, not a folder
        ("gitdir: " + "x" * 5000 + "\n", "names no git folder"),  # longer than a file name may be
        ("gitdir: ../real/.git\r\n", None),  # as Windows writes it: the real repository
        ("gitdir:    ../real/.git   \n", None),
    ],
)
def test_a_git_file_naming_an_odd_folder_is_said_plainly(tmp_path: Path, cli, content: str, said: str | None) -> None:
    """A `.git` file (a worktree, a submodule) whose gitdir is empty, missing, a file or too long: one line."""
    real = write_ledger(tmp_path / "real", {"01.yaml": item("甲")})
    git(real, "init", "-q", "-b", "main")
    git(real, "add", "-A")
    git(real, "commit", "-qm", "x")
    ledger = write_ledger(tmp_path / "wt", {"01.yaml": item("甲")})
    (ledger / ".git").write_text(content, encoding="utf-8")
    result = cli("changes", "--since", "HEAD", root=ledger)
    if said is None:
        assert result.exit_code == 0 and result.stdout.endswith("  no changes\n")
    else:
        assert (result.exit_code, result.stderr) == (1, f"Error: {ledger / '.git'} {said}\n")


@pytest.mark.parametrize("inside", ["objects", "refs", "config", "shallow", "objects/pack", "refs/ledger", "HEAD"])
def test_no_file_or_folder_inside_a_units_copy_is_followed_through_a_link(
    tmp_path: Path, unit_repo: Path, cli, user_cache, inside: str
) -> None:
    """Deeper than the copy's own folder: its objects/, refs/, config, shallow … a link to another repository's
    are refused, and nothing of that repository is written."""
    other = write_ledger(tmp_path / "other", {"01.yaml": item("别的")})
    git(other, "init", "-q", "-b", "main")
    git(other, "add", "-A")
    git(other, "commit", "-qm", "x")
    round_ = write_round(tmp_path / "round", f"  - name: 甲\n    git: {unit_repo}\n")
    assert cli("rollup", root=round_).exit_code == 0  # the copy made and fetched once
    unit = next((user_cache / "ledger" / "units").iterdir())
    target, theirs = unit / inside, other / ".git" / inside
    if not theirs.exists():  # a file git writes later (shallow): its place in the other repository
        theirs.write_text("")
    shutil.rmtree(target) if target.is_dir() else target.unlink(missing_ok=True)
    target.symlink_to(theirs, target_is_directory=theirs.is_dir())
    before = {str(p): (p.stat().st_mtime_ns, p.stat().st_size) for p in (other / ".git").rglob("*") if p.is_file()}
    result = cli("rollup", "--format", "json", root=round_)
    assert result.exit_code == 1 and json.loads(result.stdout)["units"][0]["ok"] is False
    assert f"{unit} holds a link ({inside}); ledger keeps units only in a folder of its own (remove it)" in (
        result.stderr
    )
    after = {str(p): (p.stat().st_mtime_ns, p.stat().st_size) for p in (other / ".git").rglob("*") if p.is_file()}
    assert after == before

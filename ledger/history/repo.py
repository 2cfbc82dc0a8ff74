"""The ledger's history, from git objects: the ledger at a commit, what changed since, an item's life.

Only `git rev-parse`, `ls-tree`, `cat-file --batch`, `log` and `for-each-ref` are run: nothing
checks out a commit or touches the work tree or the index.
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from ledger.core import problems as codes
from ledger.core.errors import LedgerError
from ledger.core.i18n import N_, Phrase, _
from ledger.core.load import CONFIG_NAME, ITEMS_DIR, assemble, config_of, item_of, name_problem
from ledger.core.model import ASSIGN_FIELDS, Config, Item, ItemFile, Ledger, Problem, Record, id_key, item_id_of
from ledger.core.schema import field_name
from ledger.core.source import MAX_BYTES, Source, decode, parse
from ledger.history.git import Runner, find_repository

NOTICE_TAGS = "notice-*"
LINK_MODE = "120000"
TREE_MODE = "040000"
BLOB_MODES = ("100644", "100755")
FILE_MODES = (*BLOB_MODES, LINK_MODE)  # blobs; not a folder nor a submodule
MAX_LINKS = 40  # as the system's own limit on a chain of links (ELOOP)


class Git:
    """git on the repository holding the ledger's folder (the ledger may be a subfolder of it), found by
    ledger itself; or on a bare repository of ledger's own (`git_dir`: a round's copy of a unit's
    repository). Every call goes through the one hardened runner of `ledger.history.git`."""

    def __init__(self, root: Path, git_dir: Path | None = None) -> None:
        self.root = root
        self.top: Path | None = None  # the work tree's top, where the repository has one
        if git_dir is not None:
            self.runner, self.prefix = Runner(git_dir), ""
            return
        found, top = find_repository(root)
        self.runner, self.top = Runner(found, top), Path(os.path.realpath(top))
        relative = Path(os.path.relpath(Path(os.path.abspath(root)).resolve(), top)).as_posix()
        self.prefix = "" if relative == "." else relative + "/"

    def run(self, *args: str, what: str | None = None, stdin: bytes | None = None, timeout: float | None = None,
            fetch: bool = False, why: bool = False) -> str:  # fmt: skip
        return self.runner.run(*args, what=what, stdin=stdin, timeout=timeout, fetch=fetch, why=why)

    def shallow(self) -> set[str]:
        """The commits where a shallow clone's history is cut off (empty in a full clone)."""
        path = self.run("rev-parse", "--git-path", "shallow").rstrip("\n")
        file = Path(path) if os.path.isabs(path) else self.runner.cwd / path
        try:
            return set(file.read_text(encoding="ascii", errors="replace").split())
        except OSError:
            return set()

    def commit(self, rev: str) -> str:
        if not rev.strip():
            raise LedgerError(_("an empty name is no commit; give a commit, a tag or a branch"))
        if rev.startswith(("-", "^")):
            raise LedgerError(_("'{rev}' is not a commit").format(rev=rev))
        try:
            return self.run("rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}",
                            what=_("no commit '{rev}' in the repository").format(rev=rev)).strip()  # fmt: skip
        except LedgerError as e:
            if self.runner.work_tree is not None and self.shallow():
                raise LedgerError(_("{message} (the clone is shallow: its history is cut off; `git fetch --unshallow`"
                                    " reads the rest)").format(message=e.message)) from None  # fmt: skip
            raise

    def commit_day(self, sha: str) -> date:
        when = self.run("show", "-s", "--no-show-signature", "--format=%cI", sha).strip()
        try:
            return datetime.fromisoformat(when).date()
        except ValueError:
            raise LedgerError(_("commit {commit} is dated {when}, no day of the calendar; name another commit").format(
                commit=sha[:7], when=repr(when[:40]))) from None  # fmt: skip

    def newest_tag(self, pattern: str = NOTICE_TAGS) -> str | None:
        """The newest tag of a commit (an annotated tag may also name a tree or a file: not a notice)."""
        tags = self.run("for-each-ref", "--sort=-creatordate", "--format=%(objecttype)%(*objecttype) %(refname:short)",
                        f"refs/tags/{pattern}")  # fmt: skip
        for line in tags.splitlines():
            kinds, _sep, name = line.partition(" ")
            if kinds in ("commit", "tagcommit"):
                return name
        return None

    def tree(self, sha: str) -> dict[str, tuple[str, str]]:
        """ledger.yaml and the files of items/ at a commit: path from the ledger's root -> (mode, object)."""
        listing = self.run("ls-tree", "-z", "--full-tree", sha, "--", self.prefix + CONFIG_NAME,
                           self.prefix + ITEMS_DIR + "/")  # fmt: skip
        entries = {}
        for line in filter(None, listing.split("\0")):
            info, path = line.split("\t", 1)
            mode, kind, oid = info.split()
            if kind == "blob":
                entries[path[len(self.prefix) :]] = (mode, oid)
        return entries

    def trees(self, names: list[str]) -> list[dict[str, tuple[str, str]]]:
        """Folders (`<commit>:<path>`) through one `cat-file --batch`: each as name -> (mode, object); an absent
        folder is empty."""
        return [found or {} for found in self.folders(names)]

    def folders(self, names: list[str]) -> list[dict[str, tuple[str, str]] | None]:
        """Folders (`<commit>:<path>`) through one `cat-file --batch`: each as name -> (mode, object), or None
        where the name is absent or no folder."""
        if not names:
            return []
        out, position = self.cat_file("--batch", names), 0
        found: list[dict[str, tuple[str, str]] | None] = []
        for _name in names:
            end = out.index(b"\n", position)
            header = out[position:end].split()
            position = end + 1
            if len(header) < 3 or header[1] != b"tree":
                if len(header) >= 3:
                    position += int(header[2]) + 1
                found.append(None)
                continue
            size = int(header[2])
            found.append(tree_entries(out[position : position + size], len(header[0]) // 2))
            position += size + 1
        return found

    def blobs(self, oids: list[str]) -> dict[str, bytes]:
        """Many objects at once, through one `git cat-file --batch`; one over the size a file may have is
        never read whole: it stands as MAX_BYTES + 1 bytes, which reading calls too large."""
        if not oids:
            return {}
        sizes = self.batch("--batch-check", oids)
        small, found = [], {}
        for oid in oids:
            header = sizes.get(oid, [])
            if len(header) >= 3 and header[2].isdigit() and int(header[2]) > MAX_BYTES:
                found[oid] = bytes(MAX_BYTES + 1)
            else:
                small.append(oid)
        return found | self.contents(small) if small else found

    def batch(self, how: str, oids: list[str]) -> dict[str, list[str]]:
        """`git cat-file --batch-check`: each object's header (oid, type, size), by the oid asked for."""
        out = self.cat_file(how, oids).decode("utf-8", "replace").split("\n")
        return {oid: line.split() for oid, line in zip(oids, out, strict=False)}

    def cat_file(self, how: str, oids: list[str]) -> bytes:
        return self.runner.call(["cat-file", how], stdin="".join(f"{o}\n" for o in oids).encode()).stdout

    def contents(self, oids: list[str]) -> dict[str, bytes]:
        out, position, found = self.cat_file("--batch", oids), 0, {}
        for oid in oids:
            end = out.index(b"\n", position)
            header = out[position:end].split()
            if len(header) < 3:  # missing
                position = end + 1
                continue
            size = int(header[2])
            found[oid] = out[end + 1 : end + 1 + size]
            position = end + 1 + size + 1
        return found


def tree_entries(data: bytes, width: int) -> dict[str, tuple[str, str]]:
    """A tree object's entries (`<mode> <name>\\0<object id>`): name -> (mode, object id in hex)."""
    entries, position = {}, 0
    while position < len(data):
        space = data.index(b" ", position)
        nul = data.index(b"\0", space)
        mode, name = data[position:space].decode("ascii"), data[space + 1 : nul].decode("utf-8", "surrogateescape")
        entries[name] = (mode.rjust(6, "0"), data[nul + 1 : nul + 1 + width].hex())
        position = nul + 1 + width
    return entries


class Revision(Record):
    """The ledger as it was at a commit."""

    __slots__ = ("name", "sha", "day", "ledger")
    name: str
    sha: str
    day: date
    ledger: Ledger

    def __init__(self, name: str, sha: str, day: date, ledger: Ledger) -> None:
        self.name, self.sha, self.day, self.ledger = name, sha, day, ledger

    @property
    def notice_day(self) -> date:
        """The day of the notice published from it: its ledger.yaml's publication.date, else the commit's day."""
        published = (self.ledger.config.data.get("publication") or {}).get("date")
        return published if isinstance(published, date) else self.day


class Target(Record):
    """Where a path of the ledger leads at a commit, links followed: `mode` and `oid` of what it names and its
    `real` path from the ledger's root; or, where it leads nowhere readable, `fault`: "absent" (no such path, no
    link on the way), "dangling" (a link to nothing), "loop" (a chain of links that does not end), "outside" (out
    of the ledger's folder) or "git-folder" (into .git)."""

    __slots__ = ("mode", "oid", "real", "fault", "link")
    mode: str
    oid: str
    real: str
    fault: str
    link: bool

    def __init__(self, mode: str = "", oid: str = "", real: str = "", fault: str = "", link: bool = False) -> None:
        self.mode, self.oid, self.real, self.fault, self.link = mode, oid, real, fault, link


class TreeReader:
    """The files of one commit, read as the work tree reads them: a link inside the ledger's folder is followed
    (through the commit's own trees, never the disk), one out of it or into .git is refused, a chain of links
    ends after MAX_LINKS. Each folder is read once."""

    def __init__(self, git: Git, sha: str) -> None:
        self.git, self.sha = git, sha
        self.folders: dict[str, dict[str, tuple[str, str]] | None] = {}

    def folder(self, path: str) -> dict[str, tuple[str, str]] | None:
        """A folder at the commit (path from the repository's top, "" for the top): name -> (mode, object)."""
        if path not in self.folders:
            self.folders[path] = self.git.folders([f"{self.sha}:{path}"])[0]
        return self.folders[path]

    def resolve(self, rel: str) -> Target:
        """Where `rel` (from the ledger's root) leads at the commit."""
        prefix = self.git.prefix.rstrip("/")
        pending = [p for p in (self.git.prefix + rel).split("/") if p]
        done: list[str] = []
        links = 0
        mode, oid = TREE_MODE, ""
        while pending:
            part = pending.pop(0)
            if part == ".":
                continue
            if part == "..":
                if not done:
                    return Target(fault="outside", link=links > 0)
                done.pop()
                continue
            if part.lower() == ".git":
                return Target(fault="git-folder" if self.is_inside(done, prefix) else "outside", link=links > 0)
            entries = self.folder("/".join(done))
            entry = entries.get(part) if entries is not None else None
            if entry is None:
                return Target(fault="dangling" if links else "absent", link=links > 0)
            mode, oid = entry
            if mode != LINK_MODE:
                done.append(part)
                continue
            links += 1
            if links > MAX_LINKS:
                return Target(fault="loop", link=True)
            target = self.git.contents([oid]).get(oid, b"").decode("utf-8", "surrogateescape")
            if target.startswith("/"):
                top = self.git.top
                inside = top is not None and (target + "/").startswith(str(top).rstrip("/") + "/")
                if not inside:
                    return Target(fault="outside", link=True)
                pending = [p for p in target[len(str(top)) :].split("/") if p] + pending
                done = []
            else:
                pending = [p for p in target.split("/") if p] + pending
        real = "/".join(done)
        if not self.is_inside(done, prefix):
            return Target(fault="outside", link=links > 0)
        if not done:
            mode = TREE_MODE
        return Target(mode, oid, real[len(prefix) :].lstrip("/"), link=links > 0)

    @staticmethod
    def is_inside(done: list[str], prefix: str) -> bool:
        real = "/".join(done)
        return not prefix or real == prefix or real.startswith(prefix + "/")


def fault_problem(rel: str, target: Target, rev: str, folder: bool = False) -> Problem:
    """What a path that leads nowhere readable at a commit is: the same problem the work tree would name."""
    if target.fault == "outside":
        return codes.OUTSIDE_LEDGER.problem(rel, variant="folder" if folder else "")
    if target.fault == "git-folder":
        return codes.OUTSIDE_LEDGER.problem(rel, variant="git-folder")
    if target.fault == "loop":
        return codes.UNREADABLE.problem(rel, variant="link-loop")
    if target.fault == "dangling":
        return codes.UNREADABLE.problem(rel, variant="dangling", rev=rev)
    return codes.UNREADABLE.problem(rel, variant="not-in-commit", rev=rev)


def ledger_at(root: Path, rev: str, git: Git | None = None) -> Revision:
    """The ledger at `rev`, read from git objects and checked as `validate` checks the files: links inside the
    ledger followed as the work tree follows them; whatever cannot be read there is an error naming it (an item
    file that cannot be read is an item file all the same: its removal is one)."""
    from ledger.core.load import collector_paused, linked_twice

    git = git or Git(root)
    sha = git.commit(rev)
    reader = TreeReader(git, sha)
    with collector_paused():
        problems: list[Problem] = []
        config_at = reader.resolve(CONFIG_NAME)
        config_blob: str | None = None
        if config_at.fault == "absent":
            config, found = config_of(None, [codes.UNREADABLE.problem(CONFIG_NAME, variant="not-in-commit", rev=rev)])
        elif config_at.fault:
            config, found = config_of(None, [fault_problem(CONFIG_NAME, config_at, rev)])
        elif config_at.mode not in BLOB_MODES:
            config, found = config_of(None, [codes.UNREADABLE.problem(CONFIG_NAME, variant="not-regular")])
        else:
            config_blob, config, found = config_at.oid, Config(), []
        problems += found
        files: list[tuple[str, str]] = []
        reading: list[tuple[str, str, str | None, Problem | None]] = []  # (id, rel, object to read, or its problem)
        same: list[tuple[str, str, bool]] = []  # (rel, where it leads, through a link)
        items_at = reader.resolve(ITEMS_DIR)
        if items_at.fault == "absent":
            problems.append(codes.NO_ITEMS.problem(ITEMS_DIR + "/"))
        elif items_at.fault:
            problems.append(fault_problem(ITEMS_DIR, items_at, rev, folder=True))
        elif items_at.mode != TREE_MODE:
            problems.append(codes.NO_ITEMS.problem(ITEMS_DIR, variant="not-folder"))
        else:
            real_items = (git.prefix + items_at.real).rstrip("/")
            for name, (mode, oid) in sorted((reader.folder(real_items) or {}).items()):
                rel = f"{ITEMS_DIR}/{name}"
                if name.startswith((".", "_")):
                    continue
                target = Target(mode, oid, f"{items_at.real}/{name}")
                if mode == LINK_MODE:
                    target = reader.resolve(f"{items_at.real}/{name}")
                if not target.fault and target.mode not in BLOB_MODES:  # a folder, a submodule: as on disk
                    problems.append(codes.STRAY_FILE.problem(rel + "/", variant="folder"))
                elif wrong := name_problem(rel, name):
                    problems.append(wrong)
                else:
                    files.append((item_id_of(name), rel))
                    if target.fault:
                        reading.append((item_id_of(name), rel, None, fault_problem(rel, target, rev)))
                    else:
                        reading.append((item_id_of(name), rel, target.oid, None))
                        same.append((rel, target.real, mode == LINK_MODE))
        problems += linked_twice(same)
        wanted = {oid for _id, _rel, oid, _p in reading if oid} | ({config_blob} if config_blob else set())
        blobs = git.blobs(sorted(wanted))
        if config_blob:
            config, found = config_of(*parsed(CONFIG_NAME, blobs.get(config_blob, b""))[:2])
            problems += found
        results = []
        for item_id, rel, blob, fault in reading:
            if blob is None:
                results.append(ItemFile(None, [fault] if fault else []))
                continue
            node, found, text = parsed(rel, blobs.get(blob, b""))
            results.append(item_of(item_id, rel, node, found, text))
        ledger = assemble(root, config, problems, files, results)
    return Revision(rev, sha, git.commit_day(sha), ledger)


def parsed(rel: str, data: bytes) -> tuple[Any, list[Problem], str | None]:
    source, problems = decode(data, rel)
    if source is None:
        return None, problems, None
    return (*parse(source), source.text)


# --- What changed since a notice ------------------------------------------------------------------------


def since_revision(root: Path, since: str | None) -> Revision:
    if since is not None and not since.strip():
        raise LedgerError(_("--since is empty; give a commit, a tag or a branch (or leave it out for the newest "
                            "notice-* tag)"))  # fmt: skip
    git = Git(root)
    rev = since or git.newest_tag()
    if rev is None:
        raise LedgerError(
            _(
                "no --since and no tag named {pattern}; tag the commit each notice was published from "
                "(git tag notice-2026-01), or give --since REV"
            ).format(pattern=NOTICE_TAGS)
        )
    return ledger_at(root, rev, git)


def changes(old: Revision, now: Ledger, as_of: date) -> dict[str, Any]:
    """What changed between the ledger at `old` and now: the JSON of `ledger changes`."""
    before = {id_key(i.id): i for i in old.ledger.items}
    after = {id_key(i.id): i for i in now.items}
    present = {id_key(i) for i, _path in now.files}
    result: dict[str, Any] = {"since": old.name, "commit": old.sha, "notice_date": old.notice_day.isoformat(),
                              "as_of": as_of.isoformat(), "added": [],
                              "removed": [], "closed": [], "reopened": [], "status": [], "deadline": [], "assign": [],
                              "notes": [],
                              "newly_overdue": []}  # fmt: skip
    was_there = {id_key(i): i for i, _path in old.ledger.files}  # with the files that had errors at the commit
    result["removed"] = sorted((i for k, i in was_there.items() if k not in present), key=id_key)
    for key, item in sorted(after.items()):
        was = before.get(key)
        if was is None:
            result["added"].append(item.id)
        done, was_done = item.status.value == "done", was is not None and was.status.value == "done"
        if done and not was_done:
            result["closed"].append({"id": item.id, "closed": item.closed.isoformat() if item.closed else None})
        elif was_done and not done:
            reopen = next((e for e in reversed(item.log) if e.kind == "reopen"), None)
            result["reopened"].append({"id": item.id, "date": reopen.date.isoformat() if reopen else None})
        elif was is not None and was.status is not item.status:
            result["status"].append({"id": item.id, "from": was.status.value, "to": item.status.value})
        if was is not None and was.deadline != item.deadline:
            result["deadline"].append({"id": item.id, "from": iso(was.deadline), "to": iso(item.deadline)})
        elif was is None:  # an item added since: its deadline moves are in its log
            moves = [e for e in item.log if e.kind == "deadline"]
            if moves:
                result["deadline"].append({"id": item.id, "from": iso(moves[0].from_), "to": iso(item.deadline)})
        for field in ASSIGN_FIELDS if was is not None else ():  # 责任调整: both sides named
            then, now_ = getattr(was, field), getattr(item, field)
            if then != now_:
                result["assign"].append({"id": item.id, "field": field, "from": then, "to": now_})
        for entry in new_entries(was.log if was else [], item.log):
            if entry.kind in (None, "note"):
                result["notes"].append({"id": item.id, "date": entry.date.isoformat(), "note": entry.note})
        if item.overdue_on(as_of) and not (was is not None and was.overdue_on(old.notice_day)):
            result["newly_overdue"].append(item.id)
    return result


def new_entries(old: list[Any], new: list[Any]) -> list[Any]:
    """The entries of the log that were not in the old log (the log is append-only: normally its tail)."""
    if new[: len(old)] == old:
        return new[len(old) :]
    return [e for e in new if e not in old]


def iso(day: date | str | None) -> str | None:
    return day.isoformat() if isinstance(day, date) else day


# --- One item's life ------------------------------------------------------------------------------------


def item_history(root: Path, item_id: str) -> list[dict[str, Any]]:
    """Each commit that changed the item (found by id, so a renamed slug is followed), with what changed.

    Four git processes whatever the length of the history: one `git log` names the commits and the files
    they touched, one `cat-file --batch` reads the items/ folder of each commit that touched the item, and
    one `--batch-check` and one `--batch` read each distinct version of its file, parsed once."""
    git = Git(root)
    key = id_key(item_id)
    # -z: names as they are (git quotes a name with `"`, `\\` or a tab otherwise); literal: no glob in them.
    log = git.run("log", "-z", "--reverse", "--no-textconv", "--no-ext-diff", "--format=%x1e%H%x1f%aI%x1f%an%x1f%s",
                  "--name-only", "--no-renames", "--", f":(top,literal){git.prefix}{ITEMS_DIR}/")  # fmt: skip
    commits = []
    for record in filter(None, log.split("\x1e")):
        header, _sep, names = record.partition("\0")
        sha, when, author, subject = header.split("\x1f", 3)
        touched = [n.lstrip("\n")[len(git.prefix) :] for n in names.split("\0") if n.strip("\n")]
        if any(is_item(path, key) or path == ITEMS_DIR for path in touched):
            commits.append((sha, when, author, subject))
    folders = git.folders([f"{sha}:{git.prefix}{ITEMS_DIR}" for sha, *_rest in commits])
    linked = any(folder is None or any(mode == LINK_MODE for name, (mode, _o) in folder.items()
                                       if is_item(f"{ITEMS_DIR}/{name}", key)) for folder in folders)  # fmt: skip
    if linked:  # items/ or the item's file a link at some commit: each commit of the ledger read as validate reads it
        commits, versions = linked_versions(git, key)
    else:
        versions = [{f"{ITEMS_DIR}/{name}": oid for name, (mode, oid) in (folder or {}).items()
                     if mode in BLOB_MODES and is_item(f"{ITEMS_DIR}/{name}", key)} for folder in folders]  # fmt: skip
    pieces: dict[str, Any] = {}  # a top-level key's or a list entry's text -> its value, parsed once
    cut = git.shallow()
    entries, previous, previous_path = [], None, None
    for start in range(0, len(commits), VERSIONS_AT_ONCE):  # the versions read in batches: memory stays flat
        batch = list(zip(commits[start : start + VERSIONS_AT_ONCE], versions[start : start + VERSIONS_AT_ONCE],
                         strict=True))  # fmt: skip
        blobs = git.blobs(sorted({oid for _commit, files in batch for oid in files.values()}))
        for (sha, when, author, subject), files in batch:
            path = min(files, default=None)
            data = plain_data_in_pieces(path, blobs.get(files[path], b""), pieces) if path else None
            words: list[str]
            if previous is None and previous_path is None and sha in cut and isinstance(data, dict):
                words = [Phrase(N_("history begins here: the clone is shallow (git fetch --unshallow reads the "
                                   "rest); as it stands: {title}"), title=data.get("title", ""))]  # fmt: skip
            else:
                words = describe(previous, data)
            if path and previous_path and path != previous_path:
                words.insert(0, Phrase(N_("renamed {old} → {new}"), old=previous_path, new=path))
            if words:
                entries.append({"commit": sha, "date": when[:10], "author": author, "subject": subject,
                                "path": path or previous_path, "changes": words})  # fmt: skip
            previous, previous_path = data, path or previous_path
    if not entries:
        raise LedgerError(_("item {id} has no history in git (no commit touched a file of that id)").format(id=item_id))
    return entries


def linked_versions(git: Git, key: tuple[Any, ...]) -> tuple[list[tuple[str, str, str, str]], list[dict[str, str]]]:
    """Every commit that touched the ledger's folder, with the item's file at it (item path -> object), links
    inside the ledger followed as `ledger_at` follows them: the slow way, for a history where items/ or the item's
    file was a link (its edits are then commits to the file it leads to)."""
    log = git.run("log", "-z", "--reverse", "--no-textconv", "--no-ext-diff", "--format=%H%x1f%aI%x1f%an%x1f%s",
                  "--", *([f":(top,literal){git.prefix}"] if git.prefix else []))  # fmt: skip
    commits: list[tuple[str, str, str, str]] = []
    versions: list[dict[str, str]] = []
    for record in filter(None, log.split("\0")):
        sha, when, author, subject = record.strip("\n").split("\x1f", 3)
        reader = TreeReader(git, sha)
        items_at = reader.resolve(ITEMS_DIR)
        files: dict[str, str] = {}
        if not items_at.fault and items_at.mode == TREE_MODE:
            folder = reader.folder((git.prefix + items_at.real).rstrip("/")) or {}
            for name in sorted(n for n in folder if is_item(f"{ITEMS_DIR}/{n}", key)):
                target = reader.resolve(f"{items_at.real}/{name}".lstrip("/"))
                if not target.fault and target.mode in BLOB_MODES:
                    files[f"{ITEMS_DIR}/{name}"] = target.oid
        commits.append((sha, when, author, subject))
        versions.append(files)
    return commits, versions


def is_item(path: str, key: tuple[Any, ...]) -> bool:
    name = path.rsplit("/", 1)[-1]
    item_id = item_id_of(name)
    return name_problem(path, name) is None and id_key(item_id) == key and not name.startswith((".", "_"))


VERSIONS_AT_ONCE = 256  # versions of an item file read through one `cat-file --batch`
TOP_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*:(?: |$)", re.M)
CONTENT = re.compile(r"^(?![ \t]*(?:#|$)).", re.M)  # the first line that is neither blank nor a comment
LIST_ENTRY = re.compile(r"( +)-(?: |$)")
NOT_PLAIN = re.compile("[&*!\t\r\x85\u2028\u2029\ufeff\ufffd]")  # anchors, aliases, tags, tabs, other breaks
MARKERS = ("---", "...", "<<<<<<<", ">>>>>>>", "=======")  # at the start of a line: documents, merge conflicts
UNREAD = object()


def plain_data_in_pieces(rel: str, data: bytes, pieces: dict[Any, Any]) -> dict[str, Any] | Unreadable | None:
    """plain_data, for one version among many: a plain block-style file is read key by key, and a list (the log)
    entry by entry, each piece of text parsed once for all the versions that hold it, and only the part that
    differs from the version before is searched — so an item's thousand versions that each add a log entry cost
    a thousand entries, not half a million. Anything else (flow style at the top, anchors, tags, tabs, other line
    breaks, a piece that does not read alone) is read whole, as plain_data reads it."""
    text = data.decode("utf-8", "replace") if len(data) <= MAX_BYTES else ""
    if text.startswith("\ufeff"):  # as Notepad saves: YAML reads past it
        text = text[1:]
    if "\r" in text:  # CRLF (or CR) line ends are line breaks to YAML, as LF: the same values
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    before, before_starts = pieces.get("last", ("", []))
    same = common_prefix(before, text)
    line = text.rfind("\n", 0, same) + 1  # the start of the first line that may differ
    new = text[max(0, line - 1) :]
    if not text or NOT_PLAIN.search(new) or any((line == 0 and new.startswith(m)) or "\n" + m in new for m in MARKERS):
        return plain_data(rel, data)
    starts = [n for n in before_starts if n < line] + [m.start() for m in TOP_KEY.finditer(text, line)]
    if not starts or CONTENT.search(text, 0, starts[0]):
        return plain_data(rel, data)
    found: dict[str, Any] = {}
    for first, end in zip(starts, [*starts[1:], len(text)], strict=True):
        chunk = text[first:end]
        key = chunk[: chunk.index(":")]
        value = pieces[chunk] if chunk in pieces else piece_value(key, chunk, pieces)
        if key in found or value is UNREAD:
            return plain_data(rel, data)  # a key twice, or a piece that does not read alone: the whole file says
        found[key] = value
    pieces["last"] = (text, starts)
    return found


def common_prefix(a: str, b: str) -> int:
    """How many characters a and b share at their start (block by block: no character loop over the whole)."""
    if b.startswith(a):
        return len(a)
    n, block = 0, 4096
    while n < len(a) and a[n : n + block] == b[n : n + block]:
        n += block
    step = block // 2  # the first difference is within the block: halve it (no loop over its characters)
    while step:
        if a[n : n + step] == b[n : n + step]:
            n += step
        step //= 2
    while n < len(a) and n < len(b) and a[n] == b[n]:
        n += 1
    return n


def piece_value(key: str, chunk: str, pieces: dict[Any, Any]) -> Any:
    """The value of one top-level key, from its text: a block list entry by entry, else the piece whole."""
    line_end = chunk.find("\n")
    body_start = len(chunk) if line_end < 0 else line_end + 1
    content = CONTENT.search(chunk, body_start)
    entry = LIST_ENTRY.match(chunk, content.start()) if content and chunk[:line_end].rstrip() == key + ":" else None
    if entry is None or content is None:
        if chunk[len(key) + 1 :].lstrip(" ").startswith("["):
            return flow_list(key, chunk, pieces)
        return one_piece(chunk, pieces, key)
    indent = entry.group(1)
    values: list[Any] = []
    begin = content.start()
    grown = pieces.get(("list", key))  # the same key's list in the version read before
    if grown is not None and grown[1] == indent and chunk.startswith(grown[0]) and chunk.startswith(
            indent + "-", len(grown[0])):  # fmt: skip
        values, begin = list(grown[2]), len(grown[0])
    if re.compile(f"^(?! {{{len(indent)}}}|[ \t]*(?:#|$)).", re.M).search(chunk, max(body_start, begin)):
        return UNREAD  # a line less indented than the list: not a plain block list
    bounds = [m.start() for m in re.compile(f"^{indent}-(?: |$)", re.M).finditer(chunk, begin)]
    if bounds[:1] != [begin]:
        return UNREAD
    for start, stop in zip(bounds, [*bounds[1:], len(chunk)], strict=True):
        value = one_piece(chunk[start:stop], pieces)
        if value is UNREAD or not isinstance(value, list) or len(value) != 1:
            return UNREAD
        values.append(value[0])
    pieces[("list", key)] = (chunk, indent, values)
    return values


def flow_list(key: str, chunk: str, pieces: dict[Any, Any]) -> Any:
    """A list written in brackets (`log: [{…}, {…}]`): when it is the list of the version before with entries
    added before its `]`, only those are read (`[` and what follows the old `]`); else the piece whole."""
    grown = pieces.get(("flow", key))
    values: Any = UNREAD
    if grown is not None:
        old_chunk, old_values = grown
        same = common_prefix(old_chunk, chunk)
        rest = chunk[same:].lstrip(" \n")
        if old_chunk[same:].strip(" \n") == "]" and rest.startswith(","):
            added = one_piece("[" + rest[1:], pieces)
            if isinstance(added, list):
                values = [*old_values, *added]
    if values is UNREAD:
        values = one_piece(chunk, pieces, key)
    if isinstance(values, list):
        pieces[("flow", key)] = (chunk, values)
    return values


def one_piece(text: str, pieces: dict[Any, Any], single_key: str | None = None) -> Any:
    if text in pieces:
        return pieces[text]
    source = Source("", text, False)
    node, problems = parse(source)
    if problems or node is None:
        return UNREAD
    loaded = yaml.load(text, Loader=yaml.CSafeLoader if hasattr(yaml, "CSafeLoader")  # noqa: S506
                       else yaml.SafeLoader)  # fmt: skip
    if single_key is not None:
        if not isinstance(loaded, dict) or list(loaded) != [single_key]:
            return UNREAD
        loaded = loaded[single_key]
    pieces[text] = loaded
    return loaded


class Unreadable(str):
    """A version of an item file that does not read (too large, an alias, broken YAML): why."""


def plain_data(rel: str, data: bytes) -> dict[str, Any] | Unreadable | None:
    """An item file's data, read within the limits every file is read with (size, no aliases or tags),
    or None if it does not read as a mapping."""
    source, problems = decode(data, rel)
    if source is not None:
        node, problems = parse(source)
    if problems:
        return Unreadable(problems[0].message)
    loaded = yaml.load(source.text, Loader=yaml.CSafeLoader if hasattr(yaml, "CSafeLoader")  # noqa: S506
                       else yaml.SafeLoader) if node is not None and source is not None else None  # fmt: skip
    return loaded if isinstance(loaded, dict) else None


def describe(old: dict[str, Any] | Unreadable | None, new: dict[str, Any] | Unreadable | None) -> list[str]:
    """What changed between two versions of an item, in words: status ongoing → done, closed 2026-02-01, +1 evidence."""
    if old is None and new is None:
        return []
    if isinstance(new, Unreadable):
        return [Phrase(N_("unreadable: {reason}"), reason=str(new))]
    if old is None:
        return [Phrase(N_("added: {title}"), title=new.get("title", "") if new else "")]
    if new is None:
        return [Phrase(N_("removed"))]
    if isinstance(old, Unreadable):
        return [Phrase(N_("readable again: {title}"), title=new.get("title", ""))]
    words: list[str] = []
    for key in sorted(set(old) | set(new), key=order):
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        if (
            key in ("evidence", "log", "measures", "tags")
            and isinstance(before or [], list)
            and isinstance(after or [], list)
            and (after or [])[: len(before or [])] == (before or [])
        ):
            words.append(Phrase(N_("+{n} {field}"), n=len(after or []) - len(before or []), field=field_name(key)))
        elif key in CHANGED_FROM_TO and before is not None and after is not None:
            words.append(Phrase(N_("{field} {before} → {after}"), field=field_name(key),
                                before=status_word(key, before), after=status_word(key, after)))  # fmt: skip
        elif after is None:
            words.append(Phrase(N_("{field} {value} removed"), field=field_name(key), value=text(before))
                         if key == "closed" else Phrase(N_("{field} removed"), field=field_name(key)))  # fmt: skip
        elif before is None and (not isinstance(after, (list, dict)) or key in CHANGED_FROM_TO):
            words.append(Phrase(N_("{field} {value}"), field=field_name(key), value=text(after)))
        else:
            words.append(Phrase(N_("{field} changed"), field=field_name(key)))
    return words


# Fields whose change is said with both sides: status ongoing → done, department 办公室 → 秘书科.
CHANGED_FROM_TO = ("status", "deadline", "category", "leader", "department", "owner")


def order(key: str) -> int:
    from ledger.core.schema import ITEM_KEYS

    return ITEM_KEYS.index(key) if key in ITEM_KEYS else len(ITEM_KEYS)


def status_word(key: str, value: Any) -> str:
    """A status as people read it (its label in Chinese, its code in English and JSON); anything else as text."""
    from ledger.core.i18n import Worded
    from ledger.core.model import DEFAULT_LABELS, Status

    codes_ = {s.value: s for s in Status}
    if key == "status" and isinstance(value, str) and value in codes_:
        return Worded(value, DEFAULT_LABELS[codes_[value]])
    return text(value)


def text(value: Any) -> str:
    """A value in words: a date as ISO, a list of names (departments) joined with 、."""
    if isinstance(value, list):
        return "、".join(map(text, value))
    return value.isoformat() if isinstance(value, date) else str(value)


def head_commit(root: Path) -> str:
    """The commit the ledger's files are at, for a form to record: its id, with `+` when the ledger's files
    have changes not committed; "" outside a git repository (or without git)."""
    try:
        git = Git(root)
        sha = git.commit("HEAD")
        dirty = git.run("status", "--porcelain", "--untracked-files=normal", "--", ".").strip()
    except LedgerError:
        return ""
    return sha + ("+" if dirty else "")


# --- Items that are gone -------------------------------------------------------------------------------


def removed_items(root: Path, present: set[tuple[Any, ...]]) -> list[Item]:
    """The items a commit removed (or the working tree no longer has) whose ids the ledger no longer holds, each
    as its last committed version: so that a calendar exported before can cancel their events. Outside git, or
    where git cannot say, none. Three git processes: the log of removals, the folders before, the files."""
    try:
        git = Git(root)
        log = git.run("log", "-z", "--no-textconv", "--no-ext-diff", "--diff-filter=D", "--format=%x1e%H",
                      "--name-only", "--no-renames", "--", f":(top,literal){git.prefix}{ITEMS_DIR}/")  # fmt: skip
        where: dict[tuple[Any, ...], tuple[str, str]] = {}  # id -> (the folder before, the file's name): newest first
        head = git.trees([f"HEAD:{git.prefix}{ITEMS_DIR}"])[0]
        for name, (mode, _oid) in sorted(head.items()):
            if mode in FILE_MODES and is_item(f"{ITEMS_DIR}/{name}", id_key(item_id_of(name))):
                where.setdefault(id_key(item_id_of(name)), (f"HEAD:{git.prefix}{ITEMS_DIR}", name))
        for record in filter(None, log.split("\x1e")):
            sha, _sep, names = record.partition("\0")
            for name in (n.strip("\n").rsplit("/", 1)[-1] for n in names.split("\0") if n.strip("\n")):
                if is_item(f"{ITEMS_DIR}/{name}", id_key(item_id_of(name))):
                    where.setdefault(id_key(item_id_of(name)), (f"{sha.strip()}^:{git.prefix}{ITEMS_DIR}", name))
        gone = {key: place for key, place in where.items() if key not in present}
        folders = dict(zip(sorted({folder for folder, _name in gone.values()}),
                           git.trees(sorted({folder for folder, _name in gone.values()})), strict=True))  # fmt: skip
        oids = {key: folders[folder].get(name, ("", ""))[1] for key, (folder, name) in gone.items()}
        blobs = git.blobs(sorted({oid for oid in oids.values() if oid}))
    except (LedgerError, OSError):
        return []
    items = []
    for key, (_folder, name) in sorted(gone.items()):
        rel = f"{ITEMS_DIR}/{name}"
        node, problems, text = parsed(rel, blobs.get(oids[key], b""))
        item = item_of(item_id_of(name), rel, node, problems, text).item
        if item is not None:
            items.append(item)
    return items

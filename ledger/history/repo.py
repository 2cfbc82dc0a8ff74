"""The ledger's history, from git objects: the ledger at a commit, what changed since, an item's life.

Only `git rev-parse`, `ls-tree`, `cat-file --batch`, `log` and `for-each-ref` are run: nothing
checks out a commit or touches the work tree or the index.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from ledger.core import problems as codes
from ledger.core.errors import LedgerError
from ledger.core.i18n import N_, Phrase, _, field_name
from ledger.core.load import CONFIG_NAME, ITEMS_DIR, assemble, config_of, item_of, name_problem
from ledger.core.model import Ledger, Problem, Record, id_key, item_id_of
from ledger.core.source import MAX_BYTES, decode, parse
from ledger.history.git import Runner, find_repository

NOTICE_TAGS = "notice-*"
LINK_MODE = "120000"


class Git:
    """git on the repository holding the ledger's folder (the ledger may be a subfolder of it), found by
    ledger itself; or on a bare repository of ledger's own (`git_dir`: a round's copy of a unit's
    repository). Every call goes through the one hardened runner of `ledger.history.git`."""

    def __init__(self, root: Path, git_dir: Path | None = None) -> None:
        self.root = root
        if git_dir is not None:
            self.runner, self.prefix = Runner(git_dir), ""
            return
        found, top = find_repository(root)
        self.runner = Runner(found, top)
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
        if rev.startswith(("-", "^")):
            raise LedgerError(_("'{rev}' is not a commit").format(rev=rev))
        return self.run("rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}",
                        what=_("no commit '{rev}' in the repository").format(rev=rev)).strip()  # fmt: skip

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


def ledger_at(root: Path, rev: str, git: Git | None = None) -> Revision:
    """The ledger at `rev`, read from git objects and checked as `validate` checks the files."""
    from ledger.core.load import collector_paused

    git = git or Git(root)
    sha = git.commit(rev)
    tree = git.tree(sha)
    with collector_paused():
        blobs = git.blobs(sorted({oid for _mode, oid in tree.values()}))
        problems: list[Problem] = []
        if CONFIG_NAME in tree:
            config, found = config_of(*parsed(CONFIG_NAME, blobs.get(tree[CONFIG_NAME][1], b""))[:2])
        else:
            config, found = config_of(None, [codes.UNREADABLE.problem(CONFIG_NAME, variant="not-in-commit", rev=rev)])
        problems += found
        files, results = [], []
        for rel in sorted(p for p in tree if p.startswith(ITEMS_DIR + "/") and "/" not in p[len(ITEMS_DIR) + 1 :]):
            name = rel.rsplit("/", 1)[1]
            if name.startswith((".", "_")):
                continue
            mode, oid = tree[rel]
            wrong = name_problem(rel, name)
            if wrong or mode == LINK_MODE:
                problems.append(wrong or codes.OUTSIDE_LEDGER.problem(rel, variant="git"))
                continue
            files.append((item_id_of(name), rel))
            node, found, text = parsed(rel, blobs.get(oid, b""))
            results.append(item_of(item_id_of(name), rel, node, found, text))
        ledger = assemble(root, config, problems, files, results)
    return Revision(rev, sha, git.commit_day(sha), ledger)


def parsed(rel: str, data: bytes) -> tuple[Any, list[Problem], str | None]:
    source, problems = decode(data, rel)
    if source is None:
        return None, problems, None
    return (*parse(source), source.text)


# --- What changed since a notice ------------------------------------------------------------------------


def since_revision(root: Path, since: str | None) -> Revision:
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
                              "removed": [], "closed": [], "reopened": [], "status": [], "deadline": [], "notes": [],
                              "newly_overdue": []}  # fmt: skip
    result["removed"] = sorted((i.id for k, i in before.items() if k not in present), key=id_key)
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
    """Each commit that changed the item (found by id, so a renamed slug is followed), with what changed."""
    git = Git(root)
    key = id_key(item_id)
    # -z: names as they are (git quotes a name with `"`, `\\` or a tab otherwise); literal: no glob in them.
    log = git.run("log", "-z", "--reverse", "--format=%x1e%H%x1f%aI%x1f%an%x1f%s", "--name-only", "--no-renames",
                  "--", f":(top,literal){git.prefix}{ITEMS_DIR}/")  # fmt: skip
    entries, previous, previous_path = [], None, None
    for record in filter(None, log.split("\x1e")):
        header, _sep, names = record.partition("\0")
        sha, when, author, subject = header.split("\x1f", 3)
        touched = [n.lstrip("\n")[len(git.prefix) :] for n in names.split("\0") if n.strip("\n")]
        if not any(is_item(path, key) for path in touched):
            continue
        tree = {p: v for p, v in git.tree(sha).items() if p.startswith(ITEMS_DIR + "/") and is_item(p, key)}
        path = min(tree, default=None)
        data = plain_data(path, git.blobs([tree[path][1]]).get(tree[path][1], b"")) if path else None
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


def is_item(path: str, key: tuple[Any, ...]) -> bool:
    name = path.rsplit("/", 1)[-1]
    item_id = item_id_of(name)
    return name_problem(path, name) is None and id_key(item_id) == key and not name.startswith((".", "_"))


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
        elif key in ("status", "deadline", "category") and before is not None and after is not None:
            words.append(Phrase(N_("{field} {before} → {after}"), field=field_name(key), before=text(before),
                                after=text(after)))  # fmt: skip
        elif after is None:
            words.append(Phrase(N_("{field} {value} removed"), field=field_name(key), value=text(before))
                         if key == "closed" else Phrase(N_("{field} removed"), field=field_name(key)))  # fmt: skip
        elif before is None and not isinstance(after, (list, dict)):
            words.append(Phrase(N_("{field} {value}"), field=field_name(key), value=text(after)))
        else:
            words.append(Phrase(N_("{field} changed"), field=field_name(key)))
    return words


def order(key: str) -> int:
    from ledger.core.schema import ITEM_KEYS

    return ITEM_KEYS.index(key) if key in ITEM_KEYS else len(ITEM_KEYS)


def text(value: Any) -> str:
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

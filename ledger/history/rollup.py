"""A round: many units' ledgers, each a folder or a git repository, read and counted together.

`round.yaml` names the units; a git unit is fetched with the `git` command into a bare
repository of ledger's own in the user's cache folder (one per address and ref, fetched shallow,
never in the round's folder, where a merge request could plant one) and read at its ref from git
objects. A unit that cannot be read is a problem of that unit, never a crash,
and no unit is ever dropped: its problems are listed and the totals say they are incomplete.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from ledger.core import problems as codes
from ledger.core.errors import LedgerError, os_reason
from ledger.core.i18n import _
from ledger.core.model import Ledger, Problem, Record
from ledger.core.schema import INVALID, Fields, ListOf, Reader, Text, control_in, top_mapping
from ledger.core.source import load_node, within
from ledger.history.git import redact

ROUND_NAME = "round.yaml"
UNIT = Fields({"name": Text(), "path": Text(), "git": Text(), "ref": Text()}, required=("name",))
ROUND = Fields({"title": Text(), "issuer": Text(), "units": ListOf(UNIT)}, required=("title", "units"))
ROUND_HEAD = Fields({"title": Text(), "issuer": Text()}, required=("title",))
URL_SCHEMES = ("https://", "http://", "ssh://", "git://", "file://")
SCP_LIKE = re.compile(r"^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:(?!//)")  # git@example.org:team/ledger.git
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
REF = re.compile(r"(?![-+])[^\x00-\x20\x7f:?*\[\\~^]+")  # a ref name or a commit: nothing a refspec reads


class Unit(Record):
    __slots__ = ("name", "path", "git", "ref", "line", "problems")
    name: str
    path: str | None
    git: str | None
    ref: str | None
    line: int | None  # of its entry in round.yaml
    problems: list[Problem]  # of its entry: a unit whose entry is wrong is listed, never read

    def __init__(
        self,
        name: str,
        path: str | None,
        git: str | None,
        ref: str | None,
        line: int | None,
        problems: list[Problem] | None = None,
    ) -> None:
        self.name, self.path, self.git, self.ref, self.line = name, path, git, ref, line
        self.problems = problems or []


class Round(Record):
    __slots__ = ("root", "title", "issuer", "units", "problems")
    root: Path
    title: str
    issuer: str | None
    units: list[Unit]
    problems: list[Problem]

    def __init__(self, root: Path, title: str, issuer: str | None, units: list[Unit], problems: list[Problem]):
        self.root, self.title, self.issuer, self.units, self.problems = root, title, issuer, units, problems


def find_round(explicit: Path | None) -> Path:
    """--root, else the nearest folder upwards holding round.yaml."""
    if explicit is not None:
        root = Path(explicit).expanduser().absolute()
        if not (root / ROUND_NAME).is_file():
            raise LedgerError(_("no {ROUND_NAME} in {root} (given by --root)").format(ROUND_NAME=ROUND_NAME, root=root))
        return root
    here = Path.cwd().absolute()
    for folder in (here, *here.parents):
        if (folder / ROUND_NAME).is_file():
            return folder
    raise LedgerError(
        _("no {ROUND_NAME} found in {here} or any folder above it; give --root ROUND").format(
            ROUND_NAME=ROUND_NAME, here=here
        )
    )


def read_round(root: Path) -> Round:
    """round.yaml, checked like ledger.yaml: file:line:col, stable codes, unknown keys, duplicate names.

    Each unit's entry is checked on its own: a wrong entry (`ref: 123`, a name given twice) is a unit
    listed with its problems, so the round is incomplete; it never hides the others."""
    if not within(root, root / ROUND_NAME):
        raise LedgerError(
            _("{file} is a link to a file outside the round's folder; it is not read").format(file=ROUND_NAME)
        )
    _text, node, problems = load_node(root / ROUND_NAME, ROUND_NAME)
    reader = Reader(ROUND_NAME)
    reader.problems = problems
    data: dict[str, Any] = {}
    unit_nodes: list[yaml.Node] = []
    if node is not None and top_mapping(reader, node, _("the round: title:, units: …")):
        pairs = reader.mapping_pairs(node, "") or {}
        units_node = pairs.get("units", (None, None))[1]
        if isinstance(units_node, yaml.SequenceNode):
            unit_nodes = units_node.value
            pairs = {k: v for k, v in pairs.items() if k != "units"}
            data = reader.fields(node, ROUND_HEAD, "", pairs)
        else:
            data = reader.fields(node, ROUND, "", pairs)
        if isinstance(units_node, yaml.SequenceNode) and not unit_nodes:
            reader.problem(units_node, codes.EMPTY_VALUE, "units")
    units: list[Unit] = []
    for n, unit_node in enumerate(unit_nodes, 1):
        units.append(read_entry(root, n, unit_node, units))
    return Round(root, data.get("title") or "", data.get("issuer"), units, reader.problems)


def read_entry(root: Path, n: int, node: yaml.Node, earlier: list[Unit]) -> Unit:
    """One entry of `units:`, as a unit with the problems of its entry (if any)."""
    reader = Reader(ROUND_NAME)
    line = node.start_mark.line + 1
    unit = reader.read(node, UNIT, ("units", n))
    if unit is INVALID or not isinstance(unit, dict):
        return Unit(entry_name(node, n), None, None, None, line, reader.problems)
    if "path" in unit and "git" in unit or not ("path" in unit or "git" in unit):
        reader.problem(node, codes.UNIT_SOURCE, number=n)
    elif unit["name"].strip() in (u.name.strip() for u in earlier):  # `甲 ` is 甲 to whoever reads the report
        reader.problem(node, codes.DUPLICATE_UNIT, number=n, name=unit["name"])
    elif "git" in unit and unit_address(root, unit["git"]) is None:
        reader.problem(node, codes.UNIT_SOURCE, "address", number=n, address=redact(unit["git"]))
    elif "ref" in unit and not REF.fullmatch(unit["ref"]):
        reader.problem(node, codes.UNIT_SOURCE, "ref", number=n, ref=unit["ref"])
    elif "path" in unit and not (root / unit["path"] / "ledger.yaml").is_file():
        reader.problem(node, codes.NO_LEDGER, number=n, folder=root / unit["path"])
    return Unit(unit["name"], unit.get("path"), unit.get("git"), unit.get("ref"), line, reader.problems)


def unit_address(root: Path, address: str) -> str | None:
    """What git is given for a unit's `git:`: a URL or an scp-like `user@host:path` as written, a path
    (relative to round.yaml) made absolute; None for anything else (`ext::…`, `fd::…`, `-…`, other schemes)."""
    if address.startswith(URL_SCHEMES) or SCP_LIKE.match(address):
        return address
    if address.startswith("-") or "::" in address or (SCHEME.match(address) and not os.path.isabs(address)):
        return None
    return str((root / address).resolve())


def entry_name(node: yaml.Node, n: int) -> str:
    """The name a broken entry is listed under: its name where that is plain text, else units[n]."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            named = isinstance(key, yaml.ScalarNode) and key.value == "name" and isinstance(value, yaml.ScalarNode)
            if named and value.value.strip() and not control_in(value.value):
                return str(value.value)
    return f"units[{n}]"


# --- Reading the units ------------------------------------------------------------------------------------


class UnitLedger(Record):
    """One unit as read: its ledger (None if it could not be read at all) and its problems."""

    __slots__ = ("unit", "ledger", "problems")
    unit: Unit
    ledger: Ledger | None
    problems: list[Problem]

    def __init__(self, unit: Unit, ledger: Ledger | None, problems: list[Problem]) -> None:
        self.unit, self.ledger, self.problems = unit, ledger, problems


def read_unit(
    round_: Round, unit: Unit, use_cache: bool = True, fetched: Path | LedgerError | None = None
) -> UnitLedger:
    """A unit's ledger: a folder (at `ref` from its git objects, when given), or its repository as fetched."""
    from ledger.core.load import load_ledger
    from ledger.history.repo import Git, ledger_at

    if unit.problems:
        return UnitLedger(unit, None, unit.problems)
    try:
        if isinstance(fetched, LedgerError):
            raise fetched
        if unit.path is not None:
            root = (round_.root / unit.path).resolve()
            if not (root / "ledger.yaml").is_file():
                raise LedgerError(_("no ledger.yaml in {folder}").format(folder=root))
            ledger = ledger_at(root, unit.ref).ledger if unit.ref else load_ledger(root, use_cache)
        else:
            git_dir = fetched if isinstance(fetched, Path) else fetch(round_, unit)
            ledger = ledger_at(git_dir, UNIT_REF, Git(git_dir, git_dir)).ledger
    except LedgerError as e:
        problem = codes.UNIT_UNREADABLE.problem(ROUND_NAME, unit.line, unit=unit.name, reason=redact(e.message))
        return UnitLedger(unit, None, [problem])
    return UnitLedger(unit, ledger, ledger.errors)


# --- The units' repositories, in the user's cache ---------------------------------------------------------

UNIT_REF = "refs/ledger/unit"  # where a unit's copy holds the commit it is read at
MARKER = "ledger-unit"  # the file that makes a folder of the cache ledger's own copy of a unit
FETCH_TIMEOUT = 120.0  # seconds one unit's fetch may take
TOTAL_TIMEOUT = 600.0  # seconds all fetches of a round may take
PARALLEL_FETCHES = 8


def cache_home() -> Path:
    """ledger's folder in the user's cache (~/.cache/ledger, or $XDG_CACHE_HOME/ledger; ~/Library/Caches/ledger
    on macOS; %LOCALAPPDATA%\\ledger\\Cache on Windows): no merge request can commit or link a file there."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("ledger", appauthor=False))


def own_folder(folder: Path) -> Path:
    """`folder`, made if absent, refused if it is a link, not a folder, or someone else's."""
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        info = os.lstat(folder)
    except OSError as e:
        raise LedgerError(
            _("cannot make the cache folder {folder}: {reason}").format(folder=folder, reason=os_reason(e))
        ) from None
    import stat

    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
        raise LedgerError(
            _("{folder} is a link or not a folder; ledger keeps units only in a folder of its own (remove it)").format(
                folder=folder
            )
        )
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        raise LedgerError(
            _("{folder} belongs to another user; ledger keeps units only in a folder of its own").format(folder=folder)
        )
    return folder


def unit_folder(address: str, ref: str | None) -> Path:
    """The copy of one repository at one ref: `<cache>/units/<hash of address and ref>/`, made by ledger with
    its marker file; a folder there without the marker, or any level of it a link, is refused."""
    home = cache_home()
    try:
        home.parent.mkdir(parents=True, exist_ok=True)  # the user's cache folder
    except OSError as e:
        raise LedgerError(
            _("cannot make the cache folder {folder}: {reason}").format(folder=home.parent, reason=os_reason(e))
        ) from None
    units = own_folder(own_folder(home) / "units")
    key = hashlib.sha256(f"{address}\0{ref or ''}".encode()).hexdigest()[:32]
    folder = units / key
    if not os.path.lexists(folder):
        make_copy(units, folder, address, ref)
    own_folder(folder)
    marker = folder / MARKER
    if os.path.islink(marker) or not marker.is_file():
        raise LedgerError(
            _("{folder} was not made by ledger (no {marker} file); remove it").format(folder=folder, marker=MARKER)
        )
    no_links_in(folder)
    return folder


def no_links_in(folder: Path) -> None:
    """A copy holds no link at any depth (its objects/, refs/, config, shallow …): git would read and write
    through it, into another repository or anywhere."""
    for top, folders, files in os.walk(folder):  # a link to a folder is listed, never entered
        for name in (*folders, *files):
            path = Path(top, name)
            if path.is_symlink():
                raise LedgerError(
                    _("{folder} holds a link ({path}); ledger keeps units only in a folder of its own (remove it)")
                    .format(folder=folder, path=path.relative_to(folder).as_posix())
                )  # fmt: skip


def make_copy(units: Path, folder: Path, address: str, ref: str | None) -> None:
    """An empty bare repository with ledger's marker, made beside and renamed into place whole."""
    import shutil
    import tempfile

    from ledger.history.git import Runner

    new = Path(tempfile.mkdtemp(prefix=".new-", dir=units))
    try:
        Runner(new).run(
            "init",
            "--quiet",
            "--bare",
            "--template=",
            str(new),
            what=_("cannot make a repository in {folder}").format(folder=new),
        )
        (new / MARKER).write_text(f"ledger's copy of {redact(address)} at {ref or 'HEAD'}\n", encoding="utf-8")
        try:
            os.rename(new, folder)
        except OSError:
            if not os.path.isdir(folder):  # else another process made it meanwhile: use theirs
                raise
    except OSError as e:
        raise LedgerError(
            _("cannot make the cache folder {folder}: {reason}").format(folder=folder, reason=os_reason(e))
        ) from None
    finally:
        shutil.rmtree(new, ignore_errors=True)


def fetch(round_: Round, unit: Unit, timeout: float = FETCH_TIMEOUT) -> Path:
    """The unit's repository, fetched shallow at its ref into its copy in the user's cache."""
    from ledger.core.files import ledger_lock
    from ledger.history.git import Runner

    assert unit.git is not None
    address = unit_address(round_.root, unit.git)
    if address is None:
        raise LedgerError(_("'{address}' is no repository address").format(address=redact(unit.git)))
    folder = unit_folder(address, unit.ref)
    git = Runner(folder)
    ref = unit.ref or "HEAD"
    what = _("cannot fetch {ref} of {address}").format(ref=ref, address=redact(address))
    deadline = time.monotonic() + timeout
    with ledger_lock(folder / MARKER, timeout):  # one fetch at a time into one copy
        try:
            git.run(
                "fetch",
                "--quiet",
                "--depth=1",
                "--no-tags",
                "--no-recurse-submodules",
                "--no-write-fetch-head",
                "--",
                address,
                f"+{ref}:{UNIT_REF}",
                what=what,
                timeout=left(deadline),
                fetch=True,
                why=True,
            )
        except LedgerError as e:  # a commit by its hash is not fetched shallow from every server: fetch it all
            if "timed out" in e.message:
                raise
            git.run(
                "fetch",
                "--quiet",
                "--no-tags",
                "--no-recurse-submodules",
                "--no-write-fetch-head",
                "--",
                address,
                "+refs/heads/*:refs/remotes/unit/*",
                "+refs/tags/*:refs/tags/*",
                what=what,
                timeout=left(deadline),
                fetch=True,
                why=True,
            )
            sha = git.run("rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}", what=what)
            git.run("update-ref", UNIT_REF, sha.strip(), what=what)
    return folder


def left(deadline: float) -> float:
    return max(0.001, deadline - time.monotonic())


def fetch_all(
    round_: Round,
    say: Callable[[str], None] | None = None,
    timeout: float = FETCH_TIMEOUT,
    total: float = TOTAL_TIMEOUT,
) -> dict[int, Path | LedgerError]:
    """Every git unit fetched, several at once, each within `timeout` and all within `total` seconds; a line
    on stderr names each unit as its fetch starts. By the unit's place in round.yaml."""
    from concurrent.futures import ThreadPoolExecutor

    wanted = [(n, u) for n, u in enumerate(round_.units) if u.git is not None and not u.problems]
    if not wanted:
        return {}
    deadline = time.monotonic() + total

    def one(unit: Unit) -> Path | LedgerError:
        rest = deadline - time.monotonic()
        if rest <= 0:
            return LedgerError(
                _("not fetched: the round's fetches took longer than {seconds} s in all").format(seconds=f"{total:g}")
            )
        if say is not None:
            say(_("fetching unit {name} from {address} …").format(name=unit.name, address=redact(unit.git or "")))
        try:
            return fetch(round_, unit, min(timeout, rest))
        except LedgerError as e:
            return e

    with ThreadPoolExecutor(max_workers=min(PARALLEL_FETCHES, len(wanted))) as pool:
        futures = {n: pool.submit(one, u) for n, u in wanted}
        return {n: f.result() for n, f in futures.items()}


# --- Counting -------------------------------------------------------------------------------------------


def rollup(round_: Round, as_of: date, read: list[UnitLedger]) -> dict[str, Any]:
    """The JSON of `ledger rollup`: each unit's counts and the round's, by the rules of `stats`."""
    from ledger.core.stats import count

    units, every = [], []
    for one in read:
        items = one.ledger.items if one.ledger else []
        every += items
        counted = count(items, as_of)
        units.append(
            {
                "name": one.unit.name,
                "ok": not one.problems,
                "total": counted["total"],
                "by_status": counted["by_status"],
                "overdue": counted["overdue"],
                "rate": counted["rate"],
                "problems": len(one.problems),
            }
        )
    total = count(every, as_of)
    complete = not round_.problems and all(u["ok"] for u in units)
    return {
        "as_of": as_of.isoformat(),
        "complete": complete,
        "total": {k: total[k] for k in ("total", "by_status", "overdue", "rate")},
        "units": units,
    }


def overdue(read: list[UnitLedger], as_of: date) -> list[dict[str, Any]]:
    """Every unit's overdue items, the latest first."""
    rows = [
        {
            "unit": one.unit.name,
            "id": item.id,
            "title": item.title,
            "department": item.department,
            "deadline": item.deadline.isoformat() if item.deadline else None,
            "days_overdue": item.days_overdue(as_of),
        }
        for one in read
        if one.ledger
        for item in one.ledger.items
        if item.overdue_on(as_of)
    ]
    return sorted(rows, key=lambda r: (-r["days_overdue"], r["unit"], r["id"]))


PARALLEL_UNITS = 8  # from this many units, read them in processes of their own (measured: 100 × 100 items)


def read_units(
    round_: Round,
    use_cache: bool = True,
    say: Callable[[str], None] | None = None,
    timeout: float = FETCH_TIMEOUT,
    total: float = TOTAL_TIMEOUT,
) -> list[UnitLedger]:
    """Every unit, in the order of round.yaml: the git units fetched first, several at once; then read on
    several cores when there are many (and processes are cheap to start, as with fork); one by one
    otherwise, where a process costs more than it saves."""
    fetched = fetch_all(round_, say, timeout, total)
    cores = os.cpu_count() or 1
    if len(round_.units) < PARALLEL_UNITS or cores < 2 or os.name == "nt":
        return [read_unit(round_, unit, use_cache, fetched.get(n)) for n, unit in enumerate(round_.units)]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
    with ProcessPoolExecutor(max_workers=min(cores, len(round_.units)), mp_context=context) as pool:
        futures = [
            pool.submit(read_unit, round_, unit, use_cache, fetched.get(n)) for n, unit in enumerate(round_.units)
        ]
        return [f.result() for f in futures]

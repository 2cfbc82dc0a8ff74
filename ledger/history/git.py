"""The one way ledger runs git: on a repository it found itself, with nothing run on the side.

A merge request can change any file of a ledger or of a round, so git must never take a file of
theirs for its own: the repository is the one whose `.git` holds the ledger's root (found here by
walking up; `GIT_DIR`, `GIT_WORK_TREE` and every other `GIT_*` variable are dropped), given to git
with `--git-dir`/`--work-tree`, so a committed folder holding `HEAD`, `config` and `objects/` is
only files. System and global configuration are never read; hooks, fsmonitor, pagers, external
diff and text conversion, credential helpers, prompts and lazy fetching are off; every transport
is refused, except the plain ones a round's fetch of a unit needs (`ext::` and `fd::` never).
Blobs are read with `cat-file --batch`, which runs no filter.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
from collections.abc import Callable, Sequence
from contextlib import suppress
from pathlib import Path

from ledger.core.errors import LedgerError, os_reason
from ledger.core.i18n import _

# Transports a fetch of a round's unit may use; every other (ext::, fd::, any remote helper) is refused.
FETCH_PROTOCOLS = ("file", "https", "http", "ssh", "git")
NO_PROTOCOL = ("ext", "fd", *FETCH_PROTOCOLS)

# Given on every command line: a command line's -c outranks every configuration file git reads.
SETTINGS: tuple[str, ...] = (
    "--no-pager",
    "-c",
    "safe.bareRepository=explicit",
    "-c",
    "core.hooksPath=/dev/null",
    "-c",
    "core.fsmonitor=false",
    "-c",
    "core.untrackedCache=false",
    "-c",
    "core.pager=cat",
    "-c",
    "core.quotePath=false",
    "-c",
    "core.attributesFile=/dev/null",
    "-c",
    "core.askPass=",
    "-c",
    "core.sshCommand=ssh -o BatchMode=yes",
    "-c",
    "credential.helper=",
    "-c",
    "log.showSignature=false",
    "-c",
    "diff.external=",
    "-c",
    "fetch.recurseSubmodules=false",
    "-c",
    "submodule.recurse=false",
    "-c",
    "protocol.allow=never",
)


def settings(fetch: bool) -> list[str]:
    """SETTINGS, and each transport named: never, or (for a unit's fetch) the plain ones allowed."""
    allowed = FETCH_PROTOCOLS if fetch else ()
    named = [f"protocol.{p}.allow={'always' if p in allowed else 'never'}" for p in NO_PROTOCOL]
    return [*SETTINGS, *(part for setting in named for part in ("-c", setting))]


def environment() -> dict[str, str]:
    """The environment git runs in: ours without a single GIT_* variable (GIT_DIR, GIT_WORK_TREE,
    GIT_INDEX_FILE, GIT_OBJECT_DIRECTORY, GIT_ALTERNATE_OBJECT_DIRECTORIES, GIT_CONFIG*, GIT_CEILING_…,
    GIT_EXEC_PATH, GIT_SSH*, GIT_ASKPASS, …) nor an askpass program, then only what we decide."""
    dropped = ("SSH_ASKPASS", "PAGER", "LESS", "EDITOR", "VISUAL")
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("GIT_") and k not in dropped}
    env.update(
        GIT_CONFIG_NOSYSTEM="1",  # no /etc/gitconfig
        GIT_CONFIG_GLOBAL=os.devnull,  # no ~/.gitconfig nor ~/.config/git/config
        GIT_ATTR_NOSYSTEM="1",
        GIT_NO_LAZY_FETCH="1",  # a partial clone's missing object is missing, never fetched (git >= 2.44)
        GIT_NO_REPLACE_OBJECTS="1",
        GIT_TERMINAL_PROMPT="0",  # never a prompt for a password: the fetch fails instead
        GIT_PROTOCOL_FROM_USER="0",
        GIT_OPTIONAL_LOCKS="0",  # reading takes no lock
        GIT_PAGER="cat",
        PAGER="cat",
        LC_ALL="C",  # plain messages
    )
    return env


def find_repository(start: Path) -> tuple[Path, Path]:
    """The repository holding `start`: (its git folder, its top folder), by walking up from `start` to the
    first folder with a `.git` (a folder, or a file `gitdir: …` as in a worktree or a submodule).
    git cannot commit a path named `.git`, so no merge request can plant one."""
    here = Path(os.path.abspath(start))
    with suppress(OSError):
        here = here.resolve()
    for folder in (here, *here.parents):
        marker = folder / ".git"
        if is_kind(marker, os.path.isdir):
            return marker, folder
        if is_kind(marker, os.path.isfile):
            return gitdir_of(marker), folder
    raise LedgerError(_("{root} is not in a git repository; its history is read from git").format(root=start))


def gitdir_of(marker: Path) -> Path:
    try:
        text = marker.read_text(encoding="utf-8", errors="replace")[:4096]
    except OSError as e:
        raise LedgerError(_("cannot read {file}: {reason}").format(file=marker, reason=os_reason(e))) from None
    found = re.match(r"gitdir: *(.+?)\s*$", text.splitlines()[0] if text else "")
    target = marker.parent / found.group(1) if found else None
    if target is None or not is_kind(target, os.path.isdir):
        raise LedgerError(_("{file} names no git folder").format(file=marker))
    try:
        return target.resolve()
    except OSError:  # a link loop, a name too long
        raise LedgerError(_("{file} names no git folder").format(file=marker)) from None


def is_kind(path: Path, test: Callable[[Path], bool]) -> bool:
    """os.path.isdir/isfile, false for a path the system refuses to look at (a name too long, a loop)."""
    try:
        return test(path)
    except (OSError, ValueError):
        return False


class Runner:
    """git on one repository, named explicitly: `git --git-dir=… [--work-tree=…] <SETTINGS> …`."""

    def __init__(self, git_dir: Path, work_tree: Path | None = None) -> None:
        self.git_dir, self.work_tree = git_dir, work_tree
        self.base = ["git", f"--git-dir={git_dir}"] + ([f"--work-tree={work_tree}"] if work_tree else [])
        self.cwd = work_tree or git_dir

    def command(self, args: Sequence[str], fetch: bool = False) -> list[str]:
        return [*self.base, *settings(fetch), *args]

    def call(
        self, args: Sequence[str], stdin: bytes | None = None, timeout: float | None = None, fetch: bool = False
    ) -> subprocess.CompletedProcess[bytes]:
        """git with these arguments: its exit code, output and messages (never raises on git's own failure)."""
        try:
            process = subprocess.Popen(
                self.command(args, fetch),
                stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=environment(),
                cwd=self.cwd,
                start_new_session=os.name != "nt",
            )
        except FileNotFoundError:
            if not Path(self.cwd).is_dir():
                raise LedgerError(_("{folder} is not a folder").format(folder=self.cwd)) from None
            raise LedgerError(_("git is not installed; the ledger's history is read with it")) from None
        except NotADirectoryError:
            raise LedgerError(_("{folder} is not a folder").format(folder=self.cwd)) from None
        try:
            out, messages = process.communicate(stdin, timeout=timeout)
        except BaseException:  # a time limit, or ^C: git and every process it started end with us
            stop(process)
            raise
        return subprocess.CompletedProcess(process.args, process.returncode, out, messages)

    def run(
        self,
        *args: str,
        what: str | None = None,
        stdin: bytes | None = None,
        timeout: float | None = None,
        fetch: bool = False,
        why: bool = False,
    ) -> str:
        """git's output, or a LedgerError saying `what` failed (and, with `why`, git's reason), else git's reason."""
        try:
            done = self.call(args, stdin, timeout, fetch)
        except subprocess.TimeoutExpired:
            raise LedgerError(what_timed_out(what, args[0], timeout)) from None
        if done.returncode != 0:
            last = reason_of(done.stderr) or str(done.returncode)
            if what and not why:
                raise LedgerError(what)
            raise LedgerError(
                f"{what}: {last}" if what else _("git {command} failed: {reason}").format(command=args[0], reason=last)
            )
        return done.stdout.decode("utf-8", "replace")


def reason_of(messages: bytes) -> str:
    """git's reason in one line: its first `fatal:`/`error:` line (a fetch adds advice after it), else its last."""
    lines = [line.strip() for line in redact(messages.decode("utf-8", "replace")).splitlines() if line.strip()]
    first = next((line for line in lines if line.startswith(("fatal:", "error:"))), None)
    return (first or (lines[-1] if lines else "")).removeprefix("fatal: ").removeprefix("error: ")


def stop(process: subprocess.Popen[bytes]) -> None:
    """End git and what it started (a remote helper, ssh): its whole process group, then wait for it."""
    try:
        if os.name != "nt":
            os.killpg(process.pid, signal.SIGKILL)
        else:  # pragma: no cover - Windows
            process.kill()
    except OSError:
        pass
    process.communicate()


def what_timed_out(what: str | None, command: str, timeout: float | None) -> str:
    seconds = f"{round(timeout or 0, 1):g}"
    if what:
        return _("{what}: timed out after {seconds} s").format(what=what, seconds=seconds)
    return _("git {command} took longer than {seconds} s").format(command=command, seconds=seconds)


# A user or token after a scheme (https://token@host), or user:password anywhere (ext::clerk:secret@x): up to
# the last @ of the address, so that an @ or a / in a password (p@ss, pa/ss) shows none of it.
CREDENTIALS = re.compile(r"(?<=://)[^\s'\"]*@|[^\s/@:'\"]+:(?!//)[^\s'\"]*@")


def redact(text: str) -> str:
    """An address as it may be shown: `https://clerk:secret@host/x` → `https://***@host/x`."""
    return CREDENTIALS.sub("***@", text)

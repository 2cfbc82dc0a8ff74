"""Writing files: atomic replacement and creation, and the lock that serialises edits of a ledger.

Every write of ledger — an item edit, a new item, the cache, `-o FILE` — goes through here.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from ledger.core.errors import LedgerError, os_reason
from ledger.core.i18n import _

LOCK_TIMEOUT = 30.0  # seconds to wait for another ledger command that is editing


def replace_file(target: Path, data: bytes, durable: bool = True) -> None:
    """Atomically: a temporary file beside the target, flushed and synced, then renamed over it.

    An existing file keeps its permissions and, where we may set it, its owner (an edit run
    as root must not hand a colleague's file to root). A crash or a full disk leaves the old
    file whole. `durable=False` skips the syncs, for what can be rebuilt (the cache).
    """
    try:
        info = target.stat()
        mode, owner = info.st_mode & 0o7777, (info.st_uid, info.st_gid)
    except FileNotFoundError:
        mode, owner = 0o666 & ~current_umask(), None
    tmp = synced_copy(target, data, mode, owner, durable)
    try:
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    if durable:
        sync_folder(target.parent)


def write_new(target: Path, data: bytes) -> None:
    """Create a file that must not exist yet, atomically where the system allows: never replaces one.
    A folder that cannot be written, a full disk or the size limit (ulimit -f) is said, and leaves nothing."""
    try:
        tmp = synced_copy(target, data, 0o666 & ~current_umask())
    except OSError as e:
        raise LedgerError(_("cannot write {file}: {reason}").format(file=target, reason=os_reason(e))) from None
    try:
        os.link(tmp, target)  # a hard link fails where a file exists, and appears whole
    except FileExistsError:
        raise LedgerError(_("{target} already exists; nothing was written").format(target=target)) from None
    except OSError:  # no hard links here (some Windows and network file systems): exclusive create
        create_exclusive(target, data)
    finally:
        tmp.unlink(missing_ok=True)
    sync_folder(target.parent)


def create_exclusive(target: Path, data: bytes) -> None:
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    except FileExistsError:
        raise LedgerError(_("{target} already exists; nothing was written").format(target=target)) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        target.unlink(missing_ok=True)
        raise


def synced_copy(
    target: Path, data: bytes, mode: int, owner: tuple[int, int] | None = None, durable: bool = True
) -> Path:
    """The data in a temporary file beside `target`, on disk; removed again if that fails."""
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            if durable:
                os.fsync(f.fileno())
        if owner is not None and hasattr(os, "chown"):
            with suppress(OSError):  # only root may give a file away; as its owner, the file is ours already
                os.chown(tmp, *owner)
        os.chmod(tmp, mode)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def sync_folder(folder: Path) -> None:
    """Make a rename durable; some systems (Windows) cannot open a folder, which is fine there."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_output(path: Path, data: bytes, root: Path | None = None) -> None:
    """`-o FILE`: a file of its own, replaced atomically — never written through a link, never a device,
    a folder or one of the ledger's own files."""
    shown = str(path)
    if os.path.islink(path):
        raise LedgerError(_("{shown} is a link; -o writes a file of its own, never through a link").format(shown=shown))
    if os.path.lexists(path) and not os.path.isfile(path):
        raise LedgerError(
            _("{shown} is not a regular file (a folder or a device); give the name of a file").format(shown=shown)
        )
    target = Path(os.path.abspath(path))
    if root is not None:
        real, base = os.path.realpath(target), os.path.realpath(root)
        own = [os.path.join(base, "ledger.yaml"), os.path.join(base, "items"), os.path.join(base, ".ledger-cache")]
        if any(real == p or real.startswith(p + os.sep) for p in own):
            raise LedgerError(
                _("{shown} is one of the ledger's own files; write the output elsewhere").format(shown=shown)
            )
    try:
        replace_file(target, data)
    except OSError as e:
        raise LedgerError(_("cannot write {shown}: {value}").format(shown=shown, value=os_reason(e))) from None


# --- The edit lock ---------------------------------------------------------------------------


@contextmanager
def ledger_lock(marker: Path, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the ledger's edit lock: an exclusive lock on its ledger.yaml, which ledger never writes.

    Locking the file that marks the root needs no lock file of its own (nothing to clean up,
    nothing for git to see) and works in a ledger whose cache folder is unusable. POSIX:
    flock on a read-only descriptor. Windows: a byte-range lock far beyond the end of the file,
    so that readers of the file are never blocked. Edits wait for each other up to `timeout`.
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            fd = os.open(marker, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        except OSError as e:
            raise LedgerError(
                _("cannot lock {name} for the edit: {value}").format(name=marker.name, value=os_reason(e))
            ) from None
        try:
            _acquire(fd, max(0.0, deadline - time.monotonic()))
        except BaseException:
            os.close(fd)
            raise
        if same_file(fd, marker):
            break
        _release(fd)  # replaced meanwhile (a git pull, an editor's save): lock the file that is there now
        os.close(fd)
    try:
        yield
    finally:
        _release(fd)
        os.close(fd)


def same_file(fd: int, path: Path) -> bool:
    try:
        now, held = os.stat(path), os.fstat(fd)
    except OSError:
        return False
    return (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino)


try:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        except OSError:  # a file system without locks: the compare-then-rename of each edit still holds
            pass
        return True

    def _release(fd: int) -> None:
        with suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)

except ImportError:  # pragma: no cover - Windows
    import msvcrt

    _FAR = 0x7FFFFFF0

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, _FAR, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined,unused-ignore]  # Windows only
        except OSError:
            return False
        return True

    def _release(fd: int) -> None:
        os.lseek(fd, _FAR, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined,unused-ignore]  # Windows only


def _acquire(fd: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    delay = 0.005
    while not _try_lock(fd):
        if time.monotonic() > deadline:
            raise LedgerError(_("another ledger command is editing this ledger; nothing was written, try again"))
        time.sleep(delay)
        delay = min(delay * 2, 0.1)

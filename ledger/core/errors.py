"""The one exception the command line turns into ``Error: …`` and exit code 1, and the system's reasons in words."""

from __future__ import annotations

import errno

from ledger.core.i18n import N_, _, language


class LedgerError(Exception):
    """The ledger or the request is wrong; the message is shown to the user as is."""

    def __init__(self, message: str, details: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.details = details  # further lines, e.g. an item's validation problems


# What the system says when a file cannot be read or written (its strerror, in English), by errno.
REASONS = {
    name: text
    for name, text in (
        ("EFBIG", N_("File too large")),
        ("ENOSPC", N_("No space left on device")),
        ("EDQUOT", N_("Disk quota exceeded")),
        ("EACCES", N_("Permission denied")),
        ("EPERM", N_("Operation not permitted")),
        ("EROFS", N_("Read-only file system")),
        ("ENOENT", N_("No such file or directory")),
        ("EISDIR", N_("Is a directory")),
        ("ENOTDIR", N_("Not a directory")),
        ("EEXIST", N_("File exists")),
        ("ELOOP", N_("Too many levels of symbolic links")),
        ("ENAMETOOLONG", N_("File name too long")),
        ("ENOTEMPTY", N_("Directory not empty")),
        ("EPIPE", N_("Broken pipe")),
        ("EBADF", N_("Bad file descriptor")),
        ("EIO", N_("Input/output error")),
        ("EBUSY", N_("Device or resource busy")),
        ("ETXTBSY", N_("Text file busy")),
        ("EXDEV", N_("Invalid cross-device link")),
        ("EMFILE", N_("Too many open files")),
        ("ENFILE", N_("Too many open files in system")),
        ("ENOMEM", N_("Cannot allocate memory")),
        ("EAGAIN", N_("Resource temporarily unavailable")),
        ("EINVAL", N_("Invalid argument")),
        ("ENXIO", N_("No such device or address")),
        ("ENODEV", N_("No such device")),
        ("EOPNOTSUPP", N_("Operation not supported")),
        ("ESTALE", N_("Stale file handle")),
        ("EADDRINUSE", N_("Address already in use")),
        ("EADDRNOTAVAIL", N_("Cannot assign requested address")),
        ("ECONNREFUSED", N_("Connection refused")),
        ("ETIMEDOUT", N_("Connection timed out")),
        ("ENETUNREACH", N_("Network is unreachable")),
        ("EHOSTUNREACH", N_("No route to host")),
        ("EAFNOSUPPORT", N_("Address family not supported by protocol")),
    )
    if hasattr(errno, name)
}
BY_NUMBER = {getattr(errno, name): text for name, text in REASONS.items()}
# What looking a host name up says (socket.gaierror, numbered apart from errno).
LOOKUP = {
    "EAI_NONAME": N_("Name or service not known"),
    "EAI_AGAIN": N_("Temporary failure in name resolution"),
    "EAI_FAIL": N_("Non-recoverable failure in name resolution"),
    "EAI_NODATA": N_("No address associated with hostname"),
}


def os_reason(e: BaseException) -> str:
    """Why the system refused, in the interface language: the message of the OSError's errno (a full disk, a
    read-only folder, a file over `ulimit -f`), else what the system said (its strerror), else the error itself."""
    number = getattr(e, "errno", None)
    said = getattr(e, "strerror", None)
    if isinstance(e, RuntimeError) and str(e).startswith("Symlink loop"):  # Path.resolve() before Python 3.13
        number, said = errno.ELOOP, "Too many levels of symbolic links"
    known = BY_NUMBER
    if type(e).__name__ == "gaierror":  # socket.gaierror, without importing socket for every command
        import socket

        known = {getattr(socket, name): text for name, text in LOOKUP.items() if hasattr(socket, name)}
    if number in known and (language() != "en" or not said):
        return _(known[number])
    return str(said or e)

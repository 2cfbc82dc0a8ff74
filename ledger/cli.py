"""The `ledger` command line: each command parses its options, calls the core and hands the result to output."""

import errno
import importlib
import io
import os
import sys
from typing import Any

from ledger.options import State, err

# Each command word → the module of ledger.commands that registers it (importing a module registers its
# commands on the app). Modules in the order of SPEC's table, which is the order `ledger --help` lists them.
# `ledger list` imports only `reading`: building every command is most of ledger's start-up.
COMMANDS = {
    "validate": "reading", "list": "reading", "show": "reading", "codes": "reading",
    "close": "editing", "reopen": "editing", "note": "editing", "set": "editing", "new": "editing",
    "init": "editing",
    "report": "publishing", "stats": "publishing", "export": "publishing", "templates": "publishing",
    "import": "importing",
    "changes": "history", "history": "history", "rollup": "history",
    "forms": "supervision", "apply": "supervision", "remind": "supervision",
    "serve": "serving",
}  # fmt: skip


def commands(name: str | None = None) -> Any:
    """The app with the command `name` registered, or with every command when `name` is not one of them."""
    modules = [COMMANDS[name]] if name in COMMANDS else list(dict.fromkeys(COMMANDS.values()))
    for module in modules:
        importlib.import_module(f"ledger.commands.{module}")
    from ledger.options import app

    return app


def __getattr__(attribute: str) -> Any:
    """`from ledger.cli import app` (the tests, the manual's command reference) gets the whole app."""
    if attribute == "app":
        return commands()
    raise AttributeError(f"module {__name__!r} has no attribute {attribute!r}")


def main(prog_name: str = "ledger") -> None:
    """The console entry point: an unexpected failure is one line, its traceback only with --debug."""
    utf8_streams()
    if sys.stdout is None:  # `ledger list >&-`: standard output closed
        sys.stdout = ClosedOutput()
    app = only_the_command_run(sys.argv[1:])
    try:
        try:
            app(prog_name=prog_name)
        finally:
            sys.stdout.flush()  # a full disk shows at the last write: say so here, not at the interpreter's exit
    except OSError as e:
        if e.errno not in OUTPUT_ERRORS or State.debug:
            internal_error(e)
        closed = isinstance(sys.stdout, ClosedOutput)
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - nothing more is written to it
        if e.errno != errno.EPIPE:  # `ledger list | head -1`: the reader has what it wanted
            from ledger.core.errors import os_reason
            from ledger.core.i18n import _

            reason = _("standard output is closed") if closed else os_reason(e)
            err(_("ledger: cannot write the output: {reason}").format(reason=reason))
        sys.exit(1)
    except Exception as e:  # anything that is not a LedgerError is our bug, not the user's
        internal_error(e)


def internal_error(e: Exception) -> None:
    """An unexpected failure: one line and exit 1 (the traceback with --debug)."""
    if State.debug:
        raise e
    said = str(e)  # shortened: it may quote a whole value from the files
    from ledger.core.i18n import _

    shown = said[:300] + (" …" if len(said) > 300 else "")
    err(_("ledger: internal error: {kind}: {message}").format(kind=type(e).__name__, message=shown))
    err(_("Please report this with the command you ran; run it again with --debug for the details."))
    sys.exit(1)


# What writing the output may meet: a closed stream, a full disk, the size limit (ulimit -f), a pipe read no more.
OUTPUT_ERRORS = {errno.EBADF, errno.ENOSPC, errno.EFBIG, errno.EPIPE, errno.EIO, getattr(errno, "EDQUOT", errno.ENOSPC)}


class ClosedOutput(io.TextIOBase):
    """Standard output that was closed before ledger started: every write fails as writing to fd 1 would."""

    encoding = "utf-8"

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, os.strerror(errno.EBADF) + " (standard output is closed)")

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        raise OSError(errno.EBADF, os.strerror(errno.EBADF) + " (standard output is closed)")


def utf8_streams() -> None:
    """Output in UTF-8 whatever the locale (a Windows console's code page, LANG=C), so that
    `ledger report > notice.md` writes UTF-8 and no character fails to print. A Windows console
    itself is written in Unicode by Python already."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure") and not (os.name == "nt" and stream.isatty()):
            stream.reconfigure(encoding="utf-8", errors="backslashreplace")


def only_the_command_run(args: list[str]) -> Any:
    """The app with only the command being run: importing and building all of them is most of ledger's start-up.

    The first word that is not an option names the command (the program's own options take no
    values); anything else — no command, --help, a misspelt name — gets every command, so that the
    help lists them all and a misspelt name is told the nearest.
    """
    name = next((a for a in args if not a.startswith("-")), None)
    app = commands(name)
    chosen = [c for c in app.registered_commands if (c.name or getattr(c.callback, "__name__", None)) == name]
    if chosen:
        app.registered_commands = chosen
    return app

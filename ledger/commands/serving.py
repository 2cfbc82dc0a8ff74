"""The workbench in a browser: serve (SPEC 3.11)."""

from typing import Annotated

import typer

from ledger.options import Session, command, err


@command()
def serve(
    session: Session,
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="The port; 0 picks a free one.")] = 8384,
    host: Annotated[
        str,
        typer.Option(
            "--host",
            help="The address to listen on. Other than 127.0.0.1 only when you mean it: "
            "other computers can then reach it (still only with the token).",
        ),
    ] = "127.0.0.1",
    read_only: Annotated[
        bool, typer.Option("--read-only", help="Show the ledger only: no forms, nothing saved.")
    ] = False,
    open_browser: Annotated[bool, typer.Option("--open", help="Open the address in the browser.")] = False,
) -> None:
    """The ledger in a browser on this computer: the 台账, items, forms that edit, the notice, charts."""
    from ledger.core.errors import LedgerError, os_reason
    from ledger.core.i18n import _

    try:
        from ledger.web.server import make_server
    except ImportError as e:
        raise LedgerError(
            _("`ledger serve` needs the web extra ({name} is missing): pip install 'zhenggai-ledger[web]'").format(
                name=e.name
            )
        ) from None
    root = session.root()
    try:
        running = make_server(root, host, port, read_only)
    except OSError as e:
        raise LedgerError(
            _("cannot listen on {host}:{port}: {why}").format(host=host, port=port, why=os_reason(e))
        ) from None
    from ledger.web.guard import is_loopback

    if not is_loopback(host):
        err(_("warning: listening on {host}: other computers on the network can reach this address; "
              "the token still guards it").format(host=host))  # fmt: skip
    print(running.address, flush=True)
    err(_("Serving {root}; open the address above (it holds the token). Ctrl+C stops.").format(root=root))
    if open_browser:
        import webbrowser

        webbrowser.open(running.address)
    try:
        running.run()
    except KeyboardInterrupt:
        err(_("Stopped."))

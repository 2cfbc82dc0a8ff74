"""The server: waitress (a pure-Python WSGI server with no dependencies) serving the app's threads."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from ledger.web.app import create_app
from ledger.web.guard import CSP, HEADERS, Guard

MAX_BODY = 2 << 20


def guarded_channel() -> type:
    """waitress's channel whose own error answers (a malformed request, a body too large) carry our headers too."""
    from waitress.channel import HTTPChannel
    from waitress.task import ErrorTask

    class GuardedErrorTask(ErrorTask):
        def execute(self) -> None:
            ours = [("Content-Security-Policy", CSP), ("X-Frame-Options", "DENY"), *HEADERS.items()]
            self.response_headers = [*self.response_headers, *ours]
            super().execute()

    class Channel(HTTPChannel):
        error_task_class = GuardedErrorTask

    return Channel


class Running:
    """A server started on a thread (for tests and `serve`): its address, and how to stop it."""

    def __init__(self, server: Any, guard: Guard, app: Any) -> None:
        self.server, self.guard, self.app = server, guard, app
        self.thread: threading.Thread | None = None
        self.stopping = threading.Event()

    @property
    def address(self) -> str:
        return self.guard.address()

    @property
    def held(self) -> Any:
        return self.app.extensions["ledger"]

    def run(self) -> None:
        """Serve until `stop()` (or Ctrl+C); then every connection is closed and the workers end."""
        try:
            while not self.stopping.is_set():
                self.server.asyncore.loop(timeout=0.2, map=self.server._map, count=1)
        finally:
            self.server.asyncore.close_all(self.server._map)
            self.server.task_dispatcher.shutdown()

    def stop(self) -> None:
        self.stopping.set()
        if self.thread is not None:
            self.thread.join(10)


def make_server(root: Path, host: str = "127.0.0.1", port: int = 0, read_only: bool = False,
                token: str | None = None) -> Running:  # fmt: skip
    """Bind the socket (port 0: any free port) and build the app for the port actually bound."""
    import socket

    from waitress.server import TcpWSGIServer, create_server

    # One socket on one address (a name such as localhost may resolve to several: one port for all of them).
    address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][4][0]
    guard = Guard(host, port, read_only, token)
    app = create_app(root, guard)
    # A body over 2 MiB (the app's own limit) is refused by waitress from its Content-Length, before it is read.
    server = create_server(app, host=address, port=port, threads=4, ident="ledger", clear_untrusted_proxy_headers=True,
                           max_request_body_size=MAX_BODY)  # fmt: skip
    assert isinstance(server, TcpWSGIServer) and server.socket is not None
    server.channel_class = guarded_channel()
    guard.port = int(server.socket.getsockname()[1])
    guard.cookie = f"ledger_token_{guard.port}"
    return Running(server, guard, app)


def start(root: Path, host: str = "127.0.0.1", port: int = 0, read_only: bool = False) -> Running:
    """A server on a daemon thread: it ends with the process whatever happens to the caller."""
    running = make_server(root, host, port, read_only)
    running.thread = threading.Thread(target=running.run, name="ledger-serve", daemon=True)
    running.thread.start()
    return running

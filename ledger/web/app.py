"""The workbench's pages: the 台账, an item, the forms that edit, the notice, changes and statistics."""

from __future__ import annotations

import base64
import mimetypes
import os
import stat
from collections import OrderedDict
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote_to_bytes

from flask import Flask, Response, abort, redirect, render_template, request
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers.response import Response as BaseResponse

from ledger.core.dates import today
from ledger.core.errors import LedgerError
from ledger.core.model import Item, Ledger, item_view
from ledger.core.query import find_item
from ledger.core.source import NotRegular, read_regular
from ledger.web import charts, forms, pages
from ledger.web.guard import CSP, HEADERS, NOTICE_CSP, Guard
from ledger.web.held import HeldLedger, digest
from ledger.web.words import _, language

HERE = Path(__file__).resolve().parent


def create_app(root: Path, guard: Guard) -> Flask:
    """The WSGI application for one ledger, guarded by `guard`'s token, CSRF token and Host check."""
    app = Flask("ledger.web", template_folder=str(HERE / "templates"), static_folder=str(HERE / "static"))
    app.config.update(MAX_CONTENT_LENGTH=2 << 20, TEMPLATES_AUTO_RELOAD=False)
    app.jinja_env.autoescape = True  # every template, whatever its name: every value escaped
    app.jinja_env.globals.update(_=_, guard=guard, language=language)
    app.jinja_env.trim_blocks = app.jinja_env.lstrip_blocks = True
    held = HeldLedger(root)
    app.extensions["ledger"] = held

    @app.before_request
    def admit() -> BaseResponse | None:
        if not guard.host_allowed(request.headers.get("Host")):
            abort(400, _("this address is not the one the workbench listens on"))
        given = request.args.get("token")
        if given is not None:
            if not guard.token_ok(given):
                abort(403, _("the token in the address is not this workbench's"))
            # The token leaves the address at once: into a cookie only this site gets, never script.
            args = [(k, v) for k, v in request.args.items(multi=True) if k != "token"]
            target = request.path + ("?" + "&".join(f"{quote(k)}={quote(v)}" for k, v in args) if args else "")
            response = redirect(target, 303)
            response.set_cookie(guard.cookie, guard.token, httponly=True, samesite="Strict", path="/")
            return response
        if not guard.token_ok(request.cookies.get(guard.cookie)):
            abort(403, _("open the address `ledger serve` printed, with its token"))
        if request.method not in ("GET", "HEAD"):
            if guard.read_only:
                abort(403, _("the workbench is read-only (--read-only): nothing can be changed here"))
            if not guard.origin_ok(request.headers.get("Origin"), request.headers.get("Host")):
                abort(403, _("a form from another site is refused"))
            if not utf8_form(request.get_data(cache=True)):  # read once (at most 2 MiB); the form parses this copy
                abort(400, _("the form was not sent as UTF-8; open it again"))
            if not guard.csrf_ok(request.form.get("csrf")):
                abort(403, _("the form lacks this workbench's CSRF token; open it again"))
        return None

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.update(HEADERS)
        return response

    @app.errorhandler(HTTPException)
    def http_error(e: HTTPException) -> tuple[str, int]:
        # Werkzeug's own descriptions are English: a page not found, or any other refusal without words of ours.
        ours = e.description if e.description != type(e).description else None
        message = ours or (_("There is no such page in the workbench.") if e.code == 404 else e.name)
        return render_template("error.html", ledger=None, code=e.code, message=message, details=()), e.code or 500

    def ledger_now() -> Ledger:
        return held.current()

    def page(template: str, ledger: Ledger, status: int = 200, **values: Any) -> tuple[str, int]:
        return render_template(template, ledger=ledger, problems=pages.problems(ledger), nav=request.endpoint,
                               **values), status  # fmt: skip

    def refused(ledger: Ledger, e: LedgerError, status: int = 400) -> tuple[str, int]:
        return page("error.html", ledger, status, code=status, message=e.message, details=e.details)

    def item_or_404(ledger: Ledger, item_id: str) -> Item:
        try:
            return find_item(ledger, item_id)
        except LedgerError as e:
            abort(404, e.message)

    rendered: OrderedDict[tuple[Any, ...], str] = OrderedDict()  # the 台账 pages of the ledger held now

    @app.get("/")
    def ledger_page() -> tuple[str, int]:
        ledger = ledger_now()
        key = (held.generation, request.query_string, today(), language())
        if key in rendered:
            return rendered[key], 200
        try:
            table = pages.table(ledger, request.args, today())
        except LedgerError as e:
            return refused(ledger, e)
        html, status = page("ledger.html", ledger, **table)
        rendered[key] = html
        while len(rendered) > 16 or next(iter(rendered))[0] != held.generation:
            rendered.popitem(last=False)
        return html, status

    @app.get("/item/<item_id>")
    def item_page(item_id: str) -> tuple[str, int]:
        ledger = ledger_now()
        item = item_or_404(ledger, item_id)
        as_of = today()
        return page("item.html", ledger, item=item, view=item_view(item, ledger.config, as_of),
                    light=pages.light(item, ledger, as_of), history=pages.history(root, item),
                    evidence=pages.evidence(root, item), log=pages.log_rows(item, ledger),
                    category=ledger.config.category(item.category), saved=request.args.get("saved"),
                    more=pages.more_fields(item))  # fmt: skip

    @app.get("/raw/<item_id>")
    def raw(item_id: str) -> Response:
        item = item_or_404(ledger_now(), item_id)
        data, _info = read_regular(root / item.path)
        return Response(data, mimetype="text/plain", headers={"Content-Type": "text/plain; charset=utf-8"})

    @app.get("/evidence/<item_id>/<int:n>")
    def evidence_file(item_id: str, n: int) -> Response:
        item = item_or_404(ledger_now(), item_id)
        found = {e.n: e.path for e in pages.evidence(root, item) if e.path is not None}
        if n not in found:
            abort(404, _("that evidence is not a file inside the ledger"))
        path = root / found[n]
        try:
            chunks, size = regular_chunks(path)
        except OSError:
            abort(404, _("that evidence is not a file inside the ledger"))
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return Response(
            chunks,
            mimetype=kind,
            direct_passthrough=True,
            headers={
                "Content-Length": str(size),
                "Content-Disposition": attachment(path.name),
                "Content-Security-Policy": "default-src 'none'; sandbox",
            },
        )

    def edit_view(item_id: str | None, action: str) -> tuple[str, int] | BaseResponse:
        if guard.read_only:
            abort(403, _("the workbench is read-only (--read-only): nothing can be changed here"))
        ledger = ledger_now()
        item = item_or_404(ledger, item_id) if item_id is not None else None
        form = forms.FORMS[action]
        if request.method == "GET":
            base = read_regular(root / item.path)[0] if item is not None else b""
            values = form.initial(item, ledger, today())
            return page("form.html", ledger, form=form, item=item, values=values, base=encoded(base),
                        digest=digest(base), step="edit")  # fmt: skip
        # A browser sends a textarea's line breaks as CRLF: the edit gets LF (the editor keeps the file's own).
        values = {name: unix_lines(request.form.get(name, "")) for name in form.fields}
        base_text, sent_digest = request.form.get("base", ""), request.form.get("digest", "")
        try:
            base = base64.b64decode(base_text, validate=True)
        except ValueError:
            abort(400, _("the form is damaged; open it again"))
        if digest(base) != sent_digest:
            abort(400, _("the form is damaged; open it again"))
        step = request.form.get("step", "preview")
        shown: dict[str, Any] = dict(form=form, item=item, values=values, base=base_text, digest=sent_digest)
        if step == "edit":
            return page("form.html", ledger, step="edit", **shown)
        try:
            change = form.run(root, item, ledger, values, today(), sent_digest, dry_run=step != "save",
                              path=request.form.get("path"))  # fmt: skip
        except forms.Stale as e:
            return page("stale.html", ledger, 409, **shown, **pages.versions(base, root / e.path))
        except LedgerError as e:
            return page("form.html", ledger, 400, step="edit", error=e, **shown)
        if step != "save":
            return page("form.html", ledger, step="preview", change=change, diff=pages.diff_lines(change.diff()),
                        **shown)  # fmt: skip
        target = forms.item_id_of_path(change.path) if item is None else item.id
        return redirect(f"/item/{quote(target)}?saved={quote(action)}", 303)

    @app.route("/item/<item_id>/<action>", methods=["GET", "POST"])
    def edit(item_id: str, action: str) -> tuple[str, int] | BaseResponse:
        if action not in forms.FORMS or action == "new":
            abort(404)
        return edit_view(item_id, action)

    @app.route("/new", methods=["GET", "POST"])
    def new() -> tuple[str, int] | BaseResponse:
        return edit_view(None, "new")

    @app.get("/notice")
    def notice() -> tuple[str, int]:
        ledger = ledger_now()
        return page("notice.html", ledger, downloads=pages.downloads(), as_of=pages.as_of(request.args, today()))

    @app.get("/notice/view")
    def notice_view() -> Response | tuple[str, int]:
        ledger = ledger_now()
        try:
            html = pages.notice_html(ledger, pages.as_of(request.args, today()))
        except LedgerError as e:
            return refused(ledger, e)
        response = Response(html, mimetype="text/html")
        response.headers["Content-Security-Policy"] = NOTICE_CSP
        response.headers["X-Frame-Options"] = "SAMEORIGIN"
        return response

    @app.get("/download/<name>")
    def download(name: str) -> Response | tuple[str, int]:
        ledger = ledger_now()
        try:
            filename, data = pages.download(ledger, name, pages.as_of(request.args, today()))
        except KeyError:
            abort(404)
        except LedgerError as e:
            return refused(ledger, e)
        kind = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        return Response(data, mimetype=kind, headers={"Content-Disposition": attachment(filename)})

    @app.get("/changes")
    def changes() -> tuple[str, int]:
        ledger = ledger_now()
        return page("changes.html", ledger, **pages.changes(ledger, request.args.get("since") or None, today()))

    @app.get("/stats")
    def stats() -> tuple[str, int]:
        ledger = ledger_now()
        return page("stats.html", ledger, **charts.statistics(ledger, today()))

    return app


def unix_lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def utf8_form(body: bytes) -> bool:
    """Whether a url-encoded form body is UTF-8 throughout, in its bytes and in its %-escapes."""
    try:
        for pair in body.decode("ascii").split("&"):
            unquote_to_bytes(pair.replace("+", " ")).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def regular_chunks(path: Path, size: int = 1 << 16) -> tuple[Iterator[bytes], int]:
    """A regular file, whole, as chunks read as they are sent (a scan of many MiB is never held in memory),
    and its size; opened without blocking and checked on the descriptor, so never a FIFO or device."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegular()
        handle = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise

    def chunks() -> Iterator[bytes]:
        with handle:
            left = info.st_size  # what Content-Length promised, even if the file grows meanwhile
            while left > 0:
                chunk = handle.read(min(size, left))
                if not chunk:
                    break
                left -= len(chunk)
                yield chunk

    return chunks(), info.st_size


def encoded(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def attachment(filename: str) -> str:
    """A download's name, in ASCII for old clients and in UTF-8 (RFC 6266) for the Chinese one."""
    fallback = "".join(c if c.isascii() and (c.isalnum() or c in "._-") else "_" for c in filename)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"

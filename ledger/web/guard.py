"""Only this computer gets in (SPEC 3.11): the Host checked, a token then a cookie, CSRF on every form, a strict CSP."""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from urllib.parse import urlsplit

# Pages load nothing from elsewhere and run no script at all; forms post only here; no page in a frame
# but the notice's own view, in ours.
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'none'; form-action 'self'; "
    "frame-src 'self'; frame-ancestors 'none'; base-uri 'none'"
)
# The notice as `report --to html` writes it (its own <style> and style attributes), shown in our frame.
NOTICE_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'self'; base-uri 'none'"
)
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    # The token in the first address never leaves in a Referer; our own forms still send their Origin.
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}

LOOPBACK_NAMES = ("localhost",)


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def is_wildcard(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_unspecified
    except ValueError:
        return False


def netloc(host: str, port: int) -> str:
    """host:port as a Host header writes it (an IPv6 address in brackets)."""
    try:
        if ipaddress.ip_address(host.strip("[]")).version == 6:
            return f"[{host.strip('[]')}]:{port}"
    except ValueError:
        pass
    return f"{host}:{port}"


class Guard:
    """The secrets of one server run and the checks every request passes."""

    def __init__(self, host: str, port: int, read_only: bool, token: str | None = None) -> None:
        self.host, self.port, self.read_only = host, port, read_only
        self.token = token or secrets.token_urlsafe(24)
        self.csrf = secrets.token_urlsafe(24)
        self.cookie = f"ledger_token_{port}"  # cookies ignore ports: two servers on this computer keep theirs apart

    def host_allowed(self, header: str | None) -> bool:
        """The Host a browser sends for the address we listen on; a name that resolved to us by DNS
        (rebinding) is not it. On a wildcard address any IP address of this computer, never a name."""
        if not header:
            return False
        expected = {netloc(self.host, self.port)}
        if is_loopback(self.host):
            expected |= {netloc(h, self.port) for h in ("127.0.0.1", "localhost", "::1")}
        if header.lower() in expected:
            return True
        if is_wildcard(self.host):
            name, _, port = header.rpartition(":")
            try:
                ipaddress.ip_address(name.strip("[]"))
            except ValueError:
                return False
            return port == str(self.port)
        return False

    def token_ok(self, given: str | None) -> bool:
        return given is not None and hmac.compare_digest(given.encode(), self.token.encode())

    def csrf_ok(self, given: str | None) -> bool:
        return given is not None and hmac.compare_digest(given.encode(), self.csrf.encode())

    def origin_ok(self, origin: str | None, host_header: str | None) -> bool:
        """A form posted from our own page (Origin is ours, or not sent at all by an older browser)."""
        if origin is None:
            return True
        parts = urlsplit(origin)
        return parts.scheme == "http" and bool(host_header) and parts.netloc.lower() == (host_header or "").lower()

    def address(self) -> str:
        shown = "127.0.0.1" if is_wildcard(self.host) else self.host
        return f"http://{netloc(shown, self.port)}/?token={self.token}"

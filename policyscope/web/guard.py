"""The outermost layer of the web app, a plain ASGI middleware: it answers before any body is
read or any handler runs, so a hostile request costs headers only.

In order: security headers on every response (errors included); a Host header outside the
allowed hosts -> 400 (DNS rebinding); a read token, when the server has one, for every request;
for writes the write token, then the declared size (413 at once), and a counter that stops a
streamed body at the limit; a time limit on reaching the first response byte (503).
"""

from __future__ import annotations

import asyncio
import base64
import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass, field

SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
}
LOOPBACK = ("127.0.0.1", "localhost", "::1")
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


@dataclass
class GuardConfig:
    allowed_hosts: set[str] = field(default_factory=lambda: set(LOOPBACK))
    read_token: str | None = None  # every request needs it (a bearer header or Basic password)
    write_token: str | None = None  # writes need it; None: the server is read-only
    max_body: int = 20 * 1024 * 1024  # for writes (uploads)
    max_small_body: int = 64 * 1024  # for any other request that carries a body
    time_limit: float = 30.0  # seconds to the first response byte
    slow_paths: tuple[str, ...] = ("/api/v1/report", "/api/v1/candidates", "/candidates")
    slow_limit: float = 120.0


def host_name(value: str) -> str:
    """'Example.org:8000' -> 'example.org'; '[::1]:8000' -> '::1'."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:].split("]", 1)[0]
    if value.count(":") == 1:
        return value.split(":", 1)[0]
    return value


def allowed_hosts(bind: str | None, extra: Iterable[str] = ()) -> set[str]:
    hosts = set(LOOPBACK)
    if bind and bind not in ("0.0.0.0", "::"):
        hosts.add(host_name(bind) if not bind.count(":") > 1 else bind.lower())
    hosts.update(host_name(h) for h in extra if h)
    return hosts


def token_of(headers: dict[bytes, bytes]) -> str | None:
    """The token a client sent: `Authorization: Bearer T` or Basic with password T (what a
    browser sends after its own login prompt)."""
    raw = headers.get(b"authorization", b"").decode("latin-1")
    scheme, _, value = raw.partition(" ")
    scheme = scheme.lower()
    if scheme == "bearer":
        return value.strip()
    if scheme == "basic":
        try:
            return base64.b64decode(value.strip(), validate=True).decode().partition(":")[2]
        except (ValueError, UnicodeDecodeError):
            return None
    return None


def same(given: str | None, token: str | None) -> bool:
    if not given or not token:
        return False
    return hmac.compare_digest(given.encode(), token.encode())


def _with_headers(message: dict) -> dict:
    present = {k.lower() for k, _ in message.get("headers", [])}
    extra = [
        (k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items() if k.encode() not in present
    ]
    return {**message, "headers": list(message.get("headers", [])) + extra}


async def send_json(send, status: int, error: str, headers: Iterable[tuple[str, str]] = ()):
    body = json.dumps({"error": error}, ensure_ascii=False).encode()
    hs = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    hs += [(k.encode(), v.encode()) for k, v in headers]
    await send(_with_headers({"type": "http.response.start", "status": status, "headers": hs}))
    await send({"type": "http.response.body", "body": body})


class Guard:
    def __init__(self, app, config: GuardConfig):
        self.app = app
        self.config = config

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        refusal = self.refuse(scope)
        if refusal:
            return await send_json(send, *refusal)
        return await self.run(scope, receive, send)

    def refuse(self, scope) -> tuple | None:
        """(status, message[, headers]) for a request that must not go further, else None."""
        cfg = self.config
        headers = dict(scope.get("headers") or [])
        host = host_name(headers.get(b"host", b"").decode("latin-1"))
        if host not in cfg.allowed_hosts:
            return 400, "unknown Host header: start the server with --allow-host NAME to allow it"
        given = token_of(headers)
        if cfg.read_token and not (same(given, cfg.read_token) or same(given, cfg.write_token)):
            return (
                401,
                "this server needs a token: send 'Authorization: Bearer <token>'",
                [("www-authenticate", 'Basic realm="PolicyScope", charset="UTF-8"')],
            )
        size = headers.get(b"content-length", b"")
        if scope["method"] in WRITE_METHODS:
            if not cfg.write_token:
                return 403, "uploads are disabled: start the server with POLICYSCOPE_TOKEN"
            if not same(given, cfg.write_token):
                return (
                    401,
                    "missing or wrong token: send 'Authorization: Bearer <token>'",
                    [("www-authenticate", "Bearer")],
                )
        limit = self.limit(scope)
        if size:
            if not size.isdigit() or len(size) > 18:
                return 400, "Content-Length must be a whole number of bytes"
            if int(size) > limit:
                return 413, f"request body larger than {limit} bytes"
        return None

    def limit(self, scope) -> int:
        cfg = self.config
        return cfg.max_body if scope["method"] in WRITE_METHODS else cfg.max_small_body

    async def run(self, scope, receive, send):
        limit, seen = self.limit(scope), 0
        started = closed = False

        async def send_guarded(message):
            nonlocal started
            if closed:
                return  # the client already has its 413 or 503
            if message["type"] == "http.response.start":
                started = True
                message = _with_headers(message)
            await send(message)

        async def receive_capped():
            # a body without Content-Length (chunked) is counted as it streams in
            nonlocal seen, closed
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit and not closed:
                if not started:
                    await send_json(send, 413, f"request body larger than {limit} bytes")
                closed = True
            return {"type": "http.disconnect"} if closed else message

        cfg = self.config
        limit_s = cfg.slow_limit if scope["path"].startswith(cfg.slow_paths) else cfg.time_limit
        task = asyncio.ensure_future(self.app(scope, receive_capped, send_guarded))
        done, _ = await asyncio.wait({task}, timeout=limit_s)
        if done or started or closed:
            await task
            return
        closed = True
        # a worker thread cannot be stopped; its late answer is dropped by send_guarded
        await send_json(send, 503, f"the request took longer than {limit_s:g} s")

"""The `serve` command: the web app (policyscope.web) under uvicorn."""

from __future__ import annotations

import ipaddress
import os
from typing import Annotated

import typer

from policyscope.cli.app import STATE, app, err
from policyscope.errors import BadArgument
from policyscope.extras import require

# one process per core, up to two: a second worker answers while the first is busy with a
# CPU-bound request, and more than two on a small machine only compete for its cores
DEFAULT_WORKERS = min(2, os.cpu_count() or 1)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def read_protection(host: str, public: bool, token: str | None, read_token: str | None):
    """The read token for a server on `host`: on loopback none is needed; elsewhere the read
    token (or, failing it, the write token), unless `--public` says everyone may read."""
    if is_loopback(host) or public:
        return read_token or None
    if read_token or token:
        return read_token or token
    raise BadArgument(
        f"--host {host} is reachable from other machines: set POLICYSCOPE_READ_TOKEN (or "
        "POLICYSCOPE_TOKEN) so that reads need a token, or pass --public to serve everyone"
    )


@app.command(epilog="Example: POLICYSCOPE_TOKEN=... policyscope --db policy.db serve --port 8000")
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port")] = 8000,
    allow_host: Annotated[
        list[str] | None,
        typer.Option(help="Another Host name clients use (repeatable); others get 400"),
    ] = None,
    public: Annotated[
        bool, typer.Option(help="On a non-loopback --host, let anyone read without a token")
    ] = False,
    workers: Annotated[
        int, typer.Option(min=1, max=32, help="Server processes (reads scale with cores)")
    ] = DEFAULT_WORKERS,
) -> None:
    """Serve the web app: search, reader, concepts, trends, figures, timeline, verify, and a
    JSON API under /api/v1 (docs at /api/v1/docs). Read-only unless POLICYSCOPE_TOKEN is
    set, which then allows uploads with 'Authorization: Bearer <token>'. Only requests for
    127.0.0.1, localhost, ::1, the --host address and each --allow-host are answered."""
    require("server")
    import uvicorn  # noqa: PLC0415 (lazy: optional extra)

    from policyscope.web import create_app  # noqa: PLC0415 (lazy: optional extra)
    from policyscope.web.guard import allowed_hosts  # noqa: PLC0415 (lazy: optional extra)
    from policyscope.workspace import default_db  # noqa: PLC0415 (lazy: start-up time)

    db = STATE["db"] or default_db()
    token = os.environ.get("POLICYSCOPE_TOKEN") or None
    read = read_protection(host, public, token, os.environ.get("POLICYSCOPE_READ_TOKEN"))
    mode = "uploads need the bearer token" if token else "read-only (no POLICYSCOPE_TOKEN)"
    if read:
        mode += "; reads need a token too"
    elif not is_loopback(host):
        err.print(
            f"warning: --public on {host}: anyone who can reach port {port} reads the corpus",
            style="yellow",
            markup=False,
        )
    err.print(
        f"PolicyScope on http://{host}:{port}/ over {db}: {mode}", soft_wrap=True, markup=False
    )
    hosts = allowed_hosts(host, allow_host or [])
    if workers == 1:
        application = create_app(db, token=token, read_token=read, allowed_hosts=hosts)
        uvicorn.run(application, host=host, port=port, log_level="info")
        return
    from policyscope.web.factory import settings_env  # noqa: PLC0415 (lazy: optional extra)

    os.environ.update(
        settings_env(db=db, token=token, read_token=read, allowed_hosts=sorted(hosts))
    )
    uvicorn.run(
        "policyscope.web.factory:app_from_env",
        factory=True,
        workers=workers,
        # a worker busy with CPU-bound requests answers the supervisor's ping late; the
        # default 5 s would have it killed and restarted under load
        timeout_worker_healthcheck=60,
        host=host,
        port=port,
        log_level="info",
    )

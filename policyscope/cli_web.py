"""CLI command `serve`: the web app (policyscope.web) under uvicorn. Registered on
`policyscope.cli.app` when the CLI is imported."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from policyscope.cli import STATE, app, err


@app.command(epilog="Example: POLICYSCOPE_TOKEN=... policyscope --db policy.db serve --port 8000")
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port")] = 8000,
) -> None:
    """Serve the web app: search, reader, concepts, trends, figures, timeline, verify, and a
    JSON API under /api/v1 (OpenAPI at /api/v1/docs). Read-only unless POLICYSCOPE_TOKEN is
    set, which then allows uploads with 'Authorization: Bearer <token>'."""
    import uvicorn

    from policyscope.web import create_app
    from policyscope.workspace import default_db  # lazily: see cli.ws

    db = STATE["db"] or default_db()
    token = os.environ.get("POLICYSCOPE_TOKEN") or None
    mode = "uploads need the bearer token" if token else "read-only (no POLICYSCOPE_TOKEN)"
    err.print(
        f"PolicyScope on http://{host}:{port}/ over {db}: {mode}", soft_wrap=True, markup=False
    )
    uvicorn.run(create_app(db, token=token), host=host, port=port, log_level="info")

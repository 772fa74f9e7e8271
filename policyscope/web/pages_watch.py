"""Read-only watch pages, ready to mount: `app.include_router(pages_watch.router)`.

    /watch                  the sources and the last runs with their errors
    /watch/digest           the digest as a page (?since=7d&lang=ko&topic=concept:X)
    /watch/digest.atom      the same as an Atom feed, for a feed reader

Self-contained HTML (no template of the main app needed); every value is escaped.
"""

from __future__ import annotations

from html import escape
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from policyscope.watch.render import digest_atom, digest_html
from policyscope.web.api import get_ws
from policyscope.workspace import Workspace

router = APIRouter(include_in_schema=False)
WS = Annotated[Workspace, Depends(get_ws)]
Lang = Annotated[str, Query(pattern="^(en|ko)$")]
Str = Annotated[str | None, Query()]


def _table(head: list[str], rows: list[list]) -> str:
    th = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


@router.get("/watch", response_class=HTMLResponse)
def watch_page(ws: WS, limit: Annotated[int, Query(ge=1, le=100)] = 10) -> HTMLResponse:
    sources = [[s.id, s.kind, s.url, s.series or ""] for s in ws.watch_sources()]
    runs, errors = [], []
    for r in ws.watch_runs(limit):
        counts = ", ".join(f"{n} {k}" for k, n in sorted(r.counts().items()))
        runs.append([r.run_id, r.started_at, r.finished_at or "(running or stopped)", counts])
        errors += [[r.run_id, url, cause] for url, cause in r.errors()]
    html = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Watch</title>'
        '<link rel="stylesheet" href="/static/app.css"></head><body><main>'
        "<h1>Watched sources</h1>" + _table(["id", "kind", "url", "series"], sources)
        + "<h2>Last runs</h2>" + _table(["run", "started", "finished", "items"], runs)
        + "<h2>Errors</h2>" + _table(["run", "url", "cause"], errors)
        + '<p><a href="/watch/digest">Digest (7 days)</a> · '
        '<a href="/watch/digest.atom">Atom feed</a></p></main></body></html>'
    )  # fmt: skip
    return HTMLResponse(html)


@router.get("/watch/digest", response_class=HTMLResponse)
def digest_page(ws: WS, since: str = "7d", lang: Lang = "en", topic: Str = None):
    return HTMLResponse(digest_html(ws.digest(since, topic=topic), lang))


@router.get("/watch/digest.atom")
def digest_feed(request: Request, ws: WS, since: str = "7d", lang: Lang = "en"):
    body = digest_atom(ws.digest(since), str(request.url), lang)
    return Response(body, media_type="application/atom+xml; charset=utf-8")

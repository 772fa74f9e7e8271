"""`create_app(db, token)`: the FastAPI app, built to serve a team at once.

Every handler is a plain (sync) function, so FastAPI runs it in its worker threads, off the
event loop. Each worker thread opens its own Workspace (its own SQLite connections; WAL lets
readers run in parallel), so no lock serialises requests. Uploads are ingested in a separate
process (policyscope.web.jobs). The Guard middleware (policyscope.web.guard) answers hostile
requests before a body is read.

Errors: PolicyScope's BadArgument -> 400, NotFound -> 404, other PolicyScopeError -> 400,
request-validation errors -> 400; the API answers `{"error": "..."}`, pages an error page.
Server paths never appear in an answer (policyscope.web.params.Paths).
"""

from __future__ import annotations

import logging
import os
import threading
from contextlib import asynccontextmanager
from pathlib import Path

import anyio
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from policyscope.errors import NotFound, PolicyScopeError
from policyscope.web import api, api_analysis, docs, pages, pages_analysis, pages_watch
from policyscope.web.cache import ResultCache
from policyscope.web.guard import LOOPBACK, SECURITY_HEADERS, Guard, GuardConfig
from policyscope.web.jobs import Jobs
from policyscope.web.offload import Offload
from policyscope.web.pagecache import PageCache, enabled_by_env
from policyscope.web.params import Paths
from policyscope.workspace import Workspace

HERE = Path(__file__).resolve().parent
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
log = logging.getLogger("policyscope.web")


class WebState:
    def __init__(self, db: str, token: str | None, upload_dir: Path, max_upload: int):
        self.db = db
        self.token = token or None
        self.upload_dir = upload_dir
        self.max_upload = max_upload
        root = Path(db).resolve().parent if "://" not in db else Path.cwd()
        self.paths = Paths(root)
        self.jobs = Jobs(db, upload_dir / ".jobs")
        self.offload = Offload(db)  # briefings and term candidates
        self._local = threading.local()
        self._opened: list[Workspace] = []
        self._opened_lock = threading.Lock()  # guards the list only, never a request
        # opened here, in the thread that builds the app; generation() of a SQLite store
        # only stats its files, so any thread (the event loop too) may ask it
        self.main = self._open()
        self.cache = ResultCache(self.generation, ttl=0.0 if "://" not in db else 1.0)

    def _open(self) -> Workspace:
        ws = Workspace(self.db)
        with self._opened_lock:
            self._opened.append(ws)
        return ws

    def generation(self):
        return self.main.generation() if "://" not in self.db else self.workspace().generation()

    def workspace(self) -> Workspace:
        """This thread's Workspace, opened on first use."""
        ws = getattr(self._local, "ws", None)
        if ws is None:
            ws = self._local.ws = self._open()
        return ws

    def close(self) -> None:
        self.jobs.close()
        self.offload.close()
        with self._opened_lock:
            opened, self._opened = self._opened, []
        for ws in opened:
            ws.close()


class ThreadWorkspace:
    """Handed to handlers: each attribute is looked up on the Workspace of the thread that
    uses it, because FastAPI may resolve a dependency in one worker thread and run the
    handler in another."""

    def __init__(self, state: WebState):
        self._state = state

    def __getattr__(self, name: str):
        return getattr(self._state.workspace(), name)

    def cached(self, key, make):
        """`make()`, or its result kept from an earlier request on the same store."""
        return self._state.cache.get(key, make)


def _status(exc: PolicyScopeError) -> int:
    return 404 if isinstance(exc, NotFound) else 400


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for e in exc.errors():
        loc = [str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body")]
        parts.append(f"{'.'.join(loc) or 'request'}: {e.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def _add_handlers(app: FastAPI, state: WebState) -> None:
    def answer(request: Request, status: int, msg: str, headers=None):
        msg = state.paths.message(msg)
        if _is_api(request):
            return JSONResponse({"error": msg}, status_code=status, headers=headers)
        return pages.error_page(request, status, msg)

    @app.exception_handler(PolicyScopeError)
    async def _ps_error(request: Request, exc: PolicyScopeError):
        return answer(request, _status(exc), str(exc))

    @app.exception_handler(RequestValidationError)
    async def _bad_request(request: Request, exc: RequestValidationError):
        return answer(request, 400, _validation_message(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        msg = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        return answer(request, exc.status_code, msg, exc.headers)

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception):
        # answered by Starlette's outermost layer, outside the Guard: add its headers here
        log.exception("unhandled error on %s", request.url.path)
        return JSONResponse(
            {"error": "internal error; the server log has the details"},
            status_code=500,
            headers=SECURITY_HEADERS,
        )


def create_app(
    db: str,
    token: str | None = None,
    upload_dir: str | os.PathLike | None = None,
    max_upload: int = MAX_UPLOAD_BYTES,
    read_token: str | None = None,
    allowed_hosts: set[str] | None = None,
    time_limit: float = 30.0,
    threads: int = 8,
    page_cache: bool | None = None,
    warm: bool = True,
) -> FastAPI:
    """The app over workspace `db`. Uploads (POST /api/v1/ingest) need `token` (as
    `Authorization: Bearer <token>`); with no token the app is read-only. With `read_token`
    every request needs a token (the read or the write one). Only requests whose Host is in
    `allowed_hosts` (default: the loopback names) are answered. Uploaded files are kept in
    `upload_dir` (default: `uploads/` next to the database), never under a served directory.
    `page_cache` (default: on unless POLICYSCOPE_PAGE_CACHE=0) keeps whole answers until the
    store changes; `warm` loads the tokenizers and the pack before the first request."""
    up = Path(upload_dir) if upload_dir else Path(db).resolve().parent / "uploads"
    state = WebState(db, token, up, max_upload)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        # the handlers are CPU-bound under one GIL: more threads than this only add
        # Workspaces to open and warm, and switching; a slow request still leaves the rest
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        if warm:
            state.main.warm()  # here, before serving: see Workspace.warm
        yield
        state.close()

    app = FastAPI(
        lifespan=lifespan,
        title="PolicyScope",
        version="1",
        description="Source-cited search and analysis over AI-policy documents.",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.state.web = state
    app.state.ws = ThreadWorkspace(state)
    _add_handlers(app, state)
    app.include_router(docs.router, prefix="/api/v1")
    app.include_router(api.router, prefix="/api/v1")
    app.include_router(api_analysis.router, prefix="/api/v1")
    app.include_router(pages.router)
    app.include_router(pages_analysis.router)  # ledger, compare, cooc, terms, candidates ...
    app.include_router(pages_watch.router)  # /watch: sources, last runs, digest (+ Atom)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    docs.customise(app)
    config = GuardConfig(
        allowed_hosts=set(allowed_hosts) if allowed_hosts else set(LOOPBACK),
        read_token=read_token or None,
        write_token=token or None,
        max_body=max_upload + 64 * 1024,  # the multipart envelope around the file
        time_limit=time_limit,
    )
    if page_cache is None:
        page_cache = enabled_by_env()
    app.add_middleware(PageCache, generation=state.cache.generation, enabled=page_cache)
    app.add_middleware(Guard, config=config)  # added last: the outermost layer
    return app

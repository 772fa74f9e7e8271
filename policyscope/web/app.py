"""`create_app(db, token)`: the FastAPI app. One Workspace per app, used under a lock (the
app is a local, single-analyst tool; the lock keeps the tokenizer and caches safe across
FastAPI's worker threads).

Errors: PolicyScope's BadArgument -> 400, NotFound -> 404, other PolicyScopeError -> 400,
request-validation errors -> 400; the API answers `{"error": "..."}`, pages an error page.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from policyscope.errors import NotFound, PolicyScopeError
from policyscope.workspace import Workspace

HERE = Path(__file__).resolve().parent
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class WebState:
    def __init__(self, db: str, token: str | None, upload_dir: Path, max_upload: int):
        self.db = db
        self.token = token or None
        self.upload_dir = upload_dir
        self.max_upload = max_upload
        # a plain Lock: FastAPI may enter and leave a dependency in different threads
        self.lock = threading.Lock()
        self._ws: Workspace | None = None

    @contextmanager
    def workspace(self) -> Iterator[Workspace]:
        with self.lock:
            if self._ws is None:
                self._ws = Workspace(self.db)
            yield self._ws

    def close(self) -> None:
        with self.lock:
            if self._ws is not None:
                self._ws.close()
                self._ws = None


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


def create_app(
    db: str,
    token: str | None = None,
    upload_dir: str | os.PathLike | None = None,
    max_upload: int = MAX_UPLOAD_BYTES,
) -> FastAPI:
    """The app over workspace `db`. Uploads (POST /api/v1/ingest) need `token` (as
    `Authorization: Bearer <token>`); with no token the app is read-only. Uploaded files are
    kept in `upload_dir` (default: `uploads/` next to the database), never under a served
    directory."""
    from policyscope.web import api, pages

    up = Path(upload_dir) if upload_dir else Path(db).resolve().parent / "uploads"
    state = WebState(db, token, up, max_upload)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        yield
        state.close()

    app = FastAPI(
        lifespan=lifespan,
        title="PolicyScope",
        version="1",
        description="Source-cited search and analysis over AI-policy documents.",
        openapi_url="/api/v1/openapi.json",
        docs_url="/api/v1/docs",
        redoc_url=None,
    )
    app.state.web = state

    @app.exception_handler(PolicyScopeError)
    async def _ps_error(request: Request, exc: PolicyScopeError):
        if _is_api(request):
            return JSONResponse({"error": str(exc)}, status_code=_status(exc))
        return pages.error_page(request, _status(exc), str(exc))

    @app.exception_handler(RequestValidationError)
    async def _bad_request(request: Request, exc: RequestValidationError):
        msg = _validation_message(exc)
        if _is_api(request):
            return JSONResponse({"error": msg}, status_code=400)
        return pages.error_page(request, 400, msg)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        msg = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if _is_api(request):
            return JSONResponse({"error": msg}, status_code=exc.status_code, headers=exc.headers)
        return pages.error_page(request, exc.status_code, msg)

    @app.middleware("http")
    async def _headers(request: Request, call_next):
        response = await call_next(request)
        if request.url.path == "/api/v1/docs":  # Swagger UI loads its own assets
            return response
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    app.include_router(api.router, prefix="/api/v1")
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    return app

"""Briefings for download, made in a separate process at low priority: rendering a PDF takes
seconds of CPU that would otherwise hold the server's GIL and slow every reader. The request
waits for its file in its worker thread; the readers go on."""

from __future__ import annotations

import multiprocessing
import tempfile
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from fastapi import HTTPException

from policyscope.report.render import FORMATS
from policyscope.web.jobs import lower_priority
from policyscope.web.params import Paths
from policyscope.workspace import Workspace

MEDIA_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
assert set(MEDIA_TYPES) == set(FORMATS), "a format without its media type"
TIME_LIMIT = 110.0  # seconds; the Guard gives /api/v1/report 120


def render_report(db: str, topics, date_from, date_to, lang: str, fmt: str) -> bytes:
    """Runs in the worker process: the briefing's bytes (the file lives in a temporary
    folder only while it is read), with no server path in it."""
    root = Path(db).resolve().parent if "://" not in db else Path.cwd()
    with tempfile.TemporaryDirectory() as tmp, Workspace(db) as ws:
        out = Path(tmp) / f"briefing.{fmt}"
        args = (topics, date_from, date_to, lang, fmt)
        return ws.shared_report(out, Paths(root).path, *args).read_bytes()


class Reports:
    def __init__(self, db: str):
        self.db = db
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def render(self, topics, date_from, date_to, lang: str, fmt: str) -> bytes:
        with self._lock:
            if self._pool is None:  # spawn, not fork: see policyscope.web.jobs
                ctx = multiprocessing.get_context("spawn")
                self._pool = ProcessPoolExecutor(1, mp_context=ctx, initializer=lower_priority)
            pool = self._pool
        future = pool.submit(render_report, self.db, topics, date_from, date_to, lang, fmt)
        try:
            return future.result(TIME_LIMIT)
        except TimeoutError:
            future.cancel()
            raise HTTPException(503, f"the briefing took longer than {TIME_LIMIT:g} s") from None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

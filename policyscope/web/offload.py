"""Work that takes seconds to minutes of CPU, done in a separate process at low priority:
briefings (a PDF) and term candidates (the n-gram search over a series). In a worker thread
it would hold the server's GIL and slow every reader; here the request waits for its result
in its worker thread while the readers go on."""

from __future__ import annotations

import multiprocessing
import tempfile
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from fastapi import HTTPException

from policyscope.output import rows_of
from policyscope.web.jobs import lower_priority
from policyscope.web.params import Paths
from policyscope.workspace import Workspace

MEDIA_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
FORMATS = Workspace.report_formats
assert set(MEDIA_TYPES) == set(Workspace.report_formats), "a format without its media type"
TIME_LIMIT = 110.0  # seconds; the Guard gives their paths 120 (GuardConfig.slow_paths)


def _root(db: str) -> Path:
    return Path(db).resolve().parent if "://" not in db else Path.cwd()


def render_report(db: str, topics, date_from, date_to, lang: str, fmt: str) -> bytes:
    """In the worker process: the briefing's bytes (the file lives in a temporary folder
    only while it is read), with no server path in it."""
    with tempfile.TemporaryDirectory() as tmp, Workspace(db) as ws:
        out = Path(tmp) / f"briefing.{fmt}"
        args = (topics, date_from, date_to, lang, fmt)
        return ws.shared_report(out, Paths(_root(db)).path, *args).read_bytes()


def find_candidates(db: str, kw: dict) -> list[dict]:
    """In the worker process: every term candidate as a plain row."""
    with Workspace(db) as ws:
        return [Paths(_root(db)).row(r) for r in rows_of(ws.candidates(top=None, **kw))]


class Offload:
    def __init__(self, db: str):
        self.db = db
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def _run(self, fn, *args):
        with self._lock:
            if self._pool is None:  # spawn, not fork: see policyscope.web.jobs
                ctx = multiprocessing.get_context("spawn")
                self._pool = ProcessPoolExecutor(1, mp_context=ctx, initializer=lower_priority)
            pool = self._pool
        future = pool.submit(fn, self.db, *args)
        try:
            return future.result(TIME_LIMIT)
        except TimeoutError:
            future.cancel()
            raise HTTPException(503, f"the work took longer than {TIME_LIMIT:g} s") from None

    def report(self, topics, date_from, date_to, lang: str, fmt: str) -> bytes:
        return self._run(render_report, topics, date_from, date_to, lang, fmt)

    def candidates(self, kw: dict) -> list[dict]:
        return self._run(find_candidates, kw)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

"""Upload jobs: a stored upload is ingested in a separate process, one at a time, so that its
CPU-bound parsing and tokenizing never holds the web server's GIL and a write never blocks a
read (SQLite WAL lets the readers go on meanwhile). Each job has a status URL.

A job's state is also written to `<folder>/<id>.json`, so that any worker process of a
multi-worker server can answer its status URL; ids are random, so workers never collide."""

from __future__ import annotations

import json
import multiprocessing
import os
import secrets
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from policyscope.output import rows_of
from policyscope.workspace import Workspace

MAX_JOBS_KEPT = 500
NICENESS = 10  # an upload yields the CPU to the readers: they wait on it, it waits on no one


def lower_priority() -> None:
    """The worker process's initializer."""
    try:
        os.nice(NICENESS)
    except (AttributeError, OSError):  # not on this platform, or not allowed: run as is
        pass


def ingest_file(db: str, path: str, meta: dict) -> list[dict]:
    """Runs in the worker process: ingest one file, return its outcomes as plain rows."""
    with Workspace(db) as ws:
        return rows_of(ws.ingest([path], meta=meta, workers=1))


@dataclass
class Job:
    id: int
    file: str  # the uploaded file's own name (never a server path)
    status: str = "queued"  # queued | running | done | failed
    created: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    outcomes: list[dict] = field(default_factory=list)
    error: str | None = None

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "file": self.file,
            "status": self.status,
            "created": self.created,
            "outcomes": self.outcomes,
            "error": self.error,
            "status_url": f"/api/v1/jobs/{self.id}",
        }


class Jobs:
    def __init__(self, db: str, folder: Path | None = None):
        self.db = db
        self.folder = folder
        self._jobs: dict[int, Job] = {}
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        # spawn, not fork: the server has threads, and a forked copy of a held lock deadlocks
        if self._pool is None:
            ctx = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(
                max_workers=1, mp_context=ctx, initializer=lower_priority
            )
        return self._pool

    def submit(self, path: str, file: str, meta: dict, clean=None) -> Job:
        with self._lock:
            job = Job(secrets.randbelow(2**53 - 1) + 1, file)  # exact in JSON numbers too
            self._jobs[job.id] = job
            for old in sorted(self._jobs)[:-MAX_JOBS_KEPT]:
                del self._jobs[old]
            future = self._executor().submit(ingest_file, self.db, path, meta)
        job.status = "running"
        self._save(job)
        future.add_done_callback(lambda f: self._finish(job, f, clean))
        return job

    def _save(self, job: Job) -> None:
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.folder / f".{job.id}.tmp"
        tmp.write_text(json.dumps(job.to_dict(), ensure_ascii=False), encoding="utf-8")
        tmp.replace(self.folder / f"{job.id}.json")  # readers never see half a file

    def _finish(self, job: Job, future: Future, clean) -> None:
        try:
            job.outcomes = future.result()
        except Exception as exc:  # the worker died or raised: report, never crash the server
            job.status, job.error = "failed", f"{type(exc).__name__}: {exc}"
            self._save(job)
            return
        failed = [o for o in job.outcomes if o.get("status") == "failed"]
        job.status = "failed" if failed else "done"
        job.error = failed[0].get("error") if failed else None
        self._save(job)
        if failed and clean:
            clean()

    def get(self, job_id: int) -> Job | None:
        with self._lock:
            job = self._jobs.get(job_id)
        if job is not None or self.folder is None:
            return job
        saved = self.folder / f"{job_id}.json"  # a job of another worker process
        try:
            data = json.loads(saved.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        fields = ("id", "file", "status", "created", "outcomes", "error")
        return Job(**{k: data[k] for k in fields})

    def wait(self, job_id: int, timeout: float = 300.0) -> Job | None:
        """For tests and scripts: block until the job is finished (or `timeout`). At nice 10
        a job gets a small share of a busy machine: a second of CPU can take a minute."""
        end = time.monotonic() + timeout
        job = self.get(job_id)
        while job and job.status in ("queued", "running") and time.monotonic() < end:
            time.sleep(0.05)
        return job

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

"""The ingest loop: hash, skip what is stored, prepare in workers, write in groups.

Only the main process writes, a small group of documents per transaction (see `Group`),
so a failure or a kill at any point leaves every stored document whole, and a re-run
picks up where it stopped (finished files hash to stored documents and are skipped). A
document is reported once its transaction committed.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TypeVar, cast

from policyscope.errors import BadArgument, PolicyScopeError, StoreError
from policyscope.ingest.limits import die_with, file_seconds, time_limit
from policyscope.ingest.manifest import ManifestEntry, read_manifest
from policyscope.ingest.prepare import prepare, sha256_file, warm
from policyscope.ingest.steps import Enrichment
from policyscope.ingest.walk import expand, shown
from policyscope.model import DocMeta, IngestOutcome, PreparedDocument

Job = tuple  # path, source_path, metadata layers, sha256, Enrichment | None
J = TypeVar("J")  # a job of `pooled`


# Starting a worker costs 2-3 s (imports, the pack, jieba with the pack terms; more when it
# meets Korean), which a 4 MB job gains back at 1.7x. Smaller jobs run in this process.
MIN_BYTES_FOR_WORKERS = 4_000_000


def auto_workers(n_jobs: int, n_bytes: int | None = None) -> int:
    if n_jobs < 4 or (n_bytes is not None and n_bytes < MIN_BYTES_FOR_WORKERS):
        return 1
    return max(1, min(os.cpu_count() or 1, 4))


def ingest_paths(
    store,
    paths: Sequence[str | os.PathLike[str]],
    manifest: str | os.PathLike[str] | None = None,
    flags: DocMeta | dict | None = None,
    workers: int | None = None,
    on_total: Callable[[int], None] | None = None,
    on_result: Callable[[IngestOutcome], None] | None = None,
    enrichment: Enrichment | None = None,
) -> list[IngestOutcome]:
    files, skipped = expand(paths)
    entries: dict[Path, ManifestEntry] = read_manifest(manifest) if manifest else {}
    if on_total:
        on_total(len(files) + len(skipped))
    outcomes: list[IngestOutcome] = []

    def emit(outcome: IngestOutcome) -> None:
        outcomes.append(outcome)
        if on_result:
            on_result(outcome)

    for p, why in skipped:  # reported like an unreadable file; the others go on
        emit(IngestOutcome(shown(p), "failed", error=f"{shown(p)}: {why}"))

    jobs: list[Job] = []
    batch_shas: dict[str, str] = {}
    for f in files:
        try:
            sha = sha256_file(f)
        except OSError as exc:
            why = f"{shown(f)}: cannot read ({exc.strerror})"
            emit(IngestOutcome(shown(f), "failed", error=why))
            continue
        known = store.find_by_sha(sha, current=True)
        if known or sha in batch_shas:
            emit(
                IngestOutcome(
                    shown(f),
                    "unchanged",
                    doc_id=known.id if known else None,
                    version=known.version if known else None,
                )
            )
            continue
        batch_shas[sha] = str(f)
        entry = entries.get(f.resolve())
        layers = [entry.meta if entry else None, flags]
        jobs.append((str(f), str(f), layers, sha, enrichment))
    n = workers if workers and workers > 0 else auto_workers(len(jobs), _total_bytes(jobs))
    # Only this process writes; with worker processes, writing one document overlaps with
    # preparing the next ones. (A writer thread was tried: SQLite releases the GIL, but the
    # Chinese tokenizer does not, so it lost as much on Chinese as it gained on Korean.)
    group = Group()
    for job, result in _prepared(jobs, n):
        if group.add(job, result):
            for outcome in _write_group(store, group.take(), entries):
                emit(outcome)
    for outcome in _write_group(store, group.take(), entries):
        emit(outcome)
    if any(o.status in ("added", "new_version") for o in outcomes):
        store.refresh_statistics()
    return outcomes


def _total_bytes(jobs: list[Job]) -> int:
    total = 0
    for job in jobs:
        try:
            total += Path(job[0]).stat().st_size
        except OSError:
            pass  # reported when the job runs
    return total


Prepared = tuple[Job, PreparedDocument | BaseException]


class Group:
    """Prepared documents waiting to be written in one transaction. SQLite's full-text
    indexes flush at every commit, at about the same cost for one short document as for a
    dozen (Korean at one document per transaction: a fifth of the writing), so the group
    is written once it holds CHARS of text or DOCS documents, or its first document has
    waited SECONDS (what a kill can lose, and how often the progress moves)."""

    CHARS = 262_144
    DOCS = 32
    SECONDS = 1.0

    def __init__(self) -> None:
        self.items: list[Prepared] = []
        self.chars = 0
        self.since = 0.0

    def add(self, job: Job, result: PreparedDocument | BaseException) -> bool:
        """Add a document; True when the group is due to be written."""
        if not self.items:
            self.since = time.monotonic()
        self.items.append((job, result))
        if isinstance(result, PreparedDocument):
            self.chars += len(result.text)
        return (
            self.chars >= self.CHARS
            or len(self.items) >= self.DOCS
            or time.monotonic() - self.since >= self.SECONDS
        )

    def take(self) -> list[Prepared]:
        items, self.items, self.chars = self.items, [], 0
        return items


def _write_group(
    store, items: list[Prepared], entries: dict[Path, ManifestEntry]
) -> list[IngestOutcome]:
    """Outcomes in the order of `items`. The documents go in one transaction; if it fails,
    each goes again in its own, so that only the document at fault is reported failed."""
    ready = [(job, result) for job, result in items if isinstance(result, PreparedDocument)]
    for job, result in ready:
        entry = entries.get(Path(job[0]).resolve())
        if entry and entry.extra:
            result.extra_meta = {**result.extra_meta, "manifest": entry.extra}
    written: dict[int, IngestOutcome] = {}
    if len(ready) > 1:
        try:
            stored = store.add_documents([result for _job, result in ready])
        except Exception:  # rolled back, nothing of it stored: one by one below
            stored = None
        if stored is not None:
            for (job, result), row in zip(ready, stored, strict=True):
                written[id(result)] = _stored(job, result, row)
    return [written.get(id(result)) or _write(store, job, result) for job, result in items]


def _stored(job: Job, result: PreparedDocument, row: tuple[str, int, int]) -> IngestOutcome:
    status, doc_id, version = row
    warning = result.extra_meta.get("warning") if status != "unchanged" else None
    return IngestOutcome(shown(job[0]), status, doc_id=doc_id, version=version, warning=warning)


def _write(store, job: Job, result: PreparedDocument | BaseException) -> IngestOutcome:
    path = shown(job[0])
    if isinstance(result, BaseException):
        msg = (
            str(result)
            if isinstance(result, PolicyScopeError)
            else (f"{path}: {type(result).__name__}: {result}")
        )
        return IngestOutcome(path, "failed", error=msg.replace(job[0], path))
    try:
        row = store.add_document(result)
    except Exception as exc:  # the transaction rolled back; report and go on
        if _disk_full(exc):  # every later file would fail the same way: stop at the first
            raise StoreError(
                f"{store.location}: the disk is full (while storing {path}); free some space "
                "and run the same ingest again: what is stored is whole and is skipped"
            ) from None
        return IngestOutcome(path, "failed", error=f"{path}: not stored ({exc})")
    return _stored(job, result, row)


def _disk_full(exc: Exception) -> bool:
    text = str(exc).lower()
    return "disk is full" in text or "no space left" in text or "disk full" in text


def _run(job: Job) -> PreparedDocument:
    path, source_path, layers, sha, enrichment = job
    with time_limit(file_seconds(), path):
        return prepare(path, source_path, layers, sha, enrichment)


def _prepared(
    jobs: list[Job], workers: int
) -> Iterator[tuple[Job, PreparedDocument | BaseException]]:
    if workers <= 1:
        if jobs and jobs[0][4] is not None:
            warm(jobs[0][4])  # loading the tokenizers is not the first file's time
        for job in jobs:
            try:
                yield job, _run(job)
            except Exception as exc:  # reported per file; the others go on
                yield job, exc
        return
    # `workers` processes in all: this one, which writes, prepares too whenever no worker
    # has a result ready (`pooled`'s `here`). A writer that only waited left its core to
    # the scheduler's sharing between three processes, and each document it took from a
    # worker was pickled twice (2 workers on 2 cores used 1.8 of them).
    # pooled yields what _run returned or raised
    yield from cast(
        Iterator[tuple[Job, PreparedDocument | BaseException]],
        pooled(jobs, workers - 1, enrichment=jobs[0][4] if jobs else None, here=_plain_text),
    )


_HERE_FORMATS = ("txt", "md")


def _plain_text(job: Job) -> bool:
    """Whether a job may be prepared in this process: a plain-text file (by its name and its
    first bytes), whose reader runs no native code. A PDF, DOCX or HWP reader crashing in
    native code must take one worker process, never the run."""
    from policyscope.ingest.readers import sniff  # noqa: PLC0415 (the registry loads readers)
    from policyscope.ingest.readers.registry import by_suffix, readers  # noqa: PLC0415

    path = Path(job[0])
    reader = by_suffix(path.suffix)
    if reader is None or reader.name not in _HERE_FORMATS:
        return False
    try:
        with open(path, "rb") as fh:
            head = fh.read(8192)
    except OSError:
        return False  # the worker reports it
    found = sniff(head)
    return found is None or not readers()[found].binary


LOOK_AHEAD = 8  # queued jobs `_take` looks at for one this process may run


def _take(queue: list[J], here: Callable[[J], bool]) -> J | None:
    """Remove and return the next queued job (the queue's end) that `here` accepts."""
    for i in range(len(queue) - 1, max(len(queue) - 1 - LOOK_AHEAD, -1), -1):
        if here(queue[i]):
            return queue.pop(i)
    return None


def _here(run: Callable[[J], object], job: J) -> object:
    try:
        return run(job)
    except Exception as exc:  # reported per file, as a worker's would be
        return exc


# Workers run at normal priority by default. Background priority (nice 19) let the single
# writer set the pace on a quiet machine (200 MB, 2 workers: 134-137 s at equal priority, 114 s
# at nice 19), but on a shared machine every other process starves niced workers: two of them
# ran at 0.78x of one worker at 20 MB. POLICYSCOPE_WORKER_NICE=19 asks for the background.
NICE_ENV = "POLICYSCOPE_WORKER_NICE"


def worker_nice() -> int:
    """The niceness ingest workers add to their own (0: normal priority)."""
    raw = os.environ.get(NICE_ENV, "").strip()
    if not raw:
        return 0
    try:
        value = int(raw)
    except ValueError:
        raise BadArgument(f"{NICE_ENV}={raw!r}: give a whole number from 0 to 19") from None
    if not 0 <= value <= 19:
        raise BadArgument(f"{NICE_ENV}={raw!r}: give a whole number from 0 to 19")
    return value


def _worker_init(
    enrichment: Enrichment | None, warm_up: bool, nice: int, parent: int | None = None
) -> None:
    die_with(parent)
    if nice and hasattr(os, "nice"):  # POSIX only
        try:
            os.nice(nice)
        except OSError:
            pass  # not allowed here: run at the same priority
    if warm_up:  # else the jobs need no tokenizer: do not load the analysers
        warm(enrichment)


def _new_pool(
    workers: int, enrichment: Enrichment | None = None, warm_up: bool = True
) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_worker_init,
        initargs=(enrichment, warm_up, worker_nice(), os.getpid()),
    )


def pooled(
    jobs: list[J],
    workers: int,
    fn: Callable[[J], object] | None = None,
    enrichment: Enrichment | None = None,
    warm_up: bool = True,
    here: Callable[[J], bool] | None = None,
) -> Iterator[tuple[J, object]]:
    """Bounded in-flight work (flat memory on big folders). If a worker dies (a reader
    crashing in native code), the pool is rebuilt and the jobs that were in flight are
    retried one at a time, so only the file that kills a worker is reported as failed.
    `here`: jobs it accepts may also run in this process, whenever no worker has a result
    ready (the caller then works between the results it takes)."""
    run = fn or cast(Callable[[J], object], _run)
    # jobs in flight: two a worker; more when this process works too, so that a worker
    # still has some while this one writes or prepares a document of its own (4 left one
    # worker idle a third of the time; 16 for one worker: 2 workers went from 1.5x to 1.8x
    # one on 40 MB of mixed text)
    ahead = workers * 2 if here is None else workers * 8 + 8
    queue = list(reversed(jobs))
    suspects: list[J] = []
    pool = _new_pool(workers, enrichment, warm_up)
    pending: dict[Future, J] = {}
    try:
        while queue or pending or suspects:
            if suspects and not pending:
                job = suspects.pop()
                try:
                    yield job, pool.submit(run, job).result()
                except BrokenProcessPool:
                    pool.shutdown(cancel_futures=True)
                    pool = _new_pool(workers, enrichment, warm_up)
                    yield job, RuntimeError("the reader crashed (its worker process died)")
                except Exception as exc:
                    yield job, exc
                continue
            while queue and not suspects and len(pending) < ahead:
                job = queue.pop()
                pending[pool.submit(run, job)] = job
            if not pending:
                continue
            if here is not None and not any(f.done() for f in pending):
                local = _take(queue, here)
                if local is not None:
                    yield local, _here(run, local)
                    continue
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            broken = False
            for fut in done:
                job = pending.pop(fut)
                failure = fut.exception()
                if isinstance(failure, BrokenProcessPool):
                    suspects.append(job)
                    broken = True
                else:
                    yield job, (failure if failure else fut.result())
            if broken:
                suspects.extend(pending.values())
                pending.clear()
                pool.shutdown(cancel_futures=True)
                pool = _new_pool(workers, enrichment, warm_up)
    finally:
        pool.shutdown(cancel_futures=True)

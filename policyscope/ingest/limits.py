"""Bounds on what one file may cost, so that a hostile or broken file fails alone.

- time: a file that takes longer than `file_seconds()` fails with "took longer than N s";
- size: a text file over MAX_TEXT_BYTES, a zip-based file (docx, hwpx) whose members would
  inflate past MAX_UNZIPPED_BYTES or that has more than MAX_ZIP_MEMBERS members are refused
  from their central directory, before any member is read (a 3 MB zip bomb never inflates);
- processes: ingest workers die with the process that started them.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

from policyscope.errors import ReadError

# The largest government reports we know are a few MB of text; 50 MB is thousands of
# reports' worth, and a 100 MB text file took over 2 GB to analyse.
MAX_TEXT_BYTES = int(os.environ.get("POLICYSCOPE_MAX_TEXT_BYTES", 50_000_000))
# The readers load every part into memory (python-docx, python-hwpx) and parse the XML
# parts into trees about ten times their size, so both are capped.
MAX_UNZIPPED_BYTES = int(os.environ.get("POLICYSCOPE_MAX_UNZIPPED_BYTES", 500_000_000))
MAX_XML_PART = 64_000_000
MAX_ZIP_MEMBERS = 20_000
# A large member much larger than its compressed size is a bomb, not a document (XML
# compresses 10-30x, repetitive tables maybe 100x; images hardly at all).
MAX_ZIP_RATIO = 500
FILE_SECONDS = 600


def file_seconds() -> float:
    """Seconds one file may take (POLICYSCOPE_FILE_SECONDS overrides; 0 turns it off)."""
    try:
        return float(os.environ.get("POLICYSCOPE_FILE_SECONDS", FILE_SECONDS))
    except ValueError:
        return FILE_SECONDS


class TookTooLong(ReadError):
    pass


@contextlib.contextmanager
def time_limit(seconds: float, path: str | Path) -> Iterator[None]:
    """Raise TookTooLong in this thread after `seconds` (only where SIGALRM exists and this
    is the main thread: the worker processes and a one-process ingest both qualify)."""
    usable = (
        seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def expire(_sig, _frame):
        raise TookTooLong(path, f"took longer than {seconds:g} s; skipped (the others go on)")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def die_with(parent: int | None) -> None:
    """Make this (worker) process die when `parent` dies, even by kill -9, so that no
    orphan keeps running and holding the caller's pipes. Linux: the parent-death signal."""
    if parent is None or not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)


def check_zip(path: str | Path, archive: zipfile.ZipFile) -> None:
    """Refuse a zip-based file from its directory alone, before reading any member."""
    infos = archive.infolist()
    if len(infos) > MAX_ZIP_MEMBERS:
        raise ReadError(
            path, f"has {len(infos):,} parts inside (at most {MAX_ZIP_MEMBERS:,}); not a document"
        )
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if ratio > MAX_ZIP_RATIO and info.file_size > 100_000_000:
            raise ReadError(
                path,
                f"part {info.filename!r} would inflate {ratio:,.0f}-fold to "
                f"{info.file_size:,} bytes: a zip bomb, refused",
            )
        if info.filename.lower().endswith((".xml", ".rels")) and info.file_size > MAX_XML_PART:
            raise ReadError(
                path,
                f"part {info.filename!r} is {info.file_size:,} bytes of XML (at most "
                f"{MAX_XML_PART:,}); refused to protect memory",
            )
    if total > MAX_UNZIPPED_BYTES:
        raise ReadError(
            path,
            f"would inflate to {total:,} bytes (at most {MAX_UNZIPPED_BYTES:,}); "
            "refused to protect memory",
        )


def check_text_size(path: str | Path, size: int) -> None:
    if size > MAX_TEXT_BYTES:
        raise ReadError(
            path,
            f"is {size:,} bytes, over the {MAX_TEXT_BYTES:,}-byte limit for one text file; "
            "split it (or raise POLICYSCOPE_MAX_TEXT_BYTES)",
        )

"""Bench helpers: build a big input folder from ../shared without copying it into the repo."""

from __future__ import annotations

import os
import resource
import shutil
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("POLICYSCOPE_SHARED", ROOT.parent / "shared"))
OUT = Path(os.environ.get("POLICYSCOPE_BENCH_OUT", ROOT / "bench" / "out"))

LANG_SOURCES = {
    "ko": ("seeds", "*.txt"),
    "zh": ("corpus", "**/*.zh.txt"),
    "en": ("corpus", "**/*.en.txt"),
}


def sources(lang: str | None) -> list[Path]:
    if lang:
        folder, pattern = LANG_SOURCES[lang]
        return sorted((SHARED / folder).glob(pattern))
    return sorted((SHARED / "seeds").glob("*.txt")) + sorted((SHARED / "corpus").glob("**/*.txt"))


def build_input(name: str, lang: str | None, mb: float) -> tuple[Path, int]:
    """A folder of copies of the shared texts, each made unique by a first line (so dedupe
    does not skip them), until it holds `mb` megabytes. Returns (folder, bytes)."""
    srcs = sources(lang)
    if not srcs:
        raise SystemExit(f"no input under {SHARED}: set POLICYSCOPE_SHARED")
    folder = OUT / "inputs" / name
    stamp = folder / ".complete"
    if stamp.exists() and stamp.read_text() == f"{mb}":
        return folder, sum(f.stat().st_size for f in folder.glob("*.txt"))
    folder.mkdir(parents=True, exist_ok=True)
    for f in folder.glob("*.txt"):
        f.unlink()
    texts = [(p.stem, p.read_text(encoding="utf-8")) for p in srcs]
    target, total, i = int(mb * 1e6), 0, 0
    while total < target:
        stem, text = texts[i % len(texts)]
        data = f"[copy {i}]\n{text}".encode()
        (folder / f"c{i:05d}_{stem}.txt").write_bytes(data)
        total += len(data)
        i += 1
    stamp.write_text(f"{mb}")
    return folder, total


def peak_rss_mb() -> tuple[float, float]:
    """(this process, the largest child) peak resident set size in MB."""
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return me, kids


def _status_kb(pid: int | str, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class PeakRss:
    """Peak RSS (MB) of this process and of its worker processes during a `with` block.

    The process's own peak is reset on entry (Linux /proc/self/clear_refs), so a run is not
    charged for what an earlier run in the same bench held; workers are sampled every
    0.2 s (a child's ru_maxrss would include the parent's memory it was forked with)."""

    def __enter__(self):
        import gc
        import multiprocessing
        import threading

        gc.collect()
        try:
            Path("/proc/self/clear_refs").write_text("5")
        except OSError:
            pass
        self.main = self.worker = 0.0
        self._stop = threading.Event()

        def sample():
            while not self._stop.wait(0.2):
                for p in multiprocessing.active_children():
                    self.worker = max(self.worker, _status_kb(p.pid, "VmHWM") / 1024)

        self._thread = threading.Thread(target=sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.main = _status_kb("self", "VmHWM") / 1024


class Timer:
    def __enter__(self):
        self.t0 = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.t0


def fresh_db(name: str) -> Path:
    db = OUT / f"{name}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    shutil.rmtree(f"{db}.search", ignore_errors=True)  # a tantivy store's folder
    return db


def db_size(db: Path) -> int:
    """The store's bytes: the SQLite file, its WAL and a tantivy store's folder."""
    own = sum(Path(str(db) + s).stat().st_size for s in ("", "-wal") if Path(str(db) + s).exists())
    folder = Path(f"{db}.search")
    return own + sum(f.stat().st_size for f in folder.glob("*") if f.is_file())

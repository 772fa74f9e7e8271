"""Load test of the web app on loopback: 20 concurrent readers, a bounded number of requests
over search, KWIC and document pages, with and without a concurrent upload or /facts.

    .venv/bin/python bench/load.py                       # builds bench/out/load.db if missing
    .venv/bin/python bench/load.py --db policyscope.db --requests 2000 --concurrency 20
    .venv/bin/python bench/load.py --no-page-cache --repeat 3

The server is `policyscope serve` in its own process on 127.0.0.1 (a free port). The readers
are asyncio tasks on raw keep-alive sockets, one connection each: an HTTP client library's own
CPU cost (httpx: several ms a request) would be measured as the server's latency on a small
machine. Each phase stops after --requests requests or --seconds seconds, whichever comes
first (with an upload or /facts, not before the first one is over), and prints throughput and
the 50th/95th percentile latency (all requests, and search requests alone). `--repeat N`
runs each phase N times. `--no-page-cache` starts the server with POLICYSCOPE_PAGE_CACHE=0,
so that every request is computed. Nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import itertools
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import OUT, SHARED  # noqa: E402

TOKEN = "bench-load-token"
SEARCHES = ["人工智能", "新质生产力", "数字经济", "인공지능", "artificial intelligence", "具身智能"]
KWIC_TERMS = ["人工智能", "创新", "数字", "인공지능", "发展"]
BAR_P95 = 0.150  # issue 20: p95 of all requests with 20 readers
BAR_SEARCH_BUSY = 0.200  # issue 20: a search during an upload or a /facts request


def build_store(db: Path) -> None:
    """The 23-document store: the corpus with its manifest, then the seeds."""
    exe = [sys.executable, "-m", "policyscope", "--db", str(db), "ingest"]
    corpus = SHARED / "corpus"
    subprocess.run([*exe, str(corpus), "--manifest", str(corpus / "MANIFEST.tsv")], check=True)
    subprocess.run([*exe, str(SHARED / "seeds")], check=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, port: int, workers: int, page_cache: bool) -> subprocess.Popen:
    env = {**os.environ, "POLICYSCOPE_TOKEN": TOKEN}
    env["POLICYSCOPE_PAGE_CACHE"] = "1" if page_cache else "0"
    cmd = [sys.executable, "-m", "policyscope", "--db", str(db), "serve", "--port", str(port)]
    cmd += ["--workers", str(workers)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    end = time.monotonic() + 90
    while time.monotonic() < end:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/documents?limit=1").status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not start within 90 s")


def workload(doc_ids: list[int]) -> list[tuple[str, str]]:
    """(kind, path) in a fixed mix: 40% search, 30% KWIC, 30% document pages."""
    urls = []
    for q in map(quote, SEARCHES):
        urls += [("search", f"/api/v1/search?q={q}"), ("search", f"/?q={q}")]
    for t in map(quote, KWIC_TERMS):
        urls += [("kwic", f"/api/v1/kwic?term={t}&limit=50"), ("kwic", f"/kwic?term={t}")]
    for d in doc_ids[:7]:
        urls += [("doc", f"/doc/{d}"), ("doc", f"/api/v1/documents/{d}")]
    by_kind = {k: [u for u in urls if u[0] == k] for k in ("search", "kwic", "doc")}
    return by_kind["search"] * 3 + by_kind["kwic"] * 3 + by_kind["doc"] * 2


# ------------------------------------------------------------------ a minimal HTTP/1.1 client


class Connection:
    """One keep-alive connection: GET a path, read the whole answer, return its status."""

    def __init__(self, port: int):
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        assert self.reader is not None
        head = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n\r\n"
        self.writer.write(head.encode())
        try:
            return await self.read_answer(self.reader)
        except (asyncio.IncompleteReadError, ConnectionError):
            await self.close()
            return 0

    @staticmethod
    async def read_answer(reader: asyncio.StreamReader) -> int:
        status = int((await reader.readline()).split()[1])
        length, chunked = 0, False
        while (line := await reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            name = name.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding" and "chunked" in value.lower():
                chunked = True
        if not chunked:
            await reader.readexactly(length)
            return status
        while size := int((await reader.readline()).split(b";")[0], 16):
            await reader.readexactly(size + 2)
        await reader.readline()
        return status

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.reader = self.writer = None


async def readers(port: int, mix, requests: int, concurrency: int, seconds: float, busy=None):
    """Run the readers; return [(kind, seconds, status)]. While `busy()` is true they go on
    past `requests` (so that every request of a phase with an upload meets the upload)."""
    results: list[tuple[str, float, int]] = []
    counter = itertools.count()
    deadline = time.monotonic() + seconds

    def more(n: int) -> bool:
        return time.monotonic() < deadline and (n < requests or bool(busy and busy()))

    async def reader(offset: int) -> None:
        conn = Connection(port)
        while more(n := next(counter)):
            kind, path = mix[(n * 7 + offset) % len(mix)]
            t0 = time.perf_counter()
            status = await conn.get(path)
            results.append((kind, time.perf_counter() - t0, status))
        await conn.close()

    await asyncio.gather(*(reader(i) for i in range(concurrency)))
    return results


# ------------------------------------------------------------------ background load


def uploader(base: str, stop: threading.Event, log: list) -> None:
    """Upload unique copies of the largest shared text, one after another, until stopped."""
    src = max((SHARED / "corpus").glob("**/*.zh.txt"), key=lambda p: p.stat().st_size)
    data = src.read_bytes()
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with httpx.Client(timeout=120) as client:
        for i in itertools.count():
            if stop.is_set():
                return
            body = f"load test copy {time.time_ns()} {i}\n\n".encode() + data
            r = client.post(
                f"{base}/api/v1/ingest", files={"file": (f"u{i}.txt", body)}, headers=auth
            )
            job = r.json()
            while not stop.is_set():
                status = client.get(base + job["status_url"]).json()["status"]
                if status in ("done", "failed"):
                    log.append(status)
                    break
                time.sleep(0.1)


def facts_loop(base: str, stop: threading.Event, log: list) -> None:
    """The heaviest reads, one after another: the whole facts export and the /facts page."""
    with httpx.Client(timeout=120) as client:
        while not stop.is_set():
            t0 = time.perf_counter()
            client.get(f"{base}/api/v1/export/facts.jsonl").raise_for_status()
            client.get(f"{base}/facts?offset={len(log) % 5 * 100}")
            log.append(time.perf_counter() - t0)


# ------------------------------------------------------------------ figures


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def report(name: str, results, elapsed: float, extra: str = "") -> float:
    all_t = [t for _, t, _ in results]
    search_t = [t for k, t, _ in results if k == "search"]
    errors = collections.Counter(f"{k}:{s}" for k, _, s in results if s >= 400 or s == 0)
    print(
        f"{name:<8} {len(results):>5} req in {elapsed:6.1f} s = {len(results) / elapsed:6.1f} req/s"
        f" | p50 {pct(all_t, 50) * 1000:6.1f} ms  p95 {pct(all_t, 95) * 1000:6.1f} ms"
        f" | search p95 {pct(search_t, 95) * 1000:6.1f} ms"
        f" | errors {sum(errors.values())} {dict(errors) if errors else ''}{extra}",
        flush=True,
    )
    bar = BAR_P95 if name == "plain" else BAR_SEARCH_BUSY
    figure = pct(all_t, 95) if name == "plain" else pct(search_t, 95)
    what = "p95" if name == "plain" else "search p95"
    verdict = "met" if figure < bar and not errors else "NOT met"
    print(f"{'':<8} bar: {what} < {bar * 1000:.0f} ms: {verdict}", flush=True)
    return pct(all_t, 95)


def cpu_seconds(pid: int) -> float:
    """User + system CPU used by the server process and its children (workers, and the
    ingest process during uploads), from Linux /proc: the server's cost per request apart
    from a busy machine's waiting."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if stat.parent.name == str(pid) or fields[1] == str(pid):
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def phase(name, port, mix, args, server_pid: int, background=None) -> None:
    stop = threading.Event()
    log: list = []
    bg = threading.Thread(target=background, args=(stop, log)) if background else None
    if bg:
        bg.start()
        time.sleep(0.5)  # let the upload or /facts begin before the readers
    t0, cpu0 = time.monotonic(), cpu_seconds(server_pid)

    def busy() -> bool:  # until the first upload or /facts round is over
        return bg is not None and not log

    results = asyncio.run(readers(port, mix, args.requests, args.concurrency, args.seconds, busy))
    elapsed = time.monotonic() - t0
    cpu = cpu_seconds(server_pid) - cpu0
    stop.set()
    if bg:
        bg.join(180)
    extra = f" | server CPU {cpu * 1000 / max(len(results), 1):.1f} ms/req"
    extra += f" | background: {len(log)} done" if bg else ""
    report(name, results, elapsed, extra)


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--db", type=Path, default=OUT / "load.db")
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--concurrency", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=120.0, help="time limit of each phase")
    ap.add_argument("--phases", default="plain,upload,facts")
    ap.add_argument("--repeat", type=int, default=1, help="run each phase this many times")
    ap.add_argument("--workers", type=int, default=1, help="server processes")
    ap.add_argument(
        "--no-page-cache", action="store_true", help="serve with POLICYSCOPE_PAGE_CACHE=0"
    )
    return ap.parse_args()


def run(args: argparse.Namespace, work: Path) -> None:
    port = free_port()
    server = start_server(work, port, args.workers, not args.no_page_cache)
    base = f"http://127.0.0.1:{port}"
    try:
        docs = httpx.get(f"{base}/api/v1/documents?limit=200").json()["items"]
        mix = workload([d["id"] for d in docs])
        cache = "off" if args.no_page_cache else "on"
        print(
            f"{len(docs)} documents; {args.concurrency} readers; up to {args.requests} "
            f"requests a phase; page cache {cache}; load average {os.getloadavg()[0]:.1f} "
            f"on {os.cpu_count()} cores at the start"
        )
        # warm up, unmeasured: every worker thread opens its Workspace on its first request
        asyncio.run(readers(port, mix, 10 * args.concurrency, args.concurrency, args.seconds))
        backgrounds = {
            "plain": None,
            "upload": lambda stop, log: uploader(base, stop, log),
            "facts": lambda stop, log: facts_loop(base, stop, log),
        }
        for _ in range(args.repeat):
            for name in args.phases.split(","):
                phase(name, port, mix, args, server.pid, backgrounds[name])
    finally:
        server.terminate()
        server.wait(30)


def main() -> None:
    args = parse_args()
    if not args.db.exists():
        args.db.parent.mkdir(parents=True, exist_ok=True)
        build_store(args.db)
    work = args.db.parent / f"{args.db.stem}-work.db"  # uploads go to a copy, not the store
    with sqlite3.connect(args.db) as src, sqlite3.connect(work) as dst:
        src.backup(dst)
    try:
        run(args, work)
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(str(work) + suffix).unlink(missing_ok=True)
        shutil.rmtree(work.parent / "uploads", ignore_errors=True)


if __name__ == "__main__":
    main()

"""Load test of the web app on loopback: 20 concurrent readers, a bounded number of requests
over search, KWIC and document pages, with and without a concurrent upload or /facts.

    .venv/bin/python bench/load.py                       # builds bench/out/load.db if missing
    .venv/bin/python bench/load.py --db policyscope.db --requests 2000 --concurrency 20

The server is `policyscope serve` in its own process on 127.0.0.1 (a free port); the readers
are threads here. Each phase stops after --requests requests or --seconds seconds, whichever
comes first, and prints throughput and the 50th/95th percentile latency (all requests, and
search requests alone). Nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import collections
import itertools
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import OUT, SHARED  # noqa: E402

TOKEN = "bench-load-token"
SEARCHES = ["人工智能", "新质生产力", "数字经济", "인공지능", "artificial intelligence", "具身智能"]
KWIC_TERMS = ["人工智能", "创新", "数字", "인공지능", "发展"]


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


def start_server(db: Path, port: int, workers: int = 1) -> subprocess.Popen:
    env = {**os.environ, "POLICYSCOPE_TOKEN": TOKEN}
    cmd = [sys.executable, "-m", "policyscope", "--db", str(db), "serve", "--port", str(port)]
    cmd += ["--workers", str(workers)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    end = time.monotonic() + 60
    while time.monotonic() < end:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/documents?limit=1").status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not start within 60 s")


def workload(base: str, doc_ids: list[int]) -> list[tuple[str, str]]:
    """(kind, url) in a fixed mix: 40% search, 30% KWIC, 30% document pages."""
    urls = []
    for q in SEARCHES:
        urls += [("search", f"{base}/api/v1/search?q={q}"), ("search", f"{base}/?q={q}")]
    for t in KWIC_TERMS:
        urls += [
            ("kwic", f"{base}/api/v1/kwic?term={t}&limit=50"),
            ("kwic", f"{base}/kwic?term={t}"),
        ]
    for d in doc_ids[:7]:
        urls += [("doc", f"{base}/doc/{d}"), ("doc", f"{base}/api/v1/documents/{d}")]
    mix = (
        [u for u in urls if u[0] == "search"] * 3
        + [u for u in urls if u[0] == "kwic"] * 3
        + [u for u in urls if u[0] == "doc"] * 2
    )
    return mix


def readers(mix, requests: int, concurrency: int, seconds: float, stop: threading.Event):
    """Run the readers; return [(kind, seconds, status)]."""
    results: list[tuple[str, float, int]] = []
    counter = itertools.count()
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def reader(offset: int):
        with httpx.Client(timeout=60) as client:
            while not stop.is_set() and time.monotonic() < deadline:
                n = next(counter)
                if n >= requests:
                    return
                kind, url = mix[(n * 7 + offset) % len(mix)]
                t0 = time.perf_counter()
                try:
                    status = client.get(url).status_code
                except httpx.HTTPError:  # counted as an error (status 0), the reader goes on
                    status = 0
                with lock:
                    results.append((kind, time.perf_counter() - t0, status))

    threads = [threading.Thread(target=reader, args=(i,)) for i in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


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
    with httpx.Client(timeout=120) as client:
        while not stop.is_set():
            t0 = time.perf_counter()
            client.get(f"{base}/api/v1/export/facts.jsonl").raise_for_status()
            client.get(f"{base}/facts")
            log.append(time.perf_counter() - t0)


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def report(name: str, results, elapsed: float, extra: str = "") -> None:
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


def phase(name, mix, args, server_pid: int, background=None):
    stop = threading.Event()
    log: list = []
    bg = threading.Thread(target=background, args=(stop, log)) if background else None
    if bg:
        bg.start()
        time.sleep(0.5)  # let the upload or /facts begin before the readers
    t0, cpu0 = time.monotonic(), cpu_seconds(server_pid)
    results = readers(mix, args.requests, args.concurrency, args.seconds, threading.Event())
    elapsed = time.monotonic() - t0
    cpu = cpu_seconds(server_pid) - cpu0
    stop.set()
    if bg:
        bg.join(180)
    extra = f" | server CPU {cpu * 1000 / max(len(results), 1):.1f} ms/req"
    extra += f" | background: {len(log)} done" if bg else ""
    report(name, results, elapsed, extra)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, default=OUT / "load.db")
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--concurrency", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=120.0, help="time limit of each phase")
    ap.add_argument("--phases", default="plain,upload,facts")
    ap.add_argument("--workers", type=int, default=1, help="server processes")
    args = ap.parse_args()
    if not args.db.exists():
        args.db.parent.mkdir(parents=True, exist_ok=True)
        build_store(args.db)
    work = args.db.parent / f"{args.db.stem}-work.db"  # uploads go to a copy, not the store
    import sqlite3

    with sqlite3.connect(args.db) as src, sqlite3.connect(work) as dst:
        src.backup(dst)
    port = free_port()
    server = start_server(work, port, args.workers)
    base = f"http://127.0.0.1:{port}"
    try:
        docs = httpx.get(f"{base}/api/v1/documents?limit=200").json()["items"]
        mix = workload(base, [d["id"] for d in docs])
        print(f"{len(docs)} documents; {args.concurrency} readers; up to {args.requests} requests")
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores at the start")
        # warm up, unmeasured: every worker thread opens its Workspace on its first request
        readers(mix, 10 * args.concurrency, args.concurrency, args.seconds, threading.Event())
        backgrounds = {
            "plain": None,
            "upload": lambda stop, log: uploader(base, stop, log),
            "facts": lambda stop, log: facts_loop(base, stop, log),
        }
        for name in args.phases.split(","):
            phase(name, mix, args, server.pid, backgrounds[name])
    finally:
        server.terminate()
        server.wait(30)
        for suffix in ("", "-wal", "-shm"):
            Path(str(work) + suffix).unlink(missing_ok=True)
        shutil.rmtree(work.parent / "uploads", ignore_errors=True)


if __name__ == "__main__":
    main()

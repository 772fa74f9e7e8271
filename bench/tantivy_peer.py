"""Ranked search against tantivy on the same tokens: p50 / p95 and hit counts side by side.

    python bench/tantivy_peer.py --db bench/out/ingest-mixed-i1.db
    python bench/tantivy_peer.py --db my.db --repeat 10

Bare tantivy (the `tantivy` wheel, Rust, no server) indexes PolicyScope's own search
tokens (whitespace-separated, positions kept) in a temporary folder. The store keeps no
token strings (schema 10), so they are made again the
way `reindex` makes them (`index_rows`: the tokens ingest made), in --workers processes.
Each query of bench/query.py's SEARCH becomes the same AND of ORs of phrases
(variants included) for every engine. Times are of the index call alone, top 20:
PolicyScope's `FtsIndex.search` (which also reads the 20 bodies) on what the store
ranks on (its tantivy folder, the default since schema 11, or FTS5 for a store built with
POLICYSCOPE_SEARCH_ENGINE=fts5), against bare tantivy's search and the 20 ids. Needs a
SQLite store. The bare peer's hit counts can differ where an index
form holds punctuation (the term 인공지능(ai)): FTS5's `unicode61` splits it there, a bare
whitespace tokenizer does not (the store's tantivy folder splits as FTS5 does).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from query import SEARCH, pct  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from policyscope.analysis.query import across_terms, groups  # noqa: E402
from policyscope.store.filters import DocFilter  # noqa: E402
from policyscope.store.fts import with_variants  # noqa: E402
from policyscope.workspace import Workspace  # noqa: E402
from policyscope.workspace.reindex import index_rows  # noqa: E402


def _doc_tokens(args) -> list[tuple[int, str]]:
    """(segment id, search tokens) of one document's paragraphs, in a worker process."""
    db, doc_id = args
    ws = _WORKER.get(db)
    if ws is None:
        ws = _WORKER[db] = Workspace(db)
    return [(sid, tokens) for sid, tokens, _n in index_rows(ws.store, ws.tokenizer, doc_id)]


_WORKER: dict[str, Workspace] = {}


def build(w, db: str, folder: str, workers: int):
    import tantivy

    sb = tantivy.SchemaBuilder()
    sb.add_text_field("tokens", stored=False, tokenizer_name="whitespace", index_option="position")
    sb.add_integer_field("sid", stored=True, fast=True, indexed=True)
    ix = tantivy.Index(sb.build(), path=folder)
    writer = ix.writer(heap_size=200_000_000, num_threads=1)
    docs = [d.id for d in w.store.documents(include_superseded=True)]
    t0 = time.perf_counter()
    with ProcessPoolExecutor(workers) as pool:
        for rows in pool.map(_doc_tokens, [(db, d) for d in docs], chunksize=8):
            for sid, tokens in rows:
                writer.add_document(tantivy.Document(tokens=tokens, sid=sid))
    tokenized = time.perf_counter() - t0
    writer.commit()
    writer.wait_merging_threads()
    ix.reload()
    return ix, tokenized, time.perf_counter() - t0 - tokenized


def tantivy_query(expanded) -> str:
    def phrase(p):
        return '"' + " ".join(t.replace("\\", "\\\\").replace('"', '\\"') for t in p) + '"'

    return " AND ".join("(" + " OR ".join(phrase(p) for p in g if p) + ")" for g in expanded)


def timed(fn, repeat: int) -> list[float]:
    fn()
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def _row(table, name, counts, times) -> None:
    table.add_row(
        name,
        *(str(n) for n in counts),
        *(f"{pct(t, 0.5):.2f}" for t in times),
        *(f"{pct(t, 0.95):.2f}" for t in times),
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", required=True, help="a SQLite store built by bench/ingest.py")
    ap.add_argument("--repeat", type=int, default=10)
    ap.add_argument("--workers", type=int, default=2, help="processes that make the tokens")
    args = ap.parse_args()
    with Workspace(args.db) as w, tempfile.TemporaryDirectory() as folder:
        engines = [w.store.search_engine]  # what the store ranks on (its other index is empty)
        names = [f"store {e}" for e in engines] + ["bare tantivy"]
        table = Table(title=f"ranked search, top 20, on the same tokens ({args.db})")
        table.add_column("query")
        for c in [f"hits {n}" for n in names] + [f"{n} p{p}" for p in (50, 95) for n in names]:
            table.add_column(c, justify="right")
        ix, tokenized, secs = build(w, args.db, folder, args.workers)
        searcher = ix.searcher()
        tok, flt = w.tokenizer, DocFilter(include_superseded=True)
        every: list[list[float]] = [[] for _ in names]
        fts = w.store.fts
        for q in SEARCH:
            g = groups(q, tok, w._expand)
            variants = across_terms(g, tok.terms.han_forms())
            parsed = ix.parse_query(tantivy_query(with_variants(g, variants)), ["tokens"])
            calls, counts = [], []

            def run(g=g, variants=variants):
                with w.store.connect() as conn:
                    return fts.search(conn, g, flt, 20, variants=variants)

            calls.append(run)
            with w.store.connect() as conn:
                counts.append(fts.count(conn, g, flt, variants=variants))

            def tv(parsed=parsed):
                return [searcher.doc(a)["sid"] for _, a in searcher.search(parsed, 20).hits]

            calls.append(tv)
            counts.append(searcher.search(parsed, 1, count=True).count)
            times = [timed(c, args.repeat) for c in calls]
            for acc, t in zip(every, times, strict=True):
                acc += t
            _row(table, q, counts, times)
        table.add_section()
        _row(table, "all queries (ms)", ["" for _ in names], every)
    console = Console(width=160)
    console.print(table)
    bare = every[-1]
    for name, t in zip(names[:-1], every[:-1], strict=True):
        console.print(
            f"{name}/bare tantivy: p50 {pct(t, 0.5) / pct(bare, 0.5):.1f}x, "
            f"p95 {pct(t, 0.95) / pct(bare, 0.95):.1f}x (bar: p95 <= 3x at 600 MB)"
        )
    console.print(
        f"tokens made again in {tokenized:.0f} s, bare tantivy indexed them in {secs:.1f} s"
    )


if __name__ == "__main__":
    main()

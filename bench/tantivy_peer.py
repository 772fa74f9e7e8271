"""Ranked search against tantivy on the same tokens: p50 / p95 and hit counts side by side.

    python bench/tantivy_peer.py --db bench/out/ingest-mixed-i1.db
    python bench/tantivy_peer.py --db my.db --repeat 10

tantivy (the `tantivy` wheel, Rust, no server; `pip install 'policyscope[bench]'`) indexes
PolicyScope's own search tokens (whitespace-separated, positions kept) in a temporary
folder. The store's index keeps no token strings (schema 10), so they are made again the
way `reindex` makes them (`index_rows`: the tokens ingest made), in --workers processes.
Each query of bench/query.py's SEARCH becomes the same AND of ORs of phrases
(variants included) for both engines. Times are of the index call alone, top 20:
`FtsIndex.search` (which also reads the 20 bodies) against tantivy's search and the 20
stored ids. Needs a SQLite store. Hit counts can differ
where an index form holds punctuation (the term 인공지능(ai)): FTS5's `unicode61` splits it
there, tantivy's whitespace tokenizer does not.
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", required=True, help="a SQLite store built by bench/ingest.py")
    ap.add_argument("--repeat", type=int, default=10)
    ap.add_argument("--workers", type=int, default=2, help="processes that make the tokens")
    args = ap.parse_args()
    table = Table(title=f"ranked search, top 20: FTS5 vs tantivy on the same tokens ({args.db})")
    for c in ("query", "hits fts5", "hits tantivy", "fts5 p50", "tantivy p50", "fts5 p95"):
        table.add_column(c, justify="right")
    table.add_column("tantivy p95", justify="right")
    all_fts: list[float] = []
    all_tv: list[float] = []
    with Workspace(args.db) as w, tempfile.TemporaryDirectory() as folder:
        ix, tokenized, secs = build(w, args.db, folder, args.workers)
        searcher = ix.searcher()
        tok, flt = w.tokenizer, DocFilter(include_superseded=True)
        for q in SEARCH:
            g = groups(q, tok, w._expand)
            variants = across_terms(g, tok.terms.han_forms())
            parsed = ix.parse_query(tantivy_query(with_variants(g, variants)), ["tokens"])

            def fts(g=g, variants=variants):
                with w.store.connect() as conn:
                    return w.store.fts.search(conn, g, flt, 20, variants=variants)

            def tv(parsed=parsed):
                return [searcher.doc(a)["sid"] for _, a in searcher.search(parsed, 20).hits]

            with w.store.connect() as conn:
                n_fts = w.store.fts.count(conn, g, flt, variants=variants)
            n_tv = searcher.search(parsed, 1, count=True).count
            a, b = timed(fts, args.repeat), timed(tv, args.repeat)
            all_fts += a
            all_tv += b
            table.add_row(
                q,
                str(n_fts),
                str(n_tv),
                f"{pct(a, 0.5):.2f}",
                f"{pct(b, 0.5):.2f}",
                f"{pct(a, 0.95):.2f}",
                f"{pct(b, 0.95):.2f}",
            )
        table.add_section()
        p50 = (pct(all_fts, 0.5), pct(all_tv, 0.5))
        p95 = (pct(all_fts, 0.95), pct(all_tv, 0.95))
        table.add_row(
            "all queries (ms)",
            "",
            "",
            f"{p50[0]:.2f}",
            f"{p50[1]:.2f}",
            f"{p95[0]:.2f}",
            f"{p95[1]:.2f}",
        )
    console = Console(width=130)
    console.print(table)
    console.print(
        f"p50 fts5/tantivy {p50[0] / p50[1]:.1f}x, p95 {p95[0] / p95[1]:.1f}x "
        f"(bar: p95 <= 3x at 600 MB); tokens made again in {tokenized:.0f} s, "
        f"tantivy indexed them in {secs:.1f} s"
    )


if __name__ == "__main__":
    main()

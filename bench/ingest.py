"""Ingest throughput: bare tokenizers vs. full ingest, per language and mixed; 1 vs 2 workers.

    python bench/ingest.py                       # 200 MB mixed, 4 MB per language
    python bench/ingest.py --mb 20 --lang-mb 2   # a quicker run
    python bench/ingest.py --stages-only         # only the per-stage cost table

Prints MB/s (UTF-8 bytes of input text per second) for
- bare tokenizers: the Tokenizer ingest uses (same policy terms, warm, GC paused as in
  ingest) on paragraphs whose language is known beforehand;
- index: `ingest --no-enrich` (read, normalise, paragraphs, sentences, language, tokens,
  store, the search and literal FTS5 indexes) — goal >= 0.70 of bare;
- enriched: plain `ingest` (the above plus pack mentions, figures and events);
with 1 and 2 worker processes (goal 2w >= 1.7x 1w), peak RSS (goal < 1.5 GB) and store
size / text size; and the index/bare goal read three ways, since the bare tokenizers can
run in one process or two (`bare_tokenize_parallel`). Then a table of seconds per MB for
each stage of ingest, which says where the time goes. All ratios are between runs in this
process on the same input.

    python bench/ingest.py --ceiling             # the best index/bare any ingest could reach

`--ceiling` times, on the same input and in the same process, only the parts the ingest
goal cannot do without: the tokenizers, language per paragraph, sentences, and the SQLite
work of the FTS5 search index and of the literal-match index, each document in its own
transaction. Nothing else (reading, normalising, Python glue) is counted, so the ratio
tokenizers / (tokenizers + those parts) is an upper bound for index/bare.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import PeakRss, Timer, build_input, db_size, fresh_db  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from policyscope.ingest.prepare import tokenizer  # noqa: E402
from policyscope.text.langid import detect_language  # noqa: E402
from policyscope.text.normalize import normalize  # noqa: E402
from policyscope.text.segment import paragraphs  # noqa: E402
from policyscope.workspace import Workspace  # noqa: E402

console = Console(width=170)


def _enrichment(index_only: bool = False):
    with Workspace(fresh_db("probe")) as w:
        return w.index_enrichment if index_only else w.enrichment


def _texts(folder: Path, files: list[Path] | None = None) -> list[str]:
    chosen = sorted(folder.glob("*.txt")) if files is None else files
    return [normalize(f.read_text(encoding="utf-8")).text for f in chosen]


def bare_tokenize(folder: Path, files: list[Path] | None = None, enrichment=None) -> float:
    """Seconds spent in the tokenizers alone: paragraphs split and languages known beforehand
    (`files`: only these files of `folder`)."""
    tok = tokenizer(enrichment or _enrichment())
    tok.warm()
    tok.tokenize("warm 인공지능 人工智能 AI", "ko")
    work = []
    for text in _texts(folder, files):
        work.extend((text[s:e], detect_language(text[s:e])) for s, e in paragraphs(text))
    gc.disable()
    try:
        with Timer() as t:
            for para, lang in work:
                tok.tokenize(para, lang if lang != "und" else "en")
    finally:
        gc.enable()
    return t.seconds


def bare_tokenize_parallel(folder: Path, procs: int = 2) -> float:
    """Seconds for the bare tokenizers in `procs` processes, the files dealt out by size: the
    slowest process's own tokenizing time (start-up and warm-up not counted, which favours
    the tokenizers)."""
    files = sorted(folder.glob("*.txt"), key=lambda f: -f.stat().st_size)
    shares: list[list[Path]] = [[] for _ in range(procs)]
    loads = [0] * procs
    for f in files:
        k = loads.index(min(loads))
        shares[k].append(f)
        loads[k] += f.stat().st_size
    enrichment = _enrichment()  # made once: each process making its own races on one file
    with ProcessPoolExecutor(procs) as pool:
        return max(pool.map(bare_tokenize, [folder] * procs, shares, [enrichment] * procs))


PEAKS: list[tuple[str, float, float]] = []  # run, main MB, largest worker MB


def full_ingest(folder: Path, name: str, workers: int, enrich: bool) -> tuple[float, Path]:
    db = fresh_db(name)
    with PeakRss() as rss, Workspace(db) as w, Timer() as t:
        out = w.ingest([folder], workers=workers, enrich=enrich)
    PEAKS.append((name, rss.main, rss.worker))
    failed = [o for o in out if o.status == "failed"]
    if failed:
        raise SystemExit(f"ingest failed: {failed[0].error}")
    return t.seconds, db


def stage_costs(folder: Path) -> dict[str, float]:
    """Seconds per stage of `prepare` + write, on one process, for the table of costs."""
    from policyscope.extract.runtime import facts_of
    from policyscope.ingest.prepare import prepare
    from policyscope.knowledge.runtime import knowledge_for
    from policyscope.store.sql import Store
    from policyscope.text.pipeline import analyze_text

    enr = _enrichment()
    tok = tokenizer(enr)
    files = sorted(folder.glob("*.txt"))
    out: dict[str, float] = {}

    def timed(name, fn):
        t0 = time.perf_counter()
        r = fn()
        out[name] = time.perf_counter() - t0
        return r

    texts = timed("read + normalise", lambda: [normalize(f.read_text()).text for f in files])
    gc.disable()
    analyzed = timed(
        "paragraphs, language, sentences, tokens",
        lambda: [analyze_text(t, tok, for_index=True) for t in texts],
    )
    gc.enable()
    timed(
        "index forms",
        lambda: [[" ".join(tok.index_forms(p.tokens)) for p in a] for a in analyzed],
    )
    timed("pack linking", lambda: [knowledge_for().link(t) for t in texts])
    timed("figures and events", lambda: [facts_of(t, doc_date="2024-03-05") for t in texts])
    idx = _enrichment(index_only=True)
    index_only = [prepare(str(f), str(f), [None, None], None, idx) for f in files]
    store = Store(fresh_db("stages"))
    timed(
        "store: rows + search and literal indexes",
        lambda: [store.add_document(p) for p in index_only],
    )
    store.close()
    return out


def ceiling_parts(folder: Path) -> dict[str, float]:
    """Seconds for each part that an index-only ingest must do, timed alone (see --ceiling)."""
    from policyscope.store.sql import Store
    from policyscope.store.sqlite_fts import _add_bodies
    from policyscope.text.pipeline import detect_paragraph_languages
    from policyscope.text.segment import sentences

    tok = tokenizer(_enrichment(index_only=True))
    docs = []
    for text in _texts(folder):
        spans = paragraphs(text)
        docs.append((text, spans, detect_paragraph_languages(text, spans)))
    out = {"tokenizers (bare)": bare_tokenize(folder)}
    with Timer() as t:
        for text, spans, _ in docs:
            detect_paragraph_languages(text, spans)
    out["language per paragraph"] = t.seconds
    with Timer() as t:
        for text, spans, langs in docs:
            for (s, e), lang in zip(spans, langs, strict=True):
                sentences(text, s, e, lang)
    out["sentences"] = t.seconds
    rows = []  # per document: (segment id, index tokens, paragraph text)
    sid = 0
    for text, spans, langs in docs:
        doc = []
        for (s, e), lang in zip(spans, langs, strict=True):
            sid += 1
            forms = tok.index_forms(tok.tokenize(text[s:e], lang if lang != "und" else "en"))
            doc.append((sid, " ".join(forms), text[s:e]))
        rows.append(doc)
    store = Store(fresh_db("ceiling"))
    try:
        gc.disable()
        with Timer() as t:
            for doc in rows:
                with store.engine.begin() as conn:
                    conn.exec_driver_sql(
                        "INSERT INTO seg_fts(rowid, tokens) VALUES (?, ?)",
                        [(i, toks) for i, toks, _ in doc],
                    )
        out["FTS5 search index (SQLite)"] = t.seconds
        with Timer() as t:
            for doc in rows:
                with store.engine.begin() as conn:
                    _add_bodies(conn, [(i, body) for i, _, body in doc])
        out["literal-match index (SQLite)"] = t.seconds
    finally:
        gc.enable()
        store.close()
    return out


def ceiling(names: list[str], lang_mb: float) -> None:
    table = Table(title="ceiling: the parts index-only ingest cannot skip, timed alone (s per MB)")
    table.add_column("part")
    for name in names:
        table.add_column(name, justify="right")
    per = {}
    for name in names:
        lang = None if name == "mixed" else name
        folder, nbytes = build_input(f"{name}-{lang_mb:g}", lang, lang_mb)
        per[name] = {k: v / (nbytes / 1e6) for k, v in ceiling_parts(folder).items()}
    parts = list(next(iter(per.values())))
    for part in parts:
        table.add_row(part, *(f"{per[n][part]:.3f}" for n in names))

    def bound(n, upto):
        tok = per[n][parts[0]]
        return tok / sum(per[n][p] for p in parts[:upto])

    table.add_row(
        "best index/bare: tokens, language, sentences, search index",
        *(f"{bound(n, 4):.2f}" for n in names),
    )
    table.add_row(
        "best index/bare: all of the above + literal index", *(f"{bound(n, 5):.2f}" for n in names)
    )
    console.print(table)


def _wanted_runs(args) -> set[str]:
    if args.runs:
        wanted = {r.strip() for r in args.runs.split(",") if r.strip()}
        unknown = wanted - {"b1", "i1", "i2", "e1", "e2"}
        if unknown:
            raise SystemExit(f"--runs: unknown run {sorted(unknown)}; choose from b1,i1,i2,e1,e2")
        return wanted
    wanted = {"b1", "i1"} if args.no_workers else {"b1", "i1", "i2"}
    if args.enrich == "all":
        wanted.add("e1")
    if args.enrich != "none" and not args.no_workers:
        wanted.add("e2")
    return wanted


def _row(name, mbytes, bare, runs, store_ratio):
    i1, i2, e1, e2 = (runs.get(k) for k in ("i1", "i2", "e1", "e2"))

    def rate(x):
        return f"{mbytes / x:.2f}" if x else "-"

    return [
        name,
        f"{mbytes:.1f}",
        rate(bare),
        rate(i1),
        f"{bare / i1:.2f}" if i1 and bare else "-",
        rate(i2),
        f"{i1 / i2:.2f}x" if i1 and i2 else "-",
        rate(e1),
        f"{bare / e1:.2f}" if e1 and bare else "-",
        rate(e2),
        f"{e1 / e2:.2f}x" if e1 and e2 else "-",
        f"{store_ratio:.2f}" if store_ratio else "-",
    ]


def _readings_table(readings: list[tuple[str, float, dict[str, float]]]) -> Table:
    """Index-only ingest against the bare tokenizers, read three ways: each on one core; each
    on two; ingest on two (its default here) against the tokenizers on one."""
    table = Table(title="the 70% goal (index-only ingest / bare tokenizers), three readings")
    for col in ("input", "1w / bare 1 process", "2w / bare 2 processes", "2w / bare 1 process"):
        table.add_column(col, justify="right")

    def ratio(num, den):
        return f"{den / num:.2f}" if num and den else "-"

    for name, bare, runs in readings:
        i1, i2, b2 = runs.get("i1"), runs.get("i2"), runs.get("b2")
        table.add_row(name, ratio(i1, bare), ratio(i2, b2), ratio(i2, bare))
    return table


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--mb", type=float, default=200, help="size of the mixed input (MB)")
    ap.add_argument("--lang-mb", type=float, default=4, help="size of each language's input")
    ap.add_argument("--no-workers", action="store_true", help="skip the 2-worker runs")
    ap.add_argument(
        "--enrich",
        choices=("all", "2w", "none"),
        default="all",
        help="which enriched runs to make (1w on 200 MB takes long)",
    )
    ap.add_argument("--only", choices=("ko", "zh", "en", "mixed"), help="one input only")
    ap.add_argument(
        "--runs",
        help="only these runs, comma-separated from i1,i2,e1,e2 (index/enriched, 1/2 workers),"
        " and b1 for the bare tokenizers (the peer), e.g. --runs b1,e2",
    )
    ap.add_argument("--stages-only", action="store_true", help="only the per-stage table")
    ap.add_argument("--no-stages", action="store_true", help="skip the per-stage table")
    ap.add_argument(
        "--ceiling", action="store_true", help="only the upper bound of index/bare (per language)"
    )
    args = ap.parse_args()

    names = [args.only] if args.only else ["ko", "zh", "en", "mixed"]
    if args.ceiling:
        ceiling([n for n in names if n != "mixed"] or names, args.lang_mb)
        return
    if not args.stages_only:
        throughput(args, names)
    if args.no_stages:
        return
    stages = Table(title="where ingest time goes (s per MB, one process)")
    stages.add_column("stage")
    for name in names:
        if name != "mixed":
            stages.add_column(name, justify="right")
    per_lang = {}
    for name in names:
        if name == "mixed":
            continue
        folder, nbytes = build_input(f"{name}-{args.lang_mb:g}", name, args.lang_mb)
        per_lang[name] = {k: v / (nbytes / 1e6) for k, v in stage_costs(folder).items()}
    for stage in next(iter(per_lang.values()), {}):
        stages.add_row(stage, *(f"{per_lang[n][stage]:.3f}" for n in per_lang))
    if per_lang:
        console.print(stages)


def throughput(args, names) -> None:
    table = Table(title="ingest throughput (MB/s of UTF-8 input; ratios against bare tokenizers)")
    for col in (
        "input",
        "MB",
        "bare tok",
        "index 1w",
        "index/bare",
        "index 2w",
        "2w/1w",
        "enriched 1w",
        "enriched/bare",
        "enriched 2w",
        "2w/1w",
        "store/text",
    ):
        table.add_column(col, justify="right")
    readings: list[tuple[str, float, dict[str, float]]] = []
    for name in names:
        lang = None if name == "mixed" else name
        mb = args.mb if name == "mixed" else args.lang_mb
        folder, nbytes = build_input(f"{name}-{mb:g}", lang, mb)
        mbytes = nbytes / 1e6
        console.print(f"[bold]{name}[/bold]: {mbytes:.1f} MB in {folder}")
        wanted = _wanted_runs(args)
        bare = bare_tokenize(folder) if "b1" in wanted else None
        runs: dict[str, float] = {}
        if "b1" in wanted and ("i2" in wanted or "e2" in wanted):
            runs["b2"] = bare_tokenize_parallel(folder)
        store_ratio = None
        for run in ("i1", "i2", "e1", "e2"):
            if run in wanted:
                runs[run], db = full_ingest(
                    folder, f"ingest-{name}-{run}", int(run[1]), run[0] == "e"
                )
                store_ratio = store_ratio or db_size(db) / nbytes
        table.add_row(*_row(name, mbytes, bare, runs, store_ratio))
        readings.append((name, bare, runs))
        console.print(table)
    console.print(_readings_table(readings))
    console.print(
        "peak RSS per run (MB, main process / largest worker): "
        + "; ".join(f"{n} {m:.0f} / {k:.0f}" for n, m, k in PEAKS)
    )


if __name__ == "__main__":
    main()

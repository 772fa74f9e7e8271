"""Briefing build time per format on a workspace of seeds + corpus (../shared).

python bench/report.py                 # builds bench/out/report.db once (ingest), then times
python bench/report.py --lang en --repeat 3

Prints, per format: seconds for content (the model) + render, and the total. Goal: HTML
(content + render) under 10 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import OUT, SHARED  # noqa: E402

from policyscope.report.render import render  # noqa: E402
from policyscope.workspace import Workspace  # noqa: E402

GOAL_HTML = 10.0


def workspace(db: Path) -> Workspace:
    ws = Workspace(db)
    if not ws.documents():
        corpus = SHARED / "corpus"
        t0 = time.perf_counter()
        ws.ingest([corpus], manifest=corpus / "MANIFEST.tsv")
        ws.ingest(sorted((SHARED / "seeds").glob("*.txt")))
        print(f"ingest (once): {time.perf_counter() - t0:.1f} s, {len(ws.documents())} docs")
    return ws


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", type=Path, default=OUT / "report.db")
    ap.add_argument("--lang", default="ko")
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    workspace(args.db).close()
    rows = []
    for fmt in ("html", "md", "pdf", "docx"):
        content, rend = [], []
        for _ in range(args.repeat):
            ws_fresh = Workspace(args.db)  # cold caches: what one CLI call pays
            t0 = time.perf_counter()
            report = ws_fresh.report_content(lang=args.lang)
            t1 = time.perf_counter()
            render(report, fmt, OUT / f"briefing.{args.lang}.{fmt}")
            t2 = time.perf_counter()
            ws_fresh.close()
            content.append(t1 - t0)
            rend.append(t2 - t1)
        c, r = statistics.median(content), statistics.median(rend)
        rows.append((fmt, c, r, c + r, len(report.notes)))
    print(f"{'format':8}{'content s':>11}{'render s':>10}{'total s':>9}{'notes':>7}")
    for fmt, c, r, t, n in rows:
        print(f"{fmt:8}{c:11.2f}{r:10.2f}{t:9.2f}{n:7d}")
    html = next(t for f, _c, _r, t, _n in rows if f == "html")
    verdict = "OK" if html < GOAL_HTML else "OVER"
    print(f"HTML total {html:.2f} s (goal < {GOAL_HTML:.0f} s): {verdict}")
    print("sections (last build):", report.timings)


if __name__ == "__main__":
    main()

"""What the query commands answer on a store, as JSON lines: for speed work on search and
KWIC, to show that a change leaves the answers exactly as they were (the store-side peer
of bench/derived.py).

    python bench/answers.py --db demo.db --out /tmp/before.jsonl     # on the old tree
    python bench/answers.py --db demo.db --out /tmp/after.jsonl      # on the new tree
    python bench/answers.py --compare /tmp/before.jsonl /tmp/after.jsonl

Each line: one query's search top 20 (document, paragraph, offsets, score, snippet) and hit
count, or one term's KWIC lines (every line, every field) and per-document counts.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from query import KWIC, KWIC_CAPS, KWIC_SHORT, SEARCH  # noqa: E402

from policyscope.workspace import Workspace  # noqa: E402

FILTERED = [("人工智能", {"series": "cn-gwr"}), ("人工智能", {"date_from": "2024"})]


def answers(db: str):
    with Workspace(db) as ws:
        for q in SEARCH:
            hits = ws.search(q, limit=20)
            yield {"search": q, "hits": [dataclasses.asdict(h) for h in hits]}
        for q, flt in FILTERED:
            hits = ws.search(q, limit=20, **flt)
            yield {"search": q, "filter": flt, "hits": [dataclasses.asdict(h) for h in hits]}
        for term in [*KWIC, *KWIC_SHORT, *KWIC_CAPS]:
            lines = ws.kwic(term)
            yield {"kwic": term, "lines": [dataclasses.asdict(k) for k in lines]}
            counts = ws.count_term(term)
            yield {"count": term, "counts": {str(k): _plain(v) for k, v in counts.items()}}


def _plain(x):
    return dataclasses.asdict(x) if dataclasses.is_dataclass(x) else x


def compare(a: Path, b: Path) -> int:
    old = [json.loads(line) for line in a.read_text(encoding="utf-8").splitlines()]
    new = [json.loads(line) for line in b.read_text(encoding="utf-8").splitlines()]
    bad = 0
    for x, y in zip(old, new, strict=False):
        if x != y:
            bad += 1
            key = {k: v for k, v in x.items() if k in ("search", "kwic", "count", "filter")}
            print(f"differs: {key}")
    if len(old) != len(new):
        print(f"{len(old)} answers before, {len(new)} after")
        bad += 1
    print(f"{len(old) - bad} of {len(old)} answers identical")
    return 1 if bad else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", help="the store to query")
    ap.add_argument("--out", type=Path, help="write the answers here (JSON lines)")
    ap.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    args = ap.parse_args()
    if args.compare:
        return compare(*args.compare)
    if not args.db or not args.out:
        ap.error("give --db and --out, or --compare BEFORE AFTER")
    with args.out.open("w", encoding="utf-8") as f:
        for row in answers(args.db):
            f.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Everything ingest derives from a set of texts, as JSON lines: for speed work, to show that
a change leaves what is stored exactly as it was.

    python bench/derived.py --out /tmp/before.jsonl            # on the old tree
    python bench/derived.py --out /tmp/after.jsonl             # on the new tree
    python bench/derived.py --compare /tmp/before.jsonl /tmp/after.jsonl

Each line holds one file's metadata, paragraphs (offsets, language, index string, token
count), sentences, pack mentions, claims and events, as plain `ingest` prepares them.
Default input: every text under ../shared (POLICYSCOPE_SHARED), or the folders given.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import SHARED  # noqa: E402

from policyscope.ingest.prepare import prepare  # noqa: E402
from policyscope.workspace import Workspace  # noqa: E402


def _plain(x):
    if dataclasses.is_dataclass(x):
        return {f.name: _plain(getattr(x, f.name)) for f in dataclasses.fields(x)}
    if isinstance(x, list | tuple):
        return [_plain(v) for v in x]
    if isinstance(x, dict):
        return {str(k): _plain(v) for k, v in x.items()}
    return x


def derive(path: Path, enrichment) -> dict:
    p = prepare(str(path), path.name, [None, None], "-", enrichment)
    return {
        "file": path.name,
        "meta": _plain(p.meta),
        # `literal` is left out: the store's own function of the paragraph's text, computed
        # in the worker only to spare the writer
        "paragraphs": [
            {k: v for k, v in _plain(q).items() if k != "literal"} for q in p.paragraphs
        ],
        "sentences": _plain(p.sentences),
        "n_tokens": p.n_tokens,
        "mentions": _plain(p.mentions),
        "claims": _plain(p.claims),
        "events": _plain(p.events),
    }


def write(out: Path, folders: list[Path]) -> None:
    files = sorted(f for d in folders for f in d.rglob("*.txt"))
    if not files:
        raise SystemExit(f"no .txt files under {', '.join(map(str, folders))}")
    with Workspace(out.with_suffix(".probe.db")) as w:
        enrichment = w.enrichment
    t0 = time.perf_counter()
    with out.open("w", encoding="utf-8") as fh:
        for f in files:
            fh.write(json.dumps(derive(f, enrichment), ensure_ascii=False, sort_keys=True) + "\n")
    print(f"{len(files)} files -> {out} in {time.perf_counter() - t0:.1f} s")


def compare(a: Path, b: Path) -> int:
    left = {json.loads(x)["file"]: x for x in a.read_text(encoding="utf-8").splitlines()}
    right = {json.loads(x)["file"]: x for x in b.read_text(encoding="utf-8").splitlines()}
    differ = sorted(k for k in left.keys() | right.keys() if left.get(k) != right.get(k))
    for name in differ:
        la, rb = json.loads(left.get(name, "{}")), json.loads(right.get(name, "{}"))
        keys = [k for k in la.keys() | rb.keys() if la.get(k) != rb.get(k)]
        print(f"{name}: differs in {', '.join(sorted(keys))}")
    print(f"{len(left)} vs {len(right)} files; {len(differ)} differ")
    return 1 if differ else 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("folders", nargs="*", type=Path, help="default: ../shared")
    ap.add_argument("--out", type=Path, help="write the JSON lines here")
    ap.add_argument("--compare", nargs=2, type=Path, metavar=("A", "B"))
    args = ap.parse_args()
    if args.compare:
        raise SystemExit(compare(*args.compare))
    if not args.out:
        ap.error("give --out FILE or --compare A B")
    write(args.out, args.folders or [SHARED])


if __name__ == "__main__":
    main()

"""Event precision against a reader's judgement: how many of the dated events that may
reach a briefing (`extract.events.event_flaw` == '') are right.

    python bench/event_eval.py                       # tests/data/annotations/events_*.tsv
    python bench/event_eval.py --db demo-out/demo.db --min 0.9

Annotations are TSV (lines starting with '#' are comments; '# file: <path under
../shared>' names the document): start, end (the date expression's offsets in the stored
text), date, action, object, label (1 right, 0 wrong), note. The documents are ingested
into a temporary workspace (or read from --db when it holds them), events come from
`Workspace.timeline(doc=...)`, and an event is matched to a judgement by its date span
and action. An event without a judgement counts as wrong (a new event nobody checked is
not trusted). Printed: per document and overall, the events extracted, those a briefing
keeps, the right ones among them (precision), and how many right events the briefing
rule leaves out. Exit code 0, or 1 with --min when the briefing precision is below it.

The judgements were made by reading each sentence an extracted event comes from; events
the extractor never proposes are not listed, so this measures precision, not recall.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SHARED = Path(os.environ.get("POLICYSCOPE_SHARED", ROOT.parent / "shared"))
ANNOTATIONS = ROOT / "tests" / "data" / "annotations"


@dataclass
class Judged:
    file: str
    labels: dict[tuple[int, str], int]  # (date start, action) -> 1 / 0


@dataclass
class Score:
    file: str
    extracted: int = 0
    kept: int = 0
    kept_right: int = 0
    unjudged: int = 0
    right_left_out: int = 0

    @property
    def precision(self) -> float:
        return self.kept_right / self.kept if self.kept else 1.0


def read_annotations(path: Path) -> Judged:
    file, labels = "", {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# file:"):
            file = line.split(":", 1)[1].strip()
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        labels[(int(cols[0]), cols[3])] = int(cols[5])
    if not file:
        raise SystemExit(f"{path}: no '# file: <path under ../shared>' line")
    return Judged(file, labels)


def score(ws, doc_id: int, judged: Judged) -> Score:
    from policyscope.extract.events import event_flaw

    s = Score(judged.file)
    for e in ws.timeline(doc=doc_id):
        s.extracted += 1
        label = judged.labels.get((e.start, e.action))
        keep = not event_flaw(e, ws.pack)
        if label is None:
            s.unjudged += 1
        if keep:
            s.kept += 1
            s.kept_right += label == 1
        elif label == 1:
            s.right_left_out += 1
    return s


def doc_of(ws, path: Path) -> int | None:
    for d in ws.documents():
        if d.source_path and Path(d.source_path).resolve() == path.resolve():
            return d.id
    return None


def evaluate(ws, shared: Path, files: list[Path]) -> list[Score]:
    out = []
    for f in files:
        judged = read_annotations(f)
        src = shared / judged.file
        doc_id = doc_of(ws, src)
        if doc_id is None:
            if not src.exists():
                print(f"skip {judged.file}: not found under {shared}", file=sys.stderr)
                continue
            ws.ingest([src])
            doc_id = doc_of(ws, src)
        out.append(score(ws, doc_id, judged))
    return out


def report(scores: list[Score]) -> Score:
    total = Score("all")
    print(
        f"{'document':44} {'events':>6} {'kept':>5} {'right':>5} {'prec':>6} "
        f"{'unjudged':>8} {'right left out':>14}"
    )
    for s in scores + [total]:
        if s is not total:
            for k in ("extracted", "kept", "kept_right", "unjudged", "right_left_out"):
                setattr(total, k, getattr(total, k) + getattr(s, k))
        print(
            f"{s.file:44} {s.extracted:6} {s.kept:5} {s.kept_right:5} {s.precision:6.3f} "
            f"{s.unjudged:8} {s.right_left_out:14}"
        )
    return total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--annotations", nargs="*", type=Path)
    ap.add_argument("--shared", type=Path, default=SHARED)
    ap.add_argument("--db", type=Path, help="a workspace holding the documents already")
    ap.add_argument("--min", type=float, default=None, help="exit 1 below this precision")
    args = ap.parse_args(argv)
    files = args.annotations or sorted(ANNOTATIONS.glob("events_*.tsv"))
    from policyscope import Workspace

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "events.db"
        with Workspace(db) as ws:
            total = report(evaluate(ws, args.shared, files))
    print(f"briefing event precision: {total.precision:.3f} ({total.kept_right}/{total.kept})")
    return 1 if args.min is not None and total.precision < args.min else 0


if __name__ == "__main__":
    raise SystemExit(main())

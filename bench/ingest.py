"""Ingest throughput: bare tokenizers vs. full ingest, per language and mixed; 1 vs 2 workers.

    python bench/ingest.py                 # 200 MB mixed, 4 MB per language
    python bench/ingest.py --mb 20 --lang-mb 1   # a quick run

Prints MB/s (UTF-8 bytes of input text per second), the ratio full/bare (goal >= 0.70),
the 2-worker speed-up (goal >= 1.7x), peak RSS (goal < 1.5 GB) and store size / text size.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Timer, build_input, db_size, fresh_db, peak_rss_mb  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from policyscope.ingest.prepare import tokenizer  # noqa: E402
from policyscope.text.langid import detect_language  # noqa: E402
from policyscope.text.normalize import normalize  # noqa: E402
from policyscope.text.segment import paragraphs  # noqa: E402
from policyscope.workspace import Workspace  # noqa: E402

console = Console()


def bare_tokenize(folder: Path) -> float:
    """Seconds spent in the tokenizers alone: paragraphs split and languages known beforehand."""
    tok = tokenizer()
    tok.tokenize("warm 인공지능 人工智能", "ko")
    work = []
    for f in sorted(folder.glob("*.txt")):
        text = normalize(f.read_text(encoding="utf-8")).text
        work.extend((text[s:e], detect_language(text[s:e])) for s, e in paragraphs(text))
    with Timer() as t:
        for para, lang in work:
            tok.tokenize(para, lang if lang != "und" else "en")
    return t.seconds


def full_ingest(folder: Path, name: str, workers: int) -> tuple[float, Path]:
    db = fresh_db(name)
    with Workspace(db) as w, Timer() as t:
        out = w.ingest([folder], workers=workers)
    failed = [o for o in out if o.status == "failed"]
    if failed:
        raise SystemExit(f"ingest failed: {failed[0].error}")
    return t.seconds, db


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--mb", type=float, default=200, help="size of the mixed input (MB)")
    ap.add_argument("--lang-mb", type=float, default=4, help="size of each language's input")
    ap.add_argument("--no-workers", action="store_true", help="skip the 2-worker run")
    args = ap.parse_args()

    table = Table(title="ingest throughput (MB/s of UTF-8 input)")
    for col in (
        "input",
        "MB",
        "bare tok MB/s",
        "full 1w MB/s",
        "full/bare",
        "full 2w MB/s",
        "2w/1w",
        "store/text",
    ):
        table.add_column(col, justify="right")
    runs = [(lang, lang, args.lang_mb) for lang in ("ko", "zh", "en")]
    runs.append(("mixed", None, args.mb))
    for name, lang, mb in runs:
        folder, nbytes = build_input(f"{name}-{mb:g}", lang, mb)
        mbytes = nbytes / 1e6
        console.print(f"[bold]{name}[/bold]: {mbytes:.1f} MB in {folder}")
        bare = bare_tokenize(folder)
        one, db1 = full_ingest(folder, f"ingest-{name}-1w", 1)
        ratio_store = db_size(db1) / nbytes
        two = None
        if not args.no_workers:
            two, _ = full_ingest(folder, f"ingest-{name}-2w", 2)
        table.add_row(
            name,
            f"{mbytes:.1f}",
            f"{mbytes / bare:.2f}",
            f"{mbytes / one:.2f}",
            f"{bare / one:.2f}",
            f"{mbytes / two:.2f}" if two else "-",
            f"{one / two:.2f}x" if two else "-",
            f"{ratio_store:.2f}",
        )
        console.print(table)
    me, kids = peak_rss_mb()
    console.print(f"peak RSS: main process {me:.0f} MB, largest worker {kids:.0f} MB")


if __name__ == "__main__":
    main()

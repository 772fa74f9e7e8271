"""Where a SQLite store's bytes go, against the size of the text it holds.

    python bench/store_size.py --db bench/out/ingest-mixed-i1.db

Each table (FTS5 shadow tables and indexes counted with their owner), and the tantivy
folder of a store that ranks there, as bytes and as a
multiple of the stored text (UTF-8 bytes of `text_chunks.body`, or of `texts.text` before
schema 10): how far the store is from the 2.5x bar, and which copy of the text to drop
first.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

OWNERS = ("seg_fts", "seg_cjk", "seg_tri", "seg_caps")


def owner(name: str, index_tables: dict[str, str]) -> str:
    if name == "seg_fts_content":  # FTS5's own copy of the token strings
        return "seg_fts_content (token copy)"
    for o in OWNERS:
        if name == o or name.startswith(o + "_"):
            return o
    return index_tables.get(name, name)


def breakdown(db: str) -> tuple[dict[str, int], int]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    index_tables = dict(
        con.execute("SELECT name, tbl_name FROM sqlite_master WHERE type = 'index'").fetchall()
    )
    sizes: dict[str, int] = {}
    for name, size in con.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name"):
        key = owner(name, index_tables)
        sizes[key] = sizes.get(key, 0) + size
    # length() counts characters; the bar is about bytes of text (schema 10 keeps it in
    # text_chunks, earlier schemas in texts)
    text = sum(
        con.execute(f"SELECT SUM(length(CAST({col} AS BLOB))) FROM {table}").fetchone()[0] or 0
        for table, col in (("texts", "text"), ("text_chunks", "body"))
        if con.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (table,)).fetchone()
    )
    con.close()
    # a store that ranks on tantivy keeps its search tokens in a folder beside the file
    folder = Path(f"{db}.search")
    if folder.is_dir():
        sizes["tantivy folder (ranked search)"] = sum(
            f.stat().st_size for f in folder.iterdir() if f.is_file()
        )
    return sizes, text


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", required=True)
    args = ap.parse_args()
    try:
        sizes, text = breakdown(args.db)
    except sqlite3.OperationalError as exc:
        print(f"{args.db}: {exc}", file=sys.stderr)
        return 1
    total = sum(sizes.values())
    table = Table(title=f"{args.db}: {total / 1e6:.1f} MB for {text / 1e6:.1f} MB of text")
    for c in ("table", "MB", "x text", "share"):
        table.add_column(c, justify="right")
    for name, size in sorted(sizes.items(), key=lambda kv: -kv[1]):
        if size < total / 1000:
            continue
        table.add_row(
            name, f"{size / 1e6:.1f}", f"{size / max(text, 1):.2f}", f"{size / total:.0%}"
        )
    table.add_section()
    table.add_row("store", f"{total / 1e6:.1f}", f"{total / max(text, 1):.2f}", "100%")
    Console().print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())

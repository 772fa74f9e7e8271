"""A table of thousands of rows takes seconds to draw: `facts` and `targets` show a page in a
table (saying how many were left out), while json/csv keep every row for scripts."""

from __future__ import annotations

import json

from policyscope.output import TABLE_LIMIT, Format, page
from tests.clirun import run_ok


def test_page_limits_a_table_only_by_default():
    rows = list(range(TABLE_LIMIT + 5))
    shown, note = page(rows, Format.table, None)
    assert shown == rows[:TABLE_LIMIT]
    assert note == f"{TABLE_LIMIT} of {TABLE_LIMIT + 5} shown; --limit to see more (0: all)"
    assert page(rows, Format.json, None) == (rows, None)
    assert page(rows, Format.csv, None) == (rows, None)
    assert page(rows, Format.table, 0) == (rows, None)
    note3 = f"3 of {len(rows)} shown; --limit to see more (0: all)"
    assert page(rows, Format.jsonl, 3) == (rows[:3], note3)
    assert page(rows[:2], Format.table, 2) == (rows[:2], None)


def test_facts_limit_says_how_many_were_left_out(tmp_path):
    f = tmp_path / "brief.txt"
    f.write_text(
        "중국 정부는 2025년 경제성장률 목표를 5% 내외로 제시했다.\n"
        "2024년 경제성장률은 5.0%를 기록했다.\n",
        encoding="utf-8",
    )
    db = tmp_path / "w.db"
    run_ok("--db", db, "ingest", f)
    every = json.loads(run_ok("--db", db, "facts", "--format", "json").stdout)
    assert len(every) >= 2
    one = run_ok("--db", db, "facts", "--format", "json", "--limit", "1")
    assert json.loads(one.stdout) == every[:1]
    assert f"1 of {len(every)} shown" in one.stderr
    table = run_ok("--db", db, "facts")
    assert "shown" not in table.stderr  # fewer rows than a page: nothing left out


def test_entities_and_concepts_page_their_table(tmp_path):
    f = tmp_path / "note.txt"
    f.write_text("인공지능 정책 메모.\n", encoding="utf-8")
    db = tmp_path / "w.db"
    run_ok("--db", db, "ingest", f)
    for command in ("entities", "concepts"):
        every = json.loads(run_ok("--db", db, command, "--format", "json").stdout)
        assert len(every) > TABLE_LIMIT, command  # the shipped pack: more than a page
        three = run_ok("--db", db, command, "--format", "json", "--limit", "3")
        assert json.loads(three.stdout) == every[:3]
        table = run_ok("--db", db, command)
        assert f"{TABLE_LIMIT} of {len(every)} shown" in table.stderr

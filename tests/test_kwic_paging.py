"""KWIC pages: any page is the same slice of the full list, and the total is known without
building every line (store level, Workspace and CLI)."""

import json
import os

import pytest

from policyscope.analysis.kwic import count, kwic, kwic_page
from policyscope.store.filters import DocFilter
from policyscope.store.sql import Store
from tests.clirun import invoke, run_ok
from tests.test_store import prepared
from tests.test_store_postgres import pg_url  # noqa: F401 - the throwaway database fixture

DOCS = [
    ("具身智能甲具身智能\n乙丙具身智能AI", "p1", "g", "2025"),
    ("AI和5G\n丁具身智能", "p2", "g", "2024"),
    ("5g ai AI 具身智能", "p3", None, None),
]


PG = os.environ.get("POLICYSCOPE_PG_URL")


@pytest.fixture(params=["sqlite", "postgresql"])
def filled(request, tmp_path):
    """The same documents in a SQLite store and (when POLICYSCOPE_PG_URL is set) in a
    PostgreSQL one."""
    if request.param == "postgresql":
        if not PG:
            pytest.skip("POLICYSCOPE_PG_URL not set (.ci/run starts one)")
        where = request.getfixturevalue("pg_url")
    else:
        where = tmp_path / "w.db"
    s = Store(where)
    for i, (text, sha, series, key) in enumerate(DOCS):
        s.add_document(prepared(text, sha, path=f"/tmp/k{i}.txt", series=series, series_key=key))
    yield s
    s.close()


@pytest.mark.parametrize(
    "term,ignore_case", [("具身智能", False), ("AI", False), ("ai", True), ("5g", False)]
)
def test_every_page_is_a_slice_of_the_whole(filled, term, ignore_case):
    full = kwic(filled, term, DocFilter(), window=3, ignore_case=ignore_case)
    assert full, term
    n = len(full)
    for limit in (1, 2, 3, n + 5):
        for offset in range(n + 2):
            page = kwic_page(filled, term, DocFilter(), 3, limit, ignore_case, offset)
            assert page.total == n
            assert page.lines == full[offset : offset + limit], (limit, offset)
    assert sum(count(filled, term, DocFilter(), ignore_case).values()) == n


def test_page_order_and_context(filled):
    """Documents by (series, key, date, id), lines by offset; context stays in the paragraph
    when the substring index found it."""
    page = kwic_page(filled, "具身智能", DocFilter(), window=2, limit=3, offset=1)
    assert page.total == 5
    got = [(ln.series_key, ln.start, ln.left, ln.match, ln.right) for ln in page.lines]
    assert got == [
        ("2024", 7, "丁", "具身智能", ""),
        ("2025", 0, "", "具身智能", "甲具"),
        ("2025", 5, "能甲", "具身智能", ""),
    ]
    assert kwic_page(filled, "具身智能", DocFilter(), limit=0).lines == []
    assert kwic_page(filled, "具身智能", DocFilter(), limit=0).total == 5
    assert kwic_page(filled, "无此词", DocFilter(), limit=10).total == 0


def test_cli_pages_kwic(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    for i in range(3):
        (folder / f"d{i}.txt").write_text(f"第{i}篇：具身智能与具身智能。\n", encoding="utf-8")
    db = str(tmp_path / "w.db")
    run_ok("--db", db, "ingest", folder, "--no-enrich")

    def run(*args):
        return run_ok("--db", db, "kwic", "具身智能", *args).stdout

    every = json.loads(run("--format", "json"))
    assert len(every) == 6
    second = json.loads(run("--format", "json", "--limit", "2", "--offset", "2"))
    assert second == every[2:4]
    table = run("--limit", "2", "--offset", "4")
    assert "6 occurrences" in table and "lines 5-6" in table
    bad = invoke("--db", db, "kwic", "具身智能", "--offset", "-1")
    assert bad.exit_code == 2 and "Traceback" not in bad.output

"""`ingest --no-enrich` then `enrich`: the same mentions and facts as a normal ingest."""

from __future__ import annotations

import pytest

from policyscope.store.sqlite_driver import dbapi as sqlite3
from policyscope.workspace import Workspace
from tests.clirun import run_ok

TEXTS = {
    "ko.txt": "중국 정부는 2025년 경제성장률 목표를 5% 내외로 제시했다. 딥시크와 신체화 AI가 "
    "주목받았다.\n국무원은 2017년 7월 20일 「차세대 AI 발전계획」을 발표했다.\n",
    "zh.txt": "2024年国内生产总值增长5%左右。开展“人工智能+”行动，发展具身智能。\n"
    "本办法自2023年8月15日起施行。\n",
    "en.txt": "China set a GDP growth target of around 5 percent for 2025. DeepSeek and "
    "embodied AI drew attention.\n",
}


def _folder(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    for name, text in TEXTS.items():
        (d / name).write_text(text, encoding="utf-8")
    return d


def _snapshot(w: Workspace):
    """Every stored mention, claim and event, keyed by file name rather than doc id."""
    con = sqlite3.connect(w.db)
    names = {
        i: p.rsplit("/", 1)[-1] for i, p in con.execute("SELECT id, source_path FROM documents")
    }
    out = []
    for table in ("mentions", "claims", "events"):
        cols = [r[1] for r in con.execute(f"PRAGMA table_info({table})") if r[1] != "id"]
        rows = con.execute(f"SELECT {', '.join(f'[{c}]' for c in cols)} FROM {table}").fetchall()
        out.append(sorted((names[r[0]], *map(str, r[1:])) for r in rows))
    con.close()
    return tuple(out)


@pytest.mark.parametrize("workers", [1, 2])
def test_enrich_later_gives_what_ingest_gives(tmp_path, workers):
    folder = _folder(tmp_path)
    with Workspace(tmp_path / "now.db") as now:
        now.ingest([folder], workers=1)
        expected = _snapshot(now)
    assert expected[0] and expected[1] and expected[2]  # the fixture has all three kinds

    with Workspace(tmp_path / "later.db") as later:
        later.ingest([folder], workers=1, enrich=False)
        assert len(later.store.unenriched_ids()) == 3
        assert _snapshot(later) == ([], [], [])
        assert later.search("具身智能")  # indexed at once
        n_docs, n_mentions, n_claims, n_events = later.enrich(workers=workers)
        assert n_docs == 3
        got = _snapshot(later)
        assert got == expected
        assert (n_mentions, n_claims, n_events) == tuple(len(x) for x in expected)
        assert later.store.unenriched_ids() == []
        assert later.enrich() == (0, 0, 0, 0)  # nothing left to do
        assert later.enrich(everything=True)[0] == 3  # redo all: same rows, not doubled
        assert _snapshot(later) == expected


def test_cli_no_enrich_then_enrich(tmp_path):
    folder = _folder(tmp_path)
    db = str(tmp_path / "w.db")
    r = run_ok("--db", db, "ingest", folder, "--no-enrich")
    assert "3 documents have no mentions" in r.stderr and "policyscope enrich" in r.stderr
    r = run_ok("--db", db, "enrich")
    assert "3 documents enriched" in r.stderr
    assert "Example:" in run_ok("--db", db, "enrich", "--help").stdout


def test_cli_optimize_keeps_every_answer(tmp_path):
    folder = _folder(tmp_path)
    db = str(tmp_path / "w.db")
    run_ok("--db", db, "ingest", folder)
    with Workspace(db) as w:
        want = ([k.start for k in w.kwic("智能")], [h.doc_id for h in w.search("딥시크")])
        assert want[0] and want[1]
    r = run_ok("--db", db, "optimize")
    assert "MB ->" in r.stderr and db in r.stderr
    with Workspace(db) as w:
        assert ([k.start for k in w.kwic("智能")], [h.doc_id for h in w.search("딥시크")]) == want
    assert "Example:" in run_ok("optimize", "--help").stdout

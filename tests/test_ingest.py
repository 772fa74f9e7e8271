"""Ingest end to end on files the test writes: metadata, dedupe, versions, bad input, crashes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from policyscope.store.sqlite_driver import dbapi as sqlite3
from policyscope.workspace import Workspace

KO = "중국 정부는 2025년 정부업무보고에서 신체화 AI와 새로운 질적 생산력(新质生产力)을 강조했다.\n"
ZH = "各位代表：\n开展“人工智能＋”行动，培育具身智能等未来产业。\n加快发展新质生产力。\n"
EN = "The government will promote the AI Plus initiative and develop embodied intelligence.\n"
CLI = [sys.executable, "-m", "policyscope.cli"]


def write(p: Path, text: str, encoding: str = "utf-8") -> Path:
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(text.encode(encoding))
    return p


def consistency(db: Path) -> dict[str, int]:
    """Every stored document is whole: text, stats, paragraphs and their index rows."""
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    docs = [r[0] for r in con.execute("SELECT id FROM documents")]
    engine = con.execute("SELECT value FROM settings WHERE key = 'search_engine'").fetchone()
    # a store that ranks on tantivy keeps its search tokens in the folder beside it, which
    # may lag after a kill: Workspace levels it (test_kill_9_...); FTS5's table stays empty
    on_fts5 = engine is None or json.loads(engine[0]) == "fts5"
    for doc_id in docs:
        assert (
            con.execute("SELECT count(*) FROM texts WHERE doc_id=?", (doc_id,)).fetchone()[0] == 1
        )
        n_par = con.execute(
            "SELECT n_paragraphs FROM doc_stats WHERE doc_id=?", (doc_id,)
        ).fetchone()[0]
        segs = con.execute(
            "SELECT count(*) FROM segments WHERE doc_id=? AND kind='paragraph'", (doc_id,)
        ).fetchone()[0]
        fts = con.execute(
            "SELECT count(*) FROM seg_fts WHERE rowid IN "
            "(SELECT id FROM segments WHERE doc_id=? AND kind='paragraph')",
            (doc_id,),
        ).fetchone()[0]
        assert n_par == segs == (fts if on_fts5 else n_par) > 0
        assert on_fts5 or fts == 0
    shas = [r[0] for r in con.execute("SELECT sha256 FROM documents WHERE superseded_by IS NULL")]
    assert len(shas) == len(set(shas)), "a document was stored twice"
    con.close()
    return {"documents": len(docs)}


def test_folder_with_mixed_encodings_languages_and_metadata(tmp_path):
    write(tmp_path / "in" / "ko-2025.txt", KO * 3, "utf-16")
    write(tmp_path / "in" / "ko-old.txt", "정부는 인공지능 산업을 육성한다.\n" * 3, "cp949")
    write(tmp_path / "in" / "sub" / "gwr-2025.zh.txt", ZH, "gb18030")
    write(tmp_path / "in" / "en.md", "# AI Plus\n\n" + EN)
    with Workspace(tmp_path / "w.db") as w:
        out = w.ingest([tmp_path / "in"])
        assert sorted(o.status for o in out) == ["added"] * 4
        docs = {Path(d.source_path).name: d for d in w.documents()}
        assert docs["ko-2025.txt"].language == "ko" and docs["ko-2025.txt"].date == "2025"
        assert docs["gwr-2025.zh.txt"].language == "zh"
        assert docs["en.md"].language == "en"
        assert w.text("ko-old.txt").startswith("정부는 인공지능")
        assert "互联网" not in w.text("gwr-2025.zh.txt")
        assert "人工智能+" in w.text("gwr-2025.zh.txt")  # full-width plus folded
        # a Korean paragraph keeps its language; its Han run is searchable as a Chinese word
        assert {h.doc_id for h in w.search("新质生产力")} == {
            docs["ko-2025.txt"].id,
            docs["gwr-2025.zh.txt"].id,
        }
        assert len(w.kwic("人工智能＋")) == 1


def test_title_skips_a_latin_banner_in_a_korean_document(tmp_path):
    from policyscope.ingest.metadata import infer_title

    ko = "THE AI REPORT\n\n중국의 인공지능 정책전략 현황\n\n- 부제 -\n\n" + KO
    assert infer_title(ko, "ko") == "중국의 인공지능 정책전략 현황"
    assert infer_title(ko, None) == "THE AI REPORT"  # language unknown: the first heading
    assert infer_title("# AI Plus Action Plan\n\n" + EN, "en") == "AI Plus Action Plan"
    assert infer_title("2025 중국 양회, 산업정책 키워드는 AI\n\n" + KO, "ko").startswith(
        "2025 중국"
    )
    f = write(tmp_path / "brief.txt", ko)
    with Workspace(tmp_path / "w.db") as w:
        w.ingest([f])
        assert w.documents()[0].title == "중국의 인공지능 정책전략 현황"


def test_flags_override_manifest_and_inference(tmp_path):
    f = write(tmp_path / "a.txt", ZH)
    m = write(tmp_path / "m.tsv", "file\ttitle\tyear\tseries\na.txt\tManifest title\t2019\tgwr\n")
    with Workspace(tmp_path / "w.db") as w:
        w.ingest([f], manifest=m, meta={"title": "Flag title"})
        d = w.documents()[0]
    assert (d.title, d.date, d.series, d.series_key) == ("Flag title", "2019", "gwr", "2019")


def test_same_bytes_no_op_and_changed_file_new_version(tmp_path):
    f = write(tmp_path / "r.txt", ZH)
    with Workspace(tmp_path / "w.db") as w:
        assert [o.status for o in w.ingest([f])] == ["added"]
        assert [o.status for o in w.ingest([f])] == ["unchanged"]
        write(tmp_path / "r.txt", ZH + "推动低空经济安全发展。\n")
        (o,) = w.ingest([f])
        assert (o.status, o.version) == ("new_version", 2)
        assert len(w.documents()) == 1
        assert len(w.documents(include_superseded=True)) == 2
        assert len(w.kwic("低空经济")) == 1  # only the current version is searched


def test_bad_files_are_reported_and_change_nothing_stored(tmp_path):
    good = write(tmp_path / "in" / "good.txt", ZH)
    with Workspace(tmp_path / "w.db") as w:
        w.ingest([good])
    before = (tmp_path / "w.db").stat().st_size, consistency(tmp_path / "w.db")
    bad = tmp_path / "bad"
    write(bad / "empty.txt", "")
    (bad / "random.pdf").write_bytes(os.urandom(4096))
    (bad / "html.pdf").write_text("<!DOCTYPE html><html><body><p>具身智能</p></body></html>")
    (bad / "trunc.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")
    write(bad / "fine.txt", EN)
    r = subprocess.run(
        CLI + ["--db", str(tmp_path / "w.db"), "ingest", str(bad)], capture_output=True, text=True
    )
    assert r.returncode == 1
    assert "empty.txt" in r.stderr and "random.pdf" in r.stderr and "trunc.pdf" in r.stderr
    assert "Traceback" not in r.stderr
    after = consistency(tmp_path / "w.db")
    assert after["documents"] == before[1]["documents"] + 2  # fine.txt and html.pdf (sniffed)
    with Workspace(tmp_path / "w.db") as w:
        assert w.text("good.txt").startswith("各位代表")


def test_missing_path_is_one_red_line_not_a_traceback(tmp_path):
    r = subprocess.run(
        CLI + ["--db", str(tmp_path / "w.db"), "ingest", str(tmp_path / "nope")],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 1 and "no such file or folder" in r.stderr
    assert "Traceback" not in r.stderr


def kill_mid_ingest(folder: Path, db: Path) -> None:
    """`policyscope ingest folder` into a new store at `db`, killed (SIGKILL) once it has
    stored three documents."""
    Workspace(db).close()
    proc = subprocess.Popen(
        CLI + ["--db", str(db), "ingest", str(folder), "--workers", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        con = sqlite3.connect(db, timeout=30)
        stored = con.execute("SELECT count(*) FROM documents").fetchone()[0]
        con.close()
        if stored >= 3:
            break
        time.sleep(0.05)
    if proc.poll() is not None:
        pytest.fail("ingest finished before it could be killed; make the input bigger")
    proc.send_signal(signal.SIGKILL)
    proc.wait()


def test_kill_9_mid_ingest_leaves_a_consistent_store_and_rerun_completes(tmp_path):
    folder = tmp_path / "many"
    n_files = 40
    for i in range(n_files):
        body = f"문서 {i}번.\n" + (KO + ZH + EN) * 40
        write(folder / f"doc{i:03d}.txt", body)
    db = tmp_path / "w.db"
    kill_mid_ingest(folder, db)
    mid = consistency(db)["documents"]
    assert 3 <= mid < n_files
    r = subprocess.run(
        CLI + ["--db", str(db), "ingest", str(folder)], capture_output=True, text=True
    )
    assert r.returncode == 0, r.stderr
    assert consistency(db)["documents"] == n_files
    with Workspace(db) as w:
        assert w.search_engine == "tantivy" and not w.store.search_lags()
        assert len(w.search("신체화", limit=100)) == 100


def test_kill_9_mid_ingest_then_a_query_levels_the_search_folder(tmp_path):
    """After a kill -9 the tantivy folder lags the store; the first query levels it (the
    documents since its last commit tokenized again) and finds every stored document."""
    folder = tmp_path / "many"
    for i in range(40):
        write(folder / f"doc{i:03d}.txt", f"문서 {i}번 고유어{i:03d}.\n" + (KO + ZH + EN) * 40)
    db = tmp_path / "w.db"
    kill_mid_ingest(folder, db)
    with Workspace(db) as w:
        # killed between tantivy's commits (every 5 s): its last documents are SQLite's only
        stored = len(w.documents())
        found = {h.doc_id for h in w.search("문서", limit=100)}
        assert not w.store.search_lags()
        assert found == {d.id for d in w.documents()} and len(found) == stored >= 3


def test_worker_crash_fails_only_the_file_that_crashed(tmp_path, monkeypatch):
    """A reader dying in native code (simulated by os._exit in the worker) must not take
    the other files of the batch with it."""
    from policyscope.ingest import run

    files = [write(tmp_path / f"f{i}.txt", ZH + f"第{i}号。\n") for i in range(4)]
    crash = write(tmp_path / "crash.txt", "CRASH\n" + ZH)
    jobs = [(str(f), str(f), [None, None], f"sha{i}", None) for i, f in enumerate(files + [crash])]
    results = dict((j[0], r) for j, r in run.pooled(jobs, 2, _crashy))
    assert isinstance(results[str(crash)], RuntimeError)
    assert "crashed" in str(results[str(crash)])
    assert all(not isinstance(results[str(f)], Exception) for f in files)


def _crashy(job):
    from policyscope.ingest.run import _run

    if Path(job[0]).read_text(encoding="utf-8").startswith("CRASH"):
        os._exit(3)
    return _run(job)


def test_the_writing_process_prepares_plain_text_between_results(tmp_path):
    """With worker processes, the process that writes also takes jobs while no worker has
    a result ready, but only plain-text files: a reader of PDF, DOCX or HWP runs native
    code, whose crash must take a worker, not the run."""
    from policyscope.ingest import run

    jobs = list(range(40))
    pids = dict(run.pooled(jobs, 1, _slow_pid, warm_up=False, here=lambda j: j % 2 == 0))
    assert sorted(pids) == jobs
    mine = {j for j, pid in pids.items() if pid == os.getpid()}
    assert mine and all(j % 2 == 0 for j in mine)  # only what `here` accepted
    assert len(mine) < len(jobs)  # and the worker did the rest
    txt = write(tmp_path / "a.txt", ZH)
    pdf_named_txt = tmp_path / "b.txt"
    pdf_named_txt.write_bytes(b"%PDF-1.7\n" + b"x" * 100)
    pdf = tmp_path / "c.pdf"
    pdf.write_bytes(b"%PDF-1.7\n")
    assert [run._plain_text((str(p),)) for p in (txt, pdf_named_txt, pdf)] == [True, False, False]


def _slow_pid(job):
    time.sleep(0.01)
    return os.getpid()


@pytest.mark.skipif(not hasattr(os, "nice"), reason="process priorities are POSIX-only")
def test_workers_run_at_normal_priority_by_default(monkeypatch):
    """Niced workers starve on a shared machine: by default they keep the writer's priority."""
    from policyscope.ingest import run

    monkeypatch.delenv(run.NICE_ENV, raising=False)
    base = os.nice(0)
    ((_, seen),) = list(run.pooled([0], 1, os.nice, warm_up=False))
    assert seen == base


@pytest.mark.skipif(not hasattr(os, "nice"), reason="process priorities are POSIX-only")
def test_workers_run_in_the_background_when_asked(monkeypatch):
    from policyscope.ingest import run

    monkeypatch.setenv(run.NICE_ENV, "19")
    base = os.nice(0)
    ((_, seen),) = list(run.pooled([0], 1, os.nice, warm_up=False))
    assert seen == 19
    assert seen > base or base == 19


def test_a_bad_worker_priority_is_one_clear_message(monkeypatch):
    from policyscope.errors import BadArgument
    from policyscope.ingest import run

    monkeypatch.setenv(run.NICE_ENV, "low")
    with pytest.raises(BadArgument, match="POLICYSCOPE_WORKER_NICE"):
        run.worker_nice()


def test_usage_error_is_a_message_not_a_traceback(tmp_path):
    r = subprocess.run(
        CLI + ["--db", str(tmp_path / "w.db"), "kwic", "x", "--bogus"],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 2 and "No such option" in r.stderr and "Traceback" not in r.stderr


def test_docs_table_marks_a_cut_title(tmp_path):
    from typer.testing import CliRunner

    from policyscope.cli import app

    long_title = (
        "政府工作报告 2014（2014-03-05在第十二届全国人民代表大会第二次会议上，国务院总理李克强）"
    )
    f = write(tmp_path / "r.txt", "加快发展新质生产力。\n")
    db = str(tmp_path / "w.db")
    runner = CliRunner()
    assert runner.invoke(app, ["--db", db, "ingest", str(f), "--title", long_title]).exit_code == 0
    out = runner.invoke(app, ["--db", db, "docs"], env={"COLUMNS": "400"}).output
    assert long_title[:47] + "…" in out and long_title not in out
    full = runner.invoke(app, ["--db", db, "docs", "--format", "json"]).output
    assert long_title in full  # machine formats keep the whole title


def test_kwic_and_search_lines_say_which_pdf_page(tmp_path):
    """An analyst quotes a PDF by page: KWIC lines (literal and concept) carry it, and the
    table shows a p. column only when some line has a page."""
    from typer.testing import CliRunner

    from policyscope.cli import app
    from tests.builders import write_pdf

    pdf = write_pdf(
        tmp_path / "r.pdf",
        [["第一页 人工智能发展概况", "算力基础设施建设"], ["第二页 具身智能", "人工智能+行动方案"]],
    )
    txt = write(tmp_path / "t.txt", "人工智能没有页码。\n")
    with Workspace(tmp_path / "w.db") as w:
        w.ingest([pdf, txt], workers=1)
        lines = w.kwic("人工智能")
        by_doc = {d.id: d.format for d in w.documents()}
        assert sorted((by_doc[k.doc_id], k.page) for k in lines) == [
            ("pdf", 1),
            ("pdf", 2),
            ("txt", None),
        ]
        assert [k.page for k in w.kwic("concept:embodied_ai")] == [2]
        assert [h.page for h in w.search("具身智能")] == [2]
    runner = CliRunner()
    db = str(tmp_path / "w.db")
    table = runner.invoke(app, ["--db", db, "kwic", "算力"], env={"COLUMNS": "200"}).output
    assert "p." in table.splitlines()[2]
    plain = runner.invoke(app, ["--db", db, "kwic", "没有"], env={"COLUMNS": "200"}).output
    assert "p." not in plain


SUBWORDS = "国家网信办发布生成式人工智能服务管理暂行办法。\n开展人工智能+行动，建设算力基础设施。\n"


def _search_paras(w, q):
    """Start offsets of the paragraphs that ranked search finds for `q`."""
    hits = w.search(q, limit=50)
    paras = w.store.segments(hits[0].doc_id) if hits else []
    return sorted(next(p.start for p in paras if p.start <= h.start < p.end) for h in hits)


def test_search_finds_words_inside_terms_kept_whole(tmp_path):
    """The tokenizers keep 生成式人工智能 and 人工智能+行动 whole; ranked search must still
    find 人工智能 and 算力 in them, as KWIC does, while counts stay on whole tokens."""
    f = write(tmp_path / "r.txt", SUBWORDS)
    with Workspace(tmp_path / "w.db") as w:
        w.ingest([f], workers=1)
        tokens = [t.text for t in w.tokenizer.tokenize(SUBWORDS, "zh")]
        assert "生成式人工智能服务管理暂行办法" in tokens and "人工智能+行动" in tokens
        assert _search_paras(w, "人工智能") == [0, 24]
        assert _search_paras(w, "算力") == [24]
        assert _search_paras(w, "生成式人工智能") == [0]  # the whole term still matches
        # phrases across a term and its neighbours still match: the inner words are
        # indexed after the paragraph's forms, not between them
        assert _search_paras(w, "开展人工智能+行动，建设算力基础设施") == [24]
        assert _search_paras(w, "人工智能+行动建设") == [24]
        kwic_paras = sorted({0 if k.start < 24 else 24 for k in w.kwic("人工智能")})
        assert kwic_paras == _search_paras(w, "人工智能")
        doc = w.documents()[0].id
        counts = w.store.stats(doc)["n_tokens"]
        assert counts == sum(
            len(w.tokenizer.index_forms(w.tokenizer.tokenize(p, "zh")))
            for p in SUBWORDS.split("\n")
            if p
        )


ACROSS = (
    "推进生成式人工智能发展。\n全面开展人工智能+行动。\n"
    "发布生成式人工智能服务管理暂行办法。\n人工智能发展很快。\n"
)


def test_search_finds_phrases_whose_ends_fall_inside_terms(tmp_path):
    """A phrase that starts, ends or lies wholly inside a term the tokenizers keep whole is
    found by ranked search as KWIC finds it: the query's words in a row, nothing looser."""
    with Workspace(tmp_path / "w.db") as w:
        _phrases_across_terms(w, tmp_path)


def _phrases_across_terms(w, tmp_path):
    """Shared with the PostgreSQL test: ingest ACROSS into `w`, search and KWIC in it."""
    f = write(tmp_path / "across.txt", ACROSS)
    starts = [0] + [i + 1 for i, c in enumerate(ACROSS) if c == "\n"][:-1]
    w.ingest([f], workers=1)
    tokens = [t.text for t in w.tokenizer.tokenize(ACROSS, "zh")]
    assert {"生成式人工智能", "人工智能+行动", "生成式人工智能服务管理暂行办法"} <= set(tokens)

    def kwic_paras(q):
        return sorted({max(s for s in starts if s <= k.start) for k in w.kwic(q)})

    for q, expected in (
        ("人工智能发展", [0, starts[3]]),  # starts inside 生成式人工智能
        ("开展人工智能", [starts[1]]),  # ends inside 人工智能+行动
        ("人工智能服务管理", [starts[2]]),  # wholly inside the regulation's name
        ("推进生成式人工智能发展", [0]),  # the term itself, within the phrase
    ):
        assert kwic_paras(q) == expected, q
        assert _search_paras(w, q) == expected, q
    # pages hold each paragraph once, whichever phrase found it
    pages = [w.search("人工智能发展", limit=1, offset=i) for i in range(3)]
    assert sorted(len(p) for p in pages) == [0, 1, 1]
    assert {p[0].segment_id for p in pages if p} == {h.segment_id for h in w.search("人工智能发展")}
    hit = w.search("开展人工智能")[0]  # the query's words are what the snippet marks
    assert "«开展人工智能»" in hit.snippet and ACROSS[hit.start : hit.end] == "开展人工智能"
    # still words in a row: 服务管理 and 发展 apart is no match for the phrase
    assert _search_paras(w, '"服务管理 发展"') == []
    # search leaves punctuation out, KWIC does not: the quoted term is a search hit only,
    # and its snippet marks the words with the quote between them
    g = write(tmp_path / "quoted.txt", "开展“人工智能+”行动。\n")
    w.ingest([g], workers=1)
    assert len(w.kwic("开展人工智能")) == 1
    hits = w.search("开展人工智能")
    assert len(hits) == 2 and any("«开展“人工智能»" in h.snippet for h in hits)


def test_reindex_brings_an_old_index_up_to_date(tmp_path, monkeypatch):
    """A store indexed before words inside terms (or before the dictionary grew) is fixed
    by `reindex`, one document per transaction, without touching paragraphs or counts."""
    from typer.testing import CliRunner

    from policyscope.cli import app

    f = write(tmp_path / "r.txt", SUBWORDS)
    db = tmp_path / "w.db"
    monkeypatch.setenv("POLICYSCOPE_SEARCH_ENGINE", "fts5")  # older PolicyScopes ranked there
    with Workspace(db) as w:
        w.ingest([f], workers=1)
        doc = w.documents()[0].id
        paras = w.store.segments(doc)
        n_tokens = w.store.stats(doc)["n_tokens"]
        old = []  # the index as an older PolicyScope wrote it: whole tokens only
        for p in paras:
            toks = w.tokenizer.tokenize(w.text(doc)[p.start : p.end], "zh")
            old.append((p.id, " ".join(w.tokenizer.index_forms(toks))))
        with w.store.engine.begin() as conn:
            w.store.fts.set_tokens(conn, old)
        assert _search_paras(w, "人工智能") == []
        kwic_before = [(k.start, k.match) for k in w.kwic("人工智能")]
    r = CliRunner().invoke(app, ["--db", str(db), "reindex"])
    assert r.exit_code == 0 and "2 paragraphs indexed again" in r.output
    with Workspace(db) as w:
        assert _search_paras(w, "人工智能") == [0, 24]
        assert [(k.start, k.match) for k in w.kwic("人工智能")] == kwic_before
        assert w.store.stats(doc)["n_tokens"] == n_tokens
        assert [p.start for p in w.store.segments(doc)] == [p.start for p in paras]


def test_reindex_in_workers_gives_back_what_ingest_indexed(tmp_path, monkeypatch):
    """On FTS5, whose index can be read back (tests/test_tantivy_search.py: on tantivy)."""
    from policyscope.store.sqlite_driver import dbapi as sqlite3

    monkeypatch.setenv("POLICYSCOPE_SEARCH_ENGINE", "fts5")

    folder = tmp_path / "in"
    folder.mkdir()
    write(folder / "a.txt", SUBWORDS)
    write(folder / "b.txt", "中国的AI政策。\n\n" + KO)
    write(folder / "c.txt", EN)
    db = tmp_path / "w.db"

    def index():
        # the index keeps no token strings: read its terms back, in order, per paragraph
        con = sqlite3.connect(db)
        try:
            con.execute("CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, 'seg_fts', 'instance')")
            rows = con.execute("SELECT doc, term FROM temp.v ORDER BY doc, offset").fetchall()
        finally:
            con.close()
        terms: dict[int, list[str]] = {}
        for doc, term in rows:
            terms.setdefault(doc, []).append(term)
        return [(d, " ".join(t)) for d, t in terms.items()]

    with Workspace(db) as w:
        w.ingest([folder], workers=1)
        ingested = index()
        with w.store.engine.begin() as conn:
            w.store.fts.set_tokens(conn, [(sid, "x") for sid, _ in ingested])
        assert {t for _, t in index()} == {"x"}
        n = w.reindex(workers=2)
    assert n == len(ingested) > 3 and index() == ingested


LITERAL = "开展人工智能+行动，AI and 5G policy\n\n算力基础设施 superintelligence 人工智能\n"


def _literal_round_trip(db, tmp_path: Path, fts_module) -> None:
    """Ingest computes the store's literal-index columns outside the writer: they must be
    what the store computes itself (a contentless FTS5 delete needs exactly those values)."""
    from policyscope.ingest.prepare import prepare

    f = write(tmp_path / "lit.txt", LITERAL)
    with Workspace(db) as w:
        prep = prepare(str(f), str(f), [None, None], None, w.index_enrichment)
        bodies = [prep.text[p.start : p.end] for p in prep.paragraphs]
        assert [p.literal for p in prep.paragraphs] == [
            fts_module.literal_columns(b) for b in bodies
        ]
        assert all(p.literal for p in prep.paragraphs)
        (out,) = w.ingest([f], workers=1, enrich=False)
        counts = {t: len(w.kwic(t)) for t in ("人工智能", "算力", "5G", "AI", "intelligence")}
        assert counts == {"人工智能": 2, "算力": 1, "5G": 1, "AI": 1, "intelligence": 1}
        w.store.delete_document(out.doc_id)
        assert [len(w.kwic(t)) for t in counts] == [0] * len(counts)


def test_ingest_computes_the_literal_columns_sqlite_would(tmp_path):
    from policyscope.store import sqlite_fts

    db = tmp_path / "w.db"
    _literal_round_trip(db, tmp_path, sqlite_fts)
    with sqlite3.connect(db) as con:
        for table in ("seg_fts", "seg_cjk", "doc_tri", "seg_caps"):
            con.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")


@pytest.mark.parametrize("fresh", [True, False])
def test_two_ingests_of_one_folder_at_once_store_each_document_once(tmp_path, fresh):
    folder = tmp_path / "in"
    n_files = 12
    for i in range(n_files):
        write(folder / f"doc{i:02d}.txt", f"第{i}号文件。\n" + ZH * 3 + EN)
    db = tmp_path / "w.db"
    if not fresh:
        Workspace(db).close()
    cmd = CLI + ["--db", str(db), "ingest", str(folder), "--workers", "1", "--no-enrich"]
    procs = [subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    errs = [p.communicate(timeout=300)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errs
    assert "Traceback" not in "".join(errs)
    assert consistency(db)["documents"] == n_files
    with Workspace(db) as w:
        assert len(w.kwic("第3号")) == 1


def test_a_file_reverted_to_an_earlier_content_is_a_new_current_version(tmp_path):
    f = write(tmp_path / "r.txt", ZH)
    with Workspace(tmp_path / "w.db") as w:
        w.ingest([f])
        write(f, ZH + "推动低空经济安全发展。\n")
        w.ingest([f])
        write(f, ZH)
        (o,) = w.ingest([f])
        assert (o.status, o.version) == ("new_version", 3)
        assert w.kwic("低空经济") == []  # v2 no longer answers
        assert len(w.kwic("具身智能")) == 1
        (o,) = w.ingest([f])
        assert o.status == "unchanged"


def test_bad_paths_on_the_command_line_are_skipped_and_the_others_go_on(tmp_path):
    good = write(tmp_path / "in" / "good.txt", ZH)
    os.mkfifo(tmp_path / "in" / "pipe.txt")
    (tmp_path / "loop").symlink_to(tmp_path / "loop2")
    (tmp_path / "loop2").symlink_to(tmp_path / "loop")
    cp949 = os.fsencode(tmp_path / "in") + b"/" + "한글보고서".encode("cp949") + b".txt"
    with open(cp949, "wb") as fh:
        fh.write(KO.encode("utf-8"))
    args = [tmp_path / "missing", tmp_path / "loop", tmp_path / "in" / "pipe.txt", good, cp949]
    r = subprocess.run(
        CLI + ["--db", str(tmp_path / "w.db")] + ["ingest"] + [os.fsencode(a) for a in args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "missing: no such file or folder" in r.stderr
    assert "loop: a symbolic link loop" in r.stderr
    assert "pipe.txt: a FIFO" in r.stderr
    assert "2 added, 3 failed" in r.stderr
    with Workspace(tmp_path / "w.db") as w:
        docs = {Path(d.source_path).name: d for d in w.documents()}
        assert set(docs) == {"good.txt", "한글보고서.txt"}  # the CP949 name, decoded to show
        with w.store.connect() as conn:
            metas = [
                json.loads(m) for (m,) in conn.exec_driver_sql("SELECT meta_json FROM documents")
            ]
        kept = [bytes.fromhex(m["path_bytes"]) for m in metas if "path_bytes" in m]
        assert kept == [os.fsencode(Path(os.fsdecode(cp949)).resolve())]  # the bytes are kept
        assert len(w.kwic("신체화")) == 1


def test_documents_are_written_in_groups_and_reported_once_stored(tmp_path, monkeypatch):
    """Ingest writes several documents per transaction; each outcome is reported after
    its group committed, in the order of the files."""
    from policyscope.store.sql import Store

    folder = tmp_path / "in"
    for i in range(10):
        write(folder / f"d{i:02d}.txt", f"문서 {i}번 고유어{i:03d}.\n" + KO * 2)
    groups: list[int] = []
    add = Store.add_documents

    def counted(self, preps):
        groups.append(len(preps))
        return add(self, preps)

    monkeypatch.setattr(Store, "add_documents", counted)
    db = tmp_path / "w.db"
    with Workspace(db) as w:
        stored_when_reported = []
        out = w.ingest(
            [folder],
            workers=1,
            enrich=False,
            on_result=lambda o: stored_when_reported.append(consistency(db)["documents"]),
        )
        assert [Path(o.path).name for o in out] == [f"d{i:02d}.txt" for i in range(10)]
        assert [o.status for o in out] == ["added"] * 10
        assert sum(groups) == 10 and max(groups) > 1
        assert all(n >= i + 1 for i, n in enumerate(stored_when_reported))
        assert {h.doc_id for h in w.search("문서", limit=50)} == {o.doc_id for o in out}


def test_a_document_that_cannot_be_stored_fails_alone_in_its_group(tmp_path, monkeypatch):
    from policyscope.store import sql

    folder = tmp_path / "in"
    for i in range(6):
        write(folder / f"d{i}.txt", f"第{i}号文件。\n" + ZH)
    insert_facts = sql._insert_facts

    def fail_one(conn, doc_id, claims, events):
        path = conn.exec_driver_sql("SELECT source_path FROM documents WHERE id = ?", (doc_id,))
        if path.scalar().endswith("d3.txt"):
            raise RuntimeError("constraint failed")
        insert_facts(conn, doc_id, claims, events)

    monkeypatch.setattr(sql, "_insert_facts", fail_one)
    db = tmp_path / "w.db"
    with Workspace(db) as w:
        out = w.ingest([folder], workers=1, enrich=False)
        assert [o.status for o in out] == ["added"] * 3 + ["failed"] + ["added"] * 2
        assert "d3.txt: not stored (constraint failed)" in out[3].error
        assert len(w.documents()) == 5 and not w.store.search_lags()
        assert len(w.kwic("号文件")) == 5 and w.kwic("第3号") == []
    assert consistency(db)["documents"] == 5


def test_a_full_disk_stops_the_run_at_the_first_failure_with_one_message(tmp_path):
    from sqlalchemy import event

    from policyscope.errors import StoreError

    files = [write(tmp_path / "in" / f"f{i}.txt", f"第{i}号。\n" + ZH * 200) for i in range(6)]
    db = tmp_path / "w.db"
    with Workspace(db) as w:
        w.ingest(files[:1])
        with w.store.connect() as conn:
            pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
        w.store.engine.dispose()

        def small_disk(dbapi_conn, _record):  # SQLite's "database or disk is full", on cue
            dbapi_conn.execute(f"PRAGMA max_page_count={pages + 8}")

        event.listen(w.store.engine, "connect", small_disk)
        seen = []
        with pytest.raises(StoreError, match="the disk is full .*run the same ingest again"):
            w.ingest(files[1:], on_result=seen.append)
        assert len([o for o in seen if o.status == "failed"]) == 0  # stopped, not 5 failures
    assert consistency(db)["documents"] >= 1

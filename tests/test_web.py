"""The web app (policyscope.web) over a small workspace: every API endpoint, bad
parameters, paging, escaping of document text, uploads with and without the token."""

from __future__ import annotations

import html
import json
import random
from types import SimpleNamespace

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402

from policyscope.web import create_app  # noqa: E402
from policyscope.web.factory import app_from_env, settings_env  # noqa: E402
from policyscope.web.jobs import Jobs  # noqa: E402
from policyscope.web.render import PAGE_CHARS, annotate  # noqa: E402
from policyscope.workspace import Workspace  # noqa: E402
from tests.builders import write_pdf  # noqa: E402

TOKEN = "test-token-123"
LOCAL = "http://127.0.0.1"  # a Host the app allows (it refuses "testserver")
XSS = "<script>alert(1)</script> <img src=x onerror=alert(1)>"

GWR_2024 = (
    "2024年政府工作报告\n\n大力推进现代化产业体系建设，加快发展新质生产力。\n\n"
    "国内生产总值增长5.2%左右。\n"
)
GWR_2025 = (
    "2025年政府工作报告\n\n2025年3月5日，国务院发布政府工作报告。培育具身智能等未来产业，"
    "发展新质生产力。\n\n今年发展主要预期目标是：国内生产总值增长5%左右。\n"
)
BRIEF = (
    "중국 AI 정책 브리프\n\n2025년 정부업무보고는 具身智能(체화 지능)을 처음 언급했다. "
    "新质生产力도 강조되었다. 보고서는 국내총생산 성장 목표를 5% 안팎으로 제시했다.\n\n"
    f"{XSS}\n"
)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("web")
    files = root / "corpus"
    files.mkdir()
    (files / "gwr2024.zh.txt").write_text(GWR_2024, encoding="utf-8")
    (files / "gwr2025.zh.txt").write_text(GWR_2025, encoding="utf-8")
    (files / "brief.ko.txt").write_text(BRIEF, encoding="utf-8")
    db = root / "ws.db"
    with Workspace(db) as ws:
        for name, key in (("gwr2024.zh.txt", "2024"), ("gwr2025.zh.txt", "2025")):
            ws.ingest(
                [files / name],
                meta={"series": "cn-gwr", "series_key": key, "date": f"{key}-03-05"},
                workers=1,
            )
        ws.ingest(
            [files / "brief.ko.txt"], meta={"title": "brief", "date": "2025-04-01"}, workers=1
        )
        ids = {d.title: d.id for d in ws.documents()}
    return {"db": str(db), "root": root, "ids": ids}


@pytest.fixture(scope="module")
def client(corpus):
    with TestClient(create_app(corpus["db"]), base_url=LOCAL) as c:
        yield c


def _brief(corpus) -> int:
    return corpus["ids"]["brief"]


def _gwr2025(corpus) -> int:
    return corpus["ids"]["2025年政府工作报告"]


# ------------------------------------------------------------------ API: shape


def test_documents(client, corpus):
    r = client.get("/api/v1/documents")
    assert r.status_code == 200
    body = r.json()
    docs = body["items"]
    assert len(docs) == 3 and body["total"] == 3 and body["next_offset"] is None
    assert {"id", "title", "date", "series", "series_key", "language"} <= set(docs[0])
    one = client.get(f"/api/v1/documents/{_brief(corpus)}").json()
    assert one["title"] == "brief" and one["paragraphs"]["items"] and "text" not in one
    assert one["paragraphs"]["total"] == len(one["paragraphs"]["items"])
    with_text = client.get(f"/api/v1/documents/{_brief(corpus)}?text=1&mentions=1").json()
    assert XSS in with_text["text"]
    assert any(m["item_id"] == "embodied_ai" for m in with_text["mentions"])


def test_search_and_paging(client):
    r = client.get("/api/v1/search", params={"q": "具身智能"})
    assert r.status_code == 200
    body = r.json()
    assert {"items", "total", "limit", "offset", "next_offset"} <= set(body)
    assert len(body["items"]) == 2 and "«具身智能»" in body["items"][0]["snippet"]
    assert body["total"] == 2
    p1 = client.get("/api/v1/search", params={"q": "具身智能", "limit": 1}).json()
    assert len(p1["items"]) == 1 and p1["next_offset"] == 1 and p1["total"] == 2
    p2 = client.get("/api/v1/search", params={"q": "具身智能", "limit": 1, "offset": 1}).json()
    assert len(p2["items"]) == 1 and p2["next_offset"] is None
    assert p1["items"][0]["doc_id"] != p2["items"][0]["doc_id"]
    only = client.get("/api/v1/search", params={"q": "具身智能", "series": "cn-gwr"}).json()
    assert [h["series"] for h in only["items"]] == ["cn-gwr"]
    dated = client.get("/api/v1/search", params={"q": "具身智能", "from": "2025-04"}).json()
    assert [h["title"] for h in dated["items"]] == ["brief"]


def test_kwic_and_paging(client):
    body = client.get("/api/v1/kwic", params={"term": "新质生产力", "window": 5}).json()
    assert body["total"] == 3 and len(body["items"]) == 3
    assert all(k["match"] == "新质生产力" and len(k["left"]) <= 5 for k in body["items"])
    p = client.get("/api/v1/kwic", params={"term": "新质生产力", "limit": 2, "offset": 2}).json()
    assert len(p["items"]) == 1 and p["next_offset"] is None
    concept = client.get("/api/v1/kwic", params={"term": "concept:embodied_ai"}).json()
    assert concept["total"] == 2


def test_knowledge(client, corpus):
    concepts = client.get("/api/v1/concepts", params={"q": "具身"}).json()["items"]
    assert concepts[0]["id"] == "embodied_ai" and concepts[0]["mentions"] == 2
    ents = client.get("/api/v1/entities", params={"type": "organization"}).json()["items"]
    assert ents and all(e["type"] == "organization" for e in ents)
    rows = client.get("/api/v1/mentions/embodied_ai").json()["items"]
    assert {r["doc_id"] for r in rows} == {_brief(corpus), _gwr2025(corpus)}


def test_facts_timeline_targets_conflicts(client, corpus):
    facts = client.get("/api/v1/facts").json()["items"]
    assert any(f["value"] == "5.2" and f["unit"] == "%" for f in facts)
    params = {"doc": _gwr2025(corpus), "kind": "target"}
    mine = client.get("/api/v1/facts", params=params).json()["items"]
    assert [f["value"] for f in mine] == ["5"]
    events = client.get("/api/v1/timeline").json()["items"]
    assert isinstance(events, list) and all("date" in e and "quote" in e for e in events)
    targets = client.get("/api/v1/targets").json()["items"]
    assert targets and targets[0]["metric"] == "gdp_growth"
    assert client.get("/api/v1/conflicts").status_code == 200


def test_trend_first_verify(client, corpus):
    t = client.get("/api/v1/trend", params={"terms": "具身智能,新质生产力", "series": "cn-gwr"})
    assert t.status_code == 200
    body = t.json()
    counts = {(r["term"], r["series_key"]): r["count"] for r in body["rows"]}
    assert counts[("具身智能", "2024")] == 0 and counts[("具身智能", "2025")] == 1
    assert "2023" in body["missing"] and body["warning"]
    first = client.get("/api/v1/first", params={"terms": "具身智能", "series": "cn-gwr"})
    assert first.status_code == 200
    v = client.get("/api/v1/verify", params={"doc": _brief(corpus)}).json()["items"]
    assert any(x["claim_type"] == "first_appearance" and x["verdict"] == "supported" for x in v)


def test_openapi(client):
    spec = client.get("/api/v1/openapi.json").json()
    for path in ("/api/v1/search", "/api/v1/kwic", "/api/v1/trend", "/api/v1/ingest"):
        assert path in spec["paths"]


# ------------------------------------------------------------------ API: bad parameters


@pytest.mark.parametrize(
    "url,status",
    [
        ("/api/v1/search", 400),  # q missing
        ("/api/v1/search?q=x&limit=0", 400),
        ("/api/v1/search?q=x&limit=abc", 400),
        ("/api/v1/search?q=x&offset=-1", 400),
        ("/api/v1/search?q=x&lang=xx", 400),
        ("/api/v1/search?q=x&from=yesterday", 400),
        ("/api/v1/kwic?term=x&window=-1", 400),
        ("/api/v1/kwic?term=concept:no_such_thing", 404),
        ("/api/v1/documents/9999", 404),
        ("/api/v1/mentions/no_such_thing", 404),
        ("/api/v1/trend?terms=x", 400),  # series missing
        ("/api/v1/trend?terms=,&series=cn-gwr", 400),
        ("/api/v1/trend?terms=x&series=cn-gwr&rule=bogus", 400),
        ("/api/v1/verify", 400),
        ("/api/v1/facts?doc=9999", 404),
        ("/api/v1/nowhere", 404),
    ],
)
def test_bad_parameters(client, url, status):
    r = client.get(url)
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    assert isinstance(r.json()["error"], str) and r.json()["error"]


# ------------------------------------------------------------------ pages


def test_reader_escapes_document_text(client, corpus):
    r = client.get(f"/doc/{_brief(corpus)}")
    assert r.status_code == 200
    page = r.text
    assert "<script>alert(1)</script>" not in page
    assert "<img src=x onerror=alert(1)>" not in page
    assert "onerror=alert(1)>" not in page
    assert html.escape("<script>alert(1)</script>", quote=False) in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "Content-Security-Policy" in r.headers


def test_reader_links_mentions_and_lists_figures(client, corpus):
    page = client.get(f"/doc/{_gwr2025(corpus)}?hl=37-41").text
    assert 'href="/item/embodied_ai"' in page and ">具身智能</a>" in page
    assert 'id="hl"' in page
    assert "今年发展主要预期目标是" in page and "gdp_growth" in page


def test_reader_pages_a_long_document(tmp_path):
    """A long document is shown in pages of whole paragraphs; a highlight opens its page."""
    paras = [f"第{i}段。" + "发展新质生产力，培育具身智能等未来产业。" * 60 for i in range(120)]
    text = "\n\n".join(paras) + "\n"
    f = tmp_path / "long.zh.txt"
    f.write_text(text, encoding="utf-8")
    with Workspace(tmp_path / "w.db") as ws:
        (out,) = ws.ingest([f], workers=1)
        doc = out.doc_id
    size = sum(len(p) for p in paras)
    with TestClient(create_app(str(tmp_path / "w.db")), base_url=LOCAL) as c:
        first = c.get(f"/doc/{doc}").text
        assert "第0段" in first and "第119段" not in first
        n_pages = int(first.split("Page 1 of ")[1].split("<")[0])
        assert n_pages >= size // PAGE_CHARS
        assert 'rel="next"' in first and 'rel="prev"' not in first
        assert 'href="/item/embodied_ai"' in first  # mentions are marked on every page
        last = c.get(f"/doc/{doc}?p={n_pages}").text
        assert "第119段" in last and "第0段" not in last and 'rel="next"' not in last
        # every paragraph is on exactly one page
        seen = [c.get(f"/doc/{doc}?p={k}").text for k in range(1, n_pages + 1)]
        for i in (0, 1, 57, 118, 119):
            assert sum(f"第{i}段" in page for page in seen) == 1
        start = text.index("第100段")
        hl = c.get(f"/doc/{doc}?hl={start}-{start + 5}").text
        assert '<mark id="hl">第100段' in hl.replace("\n", "") and "第0段" not in hl
        assert c.get(f"/doc/{doc}?p={n_pages + 1}").status_code == 404
        assert c.get(f"/doc/{doc}?p=x").status_code == 400


def test_pages_render(client, corpus):
    for url in (
        "/",
        "/?q=具身智能",
        "/docs",
        "/items",
        "/item/embodied_ai",
        "/kwic?term=具身智能",
        f"/kwic?term=concept:embodied_ai&doc={_brief(corpus)}",
        "/trends",
        "/trends?terms=具身智能,新质生产力&series=cn-gwr",
        "/facts",
        "/timeline",
        "/verify",
        f"/verify?doc={_brief(corpus)}",
        "/upload",
    ):
        r = client.get(url)
        assert r.status_code == 200, url
        assert r.headers["content-type"].startswith("text/html")
    hits = client.get("/?q=具身智能").text
    assert "<mark>具身智能</mark>" in hits and "/doc/" in hits
    assert "supported" in client.get(f"/verify?doc={_brief(corpus)}").text


def test_trend_chart_points_link_to_kwic(client, corpus):
    page = client.get("/trends?terms=具身智能,新质生产力&series=cn-gwr").text
    assert "<svg" in page and 'class="point"' in page
    assert f"/kwic?term=%E5%85%B7%E8%BA%AB%E6%99%BA%E8%83%BD&amp;doc={_gwr2025(corpus)}" in page
    assert "<th>Series key</th><th>Counting rule</th>" in page
    # a concept term is counted by its mentions whatever rule the form shows
    mixed = client.get("/trends?terms=具身智能,concept:embodied_ai&series=cn-gwr").text
    assert "<td>2025</td><td>literal</td>" in mixed and "<td>2025</td><td>concept</td>" in mixed


def test_page_errors_are_html(client):
    r = client.get("/doc/9999")
    assert r.status_code == 404 and "text/html" in r.headers["content-type"]
    assert client.get("/item/no_such_thing").status_code == 404
    assert client.get("/?q=x&from=soon").status_code == 400


def test_interface_language(client):
    assert "검색" in client.get("/", headers={"Accept-Language": "ko-KR,ko;q=0.9,en;q=0.8"}).text
    assert ">Search<" in client.get("/", headers={"Accept-Language": "en-US,en"}).text
    r = client.get("/?lang=ko", headers={"Accept-Language": "en"})
    assert 'lang="ko"' in r.text and "ps_ui_lang" in r.headers.get("set-cookie", "")
    assert 'lang="en"' in client.get("/?lang=en").text


# ------------------------------------------------------------------ upload


def test_upload_refused_without_configured_token(client):
    files = {"file": ("x.txt", "具身智能".encode(), "text/plain")}
    r = client.post("/api/v1/ingest", files=files, headers={"Authorization": "Bearer anything"})
    assert r.status_code == 403 and "error" in r.json()


@pytest.fixture()
def writable(tmp_path):
    with Workspace(tmp_path / "w.db") as ws:
        ws.store.counts()
    up = tmp_path / "uploads"
    with TestClient(
        create_app(str(tmp_path / "w.db"), token=TOKEN, upload_dir=up, max_upload=4096),
        base_url=LOCAL,
    ) as c:
        yield c, up


def test_upload_with_token_then_searchable(writable):
    client, up = writable
    text = "2025年3月5日发布。培育具身智能等未来产业，发展新质生产力。\n".encode()
    files = {"file": ("../../etc/evil name?.txt", text, "text/plain")}
    auth = {"Authorization": f"Bearer {TOKEN}"}
    r = client.post("/api/v1/ingest", files=files, data={"series": "test"}, headers=auth)
    assert r.status_code == 202, r.text
    body = r.json()
    assert r.headers["location"] == body["status_url"] == f"/api/v1/jobs/{body['id']}"
    client.app.state.web.jobs.wait(body["id"])
    job = client.get(body["status_url"]).json()
    assert job["status"] == "done", job
    assert job["outcomes"][0]["status"] == "added"
    stored = [p for p in up.iterdir() if not p.name.startswith(".")]  # .jobs: job states
    assert len(stored) == 1 and stored[0].name == body["stored_as"]
    assert "/" not in body["stored_as"] and " " not in body["stored_as"]
    assert body["stored_as"].endswith("evil_name.txt")
    hits = client.get("/api/v1/search", params={"q": "具身智能"}).json()["items"]
    assert hits and hits[0]["series"] == "test"


@pytest.mark.parametrize(
    "headers,status",
    [({}, 401), ({"Authorization": "Bearer wrong"}, 401), ({"Authorization": TOKEN}, 401)],
)
def test_upload_without_right_token(writable, headers, status):
    client, up = writable
    files = {"file": ("a.txt", "具身智能".encode(), "text/plain")}
    r = client.post("/api/v1/ingest", files=files, headers=headers)
    assert r.status_code == status and "error" in r.json()
    assert not up.exists() or not list(up.iterdir())


def test_upload_limits(writable):
    client, up = writable
    auth = {"Authorization": f"Bearer {TOKEN}"}
    exe = client.post("/api/v1/ingest", files={"file": ("x.exe", b"MZ", "x")}, headers=auth)
    assert exe.status_code == 415
    big = client.post(
        "/api/v1/ingest", files={"file": ("big.txt", b"a" * 5000, "text/plain")}, headers=auth
    )
    assert big.status_code == 413
    empty = client.post(
        "/api/v1/ingest", files={"file": ("e.txt", b"", "text/plain")}, headers=auth
    )
    assert empty.status_code == 400
    assert not up.exists() or not list(up.iterdir())


def test_kwic_page_says_which_pdf_page(tmp_path):
    pdf = write_pdf(tmp_path / "r.pdf", [["第一页 算力基础设施"], ["第二页 人工智能+行动方案"]])
    db = tmp_path / "pdf.db"
    with Workspace(db) as ws:
        ws.ingest([pdf], workers=1)
    with TestClient(create_app(str(db)), base_url=LOCAL) as c:
        en = c.get("/kwic", params={"term": "人工智能"}, headers={"Accept-Language": "en"})
        ko = c.get("/kwic", params={"term": "算力"}, headers={"Accept-Language": "ko"})
        hit = c.get("/", params={"q": "人工智能"}, headers={"Accept-Language": "en"})
    assert en.status_code == 200 and '<span class="page">p. 2</span>' in en.text
    assert ko.status_code == 200 and '<span class="page">1쪽</span>' in ko.text
    assert hit.status_code == 200 and "p. 2</span>" in hit.text


def test_annotate_matches_a_character_by_character_reference():
    """The boundary-based annotate gives the same pieces as marking every character."""

    def reference(text, start, end, spans, hl, facts):
        n = end - start
        item = [None] * n
        for s in spans:
            a, b = max(s.start, start), min(s.end, end)
            if a < b and all(x is None for x in item[a - start : b - start]):
                for i in range(a - start, b - start):
                    item[i] = (s.item_id, s.kind)
        marked = [hl is not None and hl[0] <= start + i < hl[1] for i in range(n)]
        fact = [any(a <= start + i < b for a, b in facts) for i in range(n)]
        out, prev = [], None
        for i in range(n):
            key = (item[i], marked[i], fact[i])
            if key != prev:
                it = item[i]
                out.append([it[0] if it else None, it[1] if it else None, marked[i], fact[i], ""])
                prev = key
            out[-1][4] += text[start + i]
        return out

    rng = random.Random(7)
    text = "".join(rng.choice("甲乙丙丁abc ") for _ in range(400))
    for _ in range(300):  # up to 20 spans, overlapping often
        start, end = sorted(rng.sample(range(401), 2))
        raw = []
        for _ in range(rng.randrange(20)):
            a = rng.randrange(400)
            raw.append(
                SimpleNamespace(
                    start=a, end=a + rng.randrange(1, 9), item_id=f"i{a}", kind="concept"
                )
            )
        spans = sorted(raw, key=lambda s: (s.start, -(s.end - s.start)))
        a = rng.randrange(400)
        hl = (a, a + rng.randrange(0, 30)) if rng.random() < 0.5 else None
        facts = [(x, x + rng.randrange(1, 6)) for x in rng.sample(range(400), rng.randrange(4))]
        got = [
            [p.item, p.kind, p.hl, p.fact, p.text]
            for p in annotate(text, start, end, spans, hl, facts)
        ]
        assert got == reference(text, start, end, spans, hl, facts)


# ------------------------------------------------------------------ paging, drill-down, home


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    """One document with 250 occurrences of a term: more than two KWIC pages."""
    root = tmp_path_factory.mktemp("many")
    body = "\n\n".join(
        f"第{i}段：发展新质生产力，推进数字经济。国内生产总值增长{i % 9}.5%。" for i in range(250)
    )
    (root / "m.zh.txt").write_text(body + "\n", encoding="utf-8")
    db = root / "m.db"
    with Workspace(db) as ws:
        ws.ingest([root / "m.zh.txt"], meta={"series": "s", "series_key": "2025"}, workers=1)
    with TestClient(create_app(str(db)), base_url=LOCAL) as c:
        yield c


def test_kwic_page_shows_the_true_total_and_pages(many):
    first = many.get("/kwic", params={"term": "数字经济"}, headers={"Accept-Language": "en"})
    assert first.status_code == 200
    assert "1–100 of 250" in first.text and first.text.count("<mark>数字经济</mark>") == 100
    assert 'rel="next" href="/kwic?term=%E6%95%B0%E5%AD%97%E7%BB%8F%E6%B5%8E&amp;offset=100"' in (
        first.text
    )
    last = many.get("/kwic", params={"term": "数字经济", "offset": 200, "lang": "ko"})
    assert "201–250 / 전체 250" in last.text and 'rel="next"' not in last.text
    assert last.text.count("<mark>数字经济</mark>") == 50
    api = many.get("/api/v1/kwic", params={"term": "数字经济", "limit": 200}).json()
    assert api["total"] == 250 and len(api["items"]) == 200 and api["next_offset"] == 200


def test_every_list_has_total_and_a_hard_maximum(many):
    for url in (
        "/api/v1/facts",
        "/api/v1/timeline",
        "/api/v1/targets",
        "/api/v1/conflicts",
        "/api/v1/documents",
        "/api/v1/concepts",
        "/api/v1/entities",
    ):
        body = many.get(url, params={"limit": 200}).json()
        assert {"items", "total", "limit", "offset", "next_offset"} <= set(body), url
        assert len(body["items"]) == min(body["total"], 200)
        assert many.get(url, params={"limit": 201}).status_code == 400


def test_streamed_exports_hold_every_row(many):
    total = many.get("/api/v1/facts").json()["total"]
    assert total > 100
    csv_rows = many.get("/api/v1/export/facts.csv").text.strip().splitlines()
    assert len(csv_rows) == total + 1 and "doc_id" in csv_rows[0]
    jsonl = many.get("/api/v1/export/facts.jsonl")
    assert jsonl.headers["content-type"].startswith("application/x-ndjson")
    lines = [json.loads(x) for x in jsonl.text.splitlines()]
    assert len(lines) == total and all("start" in x for x in lines)


@pytest.mark.parametrize("rule,term", [("token", "新质生产力"), ("concept", "concept:embodied_ai")])
def test_trend_counts_open_the_lines_they_counted(client, rule, term):
    t = client.get("/api/v1/trend", params={"terms": term, "series": "cn-gwr", "rule": rule})
    rows = [r for r in t.json()["rows"] if r["count"]]
    assert rows
    for r in rows:
        lines = client.get(r["kwic_url"]).json()
        assert lines["total"] == r["count"], (r, lines["total"])
        assert "rule=" + rule in r["kwic_url"]
    page = client.get("/trends", params={"terms": term, "series": "cn-gwr", "rule": rule}).text
    assert f"rule={rule}" in page


def test_figures_targets_conflicts_link_to_their_spans(client, corpus):
    targets = client.get("/facts", params={"show": "targets", "lang": "ko"}).text
    assert "<h1>목표</h1>" in targets
    assert f'href="/doc/{_gwr2025(corpus)}?hl=' in targets
    facts = client.get("/facts", params={"lang": "en"}).text
    assert 'href="/doc/' in facts and "?hl=" in facts and "1–" in facts
    # metrics by name in the interface language, the id kept as a tooltip
    assert '<td title="gdp_growth">GDP growth' in facts
    assert '<td title="gdp_growth">경제성장률' in client.get("/facts", params={"lang": "ko"}).text
    conflicts = client.get("/facts", params={"show": "conflicts", "lang": "en"})
    assert conflicts.status_code == 200 and "<h1>Conflicts</h1>" in conflicts.text


def test_home_page_shows_the_corpus_at_a_glance(client):
    home = client.get("/", params={"lang": "en"}).text
    assert "3 documents" in home and "cn-gwr" in home and "Recently added" in home
    assert "/item/embodied_ai" in home  # a top concept
    assert 'href="/kwic?term=' in home  # example queries
    ko = client.get("/", params={"lang": "ko"}).text
    assert "최근 추가" in ko and "가장 많이 언급된 개념" in ko


def test_a_job_is_visible_to_every_worker_process(tmp_path, monkeypatch):
    """Workers of `serve --workers N` share job states through files; the factory builds
    each worker's app from the environment `serve` sets."""
    db = tmp_path / "w.db"
    Workspace(db).close()
    src = tmp_path / "a.txt"
    src.write_text("2025年3月5日。培育具身智能等未来产业。\n", encoding="utf-8")
    one, other = Jobs(str(db), tmp_path / ".jobs"), Jobs(str(db), tmp_path / ".jobs")
    try:
        job = one.submit(str(src), "a.txt", {})
        assert one.wait(job.id).status == "done"
        seen = other.get(job.id)
        assert seen.status == "done" and seen.outcomes[0]["status"] == "added"
        assert other.get(job.id + 1) is None
    finally:
        one.close()
    env = settings_env(db=str(db), token=TOKEN, read_token=None, allowed_hosts=["team.lan"])
    monkeypatch.setenv(*next(iter(env.items())))
    with TestClient(app_from_env(), base_url="http://team.lan") as c:
        assert c.get("/api/v1/documents").json()["total"] == 1
    with TestClient(app_from_env(), base_url=LOCAL) as c:
        assert c.get("/api/v1/documents").status_code == 400  # not in its allowed hosts

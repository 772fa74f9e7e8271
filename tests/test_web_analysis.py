"""The analysis pages and their JSON twins: ledger, first appearance, compare, co-occurrence,
frequent terms, candidates, briefing download; paging with totals, links from every count to
the lines it counted, and search snippets marked from explicit parts (« » in a text stay
text)."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402

from policyscope.web import create_app  # noqa: E402
from policyscope.workspace import Workspace  # noqa: E402
from tests.test_web import BRIEF, GWR_2024, GWR_2025, LOCAL  # noqa: E402

QUOTED = "引文«具身智能»与原文。\n\n培育具身智能等未来产业，«注»不是命中。\n"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("analysis")
    texts = {"gwr2024.zh.txt": GWR_2024, "gwr2025.zh.txt": GWR_2025, "brief.ko.txt": BRIEF}
    texts["quoted.zh.txt"] = QUOTED
    for name, text in texts.items():
        (root / name).write_text(text, encoding="utf-8")
    db = root / "ws.db"
    with Workspace(db) as ws:
        for key in ("2024", "2025"):
            meta = {"series": "cn-gwr", "series_key": key, "date": f"{key}-03-05"}
            ws.ingest([root / f"gwr{key}.zh.txt"], meta=meta, workers=1)
        ws.ingest([root / "brief.ko.txt"], meta={"title": "brief"}, workers=1)
        ws.ingest([root / "quoted.zh.txt"], meta={"title": "quoted"}, workers=1)
        ids = {d.title: d.id for d in ws.documents()}
    return {"db": str(db), "ids": ids}


@pytest.fixture(scope="module")
def client(store):
    with TestClient(create_app(store["db"]), base_url=LOCAL) as c:
        yield c


def _gwr(store, year: str) -> int:
    return store["ids"][f"{year}年政府工作报告"]


def test_compare_api_and_page(client, store):
    a, b = _gwr(store, "2024"), _gwr(store, "2025")
    body = client.get("/api/v1/compare", params={"a": a, "b": b, "limit": 2}).json()
    assert body["doc_a"] == a and body["doc_b"] == b
    assert set(body["totals"]) == {"new_in_b", "dropped_from_a", "rising", "falling"}
    assert body["totals"]["new_in_b"] >= 1 and len(body["new_in_b"]) <= 2
    new = [r["term"] for r in body["new_in_b"]]
    assert body["new_in_b"][0]["kwic_url"].startswith("/kwic?")
    page = client.get("/compare", params={"a": a, "b": b})
    assert page.status_code == 200 and new[0] in page.text
    assert client.get("/compare", params={"a": a}).status_code == 400  # one document only
    assert client.get("/api/v1/compare", params={"a": "²", "b": b}).status_code == 400


def test_terms_page_and_api(client, store):
    doc = _gwr(store, "2025")
    api = client.get("/api/v1/terms", params={"doc": doc, "limit": 3}).json()
    assert len(api["items"]) == 3 and api["total"] > 3 and api["next_offset"] == 3
    top = api["items"][0]
    page = client.get("/terms", params={"doc": doc}).text
    assert f"1–{min(api['total'], 100)} of {api['total']:,}" in page
    # the count opens the lines the token rule counted, in that document
    link = re.search(r'<a href="(/kwic\?[^"]+)">' + str(top["count"]) + "<", page)
    assert link and "rule=token" in link.group(1) and f"doc={doc}" in link.group(1)
    lines = client.get(link.group(1).replace("&amp;", "&")).text
    assert f"of {top['count']:,}" in lines


def test_cooc_api_and_network(client):
    api = client.get("/api/v1/cooc", params={"term": "具身智能", "min_count": 1}).json()
    assert api["total"] == len(api["items"]) and api["total"] >= 1
    page = client.get("/cooc", params={"term": "具身智能"})
    assert page.status_code == 200
    bad = client.get("/api/v1/cooc", params={"term": "x", "measure": "bad"})
    assert bad.status_code == 400 and "measure" in bad.json()["error"]


def test_first_appearance_page(client):
    page = client.get("/first", params={"terms": "具身智能,新质生产力", "series": "cn-gwr"})
    assert page.status_code == 200
    assert re.search(r"具身智能</td>\s*<td><a href=\"/doc/\d+\">2025</a>", page.text)
    assert re.search(r"新质生产力</td>\s*<td><a href=\"/doc/\d+\">2024</a>", page.text)


def test_ledger_api_and_page(client):
    api = client.get("/api/v1/ledger", params={"series": "cn-gwr"}).json()
    assert {"items", "total", "years", "next_offset"} <= set(api)
    assert api["total"] == len(api["items"])
    for row in api["items"]:
        for cell in row["cells"].values():
            for side in ("target", "actual"):
                if cell.get(side):
                    assert cell[side]["url"].startswith("/doc/")
    assert client.get("/ledger").status_code == 200
    assert client.get("/api/v1/ledger", params={"from": "2025-02-31"}).status_code == 400


def test_candidates_need_a_scope(client, store):
    refused = client.get("/api/v1/candidates")
    assert refused.status_code == 400 and "doc or series" in refused.json()["error"]
    ok = client.get("/api/v1/candidates", params={"series": "cn-gwr", "min_count": 1}).json()
    assert ok["total"] == len(ok["items"])
    assert all(r["url"].startswith("/doc/") for r in ok["items"] if r.get("doc_id"))
    assert client.get("/candidates").status_code == 200


def test_report_download(client):
    r = client.get("/api/v1/report", params={"format": "md", "lang": "ko"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/markdown")
    assert 'attachment; filename="policyscope-briefing.ko.md"' == r.headers["content-disposition"]
    assert len(r.content) > 100
    assert client.get("/api/v1/report", params={"format": "exe"}).status_code == 400
    form = client.get("/report").text
    assert 'action="/api/v1/report"' in form and "docx" in form


def test_search_parts_keep_guillemets_as_text(client):
    body = client.get("/api/v1/search", params={"q": "具身智能"}).json()
    quoted = [h for h in body["items"] if h["title"] == "quoted"]
    assert quoted, body
    marked = [p["text"] for p in quoted[0]["parts"] if p["match"]]
    assert marked and set(marked) == {"具身智能"}
    text = "".join(p["text"] for p in quoted[0]["parts"])
    assert "«" in text and "»" in text  # the document's own marks, not match markers
    page = client.get("/", params={"q": "具身智能"}).text
    assert "«<mark>具身智能</mark>»" in page and "«注»" in page


def test_analysis_pages_in_korean(client):
    for path in ("/ledger", "/compare", "/cooc", "/terms", "/candidates", "/first", "/report"):
        ko = client.get(path, params={"lang": "ko"})
        assert ko.status_code == 200 and '<html lang="ko">' in ko.text, path
    assert "목표 대장" in client.get("/ledger", params={"lang": "ko"}).text


def test_figures_targets_conflicts_link_to_their_spans(client):
    facts = client.get("/api/v1/facts").json()["items"]
    assert facts and all(
        f["url"] == f"/doc/{f['doc_id']}?hl={f['start']}-{f['end']}#hl" for f in facts
    )
    targets = client.get("/api/v1/targets").json()["items"]
    assert targets, "the two reports state growth targets"
    for t in targets:
        assert t["target_url"].startswith(f"/doc/{t['target_doc_id']}?hl=")
        assert (t["actual_url"] is None) == (t["actual_doc_id"] is None)
    reader = client.get(targets[0]["target_url"])
    assert reader.status_code == 200 and 'id="hl"' in reader.text
    assert reader.text.count('id="hl"') == 1


def test_labels_instead_of_raw_ids(client):
    facts = client.get("/facts", params={"lang": "en"}).text
    assert re.search(r'<td><a href="/item/china" title="china">China</a></td>', facts)
    targets = client.get("/facts", params={"show": "targets", "lang": "ko"}).text
    assert '<a href="/item/china" title="china">중국</a>' in targets

"""Browser flows over the real shared corpus (cn-gwr + seeds), served by the web app:
search -> reader -> highlighted mention -> concept page; concept trend point -> KWIC;
verify a seed brief; upload refused without the token, accepted with it, then findable.
Every page visited is saved as test-artifacts/corpus-<step>.png. Skips without the shared
corpus, playwright or chromium (reuses the launch helpers of tests/test_web_browser.py)."""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path

import httpx
import pytest

pytest.importorskip("fastapi")
uvicorn = pytest.importorskip("uvicorn")

from policyscope.web.app import create_app  # noqa: E402
from policyscope.workspace import Workspace  # noqa: E402
from tests import test_web_browser as _tb  # noqa: E402
from tests.test_web_browser import ARTIFACTS, CHROMIUM, _free_port  # noqa: E402

# the Playwright fixtures of the browser tests, reused as they are (chromium launch flags,
# fresh context per test, failing on page errors and dialogs)
browser = _tb.browser
page = _tb.page

TOKEN = "corpus-token"
SEED = "004_baff780838081e41.txt"
RARE = "量子测试词"


def shot(pg, step: str) -> None:
    pg.screenshot(path=str(ARTIFACTS / f"corpus-{step}.png"), full_page=True)


@pytest.fixture(scope="module")
def corpus_db(shared_dir, tmp_path_factory) -> Path:
    """The real corpus and seeds, ingested once for the module."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no chromium at {CHROMIUM}")
    db = tmp_path_factory.mktemp("corpus") / "ws.db"
    with Workspace(db) as ws:
        ws.ingest([shared_dir / "corpus"], manifest=shared_dir / "corpus" / "MANIFEST.tsv")
        ws.ingest([shared_dir / "seeds"])
    return db


@pytest.fixture(scope="module")
def server(corpus_db):
    port = _free_port()
    app = create_app(str(corpus_db), token=TOKEN, upload_dir=corpus_db.parent / "uploads")
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


def test_search_to_reader_to_concept(server, page):
    page.goto(server + "/")
    page.fill("input[name=q]", "具身智能")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_selector(".hit")
    shot(page, "1-search")
    # the 2025 Government Work Report among the hits, with the term marked in its snippet
    gwr = page.locator(".hit").filter(has=page.locator(".meta", has_text="cn-gwr 2025"))
    assert gwr.count() == 1, page.locator(".hits").inner_text()
    assert gwr.locator(".snippet mark").first.inner_text() == "具身智能"
    assert "政府工作报告 2025" in gwr.locator("a.title").inner_text()
    gwr.locator("a.title").click()

    page.wait_for_selector("article.reader")
    assert "cn-gwr 2025" in page.locator(".reader .meta").inner_text()
    hl = page.locator("mark#hl")
    assert hl.is_visible()  # scrolled into view by app.js
    assert hl.inner_text() == "具身智能"
    mention = hl.locator("a.mention[data-item=embodied_ai]")
    assert mention.is_visible()
    shot(page, "1-reader")
    mention.click()

    page.wait_for_url("**/item/embodied_ai")
    assert "embodied_ai" in page.locator("h1").inner_text()
    # <dl>: labels (one span.label per language), then variants; NIA writes 신체화 AI (the
    # Korean label), KIET 임바디드 인텔리전스 (a variant)
    labels = page.locator("dl > dd").nth(0).locator("span.label").all_inner_texts()
    assert "ko: 신체화 AI" in labels and "zh: 具身智能" in labels, labels
    assert page.locator("dl > dt").nth(1).inner_text() in ("Variants", "변이형")
    variants = page.locator("dl > dd").nth(1).inner_text().split(" · ")
    assert "임바디드 인텔리전스" in variants and "신체화AI" in variants, variants
    rows = page.locator("table tbody tr")
    assert rows.count() >= 3  # the report and both seed briefs
    table = page.locator("table").inner_text()
    assert "政府工作报告 2025" in table and "2025 중국 양회" in table, table
    gwr_row = rows.filter(has_text="cn-gwr 2025")
    assert gwr_row.locator("td.num a").inner_text() == "1"
    assert gwr_row.locator("td").last.inner_text() == "具身智能"
    shot(page, "1-item")


def test_concept_trend_point_to_kwic(server, page):
    page.goto(server + "/trends?terms=concept:embodied_ai&series=cn-gwr")
    page.wait_for_selector("#trend-chart a.point")
    keys = page.locator("#trend-chart a.point").evaluate_all("els => els.map(e => e.dataset.key)")
    assert "2025" in keys and "2014" in keys, keys
    shot(page, "2-trends")
    point = page.locator('#trend-chart a.point[data-term="concept:embodied_ai"][data-key="2025"]')
    point.click()
    page.wait_for_url("**/kwic?**")
    page.wait_for_selector("table.kwic tr")
    lines = page.locator("table.kwic tbody tr")
    assert lines.count() == 1, page.locator("table.kwic").inner_text()
    assert "2025" in lines.locator("td.src").inner_text()
    assert lines.locator("td.match mark").inner_text() == "具身智能"
    assert "具身智能" in lines.inner_text()
    shot(page, "2-kwic")


def test_verify_seed(server, page):
    page.goto(server + "/verify")
    option = page.locator("select[name=doc] option", has_text="2025 중국 양회")
    page.select_option("select[name=doc]", value=option.get_attribute("value"))
    page.click("form.bar button")
    page.wait_for_selector("table.verdicts td.verdict")
    verdicts = page.locator("td.verdict").all_inner_texts()
    assert "supported" in verdicts and "contradicted" in verdicts, verdicts
    ai9 = page.locator("table.verdicts tr.contradicted", has_text="AI가 9번 언급")
    assert ai9.count() == 1
    assert ai9.locator("td.verdict").inner_text() == "contradicted"
    assert ai9.locator("td").last.inner_text().strip()  # some evidence is shown
    assert ai9.locator("td a").first.get_attribute("href").startswith("/doc/")
    shot(page, "3-verify")


def test_upload_needs_token_then_searchable(server, page, tmp_path):
    f = tmp_path / "quantum-note.txt"
    f.write_text(
        f"测试说明：本文件只为检验上传功能而写，其中包含一个罕见的词「{RARE}」，别处不会出现。\n",
        encoding="utf-8",
    )
    page.goto(server + "/upload?lang=en")
    page.set_input_files("input[name=file]", str(f))
    # an empty token is stopped by the browser (required field) before anything is sent
    page.click("#upload button[type=submit]")
    assert page.locator("input[name=token]").evaluate("e => e.validity.valueMissing")
    assert page.locator("#upload-result").inner_text() == ""
    # a client that skips that check still gets a visible refusal from the server
    page.locator("input[name=token]").evaluate("e => e.removeAttribute('required')")
    page.click("#upload button[type=submit]")
    page.wait_for_selector("#upload-result.error")
    refused = page.locator("#upload-result").inner_text()
    assert "401" in refused and "token" in refused, refused
    assert page.locator("#upload-result").is_visible()
    shot(page, "4-upload-refused")
    page.goto(server + f"/?q={RARE}")
    assert page.locator(".hit").count() == 0  # nothing was added

    page.goto(server + "/upload?lang=en")
    page.set_input_files("input[name=file]", str(f))
    page.fill("input[name=token]", TOKEN)
    page.fill("input[name=title]", "upload probe")
    page.click("#upload button[type=submit]")
    page.wait_for_selector("#upload-result.ok")
    assert "added" in page.locator("#upload-result").inner_text()
    link = page.locator("#upload-result a")
    assert link.get_attribute("href").startswith("/doc/")
    shot(page, "4-upload-ok")

    page.goto(server + "/")
    page.fill("input[name=q]", RARE)
    page.click("form[role=search] button[type=submit]")
    page.wait_for_selector(".hit")
    hits = page.locator(".hit")
    assert hits.count() == 1
    assert hits.locator("a.title").inner_text() == "upload probe"
    assert hits.locator(".snippet mark").inner_text() == RARE
    shot(page, "4-search")
    hits.locator("a.title").click()
    page.wait_for_selector("mark#hl")
    assert page.locator("mark#hl").inner_text() == RARE
    shot(page, "4-reader")


def test_no_answer_above_1mb_and_the_kwic_page_tells_the_true_total(server):
    """The big lists of the real corpus come in pages under 1 MB; the KWIC page says the
    same total the API counts; the linker finds no Chongqing in 隆重庆祝 (5 times in the
    reports) and nothing inside an e-mail address."""
    big = [
        "/facts",
        "/facts?show=targets",
        "/facts?show=conflicts",
        "/api/v1/facts?limit=200",
        "/api/v1/conflicts?limit=200",
        "/api/v1/targets?limit=200",
        "/api/v1/timeline?limit=200",
        "/kwic?term=发展",
        "/api/v1/kwic?term=发展&limit=200",
        "/api/v1/documents?limit=200",
        "/timeline",
        "/items",
        "/docs",
    ]
    with httpx.Client(base_url=server, timeout=120) as c:
        for url in big:
            r = c.get(url)
            assert r.status_code == 200 and len(r.content) < 1_000_000, (url, len(r.content))
        total = c.get("/api/v1/kwic", params={"term": "发展", "limit": 1}).json()["total"]
        assert total > 1000
        page = c.get("/kwic", params={"term": "发展", "lang": "en"}).text
        assert f"1–100 of {total:,}" in page
        chongqing = c.get("/api/v1/kwic", params={"term": "entity:chongqing", "limit": 200})
        assert all(
            "隆重庆祝" not in (k["left"][-1:] + k["match"] + k["right"][:1])
            and not (k["left"].endswith("隆") and k["right"].startswith("祝"))
            for k in chongqing.json()["items"]
        )
        nia = c.get("/api/v1/kwic", params={"term": "entity:nia", "limit": 200}).json()["items"]
        assert not [k for k in nia if re.search(r"@$", k["left"])], nia

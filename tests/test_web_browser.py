"""Browser flows over the web app with Playwright and the system Chromium: search, open
the document, see the highlighted mention, follow it; trend point -> KWIC; verify; upload.
Screenshots go to test-artifacts/ (gitignored). Skips when playwright or chromium is missing
(never downloads a browser)."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
sync_api = pytest.importorskip("playwright.sync_api")
uvicorn = pytest.importorskip("uvicorn")

from policyscope.web import create_app  # noqa: E402
from policyscope.workspace import Workspace  # noqa: E402
from tests.test_web import BRIEF, GWR_2024, GWR_2025  # noqa: E402

CHROMIUM = os.environ.get("POLICYSCOPE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
TOKEN = "browser-token"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no chromium at {CHROMIUM}")
    root = tmp_path_factory.mktemp("browser")
    for name, text in (("gwr2024.zh.txt", GWR_2024), ("gwr2025.zh.txt", GWR_2025)):
        (root / name).write_text(text, encoding="utf-8")
    (root / "brief.ko.txt").write_text(BRIEF, encoding="utf-8")
    db = root / "ws.db"
    with Workspace(db) as ws:
        for key in ("2024", "2025"):
            ws.ingest(
                [root / f"gwr{key}.zh.txt"],
                meta={"series": "cn-gwr", "series_key": key, "date": f"{key}-03-05"},
                workers=1,
            )
        ws.ingest([root / "brief.ko.txt"], meta={"title": "brief"}, workers=1)
    port = _free_port()
    app = create_app(str(db), token=TOKEN, upload_dir=root / "uploads")
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(100):
        if srv.started:
            break
        time.sleep(0.05)
    yield {"base": f"http://127.0.0.1:{port}", "root": root}
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        except Exception as exc:  # noqa: BLE001 - any launch failure means: cannot test here
            pytest.skip(f"chromium did not start: {exc}")
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    ARTIFACTS.mkdir(exist_ok=True)
    ctx = browser.new_context(locale="en-US", viewport={"width": 1200, "height": 800})
    errors: list[str] = []
    pg = ctx.new_page()
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("dialog", lambda d: errors.append(f"dialog: {d.message}"))
    yield pg
    ctx.close()
    assert not errors, errors


def test_search_reader_mention(server, page):
    page.goto(server["base"] + "/")
    page.fill("input[name=q]", "具身智能")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_selector(".hit")
    page.screenshot(path=str(ARTIFACTS / "search.png"), full_page=True)
    page.click(".hit a.title >> nth=0")
    mention = page.locator("a.mention[data-item=embodied_ai]").first
    mention.wait_for()
    assert mention.is_visible()
    assert page.locator("mark#hl").is_visible()
    page.screenshot(path=str(ARTIFACTS / "reader.png"), full_page=True)
    mention.click()
    page.wait_for_url("**/item/embodied_ai")
    assert "embodied" in page.locator("h1").inner_text().lower()
    page.screenshot(path=str(ARTIFACTS / "item.png"), full_page=True)


def test_reader_does_not_run_document_script(server, page):
    page.goto(server["base"] + "/docs")
    page.click("main a:text-is('brief')")  # not the nav's 'Briefing'
    page.wait_for_selector(".reader")
    assert "<script>alert(1)</script>" in page.locator(".reader .text").inner_text()
    # the page fixture fails the test on any dialog (alert) or page error


def test_trend_point_to_kwic(server, page):
    page.goto(server["base"] + "/trends?terms=具身智能,新质生产力&series=cn-gwr")
    page.wait_for_selector("#trend-chart a.point")
    page.screenshot(path=str(ARTIFACTS / "trends.png"), full_page=True)
    page.locator('#trend-chart a.point[data-term="具身智能"][data-key="2025"]').click()
    page.wait_for_url("**/kwic?**")
    page.wait_for_selector("table.kwic mark")
    assert page.locator("table.kwic mark").first.inner_text() == "具身智能"
    page.screenshot(path=str(ARTIFACTS / "kwic.png"), full_page=True)


def test_verify_page(server, page):
    page.goto(server["base"] + "/verify")
    page.select_option(
        "select[name=doc]", label=page.locator("option", has_text="brief").inner_text()
    )
    page.click("form.bar button")
    page.wait_for_selector("td.verdict")
    assert "supported" in page.locator("td.verdict").first.inner_text()
    page.screenshot(path=str(ARTIFACTS / "verify.png"), full_page=True)


def test_upload_with_and_without_token(server, page, tmp_path):
    f = tmp_path / "upload.txt"
    f.write_text("上传测试：发展新质生产力，布局量子科技。\n", encoding="utf-8")
    page.goto(server["base"] + "/upload?lang=ko")
    page.set_input_files("input[name=file]", str(f))
    page.fill("input[name=token]", "wrong")
    page.click("#upload button[type=submit]")
    page.wait_for_selector("#upload-result.error")
    assert "401" in page.locator("#upload-result").inner_text()
    page.screenshot(path=str(ARTIFACTS / "upload-refused.png"), full_page=True)
    page.fill("input[name=token]", TOKEN)
    page.click("#upload button[type=submit]")
    page.wait_for_selector("#upload-result.ok")
    assert "added" in page.locator("#upload-result").inner_text()
    page.screenshot(path=str(ARTIFACTS / "upload-ok.png"), full_page=True)
    page.goto(server["base"] + "/?q=上传测试")
    page.wait_for_selector(".hit")


# ------------------------------------------------------------------ layout


def _layout_page(browser, width: int):
    ctx = browser.new_context(locale="en-US", viewport={"width": width, "height": 900})
    return ctx, ctx.new_page()


@pytest.mark.parametrize("width", [1280, 700, 420])
def test_kwic_keyword_column_never_wraps(server, browser, width):
    ctx, pg = _layout_page(browser, width)
    try:
        pg.goto(server["base"] + "/kwic?term=新质生产力&window=120")
        pg.wait_for_selector("table.kwic td.match")
        boxes = pg.evaluate(
            """() => [...document.querySelectorAll('table.kwic tr')].map(tr => {
                const m = tr.querySelector('td.match mark');
                const lh = parseFloat(getComputedStyle(m).lineHeight) || 24;
                return {rects: m.getClientRects().length, h: m.getBoundingClientRect().height,
                        left: tr.querySelector('td.left').getBoundingClientRect().height,
                        right: tr.querySelector('td.right').getBoundingClientRect().height,
                        lh: lh, w: m.getBoundingClientRect().width};
            })"""
        )
        assert len(boxes) >= 3  # the module's upload test may add one more line
        for b in boxes:
            assert b["rects"] == 1, b  # one line box: the keyword is not broken
            assert b["h"] < 1.6 * b["lh"] and b["w"] > 4 * 10, b
            assert b["left"] < 2.2 * b["lh"] and b["right"] < 2.2 * b["lh"], b
        n = len(boxes)
        assert pg.locator(".pager .range").first.inner_text() == f"1–{n} of {n}"
        pg.screenshot(path=str(ARTIFACTS / f"kwic-{width}.png"), full_page=True)
    finally:
        ctx.close()


@pytest.mark.parametrize("width,beside", [(1024, True), (1400, True), (900, False)])
def test_reader_sidebar_beside_text_on_wide_screens(server, browser, width, beside):
    ctx, pg = _layout_page(browser, width)
    try:
        pg.goto(server["base"] + "/")
        pg.goto(server["base"] + "/docs")
        pg.click("text=2025年政府工作报告")
        pg.wait_for_selector("article.reader")
        art = pg.locator("article.reader").bounding_box()
        side = pg.locator("main > aside").bounding_box()
        if beside:
            assert side["x"] >= art["x"] + art["width"] - 1, (art, side)
            assert abs(side["y"] - art["y"]) < 40, (art, side)
        else:  # above the text, and short: the text starts within the first screen
            assert side["y"] + side["height"] <= art["y"] + 1, (art, side)
            assert art["y"] < 900, (art, side)
        assert pg.locator("#hl").count() <= 1
        pg.screenshot(path=str(ARTIFACTS / f"reader-{width}.png"), full_page=True)
    finally:
        ctx.close()

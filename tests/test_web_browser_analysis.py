"""Browser flows over the analysis pages (Playwright, system Chromium; skipped as in
test_web_browser when either is missing): ledger figure -> its span, compare -> KWIC,
frequent term count -> the same number of KWIC lines, co-occurrence, briefing download,
the Korean interface."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("playwright.sync_api")
pytest.importorskip("uvicorn")

from tests.test_web_browser import ARTIFACTS, browser, page, server  # noqa: E402, F401


def test_home_links_every_analysis_page(server, page):  # noqa: F811
    page.goto(server["base"] + "/")
    for href in ("/ledger", "/first", "/compare", "/cooc", "/terms", "/candidates", "/report"):
        assert page.locator(f'header nav a[href="{href}"]').count() == 1, href
    assert page.locator(".overview").is_visible()


def test_ledger_figure_opens_its_span(server, page):  # noqa: F811
    page.goto(server["base"] + "/ledger")
    page.wait_for_selector("table.ledger")
    page.screenshot(path=str(ARTIFACTS / "ledger.png"), full_page=True)
    target = page.locator("table.ledger a.target").first
    target.wait_for()
    quote = target.get_attribute("title") or ""
    target.click()
    page.wait_for_selector("mark#hl")
    assert page.locator("mark#hl").is_visible()
    assert page.locator("mark#hl").inner_text() in quote


def test_compare_then_kwic(server, page):  # noqa: F811
    page.goto(server["base"] + "/compare")
    page.select_option(
        "select[name=a]", label=page.locator("option", has_text="2024年").first.inner_text()
    )
    page.select_option(
        "select[name=b]", label=page.locator("option", has_text="2025年").first.inner_text()
    )
    page.click("form.bar button")
    page.wait_for_selector("table.compare")
    page.screenshot(path=str(ARTIFACTS / "compare.png"), full_page=True)
    first = page.locator("table.compare td a").first
    term = first.inner_text()
    first.click()
    page.wait_for_url("**/kwic?**")
    page.wait_for_selector("table.kwic mark")
    assert page.locator("table.kwic mark").first.inner_text().lower() == term.lower()


def test_term_count_opens_as_many_lines(server, page):  # noqa: F811
    page.goto(server["base"] + "/terms")
    page.select_option(
        "select[name=doc]", label=page.locator("option", has_text="2025年").first.inner_text()
    )
    page.click("form.bar button")
    page.wait_for_selector("table.terms")
    assert re.match(r"1–\d+ of [\d,]+", page.locator(".pager .range").first.inner_text())
    count = page.locator("table.terms tbody tr td.num a").first
    n = int(count.inner_text())
    count.click()
    page.wait_for_selector("table.kwic")
    assert page.locator(".pager .range").first.inner_text().endswith(f"of {n:,}")
    assert page.locator("table.kwic tbody tr").count() == min(n, 100)


def test_cooc_page(server, page):  # noqa: F811
    page.goto(server["base"] + "/cooc")
    page.fill("input[name=term]", "发展")
    page.select_option("select[name=window]", "paragraph")
    page.click("form.bar button")
    page.wait_for_selector("h1")
    assert "发展" in page.locator("h1").inner_text()
    assert page.locator("svg.network").count() + page.locator("p.empty").count() == 1
    page.screenshot(path=str(ARTIFACTS / "cooc.png"), full_page=True)


def test_briefing_download(server, page):  # noqa: F811
    page.goto(server["base"] + "/report")
    page.select_option("select[name=format]", "md")
    with page.expect_download() as info:
        page.click("form.stack button")
    download = info.value
    assert download.suggested_filename == "policyscope-briefing.en.md"
    assert download.path().stat().st_size > 100


def test_korean_interface_on_analysis_pages(server, page):  # noqa: F811
    page.goto(server["base"] + "/ledger?lang=ko")
    assert page.locator("h1").inner_text().startswith("목표 대장")
    page.goto(server["base"] + "/compare")  # the cookie keeps Korean
    assert page.locator('header nav a[href="/compare"]').inner_text() == "문서 비교"
    page.goto(server["base"] + "/candidates")
    assert "문서나 시리즈" in page.locator("p.empty").inner_text()

"""The issue's bars, end to end through the CLI, against a local imitation of a ministry site
(tests/watchsite.py): three runs, a diff, a digest and a trend. No other network."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime

import pytest
from typer.testing import CliRunner

from policyscope import Workspace
from policyscope.cli import app
from tests.watchsite import A1_CHANGED, Site

RUN = ["watch", "run", "--delay", "0", "--timeout", "0.5", "--retries", "1", "--max-mb", "1"]


def cli(db, *args: str, ok: bool = True):
    r = CliRunner().invoke(app, ["--db", str(db), *args])
    if ok:
        assert r.exit_code == 0, (r.stdout, r.stderr, r.exception)
    return r


def run_json(db) -> list[dict]:
    r = cli(db, *RUN, "--format", "json", ok=False)
    assert r.exit_code in (0, 1), (r.stdout, r.stderr, r.exception)  # 1: some items failed
    return json.loads(r.stdout)


@pytest.fixture(scope="module")
def watched(tmp_path_factory):
    """Three runs: first, again unchanged, then after the site changed an article and
    published a new one. Yields what the tests look at."""
    tmp = tmp_path_factory.mktemp("watch")
    (tmp / "files").mkdir()
    db = tmp / "ws.db"
    with Site(tmp / "files") as site:
        b = site.base
        cli(db, "watch", "add", f"{b}/rss.xml", "--kind", "feed", "--series", "demo",
            "--lang", "zh", "--country", "CN", "--follow-attachments")  # fmt: skip
        cli(db, "watch", "add", f"{b}/listing/1.html", "--kind", "listing", "--series", "demo",
            "--selector", "ul.list a")  # fmt: skip
        cli(db, "watch", "add", f"{b}/sitemap.xml", "--kind", "sitemap", "--series", "demo")
        cli(db, "watch", "add", "http://127.0.0.1:9/rss.xml", "--kind", "feed")  # nobody there
        cli(db, "watch", "add", f"{b}/slow.html")
        cli(db, "watch", "add", f"{b}/loop/a")
        first = run_json(db)
        seen = len(site.statuses)
        second = run_json(db)
        statuses_second = site.statuses[seen:]
        time.sleep(1.1)
        since = datetime.now(UTC).isoformat(timespec="seconds")
        time.sleep(1.1)
        site.change_article()
        site.publish_new()
        third_run = cli(db, *RUN, ok=False)
        third = run_json(db)  # a fourth run: nothing new again
        yield dict(db=db, site=site, first=first, second=second, third_run=third_run,
                   fourth=third, since=since, statuses_second=statuses_second)  # fmt: skip


def by_path(items: list[dict]) -> dict[str, dict]:
    return {"/" + i["url"].split("/", 3)[3]: i for i in items}


def test_first_run_ingests_feed_items_and_attachments(watched):
    items = by_path(watched["first"])
    for path in ("/news/a1.html", "/news/a2.html", "/files/a1.pdf", "/files/a1.docx",
                 "/files/a2.hwp", "/news/l1.html", "/news/l2.html", "/news/k1.html",
                 "/news/s1.html"):  # fmt: skip
        assert items[path]["status"] == "added", (path, items[path])
    assert items["/files/a1.pdf"]["parent_url"].endswith("/news/a1.html")
    with Workspace(watched["db"]) as ws:
        formats = {d.url.rsplit("/", 1)[1]: d.format for d in ws.documents()}
        assert formats["a1.pdf"] == "pdf" and formats["a1.docx"] == "docx"
        assert formats["a2.hwp"] == "hwp"
        gbk = ws.document(items["/news/a1.html"]["doc_id"])
        assert gbk.title == "关于推进智能制造示范工厂建设的通知"  # GBK named only by the header
        euckr = ws.document(items["/news/k1.html"]["doc_id"])
        assert euckr.title == "인공지능 데이터센터 구축 지원 사업 공고" and euckr.language == "ko"
        hwp = ws.document(items["/files/a2.hwp"]["doc_id"])
        assert hwp.language == "ko" and "인공지능" in ws.text(hwp.id)
        info = ws.fetch_info(items["/files/a1.pdf"]["doc_id"])
        assert info["status"] == 304 and info["etag"] and info["fetched_at"]  # the last ask
        assert info["content_type"] == "application/pdf" and info["bytes"] > 1000
    # sitemap lastmod becomes the document date
    with Workspace(watched["db"]) as ws:
        assert ws.document(items["/news/s1.html"]["doc_id"]).date == "2025-11-20"


def test_second_run_fetches_nothing_new(watched):
    items = watched["second"]
    assert {i["status"] for i in items if i["role"] == "item" and i["doc_id"]} == {"not_modified"}
    assert not [i for i in items if i["status"] in ("added", "new_version")]
    served = dict(watched["statuses_second"])
    assert served["/rss.xml"] == 304 and served["/news/a1.html"] == 304
    assert served["/sitemap.xml"] == 304 and served["/news/s1.html"] == 304  # Last-Modified
    # attachments of an unchanged page are not asked for again
    assert "/files/a1.pdf" not in served and "/files/a2.hwp" not in served
    assert not [s for s in watched["fourth"] if s["status"] in ("added", "new_version")]


def test_third_run_stores_a_new_version_and_diff_shows_it(watched):
    out = watched["third_run"].stdout
    assert "new_version" in out and "added" in out
    db = watched["db"]
    with Workspace(db) as ws:
        page = [d for d in ws.documents() if d.url.endswith("/news/a1.html")][0]
        assert page.version == 2
    r = cli(db, "diff", str(page.id))
    assert "增长[-5-]{+8+}%以上" in r.stdout  # the changed figure, marked inside its paragraph
    assert "figures: +8%, -5%" in r.stdout
    d = json.loads(cli(db, "diff", str(page.id), "--format", "json").stdout)
    changed = [c for c in d["changes"] if c["op"] == "changed"]
    assert [c["new_text"] for c in changed] == [A1_CHANGED]
    assert d["figures"] == {"added": ["8%"], "removed": ["5%"]}
    assert any("embodied_ai" in t for t in d["terms"]["added"])


def test_disallowed_path_is_never_fetched(watched):
    assert watched["site"].hits["/private/secret.html"] == 0
    skipped = by_path(watched["first"])["/private/secret.html"]
    assert skipped["status"] == "skipped" and "robots.txt" in skipped["error"]
    assert all(a.startswith("PolicyScope/") for a in watched["site"].agents)


def test_failures_are_reported_and_the_others_complete(watched):
    r = watched["third_run"]
    assert r.exit_code == 1
    err = r.stderr
    assert "http://127.0.0.1:9/robots.txt: cannot connect" in err
    assert "/slow.html: timed out" in err
    assert "/loop/a: redirect loop" in err
    assert "/files/gone.pdf: HTTP 404" in err
    assert "/files/big.pdf: 3,000,009 bytes, over the limit" in err
    # the sources after the unreachable one completed
    assert by_path(watched["first"])["/news/s1.html"]["status"] == "added"
    runs = json.loads(cli(watched["db"], "watch", "runs", "--format", "json").stdout)
    assert len(runs) == 4 and "127.0.0.1:9" in runs[0]["errors"]


def test_digest_since_lists_exactly_new_and_changed(watched):
    db, since = watched["db"], watched["since"]
    dg = json.loads(cli(db, "digest", "--since", since, "--format", "json").stdout)
    assert [d["url"].rsplit("/", 1)[1] for d in dg["new"]] == ["a3.html"]
    assert [d["url"].rsplit("/", 1)[1] for d in dg["changed"]] == ["a1.html"]
    assert "figures: +8%, -5%" in dg["changed"][0]["diff_summary"]
    assert dg["changed"][0]["source"].endswith("/rss.xml")
    firsts = {c["label"]: c for c in dg["first_terms"]}
    assert "embodied_ai" in firsts
    cite = firsts["embodied_ai"]
    with Workspace(db) as ws:
        assert ws.text(cite["doc_id"])[cite["start"] : cite["end"]] == "具身智能"
    assert cite["url"].endswith("/news/a1.html")
    md = cli(db, "digest", "--since", since, "--lang", "ko").stdout
    assert "변경된 문서 (1)" in md and "새 문서 (1)" in md and "具身智能" in md


def test_page_and_its_pdf_count_once_in_trend(watched):
    db = watched["db"]
    with Workspace(db) as ws:
        pdf = [d for d in ws.documents() if d.url.endswith("/files/a1.pdf")][0]
        assert "数据安全" in ws.text(pdf.id)  # the PDF has the term too
        page = [d for d in ws.documents() if d.url.endswith("/news/a1.html")][0]
        assert [d.id for d in ws.locations(page.id)] == [pdf.id]
    rows = json.loads(cli(db, "trend", "数据安全", "--series", "demo", "--format", "json").stdout)
    counted = [r for r in rows if r["count"]]
    assert [r["count"] for r in counted] == [1]
    assert counted[0]["doc_id"] in (page.id, pdf.id)

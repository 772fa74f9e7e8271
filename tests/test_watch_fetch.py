"""The polite fetcher, the run lock, the schedule, sources and samples: each on its own."""

from __future__ import annotations

import os
import time

import pytest
from typer.testing import CliRunner

from policyscope import Workspace
from policyscope.cli import app
from policyscope.errors import BadArgument, NotFound
from policyscope.watch import lock
from policyscope.watch.fetch import Fetcher, FetchError, Politeness
from policyscope.watch.parse import feed_items, listing_items, next_page, sitemap_items
from policyscope.watch.samples import load_samples, sample_sources
from policyscope.watch.schedule import loop, parse_interval
from policyscope.watch.sources import Source, check
from tests.watchsite import Site

FAST = Politeness(timeout=0.5, retries=1, backoff=0.05, delay=0.0, max_bytes=1_000_000)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with Site(tmp_path_factory.mktemp("site")) as s:
        s.max_age_slow = 1.0
        yield s


def test_conditional_request_gets_304_without_a_body(site):
    with Fetcher(FAST) as f:
        first = f.get(site.base + "/news/a2.html")
        assert first.status == 200 and first.headers["etag"]
        again = f.get(site.base + "/news/a2.html", etag=first.headers["etag"])
    assert again.status == 304 and again.content == b""


def test_last_modified_alone_makes_a_conditional_request(site):
    with Fetcher(FAST) as f:
        first = f.get(site.base + "/news/s1.html")
        assert "etag" not in first.headers
        again = f.get(site.base + "/news/s1.html", last_modified=first.headers["last-modified"])
    assert again.status == 304


def test_errors_name_the_url_and_the_cause(site):
    b = site.base
    with Fetcher(FAST) as f:
        cases = {
            "/files/gone.pdf": "HTTP 404 (not found)",
            "/broken.xml": "HTTP 500 (server error) (after 2 attempts)",
            "/slow.html": "timed out after 0.5 s (after 2 attempts)",
            "/loop/a": "redirect loop",
            "/files/big.pdf": "over the limit of 1,000,000",
            "/private/secret.html": "disallowed by robots.txt",
        }
        for path, cause in cases.items():
            with pytest.raises(FetchError) as exc:
                f.get(b + path)
            assert exc.value.url.startswith(b) and cause in exc.value.cause, (path, exc.value)
    assert site.hits["/private/secret.html"] == 0
    assert site.hits["/broken.xml"] == 2  # retried once


def test_size_limit_holds_without_content_length(site, monkeypatch):
    # a server that does not announce the size is stopped while the body streams in
    import httpx

    def handler(request):
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return httpx.Response(200, content=iter([b"x" * 600_000, b"y" * 600_000]))

    with Fetcher(FAST, transport=httpx.MockTransport(handler)) as f:
        with pytest.raises(FetchError, match="download stopped"):
            f.get("http://unlisted.test/big")


def test_per_host_delay_spaces_requests(site):
    polite = Politeness(timeout=2, retries=0, delay=0.3)
    with Fetcher(polite) as f:
        f.get(site.base + "/news/a2.html")
        t0 = time.monotonic()
        f.get(site.base + "/news/l1.html")
        f.get(site.base + "/news/l2.html")
    assert time.monotonic() - t0 >= 0.55


def test_unreachable_site_is_a_connection_error_not_a_robots_refusal():
    with Fetcher(FAST) as f, pytest.raises(FetchError) as exc:
        f.get("http://127.0.0.1:9/page.html")
    assert "cannot connect" in exc.value.cause and exc.value.status is None


def test_parsers_find_items(site):
    with Fetcher(FAST) as f:
        feed = f.get(site.base + "/rss.xml")
        first = f.get(site.base + "/listing/1.html")
        smap = f.get(site.base + "/sitemap.xml")
    items = feed_items(feed.content, feed.final_url)
    assert [i.url.rsplit("/", 1)[1] for i in items] == ["a1.html", "a2.html", "secret.html"]
    assert items[0].date == "2025-12-01" and items[0].title.startswith("关于推进")
    html = first.content.decode()
    assert [c.url for c in listing_items(html, first.final_url, "ul.list a")] == [
        site.base + "/news/l1.html"
    ]
    assert [c.url for c in listing_items(html, first.final_url, r"re:/news/l\d")] == [
        site.base + "/news/l1.html"
    ]
    assert next_page(html, first.final_url, None) == site.base + "/listing/2.html"
    pages, nested = sitemap_items(smap.content, smap.final_url)
    assert [(p.url.rsplit("/", 1)[1], p.date) for p in pages] == [
        ("s1.html", "2025-11-20"), ("secret.html", None)
    ]  # fmt: skip
    assert nested == []


def test_lock_refuses_a_second_run_and_takes_over_a_dead_one(tmp_path):
    with Workspace(tmp_path / "ws.db") as ws:
        engine = ws.store.engine
        holder = lock.acquire(engine)
        with pytest.raises(lock.WatchBusy, match="another watch run"):
            lock.acquire(engine)
        ws.watch_add("http://127.0.0.1:9/x.html")
        with pytest.raises(lock.WatchBusy):
            ws.watch_run()
        lock.release(engine, holder)
        # a holder whose process is gone does not block for ever
        from policyscope.watch import tables as T

        with engine.begin() as conn:
            conn.execute(T.lock.insert().values(name="run", holder=f"{os.uname()[1]}:999999",
                                                since="2026-01-01T00:00:00+00:00"))  # fmt: skip
        lock.release(engine, lock.acquire(engine))


def test_run_is_idempotent_and_records_runs(tmp_path, site):
    with Workspace(tmp_path / "ws.db") as ws:
        ws.watch_add(site.base + "/news/l1.html")
        ws.watch_add(site.base + "/news/l1.html")  # adding again: still one source
        assert len(ws.watch_sources()) == 1
        a = ws.watch_run(politeness=FAST)
        b = ws.watch_run(politeness=FAST)
        assert a.counts() == {"added": 1} and b.counts() == {"not_modified": 1}
        assert len(ws.documents()) == 1
        assert [r.run_id for r in ws.watch_runs()] == [b.run_id, a.run_id]
        assert ws.watch_runs()[0].finished_at


def test_schedule():
    assert parse_interval("6h") == 21600 and parse_interval("30m") == 1800
    assert parse_interval("1d") == 86400
    for bad in ("6", "h", "0h", "-1h", "6 hours"):
        with pytest.raises(BadArgument, match="--every"):
            parse_interval(bad)
    calls, slept = [], []
    clock = iter([0.0, 100.0, 21600.0, 21700.0]).__next__
    loop(lambda: calls.append(1), 21600, times=2, sleep=slept.append, clock=clock)
    assert calls == [1, 1] and slept == [21500.0]


def test_source_checks():
    with pytest.raises(BadArgument, match="http"):
        check(Source(url="ftp://example.org/x"))
    with pytest.raises(BadArgument, match="--kind"):
        check(Source(url="https://example.org/", kind="rss"))
    with pytest.raises(BadArgument, match="--include"):
        check(Source(url="https://example.org/", include="(["))
    src = Source(url="https://example.org/", include=r"/content/", exclude=r"\.zip$")
    assert src.keeps("https://example.org/content/1.html")
    assert not src.keeps("https://example.org/content/1.zip")
    assert not src.keeps("https://example.org/other/1.html")


def test_samples_ship_disabled_and_add_without_network(tmp_path):
    samples = load_samples()
    assert {"gov-cn-latest", "miit-policy", "msit-press"} <= {s["name"] for s in samples}
    for kwargs in sample_sources("all"):
        check(Source(**kwargs))
    with pytest.raises(NotFound, match="gov-cn-latest"):
        sample_sources("nope")
    db = tmp_path / "ws.db"
    runner = CliRunner()
    r = runner.invoke(app, ["--db", str(db), "watch", "list", "--format", "json"])
    assert r.exit_code == 0 and r.stdout.strip() == "[]"  # nothing watched until added
    r = runner.invoke(app, ["--db", str(db), "watch", "add", "--sample", "msit-press"])
    assert r.exit_code == 0 and "msit.go.kr" in r.stdout
    r = runner.invoke(app, ["--db", str(db), "watch", "add", "notaurl"])
    # a PolicyScopeError: main() prints it as one line (the runner calls the app directly)
    assert isinstance(r.exception, BadArgument)
    assert "give an http:// or https:// address" in str(r.exception)
    r = runner.invoke(app, ["--db", str(db), "watch", "remove", "1"])
    assert r.exit_code == 0 and "removed 1" in r.stdout


def test_include_picks_items_exclude_drops_attachments_too(tmp_path, site):
    with Workspace(tmp_path / "ws.db") as ws:
        ws.watch_add(site.base + "/rss.xml", kind="feed", include="/news/",
                     exclude=r"\.docx$", follow_attachments=True)  # fmt: skip
        report = ws.watch_run(politeness=FAST, max_items=1)
    got = {i.url.rsplit("/", 1)[1]: i.status for i in report.sources[0].items}
    assert got == {"a1.html": "added", "a1.pdf": "added"}  # one item, its PDF, not its DOCX
    with Workspace(tmp_path / "ws.db") as ws, pytest.raises(BadArgument, match="--max-items"):
        ws.watch_run(max_items=0)

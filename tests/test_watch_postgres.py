"""The watch tables, lock and runs on PostgreSQL. Needs POLICYSCOPE_PG_URL (.ci/run)."""

from __future__ import annotations

import os

import pytest

from policyscope import Workspace
from policyscope.watch import lock
from policyscope.watch.fetch import Politeness
from tests.test_store_postgres import pg_url  # noqa: F401 - the fixture
from tests.watchsite import Site

PG = os.environ.get("POLICYSCOPE_PG_URL")
pytestmark = pytest.mark.skipif(not PG, reason="POLICYSCOPE_PG_URL not set (.ci/run starts one)")


def test_watch_on_postgres(pg_url, tmp_path, monkeypatch):  # noqa: F811
    monkeypatch.setenv("POLICYSCOPE_WATCH_DIR", str(tmp_path / "fetched"))
    polite = Politeness(timeout=2, retries=0, delay=0)
    with Site(tmp_path) as site, Workspace(pg_url) as ws:
        ws.watch_add(site.base + "/news/a1.html", follow_attachments=True, series="demo")
        first = ws.watch_run(politeness=polite)
        assert first.counts() == {"added": 3}
        assert ws.watch_run(politeness=polite).counts() == {"not_modified": 1}
        site.change_article()
        third = ws.watch_run(politeness=polite)
        assert third.counts() == {"new_version": 1, "not_modified": 2}
        page = [d for d in ws.documents() if d.url.endswith("/news/a1.html")][0]
        assert "[-5-]{+8+}" in ws.diff(page.id).changes[0].marked
        assert len(ws.locations(page.id)) == 1  # its PDF
        holder = lock.acquire(ws.store.engine)
        with pytest.raises(lock.WatchBusy):
            lock.acquire(ws.store.engine)
        lock.release(ws.store.engine, holder)
        assert len(ws.watch_runs()) == 3

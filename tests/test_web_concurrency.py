"""A slow request never freezes the others: while one request is busy for seconds, searches,
KWIC and the reader still answer at once; identical requests made at the same moment are
computed once (the page cache waits for the first one)."""

from __future__ import annotations

import threading
import time

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")

import httpx  # noqa: E402

from policyscope.web import create_app  # noqa: E402
from policyscope.workspace import Workspace  # noqa: E402
from tests.test_web_security import Server  # noqa: E402

SLOW = 3.0  # seconds the slow request holds its worker thread


@pytest.fixture()
def store(tmp_path):
    src = tmp_path / "a.zh.txt"
    src.write_text("2025年政府工作报告\n\n发展新质生产力，培育具身智能。\n", encoding="utf-8")
    db = tmp_path / "ws.db"
    with Workspace(db) as ws:
        ws.ingest([src], meta={"series": "t", "series_key": "2025"}, workers=1)
    return db


def test_a_slow_request_leaves_the_others_alone(store, monkeypatch):
    calls = []

    def slow_terms(self, *args, **kwargs):
        calls.append(time.monotonic())
        time.sleep(SLOW)  # stands for seconds of work in the worker thread
        return []

    monkeypatch.setattr(Workspace, "terms", slow_terms)
    with Server(create_app(str(store), page_cache=False)) as s:
        base = f"http://127.0.0.1:{s.port}"
        slow = threading.Thread(target=httpx.get, args=(base + "/api/v1/terms",))
        t0 = time.monotonic()
        slow.start()
        while not calls and time.monotonic() - t0 < 5:
            time.sleep(0.01)
        assert calls, "the slow request did not start"
        timings = []
        for path in ("/api/v1/search?q=具身智能", "/api/v1/kwic?term=具身智能", "/doc/1", "/"):
            t = time.monotonic()
            assert httpx.get(base + path).status_code == 200, path
            timings.append(time.monotonic() - t)
        still_busy = time.monotonic() - calls[0] < SLOW
        slow.join(10)
    assert still_busy, "the other requests waited for the slow one"
    assert max(timings) < 1.5, timings


def test_identical_requests_at_once_are_computed_once(store, monkeypatch):
    calls = []
    real = Workspace.terms

    def counted(self, *args, **kwargs):
        calls.append(1)
        time.sleep(1.0)  # long enough for the others to arrive while it runs
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Workspace, "terms", counted)
    with Server(create_app(str(store))) as s:
        url = f"http://127.0.0.1:{s.port}/api/v1/terms?doc=1"
        answers: list[int] = []
        threads = [
            threading.Thread(target=lambda: answers.append(httpx.get(url).status_code))
            for _ in range(6)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(20)
    assert answers == [200] * 6 and len(calls) == 1

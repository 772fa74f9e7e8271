"""The whole-answer page cache and the store generation it is keyed by: an answer is made once
per change of the store, a write makes the next answer new, hostile requests never reach the
cache, and POLICYSCOPE_PAGE_CACHE=0 turns it off."""

from __future__ import annotations

import asyncio

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402

from policyscope.web import create_app  # noqa: E402
from policyscope.web.pagecache import PageCache, enabled_by_env  # noqa: E402
from policyscope.workspace import Workspace  # noqa: E402

LOCAL = "http://127.0.0.1"


def _ingest(db, folder, name: str, text: str) -> None:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    with Workspace(db) as ws:
        ws.ingest([path], workers=1)


@pytest.fixture
def store(tmp_path):
    db = tmp_path / "ws.db"
    _ingest(db, tmp_path, "a.zh.txt", "发展新质生产力。\n\n培育具身智能等未来产业。\n")
    return db


def test_generation_changes_on_writes_only(store, tmp_path):
    with Workspace(store) as ws:
        before = ws.generation()
        ws.search("具身智能")
        ws.kwic("具身智能")
        ws.documents()
        assert ws.generation() == before  # reads write nothing
        _ingest(store, tmp_path, "b.zh.txt", "人工智能+行动。\n")
        assert ws.generation() != before


def test_answers_are_new_after_a_write(store, tmp_path):
    with TestClient(create_app(str(store)), base_url=LOCAL) as c:
        first = c.get("/api/v1/documents").json()
        assert first["total"] == 1
        assert c.get("/api/v1/documents").json() == first  # from the cache
        _ingest(store, tmp_path, "b.zh.txt", "人工智能+行动。\n")
        assert c.get("/api/v1/documents").json()["total"] == 2
        home = c.get("/")
        assert home.status_code == 200 and "content-security-policy" in home.headers


def test_cached_answers_still_pass_the_guard(store):
    with TestClient(create_app(str(store), read_token="r"), base_url=LOCAL) as c:
        auth = {"Authorization": "Bearer r"}
        assert c.get("/api/v1/documents", headers=auth).status_code == 200
        assert c.get("/api/v1/documents").status_code == 401  # cached, still refused
        assert (
            c.get("/api/v1/documents", headers={**auth, "Host": "evil.example"}).status_code == 400
        )
        again = c.get("/api/v1/documents", headers=auth)
        assert again.status_code == 200 and again.headers["x-frame-options"] == "DENY"


def test_page_language_is_part_of_the_key(store):
    with TestClient(create_app(str(store)), base_url=LOCAL) as c:
        en = c.get("/docs", headers={"Accept-Language": "en"}).text
        ko = c.get("/docs", headers={"Accept-Language": "ko"}).text
        assert en != ko and 'lang="ko"' in ko and 'lang="en"' in en


class _Counting:
    """An ASGI app that counts its calls and answers with the count."""

    def __init__(self, status: int = 200):
        self.calls = 0
        self.status = status

    async def __call__(self, scope, receive, send):
        self.calls += 1
        body = str(self.calls).encode()
        await send({"type": "http.response.start", "status": self.status, "headers": []})
        await send({"type": "http.response.body", "body": body})


def _get(app, path: str, method: str = "GET") -> bytes:
    sent: list[dict] = []

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request", "body": b""}

    scope = {"type": "http", "method": method, "path": path, "query_string": b"", "headers": []}
    asyncio.run(app(scope, receive, send))
    return b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")


def test_page_cache_unit():
    gen = [1]
    inner = _Counting()
    cache = PageCache(inner, generation=lambda: gen[0])
    assert _get(cache, "/kwic") == b"1" and _get(cache, "/kwic") == b"1"
    assert _get(cache, "/search") == b"2"
    assert _get(cache, "/api/v1/jobs/5") == b"3" and _get(cache, "/api/v1/jobs/5") == b"4"
    assert _get(cache, "/kwic", method="POST") == b"5"  # never a write
    gen[0] = 2
    assert _get(cache, "/kwic") == b"6" and _get(cache, "/kwic") == b"6"
    assert len(cache.entries) == 1  # the older generation's answers are dropped
    errors = PageCache(_Counting(status=404), generation=lambda: 1)
    assert _get(errors, "/x") == b"1" and _get(errors, "/x") == b"2"  # only 200s kept
    off = PageCache(_Counting(), generation=lambda: 1, enabled=False)
    assert _get(off, "/kwic") == b"1" and _get(off, "/kwic") == b"2"


def test_page_cache_switch(monkeypatch):
    monkeypatch.setenv("POLICYSCOPE_PAGE_CACHE", "0")
    assert enabled_by_env() is False
    monkeypatch.setenv("POLICYSCOPE_PAGE_CACHE", "1")
    assert enabled_by_env() is True

"""A cache of whole answers (status, headers, body) to GET requests, keyed by the store's
generation, so that a page many readers ask for is made once per change of the store, and a
reader never waits behind the CPU-bound requests of others for an answer already made.

It sits inside the Guard (which checks Host, tokens and sizes first and adds the security
headers to every answer, cached or not). The key is the path and query string, plus the
headers a page's language depends on (the language cookie and Accept-Language). Only 200
answers of bounded size are kept; job status, exports (streamed, large), static files and
the watch pages are never cached. Concurrent misses of the same key wait for the first one
instead of all computing it. Off with POLICYSCOPE_PAGE_CACHE=0.
"""

from __future__ import annotations

import asyncio
import os
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

ENV = "POLICYSCOPE_PAGE_CACHE"
MAX_BYTES = 64 * 1024 * 1024  # all entries together
MAX_ENTRY = 2 * 1024 * 1024  # one answer
SKIP_PREFIXES = ("/api/v1/jobs/", "/api/v1/export/", "/static/", "/watch", "/upload")
VARY = (b"cookie", b"accept-language")


def enabled_by_env() -> bool:
    return os.environ.get(ENV, "1").strip().lower() not in ("0", "false", "no", "off")


@dataclass
class Entry:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes


class PageCache:
    def __init__(self, app, generation: Callable[[], Hashable], enabled: bool = True):
        self.app = app
        self.generation = generation
        self.enabled = enabled
        self.entries: OrderedDict[Hashable, Entry] = OrderedDict()
        self.size = 0
        self.pending: dict[Hashable, asyncio.Event] = {}
        self.hits = self.misses = 0

    def key(self, scope) -> Hashable | None:
        if scope["type"] != "http" or scope["method"] != "GET":
            return None
        path = scope["path"]
        if path.startswith(SKIP_PREFIXES):
            return None
        headers = dict(scope.get("headers") or [])
        vary = tuple(headers.get(h, b"") for h in VARY)
        return (self.generation(), path, scope.get("query_string", b""), vary)

    async def __call__(self, scope, receive, send):
        key = self.key(scope) if self.enabled else None
        if key is None:
            return await self.app(scope, receive, send)
        while key in self.pending:  # the same answer is being made: wait for it
            await self.pending[key].wait()
        entry = self.entries.get(key)
        if entry is not None:
            self.hits += 1
            self.entries.move_to_end(key)
            return await self.replay(entry, send)
        self.misses += 1
        done = self.pending[key] = asyncio.Event()
        try:
            await self.make(key, scope, receive, send)
        finally:
            del self.pending[key]
            done.set()

    async def make(self, key, scope, receive, send) -> None:
        start: dict = {}
        chunks: list[bytes] = []
        keep = True

        async def capture(message):
            nonlocal keep
            if message["type"] == "http.response.start":
                start.update(message)
                keep = message["status"] == 200
            elif message["type"] == "http.response.body" and keep:
                chunks.append(message.get("body", b""))
                keep = sum(map(len, chunks)) <= MAX_ENTRY
            await send(message)

        await self.app(scope, receive, capture)
        if keep and start:
            self.store(key, Entry(200, list(start.get("headers", [])), b"".join(chunks)))

    def store(self, key: Hashable, entry: Entry) -> None:
        gen = key[0]  # type: ignore[index]
        if gen != self.generation():
            return  # the store changed while this answer was made: nobody will ask again
        if self.entries and next(reversed(self.entries))[0] != gen:  # type: ignore[index]
            self.entries.clear()  # the store changed: every older answer is stale
            self.size = 0
        self.entries[key] = entry
        self.size += len(entry.body)
        while self.size > MAX_BYTES and self.entries:
            _, old = self.entries.popitem(last=False)
            self.size -= len(old.body)

    @staticmethod
    async def replay(entry: Entry, send) -> None:
        start = {"type": "http.response.start", "status": entry.status, "headers": entry.headers}
        await send(start)
        await send({"type": "http.response.body", "body": entry.body})

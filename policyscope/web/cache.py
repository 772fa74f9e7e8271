"""A small shared cache of whole result lists (all KWIC lines of a term, search totals, the
corpus overview), so that paging through a list costs one slice, not one full query per
page. Entries are keyed by the store's generation (Workspace.generation), read on every use
for SQLite (two stat calls) and at most once a second for a server database."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

MAX_ENTRIES = 256
GENERATION_TTL = 1.0  # seconds


class ResultCache:
    def __init__(
        self, generation: Callable[[], Any], size: int = MAX_ENTRIES, ttl: float = GENERATION_TTL
    ):
        self._generation = generation
        self._ttl = ttl
        self._size = size
        self._data: OrderedDict[Any, Any] = OrderedDict()
        self._lock = threading.Lock()  # held for dict operations only, never while computing
        self._gen: Any = None
        self._gen_at = 0.0

    def generation(self) -> Any:
        now = time.monotonic()
        if now - self._gen_at >= self._ttl:
            self._gen, self._gen_at = self._generation(), now
        return self._gen

    def get(self, key: Any, make: Callable[[], Any]) -> Any:
        full = (self.generation(), key)
        with self._lock:
            if full in self._data:
                self._data.move_to_end(full)
                return self._data[full]
        value = make()  # two threads may both compute a missing entry: same result, no lock
        with self._lock:
            self._data[full] = value
            while len(self._data) > self._size:
                self._data.popitem(last=False)
        return value

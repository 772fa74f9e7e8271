"""HTTP fetching like a good citizen.

One `Fetcher` per run: a named user agent, connect/read timeouts, retries with
exponential backoff on timeouts, connection errors, 429 and 5xx, a minimum interval
between two requests to the same host (robots.txt Crawl-delay wins when longer),
robots.txt checked before every request and every redirect hop, conditional requests
(If-None-Match / If-Modified-Since: a 304 transfers no body), redirects followed by hand
so that a loop or a long chain stops with a clear cause, and a size limit enforced while
the body streams in (Content-Length is not trusted alone).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import httpx

from policyscope.errors import PolicyScopeError
from policyscope.version import __version__
from policyscope.watch.robots import Robots

USER_AGENT = f"PolicyScope/{__version__} (policy document watcher)"
RETRY_STATUS = {429, 500, 502, 503, 504}


class FetchError(PolicyScopeError):
    """A URL that could not be fetched, with the cause in words."""

    def __init__(self, url: str, cause: str, status: int | None = None):
        self.url, self.cause, self.status = url, cause, status
        super().__init__(f"{url}: {cause}")


@dataclass
class Fetched:
    url: str  # as asked
    final_url: str  # after redirects
    status: int  # 200 or 304
    headers: dict = field(default_factory=dict)
    content: bytes = b""
    fetched_at: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for part in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                return value.strip("\"'")
        return None


@dataclass
class Politeness:
    timeout: float = 20.0
    retries: int = 2
    backoff: float = 1.0  # seconds before the first retry, doubled each time
    delay: float = 1.0  # minimum seconds between two requests to one host
    max_bytes: int = 50_000_000
    max_redirects: int = 5
    user_agent: str = USER_AGENT


class Fetcher:
    def __init__(self, politeness: Politeness | None = None, transport=None):
        self.p = politeness or Politeness()
        self.client = httpx.Client(
            headers={"User-Agent": self.p.user_agent},
            timeout=httpx.Timeout(self.p.timeout, connect=min(self.p.timeout, 10.0)),
            follow_redirects=False,
            transport=transport,
        )
        self.robots = Robots(self.p.user_agent, self._robots_text)
        self._last: dict[str, float] = {}
        self.requests = 0  # how many requests went out (robots.txt included)

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def allowed(self, url: str) -> bool:
        return self.robots.allowed(url)

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """GET `url` (conditionally when a validator is given); raise FetchError otherwise."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        seen = [url]
        current = url
        while True:
            if not self.robots.allowed(current):
                raise FetchError(current, self.robots.why_not(current))
            status, resp_headers, body = self._request(current, headers)
            if status in (301, 302, 303, 307, 308):
                target = resp_headers.get("location")
                if not target:
                    raise FetchError(current, f"HTTP {status} without a Location header", status)
                current = urljoin(current, target)
                if current in seen:
                    raise FetchError(url, f"redirect loop ({' -> '.join(seen + [current])})")
                seen.append(current)
                if len(seen) > self.p.max_redirects + 1:
                    raise FetchError(url, f"more than {self.p.max_redirects} redirects")
                continue
            if status not in (200, 304):
                raise FetchError(current, _status_cause(status), status)
            stamp = datetime.now(UTC).isoformat(timespec="seconds")
            return Fetched(url, current, status, resp_headers, body, stamp)

    def _robots_text(self, url: str) -> tuple[int, str]:
        try:
            status, _headers, body = self._request(url, {}, retries=1)
        except FetchError as exc:
            if exc.status is None:  # unreachable: the caller reports the source as such
                raise
            return exc.status, ""
        return status, body.decode("utf-8", "replace")

    def _request(self, url: str, headers: dict, retries: int | None = None):
        retries = self.p.retries if retries is None else retries
        for attempt in range(retries + 1):
            self._wait_turn(url)
            try:
                status, resp_headers, body = self._once(url, headers)
            except httpx.TimeoutException:
                cause, status = f"timed out after {self.p.timeout:g} s", None
            except httpx.TransportError as exc:
                cause, status = f"cannot connect ({type(exc).__name__}: {exc})", None
            else:
                if status not in RETRY_STATUS:
                    return status, resp_headers, body
                cause = _status_cause(status)
            if attempt < retries:
                time.sleep(self.p.backoff * 2**attempt)
        raise FetchError(url, f"{cause} (after {retries + 1} attempts)", status)

    def _once(self, url: str, headers: dict) -> tuple[int, dict, bytes]:
        self.requests += 1
        with self.client.stream("GET", url, headers=headers) as resp:
            declared = resp.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > self.p.max_bytes:
                raise FetchError(
                    url,
                    f"{int(declared):,} bytes, over the limit of "
                    f"{self.p.max_bytes:,}; not downloaded",
                    resp.status_code,
                )
            chunks, size = [], 0
            for chunk in resp.iter_bytes():
                size += len(chunk)
                if size > self.p.max_bytes:
                    raise FetchError(
                        url,
                        f"over the limit of {self.p.max_bytes:,} bytes; download stopped",
                        resp.status_code,
                    )
                chunks.append(chunk)
            return (
                resp.status_code,
                {k.lower(): v for k, v in resp.headers.items()},
                b"".join(chunks),
            )

    def _wait_turn(self, url: str) -> None:
        host = urlsplit(url).netloc
        delay = self.p.delay
        if not url.endswith("/robots.txt"):
            crawl = self.robots.crawl_delay(url)
            delay = max(delay, crawl or 0.0)
        last = self._last.get(host)
        if last is not None:
            wait = last + delay - time.monotonic()
            if wait > 0:
                time.sleep(wait)
        self._last[host] = time.monotonic()


def _status_cause(status: int) -> str:
    words = {
        404: "not found",
        410: "gone",
        403: "forbidden",
        401: "needs a login",
        429: "too many requests",
        500: "server error",
        502: "bad gateway",
        503: "service unavailable",
        504: "gateway timeout",
    }
    return f"HTTP {status}" + (f" ({words[status]})" if status in words else "")

"""robots.txt, read once per site and run, with the standard library's parser.

A robots.txt that is missing (404 or another 4xx) allows everything, as the convention
says; one the server fails to give (5xx) forbids the whole site for this run,
because a site in trouble is no site to crawl.
"""

from __future__ import annotations

from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser


class Robots:
    def __init__(self, user_agent: str, fetch_text):
        """`fetch_text(url) -> (status, text)` reads robots.txt (no robots check of its own)."""
        self.user_agent = user_agent
        self._fetch_text = fetch_text
        self._parsers: dict[str, RobotFileParser] = {}

    def _parser(self, url: str) -> RobotFileParser:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._parsers:
            parser = RobotFileParser(origin + "/robots.txt")
            # a site that cannot be reached at all raises here: the caller reports that
            status, text = self._fetch_text(origin + "/robots.txt")
            if status >= 500:
                parser.disallow_all = True  # type: ignore[attr-defined]  # not in typeshed
            elif status >= 400 or status == 304:
                parser.allow_all = True  # type: ignore[attr-defined]
            else:
                parser.parse(text.splitlines())
            self._parsers[origin] = parser
        return self._parsers[origin]

    def allowed(self, url: str) -> bool:
        return self._parser(url).can_fetch(self.user_agent, url)

    def why_not(self, url: str) -> str:
        parser = self._parser(url)
        if getattr(parser, "disallow_all", False):
            return "robots.txt could not be read (server error): the site is skipped this run"
        return "disallowed by robots.txt; not fetched"

    def crawl_delay(self, url: str) -> float | None:
        delay = self._parser(url).crawl_delay(self.user_agent)
        return float(delay) if delay is not None else None

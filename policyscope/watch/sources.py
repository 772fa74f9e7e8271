"""Watched sources: what to collect and how to label what is collected.

A source is a URL and a kind (feed, sitemap, listing, page) with options: the metadata
given to every document it yields (series, issuer, country, lang, doc_type), which item
URLs to keep (include/exclude regexes), how to find items on a listing page (a CSS
selector or a regex over link URLs, a "next page" selector or link text, a page limit)
and whether attachments (PDF, DOCX, HWP/HWPX) linked from an item are collected too.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

from sqlalchemy import select

from policyscope.errors import BadArgument, NotFound
from policyscope.watch import tables as T

KINDS = ("feed", "sitemap", "listing", "page")
META_KEYS = ("series", "issuer", "country", "lang", "doc_type")


@dataclass
class Source:
    url: str
    kind: str = "page"
    series: str | None = None
    issuer: str | None = None
    country: str | None = None
    lang: str | None = None
    doc_type: str | None = None
    include: str | None = None  # regex an item URL must match
    exclude: str | None = None  # regex an item URL must not match
    selector: str | None = None  # listing: CSS selector of item links (or 're:' + URL regex)
    next_page: str | None = None  # listing: CSS selector of the next-page link
    max_pages: int = 5
    follow_attachments: bool = False
    id: int | None = None
    added_at: str | None = None
    extra: dict = field(default_factory=dict)

    def options(self) -> dict:
        out = asdict(self)
        for key in ("url", "kind", "id", "added_at"):
            out.pop(key)
        return out

    def keeps(self, url: str) -> bool:
        if self.include and not re.search(self.include, url):
            return False
        return not (self.exclude and re.search(self.exclude, url))


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def check(src: Source) -> Source:
    """Raise BadArgument naming the option when a source cannot work."""
    parts = urlsplit(src.url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise BadArgument(f"URL {src.url!r}: give an http:// or https:// address")
    if src.kind not in KINDS:
        raise BadArgument(f"--kind {src.kind!r}: use one of {', '.join(KINDS)}")
    for name in ("include", "exclude"):
        pattern = getattr(src, name)
        if pattern:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise BadArgument(
                    f"--{name} {pattern!r}: not a regular expression ({exc})"
                ) from None
    if src.max_pages < 1:
        raise BadArgument(f"--max-pages {src.max_pages}: give 1 or more")
    return src


def _from_row(row) -> Source:
    opts = json.loads(row.options_json)
    known = {k: v for k, v in opts.items() if k in Source.__dataclass_fields__}
    return Source(url=row.url, kind=row.kind, id=row.id, added_at=row.added_at, **known)


def add_source(engine, src: Source) -> Source:
    T.ensure(engine)
    check(src)
    with engine.begin() as conn:
        row = conn.execute(select(T.sources).where(T.sources.c.url == src.url)).first()
        values = dict(kind=src.kind, options_json=json.dumps(src.options(), ensure_ascii=False))
        if row:  # adding a URL again updates its options: `watch add` is idempotent
            conn.execute(T.sources.update().where(T.sources.c.id == row.id).values(**values))
        else:
            conn.execute(T.sources.insert().values(url=src.url, added_at=now(), **values))
        row = conn.execute(select(T.sources).where(T.sources.c.url == src.url)).first()
    return _from_row(row)


def list_sources(engine) -> list[Source]:
    T.ensure(engine)
    with engine.connect() as conn:
        return [_from_row(r) for r in conn.execute(select(T.sources).order_by(T.sources.c.id))]


def get_source(engine, ref: int | str) -> Source:
    """A source by id or by URL."""
    for src in list_sources(engine):
        if str(src.id) == str(ref) or src.url == str(ref):
            return src
    raise NotFound(f"no watched source {ref!r}; list them with 'policyscope watch list'")


def remove_source(engine, ref: int | str) -> Source:
    src = get_source(engine, ref)
    with engine.begin() as conn:
        conn.execute(T.sources.delete().where(T.sources.c.id == src.id))
        # the documents stay: they were collected; only the fetch bookkeeping goes
        conn.execute(T.items.delete().where(T.items.c.source_id == src.id))
    return src

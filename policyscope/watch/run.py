"""A watch run: for each source, find its items, fetch what changed, store it as documents.

    report = Collector(ws, fetcher, folder).run(sources, max_items=50)

Each fetched body is written to a file whose path is fixed by its URL (`folder/host/
<hash>.<ext>`) and ingested from there with the source's metadata and the URL, so the
store's own rule makes new content at the same URL a new version of the document. What
HTTP said (status, ETag, Last-Modified, type, final URL, size, time) is kept per URL in
`watch_items`; the validators make the next run's request conditional. An item page's
attachments (PDF, DOCX, HWP/HWPX) are fetched and ingested as documents of their own,
linked to the page by `parent_url`. A text that is a near-duplicate of a stored one
(the page and its PDF) joins that document's work and, in the same series, takes its
series key, so the series counts it once (trend picks one document per key).

A failure is recorded where it happened (the item, or the source when its index cannot be
read) with the URL and the cause; the run goes on with the next item or source.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from sqlalchemy import select

from policyscope.ingest.readers import read_file, sniff
from policyscope.ingest.readers.encoding import declared_html_charset, decode_bytes
from policyscope.model import DocMeta
from policyscope.text import neardup
from policyscope.watch import parse
from policyscope.watch import tables as T
from policyscope.watch.fetch import Fetched, Fetcher, FetchError
from policyscope.watch.report import ItemOutcome, SourceReport
from policyscope.watch.sources import Source, now

MAX_NESTED_SITEMAPS = 20
_EXT_BY_TYPE = {
    "text/html": ".html", "application/xhtml+xml": ".html", "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/x-hwp": ".hwp", "application/haansofthwp": ".hwp",
    "application/vnd.hancom.hwp": ".hwp", "application/vnd.hancom.hwpx": ".hwpx",
    "application/hwp+zip": ".hwpx", "text/plain": ".txt",
}  # fmt: skip


def url_key(url: str) -> str:
    return hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]


def extension(fetched: Fetched) -> str:
    found = sniff(fetched.content)
    if found in ("pdf", "docx", "hwpx", "hwp", "html"):
        return "." + found
    suffix = Path(fetched.final_url.split("?")[0]).suffix.lower()
    if suffix in (".pdf", ".docx", ".hwp", ".hwpx", ".html", ".htm", ".txt"):
        return suffix
    return _EXT_BY_TYPE.get(fetched.content_type, ".txt")


class Collector:
    def __init__(self, ws, fetcher: Fetcher, folder: str | Path, max_items: int | None = None):
        self.ws = ws
        self.engine = ws.store.engine
        self.fetcher = fetcher
        self.folder = Path(folder)
        self.max_items = max_items
        T.ensure(self.engine)
        self._lsh: neardup.LshIndex | None = None

    # -- sources ----------------------------------------------------------------------
    def source(self, src: Source) -> SourceReport:
        report = SourceReport(src.id or 0, src.url, src.kind)
        try:
            found = self.discover(src)
        except FetchError as exc:
            report.error = str(exc)
            return report
        except Exception as exc:  # a broken index page must not stop the other sources
            report.error = f"{src.url}: cannot read the {src.kind} ({type(exc).__name__}: {exc})"
            return report
        kept = [c for c in found if src.keeps(c.url)]
        if self.max_items is not None:
            kept = kept[: self.max_items]
        for cand in kept:
            report.items += self.item(src, cand)
        return report

    def discover(self, src: Source) -> list[parse.Candidate]:
        if src.kind == "page":
            return [parse.Candidate(src.url)]
        if src.kind == "listing":
            return self._listing(src)
        fetched = self._index(src, src.url)
        if fetched is None:  # 304: the feed or sitemap is as it was; its items are known
            return self._known_items(src)
        if src.kind == "feed":
            return parse.feed_items(fetched.content, fetched.final_url)
        pages, nested = parse.sitemap_items(fetched.content, fetched.final_url)
        for url in nested[:MAX_NESTED_SITEMAPS]:
            sub = self._index(src, url, conditional=False)
            pages += parse.sitemap_items(sub.content, sub.final_url)[0] if sub else []
        return pages

    def _listing(self, src: Source) -> list[parse.Candidate]:
        out, seen, url = [], set(), src.url
        for _page in range(src.max_pages):
            fetched = self._index(src, url, conditional=False)
            assert fetched is not None  # None answers a conditional request only
            html = self._html(fetched)
            for cand in parse.listing_items(html, fetched.final_url, src.selector):
                if cand.url not in seen:
                    seen.add(cand.url)
                    out.append(cand)
            following = parse.next_page(html, fetched.final_url, src.next_page)
            if not following or following in seen or following == src.url:
                break
            seen.add(following)
            url = following
        return out

    def _index(self, src: Source, url: str, conditional: bool = True) -> Fetched | None:
        row = self._row(src, url)
        etag = row.etag if row is not None and conditional else None
        modified = row.last_modified if row is not None and conditional else None
        fetched = self.fetcher.get(url, etag, modified)
        self._remember(src, url, "index", fetched)
        return None if fetched.not_modified else fetched

    def _known_items(self, src: Source) -> list[parse.Candidate]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(T.items.c.url, T.items.c.title, T.items.c.lastmod)
                .where(T.items.c.source_id == src.id)
                .where(T.items.c.role == "item")
                .order_by(T.items.c.id)
            ).all()
        return [parse.Candidate(u, t, d) for u, t, d in rows]

    # -- items ------------------------------------------------------------------------
    def item(self, src: Source, cand: parse.Candidate, parent=None) -> list[ItemOutcome]:
        """Fetch one item (or attachment, with `parent` its page's outcome and candidate)."""
        role = "attachment" if parent else "item"
        parent_url = parent[0].url if parent else None
        row = self._row(src, cand.url)
        try:
            fetched = self.fetcher.get(
                cand.url, row.etag if row is not None else None,
                row.last_modified if row is not None else None,
            )  # fmt: skip
        except FetchError as exc:
            status = "skipped" if "robots.txt" in exc.cause and exc.status is None else "failed"
            self._remember(src, cand.url, role, None, cand, parent_url, error=exc.cause)
            # the cause alone when it is this URL's; else name the URL it concerns
            cause = exc.cause if exc.url == cand.url else str(exc)
            return [ItemOutcome(cand.url, role, status, parent_url=parent_url, error=cause)]
        sha = hashlib.sha256(fetched.content).hexdigest() if not fetched.not_modified else None
        if fetched.not_modified or (row is not None and row.sha256 == sha and row.doc_id):
            self._remember(src, cand.url, role, fetched, cand, parent_url, sha256=row.sha256)
            status = "not_modified" if fetched.not_modified else "unchanged"
            out = [ItemOutcome(cand.url, role, status, row.doc_id, parent_url=parent_url)]
            return out + self._retry_attachments(src, cand, out[0]) if not parent else out
        outcome = self._store(src, cand, fetched, parent)
        self._remember(src, cand.url, role, fetched, cand, parent_url, sha256=sha,
                       doc_id=outcome.doc_id, error=outcome.error)  # fmt: skip
        out = [outcome]
        if not parent and src.follow_attachments and extension(fetched) == ".html":
            for att in parse.attachments(self._html(fetched), fetched.final_url):
                # --include picks items; an item's attachments obey --exclude only
                if not (src.exclude and re.search(src.exclude, att.url)):
                    out += self.item(src, att, parent=(outcome, cand))
        return out

    def _retry_attachments(self, src: Source, cand, page: ItemOutcome) -> list[ItemOutcome]:
        """The page did not change, so neither did its links; only failed attachments again."""
        if not src.follow_attachments:
            return []
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(T.items.c.url, T.items.c.title)
                .where(T.items.c.source_id == src.id)
                .where(T.items.c.parent_url == cand.url)
                .where(T.items.c.error.is_not(None))
            ).all()
        out = []
        for url, title in rows:
            out += self.item(src, parse.Candidate(url, title), parent=(page, cand))
        return out

    def _store(self, src: Source, cand, fetched: Fetched, parent) -> ItemOutcome:
        role = "attachment" if parent else "item"
        parent_url = parent[0].url if parent else None
        path = self._write(fetched)
        sig = _signature_of(path)
        work = self._work_for(sig, parent[0].doc_id if parent else None)
        meta = self._meta(src, cand, parent, work)
        result = self.ws.ingest([path], meta=meta)[0]
        outcome = ItemOutcome(cand.url, role, result.status, result.doc_id, result.version,
                              parent_url, result.error)  # fmt: skip
        if result.status == "failed":
            return outcome
        if result.doc_id and sig is not None:
            work_id = work[0] if work else result.doc_id
            self._link(result.doc_id, work_id, work[1] if work else None, sig)
            outcome.work_id = work_id if work else None
        return outcome

    # -- files, metadata, works -------------------------------------------------------
    def _write(self, fetched: Fetched) -> Path:
        host = fetched.url.split("/")[2].replace(":", "_")
        ext = extension(fetched)
        path = self.folder / host / (url_key(fetched.url) + ext)
        path.parent.mkdir(parents=True, exist_ok=True)
        body = fetched.content
        # the HTTP header is the only place some servers name a page's charset (GBK, EUC-KR):
        # such a page is stored as UTF-8, which the HTML reader tries first
        if ext == ".html" and fetched.charset and not declared_html_charset(body):
            body = self._html(fetched).encode("utf-8")
        tmp = path.with_suffix(ext + ".part")
        tmp.write_bytes(body)
        tmp.replace(path)  # a killed run never leaves half a file where a document was
        return path

    def _html(self, fetched: Fetched) -> str:
        declared = declared_html_charset(fetched.content) or fetched.charset
        return decode_bytes(fetched.content, fetched.final_url, declared=declared)

    def _meta(self, src: Source, cand, parent, work) -> DocMeta:
        date = cand.date or (parent[1].date if parent else None)
        key = None
        if src.series:
            same_series = work and work[2] == src.series and work[3]
            key = work[3] if same_series else f"{date or now()[:10]}-{url_key(cand.url)[:6]}"
        return DocMeta(
            title=None if parent else cand.title, date=date, issuer=src.issuer,
            # an attachment's language is its own (a Korean HWP under a Chinese page)
            country=src.country, language=None if parent else src.lang, doc_type=src.doc_type,
            series=src.series, series_key=key, url=cand.url,
        )  # fmt: skip

    def _index_of_works(self) -> neardup.LshIndex:
        if self._lsh is None:
            lsh = neardup.LshIndex()
            self._works: dict[int, int] = {}
            with self.engine.connect() as conn:
                for doc_id, work_id, sig in conn.execute(
                    select(T.works.c.doc_id, T.works.c.work_id, T.works.c.signature)
                ):
                    if sig:
                        lsh.add(doc_id, json.loads(sig))
                        self._works[doc_id] = work_id
            self._lsh = lsh
        return self._lsh

    def _work_for(self, sig, parent_doc: int | None):
        """(work_id, similarity, series, series_key) of the stored work `sig` repeats."""
        if sig is None:
            return None
        lsh = self._index_of_works()
        hit: tuple[int, float] | None = None
        if parent_doc is not None and parent_doc in lsh.signatures:
            score = neardup.similarity(sig, lsh.signatures[parent_doc])
            hit = (parent_doc, score) if score >= neardup.THRESHOLD else None
        hit = hit or lsh.best(sig)
        if not hit:
            return None
        work_id = self._works.get(hit[0], hit[0])
        doc = self.ws.store.document(work_id)
        return work_id, hit[1], doc.series, doc.series_key

    def _link(self, doc_id: int, work_id: int, score: float | None, sig: list[int]) -> None:
        with self.engine.begin() as conn:
            conn.execute(T.works.delete().where(T.works.c.doc_id == doc_id))
            conn.execute(
                T.works.insert().values(
                    doc_id=doc_id, work_id=work_id, similarity=score, signature=json.dumps(sig)
                )
            )
        self._index_of_works().add(doc_id, sig)
        self._works[doc_id] = work_id

    # -- bookkeeping ------------------------------------------------------------------
    def _row(self, src: Source, url: str):
        with self.engine.connect() as conn:
            return conn.execute(
                select(T.items).where(T.items.c.source_id == src.id).where(T.items.c.url == url)
            ).first()

    def _remember(self, src, url, role, fetched, cand=None, parent_url=None, **values) -> None:
        """Record what HTTP said about `url` (fetched None: the attempt failed)."""
        stamp = now()
        values.setdefault("error", None)
        if fetched is not None:
            h = fetched.headers
            values.update(
                status=fetched.status, fetched_at=fetched.fetched_at, final_url=fetched.final_url
            )
            if not fetched.not_modified:
                values.update(
                    etag=h.get("etag"), last_modified=h.get("last-modified"),
                    content_type=fetched.content_type, bytes=len(fetched.content),
                )  # fmt: skip
        if cand is not None:
            values.update(title=cand.title, lastmod=cand.date)
        row = self._row(src, url)
        with self.engine.begin() as conn:
            if row is None:
                conn.execute(
                    T.items.insert().values(
                        source_id=src.id,
                        url=url,
                        role=role,
                        parent_url=parent_url,
                        first_seen=stamp,
                        **values,
                    )  # fmt: skip
                )
            else:
                conn.execute(T.items.update().where(T.items.c.id == row.id).values(**values))


def _signature_of(path: Path) -> list[int] | None:
    try:
        return neardup.signature(read_file(path).text)
    except Exception:  # ingest reads it again and reports the failure with its cause
        return None

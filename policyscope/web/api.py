"""JSON API, mounted at /api/v1. Every handler is one call (or two) to Workspace; every list
is a page: `{"items": [...], "total": N, "limit": L, "offset": O, "next_offset": O2|null}`."""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from policyscope.errors import BadArgument, NotFound
from policyscope.output import rows_of
from policyscope.web import params as P
from policyscope.web.export import export_response
from policyscope.web.links import count_url, span_url
from policyscope.workspace import Workspace

router = APIRouter(tags=["policyscope"])

MAX_LIMIT = 200
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Page size (at most 200)")]
Offset = Annotated[int, Query(ge=0, le=P.MAX_OFFSET, description="Rows to skip")]
Str = Annotated[str | None, Query(max_length=P.MAX_TEXT)]
Doc = Annotated[str | None, Query(max_length=P.MAX_REF, description="Document id or path")]
DateFrom = Annotated[str | None, Query(alias="from", max_length=10)]
DateTo = Annotated[str | None, Query(alias="to", max_length=10)]
RULES = ("literal", "token", "concept")


class PageOut(BaseModel):
    items: list[dict[str, Any]]
    total: int
    limit: int
    offset: int
    next_offset: int | None


class JobOut(BaseModel):
    id: int
    file: str
    status: str
    created: str
    outcomes: list[dict[str, Any]]
    error: str | None
    status_url: str


class FastJSON(JSONResponse):
    """Rows are already plain JSON values: skip FastAPI's per-value encoder, which costs
    more than the query on a long list."""

    def render(self, content) -> bytes:
        return json.dumps(content, ensure_ascii=False, separators=(",", ":"), default=str).encode()


def get_ws(request: Request):
    return request.app.state.ws


WS = Annotated[Workspace, Depends(get_ws)]


def check_lang(lang: str | None) -> str | None:
    return P.lang(lang)


def check_date(name: str, value: str | None) -> str | None:
    return P.date(name, value)


def public(request: Request, rows: list[dict]) -> list[dict]:
    """Rows with server paths made relative to the workspace (or cut to the file name)."""
    paths = request.app.state.web.paths
    return [paths.row(r) for r in rows]


def paged(request: Request, items: list, limit: int, offset: int, total: int | None = None):
    return FastJSON(page_body(request, items, limit, offset, total))


def plain(items: list) -> list[dict]:
    """Rows as dicts, one level deep: dataclasses.asdict (rows_of) copies every nested value
    recursively, which cost more than the query on a page of paragraphs."""
    return [
        {c: getattr(r, c) for c in r.columns()} if hasattr(r, "columns") else dict(r) for r in items
    ]


def page_body(request: Request, items: list, limit: int, offset: int, total: int | None = None):
    """One page of `items` (the whole list, unless `total` says it is already a page)."""
    if total is None:
        total, items = len(items), items[offset : offset + limit]
    more = offset + len(items) < total
    return {
        "items": public(request, plain(items)),
        "total": total,
        "limit": limit,
        "offset": offset,
        "next_offset": offset + len(items) if more else None,
    }


def parse_terms(terms: str) -> list[str]:
    out = [t.strip() for t in terms.split(",") if t.strip()]
    if not out:
        raise BadArgument("terms: give one or more terms, comma separated (terms=a,b)")
    if len(out) > 12:
        raise BadArgument(f"terms: at most 12 terms (got {len(out)})")
    return out


# ------------------------------------------------------------------ documents

R = Request


@router.get("/documents", summary="Documents in the workspace", response_model=PageOut)
def documents(
    request: R,
    ws: WS,
    series: Str = None,
    superseded: bool = False,
    limit: Limit = 100,
    offset: Offset = 0,
):
    docs = ws.documents(series=P.text("series", series), include_superseded=superseded)
    return paged(request, docs, limit, offset)


@router.get(
    "/documents/{ref:path}", summary="One document (id or path) with a page of its paragraphs"
)
def document(
    request: R,
    ws: WS,
    ref: str,
    text: bool = False,
    mentions: bool = False,
    limit: Limit = 100,
    offset: Offset = 0,
):
    """`text=true` adds the text of the paragraphs on this page (never the whole text of a
    long document: page through it)."""
    d = ws.document(P.doc_ref(ref, "document") or "")
    out = request.app.state.web.paths.row(d.to_dict())
    segs = cached(ws, ("segments", d.id), lambda: ws.segments(d.id))
    out["paragraphs"] = page_body(request, segs, limit, offset)
    shown = segs[offset : offset + limit]
    lo, hi = (shown[0].start, shown[-1].end) if shown else (0, 0)
    if text:
        out["text"] = ws.text(d.id)[lo:hi]
        out["text_start"] = lo
    if mentions:
        spans = [m for m in ws.doc_mentions(d.id) if m.end > lo and m.start < hi]
        out["mentions"] = rows_of(spans)
    return FastJSON(out)


# ------------------------------------------------------------------ find

SEARCH_COUNT_CAP = 1000


@router.get(
    "/search",
    summary="Ranked paragraphs (BM25); `parts` mark the matches (the « » of `snippet` may be text)",
    response_model=PageOut,
)
def search(
    request: R,
    ws: WS,
    q: Annotated[str, Query(min_length=1, max_length=P.MAX_QUERY, description="concept:ID ok")],
    series: Str = None,
    lang: Str = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    doc: Doc = None,
    limit: Limit = 20,
    offset: Offset = 0,
):
    """`total` counts every matching paragraph up to 1,000 (then it says 1000 and
    `next_offset` goes on)."""
    kw = dict(
        series=P.text("series", series),
        lang=check_lang(lang),
        date_from=check_date("from", date_from),
        date_to=check_date("to", date_to),
        doc=P.doc_ref(doc),
    )
    marked, total = search_page(ws, q, kw, limit, offset)
    hits = [hit for hit, _ in marked]
    out = page_body(request, hits, limit, offset, total=max(total, offset + len(hits)))
    for item, (_, parts) in zip(out["items"], marked, strict=True):
        item["parts"] = [{"text": text, "match": match} for text, match in parts]
    if total >= SEARCH_COUNT_CAP and len(hits) == limit:
        out["next_offset"] = offset + limit
    return FastJSON(out)


def search_page(ws, q: str, kw: dict, limit: int, offset: int):
    """([(hit, snippet parts)] on this page, total up to SEARCH_COUNT_CAP)."""
    hits = ws.search_marked(q, limit=limit, offset=offset, **kw)
    if offset == 0 and len(hits) < limit:
        return hits, len(hits)
    key = ("search_count", q, tuple(sorted(kw.items())))
    return hits, cached(ws, key, lambda: ws.search_count(q, cap=SEARCH_COUNT_CAP, **kw))


def kwic_page(ws, term: str, kw: dict, limit: int, offset: int, rule: str = "literal"):
    """(lines on this page, total). The one place to switch to KWIC's own paging (limit and
    offset in the Workspace) when it has it; until then the whole list is cut here."""
    key = ("kwic", term, rule, tuple(sorted(kw.items())))
    lines = cached(ws, key, lambda: ws.rule_lines(term, rule=rule, **kw))
    return lines[offset : offset + limit], len(lines)


def cached(ws, key, make):
    """Through the app's result cache when `ws` is the app's (see web.cache)."""
    return ws.cached(key, make) if hasattr(ws, "cached") else make()


@router.get(
    "/kwic",
    summary="Every occurrence of a term (or concept:ID) in context",
    response_model=PageOut,
)
def kwic(
    request: R,
    ws: WS,
    term: Annotated[str, Query(min_length=1, max_length=P.MAX_QUERY)],
    series: Str = None,
    lang: Str = None,
    doc: Doc = None,
    window: Annotated[int, Query(ge=0, le=500)] = 30,
    rule: str = "literal",
    limit: Limit = 50,
    offset: Offset = 0,
):
    """`rule=token|concept` gives the lines a trend count under that rule counted."""
    kw = dict(
        window=window, series=P.text("series", series), lang=check_lang(lang), doc=P.doc_ref(doc)
    )
    rule = P.choice("rule", rule, RULES)
    lines, total = kwic_page(ws, term, kw, limit, offset, rule)
    return paged(request, lines, limit, offset, total=total)


# ------------------------------------------------------------------ knowledge


@router.get("/concepts", summary="Pack concepts with mention counts", response_model=PageOut)
def concepts(
    request: R, ws: WS, q: Str = None, series: Str = None, limit: Limit = 100, offset: Offset = 0
):
    rows = ws.concepts(P.text("q", q), series=P.text("series", series))
    return paged(request, rows, limit, offset)


@router.get("/entities", summary="Pack entities with mention counts", response_model=PageOut)
def entities(
    request: R,
    ws: WS,
    q: Str = None,
    type: Str = None,  # noqa: A002
    series: Str = None,
    limit: Limit = 100,
    offset: Offset = 0,
):
    rows = ws.entities(P.text("q", q), type=P.text("type", type), series=P.text("series", series))
    return paged(request, rows, limit, offset)


@router.get(
    "/mentions/{item}",
    summary="Per document: mentions of a concept or entity",
    response_model=PageOut,
)
def mentions(
    request: R,
    ws: WS,
    item: Annotated[str, P.ITEM_PATH],
    series: Str = None,
    doc: Doc = None,
    narrower: bool = False,
    limit: Limit = 100,
    offset: Offset = 0,
):
    rows = ws.mentions(item, series=P.text("series", series), doc=P.doc_ref(doc), narrower=narrower)
    return paged(request, rows, limit, offset)


# ------------------------------------------------------------------ facts


def facts_filter(doc, metric, subject, kind, period, series) -> dict:
    return dict(
        doc=P.doc_ref(doc),
        metric=P.text("metric", metric),
        subject=P.text("subject", subject),
        kind=P.text("kind", kind),
        period=P.text("period", period),
        series=P.text("series", series),
    )


@router.get("/facts", summary="Extracted figures with provenance", response_model=PageOut)
def facts(
    request: R,
    ws: WS,
    doc: Doc = None,
    metric: Str = None,
    subject: Str = None,
    kind: Str = None,
    period: Str = None,
    series: Str = None,
    limit: Limit = 100,
    offset: Offset = 0,
):
    """Each figure's `url` opens its span in the reader."""
    flt = facts_filter(doc, metric, subject, kind, period, series)
    rows = cached(ws, ("facts", *sorted(flt.items())), lambda: ws.facts(**flt))
    body = page_body(request, rows, limit, offset)
    for row in body["items"]:
        row["url"] = span_url(row.get("doc_id"), row.get("start"), row.get("end"))
    return FastJSON(body)


@router.get("/timeline", summary="Dated events in date order", response_model=PageOut)
def timeline(
    request: R,
    ws: WS,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    actor: Str = None,
    doc: Doc = None,
    series: Str = None,
    limit: Limit = 100,
    offset: Offset = 0,
):
    rows = ws.timeline(
        date_from=check_date("from", date_from),
        date_to=check_date("to", date_to),
        actor=P.text("actor", actor),
        doc=P.doc_ref(doc),
        series=P.text("series", series),
    )
    return paged(request, rows, limit, offset)


SPAN_SIDES = ("target", "actual", "a", "b")  # targets: target/actual; conflicts: a/b


def add_span_urls(row: dict) -> None:
    """`<side>_url` beside each `<side>_doc_id/_start/_end`: the figure's span in the reader."""
    for side in SPAN_SIDES:
        if f"{side}_doc_id" in row:
            row[f"{side}_url"] = span_url(
                row[f"{side}_doc_id"], row.get(f"{side}_start"), row.get(f"{side}_end")
            )


def _by_metric(method: str, path: str, summary: str) -> None:
    """A paged list from Workspace.<method>(metric=, subject=): targets, conflicts."""

    def handler(
        request: R,
        ws: WS,
        metric: Str = None,
        subject: Str = None,
        limit: Limit = 100,
        offset: Offset = 0,
    ):
        flt = {"metric": P.text("metric", metric), "subject": P.text("subject", subject)}
        key = (method, *sorted(flt.items()))  # seconds on a big store: made once, then paged
        rows = cached(ws, key, lambda: getattr(ws, method)(**flt))
        body = page_body(request, rows, limit, offset)
        for row in body["items"]:
            add_span_urls(row)
        return FastJSON(body)

    handler.__name__ = method
    router.get(path, summary=summary, response_model=PageOut)(handler)


_by_metric("targets", "/targets", "Targets joined with actuals, with a status")
_by_metric("conflicts", "/conflicts", "Claims whose figures disagree, classified")


@router.get(
    "/export/{what}.{fmt}",
    summary="Every row of facts or conflicts, streamed as CSV or JSON lines",
    responses={200: {"content": {"text/csv": {}, "application/x-ndjson": {}}}},
)
def export(
    request: R,
    ws: WS,
    what: Annotated[str, P.EXPORT_WHAT],
    fmt: Annotated[str, P.EXPORT_FMT],
    doc: Doc = None,
    metric: Str = None,
    subject: Str = None,
    kind: Str = None,
    period: Str = None,
    series: Str = None,
):
    if what == "facts":
        flt = facts_filter(doc, metric, subject, kind, period, series)
        rows = cached(ws, ("facts", *sorted(flt.items())), lambda: ws.facts(**flt))
    else:
        flt = {"metric": P.text("metric", metric), "subject": P.text("subject", subject)}
        rows = cached(ws, ("conflicts", *sorted(flt.items())), lambda: ws.conflicts(**flt))
    return export_response(rows, what, fmt, request.app.state.web.paths.row)


# ------------------------------------------------------------------ series


@router.get("/trend", summary="Count of each term in each member of a series")
def trend(
    request: R,
    ws: WS,
    terms: Annotated[str, Query(min_length=1, max_length=P.MAX_QUERY, description="a,b")],
    series: Annotated[str, Query(min_length=1, max_length=P.MAX_TEXT)],
    rule: str = "literal",
    per: str = "raw",
    lang: Str = None,
):
    """Each row's `kwic_url` opens the lines that row's rule counted."""
    rule = P.choice("rule", rule, RULES)
    per = P.choice("per", per, ("raw", "10k"))
    res = ws.trend(parse_terms(terms), series, rule=rule, per=per, lang=check_lang(lang))
    rows = rows_of(res.table(include_missing=True))
    for r in rows:
        r["kwic_url"] = count_url("/api/v1/kwic", r["term"], rule, r.get("doc_id"), lang)
    return {
        "series": res.series,
        "rule": res.rule,
        "per": res.per,
        "keys": res.keys,
        "missing": res.missing,
        "langs": res.langs,
        "units": res.units,
        "warning": res.warning(),
        "total": len(rows),
        "rows": rows,
    }


@router.get(
    "/first",
    summary="First and last member of a series where each term occurs",
    response_model=PageOut,
)
def first(
    request: R,
    ws: WS,
    terms: Annotated[str, Query(min_length=1, max_length=P.MAX_QUERY)],
    series: Annotated[str, Query(min_length=1, max_length=P.MAX_TEXT)],
    rule: str = "literal",
    lang: Str = None,
    limit: Limit = 100,
    offset: Offset = 0,
):
    rule = P.choice("rule", rule, RULES)
    rows = ws.first(parse_terms(terms), series, rule=rule, lang=check_lang(lang))
    return paged(request, rows, limit, offset)


@router.get(
    "/verify",
    summary="Verdicts for the checkable claims of a secondary document",
    response_model=PageOut,
)
def verify(
    request: R,
    ws: WS,
    doc: Annotated[str, Query(min_length=1, max_length=P.MAX_REF)],
    against: Annotated[str | None, Query(max_length=P.MAX_TEXT)] = None,
    limit: Limit = 100,
    offset: Offset = 0,
):
    rows = ws.verify(P.doc_ref(doc), against=against or ws.main_series)
    return paged(request, rows, limit, offset)


# ------------------------------------------------------------------ ingest

_UNSAFE = re.compile(r"[^\w.\-]+")


def safe_name(filename: str | None) -> str:
    """The file's base name with anything but letters, digits, '.', '-', '_' replaced."""
    base = Path((filename or "").replace("\\", "/")).name
    stem, suffix = Path(base).stem, Path(base).suffix.lower()
    stem = _UNSAFE.sub("_", stem).strip("._")[:80] or "upload"
    return f"{stem}{suffix}"


def store_upload(state, file: UploadFile, name: str) -> tuple[Path, int, bool]:
    """Write the upload under its content hash: (path, bytes, already there). The same bytes
    uploaded again reuse the stored copy instead of keeping a second one."""
    state.upload_dir.mkdir(parents=True, exist_ok=True)
    tmp = state.upload_dir / f".part-{secrets.token_hex(8)}"
    digest, size = hashlib.sha256(), 0
    try:
        with tmp.open("xb") as fh:
            while chunk := file.file.read(1 << 16):
                size += len(chunk)
                if size > state.max_upload:
                    raise HTTPException(413, f"file larger than {state.max_upload} bytes")
                digest.update(chunk)
                fh.write(chunk)
        if size == 0:
            raise BadArgument("the uploaded file is empty")
        dest = state.upload_dir / f"{digest.hexdigest()[:16]}-{name}"
        known = next(state.upload_dir.glob(f"{digest.hexdigest()[:16]}-*"), None)
        if known is not None:
            return known, size, True
        tmp.rename(dest)
        return dest, size, False
    finally:
        tmp.unlink(missing_ok=True)


@router.post(
    "/ingest",
    summary="Upload a file; it is ingested in the background (needs the bearer token)",
    status_code=202,
    response_model=JobOut,
)
def ingest(
    request: R,
    file: Annotated[UploadFile, File(description="A .txt, .md, .html, .pdf, .docx, .hwp(x)")],
    series: Annotated[str | None, Form(max_length=P.MAX_TEXT)] = None,
    series_key: Annotated[str | None, Form(max_length=P.MAX_TEXT)] = None,
    title: Annotated[str | None, Form(max_length=P.MAX_TITLE)] = None,
    date: Annotated[str | None, Form(max_length=10)] = None,
    lang: Annotated[str | None, Form(max_length=2)] = None,
):
    """The token was checked before the body was read (policyscope.web.guard). Answers 202
    with the job; poll its `status_url`."""
    state = request.app.state.web
    name = safe_name(file.filename)
    suffix = Path(name).suffix
    if suffix not in Workspace.readable_suffixes:
        allowed = ", ".join(sorted(Workspace.readable_suffixes))
        raise HTTPException(415, f"file type {suffix or '(none)'!r} not accepted; use {allowed}")
    meta = {
        "title": P.text("title", title, P.MAX_TITLE),
        "date": check_date("date", date),
        "language": check_lang(lang),
        "series": P.text("series", series),
        "series_key": P.text("series_key", series_key),
    }
    meta = {k: v for k, v in meta.items() if v}
    dest, size, known = store_upload(state, file, name)
    clean = None if known else (lambda: dest.unlink(missing_ok=True))
    job = state.jobs.submit(str(dest), name, meta, clean=clean)
    out = job.to_dict() | {"bytes": size, "stored_as": dest.name}
    return JSONResponse(out, status_code=202, headers={"Location": out["status_url"]})


@router.get("/jobs/{job_id}", summary="An upload job's status and outcomes", response_model=JobOut)
def job_status(request: R, job_id: Annotated[str, P.ID_PATH]):
    job = request.app.state.web.jobs.get(P.whole("job_id", job_id, 0, lo=1, hi=P.MAX_ID))
    if job is None:
        raise NotFound(f"no job {job_id}")
    out = job.to_dict()
    out["outcomes"] = public(request, out["outcomes"])
    out["error"] = request.app.state.web.paths.message(out["error"]) if out["error"] else None
    return out

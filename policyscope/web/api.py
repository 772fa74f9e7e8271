"""JSON API, mounted at /api/v1. Every handler is one call (or two) to Workspace."""

from __future__ import annotations

import hmac
import re
import secrets
from pathlib import Path
from typing import Annotated, Any

from fastapi import (
    APIRouter,
    Depends,
    File,
    Form,
    Header,
    HTTPException,
    Query,
    Request,
    UploadFile,
)

from policyscope.errors import BadArgument
from policyscope.ingest.readers import SUPPORTED_SUFFIXES
from policyscope.model import DocMeta
from policyscope.output import rows_of
from policyscope.workspace import Workspace

router = APIRouter(tags=["policyscope"])

MAX_LIMIT = 200
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Page size")]
Offset = Annotated[int, Query(ge=0, description="Rows to skip")]
Str = Annotated[str | None, Query()]
LANG_RE = re.compile(r"^(ko|zh|ja|en)$")
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def get_ws(request: Request):
    with request.app.state.web.workspace() as ws:
        yield ws


WS = Annotated[Workspace, Depends(get_ws)]


def check_lang(lang: str | None) -> str | None:
    if lang and not LANG_RE.match(lang):
        raise BadArgument(f"lang {lang!r}: use ko, zh, ja or en")
    return lang or None


def check_date(name: str, value: str | None) -> str | None:
    if value and not DATE_RE.match(value):
        raise BadArgument(f"{name} {value!r}: use an ISO date, e.g. 2024, 2024-03 or 2024-03-05")
    return value or None


def page(items: list, limit: int, offset: int, total: int | None = None, more: bool = False):
    out: dict[str, Any] = {"items": rows_of(items), "limit": limit, "offset": offset}
    if total is not None:
        out["total"] = total
        more = offset + len(items) < total
    out["next_offset"] = offset + len(items) if more else None
    return out


def parse_terms(terms: str) -> list[str]:
    out = [t.strip() for t in terms.split(",") if t.strip()]
    if not out:
        raise BadArgument("terms: give one or more terms, comma separated (terms=a,b)")
    if len(out) > 12:
        raise BadArgument(f"terms: at most 12 terms (got {len(out)})")
    return out


# ------------------------------------------------------------------ documents


@router.get("/documents", summary="Documents in the workspace")
def documents(ws: WS, series: Str = None, superseded: bool = False):
    return rows_of(ws.documents(series=series or None, include_superseded=superseded))


@router.get("/documents/{ref}", summary="One document (id or path) with its paragraphs")
def document(ws: WS, ref: str, text: bool = False, mentions: bool = False):
    d = ws.document(ref)
    out = d.to_dict()
    out["paragraphs"] = rows_of(ws.segments(d.id))
    if text:
        out["text"] = ws.text(d.id)
    if mentions:
        out["mentions"] = rows_of(ws.doc_mentions(d.id))
    return out


# ------------------------------------------------------------------ find


@router.get("/search", summary="Ranked paragraphs (BM25); snippet marks matches «so»")
def search(
    ws: WS,
    q: Annotated[str, Query(min_length=1, description="Query; concept:ID expands")],
    series: Str = None,
    lang: Str = None,
    date_from: Annotated[str | None, Query(alias="from")] = None,
    date_to: Annotated[str | None, Query(alias="to")] = None,
    doc: Str = None,
    limit: Limit = 20,
    offset: Offset = 0,
):
    hits = ws.search(
        q,
        series=series or None,
        lang=check_lang(lang),
        date_from=check_date("from", date_from),
        date_to=check_date("to", date_to),
        doc=doc or None,
        limit=limit + 1,
        offset=offset,
    )
    return page(hits[:limit], limit, offset, more=len(hits) > limit)


@router.get("/kwic", summary="Every literal occurrence of a term (or concept:ID) in context")
def kwic(
    ws: WS,
    term: Annotated[str, Query(min_length=1)],
    series: Str = None,
    lang: Str = None,
    doc: Str = None,
    window: Annotated[int, Query(ge=0, le=500)] = 30,
    limit: Limit = 50,
    offset: Offset = 0,
):
    lines = ws.kwic(
        term, window=window, series=series or None, lang=check_lang(lang), doc=doc or None
    )
    return page(lines[offset : offset + limit], limit, offset, total=len(lines))


# ------------------------------------------------------------------ knowledge


@router.get("/concepts", summary="Pack concepts with mention counts")
def concepts(ws: WS, q: Str = None, series: Str = None):
    return rows_of(ws.concepts(q or None, series=series or None))


@router.get("/entities", summary="Pack entities with mention counts")
def entities(ws: WS, q: Str = None, type: Str = None, series: Str = None):  # noqa: A002
    return rows_of(ws.entities(q or None, type=type or None, series=series or None))


@router.get("/mentions/{item}", summary="Per document: mentions of a concept or entity")
def mentions(ws: WS, item: str, series: Str = None, doc: Str = None, narrower: bool = False):
    return rows_of(ws.mentions(item, series=series or None, doc=doc or None, narrower=narrower))


# ------------------------------------------------------------------ facts


@router.get("/facts", summary="Extracted figures with provenance")
def facts(
    ws: WS,
    doc: Str = None,
    metric: Str = None,
    subject: Str = None,
    kind: Str = None,
    period: Str = None,
    series: Str = None,
):
    return rows_of(
        ws.facts(
            doc=doc or None,
            metric=metric or None,
            subject=subject or None,
            kind=kind or None,
            period=period or None,
            series=series or None,
        )
    )


@router.get("/timeline", summary="Dated events in date order")
def timeline(
    ws: WS,
    date_from: Annotated[str | None, Query(alias="from")] = None,
    date_to: Annotated[str | None, Query(alias="to")] = None,
    actor: Str = None,
    doc: Str = None,
    series: Str = None,
):
    return rows_of(
        ws.timeline(
            date_from=check_date("from", date_from),
            date_to=check_date("to", date_to),
            actor=actor or None,
            doc=doc or None,
            series=series or None,
        )
    )


@router.get("/targets", summary="Targets joined with actuals, with a status")
def targets(ws: WS, metric: Str = None, subject: Str = None):
    return rows_of(ws.targets(metric=metric or None, subject=subject or None))


@router.get("/conflicts", summary="Claims whose figures disagree, classified")
def conflicts(ws: WS, metric: Str = None, subject: Str = None):
    return rows_of(ws.conflicts(metric=metric or None, subject=subject or None))


# ------------------------------------------------------------------ series


@router.get("/trend", summary="Count of each term in each member of a series")
def trend(
    ws: WS,
    terms: Annotated[str, Query(min_length=1, description="Comma separated; concept:ID ok")],
    series: Annotated[str, Query(min_length=1)],
    rule: str = "literal",
    per: str = "raw",
    lang: Str = None,
):
    res = ws.trend(parse_terms(terms), series, rule=rule, per=per, lang=check_lang(lang))
    return {
        "series": res.series,
        "rule": res.rule,
        "per": res.per,
        "keys": res.keys,
        "missing": res.missing,
        "langs": res.langs,
        "units": res.units,
        "warning": res.warning(),
        "rows": rows_of(res.table(include_missing=True)),
    }


@router.get("/first", summary="First and last member of a series where each term occurs")
def first(
    ws: WS,
    terms: Annotated[str, Query(min_length=1)],
    series: Annotated[str, Query(min_length=1)],
    rule: str = "literal",
    lang: Str = None,
):
    return rows_of(ws.first(parse_terms(terms), series, rule=rule, lang=check_lang(lang)))


@router.get("/verify", summary="Verdicts for the checkable claims of a secondary document")
def verify(ws: WS, doc: Annotated[str, Query(min_length=1)], against: str = "cn-gwr"):
    return rows_of(ws.verify(doc, against=against))


# ------------------------------------------------------------------ ingest

_UNSAFE = re.compile(r"[^\w.\-]+")


def safe_name(filename: str | None) -> str:
    """The file's base name with anything but letters, digits, '.', '-', '_' replaced."""
    base = Path((filename or "").replace("\\", "/")).name
    stem, suffix = Path(base).stem, Path(base).suffix.lower()
    stem = _UNSAFE.sub("_", stem).strip("._")[:80] or "upload"
    return f"{stem}{suffix}"


def require_token(request: Request, authorization: str | None) -> None:
    token = request.app.state.web.token
    if not token:
        raise HTTPException(403, "uploads are disabled: start the server with POLICYSCOPE_TOKEN")
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip(), token):
        raise HTTPException(
            401,
            "missing or wrong token: send 'Authorization: Bearer <token>'",
            headers={"WWW-Authenticate": "Bearer"},
        )


@router.post("/ingest", summary="Upload a file and ingest it (needs the bearer token)")
def ingest(
    request: Request,
    file: Annotated[UploadFile, File(description="A .txt, .md, .html, .pdf, .docx, .hwp(x)")],
    authorization: Annotated[str | None, Header()] = None,
    series: Annotated[str | None, Form()] = None,
    series_key: Annotated[str | None, Form()] = None,
    title: Annotated[str | None, Form()] = None,
    date: Annotated[str | None, Form()] = None,
    lang: Annotated[str | None, Form()] = None,
):
    require_token(request, authorization)
    state = request.app.state.web
    name = safe_name(file.filename)
    suffix = Path(name).suffix
    if suffix not in SUPPORTED_SUFFIXES:
        allowed = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise HTTPException(415, f"file type {suffix or '(none)'!r} not accepted; use {allowed}")
    meta = DocMeta(
        title=title or None,
        date=check_date("date", date),
        language=check_lang(lang),
        series=series or None,
        series_key=series_key or None,
    )
    state.upload_dir.mkdir(parents=True, exist_ok=True)
    dest = state.upload_dir / f"{secrets.token_hex(4)}-{name}"
    size = 0
    try:
        with dest.open("xb") as fh:
            while chunk := file.file.read(1 << 16):
                size += len(chunk)
                if size > state.max_upload:
                    raise HTTPException(413, f"file larger than {state.max_upload} bytes")
                fh.write(chunk)
    except HTTPException:
        dest.unlink(missing_ok=True)
        raise
    if size == 0:
        dest.unlink(missing_ok=True)
        raise BadArgument("the uploaded file is empty")
    with state.workspace() as ws:
        outcomes = ws.ingest([dest], meta=meta, workers=1)
    failed = [o for o in outcomes if o.status == "failed"]
    if failed:
        dest.unlink(missing_ok=True)
        raise BadArgument(f"{file.filename}: {failed[0].error}")
    return {"stored_as": dest.name, "bytes": size, "outcomes": rows_of(outcomes)}

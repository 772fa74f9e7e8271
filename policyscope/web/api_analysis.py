"""JSON API of the analyses, mounted at /api/v1 beside policyscope.web.api: targets ledger,
compare two documents, co-occurrence, frequent terms, term candidates, and the briefing
download. Each list is a page with its `total`; each long computation is made once per store
generation (the app's result cache), then only sliced."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel

from policyscope.errors import BadArgument
from policyscope.web import params as P
from policyscope.web.api import WS, Doc, FastJSON, Limit, Offset, PageOut, Str, cached, paged
from policyscope.web.api import check_date as _date
from policyscope.web.api import check_lang as _lang
from policyscope.web.links import count_url, span_url
from policyscope.web.offload import FORMATS, MEDIA_TYPES

router = APIRouter(tags=["analysis"])


class LedgerOut(PageOut):
    series: str
    years: list[str]
    missing: list[str]


class CompareOut(BaseModel):
    doc_a: int
    doc_b: int
    label_a: str
    label_b: str
    tokens_a: int
    tokens_b: int
    totals: dict[str, int]
    new_in_b: list[dict[str, Any]]
    dropped_from_a: list[dict[str, Any]]
    rising: list[dict[str, Any]]
    falling: list[dict[str, Any]]
    limit: int
    offset: int


R = Request
MEASURES = ("pmi", "llr", "jaccard")
COMPARE_LISTS = ("new_in_b", "dropped_from_a", "rising", "falling")


PATH_KEYS = ("path", "source_path", "file")


def scrub(request: Request, value: Any, key: str = "") -> Any:
    """`value` with every server path (under a key naming a path or file) made public, at
    any depth; links such as /doc/3 are left alone."""
    if isinstance(value, dict):
        return {k: scrub(request, v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [scrub(request, v, key) for v in value]
    if isinstance(value, str) and key in PATH_KEYS:
        return request.app.state.web.paths.path(value)
    return value


def ledger_rows(ws, series: str, metric: str | None, year_from=None, year_to=None) -> dict:
    """The ledger as plain rows, every target and actual with the URL of its span."""
    res = ws.ledger(series, metric=metric, year_from=year_from, year_to=year_to).to_dict()
    for row in res["rows"]:
        for cell in row["cells"].values():
            for side in ("target", "actual"):
                fig = cell.get(side)
                if fig:
                    fig["url"] = span_url(fig.get("doc_id"), fig.get("start"), fig.get("end"))
    return res


@router.get(
    "/ledger",
    summary="Targets ledger: each year's target beside its outcome",
    response_model=LedgerOut,
)
def ledger(
    request: R,
    ws: WS,
    series: Annotated[str | None, Query(min_length=1, max_length=P.MAX_TEXT)] = None,
    metric: Str = None,
    year_from: Annotated[str | None, Query(alias="from", max_length=4)] = None,
    year_to: Annotated[str | None, Query(alias="to", max_length=4)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
):
    """One row a metric (paged: `total` metrics); each cell's target and actual carry the
    `url` of their span in the reader."""
    args = (P.given("series", series or ws.main_series), P.text("metric", metric))
    years = (_date("from", year_from), _date("to", year_to))
    res = cached(ws, ("ledger", *args, *years), lambda: ledger_rows(ws, *args, *years))
    rows = res["rows"]
    page = rows[offset : offset + limit]
    more = offset + len(page) < len(rows)
    body = {k: v for k, v in res.items() if k != "rows"}
    body.update(items=page, total=len(rows), limit=limit, offset=offset)
    body["next_offset"] = offset + len(page) if more else None
    return FastJSON(scrub(request, body))


def compare_result(ws, a: str, b: str) -> dict:
    res = ws.compare(a, b, top=None).to_dict()
    for name in COMPARE_LISTS:
        for row in res[name]:
            row["kwic_url"] = count_url("/kwic", row["term"], "token", res["doc_b"])
    return res


@router.get(
    "/compare",
    summary="Words new, dropped, rising and falling from document A to B",
    response_model=CompareOut,
)
def compare(
    request: R,
    ws: WS,
    a: Annotated[str, Query(min_length=1, max_length=P.MAX_REF, description="Document A")],
    b: Annotated[str, Query(min_length=1, max_length=P.MAX_REF, description="Document B")],
    limit: Limit = 30,
    offset: Offset = 0,
):
    """Keyness (G², log ratio) of B's content words against A's. Each of the four lists is
    a page of `limit` rows from `offset`, with its own total in `totals`."""
    da, db = P.doc_ref(a, "a"), P.doc_ref(b, "b")
    res = cached(ws, ("compare", da, db), lambda: compare_result(ws, str(da), str(db)))
    body = {k: v for k, v in res.items() if k not in COMPARE_LISTS}
    body["totals"] = {name: len(res[name]) for name in COMPARE_LISTS}
    body.update({name: res[name][offset : offset + limit] for name in COMPARE_LISTS})
    body.update(limit=limit, offset=offset)
    return FastJSON(body)


@router.get("/cooc", summary="Words co-occurring with a term or concept:ID", response_model=PageOut)
def cooc(
    request: R,
    ws: WS,
    term: Annotated[str, Query(min_length=1, max_length=P.MAX_QUERY)],
    window: Annotated[str, Query(max_length=20, description="sentence, paragraph or N")] = (
        "sentence"
    ),
    measure: str = "pmi",
    series: Str = None,
    doc: Doc = None,
    lang: Str = None,
    min_count: Annotated[int, Query(ge=1, le=1000)] = 2,
    limit: Limit = 30,
    offset: Offset = 0,
):
    kw: dict[str, Any] = dict(
        window=window,
        measure=P.choice("measure", measure, MEASURES),
        series=P.text("series", series),
        doc=P.doc_ref(doc),
        lang=_lang(lang),
        min_count=min_count,
    )
    rows = cached(ws, ("cooc", term, *sorted(kw.items())), lambda: ws.cooc(term, top=None, **kw))
    return paged(request, rows, limit, offset)


def _scope(doc: str | None, series: str | None) -> dict[str, Any]:
    return {"doc": P.doc_ref(doc), "series": P.text("series", series)}


@router.get("/terms", summary="Most frequent content words", response_model=PageOut)
def terms(
    request: R,
    ws: WS,
    doc: Doc = None,
    series: Str = None,
    lang: Str = None,
    limit: Limit = 50,
    offset: Offset = 0,
):
    kw: dict[str, Any] = {**_scope(doc, series), "lang": _lang(lang)}
    rows = cached(ws, ("terms", *sorted(kw.items())), lambda: ws.terms(top=None, **kw))
    return paged(request, rows, limit, offset)


def candidate_rows(request: Request, ws, kw: dict) -> list[dict]:
    """Every candidate of `kw`'s documents, made in the offload process (minutes over a
    big series) once per store generation, each with the URL of its example."""
    return cached(ws, ("candidates", *sorted(kw.items())), lambda: _candidates(request, kw))


def _candidates(request: Request, kw: dict) -> list[dict]:
    rows = request.app.state.web.offload.candidates(kw)
    for r in rows:
        r["url"] = span_url(r.get("doc_id"), r.get("start"), r.get("end"))
    return rows


@router.get("/candidates", summary="Terms the pack does not know yet", response_model=PageOut)
def candidates(
    request: R,
    ws: WS,
    doc: Doc = None,
    series: Str = None,
    min_count: Annotated[int, Query(ge=1, le=1000)] = 2,
    limit: Limit = 50,
    offset: Offset = 0,
):
    """Needs `doc` or `series`: over a whole corpus the search takes minutes."""
    kw = {**_scope(doc, series), "min_count": min_count}
    if kw["doc"] is None and kw["series"] is None:
        raise BadArgument("candidates: give doc or series (the whole corpus takes minutes)")
    return paged(request, candidate_rows(request, ws, kw), limit, offset)


def parse_topics(topics: str | None) -> list[str] | None:
    out = [t.strip() for t in (topics or "").split(",") if t.strip()]
    if len(out) > 20:
        raise BadArgument(f"topics: at most 20 (got {len(out)})")
    return out or None


@router.get(
    "/report",
    summary="Download a briefing (md, html, pdf or docx)",
    response_class=Response,
    responses={200: {"content": {t: {} for t in MEDIA_TYPES.values()}}},
)
def report(
    request: R,
    ws: WS,
    topics: Annotated[str | None, Query(max_length=P.MAX_QUERY, description="concept:X,...")] = (
        None
    ),
    date_from: Annotated[str | None, Query(alias="from", max_length=10)] = None,
    date_to: Annotated[str | None, Query(alias="to", max_length=10)] = None,
    lang: str = "en",
    format: str = "html",  # noqa: A002
):
    """Made in a separate process (a PDF takes seconds of CPU); the page cache keeps the
    file until the store changes."""
    fmt = P.choice("format", format, FORMATS)
    args = (
        parse_topics(topics),
        _date("from", date_from),
        _date("to", date_to),
        P.choice("lang", lang, ("en", "ko")),
        fmt,
    )
    body = request.app.state.web.offload.report(*args)
    name = f"policyscope-briefing.{args[3]}.{fmt}"
    # always a download: a briefing is a file of its own, not a page under this site's CSP
    headers = {"content-disposition": f'attachment; filename="{name}"'}
    return Response(body, media_type=MEDIA_TYPES[fmt], headers=headers)

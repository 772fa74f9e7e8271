"""Pages of the analyses: first appearance, targets ledger, compare two documents,
co-occurrence network, frequent terms, term candidates and the briefing download. Each page
asks the same cached function as its JSON API twin (policyscope.web.api_analysis) and shows
a page of its list with the true total; every count and figure links to its source."""

from __future__ import annotations

import math
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from policyscope.errors import BadArgument
from policyscope.web import params as P
from policyscope.web.api import RULES, WS, cached, check_lang, parse_terms
from policyscope.web.api_analysis import (
    COMPARE_LISTS,
    MEASURES,
    candidate_rows,
    compare_result,
    ledger_rows,
    scrub,
)
from policyscope.web.links import count_url, span_url
from policyscope.web.offload import FORMATS
from policyscope.web.pages import LIST_PAGE, Str, _int, _series, page, pager

router = APIRouter(include_in_schema=False)
COMPARE_PAGE = 30
COOC_NODES = 20  # words drawn in the network; the table pages through all of them


def _documents(ws) -> list[tuple[int, str]]:
    """(id, label) of every document, for the document pickers."""
    return [(d.id, f"{d.title or d.path} · {d.date or ''}") for d in ws.documents()]


@router.get("/first", response_class=HTMLResponse)
def first_page(
    request: Request,
    ws: WS,
    terms: Str = None,
    series: str | None = None,
    rule: str = "literal",
    doclang: Str = None,
):
    rule = P.choice("rule", rule, RULES)
    series = series or ws.main_series
    rows = []
    if terms:
        name = P.given("series", series)
        words, lang = parse_terms(terms), check_lang(doclang)
        key = ("first", tuple(words), name, rule, lang)
        rows = cached(ws, key, lambda: ws.first(words, name, rule=rule, lang=lang))
    return page(
        request,
        "first.html",
        terms=terms or "",
        series=series,
        rule=rule,
        doclang=doclang or "",
        rows=rows,
        all_series=_series(ws),
        kwic=lambda term, doc: count_url("/kwic", term, rule, doc, check_lang(doclang)),
    )


@router.get("/ledger", response_class=HTMLResponse)
def ledger_page(
    request: Request,
    ws: WS,
    series: str | None = None,
    metric: Str = None,
    offset: Str = None,
):
    series = series or ws.main_series
    off = _int("offset", offset, 0)
    args = (P.given("series", series), P.text("metric", metric), None, None)
    res = cached(ws, ("ledger", *args), lambda: ledger_rows(ws, *args))
    rows = res["rows"]
    shown = scrub(request, rows[off : off + LIST_PAGE])
    nav = pager("/ledger", {"series": series, "metric": metric}, off, len(shown), len(rows), 100)
    return page(
        request,
        "ledger.html",
        series=args[0],
        metric=metric or "",
        years=res["years"],
        missing=res["missing"],
        rows=shown,
        nav=nav,
        all_series=_series(ws),
    )


@router.get("/compare", response_class=HTMLResponse)
def compare_page(request: Request, ws: WS, a: Str = None, b: Str = None, offset: Str = None):
    off = _int("offset", offset, 0)
    res, lists, nav = None, {}, None
    if a and b:
        da, db = P.doc_ref(a, "a"), P.doc_ref(b, "b")
        res = cached(ws, ("compare", da, db), lambda: compare_result(ws, str(da), str(db)))
        lists = {name: res[name][off : off + COMPARE_PAGE] for name in COMPARE_LISTS}
        most = max(len(res[name]) for name in COMPARE_LISTS)
        shown = max(len(v) for v in lists.values())
        nav = pager("/compare", {"a": a, "b": b}, off, shown, most, COMPARE_PAGE)
    elif a or b:
        raise BadArgument("compare: choose two documents, a and b")
    return page(
        request,
        "compare.html",
        a=a or "",
        b=b or "",
        res=res,
        lists=lists,
        nav=nav,
        documents=_documents(ws),
    )


def network(rows: list[dict], center: str, size: int = 420) -> dict:
    """A radial drawing of the strongest co-occurring words: the term in the middle, each
    word on a circle, its line as thick as its score is high among them."""
    top = rows[:COOC_NODES]
    mid, radius = size / 2, size / 2 - 70
    hi = max((r["score"] for r in top), default=1) or 1
    nodes = []
    for i, r in enumerate(top):
        angle = 2 * math.pi * i / max(len(top), 1) - math.pi / 2
        x, y = mid + radius * math.cos(angle), mid + radius * math.sin(angle)
        width = 1 + 4 * max(r["score"], 0) / hi
        nodes.append({"x": round(x, 1), "y": round(y, 1), "w": round(width, 1), **r})
    return {"size": size, "mid": mid, "center": center, "nodes": nodes}


@router.get("/cooc", response_class=HTMLResponse)
def cooc_page(
    request: Request,
    ws: WS,
    term: Str = None,
    window: Annotated[str, Query(max_length=20)] = "sentence",
    measure: str = "pmi",
    series: Str = None,
    doclang: Str = None,
    offset: Str = None,
):
    off = _int("offset", offset, 0)
    measure = P.choice("measure", measure, MEASURES)
    rows: list[dict] = []
    if term:
        kw: dict[str, Any] = dict(
            window=window,
            measure=measure,
            series=P.text("series", series),
            doc=None,
            lang=check_lang(doclang),
            min_count=2,
        )
        t = P.text("term", term, P.MAX_QUERY) or ""
        key = ("cooc", t, *sorted(kw.items()))
        rows = [r.to_dict() for r in cached(ws, key, lambda: ws.cooc(t, top=None, **kw))]
    shown = rows[off : off + LIST_PAGE]
    params = {"term": term, "window": window, "measure": measure, "series": series}
    return page(
        request,
        "cooc.html",
        term=term or "",
        window=window,
        measure=measure,
        series=series or "",
        doclang=doclang or "",
        rows=shown,
        graph=network(rows, term or "") if rows else None,
        nav=pager("/cooc", {**params, "doclang": doclang}, off, len(shown), len(rows), LIST_PAGE),
        all_series=_series(ws),
    )


@router.get("/terms", response_class=HTMLResponse)
def terms_page(
    request: Request,
    ws: WS,
    doc: Str = None,
    series: Str = None,
    doclang: Str = None,
    offset: Str = None,
):
    off = _int("offset", offset, 0)
    kw: dict[str, Any] = {
        "doc": P.doc_ref(doc),
        "series": P.text("series", series),
        "lang": check_lang(doclang),
    }
    rows = cached(ws, ("terms", *sorted(kw.items())), lambda: ws.terms(top=None, **kw))
    shown = rows[off : off + LIST_PAGE]
    params = {"doc": doc, "series": series, "doclang": doclang}
    return page(
        request,
        "terms.html",
        doc=doc or "",
        series=series or "",
        doclang=doclang or "",
        rows=shown,
        nav=pager("/terms", params, off, len(shown), len(rows), LIST_PAGE),
        all_series=_series(ws),
        documents=_documents(ws),
        kwic=lambda term: count_url("/kwic", term, "token", kw["doc"], kw["lang"]),
    )


@router.get("/candidates", response_class=HTMLResponse)
def candidates_page(
    request: Request, ws: WS, doc: Str = None, series: Str = None, offset: Str = None
):
    off = _int("offset", offset, 0)
    kw = {"doc": P.doc_ref(doc), "series": P.text("series", series), "min_count": 2}
    rows: list[dict] = []
    if kw["doc"] is not None or kw["series"] is not None:
        rows = candidate_rows(request, ws, kw)
    shown = rows[off : off + LIST_PAGE]
    params = {"doc": doc, "series": series}
    return page(
        request,
        "candidates.html",
        doc=doc or "",
        series=series or "",
        rows=shown,
        asked=bool(doc or series),
        nav=pager("/candidates", params, off, len(shown), len(rows), LIST_PAGE),
        all_series=_series(ws),
        documents=_documents(ws),
    )


@router.get("/report", response_class=HTMLResponse)
def report_page(request: Request, ws: WS):
    """A form whose answer is the download itself (GET /api/v1/report)."""
    concepts = [c for c in ws.concepts() if c.mentions][:30]
    return page(request, "report.html", formats=FORMATS, concepts=concepts, span=span_url)

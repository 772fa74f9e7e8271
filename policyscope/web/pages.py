"""Server-rendered pages (Jinja2, autoescape on). Each page is one or two Workspace calls."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

import jinja2
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from policyscope.errors import NotFound
from policyscope.web import params as P
from policyscope.web import render
from policyscope.web.api import (
    RULES,
    cached,
    check_date,
    check_lang,
    get_ws,
    kwic_page,
    parse_terms,
)
from policyscope.web.api import search_page as ranked
from policyscope.web.i18n import COOKIE, LANGS, STRINGS, pick_lang
from policyscope.web.links import count_url, span_url
from policyscope.workspace import Workspace

HERE = Path(__file__).resolve().parent
# autoescape on for every template, whatever its name: document text is never trusted
templates = Jinja2Templates(
    env=jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
)
router = APIRouter(include_in_schema=False)
WS = Annotated[Workspace, Depends(get_ws)]
Str = Annotated[str | None, Query(max_length=P.MAX_REF)]
PAGE = 20
LIST_PAGE = 100  # rows per page of the long tables (KWIC, figures, targets, conflicts)


def _url(path: str, **params) -> str:
    """A same-site link: '//evil.example/' as a path must never become a host."""
    path = "/" + path.lstrip("/\\")
    q = {k: v for k, v in params.items() if v not in (None, "")}
    return path + ("?" + urlencode(q) if q else "")


def pager(path: str, params: dict, offset: int, shown: int, total: int, size: int) -> dict:
    """'1–100 of 8,220' with previous/next links for a list cut in pages of `size`."""
    return {
        "first": offset + 1 if shown else 0,
        "last": offset + shown,
        "total": total,
        "prev": _url(path, **params, offset=max(offset - size, 0) or None) if offset else None,
        "next": _url(path, **params, offset=offset + size) if offset + shown < total else None,
    }


def page(request: Request, name: str, status: int = 200, **ctx) -> HTMLResponse:
    ui = pick_lang(request)
    here = dict(request.query_params)
    switch = {
        lang: _url(request.url.path, **{**here, "lang": lang}) for lang in LANGS if lang != ui
    }
    resp = templates.TemplateResponse(
        request,
        name,
        {"t": STRINGS[ui], "ui": ui, "switch": switch, "url": _url, **ctx},
        status_code=status,
    )
    if request.query_params.get("lang") in LANGS:
        resp.set_cookie(COOKIE, ui, max_age=365 * 86400, samesite="lax")
    return resp


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return page(request, "error.html", status=status, status_code=status, message=message)


def _int(name: str, value: str | None, default: int, lo: int = 0, hi: int = P.MAX_OFFSET) -> int:
    return P.whole(name, value, default, lo=lo, hi=hi)


@router.get("/", response_class=HTMLResponse)
def search_page(
    request: Request,
    ws: WS,
    q: Str = None,
    series: Str = None,
    doclang: Str = None,
    date_from: Annotated[str | None, Query(alias="from")] = None,
    date_to: Annotated[str | None, Query(alias="to")] = None,
    offset: Str = None,
):
    """The home page: the corpus at a glance, and ranked search once there is a query."""
    off = _int("offset", offset, 0)
    hits, total = [], 0
    kw = dict(
        series=P.text("series", series),
        lang=check_lang(doclang),
        date_from=check_date("from", date_from),
        date_to=check_date("to", date_to),
    )
    if q:
        hits, total = ranked(ws, P.given("q", q, P.MAX_QUERY), kw, PAGE, off)
    params = {"q": q, "series": series, "doclang": doclang, "from": date_from, "to": date_to}
    overview = None if q else cached(ws, ("overview",), ws.overview)
    return page(
        request,
        "search.html",
        q=q or "",
        series=series or "",
        doclang=doclang or "",
        date_from=date_from or "",
        date_to=date_to or "",
        hits=hits,
        offset=off,
        nav=pager("/", params, off, len(hits), max(total, off + len(hits)), PAGE),
        all_series=_series(ws),
        overview=overview,
        examples=EXAMPLES,
    )


EXAMPLES = [
    ("/?q=新质生产力", "新质生产力"),
    ("/kwic?term=人工智能&series=cn-gwr", "KWIC 人工智能 · cn-gwr"),
    ("/trends?terms=人工智能,数字经济&series=cn-gwr", "人工智能, 数字经济 · cn-gwr"),
    ("/?q=concept:embodied_ai", "concept:embodied_ai"),
]


def _metric_names(ws, ui: str) -> dict[str, str]:
    """Metric id -> its name in the interface language (English when it has none)."""

    def make():
        return {m.id: getattr(m.labels, ui, None) or m.labels.en for m in ws.pack.metrics.values()}

    return cached(ws, ("metric_names", ui), make)


def _series(ws) -> list[str]:
    return cached(ws, ("series",), lambda: sorted({d.series for d in ws.documents() if d.series}))


@router.get("/docs", response_class=HTMLResponse)
def documents_page(request: Request, ws: WS, series: Str = None, offset: Str = None):
    off = _int("offset", offset, 0)
    docs = ws.documents(series=P.text("series", series))
    shown = docs[off : off + LIST_PAGE]
    nav = pager("/docs", {"series": series}, off, len(shown), len(docs), LIST_PAGE)
    return page(request, "documents.html", docs=shown, nav=nav, paths=_paths(request))


def _paths(request: Request):
    return request.app.state.web.paths


@router.get("/doc/{ref:path}", response_class=HTMLResponse)
def reader(request: Request, ws: WS, ref: str, hl: Str = None, p: Str = None):
    """A document with its mentions and figures marked, in pages of whole paragraphs
    (`p`, from 1); `hl=start-end` marks a span and, without `p`, opens the page holding it."""
    d = ws.document(P.doc_ref(ref, "document") or "")
    text, segments, all_facts, spans = cached(ws, ("reader", d.id), lambda: _reader_data(ws, d.id))
    span = None
    if hl:
        a, _, b = hl.partition("-")
        span = (_int("hl", a, 0, hi=P.MAX_ID), _int("hl", b or a, 0, hi=P.MAX_ID))
    pages = render.reader_pages(segments)
    n_pages = max(len(pages), 1)
    default = render.page_of(segments, pages, span[0]) if span and pages else 1
    number = _int("p", p, default, lo=1, hi=P.MAX_ID)
    if number > n_pages:
        raise NotFound(f"page {number}: document {d.id} has {n_pages} page(s)")
    first, last = pages[number - 1] if pages else (0, 0)
    shown = segments[first:last]
    lo, hi = (shown[0].start, shown[-1].end) if shown else (0, 0)
    # the aside lists this page's figures; the meta line links to all of them
    facts = [f for f in all_facts if f.end > lo and f.start < hi]
    paras = render.paragraphs(
        text,
        shown,
        [s for s in spans if s.end > lo and s.start < hi],
        span,
        [(f.start, f.end) for f in facts],
    )
    kinds = sorted({(s.item_id, s.kind) for s in spans})
    names = _labels(ws, [i for i, _ in kinds], request)
    items = [(i, k, names[i]) for i, k in kinds]

    def at(k: int) -> str | None:
        return _url(f"/doc/{d.id}", p=k) if 1 <= k <= n_pages and k != number else None

    return page(
        request,
        "doc.html",
        doc=d,
        source=_paths(request).path(d.source_path),
        paras=paras,
        facts=facts,
        items=items,
        page_no=number,
        n_pages=n_pages,
        prev_url=at(number - 1),
        next_url=at(number + 1),
    )


def _reader_data(ws, doc_id: int) -> tuple:
    """What every page of a document's reader needs: its text, paragraphs, figures and
    mentions (kept in the result cache, so that paging through a document reads them once)."""
    return ws.text(doc_id), ws.segments(doc_id), ws.facts(doc=doc_id), ws.doc_mentions(doc_id)


def _item_names(ws: Workspace, ids, request: Request) -> dict[str, str]:
    """Names of those `ids` that are pack concepts or entities (the others are no items)."""
    pack = ws.pack
    known = sorted({i for i in ids if i and (i in pack.concepts or i in pack.entities)})
    return _labels(ws, known, request)


def _labels(ws: Workspace, item_ids: list[str], request: Request) -> dict[str, str]:
    """Each item's name in the interface language (else Chinese, else English, else its id).
    The pack is fetched once: each `ws.pack` reads the settings."""
    pack = ws.pack
    order = (pick_lang(request), "zh", "en")
    return {i: next((n for n in (pack.label(i, lg) for lg in order) if n), i) for i in item_ids}


@router.get("/item/{item_id}", response_class=HTMLResponse)
def item_page(request: Request, ws: WS, item_id: Annotated[str, P.ITEM_PATH]):
    info = ws.item_info(item_id)
    return page(request, "item.html", item=info, rows=ws.mentions(item_id))


@router.get("/items", response_class=HTMLResponse)
def items_page(request: Request, ws: WS, q: Str = None):
    concepts = [c for c in ws.concepts(q or None) if q or c.mentions]
    entities = [e for e in ws.entities(q or None) if q or e.mentions]
    return page(request, "items.html", q=q or "", concepts=concepts, entities=entities)


@router.get("/kwic", response_class=HTMLResponse)
def kwic_view(
    request: Request,
    ws: WS,
    term: Str = None,
    doc: Str = None,
    series: Str = None,
    doclang: Str = None,
    window: Str = None,
    rule: str = "literal",
    offset: Str = None,
):
    """Every line, in pages of LIST_PAGE, with the true total; `rule` shows the lines a
    trend count under that rule counted."""
    off = _int("offset", offset, 0)
    w = _int("window", window, 30, hi=500)
    rule = P.choice("rule", rule, RULES)
    lines, total = [], 0
    if term:
        kw = dict(
            window=w, series=P.text("series", series), lang=check_lang(doclang), doc=P.doc_ref(doc)
        )
        lines, total = kwic_page(ws, P.given("term", term, P.MAX_QUERY), kw, LIST_PAGE, off, rule)
    params = {"term": term, "doc": doc, "series": series, "doclang": doclang, "window": window}
    params["rule"] = rule if rule != "literal" else None
    return page(
        request,
        "kwic.html",
        term=term or "",
        doc=doc or "",
        series=series or "",
        doclang=doclang or "",
        window=w,
        rule=rule,
        lines=lines,
        nav=pager("/kwic", params, off, len(lines), total, LIST_PAGE),
        all_series=_series(ws),
    )


@router.get("/trends", response_class=HTMLResponse)
def trends_page(
    request: Request,
    ws: WS,
    terms: Str = None,
    series: Str = None,
    rule: str = "literal",
    per: str = "raw",
):
    res = chart = None
    rule = P.choice("rule", rule, RULES)
    per = P.choice("per", per, ("raw", "10k"))
    if terms and series:
        terms, series = P.given("terms", terms, P.MAX_QUERY), P.given("series", series)
        res = ws.trend(parse_terms(terms), series, rule=rule, per=per)
        chart = render.chart(
            res, per=per, link=lambda term, doc_id: count_url("/kwic", term, res.rule, doc_id)
        )
    all_series = _series(ws)
    return page(
        request,
        "trends.html",
        terms=terms or "",
        series=series or "",
        rule=rule,
        per=per,
        res=res,
        chart=chart,
        all_series=all_series,
    )


@router.get("/facts", response_class=HTMLResponse)
def facts_page(
    request: Request,
    ws: WS,
    doc: Str = None,
    metric: Str = None,
    kind: Str = None,
    offset: Str = None,
    show: str = "facts",
):
    """Figures, targets or conflicts (`show`), a page at a time; each row links to its span."""
    off = _int("offset", offset, 0)
    show = P.choice("show", show, ("facts", "targets", "conflicts"))
    flt = dict(doc=P.doc_ref(doc), metric=P.text("metric", metric), kind=P.text("kind", kind))
    by_metric: dict[str, Any] = {"metric": flt["metric"], "subject": None}  # as the API
    if show == "targets":
        rows = cached(ws, ("targets", *sorted(by_metric.items())), lambda: ws.targets(**by_metric))
    elif show == "conflicts":
        rows = cached(
            ws, ("conflicts", *sorted(by_metric.items())), lambda: ws.conflicts(**by_metric)
        )
    else:
        rows = cached(ws, ("facts", *sorted(flt.items())), lambda: ws.facts(**flt))
    shown = rows[off : off + LIST_PAGE]
    params = {"doc": doc, "metric": metric, "kind": kind, "show": show}
    return page(
        request,
        "facts.html",
        names=_metric_names(ws, pick_lang(request)),
        items=_item_names(ws, [getattr(r, "subject", None) for r in shown], request),
        rows=shown,
        show=show,
        doc=doc or "",
        metric=metric or "",
        kind=kind or "",
        nav=pager("/facts", params, off, len(shown), len(rows), LIST_PAGE),
        span=span_url,
        export="/api/v1/export/" + ("conflicts" if show == "conflicts" else "facts"),
    )


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(
    request: Request,
    ws: WS,
    date_from: Annotated[str | None, Query(alias="from")] = None,
    date_to: Annotated[str | None, Query(alias="to")] = None,
    offset: Str = None,
):
    off = _int("offset", offset, 0)
    rows = ws.timeline(date_from=check_date("from", date_from), date_to=check_date("to", date_to))
    shown = rows[off : off + LIST_PAGE]
    nav = pager(
        "/timeline", {"from": date_from, "to": date_to}, off, len(shown), len(rows), LIST_PAGE
    )
    return page(
        request,
        "timeline.html",
        rows=shown,
        items=_item_names(ws, [x for e in shown for x in (e.actor, e.object)], request),
        nav=nav,
        date_from=date_from or "",
        date_to=date_to or "",
    )


@router.get("/verify", response_class=HTMLResponse)
def verify_page(request: Request, ws: WS, doc: Str = None, against: Str = None):
    against = P.given("against", against or ws.main_series)
    verdicts = ws.verify(P.doc_ref(doc), against=against) if doc else None
    docs = ws.documents()
    return page(request, "verify.html", doc=doc or "", docs=docs, verdicts=verdicts)


@router.get("/upload", response_class=HTMLResponse)
def upload_page(request: Request):
    enabled = bool(request.app.state.web.token)
    return page(request, "upload.html", enabled=enabled)

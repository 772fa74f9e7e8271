"""Term trends: the chart of the terms' counts in each member of the series (literal
rule), its data table, and the first and last member where each term appears. Terms:
the briefing's concept/entity topic, else the pack's terms for the series
(`report.yaml`: trend_terms), else the four concepts its members mention most."""

from __future__ import annotations

import io
from collections import Counter
from typing import TYPE_CHECKING

from policyscope.analysis.charts import trend_figure
from policyscope.analysis.counting import count_term
from policyscope.analysis.series import series_docs
from policyscope.analysis.trend import first_appearance, trend
from policyscope.report.model import Cell, Chart, Notice, Paragraph, Section, Sentence, Table
from policyscope.report.registry import section
from policyscope.report.verdicts import gap_before

if TYPE_CHECKING:
    from policyscope.analysis.counting import CountResult
    from policyscope.analysis.series import SeriesDocs
    from policyscope.analysis.trend import FirstRow, TrendResult
    from policyscope.report.briefing import Briefing

    Counted = dict[str, tuple[SeriesDocs, dict[int, CountResult]]]


@section("trends", position=90)
def trends(b: Briefing) -> Section:
    sec = Section("trends", b.L["trends"])
    if not b.series:
        sec.blocks.append(b.nodata("document series"))
        return sec
    terms = trend_terms(b)
    if not terms:
        sec.blocks.append(b.nodata("terms"))
        return sec
    corpus = b.data.corpus
    res = trend(corpus, terms, b.series, rule="literal")
    counted: Counted = {}
    for term in terms:
        sd = series_docs(corpus, b.series, term=term)
        counted[term] = (sd, count_term(corpus, term, sd.doc_ids, "literal"))
    shown = {t: (b.label(t.partition(":")[2]) if ":" in t else t) for t in terms}
    intro = b.t(
        "trend_intro", series=b.series_name(b.series), terms=list(shown.values()), rule=res.rule
    )
    sec.blocks.append(Paragraph([Sentence(intro)]))
    sec.blocks.append(_chart(b, res, terms, shown, counted))
    if res.missing:
        keys = res.missing
        sec.blocks.append(
            Notice(b.t("missing_members", series=b.series_name(b.series), keys=keys), True)
        )
    firsts = first_appearance(corpus, terms, b.series, rule="literal")
    sec.blocks.append(_first_table(b, firsts, shown, counted))
    for fr in firsts:
        gap = gap_before(fr.first_key, list(res.missing))
        if fr.warning and gap:
            member = b.t("doc_member", series=b.series_name(b.series), key=gap, lang="")
            sec.blocks.append(Notice(b.t("first_gap", member=member, term=shown[fr.term]), True))
    return sec


def trend_terms(b: Briefing) -> list[str]:
    if b.items:
        return list(b.items)
    if b.series in b.config.trend_terms:
        return list(b.config.trend_terms[b.series])
    rows = b.mentions(series=b.series)
    top = Counter(r.item_id for r in rows if r.kind == "concept").most_common(4)
    return [f"concept:{i}" for i, _n in top]


def _chart(b: Briefing, res: TrendResult, terms: list[str], shown: dict, counted: Counted) -> Chart:
    data = Table([b.L["col_term"], *res.keys], caption=b.L["absent_note"], css="trend")
    for term in terms:
        sd, counts = counted[term]
        member = dict(sd.members)
        row = [Cell(shown[term])]
        for k in res.keys:
            d = member.get(k)
            if d is None:
                row.append(Cell(b.L["not_stored"]))
                continue
            cr = counts[d]
            if cr.count == 0 or not cr.spans:
                row.append(Cell(b.L["absent"]))
                continue
            c = b.occurrence(d, *cr.spans[0])
            row.append(Cell(str(cr.count), [c] if c else [], kind="count"))
        data.rows.append(row)
    return Chart(
        title=f"{b.series_name(b.series)}: {', '.join(shown.values())}",
        png=_png(b, res, [shown.get(t, t) for t in res.terms]),
        alt=b.L["chart_alt"],
        data=data,
    )


def _png(b: Briefing, res: TrendResult, names: list[str]) -> bytes:
    try:
        fig = trend_figure(res)
        localise_chart(b, fig, names)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=110)
        import matplotlib.pyplot as plt  # noqa: PLC0415 (lazy: after trend_figure chose the Agg backend; a missing matplotlib is a coverage note)

        plt.close(fig)
        return buf.getvalue()
    except Exception as exc:  # noqa: BLE001 - no font / no matplotlib: say so
        b.cover("cov_failed", what=f"{b.L['chart_alt']} ({type(exc).__name__})")
        return b""


def localise_chart(b: Briefing, fig, names: list[str]) -> None:
    """Title, axes and legend of the trend chart in the briefing's language (the
    chart module labels them in English with term ids)."""
    for ax in fig.axes:
        for line, name in zip(ax.get_lines(), names, strict=False):
            line.set_label(name)
        ax.set_title(f"{b.series_name(b.series)}: {', '.join(names)}")
        ax.set_xlabel(b.L["chart_x"])
        ax.set_ylabel(b.L["chart_y"])
        if ax.get_legend() is not None:
            ax.legend(loc="upper left", fontsize=8)


def _first_table(b: Briefing, firsts: list[FirstRow], shown: dict, counted: Counted) -> Table:
    """Each term's first and last member, with its count there, cited."""
    L = b.L
    table = Table([L["col_term"], L["col_first"], L["col_last"]], caption=L["first"], css="first")
    for fr in firsts:
        sd, counts = counted[fr.term]
        member = dict(sd.members)
        if not fr.first_key:
            table.rows.append([Cell(shown[fr.term]), Cell(L["absent"]), Cell(L["absent"])])
            continue
        cells = [Cell(shown[fr.term])]
        for key in (fr.first_key, fr.last_key):
            d = member.get(key) if key is not None else None
            cr = counts.get(d) if d is not None else None
            c = b.occurrence(d, *cr.spans[0]) if d is not None and cr and cr.spans else None
            n = cr.count if cr else 0
            cells.append(Cell(f"{key} ({n})", [c] if c else [], kind="count"))
        table.rows.append(cells)
    return table

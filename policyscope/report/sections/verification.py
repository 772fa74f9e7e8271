"""Verification: every document in scope outside a series (and not the regulation, nor
in a primary language of the pack, `report.yaml`) verified against the series; per
document, contradicted verdicts first. A verdict on a figure needs the secondary
source's figure to be certain (`extract.certainty`); counts and first appearances are
not figures."""

from __future__ import annotations

from typing import TYPE_CHECKING

from policyscope.extract.certainty import is_certain
from policyscope.report.cite import short_quote
from policyscope.report.found import KeptVerdict
from policyscope.report.model import Cell, Paragraph, Section, Sentence, Table
from policyscope.report.registry import section
from policyscope.report.verdicts import Told, verdict_cites

if TYPE_CHECKING:
    from policyscope.analysis.verify import Verdict
    from policyscope.model import Document
    from policyscope.report.briefing import Briefing

MAX_VERDICTS = 30
ORDER = {"contradicted": 0, "supported": 1, "not_checkable": 2}
TYPES = {"count": 0, "first_appearance": 1, "presence": 2, "attributed_figure": 3}


@section("verification", position=120)
def verification(b: Briefing) -> Section:
    sec = Section("verification", b.L["verification"])
    if not b.series:
        sec.blocks.append(b.nodata("document series to verify against"))
        return sec
    docs = secondary_docs(b)
    if not docs:
        sec.blocks.append(b.nodata("secondary documents"))
        return sec
    any_rows = False
    for d in docs:
        kept = _verdicts(b, d, b.series)
        b.found.verdicts += kept
        if not kept:
            continue
        if len(kept) > MAX_VERDICTS:
            b.cover("cov_limit", section=b.doc_name(d.id), shown=MAX_VERDICTS, total=len(kept))
            kept = kept[:MAX_VERDICTS]
        first = b.title_cite(d.id) or verdict_cites(b, kept[0].verdict)[0]
        intro = b.t("verification_intro", doc=b.doc_name(d.id), series=b.series_name(b.series))
        sec.blocks.append(Paragraph([Sentence(intro, [first] if first else [])]))
        table = _table(b, kept)
        if table.rows:
            any_rows = True
            sec.blocks.append(table)
    if not any_rows:
        sec.blocks.append(b.nodata("checkable claims"))
    return sec


def secondary_docs(b: Briefing) -> list[Document]:
    reg, primary = b.regulation_doc, b.config.primary_languages
    return [
        d
        for d in b.scope.values()
        if not d.series and (reg is None or d.id != reg.id) and d.language not in primary
    ]


def _verdicts(b: Briefing, d: Document, series: str) -> list[KeptVerdict]:
    """The verdicts on `d` a reader can check, on the topic, in the order shown."""
    try:
        stated = b.data.verify(d.id, series)
    except Exception as exc:  # noqa: BLE001 - one document must not sink the briefing
        b.cover("cov_failed", what=f"{b.doc_name(d.id)} ({type(exc).__name__})")
        return []
    stated = [v for v in stated if b.about_topic(v.doc_id, v.start, v.end)]
    vs = [v for v in stated if verdict_certain(b, v)]
    told = {id(v): Told.of(b, v) for v in vs}
    kept = [KeptVerdict(v, d, t) for v in vs if (t := told[id(v)]) is not None]
    if len(kept) < len(stated):
        b.cover(
            "cov_uncertain",
            section=f"{b.L['verification']} ({b.doc_name(d.id)})",
            n=len(stated) - len(kept),
        )
    kept.sort(
        key=lambda k: (
            ORDER.get(k.verdict.verdict, 3),
            TYPES.get(k.verdict.claim_type, 4),
            k.verdict.start,
        )
    )
    return kept


def verdict_certain(b: Briefing, v: Verdict) -> bool:
    if v.claim_type != "attributed_figure":
        return True
    c = b.verdict_claim(v)
    return c is not None and is_certain(c)


def _table(b: Briefing, kept: list[KeptVerdict]) -> Table:
    L = b.L
    table = Table(
        [L["col_claim"], L["col_check"], L["col_verdict"], L["col_evidence"]], css="verify"
    )
    for k in kept:
        v = k.verdict
        claim, prim = verdict_cites(b, v)
        if claim is None:
            continue
        table.rows.append(
            [
                Cell(short_quote(claim.quote, 160), [claim], lang=b.quote_lang(claim)),
                Cell(k.told.checked, prim or [claim]),
                Cell(b.t.verdicts.get(v.verdict, v.verdict), css=f"v-{v.verdict}"),
                Cell(k.told.evidence, prim + [claim]),
            ]
        )
    return table

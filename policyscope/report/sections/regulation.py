"""Regulation box: the pack's regulation (`report.yaml`: regulation), read from its
primary text whenever it is stored, whatever the scope: when it was enacted, issued and
took effect, and its articles with clauses that hold an obligation word. Left out when
the pack names no regulation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from policyscope.report.articles import articles
from policyscope.report.model import Obligation, RegulationBox, Section, Sentence
from policyscope.report.registry import section

if TYPE_CHECKING:
    from policyscope.model import Document, Event
    from policyscope.report.briefing import Briefing
    from policyscope.report.config import Regulation

ACTIONS = ("enacted", "took_effect", "issued")


@section("regulation", position=110)
def regulation(b: Briefing) -> Section | None:
    reg = b.config.regulation
    if reg is None:
        return None
    sec = Section("regulation", b.L["regulation"])
    doc = b.regulation_doc
    if doc is None:
        sec.blocks.append(b.nodata(b.label(reg.entity)))
        return sec
    title = b.label(reg.entity)
    # its name in its own language beside the briefing's
    own = b.pack.label(reg.entity, reg.language) if reg.language and reg.entity in b.pack else ""
    if own and own != title:
        title = f"{title} ({own})"
    box = RegulationBox(
        title=title, header=[b.L["col_article"], b.L["col_obligation"], b.L["col_words"]]
    )
    box.intro.append(Sentence(b.t("reg_intro", title=title)))
    box.intro += _dates(b, reg)
    box.obligations = _obligations(b, reg, doc)
    if not box.obligations:
        sec.blocks.append(b.nodata(f"articles with {'/'.join(reg.obligation_words)}"))
        if b.topic is not None:
            return sec  # nothing on the topic: the focused briefing leaves it out
    sec.blocks.append(box)
    return sec


def _dates(b: Briefing, reg: Regulation) -> list[Sentence]:
    """When the regulation was enacted, issued, took effect: one sentence per date and
    action, citing every document that states it."""
    dated: dict[tuple[str, str], list[Event]] = {}
    evs = [e for e in b.data.events if e.object == reg.entity and e.action in ACTIONS]
    for e in sorted(evs, key=lambda e: -len(e.date)):
        # a less precise date of the same action ('2023-08') joins the precise one
        key = next(
            (k for k in dated if k[1] == e.action and k[0].startswith(e.date)),
            (e.date, e.action),
        )
        dated.setdefault(key, []).append(e)
    out = []
    for (date, action), group in sorted(dated.items()):
        cites = b.notes.cites(*[(g.doc_id, g.quote_start, g.quote_end, g.start) for g in group])
        if cites:
            text = b.t(
                "reg_event",
                date=date,
                action=b.t.actions.get(action, action),
                title=b.label(reg.entity),
            )
            out.append(Sentence(text, cites))
    return out


def _obligations(b: Briefing, reg: Regulation, doc: Document) -> list[Obligation]:
    text, words = b.notes.text(doc.id), reg.obligation_words
    out = []
    for art in articles(text):
        found = [
            (a, e, [w for w in words if w in text[a:e]])
            for a, e in art.clauses
            if any(w in text[a:e] for w in words)
        ]
        if b.topic is not None:
            found = [f for f in found if b.about_topic(doc.id, f[0], f[1])]
        if not found:
            continue
        cites = b.notes.cites(*[(doc.id, a, e) for a, e, _w in found[:4]])
        used = sorted({w for _a, _e, ws in found for w in ws}, key=words.index)
        shown = " … ".join(c.quote for c in cites)
        out.append(Obligation(art.head, art.number, shown, used, cites))
    return out

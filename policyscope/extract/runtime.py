"""What the Workspace plugs into ingest to extract facts: the claims and events of a text,
with the packs in use.

    claims, events = facts_of(text, packs=("my-pack",), doc_date="2024-03-05")
"""

from __future__ import annotations

from policyscope.extract.claims import extract_claims
from policyscope.extract.events import extract_events
from policyscope.extract.metrics import DocContext
from policyscope.extract.reading import ref_year_of
from policyscope.knowledge.runtime import pack_for
from policyscope.model import Claim, Event

__all__ = ["facts_of"]


def facts_of(
    text: str,
    *,
    packs: tuple[str, ...] = (),
    doc_date: str | None = None,
    doc_title: str | None = None,
) -> tuple[list[Claim], list[Event]]:
    """(claims, events) of a text; `packs` are user pack folders, `doc_title` resolves
    self-references such as 本办法 'these measures'."""
    pack = pack_for(*packs)
    # language is detected per sentence: documents mix them (Korean reports quote Chinese).
    # One context (figures, dates, entities) serves both passes: building it is most of
    # the cost of extraction.
    ctx = DocContext(text, None, pack, ref_year_of(doc_date))
    claims = extract_claims(text, pack=pack, doc_date=doc_date, _ctx=ctx)
    events = extract_events(text, pack=pack, doc_date=doc_date, doc_title=doc_title, _ctx=ctx)
    return claims, events

"""What the Workspace plugs into ingest to extract facts (by import path, so it reaches
worker processes): claims and events of a text, with the pack in use."""

from __future__ import annotations

from policyscope.extract.claims import extract_claims
from policyscope.extract.events import extract_events
from policyscope.extract.metrics import DocContext
from policyscope.extract.reading import ref_year_of
from policyscope.knowledge.runtime import pack_for


def extract_facts(*args):
    """(claims, events) of a text. Arguments: user pack folders..., text, doc_date, doc_title
    (the title resolves self-references such as 本办法 'these measures')."""
    *user_dirs, text, doc_date, doc_title = args
    pack = pack_for(*user_dirs)
    # language is detected per sentence: documents mix them (Korean reports quote Chinese).
    # One context (figures, dates, entities) serves both passes: building it is most of
    # the cost of extraction.
    ctx = DocContext(text, None, pack, ref_year_of(doc_date))
    claims = extract_claims(text, pack=pack, doc_date=doc_date, _ctx=ctx)
    events = extract_events(text, pack=pack, doc_date=doc_date, doc_title=doc_title, _ctx=ctx)
    return claims, events

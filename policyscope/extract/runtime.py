"""What the Workspace plugs into ingest to extract facts (by import path, so it reaches
worker processes): claims and events of a text, with the pack in use."""

from __future__ import annotations


def extract_facts(*args):
    """(claims, events) of a text. Arguments: user pack folders..., text, doc_date, doc_title
    (the title resolves self-references such as 本办法 'these measures')."""
    from policyscope.extract.claims import extract_claims
    from policyscope.extract.events import extract_events
    from policyscope.knowledge.runtime import pack_for

    *user_dirs, text, doc_date, doc_title = args
    pack = pack_for(*user_dirs)
    # language is detected per sentence: documents mix them (Korean reports quote Chinese)
    claims = extract_claims(text, pack=pack, doc_date=doc_date)
    events = extract_events(text, pack=pack, doc_date=doc_date, doc_title=doc_title)
    return claims, events

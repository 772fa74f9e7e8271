"""Presence ('presence': '2015년 보고에서 제시된 인터넷+'): supported when the member
contains the term (with its first appearance for context), contradicted when it does not."""

from __future__ import annotations

from policyscope.analysis.verify_common import Outcome, SeriesContext, kwic_lines, short
from policyscope.analysis.verify_detect import Detected
from policyscope.analysis.verify_rules import register
from policyscope.analysis.verify_rules.first_appearance import appearance


@register("presence")
def check(sx: SeriesContext, claim: Detected) -> Outcome:
    key = claim.key
    ap = appearance(sx, claim.term, claim.item_id, key, "presence")
    doc = ap.doc
    if doc is None:
        return Outcome(sx.name(key), ap.checked, "not_checkable", f"{ap.why}. {ap.summary}",
                       ap.details)  # fmt: skip
    where = sx.name(key, doc)
    n = {r.name: r.count(doc) for r in ap.rules}
    if key not in ap.keys:
        ev = f"{where} does not contain it under any rule ({n}). {ap.summary}"
        return Outcome(where, ap.checked, "contradicted", ev, ap.details)
    lines = kwic_lines(sx.corpus, doc, ap.spans(doc) or [], key=key)
    ev = (
        f"{where} contains it ({', '.join(f'{k} {v}' for k, v in n.items())}): "
        + ", ".join(short(x) for x in lines[:3])
        + f". First stored member with it: {ap.first}. {ap.summary}"
    )
    return Outcome(where, ap.checked, "supported", ev, ap.details)

"""Check what a secondary report says about primary documents: counts of mentions, first
appearances, and figures attributed to a document of a series (by default the pack's
main series, the Government Work Reports).

    verify_document(corpus, doc, against="cn-gwr")   -> [Verdict]   (claims found in the text)
    verify_claims(corpus, claims, against="cn-gwr")   -> [Verdict]   (hand-written claims)

Claims are found by `policyscope.analysis.verify_detect`; each claim type has its rule in
`policyscope.analysis.verify_rules` (one module per type). Each Verdict says what was
checked, against which member, under which rule, with the numbers and KWIC lines. Without
`against`, claims are checked against the pack's main series (`Knowledge.main_series`).

Counts (claim_type 'count'). The claimed number is compared with the count of the term in
the member under each rule that applies (see `policyscope.analysis.counting`):

- ``literal``: substring occurrences of the Chinese surface forms of the concept (e.g.
  人工智能), overlapping forms counted once;
- ``token``: the same forms as whole tokens (人工智能 inside 人工智能手机 does not count);
- ``concept``: the concept's linked mentions (人工智能+ is linked to ai_plus, not to
  artificial_intelligence);
- ``concept+narrower``: linked mentions of the concept and every narrower concept (AI
  includes AI+, large models, embodied AI...);
- ``broad``: where the pack concept has a looser Chinese stem (AI: any 智能 wording), the
  literal count of that stem, listed occurrence by occurrence.

A count is *supported* when a rule reproduces it (the evidence names the rule; a match under
``broad`` only is said to be so), *contradicted* when none does (with every rule's count),
and *not checkable* when the member is not in the store. The previous member's counts are
given too, for claims of change ('지난해 대비 크게 강조').

First appearances ('first_appearance'). The term is counted in every stored member of the
series. A member contains it when the concept or token rule finds it (if neither finds it
anywhere, concept+narrower, then literal). Rule for gaps: with F the first member that
contains it and C the claimed member:

- C is not in the store: not checkable;
- F earlier than C: contradicted, with the KWIC line(s) of F;
- F later than C, or none: contradicted (the claimed member lacks the term);
- F == C, no member missing before C: supported;
- F == C and the member right before C is missing from the store: not checkable — the one
  report that decides the question is absent (the evidence says the stored ones agree);
- F == C, members missing before C but the one right before C is present and lacks the
  term: supported, with the caveat naming the missing members.

Presence ('presence': '2015년 보고에서 제시된 인터넷+'): supported when the member contains
the term (with its first appearance for context), contradicted when it does not.

Attributed figures ('attributed_figure'). A target (or forecast) for year Y is looked up in
the report of year Y, an actual for Y in the report of Y+1 (its review of the past year),
unless the claim names the report. Every number in the member's text (the quantity reader
the extractor uses) with the same normalised value (0.5% relative tolerance; 0.05 points
for percentages) and compatible unit is considered; one in a sentence that names the
metric (pack metric triggers in Chinese) supports the claim. Otherwise, figures for the
same metric in the member's extracted facts with another value contradict it. If the
report has no figure for the metric at all: contradicted when the claim names the report
itself, not checkable when it names the session (양회/전인대/NPC adopt other documents too,
e.g. the budget report) or when what the figure measures is unknown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from policyscope.analysis.verify_common import Outcome, SeriesContext
from policyscope.analysis.verify_detect import Detected, detect_claims
from policyscope.analysis.verify_rules import rule_for
from policyscope.corpus import Corpus
from policyscope.errors import BadArgument, NotFound
from policyscope.extract.quantities import find_quantities
from policyscope.model import Claim, Record

VERDICTS = ("supported", "contradicted", "not_checkable")


@dataclass
class Verdict(Record):
    claim_type: str  # count | first_appearance | presence | attributed_figure
    quote: str  # the claim's sentence in the secondary document
    start: int
    end: int
    term: str
    item_id: str | None
    primary: str  # e.g. 'cn-gwr 2025 (doc 19)'
    checked: str  # what was checked, under which rule(s)
    verdict: str  # supported | contradicted | not_checkable
    evidence: str
    details: dict[str, Any] = field(default_factory=dict)
    doc_id: int | None = None  # the secondary document (None for hand-written claims)


def _verdict(d: Detected, res: Outcome, doc_id: int | None) -> Verdict:
    if d.key_note:
        res.details["year_from"] = d.key_note
    return Verdict(
        claim_type=d.claim_type,
        quote=d.quote.strip(),
        start=d.start,
        end=d.end,
        term=d.term,
        item_id=d.item_id,
        primary=res.primary,
        checked=res.checked,
        verdict=res.verdict,
        evidence=res.evidence,
        details=res.details,
        doc_id=doc_id,
    )


def check_detected(sx: SeriesContext, d: Detected, doc_id: int | None = None) -> Verdict:
    """The verdict on one claim, by the rule registered for its type."""
    if d.attribution == "other":
        when = f" ({d.key})" if d.key else ""
        ev = (
            f"The claim is about {d.other_source}{when}, not a member of {sx.series}; the store "
            "holds no text of it, so it cannot be checked."
        )
        res = Outcome(d.other_source or "another source", f"{d.claim_type} of {d.term!r}",
                      "not_checkable", ev, {})  # fmt: skip
        return _verdict(d, res, doc_id)
    check = rule_for(d.claim_type)
    if check is None:
        raise BadArgument(f"no verification rule for claims of type {d.claim_type!r}")
    return _verdict(d, check(sx, d), doc_id)


def _series(corpus: Corpus, against: str | None) -> str:
    series = against or corpus.knowledge.main_series
    if not series:
        raise NotFound("the pack names no series to check against; give one (--against)")
    return series


def verify_document(corpus: Corpus, doc, against: str | None = None) -> list[Verdict]:
    d = corpus.resolve(doc)
    sx = SeriesContext(corpus, _series(corpus, against))
    sx.docs(None)  # raises NotFound for an unknown series
    return [check_detected(sx, c, d.id) for c in detect_claims(corpus, d.id)]


def load_claims_file(path: str | Path) -> list[dict]:
    p = Path(path)
    if not p.is_file():
        raise NotFound(f"no claims file {str(p)!r}")
    data = yaml.safe_load(p.read_text(encoding="utf-8")) or []
    if isinstance(data, dict):
        data = data.get("claims", [])
    if not isinstance(data, list) or not all(isinstance(c, dict) for c in data):
        raise BadArgument(f"{p}: expected a YAML list of claims ({{type, term, series, key, ...}})")
    return data


def verify_claims(corpus: Corpus, claims: list[dict], against: str | None = None
                  ) -> list[Verdict]:  # fmt: skip
    """Hand-written claims: {type: count|first_appearance|presence|figure, term, series,
    key, count?, value?, unit?, metric?, kind?}."""
    out = []
    contexts: dict[str, SeriesContext] = {}
    for i, c in enumerate(claims, 1):
        series = str(c.get("series") or _series(corpus, against))
        d = _written_claim(corpus, i, c, series)
        sx = contexts.setdefault(series, SeriesContext(corpus, series))
        out.append(check_detected(sx, d, None))
    return out


def _written_claim(corpus: Corpus, i: int, c: dict, series: str) -> Detected:
    """A hand-written claim as a detected one (claim `i` of its file, for messages)."""
    typ = str(c.get("type", "")).strip()
    typ = {"figure": "attributed_figure", "first": "first_appearance"}.get(typ, typ)
    if rule_for(typ) is None:
        raise BadArgument(
            f"claim {i}: type {typ!r}: use count, first_appearance, presence or figure"
        )
    key = str(c["key"]) if c.get("key") is not None else None
    term = str(c.get("term") or "")
    item = _concept_of(corpus, term)
    if item and item not in corpus.knowledge.pack:
        raise BadArgument(f"claim {i}: no concept {item!r} in the pack")
    label = f"{typ} {term} {series} {key}".strip()
    d = Detected(typ, label, 0, 0, term, item, key, "", "report")
    if typ == "count":
        if c.get("count") is None:
            raise BadArgument(f"claim {i}: a count claim needs 'count'")
        d.count = int(c["count"])
    if typ == "attributed_figure":
        d.figure = _written_figure(i, c, key)
        d.term = term or d.figure.quote
    return d


def _concept_of(corpus: Corpus, term: str) -> str | None:
    if term.startswith(("concept:", "entity:")):
        return term.split(":", 1)[1]
    if not term:
        return None
    ms = [m for m in corpus.knowledge.linker.find(term) if m.kind == "concept"]
    whole = [m for m in ms if m.start == 0 and m.end == len(term)]
    best = whole or ms  # a mention of the whole term first
    return best[0].item_id if best else None


def _written_figure(i: int, c: dict, key: str | None) -> Claim:
    if c.get("value") is None:
        raise BadArgument(f"claim {i}: a figure claim needs 'value' (and 'unit')")
    raw = f"{c['value']}{c.get('unit') or ''}"
    qs = find_quantities(raw)
    if not qs:
        raise BadArgument(f"claim {i}: cannot read the figure {raw!r}")
    q = qs[0]
    return Claim(
        metric=str(c.get("metric") or ""),
        subject="",
        value=q.value_text,
        unit=q.unit_text,
        value_base=q.value,
        base_unit=q.base_unit,
        kind=str(c.get("kind") or ""),
        period=key or "",
        qualifier=q.qualifier,
        quote=raw,
        start=0,
        end=0,
    )

"""Counts ('count'): the claimed number against the term's count in the member under each
counting rule (see `policyscope.analysis.verify`)."""

from __future__ import annotations

from typing import Any

from policyscope.analysis.verify_common import (
    Outcome,
    RuleCount,
    SeriesContext,
    by_name,
    kwic_lines,
    member,
    previous,
    rule_counts,
    short,
    zh_forms,
)
from policyscope.analysis.verify_detect import Detected
from policyscope.analysis.verify_rules import register


@register("count")
def check(sx: SeriesContext, claim: Detected) -> Outcome:
    return check_count(sx, claim.term, claim.item_id, claim.key, claim.count or 0)


def check_count(
    sx: SeriesContext, term: str, item_id: str | None, key: str | None, claimed: int
) -> Outcome:
    corpus = sx.corpus
    forms = zh_forms(corpus, item_id, term)
    sd = sx.docs(forms[0])
    doc, why = member(sx, sd, key)
    checked = f"count of {term!r} ({item_id or 'no pack concept'}) in {sx.name(key, doc)}"
    if doc is None:
        return Outcome(sx.name(key), checked, "not_checkable", why or "", {"claimed": claimed})
    prev = previous(sd, key)
    rules = rule_counts(corpus, item_id, term, [doc] + ([prev[1]] if prev else []))
    details: dict[str, Any] = {"claimed": claimed, "rules": [], "previous": None}
    parts = _per_rule(sx, rules, doc, key, details)
    checked += "; rules: " + "; ".join(r.described for r in rules)
    ev = [f"Claimed {claimed}. In {sx.name(key, doc)}: " + "; ".join(parts) + "."]
    ev += _inside_and_broad(sx, rules, doc, key)
    verdict = _verdict(rules, doc, claimed, ev)
    if prev:
        pk, pd = prev
        details["previous"] = {
            "series_key": pk,
            "doc_id": pd,
            "counts": {r.name: r.count(pd) for r in rules},
        }
        ev.append(
            f"Previous member {sx.name(pk, pd)}: "
            + ", ".join(f"{r.name} {r.count(pd)}" for r in rules)
            + "."
        )
    if sd.lang == "zh":
        ev.append(
            "Counted in the Chinese text; a count in a translation (e.g. 'AI' in an "
            "English version) is not checked."
        )
    return Outcome(sx.name(key, doc), checked, verdict, " ".join(ev), details)


def _per_rule(
    sx: SeriesContext, rules: list[RuleCount], doc: int, key: str | None, details: dict
) -> list[str]:
    """Each rule's count in words; its KWIC lines go into `details`."""
    parts = []
    for r in rules:
        lines = kwic_lines(sx.corpus, doc, r.spans[doc], key=key)
        details["rules"].append(
            {"rule": r.name, "described": r.described, "count": r.count(doc), "kwic": lines}
        )
        if r.name == "concept+narrower":
            found = sorted({x["match"] for x in lines})
            parts.append(
                f"concept+narrower (with narrower concepts: {', '.join(found)}) = {r.count(doc)}"
            )
        else:
            parts.append(f"{r.described} = {r.count(doc)}")
    return parts


def _inside_and_broad(
    sx: SeriesContext, rules: list[RuleCount], doc: int, key: str | None
) -> list[str]:
    """Where the rules differ: literal hits inside longer words, and the loose reading."""
    ev = []
    lit, tok = by_name(rules, "literal"), by_name(rules, "token")
    inside = [s for s in lit.spans[doc] if s not in set(tok.spans[doc])]
    if inside:
        lines = kwic_lines(sx.corpus, doc, inside, key=key)
        ev.append(
            f"{len(inside)} literal occurrence(s) are inside longer words, which the token rule "
            f"leaves out: {', '.join(short(x, 4) for x in lines)}."
        )
    broad = next((r for r in rules if r.name == "broad"), None)
    if broad:
        lines = kwic_lines(sx.corpus, doc, broad.spans[doc], key=key)
        ev.append(
            f"The {broad.count(doc)} {broad.described.split(':')[0]} occurrences: "
            + ", ".join(short(x, 4) for x in lines)
            + "."
        )
    return ev


def _verdict(rules: list[RuleCount], doc: int, claimed: int, ev: list[str]) -> str:
    """Supported when a rule reproduces the number; says so (or why not) first in `ev`."""
    matches = [r for r in rules if r.count(doc) == claimed]
    if matches:
        names = [m.name for m in matches]
        ev.insert(0, f"Reproduced by the {', '.join(names)} rule{'s' if len(names) > 1 else ''}.")
        if names == ["broad"]:
            broad = by_name(rules, "broad")
            ev.insert(
                1,
                f"Only the loose reading ({broad.described}) gives {claimed}; the "
                "precise rules do not.",
            )
        return "supported"
    counts = sorted({r.count(doc) for r in rules})
    near = min(rules, key=lambda r: abs(r.count(doc) - claimed))
    ev.insert(
        0,
        f"No counting rule gives {claimed} (the rules give {', '.join(map(str, counts))}); "
        f"the nearest is {near.described} = {near.count(doc)}.",
    )
    if near.count(doc) > claimed:
        ev.append(
            f"{claimed} would need hand-picking {claimed} of the {near.count(doc)} "
            f"occurrences under '{near.name}', which is not a counting rule."
        )
    return "contradicted"

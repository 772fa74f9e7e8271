"""First appearances ('first_appearance'): the term counted in every stored member of the
series; the first member that contains it against the claimed one, with the rule for gaps
(see `policyscope.analysis.verify`). `appearance` is shared with the presence rule."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from policyscope.analysis.series import SeriesDocs, key_order
from policyscope.analysis.verify_common import (
    Outcome,
    RuleCount,
    SeriesContext,
    by_name,
    kwic_lines,
    member,
    rule_counts,
    short,
    zh_forms,
)
from policyscope.analysis.verify_detect import Detected
from policyscope.analysis.verify_rules import register


@dataclass
class Appearance:
    """Where a term appears in a series, and the member a claim is about."""

    sd: SeriesDocs
    rules: list[RuleCount]
    deciding: list[str]  # the rules that decide whether a member contains the term
    keys: list[str]  # the members that contain it, in order
    doc: int | None  # the claimed member's document
    why: str | None  # why the claimed member cannot be checked
    checked: str
    summary: str
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def first(self) -> str | None:
        return self.keys[0] if self.keys else None

    def spans(self, doc: int, rule: str | None = None) -> list[tuple[int, int]]:
        return by_name(self.rules, rule or self.deciding[0]).spans[doc]


def _table(sx: SeriesContext, term: str, item_id: str | None):
    sd = sx.docs(zh_forms(sx.corpus, item_id, term)[0])
    rules = rule_counts(sx.corpus, item_id, term, sd.doc_ids)
    by = {r.name: r for r in rules}

    def present(names):
        return [k for k, d in sd.members if any(by[n].count(d) for n in names if n in by)]

    deciding = ["concept", "token"]
    keys = present(deciding)
    if not keys and "concept+narrower" in by:
        deciding, keys = ["concept+narrower"], present(["concept+narrower"])
    if not keys and "token" not in by:
        deciding, keys = ["literal"], present(["literal"])
    table = {}
    for k in sd.keys:
        d = dict(sd.members).get(k)
        table[k] = None if d is None else {r.name: r.count(d) for r in rules}
    return sd, rules, deciding, keys, table


def appearance(
    sx: SeriesContext, term: str, item_id: str | None, key: str | None, what: str
) -> Appearance:
    sd, rules, deciding, keys, table = _table(sx, term, item_id)
    doc, why = member(sx, sd, key)
    checked = (
        f"{what} of {term!r} ({item_id or 'no pack concept'}) over {sx.series} "
        f"{sd.keys[0]}–{sd.keys[-1]} ({sd.lang}); a member contains it when "
        f"{' or '.join(deciding)} finds it; rules counted: " + "; ".join(r.described for r in rules)
    )
    first = keys[0] if keys else None
    details: dict[str, Any] = {
        "claimed_key": key,
        "first_key": first,
        "keys_present": keys,
        "deciding_rules": deciding,
        "table": table,
        "missing": list(sd.missing),
    }
    present_txt = ", ".join(keys) if keys else "none"
    absent = [k for k, _d in sd.members
              if k not in keys and (first is None or key_order(k) < key_order(first))]  # fmt: skip
    summary = (
        f"Contains it: {present_txt}. "
        + (f"Lacks it before that: {', '.join(absent)}. " if absent else "")
        + (f"Not in the store: {', '.join(sd.missing)}." if sd.missing else "")
    )
    found = Appearance(sd, rules, deciding, keys, doc, why, checked, summary, details)
    if first:
        fd = dict(sd.members)[first]
        spans = found.spans(fd) or next(r.spans[fd] for r in rules if r.spans.get(fd))
        details["first_kwic"] = kwic_lines(sx.corpus, fd, spans, key=first)
    return found


@register("first_appearance")
def check(sx: SeriesContext, claim: Detected) -> Outcome:
    key = claim.key
    ap = appearance(sx, claim.term, claim.item_id, key, "first appearance")
    doc, first = ap.doc, ap.first
    if doc is None:
        return Outcome(sx.name(key), ap.checked, "not_checkable", f"{ap.why}. {ap.summary}",
                       ap.details)  # fmt: skip
    where = sx.name(key, doc)
    if first is None:
        verdict, ev = "contradicted", _nowhere(sx, ap, where)
    elif key_order(first) < key_order(key or ""):
        lines = ap.details["first_kwic"]
        verdict, ev = (
            "contradicted",
            (
                f"It appears earlier, in {sx.name(first, dict(ap.sd.members)[first])}: "
                + "; ".join(short(x, 15) + f" (offset {x['start']})" for x in lines[:3])
                + f". {ap.summary}"
            ),
        )
    elif key_order(first) > key_order(key or ""):
        verdict, ev = (
            "contradicted",
            (
                f"{where} does not contain it; "
                f"the first stored member with it is {first}. {ap.summary}"
            ),
        )
    else:
        verdict, ev = _first_here(sx, ap, key or "", where)
    return Outcome(where, ap.checked, verdict, ev, ap.details)


def _nowhere(sx: SeriesContext, ap: Appearance, where: str) -> str:
    ev = f"Not found in any stored member, including {where}. {ap.summary}"
    literal = by_name(ap.rules, "literal")
    lit = [(k, d) for k, d in ap.sd.members if literal.count(d)]
    if lit:
        k, d = lit[0]
        lines = kwic_lines(sx.corpus, d, literal.spans[d], key=k)
        ev += (
            f" Literal substrings occur only inside longer words (first in {k}: "
            + ", ".join(short(x, 6) for x in lines[:2])
            + "), which no rule counts as the term."
        )
    return ev


def _first_here(sx: SeriesContext, ap: Appearance, key: str, where: str) -> tuple[str, str]:
    """The claimed member is the first stored one with the term: the gaps before it decide."""
    sd = ap.sd
    idx = sd.keys.index(key)
    right_before = sd.keys[idx - 1] if idx > 0 else None
    missing_before = sd.missing_before(key)
    found = "; ".join(short(x, 12) for x in ap.details["first_kwic"][:2])
    if ap.deciding[0] in ("concept+narrower", "literal"):
        found += f"; found only under the {ap.deciding[0]} rule"
    if not missing_before:
        return "supported", (
            f"First found in {where} ({found}); "
            f"every earlier member is stored and lacks it. {ap.summary}"
        )
    if right_before in sd.missing:
        return "not_checkable", (
            f"Consistent with every stored member (first found in {key}: {found}), but the "
            f"member right before it, {right_before}, is not in the store: the term may have "
            f"appeared there first, so the claim cannot be confirmed. {ap.summary}"
        )
    return "supported", (
        f"First found in {where} ({found}). Caveat: {', '.join(missing_before)} "
        f"{'is' if len(missing_before) == 1 else 'are'} not in the store; the stored member right "
        f"before ({right_before}) lacks the term, so it would have had to appear in "
        f"{', '.join(missing_before)} and then vanish. {ap.summary}"
    )

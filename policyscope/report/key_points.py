"""Key points of a briefing: one sentence each in the briefing's language, each with its
citation, chosen by written rules (`report.rules`, shown in the colophon through the
`colophon_rules` template).

  R1 new terms: concepts linked in the latest series member and in no earlier stored
     member, most mentions first; not when the member right before it is missing (the
     term may have appeared there). Cited: the first occurrence.
  R2 target changes: targets of the same metric in the last two members, both certain
     (`extract.certainty`), that moved. Cited: both targets.
  R3 conflicts: conflicts kept by the conflicts section (both figures certain) that
     involve a secondary source, are about the same period or a different scope, and
     whose figures differ. Cited: both.
  R4 contradicted verdicts with a finding a reader can check (a count, a first
     appearance, a certain figure). Cited: the claim and the primary evidence.
  R5 latest events (only when the others give fewer than three).
Taken from the rules in turn (R1, R2, R3, R4, R1, ...) until `MAX_KEY_POINTS`; each rule
offers at most `PER_RULE`. Nothing uncertain becomes a key point, and no table row is
quoted as a key point.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from policyscope.report.model import KeyPoint, Sentence
from policyscope.report.registry import rules

if TYPE_CHECKING:
    from policyscope.report.briefing import Briefing

MAX_KEY_POINTS = 6
MIN_KEY_POINTS = 3  # fewer than this: the fill rules (R5) add some
PER_RULE = 3
FINDINGS = ("R3", "R4")  # rules whose points may state one finding twice


def _same_finding(a: Sentence, b: Sentence) -> bool:
    """Every citation of `a` overlaps one of `b` (same document, overlapping spans)."""
    return bool(a.cites) and all(
        any(c.doc_id == d.doc_id and c.start < d.end and d.start < c.end for d in b.cites)
        for c in a.cites
    )


def choose(b: Briefing) -> list[KeyPoint]:
    """The key points: the rules' candidates taken in turn, one finding once."""
    specs = rules()
    offered = {r.name: r.make(b, PER_RULE) for r in specs if not r.fill}
    chosen: list[KeyPoint] = []
    i = 0
    while len(chosen) < MAX_KEY_POINTS and any(i < len(v) for v in offered.values()):
        for name, cands in offered.items():
            if i < len(cands) and len(chosen) < MAX_KEY_POINTS:
                # one finding once: a conflict that is also a contradicted verdict
                # (new terms of one sentence share a citation and stay apart)
                twin = name in FINDINGS and any(
                    k.rule in FINDINGS and _same_finding(cands[i], k.sentence) for k in chosen
                )
                if not twin:
                    chosen.append(KeyPoint(name, cands[i]))
        i += 1
    for spec in (r for r in specs if r.fill):
        if len(chosen) < MIN_KEY_POINTS:
            chosen += [KeyPoint(spec.name, s) for s in spec.make(b, MIN_KEY_POINTS - len(chosen))]
    return chosen

"""R3 conflicts: conflicts kept by the conflicts section (both figures certain) that
involve a secondary source, are about the same thing and time, and whose figures
differ. Cited: both figures."""

from __future__ import annotations

from typing import TYPE_CHECKING

from policyscope.report.model import Sentence
from policyscope.report.registry import rule

if TYPE_CHECKING:
    from policyscope.report.briefing import Briefing

# conflicts that are findings (a revision by the same source, or two names for one
# figure, are not disagreements about a value)
DISAGREE = frozenset(
    {"same_period", "different_scope", "cross_source", "transcription_error", "within_document"}
)


@rule("R3", order=3)
def conflicts(b: Briefing, n: int) -> list[Sentence]:
    out = []
    for c in b.found.conflicts:
        # a finding is two figures that differ for the same thing and time
        if c.classification not in DISAGREE or c.a_base == c.b_base:
            continue
        if not (b.secondary(c.a_doc_id) or b.secondary(c.b_doc_id)):
            continue
        _a, ac = b.figure_cite(c.a_doc_id, c.a_start, c.a_end, c.a_quote)
        _b, bc = b.figure_cite(c.b_doc_id, c.b_start, c.b_end, c.b_quote)
        if not ac or not bc:
            continue
        metric = c.metric.split("|")[0]
        text = b.t(
            "kp_conflict2",
            metric=b.label(metric),
            a=b.say_at(c.a_doc_id, c.a_start, c.a_base, "", "", metric),
            a_doc=b.doc_name(c.a_doc_id),
            b=b.say_at(c.b_doc_id, c.b_start, c.b_base, "", "", metric),
            b_doc=b.doc_name(c.b_doc_id),
            period=c.a_period or c.b_period,
            classification=b.t.classes.get(c.classification, ""),
        )
        out.append(Sentence(text, ac + bc))
        if len(out) >= n:
            break
    return out

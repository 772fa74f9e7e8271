"""Key points of a briefing, mixed into the report Builder: one sentence each in the
briefing's language, each with its citation, chosen by written rules (shown in the
colophon through the `colophon_rules` template).

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
Taken R1, R2, R3, R4 in turn until `MAX_KEY_POINTS`. Nothing uncertain becomes a key
point, and no table row is quoted as a key point.
"""

from __future__ import annotations

from policyscope.report.model import KeyPoint, KeyPoints, Section, Sentence

MAX_KEY_POINTS = 6
PER_RULE = 3
FINDINGS = ("R3", "R4")  # rules whose points may state one finding twice
# conflicts that are findings (a revision by the same source, or two names for one
# figure, are not disagreements about a value)
DISAGREE = frozenset(
    {"same_period", "different_scope", "cross_source", "transcription_error", "within_document"}
)


def _same_finding(a: Sentence, b: Sentence) -> bool:
    """Every citation of `a` overlaps one of `b` (same document, overlapping spans)."""
    return bool(a.cites) and all(
        any(c.doc_id == d.doc_id and c.start < d.end and d.start < c.end for d in b.cites)
        for c in a.cites
    )


class KeyPointRules:
    """Mixin for `report.build.Builder`."""

    def key_points_section(self) -> Section:
        sec = Section("key_points", self.L["key_points"])
        rules: dict[str, list[Sentence]] = {
            "R1": self.kp_new_terms(),
            "R2": self.kp_target_changes(),
            "R3": self.kp_conflicts(),
            "R4": self.kp_contradicted(),
        }
        chosen: list[KeyPoint] = []
        i = 0
        while len(chosen) < MAX_KEY_POINTS and any(i < len(v) for v in rules.values()):
            for name, cands in rules.items():
                if i < len(cands) and len(chosen) < MAX_KEY_POINTS:
                    # one finding once: a conflict that is also a contradicted verdict
                    # (new terms of one sentence share a citation and stay apart)
                    twin = name in FINDINGS and any(
                        k.rule in FINDINGS and _same_finding(cands[i], k.sentence) for k in chosen
                    )
                    if not twin:
                        chosen.append(KeyPoint(name, cands[i]))
            i += 1
        if len(chosen) < 3:
            for s in self.kp_events(3 - len(chosen)):
                chosen.append(KeyPoint("R5", s))
        if not chosen:
            sec.blocks.append(self.nodata("findings"))
            return sec
        # the section heading names the box already
        sec.blocks.append(KeyPoints("", chosen))
        return sec

    def kp_new_terms(self) -> list[Sentence]:
        ch = self.changes
        if ch is None or ch.earlier_missing:
            return []
        out = []
        member = self.member_name(ch.latest)
        for tc in ch.new_terms[:PER_RULE]:
            c = self.occurrence(tc.doc_id, tc.start, tc.end)
            if c is None:
                continue
            label = self.label(tc.item_id)
            gloss = label if label != tc.surface else ""
            text = self.t(
                "kp_new_term2", term=tc.surface, gloss=gloss, member=member, count=tc.count
            )
            out.append(Sentence(text, [c]))
        return out

    def kp_target_changes(self) -> list[Sentence]:
        ch = self.changes
        if ch is None:
            return []
        out = []
        for tg in ch.targets[:PER_RULE]:
            _b, bc = self.figure_cite(tg.before.doc_id, tg.before.start, tg.before.end, "")
            _a, ac = self.figure_cite(tg.after.doc_id, tg.after.start, tg.after.end, "")
            if not bc or not ac:
                continue
            text = self.t(
                "kp_target_change",
                metric=self.label(tg.metric),
                member=self.member_name(ch.latest),
                before=self.say_claim(tg.before),
                after=self.say_claim(tg.after),
                direction=tg.direction,
            )
            out.append(Sentence(text, bc + ac))
        return out

    def kp_conflicts(self) -> list[Sentence]:
        out = []
        for c in self.conflict_rows:
            # a finding is two figures that differ for the same thing and time
            if c.classification not in DISAGREE or c.a_base == c.b_base:
                continue
            if not (self.secondary(c.a_doc_id) or self.secondary(c.b_doc_id)):
                continue
            _a, ac = self.figure_cite(c.a_doc_id, c.a_start, c.a_end, c.a_quote)
            _b, bc = self.figure_cite(c.b_doc_id, c.b_start, c.b_end, c.b_quote)
            if not ac or not bc:
                continue
            metric = c.metric.split("|")[0]
            text = self.t(
                "kp_conflict2",
                metric=self.label(metric),
                a=self.say_at(c.a_doc_id, c.a_start, c.a_base, "", "", metric),
                a_doc=self.doc_name(c.a_doc_id),
                b=self.say_at(c.b_doc_id, c.b_start, c.b_base, "", "", metric),
                b_doc=self.doc_name(c.b_doc_id),
                period=c.a_period or c.b_period,
                classification=self.t.classes.get(c.classification, ""),
            )
            out.append(Sentence(text, ac + bc))
            if len(out) >= PER_RULE:
                break
        return out

    def kp_contradicted(self) -> list[Sentence]:
        types = {"count": 0, "first_appearance": 1, "presence": 2, "attributed_figure": 3}
        vs = [(v, d, told) for v, d, told in self.verdicts if v.verdict == "contradicted"]
        vs.sort(key=lambda x: (types.get(x[0].claim_type, 4), x[0].doc_id or 0, x[0].start))
        out = []
        for v, d, told in vs:
            text = told.key_point(self, self.doc_name(d.id))
            claim, prim = self.verdict_cites(v)
            if not text or claim is None or not prim:
                continue  # a finding without its primary evidence is not a key point
            out.append(Sentence(text, [claim] + prim))
            if len(out) >= PER_RULE:
                break
        return out

    def kp_events(self, n: int) -> list[Sentence]:
        out = []
        for e in sorted(self.events, key=lambda e: e.date, reverse=True)[:n]:
            c = self.notes.cite(e.doc_id, e.quote_start, e.quote_end, focus=e.start)
            if c:
                out.append(
                    Sentence(
                        self.t(
                            "kp_event",
                            date=e.date,
                            actor=self.label(e.actor),
                            action=self.t.actions.get(e.action, e.action),
                            object=self.label(e.object),
                        ),
                        [c],
                    )
                )
        return out

"""Sections analysts draw by hand, mixed into the report Builder: "무엇이 바뀌었나" (the
latest series member against the previous one), "새로 등장한 용어" (terms first seen in the
latest member), the topic overview of a focused briefing, and the hook where the
"주요 목표 비교" table (the target/actual ledger) goes.

Every value is a count of cited mentions or a certain figure (`extract.certainty`); a
term's count is of mentions, a gloss beside a term counted with it (`report.topic`).
"""

from __future__ import annotations

from collections import Counter

from policyscope.report.changes import Changes
from policyscope.report.cite import short_quote
from policyscope.report.model import Cell, Notice, Paragraph, Section, Sentence, Table

MAX_TERMS = 12
LEDGER_YEARS = 3  # the KIET brief compares the last three years
MAX_COOC = 8
CONTEXT = 90  # characters of first-appearance context shown around a new term


class ChangeSections:
    """Mixin for `report.build.Builder` (uses its templates, notes, labels and scope)."""

    @property
    def changes(self) -> Changes | None:
        if not hasattr(self, "_changes"):
            topic = self.about_topic if self.topic is not None else None
            self._changes = Changes.of(self.ws, self.series, self.facts, self.is_certain, topic)
        return self._changes

    def member_name(self, member: tuple[str, int]) -> str:
        return self.doc_name(member[1])

    # ------------------------------------------------------------------ ledger hook
    def ledger_section(self) -> Section | None:
        """ "주요 목표 비교": the target/outcome ledger of the series (`Workspace.ledger`,
        built by the facts layer from certain figures only) for its last three years,
        each year's target beside the outcome a later member reports, with the status.
        Left out when the workspace has no ledger or it has no row."""
        make = getattr(self.ws, "ledger", None)
        if make is None or not self.series:
            return None
        from policyscope.errors import PolicyScopeError

        try:
            led = make(self.series)
        except PolicyScopeError:
            return None
        years = led.years[-LEDGER_YEARS:]
        L = self.L
        header = [L["col_metric"]]
        for y in years:
            header += [f"{y} {L['col_target']}", f"{y} {L['col_actual']}"]
        table = Table(header, css="ledger")
        for row in led.rows:
            cells = [self.ledger_cells(row.cells.get(y), y in led.missing) for y in years]
            if not any(c.cites for pair in cells for c in pair):
                continue
            table.rows.append([Cell(self.label(row.metric))] + [c for p in cells for c in p])
        _drop_empty_columns(table, L["absent"])
        sec = Section("ledger", L["ledger"])
        self.ledger_shown = bool(table.rows)
        self.ledger_metrics = {row.metric for row in led.rows}
        if not table.rows:
            sec.blocks.append(self.nodata("ledger"))
            return sec
        sec.blocks.append(table)
        if led.missing:
            keys = [y for y in led.missing if y in years]
            if keys:
                series = self.series_name(self.series)
                sec.blocks.append(Notice(self.t("missing_members", series=series, keys=keys), True))
        return sec

    def ledger_cells(self, cell, missing: bool) -> tuple[Cell, Cell]:
        """The target and the outcome (with its status) of one year of one metric."""
        out = []
        for claim in (getattr(cell, "target", None), getattr(cell, "actual", None)):
            if missing and (claim is None or claim is cell.target):
                # the year's own report is not stored: its target is unknown, but a
                # later report may still give the outcome
                out.append(Cell(self.L["not_stored"]))
                continue
            if claim is None or not self.about_topic(claim.doc_id, claim.start, claim.end):
                out.append(Cell(self.L["absent"]))
                continue
            src, cites = self.figure_cite(claim.doc_id, claim.start, claim.end, claim.quote)
            text = self.say_claim(claim)
            if claim is cell.actual and cell.status in ("met", "missed"):
                text += f" ({self.t.statuses.get(cell.status, '')})"
            out.append(Cell(text, cites, kind="figure", value=src))
        return out[0], out[1]

    # ------------------------------------------------------------------ new terms
    def new_terms_section(self) -> Section | None:
        ch = self.changes
        sec = Section("new_terms", self.L["new_terms"])
        if ch is None or not ch.new_terms:
            sec.blocks.append(self.nodata("new terms"))
            return sec
        member = self.member_name(ch.latest)
        intro = Sentence(self.t("new_terms_intro", member=member), self.member_cites(ch.latest))
        sec.blocks.append(Paragraph([intro]))
        if ch.earlier_missing:
            sec.blocks.append(
                Notice(self.t("first_gap", member=self.gap_member(ch), term="…"), True)
            )
        L = self.L
        table = Table([L["col_term"], L["col_count"], L["col_context"]], css="new-terms")
        for tc in ch.new_terms[:MAX_TERMS]:
            c = self.occurrence(tc.doc_id, tc.start, tc.end)
            if c is None:
                continue
            table.rows.append(
                [
                    Cell(self.term_with_gloss(tc.surface, tc.item_id), [c]),
                    Cell(str(tc.count), [c], kind="count"),
                    Cell(self.context(tc.doc_id, tc.start, tc.end), [c], lang=self.quote_lang(c)),
                ]
            )
        if len(ch.new_terms) > MAX_TERMS:
            self.cover("cov_limit", section=sec.title, shown=MAX_TERMS, total=len(ch.new_terms))
        sec.blocks.append(table)
        return sec

    def member_cites(self, member: tuple[str, int]) -> list:
        """What names a series member in its own text: its title near the top, else its
        first paragraph (the member's key is then read from the workspace's metadata)."""
        c = self.title_cite(member[1])
        if c is None:
            text, paras = self.paragraphs(member[1])
            c = self.notes.cite(member[1], *paras[0]) if paras else None
        return [c] if c else []

    def gap_member(self, ch: Changes) -> str:
        key = ch.latest[0]
        prev = str(int(key) - 1) if key.isdigit() else ""
        return self.t("doc_member", series=self.series_name(self.series), key=prev, lang="")

    def term_with_gloss(self, surface: str, item_id: str) -> str:
        """'具身智能 (신체화 AI)': the term as written, glossed from the pack."""
        label = self.label(item_id)
        return surface if not label or label == surface else f"{surface} ({label})"

    def context(self, doc_id: int, start: int, end: int) -> str:
        """A few words around a mention, cut at the sentence (it is quoted in the note)."""
        lo, hi = self.notes.sentence_span(doc_id, start)
        lo, hi = max(lo, start - CONTEXT // 2), min(hi, end + CONTEXT // 2)
        text = self.notes.text(doc_id)
        return ("…" if lo > 0 else "") + " ".join(text[lo:hi].split()) + "…"

    # ------------------------------------------------------------------ what changed
    def changes_section(self) -> Section | None:
        ch = self.changes
        sec = Section("changes", self.L["changes"])
        if ch is None or not (ch.gained or ch.dropped or ch.targets or ch.new_terms):
            sec.blocks.append(self.nodata("changes"))
            return sec
        before, after = self.member_name(ch.previous), self.member_name(ch.latest)
        intro = self.t("changes_intro", before=before, after=after)
        cites = self.member_cites(ch.previous) + self.member_cites(ch.latest)
        sec.blocks.append(Paragraph([Sentence(intro, cites)]))
        L = self.L
        table = Table(
            [L["col_change"], L["col_term"], L["col_before"], L["col_after"]], css="changes"
        )
        for label, terms, side in (
            (L["gained"], ch.new_terms + ch.gained, ch.latest),
            (L["dropped"], ch.dropped, ch.previous),
        ):
            for tc in terms[:MAX_TERMS]:
                c = self.occurrence(tc.doc_id, tc.start, tc.end)
                if c is None:
                    continue
                now = str(tc.count) if side is ch.latest else L["absent"]
                was = (str(tc.before) or L["absent"]) if side is ch.latest else str(tc.count)
                was = was if was != "0" else L["absent"]
                table.rows.append(
                    [
                        Cell(label),
                        Cell(self.term_with_gloss(tc.surface, tc.item_id), [c]),
                        Cell(was, [c] if side is ch.previous else [], kind="count"),
                        Cell(now, [c] if side is ch.latest else [], kind="count"),
                    ]
                )
        for tg in ch.targets:
            b_src, bc = self.figure_cite(tg.before.doc_id, tg.before.start, tg.before.end, "")
            a_src, ac = self.figure_cite(tg.after.doc_id, tg.after.start, tg.after.end, "")
            table.rows.append(
                [
                    Cell(L[tg.direction]),
                    Cell(self.label(tg.metric)),
                    Cell(self.say_claim(tg.before), bc, kind="figure", value=b_src),
                    Cell(self.say_claim(tg.after), ac, kind="figure", value=a_src),
                ]
            )
        sec.blocks.append(table)
        return sec

    # ------------------------------------------------------------------ topic overview
    def topic_section(self) -> Section | None:
        if self.topic is None:
            return None
        sec = Section("topic", self.L["topic"])
        ms = [m for m in self.topic.mentions if m.doc_id in self.scope]
        if not ms:
            sec.blocks.append(self.nodata("mentions"))
            return sec
        name = ", ".join(self.label(i) for i in self.topic.items)
        docs = sorted({m.doc_id for m in ms}, key=lambda d: (self.all_docs[d].date or "", d))
        first = (
            ms[0]
            if not docs
            else min((m for m in ms if m.doc_id == docs[0]), key=lambda m: m.start)
        )
        fc = self.occurrence(first.doc_id, first.start, first.end)
        d0 = self.all_docs[first.doc_id]
        first_txt = f"{self.doc_name(first.doc_id)} ({d0.date or ''})".replace(" ()", "")
        intro = self.t("topic_intro", term=name, n=len(ms), docs=len(docs), first=first_txt)
        sec.blocks.append(Paragraph([Sentence(intro, [fc] if fc else [])]))
        L = self.L
        table = Table([L["col_doc"], L["col_date"], L["col_mentions"]], css="topic-docs")
        for d in docs:
            dm = [m for m in ms if m.doc_id == d]
            c = self.occurrence(d, dm[0].start, dm[0].end)
            table.rows.append(
                [
                    Cell(self.doc_name(d), [c] if c else []),
                    Cell(self.all_docs[d].date or "", [c] if c and self.all_docs[d].date else []),
                    Cell(str(len(dm)), [c] if c else [], kind="count"),
                ]
            )
        sec.blocks.append(table)
        cooc = self.cooccurring(ms)
        if cooc.rows:
            sec.blocks.append(cooc)
        defs = self.topic.defining(self.paragraphs)
        if defs:
            dt = Table([L["col_doc"], self.t("topic_define")], css="topic-defs")
            for doc_id, a, b in defs:
                c = self.notes.cite(doc_id, a, b)
                if c is not None:
                    dt.rows.append(
                        [
                            Cell(self.doc_name(doc_id)),
                            Cell(short_quote(c.quote, 220), [c], lang=self.quote_lang(c)),
                        ]
                    )
            sec.blocks.append(dt)
        return sec

    def cooccurring(self, ms) -> Table:
        """Concepts and entities named in the sentences that mention the topic."""
        from policyscope.store.filters import DocFilter

        counts: Counter = Counter()
        first: dict[str, tuple[int, int, int]] = {}
        spans = {}
        for m in ms:
            spans.setdefault(m.doc_id, []).append(self.notes.sentence_span(m.doc_id, m.start))
        rows = self.ws.store.mention_rows(None, DocFilter(doc_ids=list(spans)))
        for r in rows:
            if r[2] in self.topic.items:
                continue
            if any(a <= r[4] < b for a, b in spans.get(r[0], ())):
                counts[r[2]] += 1
                first.setdefault(r[2], (r[0], r[4], r[5]))
        L = self.L
        t = Table([L["col_cooc"], L["col_type"], L["col_count"]], css="topic-cooc")
        for item, n in counts.most_common(MAX_COOC):
            doc_id, s, e = first[item]
            c = self.occurrence(doc_id, s, e)
            kind = getattr(self.pack.get(item), "type", "concept")  # concepts have no type
            t.rows.append(
                [
                    Cell(self.label(item), [c] if c else []),
                    Cell(self.t.types.get(kind, "")),
                    Cell(str(n), [c] if c else [], kind="count"),
                ]
            )
        return t


def _drop_empty_columns(table: Table, absent: str) -> None:
    """Columns where no row has a value (the outcome of the current year) are left out."""
    keep = [
        i
        for i in range(len(table.header))
        if i == 0 or any(r[i].text != absent for r in table.rows)
    ]
    table.header = [table.header[i] for i in keep]
    table.rows = [[r[i] for i in keep] for r in table.rows]

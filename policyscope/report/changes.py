"""What the latest member of a series changed against the previous one: the facts behind
the "새로 등장한 용어" / "무엇이 바뀌었나" tables and the R1/R2 key points.

    ch = Changes.of(corpus, "cn-gwr", facts, certain)  # None when fewer than two members
    ch.latest, ch.previous                # (key, doc_id) of the two members compared
    ch.new_terms                          # concepts in the latest and in no earlier member
    ch.gained, ch.dropped                 # concepts present in one of the two only
    ch.targets                            # TargetChange: same metric, both certain, moved

Terms are pack concepts linked in the members (mentions, counted once per mention);
targets are figures of kind 'target' whose period is the member's own year, and only
those `certain` accepts (metric, kind, measure and period known).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from policyscope.analysis.series import series_docs
from policyscope.corpus import DocFilter
from policyscope.errors import PolicyScopeError
from policyscope.model import MentionSpan

if TYPE_CHECKING:
    from policyscope.corpus import Corpus
    from policyscope.model import Claim


@dataclass
class TermCount:
    item_id: str
    count: int
    doc_id: int
    start: int  # the first mention in that document
    end: int
    surface: str
    before: int = 0  # mentions in the previous member (for gained/dropped)


@dataclass
class TargetChange:
    metric: str
    before: Claim  # in the previous member
    after: Claim  # in the latest member
    direction: str  # raised | lowered


@dataclass
class Changes:
    latest: tuple[str, int]
    previous: tuple[str, int]
    earlier_missing: bool = False  # the member just before the latest is not stored
    new_terms: list[TermCount] = field(default_factory=list)
    gained: list[TermCount] = field(default_factory=list)
    dropped: list[TermCount] = field(default_factory=list)
    targets: list[TargetChange] = field(default_factory=list)

    @classmethod
    def of(
        cls,
        corpus: Corpus,
        series: str | None,
        facts: list[Claim],
        certain: Callable[[Claim], bool],
        topic: Callable[[int, int, int], bool] | None = None,
    ) -> Changes | None:
        """`certain(claim) -> bool` decides which targets may be compared; `topic(doc,
        start, end) -> bool` (optional) keeps only what lies in sentences about a topic."""
        if not series:
            return None
        try:
            sd = series_docs(corpus, series)
        except PolicyScopeError:
            return None
        if len(sd.members) < 2:
            return None
        latest, previous = sd.members[-1], sd.members[-2]
        keys = list(sd.keys)
        gap = keys.index(latest[0]) > 0 and keys[keys.index(latest[0]) - 1] != previous[0]
        ch = cls(latest, previous, earlier_missing=gap)
        rows = corpus.mentions(None, DocFilter(doc_ids=sd.doc_ids))
        per: dict[int, dict[str, list[MentionSpan]]] = defaultdict(lambda: defaultdict(list))
        for r in rows:
            if r.kind == "concept" and (topic is None or topic(r.doc_id, r.start, r.end)):
                per[r.doc_id][r.item_id].append(r)
        earlier = {d for _k, d in sd.members[:-1]}
        seen_before = {i for d in earlier for i in per.get(d, {})}
        now, prev = per.get(latest[1], {}), per.get(previous[1], {})
        for item, rs in now.items():
            tc = _count(item, rs, len(prev.get(item, [])))
            if item not in seen_before:
                ch.new_terms.append(tc)
            elif item not in prev:
                ch.gained.append(tc)
        for item, rs in prev.items():
            if item not in now:
                ch.dropped.append(_count(item, rs, 0))
        for lst in (ch.new_terms, ch.gained, ch.dropped):
            lst.sort(key=lambda t: (-t.count, t.item_id))
        ch.targets = _target_changes(facts, certain, previous, latest, topic)
        return ch


def _count(item: str, rs: list[MentionSpan], before: int) -> TermCount:
    first = min(rs, key=lambda r: r.start)
    return TermCount(item, len(rs), first.doc_id, first.start, first.end, first.surface, before)


def _target_changes(facts, certain, previous, latest, topic) -> list[TargetChange]:
    def targets(member) -> dict[str, Claim]:
        key, doc = member
        out: dict[str, Claim] = {}
        for c in facts:
            if c.doc_id != doc or c.kind != "target" or not certain(c):
                continue
            if (c.period or "")[:4] != key[:4] or (topic and not topic(doc, c.start, c.end)):
                continue
            out.setdefault(c.metric, c)  # the first statement of the target in the report
        return out

    before, after = targets(previous), targets(latest)
    out = []
    for metric, a in after.items():
        b = before.get(metric)
        if b is None or b.base_unit != a.base_unit or b.value_base == a.value_base:
            continue
        out.append(
            TargetChange(metric, b, a, "raised" if a.value_base > b.value_base else "lowered")
        )
    # the largest relative moves first: a reader looks at those before the small ones
    return sorted(out, key=lambda t: (-_moved(t), t.metric))


def _moved(t: TargetChange) -> float:
    b, a = t.before.value_base, t.after.value_base
    return abs(a - b) / (abs(b) or 1.0)

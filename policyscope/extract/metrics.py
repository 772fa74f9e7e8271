"""Resolution helpers shared by claims and tables: metric triggers, claim kind cues,
clause spans, subjects and noun-phrase fallbacks.

Pure functions over a pack; compiled indexes are cached per pack object.

    idx = metric_index(pack)
    idx.find(text, start, end) -> [TriggerHit(start, end, metric_id, surface, weak)]

Rules kept here so that the sentence path (claims.py) and the table path (tables.py)
agree:
- a trigger is any word listed under a pack metric's `triggers` (all languages: Korean
  reports gloss Chinese terms in brackets); a space in a trigger matches any run of
  whitespace or none ('AI 핵심 산업 규모' = 'AI 핵심산업 규모'); Latin triggers need word
  boundaries; longest match first, no overlaps;
- `unit_ok(metric, quantity)` keeps a trigger whose metric counts something else out
  (a percent is not an AI company count), except that a growth rate or a share may
  refer to any metric (the growth of the core industry size);
- WEAK_TRIGGERS are generic words ('성장률', 'users', 'GDP의'...) that count only when
  they stand right before the figure or nothing better is found.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from policyscope.extract.dates import DateMention, find_dates
from policyscope.extract.periods import section_periods
from policyscope.extract.quantities import Quantity, find_quantities
from policyscope.extract.units import CURRENCIES
from policyscope.knowledge.linker import Linker
from policyscope.knowledge.runtime import linker_for, pack_for
from policyscope.lang.scripts import CJK_UNIFIED, HANGUL_SYLLABLES

if TYPE_CHECKING:
    from policyscope.knowledge.loader import Pack
from policyscope.text.phrases import ASCII_ALNUM, PhraseMatcher, lower_same_length

__all__ = [
    "TriggerHit",
    "MetricIndex",
    "metric_index",
    "unit_ok",
    "kind_of",
    "cue_kind",
    "clauses",
    "noun_phrase",
    "SUBJECT_TYPES",
]

# Trigger words too generic to name a metric unless they sit right before the figure.
WEAK_TRIGGERS = frozenset(
    {
        "성장률",
        "실업률",
        "失业率",
        "users",
        "이용자 수",
        "用户数",
        "times",
        "mentioned",
        "提及",
        "备案",
        "完成备案",
        "GDP의",
        "AI에",
        "투자한다고",
        "개 사",
        "개 이상 발표",
        "유니콘 기업도",
        "AI 모델은",
        "inflation",
        "CPI",
        "GDP",
        "trade-in",
        "제조 국가",
        "졸업생 수",
        "R&D 예산",
        "科技支出",
        "研发投入",
        "R&D 투자",
    }
)

# Trigger words ignored altogether: they name a different thing in most sentences
# ('연간 성장률' of a city's AI industry is not GDP growth).
IGNORED_TRIGGERS = frozenset({"성장률"})

SUBJECT_TYPES = frozenset({"place", "company", "organization"})

_UNIT_KIND = {
    "currency": lambda b: b in CURRENCIES,
    "percent": lambda b: b in ("percent", "percentage_point"),
    "count": lambda b: b not in CURRENCIES and b not in ("percent", "percentage_point"),
    "people": lambda b: b in ("count", "people", "person_times"),
}


@dataclass(frozen=True)
class TriggerHit:
    start: int
    end: int
    metric: str
    surface: str
    weak: bool


def _chars(chars: set[str]) -> str:
    return "".join(map(re.escape, sorted(chars)))


class MetricIndex:
    """All trigger words of a pack, compiled into one phrase matcher."""

    def __init__(self, pack):
        self.pack = pack
        pairs: dict[str, str] = {}
        for m in pack.metrics.values():
            for w in m.triggers.all() if m.triggers else []:
                w = str(w).strip()
                if w and w.lower() not in pairs and w not in IGNORED_TRIGGERS:
                    pairs[w.lower()] = m.id
        self._metric_of = pairs
        # keyed as the text is matched: lower-cased, single-spaced (a space: any run of
        # whitespace, or none)
        keys = {" ".join(w.split()): w for w in sorted(pairs, key=len, reverse=True)}
        self._matcher = PhraseMatcher(keys, spaces="optional", word=ASCII_ALNUM) if keys else None
        self.unit_kind = {m.id: m.unit_kind for m in pack.metrics.values()}

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[TriggerHit]:
        if self._matcher is None:
            return []
        end = len(text) if end is None else end
        lo = max(0, start - 1)  # the character before start counts for a word boundary
        low = lower_same_length(text[lo:end])
        out = []
        for s, e, _word in self._matcher.find(low, start - lo):
            s, e = s + lo, e + lo
            surface = text[s:e]
            key = " ".join(surface.split()).lower()
            mid = self._metric_of.get(key)
            if mid is None:  # matched with different spacing: find by squeezed key
                sq = key.replace(" ", "")
                for w, i in self._metric_of.items():
                    if w.replace(" ", "") == sq:
                        mid, key = i, w
                        break
            if mid is None:
                continue
            weak = any(key == w.lower() for w in WEAK_TRIGGERS)
            out.append(TriggerHit(s, e, mid, surface, weak))
        return out

    def resolve(self, text: str) -> tuple[str, str] | None:
        """(metric id, surface) of the longest trigger in a short text (a row header)."""
        hits = self.find(text)
        if not hits:
            return None
        h = max(hits, key=lambda h: (not h.weak, h.end - h.start))
        return h.metric, h.surface


_INDEXES: dict[int, tuple[object, MetricIndex]] = {}
_LINKERS: dict[int, tuple[object, object]] = {}


def _per_pack(cache: dict, pack, build):
    """`build(pack)`, once per pack object (keyed by id, checked by identity)."""
    got = cache.get(id(pack))
    if got is None or got[0] is not pack:
        if len(cache) > 8:
            cache.clear()
        got = (pack, build(pack))
        cache[id(pack)] = got
    return got[1]


def metric_index(pack) -> MetricIndex:
    """The trigger index of a pack (built once per pack object)."""
    return _per_pack(_INDEXES, pack, MetricIndex)


def unit_ok(unit_kind: str | None, base_unit: str, kind: str = "") -> bool:
    """Can a figure in base_unit be a value of a metric of unit_kind?"""
    if base_unit in ("percent", "percentage_point") and kind in ("growth_rate", "share"):
        return True
    check = _UNIT_KIND.get(unit_kind or "")
    return True if check is None else check(base_unit)


# ------------------------------------------------------------------ kind cues

_TARGET = re.compile(
    r"목표|계획|달성할|달성하|겠다|할 방침|끌어올리|한다고 발표|하기로|할 것이라|승인"
    r"|目标|预期|计划|拟|力争|争取|要达到|控制在"
    r"|(?<![A-Za-z])(?:target(?:s|ed)?|goal|aims? (?:to|at)|plans? to|will reach|by 20\d\d"
    r"|(?:keep|set) (?:[\w-]+ ){0,6}(?:at|below|under|within|above) (?:around |about )?\d)"
    r"(?![A-Za-z])",
    re.IGNORECASE,
)
_FORECAST = re.compile(
    r"전망|예상|예측|것으로 보이|것으로 보여|것으로 보인|것으로 추정|预计|预测|有望|将达|"
    r"(?<![A-Za-z])(?:forecasts?|forecasted|expected|projected|projections?|predicted|"
    r"is set to|estimated to|likely to)(?![A-Za-z])",
    re.IGNORECASE,
)
_SHARE = re.compile(
    r"비중|비율|차지|점유율|占|比重|份额|"
    r"(?<![A-Za-z])(?:share|proportion|percent of|% of)(?![A-Za-z])",
    re.IGNORECASE,
)
_GROWTH = re.compile(
    r"성장률|증가율|상승률|증가한|증가했|증가해|증가하|증가|늘어난|늘어|늘린|성장|인상|상승"
    r"|增长|增速|提高|上涨|涨幅|增幅|增加|"
    r"(?<![A-Za-z])(?:growth|grew|grow(?:s|ing)?|ris(?:e|es|ing)|rose|increase[sd]?|up by)"
    r"(?![A-Za-z])",
    re.IGNORECASE,
)


def cue_kind(text: str) -> str:
    """target | forecast | '' from the words of text."""
    if _FORECAST.search(text):
        return "forecast"
    if _TARGET.search(text):
        return "target"
    return ""


def kind_of(
    clause_text: str,
    sentence_text: str,
    *,
    is_percent: bool,
    metric_is_rate: bool,
    period_kind: str = "",
    near_text: str = "",
    metric_is_share: bool = False,
) -> str:
    """The claim kind. Precedence: share / growth_rate (a percentage next to share or
    growth words, unless the metric is itself a rate such as gdp_growth) > target/forecast
    cues in the clause, then in the sentence > a deadline period -> target > actual."""
    if is_percent and not metric_is_rate:
        if _SHARE.search(near_text or clause_text):
            return "share"
        if _GROWTH.search(near_text or clause_text):
            return "growth_rate"
    k = cue_kind(clause_text) or cue_kind(sentence_text)
    if not k and period_kind == "by_deadline":
        k = "target"
    if not k and is_percent and metric_is_share:
        k = "share"
    return k or "actual"


# ------------------------------------------------------------------ clauses

_OPEN = "(（[「『《〈【“‘"
_CLOSE = ")）]」』》〉】”’"
_CLAUSE_SEP = frozenset(",，;；、:：")


_MARKS: dict[frozenset[str], re.Pattern[str]] = {}


def _marks(seps: frozenset[str]) -> re.Pattern[str]:
    """The characters clauses() acts on: brackets and separators (the rest it passes)."""
    got = _MARKS.get(seps)
    if got is None:
        got = _MARKS[seps] = re.compile(f"[{_chars(set(_OPEN + _CLOSE) | seps)}]")
    return got


def clauses(
    text: str, start: int, end: int, *, seps: frozenset[str] = _CLAUSE_SEP
) -> list[tuple[int, int]]:
    """(start, end) clause spans of text[start:end], split at commas/semicolons outside
    brackets and quotes. Enumeration commas between short items are kept together when
    the separator is '、'."""
    out = []
    depth = 0
    cs = start
    for m in _marks(seps).finditer(text, start, end):
        i = m.start()
        c = text[i]
        if c in _OPEN:
            depth += 1
        elif c in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0 and c in seps and c != "、":
            # '1,200': a comma between digits is a thousands separator
            if c == "," and 0 < i < len(text) - 1 and text[i - 1].isdigit():
                if text[i + 1].isdigit():
                    continue
            if c in ":：" and i + 1 < end and text[i + 1].isdigit():
                continue  # '10:30'
            out.append((cs, i))
            cs = i + 1
    out.append((cs, end))
    return [(a, b) for a, b in out if b > a]


# ------------------------------------------------------------------ noun phrases

_HS = HANGUL_SYLLABLES
_KO_PARTICLE_END = re.compile(r"(은|는|이|가|을|를|의|에서|에|으로|로|도|과|와)$")
# '…의 반도체 산업': the noun after a genitive, when no noun phrase comes before a figure
_KO_OF_NOUN = re.compile(rf"\s*의\s+([{_HS}A-Za-z]+(?:\s[{_HS}A-Za-z]+)?)")
_KO_TOPIC = re.compile(
    rf"([{_HS}A-Za-z0-9&·+\-]+(?:\s+[{_HS}A-Za-z0-9&·+\-]+){{0,3}}?)(?:은|는|이|가)\s"
)
_KO_PARTICLE_WORDS = frozenset("에서 에 의 은 는 이 가 을 를 및 등 또는 그리고".split())
_HAN_RUN = re.compile(rf"[{CJK_UNIFIED}A-Za-z0-9]+$")
_ZH_VERBS = re.compile(
    r"(?:增长|达到|达|为|是|超过|突破|增加|提高到|提高|提升|上升至|上升|下降|减少|降低|约|近|按"
    r"|拟按|拟安排|安排|拟发行|发行|实现|分别|再|首次|跃上|至|到|了|共|累计|年均)+$"
)
_ZH_LEAD = re.compile(r"^(?:其中|全年|今年|去年|我国|全国|合计|总计|拟发行|拟安排|发行|安排)+")
_EN_NP = re.compile(
    r"([A-Za-z][A-Za-z\-' ]{1,80}?)\s+(?:of|at|to|was|were|is|are|reached|totall?ed|hit|"
    r"stood at|rose to|fell to|grew by|grew|by|amounted to)\s*$",
    re.IGNORECASE,
)
_EN_DET = re.compile(r"^(?:the|a|an|its|their|this|that|these|those|china's|chinese)\s+", re.I)
_STRIP = " \t\n-–—•·*※▶■□◆●○☑▣:：,，、()（）'\"‘’“”「」《》"


def _clean(s: str) -> str:
    return " ".join(s.split()).strip(_STRIP)


def noun_phrase(text: str, start: int, end: int, lang: str) -> str:
    """The noun phrase naming what the figure at `end` counts, read from text[start:end]
    (the clause up to the figure, date mentions already blanked). '' if none."""
    seg = text[start:end]
    if lang == "ko":
        tops = list(_KO_TOPIC.finditer(seg))
        if tops:
            words = tops[-1].group(1).split()
            while words and words[0] in _KO_PARTICLE_WORDS:
                words.pop(0)
            if words:
                return _clean(" ".join(words))
        words = seg.split()
        words = [w for w in words if w.strip(_STRIP)]
        tail = words[-3:]
        if tail:
            tail[-1] = _KO_PARTICLE_END.sub("", tail[-1])
        return _clean(" ".join(tail))
    if lang in ("zh", "ja"):
        s = seg.rstrip()
        s = _ZH_VERBS.sub("", s)
        m = _HAN_RUN.search(s)
        if not m:
            return ""
        np_ = _ZH_LEAD.sub("", m.group()) or m.group()
        return np_[-12:]
    m = _EN_NP.search(seg)
    if m:
        words = m.group(1).split()[-5:]
        return _EN_DET.sub("", " ".join(words)).strip()
    words = [w for w in seg.split() if w.strip(_STRIP)][-3:]
    return _clean(" ".join(words))


# ------------------------------------------------------------------ document context

_DOC_TYPES = frozenset({"policy_document", "regulation", "law", "programme"})
_SOURCE_AFTER = re.compile(
    r"^[)）\]」』'\"’”]*\s*(?:의\s*)?(?:통계|발표|자료|조사|보고서)?\s*(?:에\s*따르면|에\s*의하면)"
    r"|^[)）\]」』'\"’”]*\s*(?:의\s*)?(?:통계|자료|조사)"
    r"|^[)）]*\s*(?:数据|统计|报告)?(?:显示|表示)|^\s*,?\s*according",
    re.IGNORECASE,
)
_SOURCE_BEFORE = re.compile(r"(?:据|根据|according to|출처\s*[:：]?)\s*$", re.IGNORECASE)
_WORLD = re.compile(r"글로벌|전\s?세계|세계|全球|世界|global|world", re.IGNORECASE)
_PART_OF = re.compile(r"(?:^|\s)(?:중|가운데)\s|之中|其中|of which", re.IGNORECASE)
CHANGE = _CHANGE = re.compile(
    r"(?:比上年|比去年|同比|较上年|比\d{4}年|전년\s?대비|전년보다|than (?:the previous|last) year"
    r"|year[- ]on[- ]year)\s*(?:增加|增长|提高|减少|下降|多|증가|감소|늘|increase|up|down)?",
    re.IGNORECASE,
)


@dataclass
class Ent:
    item_id: str
    type: str
    start: int
    end: int
    surface: str


class DocContext:
    """Figures, dates, linked entities and triggers of one text, computed once."""

    def __init__(
        self,
        text: str,
        lang: str | None,
        pack: Pack,
        ref_year: int | None,
        linker: Linker | None = None,
    ) -> None:
        self._bisect = bisect_left
        self.text = text
        self.lang = lang
        self.pack = pack
        self.ref_year = ref_year
        self.index = metric_index(pack)
        self._triggers: dict[tuple[int, int], list[TriggerHit]] = {}
        self.quantities = find_quantities(text, lang)
        self.q_starts = [q.start for q in self.quantities]
        if linker is None:
            linker = _linker_of(pack, Linker)
        ents: list[Ent] = []
        concepts: list[Ent] = []
        for m in linker.find(text):
            if m.kind == "entity":
                e = pack.entities.get(m.item_id)
                ents.append(Ent(m.item_id, e.type if e else "", m.start, m.end, m.surface))
            else:
                concepts.append(Ent(m.item_id, "concept", m.start, m.end, m.surface))
        self.entities = ents
        self.concepts = concepts
        starts = [e.start for e in ents]
        # mentions come in text order; a list in another order is searched through
        self._e_starts = starts if all(map(int.__le__, starts, starts[1:])) else None
        doc_spans = [(e.start, e.end) for e in ents if e.type in _DOC_TYPES]
        dates: list[DateMention] = []
        # dates skip figures; the figures of this text are known when no lang narrowed them
        for d in find_dates(text, lang, ref_year, self.quantities if lang is None else None):
            if any(a < d.end and d.start < b for a, b in doc_spans):
                continue  # '제14차 5개년 계획' names a plan, not a period
            dates.append(d)
        self.dates = dates  # in order and non-overlapping (find_dates), so ends rise too
        self.d_starts = [d.start for d in dates]
        # the periods that the document's structure gives undated figures (review of
        # last year, this year's plan); none without a document year
        self.sections = section_periods(text, ref_year) if ref_year else None
        # work on spans of the text that claims and events would both repeat (paragraphs,
        # their sentences and languages), keyed by what it is and the span
        self.memo: dict[tuple, object] = {}

    def quantities_in(self, start: int, end: int) -> list[Quantity]:
        i = self._bisect(self.q_starts, start)
        out = []
        while i < len(self.quantities) and self.quantities[i].start < end:
            out.append(self.quantities[i])
            i += 1
        return out

    def quantity_before(self, at: int) -> Quantity | None:
        """The figure starting last before `at` (bisect: long clauses hold many figures)."""
        i = self._bisect(self.q_starts, at) - 1
        return self.quantities[i] if i >= 0 else None

    def durations_in(self, start: int, end: int) -> list[Quantity]:
        """Figures in years ('3년간', '五年') in [start, end), per span once."""
        key = ("durations", start, end)
        got = self.memo.get(key)
        if got is None:
            got = self.memo[key] = [
                d for d in self.quantities_in(start, end) if d.base_unit == "year"
            ]
        return cast(list[Quantity], got)

    def triggers_in(self, start: int, end: int) -> list[TriggerHit]:
        """Metric trigger words in [start, end), found once per span: every figure of a
        sentence asks for the same sentence's triggers."""
        hits = self._triggers.get((start, end))
        if hits is None:
            hits = self._triggers[start, end] = self.index.find(self.text, start, end)
        return hits

    def dates_in(self, start: int, end: int) -> list[DateMention]:
        """Dates lying wholly inside [start, end)."""
        i = self._bisect(self.d_starts, start)
        out = []
        while i < len(self.dates) and self.dates[i].end <= end:
            out.append(self.dates[i])
            i += 1
        return out

    def entities_in(self, start: int, end: int, types: Collection[str] | None = None) -> list[Ent]:
        ents = self.entities
        i, n = 0, len(ents)
        if self._e_starts is not None:
            # from the first entity starting at `start`; none starting at `end` or later
            # can end by `end` (mentions are not empty)
            i = self._bisect(self._e_starts, start)
            n = self._bisect(self._e_starts, end, i)
        return [
            e
            for e in ents[i:n]
            if e.start >= start and e.end <= end and (types is None or e.type in types)
        ]


def _linker_of(pack: Pack, linker_cls: type[Linker]) -> Linker:
    if pack is pack_for():
        return linker_for()
    return _per_pack(_LINKERS, pack, linker_cls)


def percent_mode(ctx: DocContext, q: Quantity, clause: tuple[int, int], prev_end: int) -> str:
    """'share' | 'growth_rate' | '' for a percent figure, from the words around it."""
    if q.base_unit not in ("percent", "percentage_point"):
        return ""
    t = ctx.text
    near = t[max(clause[0], prev_end) : min(clause[1], q.end + 14)]
    if _SHARE.search(near):
        return "share"
    if _GROWTH.search(near):
        return "growth_rate"
    return ""


# 'GDP reached 63.6 trillion yuan', 'CPI rose by 2%': a generic word and its figure
_EN_VERB_GAP = re.compile(
    r"\s+(?:reached|grew|rose|increased|fell|dropped|was|stood at|totall?ed|hit|amounted to)"
    r"(?:\s+by)?\s+(?:about |around |approximately |over |some )?",
    re.IGNORECASE,
)


def _gap_small(text: str, a: int, b: int, limit: int = 6) -> bool:
    gap = text[a:b]
    core = re.sub(r"[\s:：'’\"()（）은는이가의을를에로으]", "", gap)
    return len(core) <= 2 and len(gap) <= limit + 6


def resolve_metric(
    ctx: DocContext,
    q: Quantity,
    clause: tuple[int, int],
    sentence: tuple[int, int],
    lang: str,
    mode: str,
    prev_q: Quantity | None = None,
) -> tuple[str, str, int]:
    """(metric, metric_text, start of the words naming it) for figure q."""
    t = ctx.text
    idx = ctx.index
    hits = ctx.triggers_in(sentence[0], sentence[1])
    ok = [h for h in hits if unit_ok(idx.unit_kind.get(h.metric), q.base_unit, mode)]
    cs, ce = clause
    chosen = None
    before = sorted((h for h in ok if h.end <= q.start and h.start >= cs), key=lambda h: -h.end)
    after = sorted(
        (
            h
            for h in ok
            if h.start > q.start and h.end > q.end and h.end <= ce and h.start - q.end <= 12
        ),
        key=lambda h: h.start,
    )
    after = [
        h
        for h in after
        if not h.weak
        and not any(q.end <= o.start < h.start for o in ctx.quantities_in(q.end, h.start))
    ]
    # '11.86 million urban jobs': the unit names the metric
    inside = [h for h in ok if q.start < h.start and h.end <= q.end and not h.weak]
    for h in before:
        near = _gap_small(t, h.end, q.start) or _EN_VERB_GAP.fullmatch(t, h.end, q.start)
        if h.weak and not near:
            continue
        if _PART_OF.search(t[h.end : q.start]) and after:
            chosen = after[0]
        else:
            chosen = h
        break
    # Chinese names what it counts before the number: a metric word after the figure
    # ('居民收入年均增长7.4%、超过经济增长') or in an earlier clause is another figure's
    head_final = lang not in ("zh",) or not _own_noun(t, cs, q.start)
    if chosen is None and inside:
        chosen = inside[0]
    if chosen is None and after and (head_final or _issues_next(t, q, after[0])):
        chosen = after[0]
    if chosen is None and head_final:
        earlier = sorted((h for h in ok if h.end <= cs and not h.weak), key=lambda h: -h.end)
        if earlier:
            chosen = earlier[0]
    if chosen is not None and _ALLOCATED.match(t, q.end):
        # '安排超长期特别国债3000亿元支持消费品以旧换新': a part set aside for a purpose
        chosen = None
    if chosen is not None and _SUB_SCOPE.search(t[max(0, chosen.start - 3) : chosen.start]):
        # '其中中央财政赤字1.55万亿元': a part of the metric's whole, not a value of it
        chosen = None
    # a change against last year is not the level itself: it keeps the metric, and
    # policyscope.extract.measures files it as an increment
    if prev_q is not None and chosen is None:
        between = t[prev_q.end : q.start]
        ch = _CHANGE.search(between)
        if ch and mode != "growth_rate" and q.base_unit not in ("percent", "percentage_point"):
            words = " ".join(ch.group().split())
            return "np:" + words, words, prev_q.end + ch.start()
    if chosen is not None:
        return chosen.metric, " ".join(chosen.surface.split()), chosen.start
    return _noun_phrase_metric(ctx, q, clause, lang)


def _noun_phrase_metric(
    ctx: DocContext, q: Quantity, clause: tuple[int, int], lang: str
) -> tuple[str, str, int]:
    """('np:' + words, words, start): the clause up to the figure, dates and the earlier
    figure blanked, read for the noun phrase naming what it counts."""
    t = ctx.text
    cs, ce = clause
    seg_start = cs
    prev = ctx.quantity_before(q.start)  # the nearest earlier figure, not all of them
    if prev is not None and prev.start >= cs and prev.end <= q.start:
        seg_start = max(seg_start, prev.end)
    chars = list(t[seg_start : q.start])
    for d in ctx.dates_in(seg_start, q.start):
        for i in range(d.start, d.end):
            chars[i - seg_start] = " "
    blank = "".join(chars)
    np_ = noun_phrase(blank, 0, len(blank), lang)
    if not np_ and lang == "ko":
        m = _KO_OF_NOUN.match(t[q.end : ce])
        if m:
            np_ = _KO_PARTICLE_END.sub("", m.group(1))
    if not np_:
        np_ = q.unit_text or "value"
    pos = t.find(np_, seg_start, q.start)
    return "np:" + np_, np_, pos if pos >= 0 else q.start


_TOPIC_AFTER = re.compile(
    r"(?:\s*[(（][^)）]{0,30}[)）])?"
    rf"(?:의\s+[{_HS}A-Za-z·]+(?:\s*[(（][^)）]{{0,20}}[)）])?(?:\s+[{_HS}]{{1,4}})?)?"
    r"(?:은|는|이|가|측은|에서는)(?=[\s,])"
)


def _followed_by_source(t: str, e: Ent) -> bool:
    return bool(_SOURCE_AFTER.search(t[e.end : e.end + 24])) or bool(
        _SOURCE_BEFORE.search(t[max(0, e.start - 12) : e.start])
    )


def resolve_subject(
    ctx: DocContext,
    q: Quantity,
    metric_start: int,
    sentence: tuple[int, int],
    default: str,
    metric_end: int | None = None,
    clause_start: int = 0,
) -> str:
    if metric_end is None:
        metric_end = metric_start
    t = ctx.text
    all_ents = ctx.entities_in(sentence[0], sentence[1], SUBJECT_TYPES)
    sources = {e.item_id for e in all_ents if _followed_by_source(t, e)}
    ents = [e for e in all_ents if e.item_id not in sources]
    topic_between = any(
        metric_end <= e.start and e.end <= q.start and _TOPIC_AFTER.match(t, e.end) for e in ents
    )
    # 1. a world-wide scope or an entity right before the metric words
    if clause_start <= metric_start < q.start and not topic_between:
        pre = t[max(sentence[0], metric_start - 10) : metric_end]
        if _WORLD.search(pre):
            return "world"
        for e in sorted(ents, key=lambda e: -e.end):
            if e.end <= metric_start and _gap_small(t, e.end, metric_start, 4):
                return e.item_id
    before = [e for e in ents if e.end <= q.start]
    # 2. the topic of the sentence ('알리바바 클라우드의 장젠펑 회장은 …')
    topics = [e for e in before if _TOPIC_AFTER.match(t, e.end)]
    if topics:
        return max(topics, key=lambda e: e.end).item_id
    # 3. the nearest entity before the figure in the sentence
    if before:
        return max(before, key=lambda e: e.end).item_id
    return default


def resolve_period(
    ctx: DocContext,
    q: Quantity,
    clause: tuple[int, int],
    sentence: tuple[int, int],
    wide: tuple[int, int],
) -> tuple[str, str]:
    """(period ISO, period_kind) of the date mention governing figure q."""
    t = ctx.text
    ds = [
        d
        for d in ctx.dates_in(wide[0], wide[1])
        if not (d.start < q.end and q.start < d.end)
        # '比去年增加2700亿元': the year compared with is not the figure's period
        and not _COMPARED_WITH.search(t[max(0, d.start - 3) : d.start])
    ]
    cs, ce = clause

    def pick(cands: list[DateMention], nearest_last: bool = True) -> DateMention | None:
        if not cands:
            return None
        return (
            max(cands, key=lambda d: d.end) if nearest_last else min(cands, key=lambda d: d.start)
        )

    d = pick([d for d in ds if cs <= d.start and d.end <= q.start])
    if d is None:
        d = pick([d for d in ds if q.end <= d.start and d.end <= ce], nearest_last=False)
    if d is None:
        d = pick([d for d in ds if d.end <= q.start and d.start >= sentence[0]])
    if d is None:
        d = pick(
            [
                d
                for d in ds
                if d.start >= q.end and d.end <= sentence[1] and d.kind in ("as_of", "by_deadline")
            ],
            nearest_last=False,
        )
    if d is None:
        d = pick([d for d in ds if d.end <= q.start])
    if d is None:
        return "", "point"
    return date_period(d)


_ISSUE_VERB = re.compile(r"(?:发行|增发|安排|下达|新增)\s*$")


def _issues_next(t: str, q: Quantity, h: TriggerHit) -> bool:
    """'同时发行1万亿元抗疫特别国债': after a verb of issuing, the amount's noun follows it
    (at most a few characters between)."""
    return bool(_ISSUE_VERB.search(t[max(0, q.start - 4) : q.start])) and h.start - q.end <= 4


_BARE_CHANGE = re.compile(
    r"^(?:今年|去年|全年|[比较同]上年|比去年|同比|年初预算|预算|其中|分别|再|又|均|先|拟|要|年均|平均)*"
    r"(?:增长|增加|提高|上涨|下降|降低|减少|上升|达到|为|是|约|近|超过|发行|安排|高|低|多|少)*$"
)


def _own_noun(t: str, a: int, b: int) -> bool:
    """Does the clause before a figure name something of its own? '比上年增长7.4%' does
    not (it continues the clause before), '居民收入增长7.3%' does."""
    prefix = re.sub(r"[\s，,、：:]", "", t[a:b])
    # a figure opening its clause ('7%左右的速度…') names its thing after it: no own
    # noun before it, but no licence to borrow an earlier clause's either
    return not prefix or not _BARE_CHANGE.match(prefix)


# no comma: '3000亿元支持消费品以旧换新' sets a part aside; '1万亿元，专项用于…' says what
# the whole is for
_ALLOCATED = re.compile(r"(?:专项)?(?:用于|支持|投向)")
_SUB_SCOPE = re.compile(r"(?:中央|地方|省级|市级|县级|其中|중앙|지방)(?:财政|政府)?$")
_COMPARED_WITH = re.compile(
    r"(?:比|较|同|与|高于|低于|大于|小于|多于|少于|than|over|대비|보다)\s*$", re.IGNORECASE
)


def date_period(d: DateMention) -> tuple[str, str]:
    if d.kind == "range" and d.value_end:
        return f"{d.value}/{d.value_end}", "range"
    if d.kind in ("as_of", "by_deadline"):
        return d.value, d.kind
    return d.value, "point"

"""Find checkable claims about primary documents in a secondary text (ko, zh, ja, en).

    detect_claims(corpus, doc_id) -> [Detected]

Three kinds of claim are found, sentence by sentence (the stored sentence segments):

- ``count``: a number of mentions ('AI가 9번 언급', '5회 언급', '3차례', '提到人工智能9次',
  '提及9次', '9回言及', 'mentioned 9 times'). The term is the quoted term or the pack
  concept named nearest before the number.
- ``first_appearance``: '처음으로 언급/제시/등장', '처음 언급', '새롭게 등장/제시',
  '최초로', '이번이 처음', '首次', '首次提出', '首提', '初めて', 'for the first time',
  'first appeared'. The term is the quoted term nearest the trigger (every pack concept in
  it: 'AI 모델·가젤 기업' gives two claims), else the nearest concept mention.
  ``presence``: '2015년 보고에서 제시된 '인터넷+'' (a term said to be in a given report,
  without 'first') is checked the same way.
- ``attributed_figure``: a figure (from ``corpus.claims``) in a sentence that names the primary
  document ('정부업무보고', '정부 활동 보고', '政府工作报告', 'Government Work Report') or
  its session ('양회', '전인대', '两会', '全国人大', 'NPC', 'Two Sessions'); and figures in
  a table whose caption or source line names the document ('자료: 2025 政府工作报告').

Which primary document: the series named by a cue in the claim's clause (the text between
the previous trigger in the sentence and this one), with the year nearest that cue
('2025년 정부업무보고', "'24년 정부 활동 보고", '2025년 양회'). Without a year there, the
year comes from an earlier claim about the same concept in the document (reported as
such), else from the nearest of the previous sentences that names the series or session
with a year. A clause that names another source (a Xi Jinping speech, a Politburo
meeting, a plenum) gives a claim about that source, which the verifier reports as
not checkable. Detection is rule-based and errs on the side of precision: a sentence with
a trigger but no series cue, no context and no other-source cue is not a claim about the
series and is skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from policyscope.corpus import Corpus, DocFilter
from policyscope.extract.dates import find_dates
from policyscope.model import Claim

# -- cues ----------------------------------------------------------------------------

# The document itself (attribution 'report'); spaces and quotes inside are tolerated.
REPORT_CUES = [
    r"정부\s*업무\s*보고(?:서)?",
    r"정부\s*활동\s*보고(?:서)?",
    r"정부\s*공작\s*보고(?:서)?",
    r"政府工作报告",
    r"政府工作報告",
    r"政府活動報告",
    r"(?:Government\s+Work\s+Report|government\s+work\s+report|Report\s+on\s+the\s+Work\s+of\s+the\s+Government)",
]
# The session at which it is delivered (attribution 'session': other documents, e.g. the
# budget report, are adopted there too).
SESSION_CUES = [
    r"양회",
    r"전인대",
    r"전국\s*인민\s*대표\s*대회",
    r"两会",
    r"兩會",
    r"全国人大",
    r"全国人民代表大会",
    r"全國人大",
    r"人代会",
    r"全人代",
    r"\bNPC\b",
    r"National\s+People'?s\s+Congress",
    r"Two\s+Sessions",
]
# Other primary sources the store does not hold as a series: claims about them are
# reported as not checkable, naming the source.
OTHER_SOURCES = [
    (r"시진핑|習近平|习近平|Xi\s+Jinping", "a Xi Jinping speech or remark"),
    (r"정치국|政治局|Politburo", "a Politburo meeting"),
    (r"전체\s*회의|全会|全體會議|plenum|plenary session", "a Party Central Committee plenum"),
]

COUNT_PATTERNS = [
    re.compile(
        r"(?P<n>\d{1,4})\s*(?:번|회|차례)(?:나|이나|씩)?\s*(?:이나\s*)?"
        r"(?:언급|등장|거론|제시|사용|나오|출현|강조)"
    ),
    re.compile(r"(?:提到|提及|出现|提)(?:了)?\s*(?P<n>\d{1,4})\s*次"),
    re.compile(r"(?P<n>\d{1,4})\s*(?:次|回)\s*(?:提到|提及|出现|言及|登場)"),
    re.compile(r"(?P<n>\d{1,4})\s*回(?:も)?(?:言及|登場|使用|使われ)"),
    re.compile(
        r"(?:mentioned|cited|used|appears|appeared|referenced)\s+(?P<n>\d{1,4})\s+times", re.I
    ),
    re.compile(r"(?P<n>\d{1,4})\s+(?:mentions|references)\s+(?:of|to)\b", re.I),
]
FIRST_PATTERNS = [
    re.compile(
        r"처음(?:으로)?\s*(?:언급|제시|등장|명시|포함|도입|제기|거론|발표|채택)"
        r"|처음으로|최초로|이번이\s*처음|새롭게\s*(?:등장|제시|언급|포함|추가)"
    ),
    re.compile(r"首次|首度|首提|第一次(?:提出|写入|出现|提到)|新写入|新提法"),
    re.compile(r"初めて|初登場|初言及"),
    re.compile(
        r"for\s+the\s+first\s+time|first\s+(?:appeared|appearance|mentioned|introduced|named)"
        r"|newly\s+(?:appeared|introduced|added)|(?:made\s+its\s+)?debut",
        re.I,
    ),
]
PRESENCE_PATTERNS = [
    re.compile(r"(?:보고|보고서)에서\s*(?:제시|언급|등장|제기|발표)(?:된|한|되었)"),
    re.compile(r"(?:报告|報告)(?:中|里)?(?:提出|提到|写入)(?:的|了)"),
    re.compile(r"(?:was|were)\s+(?:proposed|introduced|mentioned)\s+in\s+the\s+\d{4}", re.I),
]
QUOTE_RE = re.compile(
    r"'([^'\n]{1,80})'|‘([^’\n]{1,80})’|“([^”\n]{1,80})”|\"([^\"\n]{1,80})\"|「([^」\n]{1,80})」|『([^』\n]{1,80})』"
)  # noqa: E501

_REPORT_RE = re.compile("|".join(f"(?:{p})" for p in REPORT_CUES))
_SESSION_RE = re.compile("|".join(f"(?:{p})" for p in SESSION_CUES))


@dataclass
class Cue:
    attribution: str  # 'report' | 'session' | 'other'
    start: int
    end: int
    text: str
    source: str = ""  # for 'other': the source named


@dataclass
class Detected:
    claim_type: str  # count | first_appearance | presence | attributed_figure
    quote: str
    start: int  # the claim's sentence in the secondary document
    end: int
    term: str  # the term as written ('' for figures)
    item_id: str | None
    key: str | None  # the member (year) the claim is about
    key_note: str  # how the year was found
    attribution: str  # report | session | other | none
    other_source: str | None = None
    count: int | None = None
    figure: Claim | None = None
    term_start: int | None = None
    term_end: int | None = None
    keys: list[str] = field(default_factory=list)  # years named (tables)


def find_cues(text: str, start: int = 0, end: int | None = None) -> list[Cue]:
    end = len(text) if end is None else end
    out = []
    for m in _REPORT_RE.finditer(text, start, end):
        out.append(Cue("report", m.start(), m.end(), m.group(0)))
    for m in _SESSION_RE.finditer(text, start, end):
        if not any(c.start <= m.start() < c.end for c in out):
            out.append(Cue("session", m.start(), m.end(), m.group(0)))
    for pattern, source in OTHER_SOURCES:
        for m in re.finditer(pattern, text[start:end]):
            out.append(Cue("other", start + m.start(), start + m.end(), m.group(0), source))
    return sorted(out, key=lambda c: c.start)


def find_years(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, str]]:
    """(offset, 'YYYY') of the years written in text[start:end] (2025, '24년, '24.3.)."""
    years = find_dates(text, profile="cited_year", start=start, end=end)
    return [(d.start, d.value) for d in years]


def nearest_year(text: str, lo: int, hi: int, at: int) -> str | None:
    ys = find_years(text, lo, hi)
    if not ys:
        return None
    # before the cue counts a little closer than after ('2025년 양회' vs '보고('24.3.)')
    return min(ys, key=lambda y: (at - y[0]) if y[0] <= at else (y[0] - at) * 1.5)[1]


def concept_mentions(linker, text: str, lo: int, hi: int) -> list[tuple[int, int, str, str]]:
    """(start, end, item_id, surface) of pack concepts in text[lo:hi]."""
    return [
        (lo + m.start, lo + m.end, m.item_id, m.surface)
        for m in linker.find(text[lo:hi])
        if m.kind == "concept"
    ]


def quotes(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    return [(m.start() + 1, m.end() - 1) for m in QUOTE_RE.finditer(text, lo, hi)]


def _terms_near(
    linker, text: str, lo: int, hi: int, at: int, before_only: bool = False
) -> list[tuple[int, int, str, str]]:
    """The concept(s) the claim is about: those inside the quoted span nearest `at`, else
    the nearest concept mention (before `at` if before_only)."""
    ms = concept_mentions(linker, text, lo, hi)
    if not ms:
        return []
    qs = [q for q in quotes(text, lo, hi) if any(q[0] <= s and e <= q[1] for s, e, _i, _f in ms)]
    if before_only:
        qs = [q for q in qs if q[1] <= at]
        ms = [m for m in ms if m[1] <= at] or []
    if qs:
        q = min(qs, key=lambda q: min(abs(at - q[0]), abs(at - q[1])))
        inside = [m for m in ms if q[0] <= m[0] and m[1] <= q[1]]
        seen: dict[str, tuple[int, int, str, str]] = {}
        for m in inside:
            seen.setdefault(m[2], m)
        return list(seen.values())
    if not ms:
        return []
    return [min(ms, key=lambda m: min(abs(at - m[0]), abs(at - m[1])))]


def _first_trigger(patterns, text: str, lo: int, hi: int) -> list[re.Match]:
    found = []
    for p in patterns:
        found += list(p.finditer(text, lo, hi))
    found.sort(key=lambda m: m.start())
    out: list[re.Match] = []
    for m in found:
        if out and m.start() < out[-1].end():
            continue
        out.append(m)
    return out


class _Context:
    """Resolves the member (year) of a claim without one in its own clause."""

    def __init__(self, text: str, sentences: list[tuple[int, int]]):
        self.text = text
        self.sentences = sentences
        self.by_item: dict[str, tuple[str, int]] = {}  # item -> (key, offset of claim)

    def remember(self, item_id: str | None, key: str | None, at: int) -> None:
        if item_id and key:
            self.by_item[item_id] = (key, at)

    def resolve(self, item_id: str | None, sent_index: int) -> tuple[str | None, str]:
        if item_id and item_id in self.by_item:
            key, at = self.by_item[item_id]
            return key, f"year from the earlier claim about the same term (offset {at})"
        here = self.sentences[sent_index][0] if self.sentences else 0
        for j in range(sent_index - 1, max(-1, sent_index - 13), -1):
            s, e = self.sentences[j]
            if here - s > 1500:
                break
            cues = [c for c in find_cues(self.text, s, e) if c.attribution != "other"]
            for c in cues:
                y = nearest_year(self.text, s, e, c.start)
                if y:
                    snippet = self.text[s:e].strip()[:60]
                    return y, f"year from an earlier sentence naming the {c.text}: '{snippet}…'"
        return None, "no year in the sentence or before it"


def detect_claims(corpus: Corpus, doc_id: int) -> list[Detected]:
    text = corpus.text(doc_id)
    linker = corpus.knowledge.linker
    sents = corpus.spans(doc_id, "sentence")
    ctx = _Context(text, sents)
    out: list[Detected] = []
    count_spans: list[tuple[int, int]] = []
    for i, (s, e) in enumerate(sents):
        quote = text[s:e]
        # -- counts
        for m in _first_trigger(COUNT_PATTERNS, text, s, e):
            n0 = m.start("n")
            terms = _terms_near(linker, text, s, n0, n0, before_only=True)
            if not terms:
                continue
            st, en, item, surface = terms[-1]
            key, note, attribution, other = _member(text, s, m.end(), e, ctx, item, i)
            d = Detected(
                "count",
                quote,
                s,
                e,
                surface,
                item,
                key,
                note,
                attribution,
                other,
                count=int(m.group("n")),
                term_start=st,
                term_end=en,
            )
            out.append(d)
            count_spans.append((m.start(), m.end()))
            if attribution != "other":
                ctx.remember(item, key, s)
        # -- first appearances, then presence claims (only where no 'first' trigger)
        triggers = [("first_appearance", m) for m in _first_trigger(FIRST_PATTERNS, text, s, e)]
        if not triggers:
            triggers = [("presence", m) for m in _first_trigger(PRESENCE_PATTERNS, text, s, e)]
        prev_end = s
        for j, (kind, m) in enumerate(triggers):
            next_start = triggers[j + 1][1].start() if j + 1 < len(triggers) else e
            terms = _terms_near(linker, text, prev_end, next_start, m.start())
            clause_lo = prev_end
            prev_end = m.end()
            for st, en, item, surface in terms:
                key, note, attribution, other = _member(
                    text, clause_lo, m.end(), e, ctx, item, i, sentence_start=s
                )
                if attribution == "none" and key is None:
                    continue  # not about the series, nor about a known other source
                out.append(
                    Detected(
                        kind,
                        quote,
                        s,
                        e,
                        surface,
                        item,
                        key,
                        note,
                        attribution,
                        other,
                        term_start=st,
                        term_end=en,
                    )
                )
                if attribution != "other":
                    ctx.remember(item, key, s)
    out += _figures(corpus.claims(DocFilter(doc_ids=[doc_id])), text, sents, count_spans)
    out.sort(key=lambda d: (d.start, d.figure.start if d.figure else (d.term_start or 0)))
    return out


def _member(
    text: str,
    lo: int,
    hi: int,
    sent_end: int,
    ctx: _Context,
    item: str | None,
    sent_index: int,
    sentence_start: int | None = None,
) -> tuple[str | None, str, str, str | None]:
    """(key, how found, attribution, other source) for a claim whose clause is text[lo:hi].
    The clause is searched first; then the rest of the sentence for a series cue."""
    cues = find_cues(text, lo, hi)
    others = [c for c in cues if c.attribution == "other"]
    mine = [c for c in cues if c.attribution != "other"]
    if others and not mine:
        c = others[-1]
        return nearest_year(text, lo, hi, c.start), "", "other", c.source
    if not mine:
        s0 = sentence_start if sentence_start is not None else lo
        mine = [c for c in find_cues(text, s0, sent_end) if c.attribution != "other"]
    if mine:
        c = min(mine, key=lambda c: abs(c.start - hi))
        s0 = sentence_start if sentence_start is not None else lo
        y = nearest_year(text, s0, sent_end, c.start)
        if y:
            return y, f"year named with '{c.text}' in the sentence", c.attribution, None
        key, note = ctx.resolve(item, sent_index)
        return key, note, c.attribution, None
    key, note = ctx.resolve(item, sent_index)
    if key and note.startswith("year from the earlier claim"):
        return key, note, "report", None
    return None, note, "none", None


# -- figures -------------------------------------------------------------------------


def _table_blocks(text: str) -> list[tuple[int, int]]:
    """(start, end) of runs of lines that contain a tab (tables as extracted)."""
    blocks = []
    pos = 0
    cur: list[int] | None = None
    for line in text.splitlines(keepends=True):
        if "\t" in line:
            if cur is None:
                cur = [pos, pos + len(line)]
            else:
                cur[1] = pos + len(line)
        elif line.strip():
            if cur is not None:
                blocks.append((cur[0], cur[1]))
                cur = None
        pos += len(line)
    if cur is not None:
        blocks.append((cur[0], cur[1]))
    return blocks


def _around(text: str, start: int, end: int, lines: int = 3) -> list[tuple[int, int]]:
    """Up to `lines` non-empty lines before `start` and after `end`."""
    out = []
    i = start
    n = 0
    while i > 0 and n < lines:
        j = text.rfind("\n", 0, i - 1)
        seg = (j + 1, i)
        if text[seg[0] : seg[1]].strip():
            out.append(seg)
            n += 1
        i = j + 1 if j >= 0 else 0
        if j < 0:
            break
    i = end
    n = 0
    while i < len(text) and n < lines:
        j = text.find("\n", i)
        j = len(text) if j < 0 else j
        if text[i:j].strip():
            out.append((i, j))
            n += 1
        i = j + 1
    return out


def _figures(
    facts: list[Claim], text: str, sents: list[tuple[int, int]], count_spans
) -> list[Detected]:
    out = []
    blocks = _table_blocks(text)
    for c in facts:
        if any(a <= c.start < b for a, b in count_spans) or c.metric.endswith("mention_count"):
            continue  # the number of a count claim is not a figure about the world
        s, e = c.quote_start, c.quote_end
        if c.source == "table":
            block = next(((a, b) for a, b in blocks if a <= c.start < b), None)
            if block is None:
                continue
            lines = _around(text, *block)
            cues = [cu for a, b in lines for cu in find_cues(text, a, b)]
            mine = [cu for cu in cues if cu.attribution != "other"]
            if not mine:
                continue
            years = sorted({y for a, b in lines for _o, y in find_years(text, a, b)})
            cap = next(text[a:b].strip() for a, b in lines if find_cues(text, a, b))
            d = Detected(
                "attributed_figure",
                text[s:e],
                s,
                e,
                c.value + c.unit,
                None,
                _figure_key(c, years),
                f"table attributed by the line '{cap[:70]}'",
                mine[0].attribution,
                None,
                figure=c,
                keys=years,
            )
            out.append(d)
            continue
        cues = find_cues(text, s, e)
        mine = [cu for cu in cues if cu.attribution != "other"]
        years = [y for _o, y in find_years(text, s, e)]
        note = "year of the figure's period" if c.period else "year named in the sentence"
        if not mine:
            # a sentence under a heading that names the report or session speaks of it too
            head = _heading(text, s)
            # only national figures with a known metric: a company's or a city's numbers under
            # a heading about the Two Sessions are not statements about the report
            national = c.subject in ("china", "") and not c.metric.startswith("np:")
            if head is None or not national or c.metric.startswith("corporate_"):
                continue
            mine = [cu for cu in find_cues(text, *head) if cu.attribution != "other"]
            if not mine:
                continue
            years = years or [y for _o, y in find_years(text, *head)]
            note = f"attributed by the section heading '{text[head[0] : head[1]].strip()[:70]}'"
        key = _figure_key(c, years)
        d = Detected(
            "attributed_figure",
            text[s:e],
            s,
            e,
            c.value + c.unit,
            None,
            key,
            note,
            mine[0].attribution,
            None,
            figure=c,
            keys=years,
        )
        out.append(d)
    return out


_HEADING_RE = re.compile(r"^[ \t]*(?:[▣■☑◆□●]|\d{1,2}\.\s|[一二三四五六七八九十]+、)[^\n]*$", re.M)


def _heading(text: str, pos: int, reach: int = 4000) -> tuple[int, int] | None:
    """The span of the nearest section heading line before `pos` (within `reach`)."""
    last = None
    for m in _HEADING_RE.finditer(text, max(0, pos - reach), pos):
        last = (m.start(), m.end())
    return last


def _figure_key(c: Claim, years: list[str]) -> str | None:
    """The report that should state the figure: a target (or forecast) for year Y is set in
    the report of year Y; an actual for year Y is reported in the report of Y+1."""
    p = (c.period or "")[:4]
    if p.isdigit():
        if c.kind == "actual":
            nxt = str(int(p) + 1)
            return nxt if (not years or nxt in years) else p
        return p
    return years[0] if len(years) == 1 else (years[-1] if years else None)

"""Vocabulary candidates: terms in stored documents that the knowledge pack does not know.

    cands = find_candidates([(doc_id, text), ...], pack, tokenizer, min_count=2, top=200)

Behind `policyscope candidates`: an analyst reads the list and adds the good ones to a
user pack (as aliases of existing items, or as new items).

Signals (each occurrence gives a term and a `source`):
- ``quoted``: the inner text of '…' ‘…’ "…" “…” 「…」 『…』 《…》 〈…〉;
- ``bracketed``: the inner text of [ … ], (…), （…）; a list inside brackets is split on
  commas ('(embodied intelligence, 具身智能)' gives both). In Korean text, Han or Latin in
  brackets right after a Hangul word also gives the Korean term before the bracket
  ('유니트리(Unitree)' -> '유니트리' and 'Unitree'), see `_korean_before`;
- ``ngram``: 2-4 content tokens, adjacent in the text (Korean: whole noun words joined by
  single spaces or compounds; Chinese/Japanese: adjacent words; English: words separated
  by one space), no stopword/punctuation/number at either edge;
- ``proper_noun``: Kiwi NNP/SL tokens (ko; widened to the whole noun word, 유니/NNP +
  트리/NNG -> 유니트리, and to multi-word Latin names), Latin tokens inside Chinese
  ('eng'), Sudachi proper nouns (ja), capitalised English names (runs of capitalised
  words, 'of/and/for/the' allowed inside) unless one lone word starts a sentence.
  Tokens inside URLs and e-mail addresses are ignored.

A quoted/bracketed inner text becomes a term only when `term_like` (1-8 words, <= 30
characters, not a sentence, number, date, URL, e-mail, footnote marker or report
furniture). Nested brackets at the end of a quote are dropped ('새로운 질의
생산력(新质生产力)' quoted gives '새로운 질의 생산력'; the Han part comes from its own
bracket). Quoted/bracketed terms are kept at any count; ngram and proper-noun terms need
``count >= min_count``.

Dropped: terms the pack knows (`known_to_pack`: same `norm_alias` as a pack surface
form, also ignoring spaces, or the pack's Linker finds a mention covering the whole
term); n-gram, proper-noun and Korean-before-bracket occurrences that lie inside a
Linker mention of the document ('서비스 이용 잠정 법안' inside a known law title);
generic words (`_GENERIC`); a term that is a strict substring of another candidate with
the same count (the longer one is kept).

The score is described in `find_candidates`. `left`/`right` are the ~25 characters
around the example with whitespace runs shown as one space.

``count`` is the literal number of occurrences (``str.count`` summed over the texts),
``documents`` the number of texts containing the term, and ``source`` the strongest
signal seen (quoted > bracketed > ngram > proper_noun); the example occurrence
(doc_id/start/end/left/right) is the first occurrence of that strongest signal.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from policyscope.knowledge.linker import Linker
from policyscope.knowledge.loader import Pack, norm_alias
from policyscope.knowledge.runtime import knowledge_for
from policyscope.model import Record, Token
from policyscope.text.pipeline import analyze_text
from policyscope.text.terms import HAN as _HAN

__all__ = [
    "Candidate",
    "QUOTE_PAIRS",
    "BRACKET_PAIRS",
    "find_candidates",
    "known_to_pack",
    "term_like",
    "term_parts",
]

QUOTE_PAIRS = {
    "'": "'",
    "‘": "’",
    '"': '"',
    "“": "”",
    "「": "」",
    "『": "』",
    "《": "》",
    "〈": "〉",
}
BRACKET_PAIRS = {"[": "]", "(": ")", "（": "）"}
_PAIRS = {**QUOTE_PAIRS, **BRACKET_PAIRS}
_CLOSERS = {v: k for k, v in _PAIRS.items()}
_SYMMETRIC = {"'", '"'}
_MARKS = frozenset("".join(_PAIRS) + "".join(_PAIRS.values()) + "’”")

SOURCES = ("quoted", "bracketed", "ngram", "proper_noun")  # strongest first
_RANK = {s: i for i, s in enumerate(SOURCES)}
QUOTE_BONUS = 2.0  # times the share of a term's occurrences that were quoted/bracketed
COMMON_PENALTY = 1.0  # single ordinary words (see find_candidates)
KNOWN_PART_PENALTY = 1.0  # n-grams/proper nouns containing a pack term
CONTEXT = 25


@dataclass
class Candidate(Record):
    term: str
    lang: str
    source: str  # 'quoted' | 'bracketed' | 'ngram' | 'proper_noun' (strongest seen)
    count: int  # literal occurrences over all texts
    documents: int  # texts containing the term
    score: float  # log(count) + documents (+ QUOTE_BONUS when quoted/bracketed)
    doc_id: int  # one example occurrence
    start: int
    end: int
    left: str
    right: str


# ------------------------------------------------------------------ term-likeness

_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")

_URL = re.compile(r"://|www\.|@|\.(?:com|org|net|gov|edu|kr|cn|jp)\b", re.I)
_SENT_PUNCT = re.compile(r"[:;。！？!?：；\n]")
_UNITS = (
    r"%|퍼센트|년대|년|월|일|조|억|만|천|백|원|위안|달러|엔|유로|개국|개사|개|명|곳|건|배|위|"
    r"차|회|가지|세기|주년|分之|年|月|日|号|亿|万|千|元|美元|个|家|项|次|倍|位|条|款|%"
)
_QUANTITY = re.compile(r"\d[\d.,]*\s*(?:" + _UNITS + r")")
_ARTICLE = re.compile(r"제\s*\d+\s*[조항호장절차]|第[\d一二三四五六七八九十百]+[条章节款]")
_NUM_WORDS = re.compile(
    r"'?\d[\d.,~\-–/']*|약|총|기준|이상|이하|이후|이전|현재|누적|등|年|月|日|to|and|vs", re.I
)
_FURNITURE_NUM = re.compile(
    r"(?:참고|표|그림|도표|박스|부록|주|각주|Table|Figure|Fig\.?|Box|Chart|Annex|Appendix|"
    r"Note|图|表|注|附件|附录|図|注記)\s*[\dIVXivx.\-–]*",
    re.I,
)
# report furniture and other generic words, compared by norm_alias
_GENERIC = frozenset(
    norm_alias(w)
    for w in (
        "자료 출처 참고 참조 주요 내용 주요내용 요약 목차 부록 비고 단위 계속 본문 이하 "
        "이상 현재 기준 해당 관련 기타 각주 그림 표 주 요약본 전문 원문 보고서 "
        "Table Figure Fig Source Sources Note Notes Box Chart Annex Appendix Summary "
        "Contents Reference References Ibid etc "
        "表 图 注 资料来源 来源 附录 附件 目录 参考 参考文献 说明 摘要 "
        "出典 図 注記 参考文献 目次 概要"
    ).split()
) | {norm_alias("주요 내용"), norm_alias("참고 자료"), norm_alias("Key points")}
_KO_STOP = frozenset(
    "관련 주요 기준 이번 해당 각종 전체 현재 향후 최근 전년 대비 이상 이하 가운데 경우 정도 "
    "의 를 을 이 가 은 는 에 와 과 로 도 "
    "통해 위해 대한 등 및 또는 각 총 약 내 외 간 중 측 분야 부문 이후 이전 당시 올해 작년 "
    "내년 지난해 현재 방향 필요 추진 강화 확대 지원 구축 마련 계획 발표 관련성".split()
)
_ZH_STOP = frozenset(
    "的 地 得 了 着 过 和 与 及 以及 或 而 并 是 在 于 对 将 把 被 从 向 为 以 由 等 之 其 这 那 "
    "该 也 都 就 还 又 所 上 中 下 个 要 会 能 可 不 一 一是 二是 三是 方面 进一步 加快 推动 推进 "
    "加强 持续 积极 大力 全面 深入 重点 主要 有关 相关 各类 我国 我们".split()
)
_EN_STOP = frozenset(
    """a an the and or nor but of to in on at by for from with as into than then is are
    was were be been being do does did has have had it its this that these those there
    their they them we our us you your he she his her i me my which who whom whose what
    when where while if so not no such also will would shall should can could may might
    must all any each both either neither more most other some very same own too just over
    under about above below up down out off again further once here s new said says
    percent million billion trillion yuan dollars""".split()
)
_EN_INNER = frozenset({"of", "and", "for", "the", "on", "in", "to", "&"})
_LATIN_PARTICLE = re.compile(r"[A-Za-z0-9+](?:가|이|을|를|은|는|와|과|로|으로|에|에서|도|만)$")
_KO_CLAUSE_END = re.compile(r"(?:다|요|음|함|됨|임|니다|했다|한다)$")


def _has_letter(s: str) -> bool:
    return any(ch.isalpha() for ch in s)


def _is_numeric(s: str) -> bool:
    if _QUANTITY.search(s) or _ARTICLE.search(s):
        return True
    rest = _NUM_WORDS.sub(" ", s)
    return not _has_letter(rest)


def term_like(s: str) -> bool:
    """Whether a quoted/bracketed inner text (already stripped) reads like a term:
    1-8 words, 2-30 characters, has a letter, no quote/bracket marks left, not a
    sentence (no : ; 。 ! ? inside, no trailing period, not a Korean clause), not a
    number/date/quantity/article reference, URL, e-mail, footnote marker or report
    furniture ('표 2', '참고 1', 'Table', '出典')."""
    if not s or s != s.strip() or len(s) > 30 or len(s) < 2:
        return False
    words = s.split()
    if not 1 <= len(words) <= 8:
        return False
    if not _has_letter(s) or any(ch in _MARKS for ch in s):
        return False
    if _SENT_PUNCT.search(s) or _URL.search(s):
        return False
    if s.endswith(".") and not re.search(r"(?:\b[A-Za-z]\.){2,}$", s):
        return False
    if "," in s or "，" in s or "、" in s:
        return False
    if _is_numeric(s):
        return False
    key = norm_alias(s)
    if key in _GENERIC or _FURNITURE_NUM.fullmatch(s):
        return False
    if len(words) == 1 and len(s) < 2:
        return False
    if _HANGUL.search(s) and len(words) >= 3 and _KO_CLAUSE_END.search(words[-1]):
        return False
    # a Korean word with an object particle in the middle makes a clause, not a term
    if any(len(w) >= 2 and _HANGUL.match(w[-2]) and w[-1] in "를을" for w in words[:-1]):
        return False
    # ... and so does a Latin word with a particle ('JETRO가 정리한', 'GPT와 유사한')
    if any(_LATIN_PARTICLE.search(w) for w in words[:-1]):
        return False
    if _LATIN.search(s) and not _HANGUL.search(s) and not _HAN.search(s):
        lw = [w.lower() for w in words]
        if lw[0] in _EN_STOP or lw[-1] in _EN_STOP:
            return False
    return True


_NESTED = re.compile(r"[\(（\[][^\(（\[\)）\]]*[\)）\]]")
_LIST_SEP = re.compile(r"\s*(?:,(?!\d)|[，、;；])\s*")
_TRAIL_ETC = re.compile(r"(?:\s+등|\s*等|\s+etc\.?)$")


def term_parts(inner: str, split_list: bool = False) -> list[tuple[int, str]]:
    """The term-like parts of a quoted/bracketed inner text, as (offset in inner, part).

    A bracket group at the end is dropped ('새로운 질의 생산력(新质生产力)' -> '새로운 질의
    생산력'); with `split_list` (brackets) a comma list gives each item, and a
    trailing '등'/'等'/'etc.' is dropped. Every part is ``inner[offset:offset+len]``."""
    text = inner
    # drop nested groups that end the text (possibly several: 'A(B)(C)')
    while True:
        m = None
        for m2 in _NESTED.finditer(text):
            m = m2
        if m is None or text[m.end() :].strip():
            break
        text = text[: m.start()]
    pieces: list[tuple[int, str]] = []
    if split_list:
        pos = 0
        for m in _LIST_SEP.finditer(text):
            pieces.append((pos, text[pos : m.start()]))
            pos = m.end()
        pieces.append((pos, text[pos:]))
    else:
        pieces.append((0, text))
    out = []
    for off, piece in pieces:
        if split_list:
            piece = _TRAIL_ETC.sub("", piece)
        stripped = piece.strip()
        if not stripped:
            continue
        off += len(piece) - len(piece.lstrip())
        if term_like(stripped):
            out.append((off, stripped))
    return out


# ------------------------------------------------------------------ known to the pack


class _Known:
    """`known_to_pack` with its pack-derived tables built once."""

    def __init__(self, pack: Pack, linker: Linker | None = None):
        self.pack = pack
        self.linker = linker or Linker(pack)
        keys = {norm_alias(f) for f in pack.all_surface_forms()}
        self.keys = keys | {k.replace(" ", "") for k in keys}
        self.cache: dict[str, bool] = {}

    def __call__(self, term: str) -> bool:
        hit = self.cache.get(term)
        if hit is None:
            key = norm_alias(term)
            hit = key in self.keys or key.replace(" ", "") in self.keys
            if not hit:
                n = len(term)
                hit = any(m.start == 0 and m.end == n for m in self.linker.find(term))
            self.cache[term] = hit
        return hit

    def contains_known(self, term: str) -> bool:
        return bool(self.linker.find(term))


_KNOWN: list[_Known] = []


def _known_for(pack: Pack) -> _Known:
    for k in _KNOWN:
        if k.pack is pack:
            return k
    linker = None
    try:  # the process-wide linker when the pack is the process-wide pack
        shipped = knowledge_for()
        if pack is shipped.pack:
            linker = shipped.linker
    except Exception:  # noqa: BLE001 - fall back to building one
        linker = None
    k = _Known(pack, linker)
    _KNOWN.insert(0, k)
    del _KNOWN[4:]
    return k


def known_to_pack(term: str, pack: Pack) -> bool:
    """Whether the pack already has `term`: its norm_alias (or the same without spaces)
    equals a surface form's, or the pack's Linker finds a mention covering all of it."""
    return _known_for(pack)(term)


# ------------------------------------------------------------------ quotes and brackets


def _year_apostrophe(text: str, i: int) -> bool:
    """'23년, '25~'27: an apostrophe before a two-digit year is not a quote."""
    return bool(re.match(r"'\d\d(?!\d)", text[i : i + 4]))


def quoted_spans(text: str) -> Iterable[tuple[int, int, str]]:
    """(inner start, inner end, opener) of every quote/bracket pair, nesting allowed; a
    pair never crosses a line break. Innermost pairs come first."""
    for line in re.finditer(r"[^\n]+", text):
        stack: list[tuple[str, int]] = []
        base = line.start()
        s = line.group()
        n = len(s)
        for i, ch in enumerate(s):
            if ch in _SYMMETRIC:
                prev = s[i - 1] if i else " "
                nxt = s[i + 1] if i + 1 < n else " "
                top = next((j for j in range(len(stack) - 1, -1, -1) if stack[j][0] == ch), None)
                can_close = not prev.isspace() and not _LATIN.match(nxt)
                if top is not None and can_close and i > stack[top][1] + 1:
                    opener, at = stack[top]
                    del stack[top:]
                    yield base + at + 1, base + i, opener
                    continue
                if ch == "'" and (_LATIN.match(prev) or prev.isdigit() or _year_apostrophe(s, i)):
                    continue  # China's, '23년
                if not nxt.isspace():
                    stack.append((ch, i))
            elif ch in _PAIRS:
                stack.append((ch, i))
            elif ch in _CLOSERS or ch in "’”":
                want = _CLOSERS.get(ch) or {"’": "‘", "”": "“"}[ch]
                top = next((j for j in range(len(stack) - 1, -1, -1) if stack[j][0] == want), None)
                if top is None:
                    continue
                opener, at = stack[top]
                del stack[top:]
                if i > at + 1:
                    yield base + at + 1, base + i, opener


# ------------------------------------------------------------------ Korean before a bracket

_WORDCH = re.compile(r"[A-Za-z0-9·\-]")


class _TokenIndex:
    """The tokens of a text, in order, with an overlap query."""

    def __init__(self, tokens: list[Token]):
        self.tokens = tokens
        self.starts = [t.start for t in tokens]

    def overlapping(self, s: int, e: int) -> list[Token]:
        i = bisect.bisect_right(self.starts, s) - 1
        i = max(i, 0)
        out = []
        while i < len(self.tokens) and self.tokens[i].start < e:
            if self.tokens[i].end > s:
                out.append(self.tokens[i])
            i += 1
        return out


_NOUN_AFTER = frozenset("NNG NNP XSN SL".split())
_NOMINAL = frozenset("NNG NNP NNB NR SL SH SN XPN XSN XR MM TERM W_SERIAL".split())


def _tags(tok: Token) -> list[str]:
    return tok.pos.split("+")


def _word_kind(toks: list[Token]) -> str:
    """'noun' (a bare noun word), 'mod' (adjective or genitive: 새로운, 질의) or 'other'."""
    if not toks:
        return "other"
    tags = [t for tok in toks for t in (_tags(tok) if tok.lang == "ko" else ["TERM"])]
    if all(t in _NOMINAL for t in tags):
        return "noun"
    if tags[-1] == "JKG" and all(t in _NOMINAL for t in tags[:-1]):
        return "mod"
    if tags[-1] == "ETM" and any(t.startswith("VA") for t in tags) and "VCP" not in tags:
        return "mod"
    return "other"


def _korean_before(
    text: str, open_at: int, close_at: int, inner: str, toks: _TokenIndex
) -> tuple[int, int] | None:
    """The Korean term right before a bracket holding Han or Latin: a run of 1-4
    Hangul/Latin words ending at the bracket. Kept tight: earlier words are taken only
    while they are bare nouns (or, for a Han bracket, modifiers such as 새로운/질의), and
    only until the run is about as long as the bracketed term (Han: its character count
    in Hangul syllables; Latin: its word count, or its letter count for an acronym).
    When a noun follows the bracket ('인공지능(AI)정책실') the bracket glosses one word,
    so the run is that word."""
    if open_at == 0 or not _HANGUL.match(text[open_at - 1]):
        return None
    han = bool(_HAN.search(inner))
    if han:
        limit = len(_HAN.findall(inner))
    else:
        first = inner.split(",", maxsplit=1)[0].strip()
        limit = len(first.split()) if " " in first else (len(first) if first.isupper() else 1)
    after = toks.overlapping(close_at + 1, close_at + 2)
    if after and after[0].start == close_at + 1 and _tags(after[0])[0] in _NOUN_AFTER:
        limit = 0  # the bracket sits inside a compound
    # words backwards
    words: list[tuple[int, int]] = []
    i = open_at
    while len(words) < 4:
        j = i
        while j > 0 and (_HANGUL.match(text[j - 1]) or _WORDCH.match(text[j - 1])):
            j -= 1
        while j < i and not text[j].isalpha():
            j += 1  # no word starts with '·', '-' or a digit
        if j == i:
            break
        words.append((j, i))
        k = j
        while k > 0 and text[k - 1] == " ":
            k -= 1
        if k == j or k == 0 or (j - k) > 1:
            break
        i = k
    if not words:
        return None
    start = words[0][0]
    # inside a pack term that ends at the bracket: take the whole term (it is known)
    for t in toks.overlapping(start, start + 1):
        if t.pos == "TERM" and t.start < start and t.end == open_at:
            return t.start, open_at
    syl = len(_HANGUL.findall(text[words[0][0] : words[0][1]]))
    for n, (w_start, w_end) in enumerate(words[1:], start=2):
        if text[start - 1] != " " or not text[w_start].isalpha():
            break  # the run's first word was cut short (it began with '·' or a digit)
        if w_start > 0 and (_HANGUL.match(text[w_start - 1]) or _WORDCH.match(text[w_start - 1])):
            break  # this word was cut short ('6세대')
        kind = _word_kind(toks.overlapping(w_start, w_end))
        if han:
            ok = kind in ("noun", "mod") and syl < limit
        else:
            ok = kind == "noun" and n <= limit
        if not ok:
            break
        start = w_start
        syl += len(_HANGUL.findall(text[w_start:w_end]))
    return start, words[0][1]


# ------------------------------------------------------------------ n-grams and proper nouns

_GLUE = re.compile(r"[\w&+\-.'’]")  # a phrase does not start right after these
_GLUE_AFTER = re.compile(r"[A-Za-z0-9&+\-_]")  # ... nor end right before these
_KO_EDGE_OK = frozenset("NNG NNP SL SH XR TERM".split())
_KO_CHAIN = frozenset("NNG NNP SL SH XR TERM XSN XPN NR SN".split())


def _ko_phrases(text: str, toks: Sequence[Token]) -> Iterable[tuple[int, int, str]]:
    """Korean noun phrases of 2-4 tokens: (start, end, 'ngram'|'proper_noun')."""
    n = len(toks)
    i = 0
    while i < n:
        # a chain: nominal tokens, adjacent or separated by one space; stops at a
        # particle/ending (after which no word may follow in the same phrase)
        chain = [i]
        j = i
        while j + 1 < n:
            a, b = toks[j], toks[j + 1]
            gap = text[a.end : b.start]
            if not _ko_nominal(b) or gap not in ("", " "):
                break
            chain.append(j + 1)
            j += 1
        if not _ko_nominal(toks[i]):
            i += 1
            continue
        yield from _ko_ngrams(text, toks, chain)
        i = chain[-1] + 1


def _ko_nominal(t: Token) -> bool:
    if t.lang == "zh":
        return t.pos in ("w", "eng", "TERM")
    return all(p in _KO_CHAIN for p in _tags(t))


def _ko_ngrams(text: str, toks: Sequence[Token], chain: list[int]):
    m = len(chain)
    for a in range(m):
        first = toks[chain[a]]
        if not _ko_edge(first):
            continue
        # must start a word
        if first.start > 0 and _GLUE.match(text[first.start - 1]):
            continue
        for b in range(a + 1, min(a + 4, m)):
            last = toks[chain[b]]
            if not _ko_edge(last):
                continue
            # must end a word: the next chain token is not glued to it
            if b + 1 < m and toks[chain[b + 1]].start == last.end:
                continue
            if last.end < len(text) and _GLUE_AFTER.match(text[last.end]):
                continue
            yield first.start, last.end, "ngram"


def _ko_edge(t: Token) -> bool:
    if t.text in _KO_STOP or len(t.text) < 1:
        return False
    if t.lang == "zh":
        return t.pos in ("w", "eng", "TERM") and len(t.text) >= 2
    return t.pos in _KO_EDGE_OK


def _zh_ngrams(toks: Sequence[Token], content) -> Iterable[tuple[int, int, str]]:
    n = len(toks)
    for a in range(n):
        first = toks[a]
        if not content(first) or len(first.text) < 2 or first.text in _ZH_STOP:
            continue
        if first.pos == "m":
            continue
        for b in range(a + 1, min(a + 4, n)):
            prev, cur = toks[b - 1], toks[b]
            if cur.start != prev.end or not content(cur) or cur.pos in ("m", "x"):
                break
            if len(cur.text) >= 2 and cur.text not in _ZH_STOP:
                yield first.start, cur.end, "ngram"


def _en_ngrams(text: str, toks: Sequence[Token]) -> Iterable[tuple[int, int, str]]:
    n = len(toks)
    for a in range(n):
        first = toks[a]
        if first.pos not in ("WORD", "ABBR", "PLUS", "TERM") or first.text.lower() in _EN_STOP:
            continue
        if first.text.isdigit():
            continue
        for b in range(a + 1, min(a + 4, n)):
            prev, cur = toks[b - 1], toks[b]
            if text[prev.end : cur.start] != " " or cur.pos not in ("WORD", "ABBR", "PLUS", "TERM"):
                break
            low = cur.text.lower()
            if low in _EN_STOP or cur.text.isdigit():
                if low in _EN_INNER:
                    continue
                break
            yield first.start, cur.end, "ngram"


def _glued(t: Token) -> bool:
    return t.lang == "ko" and all(p in _NOUN_AFTER or p == "TERM" for p in _tags(t))


_SENT_END = frozenset((".", "!", "?", ":", "•", "-", "–", "—", "*", "●", "■"))


def _en_cap(t: Token) -> bool:
    return (
        t.pos in ("WORD", "ABBR", "PLUS", "TERM")
        and t.text[:1].isupper()
        and t.text.lower() not in _EN_STOP
    )


def _proper(text: str, toks: Sequence[Token], lang: str) -> Iterable[tuple[int, int, str]]:
    for k, t in enumerate(toks):
        if t.pos == "TERM" or len(t.text) < 2:
            continue
        if t.lang == "ko" and t.pos in ("NNP", "SL"):
            if t.text.lower() in _EN_STOP or (t.text.islower() and len(t.text) < 4):
                continue
            # the whole noun word it is part of (유니/NNP + 트리/NNG -> 유니트리)
            a = b = k
            while a > 0 and toks[a - 1].end == toks[a].start and _glued(toks[a - 1]):
                a -= 1
            while b + 1 < len(toks) and toks[b + 1].start == toks[b].end and _glued(toks[b + 1]):
                b += 1
            if t.pos == "SL":  # a Latin name of several words: Deep Synthesis
                if (
                    k > 0
                    and toks[k - 1].pos == "SL"
                    and text[toks[k - 1].end : t.start] == " "
                    and t.text[:1].isupper()
                ):
                    continue  # inside the name that starts earlier
                while (
                    b + 1 < len(toks)
                    and toks[b + 1].pos == "SL"
                    and text[toks[b].end : toks[b + 1].start] == " "
                    and toks[b + 1].text[:1].isupper()
                    and not _GLUE_AFTER.match(text[toks[b + 1].end : toks[b + 1].end + 1] or " ")
                ):
                    b += 1
            if toks[a].start > 0 and _GLUE.match(text[toks[a].start - 1]):
                continue
            if a < k and toks[a].pos == "TERM" or b > k and toks[b].pos == "TERM":
                continue  # part of a longer word around a pack term: the n-grams cover it
            yield toks[a].start, toks[b].end, "proper_noun"
        elif t.lang == "zh" and t.pos == "eng":
            yield t.start, t.end, "proper_noun"
        elif t.lang == "ja" and "固有名詞" in t.pos:
            yield t.start, t.end, "proper_noun"
        elif t.lang not in ("ko", "zh", "ja") and _en_cap(t):
            if k > 0 and text[toks[k - 1].end : t.start] == " " and _en_cap(toks[k - 1]):
                continue  # inside a name that starts earlier
            b = k  # the whole capitalised name: Party Central Committee, Bank of China
            while b + 1 < len(toks) and text[toks[b].end : toks[b + 1].start] == " ":
                nxt = toks[b + 1]
                if _en_cap(nxt):
                    b += 1
                elif (
                    nxt.text in ("of", "and", "for", "the")
                    and b + 2 < len(toks)
                    and text[nxt.end : toks[b + 2].start] == " "
                    and _en_cap(toks[b + 2])
                ):
                    b += 2
                else:
                    break
            if b == k and (k == 0 or toks[k - 1].text in _SENT_END):
                continue  # a lone capitalised word starting a sentence
            if b == k and "\n" in text[toks[k - 1].end : t.start]:
                continue  # ... or a line
            yield t.start, toks[b].end, "proper_noun"


# ------------------------------------------------------------------ the function


def _lang_of(term: str, para_lang: str) -> str:
    if _HANGUL.search(term):
        return "ko"
    if _KANA.search(term):
        return "ja"
    if _HAN.search(term):
        return "ja" if para_lang == "ja" else "zh"
    return "en" if _LATIN.search(term) else para_lang


_URL_SPAN = re.compile(r"(?:https?://|www\.)[^\s<>\"'”’）)]+|[\w.+-]+@[\w-]+\.[\w.]+")


class _Coverage:
    """Whether a span lies inside one linker mention of the text (mentions never
    overlap, so only the last one starting at or before the span can hold it)."""

    def __init__(self, mentions):
        spans = sorted((m.start, m.end) for m in mentions)
        self.starts = [a for a, _ in spans]
        self.ends = [b for _, b in spans]

    def __call__(self, s: int, e: int) -> bool:
        i = bisect.bisect_right(self.starts, s) - 1
        return i >= 0 and self.ends[i] >= e


def _in_url(urls: list[tuple[int, int]], s: int, e: int) -> bool:
    """Whether [s, e) overlaps one of the (sorted, disjoint) URL spans."""
    i = bisect.bisect_right(urls, (s, 1 << 62)) - 1
    return (i >= 0 and urls[i][1] > s) or (i + 1 < len(urls) and urls[i + 1][0] < e)


def _is_common(term: str, lang: str, tokenizer) -> bool:
    """A single ordinary word: one Kiwi NNG morpheme (Korean), one lower-case word
    (English)."""
    if " " in term:
        return False
    if lang == "ko":
        toks = tokenizer.tokenize(term, "ko")
        return len(toks) == 1 and toks[0].pos == "NNG"
    if lang == "en":
        return term.isalpha() and term.islower()
    return False


def _squash(s: str) -> str:
    return re.sub(r"\s+", " ", s)


@dataclass
class _Seen:
    """The strongest way a term was seen, and where (its example occurrence)."""

    rank: int  # index into SOURCES: lower is stronger
    lang: str
    doc_id: int
    start: int
    end: int


class _Collector:
    """Every term seen in the texts, with how many of its sightings were quoted."""

    def __init__(self) -> None:
        self.seen: dict[str, _Seen] = {}
        self.quoted_hits: dict[str, int] = {}  # occurrences that were quoted or bracketed

    def add(self, doc_id: int, text: str, s: int, e: int, source: str, para_lang: str) -> None:
        term = text[s:e]
        if not term or term != term.strip():
            return
        cur = self.seen.get(term)
        rank = _RANK[source]
        if rank <= 1:
            self.quoted_hits[term] = self.quoted_hits.get(term, 0) + 1
        if cur is None or rank < cur.rank:
            self.seen[term] = _Seen(rank, _lang_of(term, para_lang), doc_id, s, e)


def find_candidates(
    docs: list[tuple[int, str]],
    pack: Pack,
    tokenizer,
    min_count: int = 2,
    top: int | None = 200,
) -> list[Candidate]:
    """Rank the terms of `docs` ((doc_id, stored text) pairs) that `pack` does not know.

    Score (higher first)::

        score = w * ln(count) + documents + QUOTE_BONUS * share
                - COMMON_PENALTY * common - KNOWN_PART_PENALTY * has_known

    - share: the fraction of the term's occurrences that were quoted or bracketed
      (QUOTE_BONUS = 2.0, so a term always written in quotes gets the full bonus, while
      a word quoted once among 30 plain uses gets almost none);
    - common (and then w = 0): a single ordinary word - one Kiwi NNG morpheme or one
      lower-case English word - whose frequency says nothing about novelty
      (COMMON_PENALTY = 1.0); otherwise w = 1;
    - has_known: an n-gram or proper noun that contains a pack term ('AI 산업': a
      known item plus a generic word; KNOWN_PART_PENALTY = 1.0).

    Sorted by score, then count, then term; at most `top` (None: all). Quoted and
    bracketed terms are kept at any count, the others need count >= min_count.
    """
    known = _known_for(pack)
    found = _Collector()
    for doc_id, text in docs:
        paras = analyze_text(text, tokenizer)
        covered = _Coverage(known.linker.find(text))
        _collect_quoted(found, doc_id, text, paras, covered)
        _collect_ngrams(found, doc_id, text, paras, tokenizer, covered)
    texts = _Occurrences([t for _, t in docs])
    by_id = dict(docs)
    out: dict[str, Candidate] = {}
    for term, seen in found.seen.items():
        c = _candidate(term, seen, found.quoted_hits, texts, by_id, known, tokenizer, min_count)
        if c is not None:
            out[term] = c
    drop = _substrings_of_equals(out)
    result = [c for t, c in out.items() if t not in drop]
    result.sort(key=lambda c: (-c.score, -c.count, c.term))
    return result if top is None else result[:top]


def _collect_quoted(found: _Collector, doc_id: int, text: str, paras, covered: _Coverage) -> None:
    """Quoted and bracketed terms (and the Korean words a bracket glosses)."""
    bounds = [(p.start, p.end, p.lang) for p in paras]

    def lang_at(pos: int) -> str:
        for s, e, lang in bounds:
            if s <= pos < e:
                return lang
        return "und"

    index = _TokenIndex([t for p in paras for t in p.tokens])
    for s, e, opener in quoted_spans(text):
        inner = text[s:e]
        is_bracket = opener in BRACKET_PAIRS
        source = "bracketed" if is_bracket else "quoted"
        plang = lang_at(s)
        parts = term_parts(inner, split_list=is_bracket)
        for off, part in parts:
            found.add(doc_id, text, s + off, s + off + len(part), source, plang)
        if is_bracket and parts and (_HAN.search(inner) or _LATIN.search(inner)):
            if not _HANGUL.search(inner):
                span = _korean_before(text, s - 1, e, inner, index)
                if span and term_like(text[span[0] : span[1]]) and not covered(*span):
                    found.add(doc_id, text, span[0], span[1], "bracketed", "ko")


def _collect_ngrams(
    found: _Collector, doc_id: int, text: str, paras, tokenizer, covered: _Coverage
) -> None:
    """N-grams and proper nouns of each paragraph, outside URLs and known mentions."""
    urls = [(m.start(), m.end()) for m in _URL_SPAN.finditer(text)]
    for p in paras:
        toks = p.tokens
        if p.lang == "ko":
            spans = list(_ko_phrases(text, toks))
        elif p.lang in ("zh", "ja"):
            spans = list(_zh_ngrams(toks, tokenizer.is_content))
        else:
            spans = list(_en_ngrams(text, toks))
            han = [t for t in toks if t.lang == "zh"]
            if han:
                spans += list(_zh_ngrams(han, tokenizer.is_content))
        spans += list(_proper(text, toks, p.lang))
        for s, e, source in spans:
            if (urls and _in_url(urls, s, e)) or covered(s, e):
                continue
            term = text[s:e]
            if "\n" in term or len(term) > 40:
                continue
            found.add(doc_id, text, s, e, source, p.lang)


class _Occurrences:
    """`[t.count(term) for t in texts]` for a hundred thousand terms: str.count reads every
    text for every term (50 s on 23 documents), so the texts are joined once and each term
    is looked for only where its rarest run of two or three letters stands."""

    SEP = "\x00"  # in no term, so no occurrence runs from one text into the next
    SCAN = 4000  # more places to try than this: reading the texts whole is quicker

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self.joined = j = self.SEP.join(texts)
        self.offsets: list[int] = []  # where each text starts in `joined`
        pos = 0
        for t in texts:
            self.offsets.append(pos)
            pos += len(t) + 1
        self.runs: tuple[dict[str, list[int]], ...] = ({}, {})  # 2 and 3 letters
        for n, runs in zip((2, 3), self.runs, strict=True):
            for i in range(len(j) - n + 1):
                runs.setdefault(j[i : i + n], []).append(i)

    def counts(self, term: str) -> list[int]:
        """Non-overlapping occurrences of `term` in each text, as str.count counts them."""
        if len(term) < 2 or self.SEP in term:
            return [t.count(term) for t in self.texts]
        n = min(len(term), 3)
        runs = self.runs[n - 2]
        k, where = min(
            ((k, runs.get(term[k : k + n], [])) for k in range(len(term) - n + 1)),
            key=lambda kw: len(kw[1]),
        )
        if len(where) > self.SCAN:
            return [t.count(term) for t in self.texts]
        j = self.joined
        hits = [q - k for q in where if q >= k and j.startswith(term, q - k)]
        out = [0] * len(self.texts)
        end = -1
        for p in hits:  # str.count takes the leftmost match, then looks on after its end
            if p >= end:
                out[bisect.bisect_right(self.offsets, p) - 1] += 1
                end = p + len(term)
        return out


def _candidate(
    term: str,
    seen: _Seen,
    quoted_hits: dict[str, int],
    texts: _Occurrences,
    by_id: dict[int, str],
    known: _Known,
    tokenizer,
    min_count: int,
) -> Candidate | None:
    """The scored candidate, or None when the term is generic, known or too rare."""
    source = SOURCES[seen.rank]
    if norm_alias(term) in _GENERIC or known(term):
        return None
    loose = source in ("ngram", "proper_noun")
    if loose and (not _has_letter(term) or _is_numeric(term)):
        return None
    counts = texts.counts(term)
    count = sum(counts)
    if loose and count < min_count:
        return None
    ndocs = sum(1 for c in counts if c)
    share = min(1.0, quoted_hits.get(term, 0) / count)
    common = _is_common(term, seen.lang, tokenizer)
    score = (0.0 if common else math.log(count)) + ndocs + QUOTE_BONUS * share
    score -= COMMON_PENALTY * common
    if loose and known.contains_known(term):
        score -= KNOWN_PART_PENALTY
    text, s, e = by_id[seen.doc_id], seen.start, seen.end
    return Candidate(
        term=term,
        lang=seen.lang,
        source=source,
        count=count,
        documents=ndocs,
        score=round(score, 4),
        doc_id=seen.doc_id,
        start=s,
        end=e,
        left=_squash(text[max(0, s - CONTEXT) : s]),
        right=_squash(text[e : e + CONTEXT]),
    )


def _substrings_of_equals(out: dict[str, Candidate]) -> set[str]:
    """Candidates that are a strict substring of a longer one with the same count."""
    drop: set[str] = set()
    for term, c in out.items():
        n = len(term)
        for i in range(n):
            for j in range(i + 1, n + 1):
                if j - i == n:
                    continue
                sub = term[i:j]
                other = out.get(sub)
                if other is not None and other.count == c.count:
                    drop.add(sub)
    return drop

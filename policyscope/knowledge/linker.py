"""Find mentions of a pack's concepts and entities in (normalised) text.

`Linker(pack)` compiles every surface form (labels, variants, aliases, ambiguous variants)
into one `text.phrases.PhraseMatcher` (a character trie) once; `find(text)` returns
`Mention`s with offsets into `text`. The matcher finds every candidate span; the rules
below that are the linker's own (match rules, carriers, addresses, acronyms) then keep or
drop each, and the longest remaining spans win.

Rules
- Text is expected to be normalised upstream (`policyscope.text.normalize`: NFC, width
  folded). Matching is case-insensitive (length-preserving lower-casing), and a space in
  a surface form matches any run of whitespace (line breaks included).
- Longest match first: all candidate spans are collected, then taken longest-first,
  leftmost on ties, never overlapping. So 印度 is not found inside 印度尼西亚, 智能+ not
  inside 人工智能+, 'AI' not inside 'AI+'.
- Latin boundaries: a form that starts (ends) with a Latin letter or digit needs no Latin
  letter/digit right before (after) it. 'AI' is not found in 'MAIN' or 'said', but is
  found in 'AI기업', '생성AI' and 'AI+전략' (Hangul and Han are boundaries).
- Ambiguous variants are only linked when their `MatchRule` holds (also when the same
  form is one of the item's labels: declaring it ambiguous puts the label under the rule) (see
  `schema.MatchRule`: never / case_sensitive / near / not_near / not_preceded_by /
  not_followed_by / followed_by); a rejected longer candidate leaves room for a shorter
  one at the same place.
- An alias shared by several items (pack `allow_shared`) yields one Mention per item.
- Word boundaries in Han text: a short name is no mention where it only straddles two
  words of a longer one, its known carrier (重庆 in 隆重庆祝, 中国 in 发展中国家, 印度 in
  印度尼西亚): see CARRIERS.
- Nothing is found inside an e-mail address or a URL (`nia` in leeja@nia.or.kr).
- An acronym form (ASCII, at most 6 characters, 3 or more letters all upper case: MOST,
  NIA, WHO) is found only written in upper case too, so 'most' and 'who' are words, not
  organisations. Two-letter ones (AI) keep matching in any case.

This module depends only on the pack model (no store, no CLI).
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from policyscope.knowledge.loader import Pack, norm_alias
from policyscope.knowledge.schema import MatchRule
from policyscope.text.phrases import (
    LATIN_ALNUM,
    CharClass,
    PhraseMatcher,
    longest_first,
    lower_same_length,
)

# Words that carry a short Han name across their own word boundary, so that the name there is
# no mention of the item. Found by reading every one- and two-character Han match in the
# corpus of Government Work Reports and the Korean analyses (tests/data/linker_sample.tsv).
CARRIERS: dict[str, tuple[str, ...]] = {
    "重庆": ("隆重庆祝", "隆重庆贺", "郑重庆祝"),  # solemnly celebrate
    "中国": ("发展中国家",),  # developing countries
    "印度": ("印度尼西亚", "印度洋"),  # Indonesia, the Indian Ocean
    "开源": ("开源节流",),  # raise revenue and cut spending
    "非洲": ("非洲猪瘟",),  # African swine fever
    "上海": ("上海合作组织",),  # the Shanghai Cooperation Organisation
    "中东": ("中东部",),  # central and eastern (regions)
    "央行": ("中央行",),  # 中央 + 行政/行动
    "红旗": ("五星红旗",),  # the national flag, not the car brand
    "日本": ("今日本", "昨日本"),  # 今日 + 本报
}
# e-mail addresses, URLs and bare domain names (lower-cased text)
_ADDRESS = re.compile(
    r"(?a)[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+"
    r"|(?:https?|ftp)://[^\s<>\"'）)】」]+|www\.[^\s<>\"'）)】」]+"
    r"|(?<![\w@.])(?:[a-z0-9-]+\.)+(?:com|org|net|gov|edu|int|io|ai|kr|cn|jp|uk|eu)(?![\w.])"
)

_WS = frozenset(" \t\n\r\f\v\u3000\u00a0")
# what a space in a surface form matches (a run of these)
_SPACES = CharClass(re.escape("".join(sorted(_WS))), _WS)


@dataclass(frozen=True)
class Mention:
    kind: str  # 'concept' | 'entity'
    item_id: str
    surface: str  # the text as found (text[start:end])
    start: int
    end: int


@dataclass(frozen=True)
class _Target:
    kind: str
    item_id: str
    form: str  # the surface form as written in the pack
    rule: MatchRule | None
    followed_re: re.Pattern[str] | None


@functools.lru_cache(maxsize=4096)
def _is_acronym(form: str) -> bool:
    letters = [c for c in form if c.isalpha()]
    return form.isascii() and len(form) <= 6 and len(letters) >= 3 and form.isupper()


def _carried(low: str, start: int, end: int) -> bool:
    """Is text[start:end] part of one of its known carrier words here?"""
    form = low[start:end]
    for word in CARRIERS.get(form, ()):
        k = word.find(form)
        while k >= 0:
            if start - k >= 0 and low[start - k : start - k + len(word)] == word:
                return True
            k = word.find(form, k + 1)
    return False


def _addresses(low: str) -> list[tuple[int, int]]:
    if "@" not in low and "." not in low:
        return []
    return [m.span() for m in _ADDRESS.finditer(low)]


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    i = bisect.bisect_right(spans, (start, float("inf"))) - 1
    return any(a < end and start < b for a, b in spans[max(i, 0) : i + 2])


class Linker:
    """Compiled matcher for one pack. Build once, call `find` many times."""

    def __init__(self, pack: Pack):
        self.pack = pack
        self._recent: list[tuple[str, list[Mention]]] = []  # see find()
        buckets: dict[str, list[_Target]] = {}
        for kind, item in pack.linkable():
            ruled = {norm_alias(av.variant) for av in item.ambiguous_variants}
            for form in item.surface_forms():
                # a form declared ambiguous is matched under its rule only, even when
                # it is also a label (e.g. 상무부: MOFCOM, but not 미국 상무부)
                if norm_alias(form) not in ruled:
                    _add(buckets, form, _Target(kind, item.id, form, None, None))
            for av in item.ambiguous_variants:
                fre = re.compile(av.rule.followed_by) if av.rule.followed_by else None
                _add(buckets, av.variant, _Target(kind, item.id, av.variant, av.rule, fre))
        self._matcher = PhraseMatcher(buckets, spaces="run", word=LATIN_ALNUM, whitespace=_SPACES)

    # ------------------------------------------------------------------ matching

    @staticmethod
    def _rule_ok(t: _Target, text: str, low: str, start: int, end: int) -> bool:
        r = t.rule
        if r is None:
            return True
        if r.never:
            return False
        if r.case_sensitive:
            if " ".join(text[start:end].split()) != " ".join(t.form.split()):
                return False
        if r.near or r.not_near:
            ctx = low[max(0, start - r.window) : start] + "\x00" + low[end : end + r.window]
            if r.near and not any(w.lower() in ctx for w in r.near):
                return False
            if r.not_near and any(w.lower() in ctx for w in r.not_near):
                return False
        if r.not_preceded_by:
            before = low[max(0, start - 40) : start].rstrip()
            if any(before.endswith(s.lower().strip()) for s in r.not_preceded_by):
                return False
        for s in r.not_followed_by:
            s = s.lower()
            if low[end : end + len(s)] == s:
                return False
        if t.followed_re is not None and not t.followed_re.match(text, end):
            return False
        return True

    def candidates(self, text: str) -> list[tuple[int, int, list[_Target]]]:
        """Every valid (start, end, targets) before overlap resolution."""
        low = lower_same_length(text)
        out = []
        addresses = _addresses(low)
        for i, end, targets in self._matcher.candidates(low):
            if _carried(low, i, end):
                continue
            # a form that is itself a domain name (wisemodel.cn) may be an address
            if addresses and "." not in low[i:end] and _inside(addresses, i, end):
                continue
            ok = [
                t
                for t in targets
                if self._rule_ok(t, text, low, i, end)
                and (not _is_acronym(t.form) or text[i:end].isupper())
            ]
            if ok:
                out.append((i, end, ok))
        return out

    def find(self, text: str) -> list[Mention]:
        """Mentions in `text`, in text order (longest match wins, no overlaps)."""
        # ingest links a document twice (the fact extractor's context, then its
        # mentions), and the extractor links the document's title in between: remember
        # the last two texts, by identity, to do the work once
        for seen, mentions in self._recent:
            if seen is text:
                return list(mentions)
        mentions = self._find(text)
        self._recent = [*self._recent[-1:], (text, mentions)]
        return list(mentions)

    def _find(self, text: str) -> list[Mention]:
        mentions = []
        for start, end, targets in longest_first(self.candidates(text)):
            surface = text[start:end]
            seen = set()
            for t in sorted(targets, key=lambda t: (t.kind, t.item_id)):
                if t.item_id in seen:
                    continue
                seen.add(t.item_id)
                mentions.append(Mention(t.kind, t.item_id, surface, start, end))
        return mentions

    def find_ids(self, text: str) -> set[str]:
        return {m.item_id for m in self.find(text)}


def _add(buckets: dict[str, list[_Target]], form: str, target: _Target) -> None:
    """File a surface form's target under its key."""
    key = norm_alias(form)
    if not key:
        return
    bucket = buckets.setdefault(key, [])
    if any(t.item_id == target.item_id and t.rule is None for t in bucket):
        return  # already matched unconditionally (same key, other spelling)
    bucket.append(target)


__all__ = ["Linker", "Mention"]

"""Ranks and counts of things: figures that are not amounts but still claims.

    find_ranks_counts("중국은 세계 2위를 기록") -> [Quantity('2', '위', 2.0, 'rank', ...,
                                                   measure='rank')]

- ranks (base_unit and measure 'rank', value = the rank): 세계 2위, 2위, 5위권 (within the
  top five: upper_bound), 두 번째로 (큰), 世界第二, 第二大, 全球第一, 居世界第一,
  世界第2位, ranked first, second-largest, No. 1;
- counts of kinds, stages and items (base_unit and measure 'count'): 4가지, 세 가지,
  3단계로, 3대 과제, 5개 분야, 三大, 五项, 两个方面.

An ordinal alone is not a rank: 제3조, 第三条, 第十四个五年规划, 第二次会议, 두 번째 회의
name an article, a plan or an occasion. Only ordinals next to a rank word (世界/全球/居/
排名, 세계/글로벌, world/ranked), before 大 / 位, or before 로 + an adjective in Korean
are read. Counts need a classifier that counts kinds, stages or items; 二十大 (the 20th
Party Congress) and 一项 / 一大批 (the indefinite article) are not counts.

Table-driven: RECOGNISERS holds each pattern beside its handler; a handler gets the match
and returns (value, qualifier) or None to reject it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import NamedTuple

from policyscope.lang.numerals import (
    CN_ONE_TO_NINE,
    EN_ORDINALS,
    KO_NATIVE,
    KO_ORDINALS,
    parse_cjk_int,
)
from policyscope.lang.scripts import HANGUL_SYLLABLES, guess_lang

__all__ = ["RECOGNISERS", "Recogniser", "find_ranks_counts"]

_HS = HANGUL_SYLLABLES
_CN = f"[{CN_ONE_TO_NINE}两十]{{1,3}}"
_KO_NAT = "|".join(sorted(KO_NATIVE, key=len, reverse=True))
_KO_ORD = "|".join(sorted(KO_ORDINALS, key=len, reverse=True))
_EN_ORD = "|".join(EN_ORDINALS)
# after a Korean figure: the end of the word or a particle, never the rest of a word
_KO_END = rf"(?=$|[^{_HS}]|(?:를|을|로|으로|에|의|는|은|이|가|인|다|와|과|도|였|까지|에서|안|내))"
_KO_WORLD = r"(?:세계|전\s?세계|글로벌|국내|아시아|업계|전국|OECD)"
_ZH_WORLD = r"(?:居|位居|位列|排名|排在|排|列|名列)?(?:世界|全球|全国|亚洲|国内)"
_ZH_NOT_RANK_AFTER = "次届条个章节款项批期季轮产部号"

Handler = Callable[[re.Match[str]], "tuple[float, str] | None"]


class Recogniser(NamedTuple):
    """One way of writing a rank or a count: every match of `pattern` holds one of the
    `needles`, within _REACH characters of either end; `handler` reads a match as
    (value, qualifier), or None to reject it."""

    name: str
    needles: tuple[str, ...]
    measure: str  # 'rank' | 'count'
    lang: str
    pattern: re.Pattern[str]
    handler: Handler


def _int(s: str) -> int:
    if s.isdigit():
        return int(s)
    if s in KO_ORDINALS:
        return KO_ORDINALS[s]
    if s.lower() in EN_ORDINALS:
        return EN_ORDINALS[s.lower()]
    m = re.fullmatch(r"([0-9]+)(?:st|nd|rd|th)", s, re.IGNORECASE)
    if m:
        return int(m.group(1))
    return parse_cjk_int(s)


def _rank(m: re.Match[str]) -> tuple[float, str] | None:
    return _rank_of(m.group("n"), m.groupdict().get("band") or "")


def _rank_of(n_text: str, band: str) -> tuple[float, str] | None:
    n = _int(n_text)
    if not 1 <= n <= 500:
        return None
    return float(n), "upper_bound" if band else "exact"


def _zh_rank(m: re.Match[str]) -> tuple[float, str] | None:
    # '世界第二' or '世界2位': the number is in one of two groups
    return _rank_of(m.group("n") or m.group("n2"), "")


def _ko_ordinal(m: re.Match[str]) -> tuple[float, str] | None:
    # '두 번째로 큰' / '세계에서 두 번째' are ranks; '두 번째 회의' is an occasion
    if not (m.group("ro") or m.group("pre")):
        return None
    return _rank(m)


def _count(m: re.Match[str]) -> tuple[float, str] | None:
    n = _int(m.group("n"))
    if not 2 <= n <= 30:
        return None  # '一项' / '한 가지' are mostly the article 'a'
    return float(n), "exact"


def _zh_da(m: re.Match[str]) -> tuple[float, str] | None:
    # 二十大 / 十九大 name Party congresses; 三大 .. 十大 count the major items
    n = _int(m.group("n"))
    return None if n > 10 else _count(m)


def _ko_dae(m: re.Match[str]) -> tuple[float, str] | None:
    n = _int(m.group("n"))
    return None if n > 12 else _count(m)


RECOGNISERS: list[Recogniser] = [
    Recogniser(
        "ko_rank",
        ("위",),
        "rank",
        "ko",
        re.compile(
            rf"(?:(?P<pre>{_KO_WORLD})\s?(?:에서\s?)?)?(?<![0-9.,제])(?P<n>[0-9]{{1,3}})\s?위"
            rf"(?P<band>권)?{_KO_END}"
        ),
        _rank,
    ),
    Recogniser(
        "ko_ordinal",
        ("번째",),
        "rank",
        "ko",
        re.compile(
            rf"(?:(?P<pre>{_KO_WORLD})\s?(?:에서\s?)?)?(?<![{_HS}])(?P<n>{_KO_ORD}|[0-9]{{1,2}})"
            r"\s?번째(?P<ro>로(?=\s?(?:큰|많은|높은|빠른|규모|강력|대형|낮은)))?"
        ),
        _ko_ordinal,
    ),
    Recogniser(
        "zh_rank",
        ("第", "位"),
        "rank",
        "zh",
        re.compile(
            rf"(?:{_ZH_WORLD}|居|位居|排名|位列|名列)(?:第(?P<n>{_CN}|[0-9]{{1,3}})"
            rf"(?:位|名)?(?![{_ZH_NOT_RANK_AFTER}{CN_ONE_TO_NINE}两十0-9])"
            rf"|(?P<n2>[0-9]{{1,3}})位)"
        ),
        _zh_rank,
    ),
    Recogniser(
        "zh_rank_da",
        ("第",),
        "rank",
        "zh",
        re.compile(rf"第(?P<n>{_CN}|[0-9]{{1,3}})大(?![会学批])"),
        _rank,
    ),
    Recogniser(
        "en_ranked",
        ("rank", "Rank", "RANK"),
        "rank",
        "en",
        re.compile(
            rf"\b(?:ranked|ranks|ranking|rank)\s+(?:as\s+)?(?:(?:the\s+)?world's\s+)?(?:No\.\s?)?"
            rf"(?P<n>{_EN_ORD}|[0-9]{{1,3}}(?:st|nd|rd|th)?)\b",
            re.IGNORECASE,
        ),
        _rank,
    ),
    Recogniser(
        "en_nth_largest",
        ("largest", "biggest", "highest", "leading", "strongest", "LARGEST"),
        "rank",
        "en",
        re.compile(
            rf"\b(?P<n>{_EN_ORD}|[0-9]{{1,3}}(?:st|nd|rd|th))[- ]"
            r"(?:largest|biggest|highest|leading|strongest)\b",
            re.IGNORECASE,
        ),
        _rank,
    ),
    Recogniser(
        "en_no",
        ("No",),
        "rank",
        "en",
        re.compile(
            r"\bNo\.\s?(?P<n>[0-9]{1,3})\b(?!\s*(?:[Cc]entral|[Dd]ocument|[Oo]rder|[Dd]ecree))"
        ),
        _rank,
    ),
    Recogniser(
        "ko_count",
        ("가지", "단계", "개"),
        "count",
        "ko",
        re.compile(
            rf"(?<![{_HS}0-9.,제])(?P<n>[0-9]{{1,2}}|{_KO_NAT})\s?"
            r"(?:가지(?!고|진|질|졌)|단계(?=로|으로|에\s?걸쳐|별)|개\s?(?:분야|부문|영역|과제))"
            rf"{_KO_END}"
        ),
        _count,
    ),
    Recogniser(
        "ko_dae",
        ("대 ",),
        "count",
        "ko",
        re.compile(
            rf"(?<![{_HS}0-9.,제])(?P<n>[0-9]{{1,2}})대(?=\s(?:핵심\s|중점\s|주요\s|전략\s)?"
            r"(?:과제|분야|전략|산업|목표|원칙|정책|방향|프로젝트|사업|기술|강국|국정))"
        ),
        _ko_dae,
    ),
    Recogniser(
        "zh_count",
        ("项", "个", "方面"),
        "count",
        "zh",
        re.compile(
            rf"(?<![第0-9.{CN_ONE_TO_NINE}两十])(?P<n>{_CN}|[0-9]{{1,2}})"
            r"(?:项(?!目)|个方面|个领域|个阶段|个重点|方面)"
        ),
        _count,
    ),
    Recogniser(
        "zh_da",
        ("大",),
        "count",
        "zh",
        re.compile(
            rf"(?<![第0-9.{CN_ONE_TO_NINE}两十])(?P<n>{_CN})大"
            r"(?![会学批多于小型量幅力约概都部家众概片])"
        ),
        _zh_da,
    ),
]


_REACH = 40


def _near(text: str, needles: tuple[str, ...], pat: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """`pat.finditer(text)`, scanned only in windows around the needles' occurrences: the
    patterns begin with optional words and lookbehinds, which re would try at every
    position of a whole document (5 s over the corpus instead of 0.1 s)."""
    hits = []
    for needle in needles:
        i = text.find(needle)
        while i >= 0:
            hits.append(i)
            i = text.find(needle, i + 1)
    windows: list[list[int]] = []
    for i in sorted(hits):
        lo, hi = max(0, i - _REACH), i + _REACH
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = hi
        else:
            windows.append([lo, hi])
    for lo, hi in windows:
        yield from pat.finditer(text, lo, min(hi, len(text)))


def find_ranks_counts(text: str, lang: str | None = None) -> list[tuple[int, int, dict]]:
    """(start, end, fields) of every rank and count, in order, non-overlapping. fields are
    Quantity keyword arguments (value_text, unit_text, value, base_unit, qualifier, lang,
    measure); the caller builds the Quantity."""
    found: list[tuple[int, int, dict]] = []
    for _name, needle, measure, lng, pat, handler in RECOGNISERS:
        if lang and lang != lng and not (lang == "ja" and lng == "zh"):
            continue
        for m in _near(text, needle, pat):
            got = handler(m)
            if got is None:
                continue
            value, qual = got
            num_s, num_e = m.span("n") if m.group("n") else m.span("n2")
            fields = {
                "value_text": text[num_s:num_e],
                "unit_text": text[num_e : m.end()].strip(),
                "value": value,
                "base_unit": measure,
                "qualifier": qual,
                "lang": lang or (guess_lang(text, m.start(), m.end()) if lng == "zh" else lng),
                "measure": measure,
            }
            found.append((m.start(), m.end(), fields))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    out: list[tuple[int, int, dict]] = []
    for f in found:
        if out and f[0] < out[-1][1]:
            continue
        out.append(f)
    return out

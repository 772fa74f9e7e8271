"""Find figures (number + unit) in normalised policy text, in Korean, Chinese, Japanese
and English, with the value scaled to base units, a qualifier and the exact span.

    find_quantities("규모는 5,784억 위안(약112조 원)에 달하며") ->
      [Quantity('5,784억', '위안', 5.784e11, 'CNY', 'exact', None, 3, 12, None),
       Quantity('112조', '원', 1.12e14, 'KRW', 'approx', None, 13, 20, 0)]

Input is text as stored (see policyscope.text.normalize): NFC, LF, full-width digits and
%/+ folded to ASCII. Pure functions; regexes compiled once.

How a figure is read
- the number: Arabic digits with ',' thousands separators and '.' decimals, or Chinese
  numerals (一..九, 两, 十/百/千), followed by scale words (천/만/억/조, 千/万/亿/万亿, 億/兆)
  that may chain: '53조 9,281억', '1万3000亿', '1억 2천만'. '多/余/여' between the number
  and the scale or unit ('3400多万人', '300여 개') means "more than" -> lower_bound;
- English scale words (thousand/million/billion/trillion, bn/mn) after the number, and
  currencies written before it ('$', 'US$', 'USD ', 'RMB ', '€', '¥'...);
- a unit from policyscope.extract.units (currencies, counters, people, %, %p, 百分点...).
  A number with neither unit nor counter is not a quantity: section numbers, list markers,
  years, dates, phone numbers, model names (6G, R1, GPT-4) all fall out this way, plus
  explicit guards (제/第 before, a letter or '-' glued before, URLs and e-mail addresses);
- qualifiers adjacent to the figure: before (약, 约, 近, 超过, about, over, up to...) and
  after (이상, 내외, 를 넘어서, 左右, 以上, 程度, or more...); ranges '3~5%', '3%-5%',
  '6–6.5 percent', 'between 3 and 5 percent' -> qualifier 'range' with value_high.
- a figure in parentheses right after another currency figure is a conversion:
  '3,000억 위안(약 60조 원)' -> the second has conversion_of = index of the first.

value_text / unit_text split (documented choice): in Korean the scale word stays with the
number ('5,784억' + '위안', '357만' + '명'); in Chinese and Japanese a scale written
glued to the unit goes with the unit ('3981' + '亿元', '1.5' + '万亿元'), as does an English
scale word ('1.5' + 'trillion yuan'). A prefixed currency is joined to the rest of the unit
with a space ('$20 billion' -> '20' + '$ billion').

Values: currencies in currency units, percent as written (13% -> 13.0), percentage
points as written (basis points / 100), counts and people as numbers, ratio for N배/N倍.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from policyscope.lang.numerals import (
    BIG_SCALE_PATTERN,
    CN_NUMERAL_CHARS,
    CN_ONE_TO_NINE,
    MORE_THAN_MARKS,
    MORE_THAN_PATTERN,
    NUMBER_PATTERN,
    fold_digits,
    read_number,
)
from policyscope.lang.scripts import (
    HAN_BMP,
    HANGUL_SYLLABLES,
    guess_lang,
    is_han,
    is_hangul,
    is_kana,
)

from .ranks import find_ranks_counts
from .scan import in_runs, starting_at
from .units import (
    ALL_UNITS,
    COUNT_NOUNS,
    CURRENCIES,
    EN_LETTER_SCALES,
    EN_SCALES,
    HAN_BLOCKERS,
    PEOPLE_NOUNS,
    PREFIX_CURRENCIES,
    UnitDef,
)

__all__ = ["Quantity", "find_quantities", "detect_lang"]


@dataclass
class Quantity:
    value_text: str
    unit_text: str
    value: float
    base_unit: str
    qualifier: str = "exact"  # 'exact' | 'approx' | 'lower_bound' | 'upper_bound' | 'range'
    value_high: float | None = None
    start: int = 0
    end: int = 0
    conversion_of: int | None = None
    lang: str = ""  # language the figure was read as: 'ko' | 'zh' | 'ja' | 'en'
    # what the figure measures, where the reader can tell from its form alone: 'rank'
    # (세계 2위, 第二大), 'count' (4가지, 三大: how many kinds/stages/items), 'conversion'
    # (a bracketed currency conversion of the figure before it); '' = not known here
    measure: str = ""


# --------------------------------------------------------------------------- patterns

_NUM_RE = re.compile(NUMBER_PATTERN)
# what every number begins with (a digit or a numeral), for scan.starting_at
_NUM_START = re.compile(f"[0-9{CN_NUMERAL_CHARS}천백]")
_DOUBLED_RE = re.compile("千千|万万|萬萬|百百")
_TRAILING_BIG_RE = re.compile(rf"{MORE_THAN_PATTERN}?{BIG_SCALE_PATTERN}$")
_SPLIT_BIG_RE = re.compile(rf"{BIG_SCALE_PATTERN}$")

_URL_RE = re.compile(
    r"(?:https?://|www\.)[^\s<>()（）\"'，。]+|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"
    r"|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|cn|kr|jp|org|net|gov|edu)(?:/[^\s<>()（）]*)?"
)
# Every match of _URL_RE holds one of these (and no whitespace): see scan.in_runs.
_URL_ANCHORS = ("://", "www.", "@") + tuple(
    f".{tld}" for tld in ("com", "cn", "kr", "jp", "org", "net", "gov", "edu")
)

_EN_SCALE_RE = re.compile(
    r"(?:[ -]|(?=[a-z]))(thousand|million|billion|trillion|mn|mln|bn|bln|tn)(?![A-Za-z])",
    re.IGNORECASE,
)
_EN_LETTER_SCALE_RE = re.compile(r" ?([KMBT])(?![A-Za-z])")

# separators between the two ends of a range
_RANGE_SEP_RE = re.compile(r" ?(?:~|∼|〜|-|–|—|－|至|到) ?")
_EN_TO_RE = re.compile(r" (?:to|and) ", re.IGNORECASE)

_KO_PRE = [
    ("대략", "approx"),
    ("약", "approx"),
    ("거의", "approx"),
    ("최대", "upper_bound"),
    ("최소", "lower_bound"),
]
_ZH_PRE = [
    ("约合", "approx"),
    ("大约", "approx"),
    ("约", "approx"),
    ("接近", "approx"),
    ("将近", "approx"),
    ("近", "approx"),
    ("不少于", "lower_bound"),
    ("不低于", "lower_bound"),
    ("超过", "lower_bound"),
    ("多于", "lower_bound"),
    ("高于", "lower_bound"),
    ("至少", "lower_bound"),
    ("突破", "lower_bound"),
    ("逾", "lower_bound"),
    ("超", "lower_bound"),
    ("不超过", "upper_bound"),
    ("不高于", "upper_bound"),
    ("不到", "upper_bound"),
    ("不足", "upper_bound"),
    ("低于", "upper_bound"),
    ("少于", "upper_bound"),
    ("最多", "upper_bound"),
    ("約", "approx"),  # Japanese
    ("およそ", "approx"),
    ("最大", "upper_bound"),
    ("少なくとも", "lower_bound"),
]
# characters that, before 约/近/超, show they belong to another word (节约, 最近, 赶超...)
_ZH_PRE_BLOCK = {
    "约": set("节签预条公契合履违制特相邀婚守缔大"),
    "近": set("最附临接将邻亲贴靠"),
    "超": set("赶高"),
}
# Qualifier words and what they mean; each pattern below is made from its table (the
# longest word first), so a word is added in one place.
_EN_PRE_QUAL = {
    "about": "approx",
    "around": "approx",
    "approximately": "approx",
    "approx.": "approx",
    "roughly": "approx",
    "some": "approx",
    "nearly": "approx",
    "almost": "approx",
    "close to": "approx",
    "just over": "lower_bound",
    "well over": "lower_bound",
    "over": "lower_bound",
    "more than": "lower_bound",
    "above": "lower_bound",
    "at least": "lower_bound",
    "no less than": "lower_bound",
    "not less than": "lower_bound",
    "exceeding": "lower_bound",
    "in excess of": "lower_bound",
    "upwards of": "lower_bound",
    "just under": "upper_bound",
    "up to": "upper_bound",
    "at most": "upper_bound",
    "no more than": "upper_bound",
    "not more than": "upper_bound",
    "less than": "upper_bound",
    "fewer than": "upper_bound",
    "under": "upper_bound",
    "below": "upper_bound",
    "within": "upper_bound",
}
_KO_POST = {
    "이상": "lower_bound",
    "초과": "lower_bound",
    "돌파": "lower_bound",
    "이하": "upper_bound",
    "이내": "upper_bound",
    "미만": "upper_bound",
    "내외": "approx",
    "가량": "approx",
    "정도": "approx",
    "남짓": "approx",
    "안팎": "approx",
}
_CJK_POST = {
    "左右": "approx",
    "上下": "approx",
    "开外": "lower_bound",
    "之多": "lower_bound",
    "以上": "lower_bound",
    "以下": "upper_bound",
    "以内": "upper_bound",
    "未満": "upper_bound",
    "程度": "approx",
    "前後": "approx",
    "ほど": "approx",
    "超": "lower_bound",
    "余り": "lower_bound",
}
_EN_POST = {
    "or more": "lower_bound",
    "or above": "lower_bound",
    "and above": "lower_bound",
    "or higher": "lower_bound",
    "or less": "upper_bound",
    "or below": "upper_bound",
    "or lower": "upper_bound",
    "and below": "upper_bound",
    "or so": "approx",
}


def _words(table: dict[str, str]) -> str:
    """The table's words as a regex alternation, the longest first."""
    return "|".join(re.escape(w) for w in sorted(table, key=len, reverse=True))


_EN_PRE_RE = re.compile(rf"(?<![A-Za-z])({_words(_EN_PRE_QUAL)})\s+$", re.IGNORECASE)
_KO_POST_RE = re.compile(
    rf"(?P<sp> ?)(?:(?P<q>{_words(_KO_POST)})"
    r"|(?P<over>(?:을|를)? ?넘(?:어서[는도]?|어선|어설|어섰|어|는|은|을|었|긴|겼|게)))"
)
_CJK_POST_RE = re.compile(rf" ?({_words(_CJK_POST)})")
_EN_POST_RE = re.compile(rf" ({_words(_EN_POST)})(?![A-Za-z])", re.IGNORECASE)

# Korean text that may follow a Hangul unit without making it part of another word.
_KO_FOLLOW = (
    "입니",
    "이라",
    "라고",
    "라는",
    "라며",
    "짜리",
    "어치",
    "이지",
    "이면",
    "이자",
    "에는",
    "에도",
    "였다",
    "이었다",
    "으로",
    "에서",
    "에게",
    "까지",
    "부터",
    "보다",
    "이며",
    "이고",
    "이다",
    "이나",
    "이라",
    "이었",
    "였",
    "으며",
    "이상",
    "이하",
    "이내",
    "미만",
    "초과",
    "내외",
    "가량",
    "정도",
    "남짓",
    "안팎",
    "은",
    "는",
    "이",
    "가",
    "을",
    "를",
    "의",
    "에",
    "와",
    "과",
    "도",
    "로",
    "만",
    "씩",
    "인",
    "임",
    "며",
    "뿐",
    "대",
    "넘",
)

_UNITS_BY_FIRST: dict[str, list[UnitDef]] = {}
for _ud in sorted(ALL_UNITS, key=lambda u: -len(u.text)):
    _UNITS_BY_FIRST.setdefault(_ud.text[0], []).append(_ud)
    if _ud.script == "en" and _ud.text[0].isalpha():
        _UNITS_BY_FIRST.setdefault(_ud.text[0].swapcase(), []).append(_ud)

_PREFIX_KEYS = sorted(PREFIX_CURRENCIES, key=len, reverse=True)
_EN_STOP = frozenset(
    "and or of to in the a an for with from by at on per than as was were is are be been "
    "which that this these those its their our year years percent".split()
)
_WORD_RE = re.compile(r"\s+([A-Za-z][A-Za-z-]*)")


def _is_ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def detect_lang(text: str, start: int, end: int, width: int = 20) -> str:
    """Language of the text around [start, end) by script: 'ko' | 'ja' | 'zh' | 'en'."""
    return guess_lang(text, start, end, width)


def _excluded_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in in_runs(text, _URL_RE, _URL_ANCHORS)]


def _ko_boundary_ok(text: str, k: int) -> bool:
    """After a Hangul unit ending at k: end of word, or a particle / qualifier."""
    if k >= len(text) or not is_hangul(text[k]):
        return True
    if text[k] == "다" and (k + 1 == len(text) or not is_hangul(text[k + 1])):
        return True  # the copula after a vowel: '1억 유로다.'
    return text.startswith(_KO_FOLLOW, k)


def _match_unit(
    text: str, j: int, *, after_big: bool, after_scale: bool
) -> tuple[UnitDef, int, int] | None:
    """Unit starting at j (after at most one space / hyphen). Returns (unit, start, end)."""
    n = len(text)
    starts = [j]
    if j < n and text[j] in " -" and j + 1 < n:
        starts.append(j + 1)
    for st in starts:
        gap = st - j
        if st >= n:
            continue
        for ud in _UNITS_BY_FIRST.get(text[st], ()):
            ln = len(ud.text)
            cand = text[st : st + ln]
            if ud.script == "en":
                if cand.lower() != ud.text.lower():
                    continue
                if any(c.isupper() for c in ud.text):
                    if cand != ud.text:  # codes and symbols (RMB, GW, kWh): exact case
                        continue
                elif cand not in (ud.text, ud.text.capitalize()):
                    continue
                k = st + ln
                if k < n and (_is_ascii_alnum(text[k]) or text[k] == "_"):
                    continue
                if gap and text[j] == "-" and ud.base not in ("percent", "percentage_point"):
                    continue
                if ud.text == "won" and not after_scale:
                    continue  # 'won 3 medals' vs '3 billion won'
                return ud, st, k
            if cand != ud.text:
                continue
            k = st + ln
            if gap and text[j] == "-":
                continue
            if ud.script == "ko":
                if ud.text[-1].isascii():
                    if k < n and text[k].isascii() and text[k].isalpha():
                        continue
                elif not _ko_boundary_ok(text, k):
                    continue
                if (
                    ud.text == "대"
                    and not (after_big or gap)
                    and (k + 1 < n and text[k] == " " and is_hangul(text[k + 1]))
                ):
                    continue  # '10대 핵심 과제' = top ten, not ten vehicles
                if ud.text in ("인", "사", "종", "편", "회", "번") and gap:
                    continue  # a lone syllable after a space is the next word
            elif ud.script in ("zh", "ja"):
                if gap and ud.text in HAN_BLOCKERS:
                    continue
                if k < n and text[k] in HAN_BLOCKERS.get(ud.text, ""):
                    continue
            return ud, st, k
    return None


_PREFIX_LAST = frozenset(k[-1] for k in _PREFIX_KEYS)


def _prefix_currency(text: str, s: int, lang: str | None) -> tuple[str, str, int] | None:
    """Currency written before the number at s: (surface, base, start)."""
    # most numbers follow a letter no currency sign ends with: skip 38 slice comparisons
    before = text[s - 1 : s]
    if before not in _PREFIX_LAST and not (before == " " and text[s - 2 : s - 1] in _PREFIX_LAST):
        return None
    for key in _PREFIX_KEYS:
        for sp in ("", " "):
            k = s - len(sp) - len(key)
            if k < 0 or text[k:s] != key + sp:
                continue
            if sp and not key[-1].isalpha() and key not in ("US$", "US $", "€", "£"):
                continue  # '$ 20' is odd but 'USD 20' and '€ 1,5' (European style) are not
            if key[0].isalpha() and k > 0 and (text[k - 1].isascii() and text[k - 1].isalpha()):
                continue
            base = PREFIX_CURRENCIES[key]
            if key in ("¥", "￥") and lang == "ja":
                base = "JPY"
            return key, base, k
    return None


def _prefix_qualifier(text: str, s: int, floor: int) -> tuple[str, int] | None:
    """Qualifier word right before position s (not before floor): (qualifier, start)."""
    # Korean: '약 13%', '(약112조 원)', '최대 3억 명' -- the word must start a token
    for word, q in _KO_PRE:
        for sp in (" ", ""):
            k = s - len(sp) - len(word)
            if k >= floor and text[k:s] == word + sp and (k == 0 or not is_hangul(text[k - 1])):
                return q, k
    for word, q in _ZH_PRE:
        k = s - len(word)
        if k >= floor and text[k:s] == word:
            blk = _ZH_PRE_BLOCK.get(word)
            if blk and k > 0 and text[k - 1] in blk:
                continue
            return q, k
    seg = text[max(floor, s - 20) : s]
    m = _EN_PRE_RE.search(seg)
    if m:
        q = _EN_PRE_QUAL[m.group(1).lower()]
        # 'does not rise above 4.6%', 'not exceeding 3%': a negated floor is a ceiling
        if q == "lower_bound" and _EN_NEGATED.search(text[max(floor, s - 40) : s]):
            q = "upper_bound"
        return q, max(floor, s - 20) + m.start()
    return None


_EN_NEGATED = re.compile(
    r"(?<![A-Za-z])(?:not|never|no)\s+(?:\w+\s+){0,2}(?:above|over|more than|exceed\w*)\s*$",
    re.IGNORECASE,
)


def _post_qualifier(text: str, k: int, unit: UnitDef | None) -> tuple[str, int] | None:
    """Qualifier written right after a figure ending at k: (qualifier, new end)."""
    m = _KO_POST_RE.match(text, k)
    if m:
        if m.group("q"):
            return _KO_POST[m.group("q")], m.end()
        return "lower_bound", m.end()
    if unit is not None and (unit.script == "ko" or unit.text == "%"):
        # '1조 원대', '10%대' = in the range of -> approx
        if text.startswith("대", k) and _ko_boundary_ok(text, k + 1):
            return "approx", k + 1
    m = _CJK_POST_RE.match(text, k)
    if m and not (m.group(1) == "超" and m.end() < len(text) and is_han(text[m.end()])):
        return _CJK_POST[m.group(1)], m.end()
    m = _EN_POST_RE.match(text, k)
    if m:
        return _EN_POST[m.group(1).lower()], m.end()
    return None


@dataclass
class _Fig:
    """One side of a figure while it is being read."""

    s: int  # number start
    e: int  # number end
    num_text: str
    value: Decimal
    mark: bool
    big: bool
    sign: int = 1
    sign_len: int = 1  # characters of the sign before the number: '-' 1, 'マイナス' 4
    en_scale: str = ""
    en_scale_val: Decimal = Decimal(1)
    unit: UnitDef | None = None
    unit_s: int = 0
    unit_e: int = 0
    extra: Decimal = Decimal(0)  # added after scaling: the 5分 of 3割5分


def _read_side(text: str, m: re.Match[str], lang: str | None, has_prefix_cur: bool) -> _Fig:
    """Number at m plus English scale plus unit (if any)."""
    num_text = m.group()
    if len(num_text) > 1 and num_text[-1] in "百千万" and text.startswith("分", m.end()):
        num_text = num_text[:-1]  # '七十百分位': 百分 starts the next word, not the number
    value, mark, big = read_number(num_text)
    fig = _Fig(m.start(), m.start() + len(num_text), num_text, value, mark, big)
    j = fig.e
    sm = _EN_SCALE_RE.match(text, j)
    if sm and not big and (sm.group(0)[0] in " -" or sm.group(1).lower() in ("bn", "mn", "tn")):
        fig.en_scale = sm.group(1)
        fig.en_scale_val = Decimal(int(EN_SCALES[sm.group(1).lower()]))
        j = sm.end()
    elif has_prefix_cur and not big:
        lm = _EN_LETTER_SCALE_RE.match(text, j)
        if lm:
            fig.en_scale = lm.group(1)
            fig.en_scale_val = Decimal(int(EN_LETTER_SCALES[lm.group(1)]))
            j = lm.end()
    u = _match_unit(text, j, after_big=big, after_scale=bool(fig.en_scale))
    if u is None and not fig.en_scale and len(num_text) > 1 and num_text[-1] in "十百千":
        # '3.7亿千瓦': the 千 belongs to the unit 千瓦, not to the number
        short = num_text[:-1]
        u = _match_unit(text, j - 1, after_big=True, after_scale=False)
        if u is not None:
            fig.num_text = short
            fig.e = j - 1
            fig.value, fig.mark, fig.big = read_number(short)
    if u:
        fig.unit, fig.unit_s, fig.unit_e = u
        if u[0].text in ("割", "成"):
            _read_bu(text, fig)
        elif u[0].base in CURRENCIES and not (fig.en_scale or big):
            sm = _EN_SCALE_RE.match(text, fig.unit_e)
            if sm and sm.group(0)[0] == " ":  # '75 USD million'
                fig.en_scale = sm.group(1)
                fig.en_scale_val = Decimal(int(EN_SCALES[sm.group(1).lower()]))
                fig.unit_e = sm.end()
    else:
        fig.unit_s = fig.unit_e = j
    return fig


_BU_RE = re.compile(f"([0-9{CN_ONE_TO_NINE}])分(?:([0-9{CN_ONE_TO_NINE}])厘)?")


def _read_bu(text: str, fig: _Fig) -> None:
    """'3割5分(2厘)': 分 and 厘 after 割 are the next places (percent and tenths);
    '5割半' / '三成半' add half a tenth."""
    if text.startswith("半", fig.unit_e):
        fig.extra = Decimal(5)
        fig.unit_e += 1
        return
    m = _BU_RE.match(text, fig.unit_e) if fig.unit and fig.unit.text == "割" else None
    if m:
        fig.extra = read_number(m.group(1))[0]
        if m.group(2):
            fig.extra += read_number(m.group(2))[0] / 10
        fig.unit_e = m.end()


# 'per N' words before a number: 百分之五 = 5%, 千分之三 = 0.3% (per mille), 百万分之五
_PER_RE = re.compile("([十百千万萬亿億]{1,3})分之$")
# minus written as a word before the number (负3.9%, マイナス5%, 마이너스 2%, minus 2%);
# 负 after another Han character is mostly a word of its own (税负 = tax burden, 抱负)
_SIGN_WORD_RE = re.compile(
    rf"(?:(?:(?<![{HAN_BMP}])|(?<=[为是至到达呈现从比]))负|マイナス|마이너스 ?"
    r"|(?<![A-Za-z])minus )$"
)


def _sign_len(text: str, s: int) -> int:
    """Length of a minus sign word right before s (0 if none)."""
    if s == 0 or text[s - 1] not in "负ス스 ":
        return 0  # the last character of every sign word: most numbers stop here
    m = _SIGN_WORD_RE.search(text, max(0, s - 6), s)
    return len(m.group()) if m else 0


_RANK_CUTOFF_RE = re.compile(r"(?:\b[Tt]op|상위|하위|前)\s?$")


def _reject_left(text: str, s: int, num_text: str) -> tuple[bool, int]:
    """(reject?, sign) from the characters before a number."""
    if s == 0:
        return False, 1
    if _sign_len(text, s):
        return False, -1
    c = text[s - 1]
    if c in "▲△" and not (s >= 2 and _is_ascii_alnum(text[s - 2])):
        # Japanese and Korean statistics write a negative figure as ▲0.5 / △0.3 (glued;
        # a ▲ followed by a space is a bullet)
        return False, -1
    if c in "-−－":
        c2 = text[s - 2] if s >= 2 else " "
        if _is_ascii_alnum(c2) or c2 in "-.":
            return True, 1
        if c2.isspace() or c2 in "(（:：,，;；=" or s == 1:
            return False, -1
        if (c in "−－" and (is_han(c2) or is_hangul(c2))) or is_kana(c2):
            return False, -1  # a true minus sign glued to a word: '成長率は−2.1%'
        return True, 1
    if _is_ascii_alnum(c) or c in "._/@#\\&=?":
        return True, 1
    if c in "제第":
        return True, 1
    # a rank cut-off ('Top 2%', '상위 2%', '前10%') defines a group; it is not a figure
    if _RANK_CUTOFF_RE.search(text, max(0, s - 6), s):
        return True, 1
    if c == " " and s >= 2 and text[s - 2] == "제":
        return True, 1
    if num_text[0] in CN_NUMERAL_CHARS and c in "初周星礼":
        return True, 1
    return False, 1


def _en_noun_lookahead(text: str, k: int) -> tuple[str, int] | None:
    """'13.61 million new urban jobs': the counted noun within three words after k."""
    pos = k
    for _ in range(3):
        wm = _WORD_RE.match(text, pos)
        if not wm:
            return None
        w = wm.group(1).lower()
        if w in PEOPLE_NOUNS:
            return "people", wm.end()
        if w in COUNT_NOUNS:
            return "count", wm.end()
        if w in _EN_STOP:
            return None
        pos = wm.end()
    return None


def _scaled(fig: _Fig, unit: UnitDef | None) -> Decimal:
    v = fig.value * fig.en_scale_val
    if unit is not None and unit.factor != 1:
        v = v * Decimal(str(unit.factor))
    return (v + fig.extra) * fig.sign


def _lang_of(text: str, fig: _Fig, lang: str | None) -> str:
    if lang:
        return lang
    u = fig.unit
    if u is not None and u.script in ("ko", "zh", "ja"):
        if u.script == "zh":
            # Han units are shared by Japanese: look for kana around
            return "ja" if detect_lang(text, fig.s, fig.unit_e) == "ja" else "zh"
        return u.script
    if fig.en_scale:
        return "en"
    if any(c in "만억조" for c in fig.num_text):
        return "ko"
    if any(c in "万亿" for c in fig.num_text):
        return "zh"
    if any(c in "億兆" for c in fig.num_text):
        return detect_lang(text, fig.s, fig.e)
    return detect_lang(text, fig.s, fig.unit_e or fig.e)


def _split_texts(text: str, fig: _Fig, lng: str, prefix: str) -> tuple[str, str]:
    """value_text and unit_text per the documented convention."""
    value_text = fig.num_text
    unit_text = text[fig.unit_s : fig.unit_e] if fig.unit else ""
    if fig.sign < 0:
        value_text = text[fig.s - fig.sign_len : fig.s] + value_text
    if lng in ("zh", "ja") and fig.unit and fig.unit_s == fig.e:
        tb = _SPLIT_BIG_RE.search(value_text)
        if tb and tb.start() > 0:
            unit_text = value_text[tb.start() :] + unit_text
            value_text = value_text[: tb.start()]
    if fig.en_scale and not unit_text.endswith(fig.en_scale):  # '75 USD million' has it
        unit_text = (fig.en_scale + (" " + unit_text if unit_text else "")).strip()
    if prefix:
        unit_text = (prefix + " " + unit_text).strip() if unit_text else prefix
    return value_text, unit_text


def find_quantities(text: str, lang: str | None = None) -> list[Quantity]:
    """All figures in text, in order. lang: 'ko' | 'zh' | 'ja' | 'en' hint, None = detect."""
    text = fold_digits(text)  # same length: offsets hold for the caller's text
    ctx = _Ctx(text, lang, _excluded_spans(text), starting_at(text, _NUM_RE, _NUM_START))
    out: list[Quantity] = []
    for idx in range(len(ctx.matches)):
        got = _figure_at(ctx, idx)
        if got is None:
            continue
        lo, q = got
        if lo is not None:
            out.append(lo)
        if q is not None:
            out.append(q)
            ctx.pos = q.end
    out = _with_ranks_counts(text, out, lang)
    _link_conversions(text, out)
    return out


_CN_START = frozenset(CN_NUMERAL_CHARS)


@dataclass
class _Ctx:
    """One scan of a text: the number matches and how far figures have been taken."""

    text: str
    lang: str | None
    excluded: list[tuple[int, int]]
    matches: list[re.Match[str]]
    pos: int = 0  # nothing before pos may be used again

    def excluded_at(self, i: int) -> bool:
        return any(a <= i < b for a, b in self.excluded)


@dataclass
class _Read:
    """A figure being read: its low (or only) side, its high side, prefixes and unit."""

    s: int
    fig: _Fig
    pre_cur: tuple[str, str, int] | None
    per: re.Match[str] | None  # 百分之 / 千分之 before the number
    cn_numeral: bool
    hi: _Fig | None = None
    en_to: re.Match[str] | None = None
    from_to: bool = False
    unit: UnitDef | None = None
    base: str = ""

    @property
    def last(self) -> _Fig:
        return self.hi if self.hi is not None else self.fig

    @property
    def percent_word(self) -> str:
        return self.per.group() if self.per else ""


def _figure_at(ctx: _Ctx, idx: int) -> tuple[Quantity | None, Quantity | None] | None:
    """The figure whose number is match idx: (a 'from X' low figure or None, the figure or
    None), or None when the number is no figure."""
    text, m = ctx.text, ctx.matches[idx]
    s = m.start()
    if s < ctx.pos or ctx.excluded_at(s):
        return None
    if len(m.group()) > 1 and _DOUBLED_RE.search(m.group()):
        return None  # 千千万万 = countless, 万万 = by no means: idioms, not numbers
    pre_cur = _prefix_currency(text, s, ctx.lang)
    reject, sign = _reject_left(text, s, m.group())
    if reject and not pre_cur:
        return None
    if pre_cur and pre_cur[2] < ctx.pos:
        pre_cur = None
    per = _PER_RE.search(text, max(0, s - 5), s) if text[s - 1 : s] == "之" else None
    fig = _read_side(text, m, ctx.lang, bool(pre_cur))
    fig.sign = sign if not pre_cur else 1
    fig.sign_len = (_sign_len(text, s) or 1) if fig.sign < 0 else 1
    r = _Read(s, fig, pre_cur, per, m.group()[0] in _CN_START)
    _read_range(ctx, idx, r)
    if not _resolve_unit(text, r):
        return None
    return _build(ctx, r)


def _range_separator(text: str, r: _Read) -> re.Match[str] | None:
    """'~' / '-' / '至' after the low side, or English ' to ' / ' and ' (after 'between')."""
    fig = r.fig
    after = fig.unit_e if fig.unit else fig.e
    if fig.en_scale and not fig.unit:
        after = fig.unit_e
    rs = _RANGE_SEP_RE.match(text, after)
    if rs:
        return rs
    en_to = _EN_TO_RE.match(text, after)
    if en_to:
        word = en_to.group(0).strip().lower()
        before = text[max(0, r.s - 9) : r.s].lower()
        if word == "and" and not before.rstrip().endswith("between"):
            return None
        r.en_to = en_to
    return en_to


def _read_range(ctx: _Ctx, idx: int, r: _Read) -> None:
    """Ranges: '3~5%', '3%~5%', '6–6.5 percent', 'between 3 and 5 percent'."""
    text, fig = ctx.text, r.fig
    sep = _range_separator(text, r)
    if not (sep and idx + 1 < len(ctx.matches) and ctx.matches[idx + 1].start() == sep.end()):
        return
    m2 = ctx.matches[idx + 1]
    if ctx.excluded_at(m2.start()):
        return
    f2 = _read_side(text, m2, ctx.lang, bool(r.pre_cur))
    ok = f2.unit is not None or (r.pre_cur is not None) or bool(f2.en_scale)
    if ok and fig.unit is not None and f2.unit is not None:
        ok = fig.unit.base == f2.unit.base
    if ok and fig.unit is None and f2.unit is None and fig.en_scale != f2.en_scale:
        ok = bool(f2.en_scale) and not fig.en_scale
    if ok and sep is not r.en_to and sep.group(0).strip() in "-–—－" and fig.unit is None:
        # '2024-2030년' is a span of years, '044-287-3828' a phone number
        ok = f2.unit is not None and f2.unit.base not in ("year", "month")
    if not ok or r.cn_numeral != (m2.group()[0] in _CN_START):
        return
    r.hi = hi = f2
    if r.en_to is not None and r.en_to.group(0).strip().lower() == "to":
        r.from_to = re.search(r"\bfrom\s+$", text[max(0, r.s - 6) : r.s].lower()) is not None
    # '3~5억 원': the scale of the high end applies to a bare low end
    if hi.big and not fig.big and not fig.en_scale:
        tb = _TRAILING_BIG_RE.search(hi.num_text)
        if tb:
            scale_val, _, _ = read_number("1" + tb.group().lstrip(MORE_THAN_MARKS))
            fig.value = fig.value * scale_val
    if hi.en_scale and not fig.en_scale:
        fig.en_scale_val = hi.en_scale_val


def _resolve_unit(text: str, r: _Read) -> bool:
    """Sets r.unit and r.base; False when the number turns out to be no figure."""
    fig, last, pre_cur = r.fig, r.last, r.pre_cur
    unit = last.unit if r.hi is not None and last.unit is not None else fig.unit
    if unit is None and not pre_cur and not r.per:
        if not last.en_scale:
            return False
        la = _en_noun_lookahead(text, last.unit_e)
        if la is None:
            return False
        base_guess, noun_end = la
        unit = UnitDef(text[last.unit_e : noun_end].strip(), base_guess, 1.0, "en")
        last.unit = unit
        last.unit_s = last.unit_e
        while last.unit_s < len(text) and text[last.unit_s] == " ":
            last.unit_s += 1
        last.unit_e = noun_end
    if unit is None and r.per:
        denominator = read_number("一" + r.per.group(1))[0]
        unit = UnitDef(r.percent_word, "percent", float(100 / denominator), "zh")
    elif unit is None:
        assert pre_cur is not None
        unit = UnitDef(pre_cur[0], pre_cur[1], 1.0, "sym")
    base = unit.base
    if pre_cur:
        if unit.base in CURRENCIES and unit.base != pre_cur[1]:
            return False
        base = pre_cur[1]
        if unit.base not in CURRENCIES and fig.unit is unit:
            # '$20 billion jobs'? keep the currency, drop the odd noun
            last.unit = None
            last.unit_e = last.unit_s
    # Chinese numerals: only with a currency / percent unit, a scale, or >= 10
    if r.cn_numeral and base not in CURRENCIES and base not in ("percent", "percentage_point"):
        if not fig.big and fig.value < 10:
            return False
    if base in ("year", "month") and (
        Decimal(1900) <= fig.value <= Decimal(2100) and "," not in fig.num_text
    ):
        return False
    r.unit, r.base = unit, base
    return True


def _span(ctx: _Ctx, r: _Read) -> tuple[int, int, str, tuple[str, int] | None]:
    """(start, end, qualifier, post-qualifier match) of the figure with its qualifiers."""
    text, fig, last = ctx.text, r.fig, r.last
    start = r.pre_cur[2] if r.pre_cur else r.s
    if fig.sign < 0:
        start = r.s - fig.sign_len
    if r.per:
        start = r.s - len(r.percent_word)
    end = last.unit_e if last.unit is not None else last.e
    if last.en_scale and last.unit is None:
        end = last.unit_e
    qualifier = "exact"
    pq = _prefix_qualifier(text, start, ctx.pos)
    if pq:
        qualifier, start = pq
    if fig.mark or (r.hi is not None and r.hi.mark):
        qualifier = "lower_bound" if qualifier == "exact" else qualifier
    if r.hi is not None and r.en_to is not None and r.en_to.group(0).strip().lower() == "and":
        bm = re.search(r"(?i)between\s+$", text[max(ctx.pos, start - 10) : start])
        if bm:
            start = max(ctx.pos, start - 10) + bm.start()
    post = _post_qualifier(text, end, last.unit)
    if post:
        qualifier, end = post[0], post[1]
    return start, end, qualifier, post


def _build(ctx: _Ctx, r: _Read) -> tuple[Quantity | None, Quantity | None]:
    text, fig, hi, unit, base = ctx.text, r.fig, r.hi, r.unit, r.base
    start, end, qualifier, post = _span(ctx, r)
    lng = _lang_of(text, r.last if r.last.unit else fig, ctx.lang)
    prefix = r.pre_cur[0] if r.pre_cur else ""
    lo = None
    if hi is not None and r.from_to:
        # 'from 9.8 to 7.5 percent': two figures sharing the unit
        vt, _ = _split_texts(text, fig, lng, "")
        lo_v = float(_scaled(fig, unit))
        lo = Quantity(vt, "", lo_v, base, "exact", None, fig.s, fig.e, None, lng)
        start, qualifier = hi.s, (post[0] if post else "exact")
        fig, hi = hi, None
    if hi is not None:
        lo_v, hi_v = float(_scaled(fig, unit)), float(_scaled(hi, unit))
        _, ut = _split_texts(text, hi, lng, prefix)
        value_text = text[fig.s - (fig.sign_len if fig.sign < 0 else 0) : hi.e]
        if fig.unit is not None and hi.unit is not None:
            value_text = text[fig.s : hi.e]
        qual = "range" if qualifier == "exact" else qualifier
        q = Quantity(value_text, ut, lo_v, base, qual, hi_v, start, end, None, lng)
    else:
        vt, ut = _split_texts(text, fig, lng, prefix)
        if r.per:
            ut = r.percent_word
        value = float(_scaled(fig, unit))
        q = Quantity(vt, ut, value, base, qualifier, None, start, end, None, lng)
    if any(a < q.end and q.start < b for a, b in ctx.excluded):
        return lo, None
    return lo, q


# '만 원짜리', '천 원', '억 달러': a Korean scale word alone is one of it (1만, 1천...)
_KO_BARE_SCALE_RE = re.compile(
    rf"(?<![{HANGUL_SYLLABLES}0-9A-Za-z.,])(?<![0-9] )(?P<n>[십백천]?[만억조]|천|백)"
    r"\s?(?P<u>원|달러|위안|엔|유로)"
)


def _bare_scales(text: str, lang: str | None) -> list[tuple[int, int, dict]]:
    if lang not in (None, "ko") or not any(c in text for c in "만억조천백"):
        return []
    out = []
    for m in _KO_BARE_SCALE_RE.finditer(text):
        if not _ko_boundary_ok(text, m.end()):
            continue
        unit = next(u for u in _UNITS_BY_FIRST[m.group("u")[0]] if u.text == m.group("u"))
        fields = {
            "value_text": m.group("n"),
            "unit_text": m.group("u"),
            "value": float(read_number("1" + m.group("n"))[0]),
            "base_unit": unit.base,
            "lang": "ko",
        }
        out.append((m.start(), m.end(), fields))
    return out


def _with_ranks_counts(text: str, out: list[Quantity], lang: str | None) -> list[Quantity]:
    """Ranks and counts (extract.ranks) and bare Korean scales added to the figures, in
    order. A count read there that starts where a counter figure does ('5개 분야' vs
    '5개') only sets its measure."""
    found = find_ranks_counts(text, lang) + _bare_scales(text, lang)
    if not found:
        return out
    merged = list(out)
    for s, e, fields in found:
        clash = [q for q in out if q.start < e and s < q.end]
        if clash:
            q = clash[0]
            if len(clash) == 1 and q.start == s and q.base_unit == fields["base_unit"]:
                q.measure = fields.get("measure", q.measure)
            elif len(clash) == 1 and fields.get("measure") == "rank":
                # '世界2位': a rank word makes 位 the rank, not a head count
                merged[merged.index(q)] = Quantity(start=s, end=e, **fields)
            continue
        merged.append(Quantity(start=s, end=e, **fields))
    merged.sort(key=lambda q: q.start)
    return merged


_CONV_GAP_RE = re.compile(
    r"^\s?[(（]\s*(?:한화|원화|미화|달러화|위안화|约合|折合|合|约|換算で?|approximately|approx\.|about"
    r"|around|roughly|c\.|≈|~)?\s*$",
    re.IGNORECASE,
)


def _link_conversions(text: str, qs: list[Quantity]) -> None:
    for i in range(1, len(qs)):
        a, b = qs[i - 1], qs[i]
        if a.base_unit not in CURRENCIES or b.base_unit not in CURRENCIES:
            continue
        if a.conversion_of is not None:
            continue
        gap = text[a.end : b.start]
        if len(gap) > 12 or not _CONV_GAP_RE.match(gap):
            continue
        tail = text[b.end : b.end + 3].lstrip()
        if tail[:1] not in (")", "）", ",", "，", ";", "、", "/") and tail:
            continue
        b.conversion_of = i - 1
        b.measure = "conversion"

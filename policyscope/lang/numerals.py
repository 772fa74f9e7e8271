"""Numbers as written in Korean, Chinese, Japanese and English policy text, as Decimal.

    parse_number("１，２００")   -> Decimal('1200')
    parse_number("4천820만")     -> Decimal('48200000')
    parse_number("1억 2천만")    -> Decimal('120000000')
    parse_number("5万4千6百")    -> Decimal('54600')
    parse_number("一万零十二")   -> Decimal('10012')
    parse_number("两千三百")     -> Decimal('2300')

Grammar (NUMBER_PATTERN, one regex for every layer):
- Arabic digits, thousands separated by ',' '，' (a full-width comma survives
  text.normalize) or a thin / narrow no-break space, only in groups of exactly three;
  '.' decimals. Full-width digits are folded first (fold_digits, length-preserving).
  An apostrophe is NOT a separator (1'000): in our sources it starts a two-digit year
  ('23년) or closes a quote, so reading it would make years out of numbers;
- Chinese / Japanese numerals 零〇一二两三...九 with 十百千 (and their financial forms),
  '十' alone at the start meaning 10 (十二 = 12);
- small scales (십백천 / 十百千) after a digit group may be followed by more digits,
  after one optional space: 4천820, 4천 820만, 5万4千6百;
- big scales (만억조경 / 万萬亿億兆) close a group and may chain with an optional space:
  '53조 9,281억', '1억 2천만', '1万3000亿'; Korean also writes '5 억' and '천 4백만';
- Chinese decimals with 点: 二点四 = 2.4, 四点五万 = 45000;
- '多/余/餘/여' between the number and its scale or unit mark "more than".

零 only keeps the place: 一万零十二 = 10000 + 12 (a 十 after 零 means 10, as at the start).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

__all__ = [
    "BIG_SCALE_PATTERN",
    "BIG_SCALES",
    "CN_ONE_TO_NINE",
    "CN_DIGITS",
    "CN_NUMERAL_CHARS",
    "EN_ORDINALS",
    "KO_NATIVE",
    "KO_ORDINALS",
    "MORE_THAN_MARKS",
    "MORE_THAN_PATTERN",
    "NUMBER_PATTERN",
    "SMALL_SCALES",
    "fold_digits",
    "parse_cjk_int",
    "parse_number",
    "read_number",
]

# Big scales close a 만/万 group.
BIG_SCALES: dict[str, int] = {
    "만": 10**4,
    "억": 10**8,
    "조": 10**12,
    "경": 10**16,
    "万": 10**4,
    "萬": 10**4,
    "亿": 10**8,
    "億": 10**8,
    "兆": 10**12,
}
SMALL_SCALES: dict[str, int] = {
    "십": 10,
    "백": 100,
    "천": 1000,
    "十": 10,
    "拾": 10,
    "百": 100,
    "佰": 100,
    "千": 1000,
    "仟": 1000,
}
CN_DIGITS: dict[str, int] = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "贰": 2,
    "两": 2,
    "兩": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
# Korean native numerals before a counter (두 가지, 세 번째): the value of each form.
KO_NATIVE: dict[str, int] = {
    "한": 1,
    "두": 2,
    "세": 3,
    "석": 3,
    "네": 4,
    "다섯": 5,
    "여섯": 6,
    "일곱": 7,
    "여덟": 8,
    "아홉": 9,
    "열": 10,
}
# Korean ordinal stems: 첫 번째 / 첫째 = 1st, 둘째 = 2nd...
KO_ORDINALS: dict[str, int] = {"첫": 1, "첫째": 1, "둘째": 2, "셋째": 3, "넷째": 4, **KO_NATIVE}
EN_ORDINALS: dict[str, int] = {
    w: i + 1
    for i, w in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth".split()
    )
}

# the common numerals in running text (the financial forms 壹贰叁... are read, not found)
CN_NUMERAL_CHARS = "零〇一二两兩三四五六七八九十百千"
# the digits one to nine, for character classes ('十[一二…九]', '第[一二…九十]章')
CN_ONE_TO_NINE = "一二三四五六七八九"
_SEP = "[,，\u2009\u202f]"
ARABIC_PATTERN = rf"(?:[0-9]{{1,3}}(?:{_SEP}[0-9]{{3}})+(?![0-9])|[0-9]+)(?:\.[0-9]+)?"
_SMALL = "[십백천十百千拾佰仟]"
# '多/余/餘/여' after a number: "more than" (3400多万, 300여 개)
MORE_THAN_MARKS = "多余餘여"
MORE_THAN_PATTERN = "(?:多|余|餘|여)"
# a big scale word, or two chained (万亿 = 10^12)
BIG_SCALE_PATTERN = "[만억조경万萬亿億兆]{1,2}"
# Korean writes a leading 천/백 without 1 ('천 4백만' = 14,000,000) and sometimes a space
# between digits and 만/억/조 ('5 억 달러'): both only where digits and a scale follow
_KO_LEAD = "(?:[천백] ?(?=[0-9]+ ?[백천만억]))?"
_KO_GAP = "(?:(?<=[0-9]) (?=[만억조]))?"


def _number_pattern(cn_chars: str) -> str:
    # Chinese decimals: 二点四 = 2.4 (点 needs a digit after it: 一点 = 'a little')
    piece = rf"(?:{ARABIC_PATTERN}|[{cn_chars}]+(?:[点點][零〇一二两三四五六七八九]+)?)"
    # digits, then digits again after each small scale word: 4천820, 5万4千6百
    run = rf"{_KO_LEAD}{piece}(?:{_SMALL} ?{piece})*{_SMALL}?"
    big = rf"{_KO_GAP}{BIG_SCALE_PATTERN}"
    mark = MORE_THAN_PATTERN
    return rf"(?:{run}{mark}?{big} ?)*{run}{mark}?(?:{big})?"


NUMBER_PATTERN = _number_pattern(CN_NUMERAL_CHARS)
# parse_number also reads the financial forms (壹贰叁...), which finders do not look for
_FULL_RE = re.compile(_number_pattern(CN_NUMERAL_CHARS + "壹贰叁拾佰仟"))
NUMBER_RE = re.compile(NUMBER_PATTERN)

_TOKEN_RE = re.compile(
    rf"{ARABIC_PATTERN}|[零〇一壹二贰两兩三叁四五六七八九]|[십백천十拾百佰千仟]"
    r"|[만억조경万萬亿億兆]|多|余|餘|여|[点點]"
)
_MARKS = frozenset(MORE_THAN_MARKS)
_SEP_RE = re.compile(_SEP)
_FOLD = str.maketrans("０１２３４５６７８９", "0123456789")


_WIDE_DIGIT = re.compile("[０-９]")


def fold_digits(text: str) -> str:
    """Full-width digits to ASCII; same length, so offsets stay valid."""
    if _WIDE_DIGIT.search(text) is None:
        return text  # stored text is folded already: skip a slow translate
    return text.translate(_FOLD)


def _arabic(tok: str) -> Decimal:
    return Decimal(_SEP_RE.sub("", tok))


def read_number(s: str) -> tuple[Decimal, bool, bool]:
    """Value of a number as written; (value, has 多/余/여, has a big scale word).

    Walks the tokens keeping three accumulators: `total` (closed big groups), `section`
    (small-scale parts of the open group) and `cur` (the digits just read)."""
    total = section = cur = Decimal(0)
    cur_set = prev_digit = prev_big = mark = big = False
    max_big = 0
    place = Decimal(0)  # after 点: the value of the next decimal digit
    for tok in _TOKEN_RE.findall(s):
        if tok in "点點":
            place, prev_digit = Decimal("0.1"), False
            continue
        if tok in CN_DIGITS and place:
            cur, cur_set, place = cur + CN_DIGITS[tok] * place, True, place / 10
            continue
        place = Decimal(0)
        if tok in CN_DIGITS:
            d = CN_DIGITS[tok]
            if d == 0 and not prev_digit:
                continue  # 零 keeps a place (一万零十二): it is not a multiplicand
            cur = cur * 10 + d if prev_digit else Decimal(d)
            cur_set = prev_digit = True
            continue
        after_big, prev_digit = prev_big, False
        prev_big = tok in BIG_SCALES
        if tok in SMALL_SCALES:
            section += (cur if cur_set else Decimal(1)) * SMALL_SCALES[tok]
            cur, cur_set = Decimal(0), False
        elif tok in BIG_SCALES:
            big = True
            u = BIG_SCALES[tok]
            grp = section + cur
            if after_big and not grp:
                total *= u  # 万万 = 亿: a scale right after a scale multiplies
                max_big = max(max_big, u)
            elif u > max_big:
                total = (total + grp) * u
                max_big = u
            else:
                total += grp * u
            section, cur, cur_set = Decimal(0), Decimal(0), False
        elif tok in _MARKS:
            mark = True
        else:
            cur, cur_set = _arabic(tok), True
    return total + section + cur, mark, big


def parse_number(s: str) -> Decimal:
    """Value of a whole number string (see the module doc); ValueError if it is not one."""
    t = fold_digits(s.strip())
    if not t or _FULL_RE.fullmatch(t) is None:
        raise ValueError(f"not a number: {s!r}")
    try:
        return read_number(t)[0]
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only digits
        raise ValueError(f"not a number: {s!r}") from exc


def parse_cjk_int(s: str) -> int:
    """Integer value of a Chinese / Japanese numeral ('十四' = 14, '二十一' = 21)."""
    v = parse_number(s)
    if v != v.to_integral_value():
        raise ValueError(f"not an integer: {s!r}")
    return int(v)

"""Relative time words in Chinese, Korean, Japanese and English, read against a
document's own year.

    relative_years("过去一年")  -> (-1, -1)    # the year before the document
    relative_years("过去五年")  -> (-5, -1)    # the five years before it
    relative_years("올해")      -> (0, 0)
    resolve(relative_years("五年来"), 2018) -> ('2013/2017', 'range')

A Government Work Report delivered in March of year Y reviews year Y-1 (去年, 过去一年,
上年) and sets the targets of year Y (今年); in a year that closes a term it reviews the
five years Y-5..Y-1 (过去五年, 五年来). Offsets are inclusive (first, last) year offsets.
"""

from __future__ import annotations

import re

from .numerals import CN_DIGITS, CN_ONE_TO_NINE

__all__ = [
    "RELATIVE_YEARS",
    "relative_years",
    "resolve",
    "TIME_WORD_RE",
    "NUMBER_WORDS",
    "PLAN_PERIOD_RE",
    "plan_period",
]

# counts of years as words: the Chinese numerals one to ten (policyscope.lang.numerals)
# and the English words that say them
NUMBER_WORDS: dict[str, int] = {
    **{c: CN_DIGITS[c] for c in CN_ONE_TO_NINE + "两"},
    "十": 10,
    **{"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "ten": 10},
}

# word -> (first, last) offset from the document year
RELATIVE_YEARS: dict[str, tuple[int, int]] = {
    # Chinese
    "过去一年": (-1, -1),
    "去年": (-1, -1),
    "上年": (-1, -1),
    "上一年": (-1, -1),
    "前年": (-2, -2),
    "今年": (0, 0),
    "本年": (0, 0),
    "当年": (0, 0),
    "全年": (0, 0),
    "明年": (1, 1),
    # Korean
    "지난해": (-1, -1),
    "지난 해": (-1, -1),
    "작년": (-1, -1),
    "전년": (-1, -1),
    "올해": (0, 0),
    "금년": (0, 0),
    "내년": (1, 1),
    # Japanese
    "昨年": (-1, -1),
    "前年度": (-1, -1),
    "本年度": (0, 0),
    "来年": (1, 1),
    # English
    "last year": (-1, -1),
    "the past year": (-1, -1),
    "the previous year": (-1, -1),
    "this year": (0, 0),
    "next year": (1, 1),
}

# 'the past N years' / '过去五年' / '五年来' / '지난 5년간' / '最近5年'
_COUNT = rf"[{CN_ONE_TO_NINE}两十\d]{{1,2}}"  # a count of years: 五, 十二, 5
_MULTI = re.compile(
    rf"(?:过去|近|最近|这)(?P<a>{_COUNT})年(?:来|间|里|中)?"
    rf"|(?P<b>{_COUNT})年来"
    r"|(?:지난|최근)\s?(?P<c>\d{1,2})년(?:간|동안)?"
    r"|(?:the\s+)?(?:past|last)\s+(?P<d>\w+)\s+years"
    rf"|(?:今后|未来)(?P<e>{_COUNT})年"
    r"|(?:the\s+)?next\s+(?P<f>\w+)\s+years"
    r"|(?:향후|앞으로)\s?(?P<g>\d{1,2})년(?:간|동안)?",
    re.IGNORECASE,
)

TIME_WORD_RE = re.compile(
    "|".join(
        sorted((re.escape(w).replace(r"\ ", r"\s?") for w in RELATIVE_YEARS), key=len, reverse=True)
    )
    + "|"
    + _MULTI.pattern,
    re.IGNORECASE,
)


def _count(s: str) -> int | None:
    if s.isdigit():
        return int(s)
    if s.lower() in NUMBER_WORDS:
        return NUMBER_WORDS[s.lower()]
    if len(s) == 2 and s[0] == "十" and s[1] in NUMBER_WORDS:
        return 10 + NUMBER_WORDS[s[1]]
    return None


def relative_years(word: str) -> tuple[int, int] | None:
    """(first, last) year offsets that a relative time word stands for, or None."""
    w = " ".join(word.split()).lower()
    if w in RELATIVE_YEARS:
        return RELATIVE_YEARS[w]
    if w.replace(" ", "") in RELATIVE_YEARS:
        return RELATIVE_YEARS[w.replace(" ", "")]
    m = _MULTI.fullmatch(w)
    if not m:
        return None
    name, val = next((k, v) for k, v in m.groupdict().items() if v)
    n = _count(val)
    if not n or n > 30:
        return None
    if name in ("e", "f", "g"):  # the years ahead, this one first
        return (0, n - 1)
    if n == 1:
        return (-1, -1)
    return (-n, -1)


# China's five-year plans: the plan period a '十三五' figure belongs to
_FIVE_YEAR_PLANS = {"十一五": 2006, "十二五": 2011, "十三五": 2016, "十四五": 2021, "十五五": 2026}
PLAN_PERIOD_RE = re.compile("|".join(_FIVE_YEAR_PLANS))


def plan_period(word: str) -> tuple[str, str]:
    """('2016/2020', 'range') for '十三五'; ('', '') for anything else."""
    first = _FIVE_YEAR_PLANS.get(word)
    return (f"{first}/{first + 4}", "range") if first else ("", "")


def resolve(offsets: tuple[int, int] | None, year: int | None) -> tuple[str, str]:
    """(period, period_kind) of offsets against `year`: ('2023', 'point') or
    ('2013/2017', 'range'); ('', '') when either is unknown."""
    if offsets is None or year is None:
        return "", ""
    a, b = offsets
    if a == b:
        return str(year + a), "point"
    return f"{year + a}/{year + b}", "range"

"""Find dates and periods in normalised policy text (Korean, Chinese, Japanese, English).

    find_dates("'23년 말 기준 규모") -> [DateMention("'23년 말 기준", 0, 9, '2023', None,
                                                  'year', 'as_of', True)]

value is ISO 8601 as precise as written: '2023', '2023-06', '2023-07-10'; quarters and
halves as '2023-Q1' / '2023-H2'; a decade as its first year ('1980', precision 'decade').
For ranges value is the start and value_end the end.

Dates without a year ('3월 6일', '9月26日', 'March 5', '一季度'): with ref_year the year
is ref_year and year_inferred is True; without it value has no year part, ISO style
'--03-06' (month-day) / '--03' (month) / '--Q1', and year_inferred is False.
Relative years (올해/작년/내년, 今年/去年/明年, this/last/next year) need ref_year and
are skipped without it.

kind: 'point' | 'as_of' (기준, 현재, 말/末/底/end of, as of, 截至) | 'by_deadline' (까지,
到/至 2030年, 2030年前, by 2030, ~'20 as a plan stage bound) | 'range' ('25~'27,
2024-2030년, 2021-2025) | 'since' (이후, 부터, 以来, 起, since).

Two-digit years after an apostrophe ('23년, '24.11.) are 20yy up to '60 and 19yy above;
in decades ('80년대) 20yy up to '30. Four-digit years must lie in 1949..2100.

Japanese era years (令和6年3月31日, 平成元年, 令和6年度) are Gregorian (policyscope.lang.eras).
Out of scope: Chinese-numeral years (二〇二五年),
lunar dates, times of day, week numbers, fiscal-year conventions beyond 'N年度'.

Table-driven: RECOGNISERS holds one row per way of writing a date, its pattern beside the
handler that reads a match (and where the pattern can match, for speed); a new way of
writing a date is one row. This is the project's one date finder: `profile` picks the
recognisers a caller reads with (PROFILES):

    find_dates(text)                          # 'text': running text, every row above
    find_dates("gwr_20240305.pdf", profile="file_name")   -> 2024-03-05
    find_dates(head, profile="dateline")      # 2024년 3월 5일 near the top (ingest metadata)
    find_dates(head, profile="lone_year")     # a year alone (ingest metadata)
    find_dates(sentence, profile="cited_year")  # 2025, '24년, '24.3. (claim verification)
"""

from __future__ import annotations

import bisect
import datetime as _dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from policyscope.lang.eras import ERA_BASE, ERA_PATTERN, era_year
from policyscope.lang.numerals import CN_DIGITS, CN_ONE_TO_NINE, parse_cjk_int
from policyscope.lang.scripts import HANGUL_SYLLABLES
from policyscope.lang.timewords import relative_years

from .quantities import Quantity, find_quantities
from .scan import DIGIT, AnchorScope, in_runs

__all__ = ["PROFILES", "RECOGNISERS", "DateMention", "Profile", "Recogniser", "find_dates"]


@dataclass
class DateMention:
    text: str
    start: int
    end: int
    value: str
    value_end: str | None = None
    precision: str = "year"  # 'year' | 'month' | 'day' | 'quarter' | 'half' | 'decade'
    kind: str = "point"  # 'point' | 'as_of' | 'by_deadline' | 'range' | 'since'
    end_of_period: bool = False
    year_inferred: bool = False  # the year came from ref_year (or a relative word)


YEAR_MIN, YEAR_MAX = 1949, 2100

_APOS = "['’‘`´′]"
_CN_NUM = {k: v for k, v in CN_DIGITS.items() if v > 0}
_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH_NAMES = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
_MONTH_ABBR = "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
# Month names in Title case or CAPITALS ('MARCH 5, 2025' in headings and datelines); with a
# year after them also in lower case ('march 2025'). Lower case alone is left out: 'may'
# is a verb and 'march' a noun far more often than a month.
_ABBR_DOT = "|".join(a + r"\." for a in _MONTH_ABBR.split("|"))
_MON_CASED = "|".join(
    (_MONTH_NAMES, _MONTH_NAMES.upper(), _ABBR_DOT, _ABBR_DOT.upper(), _MONTH_ABBR)
    + (_MONTH_ABBR.upper(),)
)
_MON = rf"(?P<mon>{_MON_CASED})(?![A-Za-z])"
_MON_Y = rf"(?P<mon>{_MON_CASED}|{_MONTH_NAMES.lower()})(?![A-Za-z])"
_REL_KO = "올해|금년|작년|지난해|지난 해|내년"
_REL_ZH = "过去一年|今年|去年|明年|前年|本年|昨年|来年"


# offsets from the one table of relative time words (policyscope.lang.timewords); a
# government work report reviews "the past year" (过去一年) before this year's targets
def _first_offset(word: str) -> int:
    got = relative_years(word)
    if got is None:
        raise ValueError(f"{word!r} is not in policyscope.lang.timewords")
    return got[0]


_REL_OFFSET = {
    w: _first_offset(w)
    for w in (
        *_REL_KO.split("|"),
        *_REL_ZH.split("|"),
        "this year",
        "last year",
        "the past year",
        "next year",
    )
}
_NB = r"(?<![0-9A-Za-z.,/#@$\-])"  # no digit/letter/separator glued before a year
_NA = r"(?![0-9])"

# What the RECOGNISERS table below says of each pattern besides its handler:
# - needs: literals of which every match holds one. Each pattern scans the whole text (no
#   literal prefix to jump to), so a document without any skips it: Chinese texts skip
#   the English and Korean patterns, English texts the CJK ones. () = never skipped;
# - anchors: alternative anchor sets; every match holds an anchor of each set (DIGIT: any
#   decimal digit; else a literal). Scanning windows around the anchors of the cheapest
#   set instead of the whole text is exact (see scan.AnchorScope) and several times
#   faster: a whole-text scan costs about as much as all the windows of a document.
_MONTH_STEMS: tuple[str, ...] = ("Jan", "Feb", "Mar", "Apr", "May", "Jun")
_MONTH_STEMS += ("Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_STEMS += tuple(m.upper() for m in _MONTH_STEMS)
_MONTH_STEMS_Y = _MONTH_STEMS + tuple(_MONTH_NAMES.lower().split("|"))
_D = (DIGIT,)
_APOS_CHARS = tuple("'’‘`´′")
_KO_REL_WORDS = ("올해", "금년", "작년", "지난", "내년")
_ZH_REL_WORDS = ("过去一年", "今年", "去年", "明年", "前年", "本年", "昨年", "来年")
_FYP_WORDS = ("个五年", "개년", "·5", "Five-Year") + tuple(f"十{d}五" for d in CN_ONE_TO_NINE)

# How far a match (plus its lookarounds) can reach from an anchor inside it, in units: one
# character, or one whole run of whitespace (patterns take any run as '\s+'). The longest
# pattern (en_end) spans 35 units; lookbehinds read one more, lookaheads up to four.
_REACH = 48

_URL_RE = re.compile(
    r"(?:https?://|www\.)[^\s<>()（）\"'，。]+|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"
)

_END_SUFFIX_RE = re.compile(
    rf"(?:\s?말(?=$|[^{HANGUL_SYLLABLES}]|까지|기준|에|의|로|부터|현재|이|은|까)|年底|年末|月底|月末|末|底)"
)
_KIND_SUFFIX_RE = re.compile(
    r"\s?(?P<w>기준|현재|까지|이후|부터|이전|以来|以后|以後|以降|开始|起(?![草源步])|之前|以前"
    rf"|前(?![后後{CN_ONE_TO_NINE}十0-9个])|为止|までに|まで|時点|时点|onwards?|and beyond)"
)
_SUFFIX_KIND = {
    "기준": "as_of",
    "현재": "as_of",
    "時点": "as_of",
    "时点": "as_of",
    "까지": "by_deadline",
    "이전": "by_deadline",
    "之前": "by_deadline",
    "以前": "by_deadline",
    "前": "by_deadline",
    "为止": "by_deadline",
    "までに": "by_deadline",
    "まで": "by_deadline",
    "이후": "since",
    "부터": "since",
    "以来": "since",
    "以后": "since",
    "以後": "since",
    "以降": "since",
    "开始": "since",
    "起": "since",
    "onward": "since",
    "onwards": "since",
    "and beyond": "since",
}
_PREFIX_KIND_RE = re.compile(
    r"(?:(?P<en>(?<![A-Za-z])(?:[Bb]y(?: the)?|[Aa]s of|[Ss]ince|[Uu]ntil|[Tt]ill|[Tt]hrough"
    r"|[Bb]efore|[Aa]s at))\s+|(?P<zh>截至|截止到|截止|到|至|从|自|于)|(?P<tilde>[~∼〜]))$"
)
_PREFIX_KIND = {
    "by": "by_deadline",
    "by the": "by_deadline",
    "until": "by_deadline",
    "till": "by_deadline",
    "through": "by_deadline",
    "before": "by_deadline",
    "as of": "as_of",
    "as at": "as_of",
    "since": "since",
    "截至": "as_of",
    "截止": "as_of",
    "截止到": "as_of",
    "到": "by_deadline",
    "至": "by_deadline",
    "从": "since",
    "自": "since",
    "于": "point",
}
_RANGE_JOIN_RE = re.compile(
    r"^(?:\s?(?:~|∼|〜|-|–|—|－|至|到|부터|에서)\s?|\s+(?:to|until|through|-|–)\s+)$"
)


def _year2(yy: str, decade: bool = False) -> int:
    y = int(yy)
    if decade:
        return 2000 + y if y <= 30 else 1900 + y
    return 2000 + y if y <= 60 else 1900 + y


def _iso(y: int | None, m: int | None = None, d: int | None = None) -> str | None:
    if y is not None and not (YEAR_MIN <= y <= YEAR_MAX):
        return None
    if m is not None and not 1 <= m <= 12:
        return None
    if d is not None:
        if not 1 <= d <= 31:
            return None
        if y is not None:
            try:
                _dt.date(y, m or 1, d)
            except ValueError:
                return None
    if y is None:
        if m is None:
            return None
        return f"--{m:02d}" + (f"-{d:02d}" if d is not None else "")
    s = f"{y:04d}"
    if m is not None:
        s += f"-{m:02d}"
        if d is not None:
            s += f"-{d:02d}"
    return s


def _fyp_start(n: int) -> int:
    if n == 1:
        return 1953
    if n == 2:
        return 1958
    return 1966 + 5 * (n - 3)


class _Groups:
    """The named groups of a match; a name the pattern does not have reads as None (one
    handler serves several patterns)."""

    __slots__ = ("m",)

    def __init__(self, m: re.Match[str]) -> None:
        self.m = m

    def __call__(self, name: str) -> str | None:
        try:
            return self.m.group(name)
        except IndexError:
            return None

    def need(self, name: str) -> str:
        """A group every match of the pattern fills."""
        got = self(name)
        if got is None:
            raise ValueError(f"{name!r} is empty in a match of {self.m.re.pattern!r}")
        return got


@dataclass
class _Read:
    """What a handler reads from a match: the DateMention's value fields."""

    value: str
    precision: str = "year"
    kind: str = "point"
    value_end: str | None = None
    end_of_period: bool = False
    year_inferred: bool = False
    start: int | None = None  # where the mention starts when not at the match ('in March')


# a handler reads a match against the document year; None: not a plausible date
Handler = Callable[[_Groups, "int | None"], "_Read | None"]


def _year_of(
    g: _Groups, ref_year: int | None, default_inferred: bool = True
) -> tuple[int | None, bool] | None:
    """(year, inferred) from the match's year groups; None when a relative year has no
    ref_year to resolve against."""
    if g("era"):
        return era_year(g.need("era"), g.need("ey")), False
    if y := g("y"):
        return int(y), False
    if yy := g("yy"):
        return _year2(yy), False
    if rel := g("rel"):
        if ref_year is None:
            return None
        return ref_year + _REL_OFFSET[rel], True
    if ref_year is not None and default_inferred:
        return ref_year, True
    return None, False


def _precision(mo: str | None, d: str | None) -> str:
    return "day" if d else "month" if mo else "year"


def _h_apos_range(g: _Groups, ref_year: int | None) -> _Read | None:
    a, b = _year2(g.need("a")), _year2(g.need("b"))
    if b <= a:
        return None
    return _Read(str(a), value_end=str(b), kind="range")


def _h_decade(g: _Groups, ref_year: int | None) -> _Read | None:
    c = g("c")
    dd = g.need("dd")
    if c in ("20", "二十", "上"):
        y = 1900 + int(dd)
    elif c in ("21", "二十一"):
        y = 2000 + int(dd)
    else:
        y = _year2(dd, decade=True)
    return _Read(str(y), precision="decade")


def _h_decade4(g: _Groups, ref_year: int | None) -> _Read | None:
    y = int(g.need("y"))
    if not YEAR_MIN - 9 <= y <= YEAR_MAX:
        return None
    return _Read(str(y), precision="decade")


def _h_apos(g: _Groups, ref_year: int | None) -> _Read | None:
    mo = g("m") or g("m2")
    d = g("d") or g("d2")
    v = _iso(_year2(g.need("yy")), int(mo) if mo else None, int(d) if d else None)
    if v is None:
        return None
    return _Read(v, precision=_precision(mo, d))


def _h_mrange(g: _Groups, ref_year: int | None) -> _Read | None:
    y = int(g.need("y"))
    a, b = int(g.need("m")), int(g.need("m2"))
    va, vb = _iso(y, a), _iso(y, b)
    if va is None or vb is None or b <= a:
        return None
    return _Read(va, value_end=vb, precision="month", kind="range")


def _h_ymd(g: _Groups, ref_year: int | None) -> _Read | None:
    yo = _year_of(g, ref_year, default_inferred=False)
    if yo is None:
        return None
    y, inferred = yo
    mo = g("m") or g("m2")
    d = g("d")
    v = _iso(y, int(mo) if mo else None, int(d) if d else None)
    if v is None:
        return None
    return _Read(v, precision=_precision(mo, d), year_inferred=inferred)


def _h_md(g: _Groups, ref_year: int | None) -> _Read | None:
    mon = g("mon")
    mo = _MONTHS[mon[:3].lower()] if mon else int(g.need("m"))
    d = g("d")
    v = _iso(ref_year, mo, int(d) if d else None)
    if v is None:
        return None
    prec = "day" if d else "month"
    return _Read(v, precision=prec, year_inferred=ref_year is not None)


def _h_en_m(g: _Groups, ref_year: int | None) -> _Read | None:
    """'in March', 'end of March': the month alone; 'end' makes it an as-of date."""
    got = _h_md(g, ref_year)
    if got is None:
        return None
    if g.m.group(0).lower().startswith("end"):
        got.end_of_period, got.kind = True, "as_of"
    else:
        got.start = g.m.start("mon")
    return got


def _h_quarter_half(g: _Groups, ref_year: int | None) -> _Read | None:
    yo = _year_of(g, ref_year)
    if yo is None:
        return None
    y, inferred = yo
    if y is not None and not YEAR_MIN <= y <= YEAR_MAX:
        return None
    yp = f"{y:04d}-" if y is not None else "--"
    q = g("q")
    if not q:
        tag = "H1" if g("h") in ("상", "上") else "H2"
        return _Read(yp + tag, precision="half", year_inferred=inferred)
    tag = f"Q{int(q) if q.isdigit() else _CN_NUM[q]}"
    if g("first"):  # 前三季度 = the first three quarters
        return _Read(
            yp + "Q1", value_end=yp + tag, precision="quarter", kind="range", year_inferred=inferred
        )
    return _Read(yp + tag, precision="quarter", year_inferred=inferred)


def _h_year_range(g: _Groups, ref_year: int | None) -> _Read | None:
    a = int(g.need("a"))
    b_s = g.need("b")
    en = g("w") is not None
    if en and g("w") == "and" and not g("pre"):
        return None
    if len(b_s) == 2:
        bb = int(b_s)
        if bb > a % 100 and not en:
            b = a - a % 100 + bb
        elif 1 <= bb <= 12 and g("sep") in ("-", "－"):
            v = _iso(a, bb)  # '2024-03' is a month
            return None if v is None else _Read(v, precision="month")
        else:
            return None
    else:
        b = int(b_s)
    if not (YEAR_MIN <= a < b <= YEAR_MAX) or b - a > 100:
        return None
    return _Read(str(a), value_end=str(b), kind="range")


def _h_en_date(g: _Groups, ref_year: int | None) -> _Read | None:
    mon = g("mon")
    mo = _MONTHS[mon[:3].lower()] if mon else None
    d_s = g("d")
    d = int(d_s) if d_s else None
    v = _iso(int(g.need("y")), mo, d)
    if v is None:
        return None
    return _Read(v, precision="day" if d else "month" if mo else "year")


def _h_en_end(g: _Groups, ref_year: int | None) -> _Read | None:
    """'end of 2024', 'end-March 2024', 'year-end 2023': as of the end of the period."""
    got = _h_en_date(g, ref_year)
    if got is not None:
        got.end_of_period, got.kind = True, "as_of"
    return got


def _h_en_quarter_half(g: _Groups, ref_year: int | None) -> _Read | None:
    y = int(g("y") or g("y2") or g.need("y3"))
    if not YEAR_MIN <= y <= YEAR_MAX:
        return None
    if g("qw") or g("q") or g("q3"):
        qw = g("qw")
        words = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}
        qn = words.get(qw, 4) if qw else int(g("q") or g.need("q3"))
        return _Read(f"{y:04d}-Q{qn}", precision="quarter")
    hw = g("hw")
    hn = (1 if hw == "first" else 2) if hw else int(g("h") or g.need("h3"))
    return _Read(f"{y:04d}-H{hn}", precision="half")


def _h_en_rel(g: _Groups, ref_year: int | None) -> _Read | None:
    if ref_year is None:
        return None
    y = ref_year + _REL_OFFSET[g.need("rel").lower()]
    return _Read(str(y), year_inferred=True)


def _h_fyp(g: _Groups, ref_year: int | None) -> _Read | None:
    if zn := g("zn"):
        n = parse_cjk_int(zn)
    elif zs := g("zs"):
        n = 10 + _CN_NUM[zs]
    else:
        n = int(g("kn") or g("kd") or g.need("en"))
    if not 1 <= n <= 30:
        return None
    a = _fyp_start(n)
    return _Read(str(a), value_end=str(a + 4), kind="range")


def _h_bare_year(g: _Groups, ref_year: int | None) -> _Read | None:
    y = int(g.need("y"))
    if not YEAR_MIN <= y <= YEAR_MAX:
        return None
    return _Read(str(y))


@dataclass(frozen=True)
class Recogniser:
    """One way of writing a date: its pattern, the handler that reads a match, and where
    the pattern can match (needs, anchors: see above)."""

    name: str
    pattern: re.Pattern[str]
    handler: Handler
    needs: tuple[str, ...] = ()
    anchors: tuple[tuple[str, ...], ...] = (_D,)


# In order: among matches of the same span, the first recogniser's wins.
RECOGNISERS: list[Recogniser] = [
    Recogniser(
        "apos_range",
        re.compile(
            rf"{_APOS}(?P<a>\d{{2}})\s?[~∼〜\-–]\s?{_APOS}?(?P<b>\d{{2}}){_NA}(?:\s?년(?!대))?"
        ),
        _h_apos_range,
        needs=tuple("'’‘`´′"),
        anchors=(_D, _APOS_CHARS),
    ),
    Recogniser(
        "apos_decade",
        re.compile(rf"{_APOS}(?P<dd>\d{{2}})\s?년대"),
        _h_decade,
        needs=tuple("'’‘`´′"),
        anchors=(_D, _APOS_CHARS, ("년대",)),
    ),
    Recogniser(
        "apos",
        re.compile(
            rf"(?<![0-9A-Za-z]){_APOS}(?P<yy>\d{{2}})(?:\s?년(?!대)(?:\s?(?P<m>\d{{1,2}})\s?월"
            rf"(?:\s?(?P<d>\d{{1,2}})\s?일)?)?|\.\s?(?P<m2>\d{{1,2}})(?:\.\s?(?P<d2>\d{{1,2}}))?"
            rf"\.?{_NA}|(?=[)\]）~∼〜,]))"
        ),
        _h_apos,
        needs=tuple("'’‘`´′"),
        anchors=(_D, _APOS_CHARS),
    ),
    Recogniser(
        "decade4",
        re.compile(rf"{_NB}(?P<y>\d{{3}}0)\s?(?:년대|年代|s\b)"),
        _h_decade4,
        needs=("년대", "年代", "s"),
    ),
    Recogniser(
        "decade2",
        re.compile(
            r"(?:(?P<c>20|21|二十|二十一|上)\s?世纪\s?)?(?<![0-9'’‘`])(?P<dd>\d0)\s?(?:년대|年代)"
        ),
        _h_decade,
        needs=("년대", "年代"),
        anchors=(_D, ("년대", "年代")),
    ),
    Recogniser(
        "en_decade",
        re.compile(r"(?<![\w])['’](?P<dd>\d0)s\b"),
        _h_decade,
        needs=("0s",),
        anchors=(_D, ("0s",)),
    ),
    Recogniser(
        "ko_mrange",
        re.compile(
            rf"{_NB}(?P<y>\d{{4}})\s?년\s?(?P<m>\d{{1,2}})\s?[~∼〜\-–]\s?(?P<m2>\d{{1,2}})\s?월"
        ),
        _h_mrange,
        needs=("년",),
        anchors=(_D, ("년",), ("월",)),
    ),
    Recogniser(
        "zh_mrange",
        re.compile(
            rf"{_NB}(?P<y>\d{{4}})\s?年\s?(?P<m>\d{{1,2}})\s?[~∼〜\-–—－至到]\s?(?P<m2>\d{{1,2}})\s?月"
        ),
        _h_mrange,
        needs=("年",),
        anchors=(_D, ("年",), ("月",)),
    ),
    Recogniser(
        "dot_mrange",
        re.compile(
            rf"{_NB}(?P<y>\d{{4}})\.\s?(?P<m>\d{{1,2}})\s?[~∼〜\-–]\s?(?P<m2>\d{{1,2}})(?![\d.])"
        ),
        _h_mrange,
        needs=(".",),
        anchors=(_D, (".",)),
    ),
    Recogniser(
        "ko_ymd",
        re.compile(
            rf"{_NB}(?P<y>\d{{4}})\s?년(?:도)?(?!대)(?:\s?(?P<m>\d{{1,2}})\s?월"
            rf"(?:\s?(?P<d>\d{{1,2}})\s?일)?)?"
        ),
        _h_ymd,
        needs=("년",),
        anchors=(_D, ("년",)),
    ),
    Recogniser(
        "ko_rel",
        re.compile(
            rf"(?P<rel>{_REL_KO})(?:\s?(?P<m>\d{{1,2}})\s?월(?:\s?(?P<d>\d{{1,2}})\s?일)?)?"
        ),
        _h_ymd,
        needs=_KO_REL_WORDS,
        anchors=(_KO_REL_WORDS,),
    ),
    Recogniser(
        "zh_ymd",
        re.compile(
            rf"(?:{_NB}(?P<y>\d{{4}})\s?年|(?P<rel>{_REL_ZH}))(?:度)?(?:\s?(?P<m>\d{{1,2}})\s?月(?:份)?"
            rf"(?:\s?(?P<d>\d{{1,2}})\s?[日号])?)?"
        ),
        _h_ymd,
        needs=("年",),
        anchors=((DIGIT, *_ZH_REL_WORDS), ("年",)),
    ),
    Recogniser(
        "era_ymd",
        re.compile(
            rf"{ERA_PATTERN}\s?年(?:度)?(?:\s?(?P<m>\d{{1,2}})\s?月(?:\s?(?P<d>\d{{1,2}})\s?日)?)?"
        ),
        _h_ymd,
        needs=tuple(ERA_BASE),
        anchors=(tuple(ERA_BASE),),
    ),
    Recogniser(
        "ko_md",
        re.compile(r"(?<![0-9.])(?P<m>\d{1,2})\s?월(?:\s?(?P<d>\d{1,2})\s?일)?"),
        _h_md,
        needs=("월",),
        anchors=(_D, ("월",)),
    ),
    Recogniser(
        "zh_md",
        re.compile(r"(?<![0-9.])(?P<m>\d{1,2})\s?月(?:份)?(?:\s?(?P<d>\d{1,2})\s?[日号])?"),
        _h_md,
        needs=("月",),
        anchors=(_D, ("月",)),
    ),
    Recogniser(
        "ko_quarter",
        re.compile(
            rf"(?:{_NB}(?P<y>\d{{4}})\s?년\s?|{_APOS}(?P<yy>\d{{2}})\s?년?\s?|(?P<rel>{_REL_KO})\s?)?"
            r"(?<![0-9])(?P<q>[1-4])\s?(?:/4\s?)?분기"
        ),
        _h_quarter_half,
        needs=("분기",),
        anchors=(_D, ("분기",)),
    ),
    Recogniser(
        "ko_half",
        re.compile(
            rf"(?:{_NB}(?P<y>\d{{4}})\s?년\s?|{_APOS}(?P<yy>\d{{2}})\s?년?\s?|(?P<rel>{_REL_KO})\s?)?"
            r"(?P<h>상|하)반기"
        ),
        _h_quarter_half,
        needs=("반기",),
        anchors=(("반기",),),
    ),
    Recogniser(
        "zh_quarter",
        re.compile(
            rf"(?:{_NB}(?P<y>\d{{4}})\s?年\s?|(?P<rel>{_REL_ZH}))?(?:第|(?P<first>前))?(?P<q>[一二三四1-4])"
            r"(?:季度|四半期)"
        ),
        _h_quarter_half,
        needs=("季度", "四半期"),
        anchors=(("季度", "四半期"),),
    ),
    Recogniser(
        "zh_half",
        re.compile(rf"(?:{_NB}(?P<y>\d{{4}})\s?年\s?|(?P<rel>{_REL_ZH}))?(?P<h>上|下)半(?:年|期)"),
        _h_quarter_half,
        needs=("半年", "半期"),
        anchors=(("半年", "半期"),),
    ),
    Recogniser(
        "year_range",
        re.compile(
            rf"{_NB}(?P<a>\d{{4}})\s?(?:年|년)?\s?(?P<sep>[~∼〜\-–—－至到])\s?(?P<b>\d{{4}}|\d{{2}})"
            rf"{_NA}(?!\.\d)(?:\s?(?:年|년도|년))?"
        ),
        _h_year_range,
    ),
    Recogniser(
        "en_year_range",
        re.compile(
            rf"(?:(?P<pre>[Ff]rom|[Bb]etween)\s+)?{_NB}(?P<a>\d{{4}})\s+(?P<w>to|and|through|until)"
            rf"\s+(?P<b>\d{{4}}){_NA}"
        ),
        _h_year_range,
        needs=("to", "and", "through", "until"),
    ),
    Recogniser(
        "iso",
        re.compile(rf"{_NB}(?P<y>\d{{4}})-(?P<m>\d{{2}})-(?P<d>\d{{2}}){_NA}"),
        _h_ymd,
        needs=("-",),
        anchors=(_D, ("-",)),
    ),
    Recogniser(
        "slash",
        re.compile(rf"{_NB}(?P<y>\d{{4}})/(?P<m>\d{{1,2}})/(?P<d>\d{{1,2}}){_NA}"),
        _h_ymd,
        needs=("/",),
        anchors=(_D, ("/",)),
    ),
    Recogniser(
        "dot_ymd",
        re.compile(
            rf"{_NB}(?P<y>\d{{4}})\.\s?(?P<m>\d{{1,2}})\.\s?(?P<d>\d{{1,2}})\.?{_NA}(?!\.\d)"
        ),
        _h_ymd,
        needs=(".",),
        anchors=(_D, (".",)),
    ),
    Recogniser(
        "dot_ym",
        re.compile(
            rf"{_NB}(?P<y>\d{{4}})(?:\.(?P<m>\d{{1,2}})(?:\.(?!\s?\d)|(?=[)\]）~∼〜,]|\s|$))"
            rf"|\.\s(?P<m2>\d{{1,2}})(?:\.(?!\s?\d)|(?=[)）])))"
        ),
        _h_ymd,
        needs=(".",),
        anchors=(_D, (".",)),
    ),
    Recogniser(
        "en_mdy",
        re.compile(rf"\b{_MON_Y}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}}){_NA}"),
        _h_en_date,
        needs=_MONTH_STEMS_Y,
        anchors=(_D, _MONTH_STEMS_Y),
    ),
    Recogniser(
        "en_dmy",
        re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MON_Y}\.?,?\s+(?P<y>\d{{4}}){_NA}"),
        _h_en_date,
        needs=_MONTH_STEMS_Y,
        anchors=(_D, _MONTH_STEMS_Y),
    ),
    Recogniser(
        "en_my",
        re.compile(rf"\b{_MON_Y},?\s+(?P<y>\d{{4}}){_NA}"),
        _h_en_date,
        needs=_MONTH_STEMS_Y,
        anchors=(_D, _MONTH_STEMS_Y),
    ),
    Recogniser(
        "en_md",
        re.compile(rf"\b{_MON}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?![0-9])(?!,?\s+\d)"),
        _h_md,
        needs=_MONTH_STEMS,
        anchors=(_D, _MONTH_STEMS),
    ),
    Recogniser(
        "en_m",
        re.compile(
            rf"\b(?:in|since|by|until|from|early|late|mid-|end of|end-)\s*{_MON}(?![ ]+\d)",
        ),
        _h_en_m,
        needs=_MONTH_STEMS,
        anchors=(_MONTH_STEMS,),
    ),
    Recogniser(
        "en_end",
        re.compile(
            rf"\b(?:[Tt]he\s+)?(?:(?:[Ee]nd[- ]of[- ](?:the\s+year\s+)?|[Ee]nd-)(?:{_MON},?\s+)?"
            rf"|[Yy]ear-?end\s+)(?P<y>\d{{4}}){_NA}"
        ),
        _h_en_end,
        needs=("nd",),
    ),
    Recogniser(
        "en_quarter",
        re.compile(
            r"\b(?:(?:[Tt]he\s+)?(?P<qw>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter"
            r"\s+(?:of\s+)?(?P<y>\d{4})|Q(?P<q>[1-4])\s?(?P<y2>\d{4})|(?P<y3>\d{4})\s?Q(?P<q3>[1-4]))"
            r"\b"
        ),
        _h_en_quarter_half,
        needs=("quarter", "Q"),
        anchors=(_D, ("quarter", "Q1", "Q2", "Q3", "Q4")),
    ),
    Recogniser(
        "en_half",
        re.compile(
            r"\b(?:(?:[Tt]he\s+)?(?P<hw>first|second)\s+half\s+(?:of\s+)?(?P<y>\d{4})"
            r"|H(?P<h>[12])\s?(?P<y2>\d{4})|(?P<y3>\d{4})\s?H(?P<h3>[12]))\b"
        ),
        _h_en_quarter_half,
        needs=("half", "H"),
        anchors=(_D, ("half", "H1", "H2")),
    ),
    Recogniser(
        "en_rel",
        re.compile(r"\b(?P<rel>[Tt]his year|[Ll]ast year|[Nn]ext year|[Tt]he past year)\b"),
        _h_en_rel,
        needs=("year",),
        anchors=(("his year", "ast year", "ext year", "past year"),),
    ),
    Recogniser(
        "fyp",
        re.compile(
            rf"(?:第?(?P<zn>十[{CN_ONE_TO_NINE}]|[{CN_ONE_TO_NINE}])个五年(?:规划|计划)"
            rf"|“?十(?P<zs>[{CN_ONE_TO_NINE}])五(?:”|(?=规划|时期|期间|末|以来|期))(?:规划|时期|期间)?"
            r"|제\s?(?P<kn>\d{1,2})\s?차\s?5\s?개년\s?(?:계획|규획)"
            r"|(?P<kd>\d{2})·5\s?(?:차\s?)?(?:계획|규획)"
            r"|\b(?P<en>\d{1,2})(?:st|nd|rd|th)\s+Five-Year\s+Plan\b)"
        ),
        _h_fyp,
        needs=("五年", "十", "개년", "·5", "Five-Year"),
        anchors=(_FYP_WORDS,),
    ),
    Recogniser(
        "bare_year",
        re.compile(
            r"(?<![\w.,/$#@'’‘`\-−~∼])(?P<y>(?:19|20)\d\d|2100)"
            r"(?![\w%‰/]|[.,]\d|\s?[-~∼–]\s?\d|\s?(?:년|年))"
        ),
        _h_bare_year,
    ),
]


# ---- the other profiles: dates as a file name, a dateline or a citation writes them

_YEAR_1950 = r"(?:19[5-9]\d|20\d{2})"  # 1950..2099: the years a policy file is dated


def _h_numeric(g: _Groups, ref_year: int | None) -> _Read | None:
    """'2024', '2024-03', '2024-03-05' as written (a file name's date)."""
    parts = [p for p in (g.need("y"), g("m"), g("d")) if p]
    return _Read("-".join(parts), precision=("year", "month", "day")[len(parts) - 1])


def _h_dateline(g: _Groups, ref_year: int | None) -> _Read | None:
    """A year with its month (and day) when they are plausible; else the year alone."""
    y, mo, d = g.need("y"), g("m"), g("d")
    if not (mo and 1 <= int(mo) <= 12):
        return _Read(y)
    if d and 1 <= int(d) <= 31:
        return _Read(f"{y}-{int(mo):02d}-{int(d):02d}", precision="day")
    return _Read(f"{y}-{int(mo):02d}", precision="month")


def _h_cited_year(g: _Groups, ref_year: int | None) -> _Read | None:
    y4 = g("y4")
    return _Read(y4 if y4 else str(_year2(g.need("y2"))))


_FILE_NAME = Recogniser(
    "file_name",
    re.compile(
        rf"(?<!\d)(?P<y>{_YEAR_1950})(?:[-_.]?(?P<m>0[1-9]|1[0-2])"
        rf"(?:[-_.]?(?P<d>0[1-9]|[12]\d|3[01]))?)?(?!\d)"
    ),
    _h_numeric,
)
_DATELINE = Recogniser(
    "dateline",
    re.compile(
        rf"(?<!\d)(?P<y>{_YEAR_1950})\s*(?:년|年|[-./])\s*(?:(?P<m>\d{{1,2}})\s*(?:월|月|[-./])"
        rf"\s*(?:(?P<d>\d{{1,2}})\s*(?:일|日)?)?)?"
    ),
    _h_dateline,
)
_LONE_YEAR = Recogniser(
    "lone_year", re.compile(rf"(?<![\d.,])(?P<y>{_YEAR_1950})(?![\d.,%])"), _h_numeric
)
# a year a sentence cites ('2025년 양회', "'24년 보고", "('24.3.)"), never a figure's digits
_CITED_YEAR = Recogniser(
    "cited_year",
    re.compile(
        r"(?<![\d.,])(?P<y4>19[5-9]\d|20\d\d)(?![\d.,]*\d)(?!\s*(?:억|만|조|亿|万|%|개|명))"
        r"|(?<!\w)['’‘`](?P<y2>\d\d)(?=\s*년|\s*年|\.\d|\s)"
    ),
    _h_cited_year,
)


@dataclass(frozen=True)
class Profile:
    """The recognisers a caller reads dates with. `full`: what running text needs besides
    (no date inside a figure or a URL, the leftmost longest of overlapping matches, ranges
    joined, kind words such as 까지 / 以来 / by read); otherwise every match is taken as
    its recogniser reads it."""

    recognisers: tuple[Recogniser, ...]
    full: bool = False


PROFILES: dict[str, Profile] = {
    # dates in running text: every recogniser above
    "text": Profile(tuple(RECOGNISERS), full=True),
    # a file name's date: 2024, 2024-03, 20240305, 2024_03_05
    "file_name": Profile((_FILE_NAME,)),
    # a year with its month near the top of a document: 2024년 3월 5일, 2024年3月, 2024.3.5
    "dateline": Profile((_DATELINE,)),
    # a year standing alone (not part of a figure or a decimal): 2024
    "lone_year": Profile((_LONE_YEAR,)),
    # the years a sentence cites: 2025, '24년, '24.3.
    "cited_year": Profile((_CITED_YEAR,)),
}


def _merge(spans: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """Sorted, merged (starts, ends) of spans, for O(log n) overlap tests."""
    starts: list[int] = []
    ends: list[int] = []
    for a, b in sorted(spans):
        if starts and a <= ends[-1]:
            ends[-1] = max(ends[-1], b)
        else:
            starts.append(a)
            ends.append(b)
    return starts, ends


def _overlaps(starts: list[int], ends: list[int], s: int, e: int) -> bool:
    i = bisect.bisect_left(ends, s + 1)  # the first merged span ending after s
    return i < len(starts) and starts[i] < e


def find_dates(
    text: str,
    lang: str | None = None,
    ref_year: int | None = None,
    quantities: list[Quantity] | None = None,
    *,
    profile: str = "text",
    start: int = 0,
    end: int | None = None,
) -> list[DateMention]:
    """All date / period mentions in text, in order, non-overlapping.

    lang is accepted for symmetry with find_quantities; the patterns are script-specific
    so it is not needed to read them. ref_year resolves year-less and relative dates.
    `quantities` are `find_quantities(text)` when the caller has them already.
    `profile` names the recognisers to read with (PROFILES). `start`, `end`: only the
    dates in text[start:end] (the text around it is still read as context).
    """
    del lang
    prof = PROFILES[profile]
    stop = len(text) if end is None else end
    if not prof.full:
        return _plain_dates(text, prof, ref_year, start, stop)
    out = _text_dates(text, prof, ref_year, quantities)
    if start or end is not None:
        out = [d for d in out if start <= d.start and d.end <= stop]
    return out


def _plain_dates(
    text: str, prof: Profile, ref_year: int | None, start: int, stop: int
) -> list[DateMention]:
    """Every match of the profile's recognisers in text[start:stop] that they read."""
    cands: list[tuple[int, int, _Read]] = []
    for rec in prof.recognisers:
        for m in rec.pattern.finditer(text, start, stop):
            got = rec.handler(_Groups(m), ref_year)
            if got is not None:
                cands.append((m.start() if got.start is None else got.start, m.end(), got))
    return [_mention(text, s, e, r) for s, e, r in _leftmost_longest(cands)]


def _text_dates(
    text: str, prof: Profile, ref_year: int | None, quantities: list[Quantity] | None
) -> list[DateMention]:
    if quantities is None:
        quantities = find_quantities(text)
    scope = AnchorScope(text, _REACH)
    # URLs and e-mail addresses hold one of these, never whitespace (see scan.in_runs)
    blocked = [m.span() for m in in_runs(text, _URL_RE, ("://", "www.", "@"))]
    blocked += [(q.start, q.end) for q in quantities]
    blocked_sorted, blocked_ends = _merge(blocked)
    cands: list[tuple[int, int, _Read]] = []
    for rec in prof.recognisers:
        if rec.needs and not any(map(scope.has, rec.needs)):
            continue  # a cheap substring test skips a whole-text regex scan
        for m in scope.matches(rec.pattern, rec.anchors):
            s, e = m.span()
            if s == e:
                continue
            got = rec.handler(_Groups(m), ref_year)
            if got is None:
                continue
            if got.start is not None:
                s = got.start
            if _overlaps(blocked_sorted, blocked_ends, s, e):
                continue
            if s > 0 and text[s - 1] in "제第" and rec.name != "fyp":
                continue
            cands.append((s, e, got))
    mentions = [_mention(text, s, e, r) for s, e, r in _leftmost_longest(cands)]
    mentions = _merge_ranges(text, mentions)
    for dm in mentions:
        _apply_markers(text, dm)
    # markers may have grown spans into each other: keep the first
    out: list[DateMention] = []
    for dm in mentions:
        if out and dm.start < out[-1].end:
            continue
        out.append(dm)
    return out


def _leftmost_longest(cands: list[tuple[int, int, _Read]]) -> list[tuple[int, int, _Read]]:
    """Non-overlapping candidates: the leftmost first, the longest of those starting
    together (the earlier recogniser's among equals)."""
    cands = sorted(cands, key=lambda c: (c[0], -(c[1] - c[0])))
    chosen: list[tuple[int, int, _Read]] = []
    last_end = -1
    for c in cands:
        if c[0] >= last_end:
            chosen.append(c)
            last_end = c[1]
    return chosen


def _mention(text: str, s: int, e: int, r: _Read) -> DateMention:
    return DateMention(
        text[s:e],
        s,
        e,
        r.value,
        r.value_end,
        r.precision,
        r.kind,
        r.end_of_period,
        r.year_inferred,
    )


def _merge_ranges(text: str, ms: list[DateMention]) -> list[DateMention]:
    out: list[DateMention] = []
    for dm in ms:
        if out:
            a = out[-1]
            gap = text[a.end : dm.start]
            if (
                a.value_end is None
                and dm.value_end is None
                and gap
                and _RANGE_JOIN_RE.match(gap)
                and a.precision not in ("decade",)
            ):
                b_val = dm.value
                if b_val.startswith("--") and not a.value.startswith("--"):
                    b_val = a.value[:4] + b_val[1:]
                if b_val > a.value or (a.value.startswith("--") and b_val.startswith("--")):
                    a.value_end = b_val
                    a.end = dm.end
                    a.text = text[a.start : a.end]
                    a.kind = "range"
                    a.end_of_period = a.end_of_period or dm.end_of_period
                    continue
        out.append(dm)
    return out


def _apply_markers(text: str, dm: DateMention) -> None:
    k = dm.end
    m = _END_SUFFIX_RE.match(text, k)
    if m and dm.precision in ("year", "month", "quarter", "half", "decade"):
        dm.end_of_period = True
        k = m.end()
    suffix_kind = None
    m = _KIND_SUFFIX_RE.match(text, k)
    if m:
        w = m.group("w")
        ok = True
        if w in ("前", "起", "开始") and not re.search(r"[年月日底末]$", text[dm.start : k]):
            ok = False
        if w == "前" and dm.precision == "day":
            ok = False
        if w in ("기준", "현재", "이후", "이전") and not m.group(0).strip():
            ok = True
        if ok:
            suffix_kind = _SUFFIX_KIND[w]
            k = m.end()
    start = dm.start
    prefix_kind = None
    pm = _PREFIX_KIND_RE.search(text, max(0, start - 12), start)
    if pm and dm.value_end is None:
        word = (pm.group("en") or pm.group("zh") or pm.group("tilde") or "").lower()
        if pm.group("tilde"):
            prev = text[pm.start() - 1] if pm.start() > 0 else ""
            if not re.match(r"[0-9'’‘]", prev):
                prefix_kind = "by_deadline"
                start = pm.start()
        elif word:
            prefix_kind = _PREFIX_KIND.get(word)
            if word in ("于",):
                prefix_kind = None
            elif prefix_kind:
                start = pm.start()
    dm.start, dm.end = start, k
    dm.text = text[start:k]
    if dm.value_end is not None:
        dm.kind = "range"
        return
    kinds = {prefix_kind, suffix_kind}
    if "by_deadline" in kinds:
        dm.kind = "by_deadline"
    elif "as_of" in kinds:
        dm.kind = "as_of"
    elif "since" in kinds:
        dm.kind = "since"
    elif dm.end_of_period:
        dm.kind = "as_of"
    elif dm.kind == "point":
        dm.kind = "point"

"""Where a figure stands in its document: the period and standing that the document's
structure gives the text around it.

    sections = section_periods(text, ref_year=2024)
    sections.at(offset) -> Section(start, end, period='2023', period_kind='point',
                                   role='review') | None

A Government Work Report (and a plan or a ministry's annual report written like one)
first reviews the past (一、2023年工作回顾; 过去一年…; 一、过去五年工作回顾), then sets
this year's targets and tasks (二、2024年经济社会发展总体要求和政策取向; 今年发展主要预期目标是…;
三、2024年政府工作任务). A figure with no date of its own takes the period of its section:
the reviewed year (or the five reviewed years) in a review, the document's year in a
plan. Rules, in order of precedence (the first that applies):
  1. a paragraph that opens with a relative time word (过去一年, 过去五年, 五年来, 今年,
     지난해, 올해, last year, this year) is about that period;
  2. a heading ('一、…', '第一部分', 'Ⅰ.', a short line with no sentence end) that names a
     review (回顾, 回望, 总结) or a plan (总体要求, 政策取向, 工作任务, 工作建议, 总体部署,
     重点工作, 主要目标) opens a section with the year it names, else the year its words
     imply (review: the year before; plan: this year); a heading naming one five-year plan
     (“十三五”) opens that plan's period, one naming two opens nothing (which is meant
     is not certain). Only Chinese/Japanese report headings count: an analysis titled
     '발전 가능성과 평가' is not a review of last year;
  3. a heading that names neither keeps the section it stands in open (the tasks of a plan
     have headings of their own).
Text before the first heading has no section unless its paragraphs open with a time
word. Nothing here guesses: with no document year there are no sections.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from policyscope.lang.numerals import CN_ONE_TO_NINE
from policyscope.lang.timewords import (
    PLAN_PERIOD_RE,
    TIME_WORD_RE,
    plan_period,
    relative_years,
    resolve,
)

__all__ = ["Section", "Sections", "section_periods"]


@dataclass(frozen=True)
class Section:
    start: int
    end: int
    period: str
    period_kind: str  # point | range
    role: str  # review | plan
    source: str  # heading | paragraph


_HEADING = re.compile(
    rf"^\s*(?:[{CN_ONE_TO_NINE}十]{{1,3}}、|第[{CN_ONE_TO_NINE}十]{{1,3}}(?:部分|章)"
    r"|[IVXⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]{1,4}[.．、]|\d{1,2}[.．、]\s|[■▣□◆●]\s?)"
)
# Chinese (and Japanese) government-report headings only: a Korean or English analysis
# titled '발전 가능성과 평가' or 'Policy directions' is not a review of last year or a plan
# English report headings are numbered ('I. Review of Work in 2013', 'I. 2018 in Review',
# 'II. General Work Arrangements for 2014', 'III. Tasks for 2019')
_EN_HEADING = r"^[IVX]{1,4}\.\s.*"
_REVIEW = re.compile(rf"回顾|回望|总结|{_EN_HEADING}\b[Rr]eview\b")
_PLAN = re.compile(
    r"总体要求|政策取向|工作任务|政府工作的建议|工作建议|总体部署|重点工作|主要目标|预期目标"
    rf"|{_EN_HEADING}\b(?:Plan for|Work Arrangements|Overall Requirements|Policy Directions"
    r"|Main targets|Major Tasks|Tasks for)\b",
    re.IGNORECASE,
)
_EN_PLAN = re.compile(r"(1[0-9])th Five-Year Plan", re.IGNORECASE)
_EN_PLAN_NAMES = {"11": "十一五", "12": "十二五", "13": "十三五", "14": "十四五", "15": "十五五"}
_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)\s?(?:年|년|\b)")
_SENTENCE_END = re.compile(r"[。！？!?]|[.]\s*$")


class Sections:
    """Section spans of one text, looked up by offset."""

    def __init__(self, spans: list[Section]) -> None:
        self.spans = sorted(spans, key=lambda s: s.start)
        self._starts = [s.start for s in self.spans]

    def at(self, offset: int) -> Section | None:
        """The innermost section holding `offset` (a paragraph rule over a heading one)."""
        i = bisect_right(self._starts, offset)
        best = None
        for s in reversed(self.spans[:i]):
            if s.start <= offset < s.end:
                if best is None or s.source == "paragraph":
                    best = s
                if s.source == "paragraph":
                    break
        return best

    def __len__(self) -> int:
        return len(self.spans)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if line.strip():
            out.append((pos, end))
        pos = end + 1
    return out


def _is_heading(line: str) -> bool:
    s = line.strip()
    # a numbered English heading runs longer ('II. Economic and Social Development in 2019:
    # Overall Requirements and Policy Directions')
    if not s or len(s) > (120 if re.match(r"[IVX]{1,4}\.\s", s) else 60):
        return False
    if _HEADING.match(s):
        return not _SENTENCE_END.search(s[:-1]) if len(s) > 1 else False
    return False


def _heading_section(line: str, ref_year: int) -> tuple[str, str, str] | None:
    """(period, period_kind, role) that a heading opens, or None."""
    review = bool(_REVIEW.search(line))
    plan = bool(_PLAN.search(line)) and not review
    plans = {m.group() for m in PLAN_PERIOD_RE.finditer(line)}
    plans |= {_EN_PLAN_NAMES.get(m.group(1), "") for m in _EN_PLAN.finditer(line)} - {""}
    if len(plans) > 1:
        # '“十三五”时期发展成就和“十四五”时期主要目标': two periods, neither certain
        return "", "", "none"
    if plans:
        period, kind = plan_period(plans.pop())
        return period, kind, ("review" if int(period[:4]) < ref_year else "plan")
    if not (review or plan):
        return None
    m = _YEAR.search(line)
    tw = TIME_WORD_RE.search(line)
    if m:
        return m.group(1), "point", "review" if review else "plan"
    if tw:
        period, kind = resolve(relative_years(tw.group()), ref_year)
        if period:
            return period, kind, "review" if review else "plan"
    if review:
        return str(ref_year - 1), "point", "review"
    return str(ref_year), "point", "plan"


_LEAD_YEAR = re.compile(r"\s*(?:刚刚过去的|刚过去的|过去的|在)?((?:19|20)\d\d)年(?:[，,是]|년)")


_EN_LEAD = re.compile(r"^\s*(?:Over|During|In|For)\s+(?=the past|last|this)", re.IGNORECASE)


def _lead_section(line: str, ref_year: int) -> tuple[str, str, str] | None:
    """A paragraph opening with a time word ('过去一年，…', '今年…', '지난해 …') or a
    year ('刚刚过去的2017年，…')."""
    p = PLAN_PERIOD_RE.search(line[:14])
    if p:  # '“十二五”时期，…', '2015年是“十二五”收官之年。过去五年，…'
        period, kind = plan_period(p.group())
        first = int(period[:4])
        return period, kind, ("review" if first < ref_year else "plan")
    line = _EN_LEAD.sub("", line, count=1)  # 'Over the past year, …' leads like '过去一年，…'
    multi = TIME_WORD_RE.search(line[:24])
    offs = relative_years(multi.group()) if multi else None
    if multi is not None and offs is not None and offs[0] != offs[1] and multi.start() < 16:
        period, kind = resolve(offs, ref_year)
        return period, kind, ("review" if offs[1] < 0 else "plan")
    y = _LEAD_YEAR.match(line)
    if y:
        year = int(y.group(1))
        return str(year), "point", ("review" if year < ref_year else "plan")
    m = TIME_WORD_RE.match(line.lstrip())
    if not m:
        return None
    offs = relative_years(m.group())
    if offs is None:
        return None
    period, kind = resolve(offs, ref_year)
    return period, kind, ("review" if offs[1] < 0 else "plan")


def section_periods(text: str, ref_year: int | None) -> Sections:
    """The sections of `text` (see the module doc); empty without a document year."""
    if not ref_year:
        return Sections([])
    paras = _paragraphs(text)
    spans: list[Section] = []
    open_: tuple[int, str, str, str] | None = None
    for a, b in paras:
        line = text[a:b]
        if _is_heading(line):
            got = _heading_section(line, ref_year)
            if got is not None:
                if open_ is not None:
                    spans.append(Section(open_[0], a, open_[1], open_[2], open_[3], "heading"))
                open_ = (a, *got) if got[2] != "none" else None
            continue
        lead = _lead_section(line, ref_year)
        if lead is not None:
            spans.append(Section(a, b, lead[0], lead[1], lead[2], "paragraph"))
    if open_ is not None:
        spans.append(Section(open_[0], len(text), open_[1], open_[2], open_[3], "heading"))
    return Sections(spans)

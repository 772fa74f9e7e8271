"""A figure's period when its sentence names none, and its standing (kind): actual,
target, forecast or other.

Period, when no date mention governs the figure (policyscope.extract.metrics.resolve_period):
  0. an as-of date closing its paragraph ('…(\'24.8. 기준)') dates the whole note;
  1. a multi-year time word before it in its sentence ('过去五年…', '五年来', 'the past
     five years') -> that range of years, read against the document year;
  2. the section of the document it stands in (policyscope.extract.periods): the reviewed
     year in a review, the document's year in a plan;
  3. else unknown ('' with period_unknown set on the Claim).

Kind, first rule that applies:
  - forecast words near it in its clause (预计, 전망, expected, projected) -> forecast;
  - a rank or a count ('세계 2위', '4가지 행동 계획') -> actual, unless set as a goal right
    before it ('力争…第一');
  - in a review section: '…的预期目标' / '目标' right after the figure -> target (the
    review restating last year's goal: '超过1000万人的预期目标'); else actual, whatever
    target words stand elsewhere in the sentence ('主要目标任务圆满完成');
  - target words in the clause or sentence (目标, 预期, 拟, 力争, 控制在, 목표, target...), or a
    deadline period ('到2030年', 'by 2030') -> target;
  - in a plan section: a period before the document's year -> actual; a paragraph that
    opens a target list ('今年发展主要预期目标是：…', 'The main targets … are as follows:')
    or a bullet under one -> target; plan words (拟, 要, 安排, 今年, will…) -> target; else
    other (a measure described, not a goal set);
  - elsewhere: a period that has ended before the document -> actual; else actual when the
    document has no sections (reports and articles state outcomes by default).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar, cast

from policyscope.extract.metrics import DocContext, cue_kind
from policyscope.extract.quantities import Quantity
from policyscope.lang.timewords import (
    PLAN_PERIOD_RE,
    TIME_WORD_RE,
    plan_period,
    relative_years,
    resolve,
)

__all__ = ["period_from_context", "standing"]

_T = TypeVar("_T")

_GOAL_AFTER = re.compile(r"^[^，,。；;]{0,12}?(?:的)?(?:预期|预定|计划)?目标")
_FORECAST_CLAUSE = re.compile(r"预计|预测|전망|예상|expected|projected|forecast", re.I)
_PLAN_CUE = re.compile(
    r"拟|要|将|力争|争取|确保|控制在|安排|目标|预期|推动|实现|完成|提高|增加|扩大|届时|今年(?!以来)"
    r"|계획|목표|할 것|"
    r"(?<![A-Za-z])(?:will|plan|target|aim)(?![A-Za-z])",
    re.IGNORECASE,
)


def _span_words(
    ctx: DocContext, sent: tuple[int, int]
) -> tuple[list[tuple[int, tuple[int, int]]], list[tuple[int, str]]]:
    """The multi-year time words and plan names of a sentence, found once per sentence
    (every figure of a long sentence asks: per-figure scans would be quadratic)."""
    key = ("span_words", sent)
    got = ctx.memo.get(key)
    if got is None:
        multi: list[tuple[int, tuple[int, int]]] = []
        for m in TIME_WORD_RE.finditer(ctx.text, sent[0], sent[1]):
            offs = relative_years(m.group())
            if offs is not None and offs[0] != offs[1]:
                multi.append((m.start(), offs))
        plans = [(m.start(), m.group()) for m in PLAN_PERIOD_RE.finditer(ctx.text, *sent)]
        got = ctx.memo[key] = (multi, plans)
    return cast(tuple[list[tuple[int, tuple[int, int]]], list[tuple[int, str]]], got)


def _multi_year_word(
    ctx: DocContext, q: Quantity, clause: tuple[int, int], sent: tuple[int, int]
) -> tuple[str, str]:
    """A multi-year time word before q in its sentence ('过去五年，…')."""
    multi, plans = _span_words(ctx, sent)
    first = next((offs for at, offs in multi if at < q.start), None)
    if first is not None:
        return resolve(first, ctx.ref_year)
    before = [name for at, name in plans if at < q.start]
    if before:
        return plan_period(before[-1])
    return "", ""


def _searched(ctx: DocContext, name: str, find: Callable[[str], _T], span: tuple[int, int]) -> _T:
    """`find(text of span)`, once per span and name (a long sentence holds many figures,
    and each asks the same question of it)."""
    key = (name, span)
    if key not in ctx.memo:
        ctx.memo[key] = find(ctx.text[span[0] : span[1]])
    return cast(_T, ctx.memo[key])


_CLOSING_TAIL = re.compile(r"^[\s)）\].。]*$")


def _closing_as_of(ctx: DocContext, q: Quantity) -> tuple[str, str] | None:
    """'… 4,469개 사 … 17개 사가 탄생('24.8. 기준)': an as-of date closing a paragraph (a
    note or a bullet) dates every undated figure of it."""
    text = ctx.text
    end = text.find("\n", q.end)
    end = len(text) if end < 0 else end
    for d in reversed(ctx.dates_in(q.end, end)):
        if d.kind == "as_of" and _CLOSING_TAIL.match(text[d.end : end]):
            return d.value, "as_of"
    return None


def period_from_context(
    ctx: DocContext, q: Quantity, clause: tuple[int, int], sent: tuple[int, int]
) -> tuple[str, str, str]:
    """(period, period_kind, section role) for a figure whose sentence dates nothing."""
    closing = _closing_as_of(ctx, q)
    if closing is not None:
        return closing[0], closing[1], ""
    if not ctx.ref_year:
        return "", "point", ""
    period, kind = _multi_year_word(ctx, q, clause, sent)
    sec = ctx.sections.at(q.start) if ctx.sections is not None else None
    role = sec.role if sec is not None else ""
    if period:
        return period, kind, role or "review"
    if sec is not None:
        return sec.period, sec.period_kind, sec.role
    return "", "point", ""


_KO_CLOSED = re.compile(
    r"(?:이고|하고|했고|되고|이며|하며|했으며|으며|지만|는데|으나|었고|았고)\s*$"
)
_TARGET_LIST = re.compile(
    r"(?:主要)?(?:预期)?目标(?:是|为)|目标任务是|목표는"
    r"|targets?\b[^.:;]{0,40}\b(?:are|is|as follows)",
    re.IGNORECASE,
)
_EN_FUTURE = re.compile(r"(?<![A-Za-z])(?:will|shall|plan to|aim to|is to|are to)(?![A-Za-z])")


_BULLET = re.compile(r"\s*(?:--|—|–|-|•|·)")
_TARGET_LEAD = re.compile(r"(?:目标|targets?|goals?|목표)[^\n]{0,80}[:：]\s*$", re.IGNORECASE)


def _under_target_lead(text: str, at: int) -> bool:
    """'The main targets for this year are as follows:' then '--increase the GDP by
    approximately 7%;': each bullet under a target lead is a target."""
    start = _para_start(text, at)
    if not _BULLET.match(text, start):
        # 'The following are the main targets …:' then 'Increase GDP by about 7.5%, …'
        prev = _para_start(text, start - 1) if start > 0 else start
        return start > 0 and bool(_TARGET_LEAD.search(text[prev : start - 1]))
    for _ in range(20):  # the bullets of one list, back to their lead line
        if start <= 0:
            return False
        prev = _para_start(text, start - 1)
        line = text[prev : start - 1]
        if not _BULLET.match(line):
            return bool(_TARGET_LEAD.search(line))
        start = prev
    return False


def _para_start(text: str, at: int) -> int:
    return text.rfind("\n", 0, at) + 1


def _ended_before(period: str, year: int | None) -> bool:
    if not period or not year:
        return False
    last = period.rsplit("/", maxsplit=1)[-1][:4]
    return last.isdigit() and int(last) < year


# '力争进入世界前三', 'aim to rank first': a rank or count set as a goal right before it
_GOAL_WORD = re.compile(r"力争|争取|목표로|(?<![A-Za-z])(?:aim to|target of)", re.IGNORECASE)


def standing(
    ctx: DocContext,
    q: Quantity,
    clause: tuple[int, int],
    wide: tuple[int, int],
    lang: str,
    *,
    period: str,
    period_kind: str,
    role: str,
    prev_end: int = 0,
    measure: str = "",
) -> str:
    """actual | target | forecast | other (see the module doc)."""
    text = ctx.text
    # the forecast words of a figure stand near it ('…300억 위안으로 예상하며'); a bounded
    # window keeps a paragraph of thousands of figures linear
    if _FORECAST_CLAUSE.search(text[max(clause[0], prev_end) : min(clause[1], q.end + 60)]):
        return "forecast"
    if measure in ("rank", "count"):
        # '4가지 행동 계획을 발표', '3단계로 나누어': how many plans or stages there are is a
        # fact, not a goal, unless the clause sets it as one
        return (
            "target" if _GOAL_WORD.search(text[max(clause[0], q.start - 6) : q.start]) else "actual"
        )
    if role == "review":
        if _GOAL_AFTER.search(text[q.end : clause[1]]):
            return "target"
        if not _searched(ctx, "future", _EN_FUTURE.search, clause):
            return "actual"
        # 'will be reduced by 13.5 percent' in a review states a goal: read the cue words
    if role == "plan" and _ended_before(period, ctx.ref_year):
        return "target" if _GOAL_AFTER.search(text[q.end : clause[1]]) else "actual"
    # a Korean clause closed by a connective ('…900억 위안이고, 내년에는 … 예상') does not
    # share the cue words of the rest of its sentence
    closed = lang == "ko" and _searched(ctx, "closed", _KO_CLOSED.search, clause)
    cue = _searched(ctx, "cue", cue_kind, clause) or (
        "" if closed else _searched(ctx, "cue", cue_kind, wide)
    )
    if cue:
        return cue
    if role == "plan" and (
        _TARGET_LIST.search(text[_para_start(text, q.start) : q.start][:80])
        or _under_target_lead(text, q.start)
    ):
        # '今年发展主要预期目标是：…。能耗强度下降3.1%以上，…': the whole paragraph lists targets
        return "target"
    if period_kind == "by_deadline":
        return "target"
    if role == "plan":
        if _ended_before(period, ctx.ref_year):
            return "actual"
        # '其中，中央财政赤字1.12万亿元，增加1700亿元' shares the plan words of its sentence
        plan_cue = _PLAN_CUE.search
        if _searched(ctx, "plan", plan_cue, clause) or _searched(ctx, "plan", plan_cue, wide):
            return "target"
        return "other"
    return "actual"


_TO = re.compile(r"(?:提高|增加|上升|下降|降低|扩大|增长|减少|缩小|缩减|跃升|升|降)?(?:到|至)\s*$")
_FROM = re.compile(r"(?:从|由)\s*$")
# '届时，我国经济总量超过90万亿元': the level at the end of the plan period
_BY_THEN = re.compile(r"届时|到那时|到时|by then|by that time", re.IGNORECASE)
_END_LEVEL = re.compile(
    r"(?:达到|达|跃上|突破|增加到|提高到|增至|升至|扩大到|to reach|reached)\s*$"
)


def transition(text: str, q: Quantity, clause: tuple[int, int]) -> str:
    """'from' | 'to' | '' for a figure in '从A提高到B' / '由A增加到B'."""
    before = text[max(clause[0], q.start - 6) : q.start]
    if _FROM.search(before):
        return "from"
    if _TO.search(before) and re.search(r"[从由]", text[clause[0] : q.start]):
        return "to"
    return ""


def settle_span(
    text: str,
    q: Quantity,
    clause: tuple[int, int],
    period: str,
    period_kind: str,
    measure: str,
    move: str,
    sent_start: int | None = None,
) -> tuple[str, str, str]:
    """(period, period_kind, measure) for figures over a range of years or in a
    from-to pair: the start of a '从A到B' is not dated by its sentence (abstain); its end,
    and a level reached ('达到'), stand at the last year of a range; any other level over a
    range is a total over it ('城镇新增就业6600万人以上' in a five-year review)."""
    if move == "from":
        return period, period_kind if period else "unknown", measure
    last = period.rsplit("/", maxsplit=1)[-1] if period_kind == "range" and "/" in period else ""
    if not last:
        return period, period_kind, measure
    by_then = _BY_THEN.search(text[clause[0] if sent_start is None else sent_start : q.start])
    if move == "to" or by_then or _END_LEVEL.search(text[max(clause[0], q.start - 6) : q.start]):
        return last, "point", measure
    if measure == "level" and q.base_unit not in ("percent", "percentage_point"):
        return period, period_kind, "cumulative"
    return period, period_kind, measure

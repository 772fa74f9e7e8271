"""What a number measures, and what standing it has, from the words right around it.

    measure_of(...) -> 'level' | 'growth_rate' | 'share' | 'increment' | 'cumulative' |
                       'average' | 'per_unit' | 'conversion' | 'rank' | 'count' | ''

Rules (first that applies):
- a bracketed conversion of another figure -> conversion; a rank or a count of kinds
  ('세계 2위', '4가지') -> rank / count (the quantity says so);
- a change against another figure right before it ('比上年增加8000亿元', '增加1.6万亿元',
  '提高1个百分点', '전년 대비 … 증가', 'an increase of') -> increment: never a level;
- '年均', '平均', '연평균', 'average' before it -> average;
- '亩产', '每亩', '人均', '1인당', 'per capita' naming it -> per_unit;
- a percentage: share words (占…比重, 比重, 贡献率, 비중, share) -> share; growth words
  (增长, 上涨, 下降, 증가, growth) -> growth_rate; else the metric's own measure;
- a total over a range of years ('过去五年…累计', a five-year review) -> cumulative;
- anything else -> level.
`reconcile` then files the figure under the metric its measure belongs to (a GDP growth
rate is gdp_growth, not gdp_size) and settles a percentage metric's own measure.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from policyscope.extract.quantities import Quantity

if TYPE_CHECKING:
    from policyscope.knowledge.schema import Metric

__all__ = ["measure_of", "reconcile", "PERCENT_UNITS"]

PERCENT_UNITS = frozenset({"percent", "percentage_point"})

_INCREMENT = re.compile(
    r"(?:比上年|比去年|较上年|同比|比\d{4}年|比年初预算|전년\s?대비|전년보다)?\s*"
    r"(?:再|又|共)?(?:增加|多|减少|少|提高|降低|下降|扩大|压减|增|减)"
    r"(?:了)?\s*$"
    r"|(?:an increase of|a decrease of|up|down|increased by|decreased by|more than last year by)"
    r"\s*$",
    re.IGNORECASE,
)
_KO_INCREMENT_AFTER = re.compile(r"\s*(?:이|가|을|를)?\s*(?:증가|늘어|늘었|감소|줄어|줄었|확대)")
_NOT_INCREMENT = re.compile(r"(?:增加|提高|扩大|增长|增)(?:到|至)\s*$|新增\s*$")
_AVERAGE = re.compile(r"年均|平均|연평균|평균|annual average|average(?:d)?|on average", re.I)
_PER_UNIT = re.compile(r"亩产|每亩|单产|人均|每人|1인당|per capita|per person|per mu", re.I)
_SHARE = re.compile(
    r"占[^，,。；;]{0,24}(?:比重|比例|份额)|比重|占比|份额|贡献率|비중|비율|차지|점유율"
    r"|(?<![A-Za-z])(?:share|proportion|percent of|% of|contribut\w+)(?![A-Za-z])",
    re.IGNORECASE,
)
_GROWTH = re.compile(
    r"增长|增速|上涨|涨幅|增幅|下降|降低|回落|上升|성장|증가|상승|하락|감소|늘어|늘었|늘린|늘려"
    r"|(?<![A-Za-z])(?:growth|grew|grow(?:s|ing)?|ris(?:e|es|ing)|rose|increase[sd]?|fell|"
    r"fall|declin\w+|up by|down by)(?![A-Za-z])",
    re.IGNORECASE,
)
_CUMULATIVE = re.compile(r"累计|累积|合计|总计|共计|五年来|过去五年|누적|in total|cumulative", re.I)


def measure_of(
    text: str,
    q: Quantity,
    clause: tuple[int, int],
    prev_end: int,
    *,
    metric_measure: str = "",
    period_kind: str = "",
) -> str:
    """The measure of figure q (see the module doc)."""
    if getattr(q, "conversion_of", None) is not None:
        return "conversion"
    own = getattr(q, "measure", "")
    if own in ("rank", "count", "conversion"):
        return own
    lo = max(clause[0], prev_end)
    before = text[max(lo, q.start - 14) : q.start]
    pct = q.base_unit in PERCENT_UNITS
    after = text[q.end : min(clause[1], q.end + 8)]
    # Chinese and English put the change verb before the amount ('增加1800亿元'), Korean
    # after it ('1,800억 위안 증가'); '증가한 3,600억' is the level reached
    changed = _INCREMENT.search(before) and not _NOT_INCREMENT.search(before)
    if changed or _KO_INCREMENT_AFTER.match(after):
        if not pct or q.base_unit == "percentage_point":
            return "increment"
    wide_before = text[lo : q.start]
    if _AVERAGE.search(wide_before[-16:]):
        # '年均增长7.1%' is a growth rate (over a range of years); '平均为5.2%' an average
        return "growth_rate" if pct and _GROWTH.search(wide_before[-8:]) else "average"
    if pct:
        near = text[lo : min(clause[1], q.end + 14)]
        if q.base_unit == "percentage_point":
            return "increment"
        if _SHARE.search(near):
            return "share"
        if _GROWTH.search(near):
            return "growth_rate"
        return metric_measure or "level"
    if _PER_UNIT.search(wide_before[-20:]):
        return "per_unit"
    if period_kind == "range" and _CUMULATIVE.search(text[clause[0] : q.start]):
        return "cumulative"
    return "level"


def reconcile(
    metric: str, measure: str, pack_metric: Metric | None, base_unit: str = ""
) -> tuple[str, str]:
    """(metric, measure) after filing the figure under the metric its measure belongs to.
    `pack_metric` is the pack's Metric for `metric` (None for an unassigned figure)."""
    if pack_metric is None:
        return metric, measure
    own = pack_metric.measure
    if measure in ("rank", "count") and own not in ("rank", "count"):
        # '세계 2위' next to the AI company count is China's rank, not a number of companies
        return "np:" + metric, measure
    if measure == "per_unit" and own != "per_unit":
        # '亩产提升10.1斤' next to grain output is a per-mu yield gain, not grain output
        return "np:" + metric, measure
    if measure in ("growth_rate", "average") and own == "level" and pack_metric.growth_metric:
        return pack_metric.growth_metric, measure
    if measure == "share" and own not in ("share", "level"):
        # '对世界经济增长贡献率超过30%' is a share of growth, not growth
        return "np:" + metric, measure
    if measure == "share" and pack_metric.unit_kind != "percent":
        # '教育经费支出占国内生产总值比例超过4%' is a share of GDP, not GDP
        return "np:" + metric, measure
    if base_unit == "percentage_point" and pack_metric.unit_kind != "percent":
        # '国内生产总值每增长1个百分点': points of a rate are not an amount of GDP
        return "np:" + metric, measure
    if pack_metric.unit_kind == "percent":
        # a rate metric's words already say what its percentage is ('赤字率3%' is the
        # ratio itself, '居民消费价格涨幅3%' a growth rate)
        if measure in ("", "level", "share", "growth_rate") and own in ("level", "share"):
            return metric, own
        if measure in ("", "level") and own == "growth_rate":
            return metric, own
    return metric, measure

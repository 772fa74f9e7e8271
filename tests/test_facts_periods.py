"""Periods, standing (kind) and measures of figures: time words, document structure, the
rules that keep increments, shares and conversions from being read as levels. The report
texts here are written for these tests in the style of a government work report."""

from __future__ import annotations

import pytest

from policyscope.extract.certainty import is_certain, uncertain_reason
from policyscope.extract.claims import extract_claims
from policyscope.extract.periods import section_periods
from policyscope.lang.timewords import plan_period, relative_years, resolve

# A small report: a review of 2023, then this year's targets and budget (our own words).
REPORT_2024 = "\n".join(
    [
        "各位代表：",
        "一、2023年工作回顾",
        "过去一年，经济回升。国内生产总值增长5.3%，城镇新增就业1250万人，"
        "城镇调查失业率平均为5.1%。居民消费价格上涨0.3%。",
        "服务业增加值比重由52.8%提高到54.6%，就业人数超过1250万人的预期目标。",
        "二、2024年经济社会发展总体要求和政策取向",
        "今年发展主要预期目标是：国内生产总值增长5%左右；城镇新增就业1200万人以上，"
        "城镇调查失业率5.5%以内；居民消费价格涨幅3%左右。单位国内生产总值能耗降低2%左右。",
        "赤字率拟按3%安排，赤字规模4万亿元、比上年增加2000亿元。"
        "拟安排地方政府专项债券3.8万亿元。其中，中央财政赤字3万亿元。",
        "安排超长期特别国债2000亿元支持设备更新。",
        "三、2024年政府工作任务",
        "教育经费支出占国内生产总值比例超过4%。",
    ]
)


def _by_value(claims):
    return {c.value: c for c in claims}


def _at(claims, text: str, needle: str, nth: int = 0):
    """The claim of the figure written at the nth occurrence of `needle` in `text`."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    return next(c for c in claims if c.start == at)


# ----------------------------------------------------------------- time words


def test_relative_years_and_plan_periods():
    assert relative_years("过去一年") == (-1, -1)
    assert relative_years("去年") == (-1, -1)
    assert relative_years("过去五年") == (-5, -1)
    assert relative_years("五年来") == (-5, -1)
    assert relative_years("지난 5년간") == (-5, -1)
    assert relative_years("the past five years") == (-5, -1)
    assert relative_years("今后五年") == (0, 4)
    assert relative_years("올해") == (0, 0)
    assert relative_years("last  year") == (-1, -1)
    assert relative_years("明天") is None
    assert resolve((-5, -1), 2018) == ("2013/2017", "range")
    assert resolve((-1, -1), 2025) == ("2024", "point")
    assert resolve(None, 2025) == ("", "")
    assert plan_period("十四五") == ("2021/2025", "range")
    assert plan_period("十三五") == ("2016/2020", "range")
    assert plan_period("五年") == ("", "")


# ----------------------------------------------------------------- sections


def test_sections_from_headings_and_paragraph_leads():
    s = section_periods(REPORT_2024, 2024)
    at = REPORT_2024.index("国内生产总值增长5.3%")
    assert (s.at(at).period, s.at(at).role) == ("2023", "review")
    at = REPORT_2024.index("国内生产总值增长5%左右")
    assert (s.at(at).period, s.at(at).role) == ("2024", "plan")
    assert s.at(0) is None  # the greeting stands before any section
    assert len(section_periods(REPORT_2024, None)) == 0  # no document year: no guesses


def test_five_year_review_plan_headings_and_english():
    text = "\n".join(
        [
            "一、过去五年工作回顾",
            "城镇新增就业6600万人以上。",
            "二、“十三五”时期主要目标任务",
            "三、“十三五”时期发展成就和“十四五”时期主要目标任务",
            "城镇调查失业率控制在5.5%以内。",
        ]
    )
    s = section_periods(text, 2018)
    assert s.at(text.index("6600")).period == "2013/2017"
    assert s.at(text.index("二、") + 3).period == "2016/2020"
    assert s.at(text.index("5.5%")) is None  # two plan periods: neither is certain
    en = "I. A Review of the Work in 2014\nGDP grew by 7.4%.\nII. The Plan for Work in 2015\nx"
    s = section_periods(en, 2015)
    assert (s.at(en.index("7.4")).period, s.at(en.index("7.4")).role) == ("2014", "review")
    assert s.at(en.index("x")).period == "2015"
    # a Korean analysis titled like a plan has no sections: its figures are not dated by it
    ko = "1. 2025년 중국의 산업정책 방향\n- 성장률 5%를 제시\n2. 향후 평가\n- 13% 성장"
    assert len(section_periods(ko, 2025)) == 0


def test_paragraph_leads_year_and_english_time_words():
    text = "刚刚过去的2017年，经济稳定。国内生产总值增长6.9%。\nOver the past year, GDP grew 6%."
    s = section_periods(text, 2018)
    assert s.at(text.index("6.9")).period == "2017"
    assert s.at(text.index("6%")).period == "2017"


# ----------------------------------------------------------------- claims in a report


@pytest.fixture(scope="module")
def claims():
    return extract_claims(REPORT_2024, lang="zh", doc_date="2024-03-05")


@pytest.fixture(scope="module")
def report(claims):
    return _by_value(claims)


def test_review_figures_are_last_years_outcomes(report, claims):
    g = report["5.3"]
    assert (g.metric, g.kind, g.measure, g.period) == (
        "gdp_growth",
        "actual",
        "growth_rate",
        "2023",
    )
    jobs = _at(claims, REPORT_2024, "1250万人")
    assert (jobs.metric, jobs.kind, jobs.measure, jobs.period) == (
        "urban_new_jobs",
        "actual",
        "level",
        "2023",
    )
    u = report["5.1"]
    assert (u.metric, u.measure, u.period) == ("urban_surveyed_unemployment", "average", "2023")
    assert all(is_certain(c) for c in (g, jobs, u, report["0.3"]))


def test_targets_of_the_year_with_qualifiers(claims):
    rows = {
        c.metric: (c.kind, c.measure, c.period, c.qualifier)
        for c in claims
        if c.kind == "target" and c.measure in ("growth_rate", "level") and c.period == "2024"
    }
    assert rows["gdp_growth"] == ("target", "growth_rate", "2024", "approx")
    assert rows["urban_new_jobs"] == ("target", "level", "2024", "lower_bound")
    assert rows["urban_surveyed_unemployment"] == ("target", "level", "2024", "upper_bound")
    assert rows["cpi_growth"] == ("target", "growth_rate", "2024", "approx")
    # the sentence after the target list still lists targets
    assert rows["energy_intensity_reduction"] == ("target", "growth_rate", "2024", "approx")
    assert rows["deficit_ratio"] == ("target", "level", "2024", "exact")
    assert rows["local_special_bonds"] == ("target", "level", "2024", "exact")


def test_a_review_restating_last_years_goal_is_a_target():
    cs = extract_claims(REPORT_2024, lang="zh", doc_date="2024-03-05")
    goal = [c for c in cs if c.value == "1250" and c.start > REPORT_2024.index("预期目标") - 20]
    assert [(c.kind, c.period) for c in goal] == [("target", "2023")]


def test_increment_is_never_a_level(report, claims):
    inc = _at(claims, REPORT_2024, "2000亿元")
    assert (inc.metric, inc.measure, inc.kind, inc.period) == (
        "deficit_amount",
        "increment",
        "target",
        "2024",
    )
    level = _at(claims, REPORT_2024, "4万亿元")
    assert (level.measure, level.metric) == ("level", "deficit_amount")


def test_from_to_parts_and_allocations_abstain(report, claims):
    # '由52.8%提高到54.6%' in a review of 2023: the start is the year before
    start = report["52.8"]
    assert (start.period, start.measure) == ("2022", "share")
    # outside a review the start has no date of its own: abstain
    t = "三、2024年政府工作任务\n研发投入强度由2.5%提高到2.7%。"
    first = extract_claims(t, lang="zh", doc_date="2024-03-05")[0]
    assert first.period == "" and uncertain_reason(first) == "period_unknown"
    end = report["54.6"]
    assert (end.metric, end.measure, end.period) == ("services_gdp_share", "share", "2023")
    # '其中，中央财政赤字3万亿元' is a part of the deficit, not the deficit
    part = _at(claims, REPORT_2024, "3万亿元")
    assert part.metric.startswith("np:") and not is_certain(part)
    # '安排超长期特别国债2000亿元支持设备更新' sets a part aside for a purpose
    alloc = _at(claims, REPORT_2024, "2000亿元", nth=1)
    assert alloc.metric.startswith("np:") and not is_certain(alloc)
    # a share of GDP is not GDP
    edu = _at(claims, REPORT_2024, "超过4%")
    assert edu.measure == "share" and edu.metric != "gdp_size" and not is_certain(edu)


def test_comparison_base_year_does_not_date_the_figure():
    t = "二、2015年工作总体部署\n今年拟安排财政赤字1.6万亿元，比去年增加2700亿元。"
    by = _by_value(extract_claims(t, lang="zh", doc_date="2015-03-05"))
    assert (by["2700"].period, by["2700"].measure) == ("2015", "increment")
    assert (by["1.6"].period, by["1.6"].kind) == ("2015", "target")


def test_five_year_review_totals_and_averages():
    t = (
        "一、过去五年工作回顾\n"
        "国内生产总值年均增长7.1%。城镇新增就业6600万人以上。粮食产量达到1.2万亿斤。"
    )
    by = _by_value(extract_claims(t, lang="zh", doc_date="2018-03-05"))
    assert (by["7.1"].metric, by["7.1"].measure, by["7.1"].period) == (
        "gdp_growth",
        "growth_rate",
        "2013/2017",
    )
    assert (by["6600"].measure, by["6600"].period) == ("cumulative", "2013/2017")
    # a level reached ('达到') stands at the end of the range
    assert (by["1.2"].measure, by["1.2"].period) == ("level", "2017")


def test_growth_of_a_size_is_filed_under_its_growth_metric():
    t = "一、2014年工作回顾\n国内生产总值达到63万亿元，比上年增长7.4%。"
    by = _by_value(extract_claims(t, lang="zh", doc_date="2015-03-05"))
    assert (by["63"].metric, by["63"].measure) == ("gdp_size", "level")
    assert (by["7.4"].metric, by["7.4"].measure, by["7.4"].period) == (
        "gdp_growth",
        "growth_rate",
        "2014",
    )


def test_registered_and_surveyed_unemployment_are_two_metrics():
    t = (
        "二、2019年经济社会发展总体要求\n"
        "今年发展主要预期目标是：城镇调查失业率5.5%左右，城镇登记失业率4.5%以内。"
    )
    got = {c.value: c.metric for c in extract_claims(t, lang="zh", doc_date="2019-03-05")}
    assert got == {"5.5": "urban_surveyed_unemployment", "4.5": "urban_registered_unemployment"}


def test_consumption_contribution_is_not_gdp_growth():
    t = "一、2014年工作回顾\n消费对经济增长的贡献率达到51.2%。"
    (c,) = extract_claims(t, lang="zh", doc_date="2015-03-05")
    assert (c.metric, c.measure) == ("consumption_contribution", "share")


def test_korean_level_after_a_growth_participle_and_closing_as_of_note():
    by = _by_value(extract_claims("과학기술 예산은 전년 대비 8% 증가한 3,600억 위안이다."))
    assert by["8"].measure == "growth_rate" and by["3,600억"].measure == "level"
    t = "- ※ 통계에 따르면 AI 기업은 4,000개 사가 있음. 이용자 수는 2억 명에 달함('24.8. 기준)"
    got = {c.value: c.period for c in extract_claims(t, doc_date="2025")}
    assert got["4,000"] == "2024-08" and got["2억"] == "2024-08"


def test_definitional_thresholds_and_names_are_not_figures():
    assert extract_claims("매출 증가율이 연 20% 이상인 기업을 가젤 기업이라 한다.") == []
    assert extract_claims("EU(27개국)와 미국을 앞섰다.", doc_date="2025") == []


def test_english_review_and_target_list():
    t = "\n".join(
        [
            "I. A Review of the Work in 2014",
            "China's GDP reached 63.6 trillion yuan, an increase of 7.4% over the previous year.",
            "II. The Plan for Work in 2015",
            "The main targets for this year are as follows:",
            "--increase the GDP by approximately 7%;",
            "--keep the increase in the CPI at around 3%;",
        ]
    )
    by = _by_value(extract_claims(t, lang="en", doc_date="2015-03-05"))
    assert (by["63.6"].metric, by["63.6"].kind, by["63.6"].period) == ("gdp_size", "actual", "2014")
    assert (by["7"].metric, by["7"].kind, by["7"].period) == ("gdp_growth", "target", "2015")
    assert (by["3"].metric, by["3"].kind) == ("cpi_growth", "target")


def test_an_amount_issued_is_named_by_the_noun_after_it():
    t = "二、2020年经济社会发展总体要求\n今年赤字率拟按3.6%以上安排，同时发行1万亿元抗疫特别国债。"
    by = _by_value(extract_claims(t, lang="zh", doc_date="2020-05-22"))
    assert (by["1"].metric, by["1"].kind, by["1"].period) == (
        "special_treasury_bonds",
        "target",
        "2020",
    )
    # without a verb of issuing, a metric word after a Chinese figure names something else
    t = "一、2017年工作回顾\n居民收入年均增长7.4%、超过经济增长。"
    (c,) = extract_claims(t, lang="zh", doc_date="2018-03-05")
    assert c.metric.startswith("np:")

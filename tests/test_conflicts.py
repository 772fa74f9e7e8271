"""Conflicts on hand-built claims (quotes written for these tests)."""

from __future__ import annotations

from policyscope.analysis.conflicts import (
    SEVERITY,
    Conflict,
    find_conflicts,
    rounding_step,
)
from policyscope.model import Claim

_pos = iter(range(0, 100_000, 50))


def claim(
    metric: str,
    value: str,
    unit: str,
    base: float,
    base_unit: str,
    period: str,
    kind: str = "actual",
    qualifier: str = "exact",
    doc: int | None = 1,
    subject: str = "china",
    metric_text: str = "",
    quote: str | None = None,
    value_high: float | None = None,
    measure: str = "",
) -> Claim:
    start = next(_pos)
    # 'growth_rate' as a kind is shorthand here for an actual growth rate
    measure = measure or ("growth_rate" if kind == "growth_rate" else "level")
    kind = "actual" if kind == "growth_rate" else kind
    q = quote if quote is not None else f"{metric_text} {value}{unit}".strip()
    at = q.find(value)
    return Claim(
        metric=metric,
        subject=subject,
        value=value,
        unit=unit,
        value_base=base,
        base_unit=base_unit,
        kind=kind,
        period=period,
        qualifier=qualifier,
        quote=q,
        start=start + max(at, 0),
        end=start + max(at, 0) + len(value),
        quote_start=start,
        quote_end=start + len(q),
        value_high=value_high,
        metric_text=metric_text,
        doc_id=doc,
        measure=measure,
    )


def only(conflicts: list[Conflict]) -> Conflict:
    assert len(conflicts) == 1, conflicts
    return conflicts[0]


def test_rounding_step_reads_written_precision():
    assert rounding_step(claim("m", "16.4", "%", 16.4, "percent", "2023")) == 0.1
    assert rounding_step(claim("m", "16", "%", 16.0, "percent", "2023")) == 1.0
    assert rounding_step(claim("m", "5,784억", "위안", 578.4e9, "CNY", "2023")) == 1e8
    assert rounding_step(claim("m", "53조 9,281억", "위안", 53.9281e12, "CNY", "2023")) == 1e8
    # zh: the scale is written with the unit; the step follows value_base
    assert rounding_step(claim("m", "3981", "亿元", 398.1e9, "CNY", "2025")) == 1e8
    assert rounding_step(claim("m", "一千", "亿元", 1e11, "CNY", "2025")) == 0.0


def test_rounding_and_bounds_are_not_conflicts():
    claims = [
        claim("ai_company_world_share", "16", "%", 16.0, "percent", "2023-06", qualifier="approx"),
        claim("ai_company_world_share", "16.4", "%", 16.4, "percent", "2023-06", doc=2),
        # within 1%
        claim("gdp_size", "134.9조", "위안", 134.9e12, "CNY", "2024"),
        claim("gdp_size", "135조", "위안", 135e12, "CNY", "2024", doc=2),
        # '300개 이상' agrees with 320
        claim("ai_model_count", "300", "개", 300.0, "count", "2024-04", qualifier="lower_bound"),
        claim("ai_model_count", "320", "개", 320.0, "count", "2024-04", doc=2),
        # a range contains the other figure
        claim(
            "gdp_growth",
            "5",
            "%",
            5.0,
            "percent",
            "2025",
            kind="target",
            qualifier="range",
            value_high=5.5,
        ),
        claim("gdp_growth", "5.3", "%", 5.3, "percent", "2025", kind="target", doc=2),
    ]
    assert find_conflicts(claims) == []


def test_targets_are_not_compared_with_actuals():
    claims = [
        claim("gdp_growth", "5", "%", 5.0, "percent", "2023", kind="target"),
        claim("gdp_growth", "5.2", "%", 5.2, "percent", "2023", kind="actual"),
    ]
    assert find_conflicts(claims) == []


def test_seed_company_counts_that_fall_between_close_dates_disagree():
    a = claim(
        "ai_company_count",
        "5,734",
        "개 사",
        5734.0,
        "count",
        "2023-06",
        qualifier="lower_bound",
        metric_text="AI 기업 수",
    )
    b = claim(
        "ai_company_count", "4,469", "개 사", 4469.0, "count", "2024-08", metric_text="AI 관련 기업"
    )
    c = only(find_conflicts([b, a]))
    assert c.classification == "cross_source"
    assert (c.a_value, c.b_value) == ("5,734", "4,469")  # earlier period first
    assert c.ratio == round(5734 / 4469, 6)
    assert "down 22%" in c.explanation and "count differently" in c.explanation
    # a flow is not a stock: new jobs may fall from one year to the next
    assert find_conflicts([b, a], stocks=frozenset({"ai_model_count"})) == []
    # a count that grows is a change over time, not a conflict
    up = claim("ai_company_count", "6,000", "개 사", 6000.0, "count", "2024-08", doc=2)
    assert find_conflicts([a, up]) == []


def test_undated_figures_are_never_compared():
    a = claim("ai_company_count", "5,734", "개 사", 5734.0, "count", "2023-06")
    b = claim("ai_company_count", "4,469", "개 사", 4469.0, "count", "", doc=2)
    assert find_conflicts([a, b]) == []
    x = claim("stem_graduates", "357만", "명", 3.57e6, "people", "")
    y = claim("stem_graduates", "300만", "명", 3.0e6, "people", "")
    assert find_conflicts([x, y]) == []


def test_measures_and_periods_keep_figures_apart():
    # a year's figure and a five-year figure end together but are different periods
    y = claim("energy_intensity_reduction", "5.6", "%", 5.6, "percent", "2015", kind="growth_rate")
    five = claim(
        "energy_intensity_reduction", "18.2", "%", 18.2, "percent", "2011/2015", kind="growth_rate"
    )
    assert find_conflicts([y, five]) == []
    # an increment is not a level; an average answers a level
    lvl = claim("deficit_amount", "2.38", "万亿元", 2.38e12, "CNY", "2017", kind="target")
    inc = claim(
        "deficit_amount", "2000", "亿元", 2e11, "CNY", "2017", kind="target", measure="increment"
    )
    assert find_conflicts([lvl, inc]) == []
    avg = claim(
        "urban_surveyed_unemployment", "5.2", "%", 5.2, "percent", "2023", measure="average", doc=2
    )
    lv = claim("urban_surveyed_unemployment", "5.1", "%", 5.1, "percent", "2023")
    assert only(find_conflicts([lv, avg])).classification == "cross_source"
    # conversions never conflict
    conv = claim(
        "urban_surveyed_unemployment", "9", "%", 9.0, "percent", "2023", measure="conversion", doc=3
    )
    assert find_conflicts([lv, conv]) == []


def test_transcription_error_transposition_and_one_digit():
    a = claim("ai_company_count", "5,734", "개", 5734.0, "count", "2023-06")
    b = claim("ai_company_count", "5,743", "개", 5743.0, "count", "2023-06", doc=2)
    # within 1%, but two exact counts of one period: a copying error
    c = only(find_conflicts([a, b]))
    assert c.classification == "transcription_error"
    assert "swapped" in c.explanation
    # across periods a 0.2% move is just a change, and below the threshold
    b = claim("ai_company_count", "5,743", "개", 5743.0, "count", "2024-06", doc=2)
    assert find_conflicts([a, b]) == []
    # '약 5,700' is compatible with 5,734 by rounding, even far beyond 1%: '약 5,000'
    r = claim("ai_company_count", "5,700", "개", 5700.0, "count", "2023-06", qualifier="approx")
    assert find_conflicts([a, r]) == []
    r = claim("ai_company_count", "5,000", "개", 5000.0, "count", "2023-06", qualifier="approx")
    assert find_conflicts([a, r]) == []
    r = claim("ai_company_count", "5,000", "개", 5000.0, "count", "2023-06")
    assert only(find_conflicts([a, r])).classification == "within_document"
    a = claim("ai_core_industry_size", "5,784억", "위안", 578.4e9, "CNY", "2023")
    b = claim("ai_core_industry_size", "5,874억", "위안", 587.4e9, "CNY", "2023", doc=2)
    c = only(find_conflicts([a, b]))
    assert c.classification == "transcription_error"
    assert "swapped" in c.explanation
    # figures of different periods are never compared, near digits or not
    b = claim("ai_core_industry_size", "5,874억", "위안", 587.4e9, "CNY", "2024", doc=2)
    assert find_conflicts([a, b]) == []
    # one digit different, same period
    d = claim("urban_new_jobs", "1,244만", "개", 12.44e6, "count", "2023")
    e = claim("urban_new_jobs", "1,284만", "개", 12.84e6, "count", "2023", doc=2)
    assert only(find_conflicts([d, e])).classification == "transcription_error"
    # one digit different across periods is a change over time
    f = claim("urban_new_jobs", "1,284만", "개", 12.84e6, "count", "2024", doc=2)
    assert find_conflicts([d, f]) == []
    # different scale words: compared on significant digits (5,784억 vs 5.874e11 written in 조)
    g = claim("ai_core_industry_size", "0.5874조", "위안", 587.4e9, "CNY", "2023", doc=3)
    assert only(find_conflicts([a, g])).classification == "transcription_error"


def test_same_period_conflict():
    a = claim("urban_surveyed_unemployment", "5.1", "%", 5.1, "percent", "2023")
    b = claim("urban_surveyed_unemployment", "5.2", "%", 5.2, "percent", "2023", doc=2)
    c = only(find_conflicts([a, b]))
    assert c.classification == "cross_source"
    assert c.a_doc_id == 1 and c.b_doc_id == 2
    assert "same period" in c.explanation
    # a later member of the same series restating the figure is a revision
    docs = {1: ("2024-03-05", "cn-gwr"), 2: ("2025-03-05", "cn-gwr")}
    c = only(find_conflicts([b, a], docs=docs))
    assert c.classification == "revision" and (c.a_doc_id, c.b_doc_id) == (1, 2)
    docs = {1: ("2024-03-05", "cn-gwr"), 2: ("2025-03-05", None)}
    assert only(find_conflicts([a, b], docs=docs)).classification == "cross_source"
    # a one-digit change by a later member is a revision (statistics revised after a census)
    docs = {1: ("2014-03-05", "cn-gwr"), 2: ("2015-03-05", "cn-gwr")}
    x = claim("services_gdp_share", "46.1", "%", 46.1, "percent", "2013", measure="share")
    y = claim("services_gdp_share", "46.9", "%", 46.9, "percent", "2013", measure="share", doc=2)
    c = only(find_conflicts([y, x], docs=docs))
    assert (c.classification, c.a_value, c.b_value) == ("revision", "46.1", "46.9")
    assert only(find_conflicts([x, y])).classification == "transcription_error"


def test_label_mismatch_across_related_metric_ids():
    a = claim(
        "science_tech_budget",
        "3,981억",
        "위안",
        398.1e9,
        "CNY",
        "2025",
        kind="target",
        metric_text="과학기술 예산",
    )
    b = claim(
        "rd_budget",
        "3981",
        "亿元",
        398.1e9,
        "CNY",
        "2025",
        kind="target",
        doc=2,
        metric_text="国家研发预算",
    )
    c = only(find_conflicts([a, b]))
    assert c.classification == "label_mismatch"
    assert c.metric == "science_tech_budget|rd_budget"
    assert c.ratio == 1.0
    assert "science_tech_budget" in c.explanation and "rd_budget" in c.explanation
    # unrelated metrics with the same value are not compared
    d = claim("trade_in_subsidy", "3,981억", "위안", 398.1e9, "CNY", "2025", kind="target")
    assert [x.classification for x in find_conflicts([a, d])] == []


def test_label_mismatch_same_metric_different_scope_words():
    # both mapped to science_tech_budget by the pack; the words name different scopes
    a = claim(
        "science_tech_budget",
        "3,981억",
        "위안",
        398.1e9,
        "CNY",
        "2025",
        kind="target",
        quote="정부 과학기술 예산은 10% 증가한 3,981억 위안",
    )
    b = claim(
        "science_tech_budget",
        "3,981억",
        "위안",
        398.1e9,
        "CNY",
        "2025",
        kind="target",
        doc=2,
        quote="국가 R&D 예산을 10% 늘어난 3,981억 위안으로",
    )
    c = only(find_conflicts([a, b]))
    assert c.classification == "label_mismatch"
    assert "S&T" in c.explanation and "R&D" in c.explanation
    # same wording -> nothing to report
    b2 = claim(
        "science_tech_budget",
        "3,981억",
        "위안",
        398.1e9,
        "CNY",
        "2025",
        kind="target",
        doc=2,
        quote="과학기술 예산 3,981억 위안",
    )
    assert find_conflicts([a, b2]) == []


def test_restatements_collapse_and_severity_order():
    claims = [
        # restated twice in doc 1, conflicting with doc 2: one conflict, not two
        claim("urban_surveyed_unemployment", "5.1", "%", 5.1, "percent", "2023"),
        claim("urban_surveyed_unemployment", "5.1", "%", 5.1, "percent", "2023"),
        claim("urban_surveyed_unemployment", "5.2", "%", 5.2, "percent", "2023", doc=2),
        # a change over time (low severity)
        claim("ai_model_count", "300", "개", 300.0, "count", "2024-04"),
        claim("ai_model_count", "500", "개", 500.0, "count", "2024-10", doc=2),
        # a label mismatch
        claim("science_tech_budget", "3,981억", "위안", 398.1e9, "CNY", "2025", kind="target"),
        claim("rd_budget", "3,981억", "위안", 398.1e9, "CNY", "2025", kind="target", doc=2),
    ]
    out = find_conflicts(claims)
    # the change over time is not reported at all
    assert [c.classification for c in out] == ["cross_source", "label_mismatch"]
    ranks = [SEVERITY[c.classification] for c in out]
    assert ranks == sorted(ranks)
    assert out[0].to_dict()["b_value"] == "5.2"


def test_subjects_and_units_separate_groups():
    claims = [
        claim(
            "humanoid_robot_market_size",
            "56",
            "%",
            56.0,
            "percent",
            "2024-2030",
            kind="growth_rate",
            subject="world",
        ),
        claim(
            "humanoid_robot_market_size",
            "61",
            "%",
            61.0,
            "percent",
            "2024-2030",
            kind="growth_rate",
            subject="china",
        ),
        claim("ai_core_industry_size", "13", "%", 13.0, "percent", "2023", kind="growth_rate"),
        claim("ai_core_industry_size", "5,784억", "위안", 578.4e9, "CNY", "2023"),
    ]
    assert find_conflicts(claims) == []


def test_staged_targets_are_not_conflicts_but_revisions_are():
    claims = [
        claim("ai_core_industry_size", "1,500억", "위안", 150e9, "CNY", "2020", kind="target"),
        claim("ai_core_industry_size", "4,000억", "위안", 400e9, "CNY", "2025", kind="target"),
        claim("ai_core_industry_size", "1조", "위안", 1e12, "CNY", "2030", kind="target"),
    ]
    assert find_conflicts(claims) == []
    revised = claim(
        "ai_core_industry_size", "5,000억", "위안", 500e9, "CNY", "2025", kind="target", doc=2
    )
    c = only(find_conflicts([*claims, revised]))
    assert c.classification == "cross_source" and c.b_value == "5,000억"


def test_seed_budget_label_mismatch_across_kinds():
    # seed 000: 'S&T budget' approved (actual, dated); seed 004: 'national R&D budget'
    # set for the year (target, undated): the same 3,981억
    a = claim(
        "science_tech_budget",
        "3,981억",
        "위안",
        398.1e9,
        "CNY",
        "2025",
        kind="actual",
        metric_text="과학기술 예산",
    )
    b = claim(
        "science_tech_budget",
        "3,981억",
        "위안",
        398.1e9,
        "CNY",
        "2025",
        kind="target",
        doc=2,
        metric_text="국가 R&D 예산",
    )
    c = only(find_conflicts([a, b]))
    assert c.classification == "label_mismatch"
    assert (c.a_doc_id, c.b_doc_id) == (1, 2)
    assert "'과학기술 예산' (S&T)" in c.explanation and "'국가 R&D 예산' (R&D)" in c.explanation
    # a different value in another year is not a label question
    d = claim("rd_budget", "3,708억", "위안", 370.8e9, "CNY", "2024", kind="actual", doc=2)
    assert find_conflicts([a, d]) == []


def test_unlinked_metrics_are_skipped_by_default():
    a = claim("np:가지", "3", "가지", 3.0, "count", "2024")
    b = claim("np:가지", "7", "가지", 7.0, "count", "2024")
    assert find_conflicts([a, b]) == []
    assert only(find_conflicts([a, b], include_unlinked=True)).classification == "within_document"

"""Claims from running text: metric, subject, kind, period, conversions, quote spans.

Sentences here are written for the tests (no report text is copied)."""

from __future__ import annotations

import pytest

from policyscope.extract.certainty import is_certain
from policyscope.extract.claims import extract_claims
from policyscope.extract.events import extract_events
from policyscope.extract.metrics import DocContext
from policyscope.extract.reading import doc_paragraphs, span_lang
from policyscope.extract.runtime import facts_of
from policyscope.knowledge.runtime import pack_for
from policyscope.text.normalize import normalize


def _one(text: str, value: str, **kw):
    cs = [c for c in extract_claims(text, **kw) if c.value == value]
    assert len(cs) == 1, [(c.value, c.metric) for c in extract_claims(text, **kw)]
    return cs[0]


def _spans_ok(text: str, claims) -> None:
    for c in claims:
        assert text[c.quote_start : c.quote_end] == c.quote
        assert c.quote_start <= c.start < c.end <= c.quote_end
        assert c.doc_id is None and c.id is None


# ----------------------------------------------------------------- metric


def test_korean_metric_from_trigger_and_period_as_of():
    t = "정부 통계로는 중국 AI 핵심 산업 규모가 '24년 말 기준 6,000억 위안에 이르렀다."
    c = _one(t, "6,000억")
    assert c.metric == "ai_core_industry_size"
    assert c.metric_text == "AI 핵심 산업 규모"
    assert c.subject == "china"
    assert (c.period, c.period_kind) == ("2024", "as_of")
    assert c.kind == "actual"
    assert c.unit == "위안" and c.base_unit == "CNY" and c.value_base == 6e11
    _spans_ok(t, [c])


def test_conversion_is_linked_to_its_figure_never_a_claim_of_its_own():
    t = "AI 핵심 산업 규모는 7,000억 위안(약 130조 원)으로 추산된다."
    cs = extract_claims(t)
    assert [c.value for c in cs] == ["7,000억", "130조"]
    main, conv = cs
    assert conv.measure == "conversion" and conv.conversion_of == main.start
    assert (conv.metric, conv.period, conv.kind) == (main.metric, main.period, main.kind)
    assert conv.base_unit == "KRW" and conv.value_base == 130e12
    assert is_certain(main) is False or main.metric == "ai_core_industry_size"
    assert not is_certain(conv)  # a conversion never reaches a ledger or a conflict


def test_duration_is_not_a_claim():
    t = "향후 5년간 R&D 투자에 2,000억 위안을 쓴다고 발표했다."
    assert [c.value for c in extract_claims(t)] == ["2,000억"]


def test_noun_phrase_fallback_korean():
    t = "올해 지역 스타트업 보조금은 120억 원이다."
    c = _one(t, "120억", doc_date="2025")
    assert c.metric.startswith("np:")
    assert "보조금" in c.metric
    assert c.period == "2025"


def test_noun_phrase_fallback_chinese_and_english():
    c = _one("全年算力中心投资达到800亿元。", "800")
    assert c.metric == "np:算力中心投资"
    c = _one("The number of robot makers reached 450 companies in 2024.", "450")
    assert c.metric.startswith("np:") and "robot makers" in c.metric
    assert c.period == "2024"


def test_chinese_trigger_before_figure_and_target_list():
    t = (
        "明年主要预期目标是：国内生产总值增长5%左右；城镇新增就业1200万人以上；"
        "居民消费价格涨幅2%左右。"
    )
    cs = extract_claims(t, doc_date="2025")
    got = {c.metric: c for c in cs}
    assert got["gdp_growth"].kind == "target"
    assert got["gdp_growth"].qualifier == "approx"
    assert got["gdp_growth"].period == "2026"
    assert got["urban_new_jobs"].value_base == 12e6
    assert got["urban_new_jobs"].qualifier == "lower_bound"
    assert got["urban_new_jobs"].kind == "target"
    assert got["cpi_growth"].kind == "target"
    _spans_ok(t, cs)


def test_part_of_prefers_metric_after_figure():
    t = "특별 국채 발행액 중 2,000억 위안 규모로 이구환신을 지원한다."
    c = _one(t, "2,000억")
    assert c.metric == "trade_in_subsidy"


def test_unit_kind_filters_triggers():
    # a percentage next to the company-count trigger is the world share, not the count
    t = "AI 기업 수는 6,000개 사로 전 세계 AI 기업의 약 20%를 차지한다."
    cs = extract_claims(t)
    by = {c.value: c for c in cs}
    assert by["6,000"].metric == "ai_company_count"
    assert by["20"].metric == "ai_company_world_share"
    assert (by["20"].kind, by["20"].measure) == ("actual", "share")
    assert by["20"].qualifier == "approx"


# ----------------------------------------------------------------- subject


def test_subject_city_before_metric():
    c = _one("'24년 선전시 AI 산업 규모 : 3,500억 위안", "3,500억")
    assert c.subject == "shenzhen"
    assert c.metric == "regional_ai_industry_size"
    assert c.period == "2024"


def test_subject_company_topic_with_person():
    t = (
        "알리바바 클라우드의 장젠펑 회장은 중국의 클라우드 시장을 언급하며 "
        "AI에 500억 위안을 투자한다고 발표했다."
    )
    c = _one(t, "500억")
    assert c.subject in ("alibaba_cloud", "alibaba")
    assert c.kind == "target"


def test_subject_skips_source_and_default():
    t = "중국 정보통신연구원에 따르면 AI 관련 기업은 4,000개 사에 이른다."
    c = _one(t, "4,000", default_subject="prc")
    assert c.subject == "prc"
    assert c.metric == "ai_company_count"


def test_subject_world_scope():
    t = "휴머노이드 로봇의 글로벌 시장 규모는 2035년 300억 달러에 이를 것으로 보인다."
    c = _one(t, "300억")
    assert c.subject == "world"
    assert c.kind == "forecast"
    assert c.period == "2035"
    assert c.base_unit == "USD"


# ----------------------------------------------------------------- kind


@pytest.mark.parametrize(
    ("text", "value", "kind", "measure"),
    [
        ("중국의 R&D 투자는 2030년까지 1조 위안 달성이 목표다.", "1조", "target", "level"),
        ("AI 핵심 산업 규모는 2027년 9,000억 위안으로 전망된다.", "9,000억", "forecast", "level"),
        ("AI 핵심 산업 규모는 전년 대비 15% 증가했다.", "15", "actual", "growth_rate"),
        ("디지털 경제가 GDP에서 차지하는 비율은 40%다.", "40", "actual", "share"),
        ("预计到2030年人工智能核心产业规模达到1万亿元。", "1", "forecast", "level"),
        ("China's AI companies numbered 4,000 companies in 2023.", "4,000", "actual", "level"),
        ("The target is GDP growth of around 5 percent in 2025.", "5", "target", "growth_rate"),
    ],
)
def test_kinds(text, value, kind, measure):
    c = _one(text, value)
    assert (c.kind, c.measure) == (kind, measure)


def test_korean_closed_clause_keeps_actual():
    t = "최근 3년간 R&D 투자규모는 약 900억 위안이고, 내년에는 400억 위안으로 예상된다."
    by = {c.value: c for c in extract_claims(t, doc_date="2025")}
    assert by["900억"].kind == "actual"
    assert by["900억"].qualifier == "approx"
    assert by["400억"].kind == "forecast"
    assert by["400억"].period == "2026"


def test_deadline_period_makes_a_target():
    c = _one("이 센터는 '28년까지 생산액 2조 위안 이상을 만든다.", "2조")
    assert (c.period, c.period_kind) == ("2028", "by_deadline")
    assert c.kind == "target"
    assert c.qualifier == "lower_bound"


def test_growth_of_a_currency_metric():
    t = "중국 정부의 과학기술 예산은 전년 대비 8% 증가한 3,600억 위안이다."
    by = {c.value: c for c in extract_claims(t)}
    assert by["8"].metric == "science_tech_budget" and by["8"].measure == "growth_rate"
    assert by["8"].kind == "actual" and by["3,600억"].measure == "level"
    assert by["3,600억"].metric == "science_tech_budget"


def test_change_against_last_year_is_not_the_level():
    t = "拟发行超长期特别国债1.5万亿元、比上年增加2000亿元。"
    cs = extract_claims(t, doc_date="2026")
    assert cs[0].metric == "ultra_long_special_treasury_bonds"
    assert (cs[0].measure, cs[0].kind, cs[0].period) == ("level", "target", "2026")
    # the increment keeps the metric but is never read as a level
    assert cs[1].metric == "ultra_long_special_treasury_bonds"
    assert (cs[1].measure, cs[1].value_base) == ("increment", 2e11)


def test_enumerated_figures_share_metric():
    t = "装备制造业增加值和高技术制造业增加值分别增长7.1%、8.2%。"
    cs = extract_claims(t)
    assert len(cs) == 2
    assert cs[0].metric == cs[1].metric


def test_range_qualifier_and_period():
    c = _one("The deficit ratio is set at 3-4% for 2025-2027.", "3-4")
    assert c.qualifier == "range" and c.value_high == 4.0
    assert c.metric == "deficit_ratio"


def test_quote_spans_exact_multiline():
    t = (
        "첫 문장입니다.\n\n- 중국의 STEM 졸업생 수는 '21년 400만 명이다.\n"
        "※ 참고: 세계 최상급 AI 연구자 비중은 50%."
    )
    cs = extract_claims(t)
    assert len(cs) == 2
    _spans_ok(t, cs)
    assert cs[0].metric == "stem_graduates" and cs[0].period == "2021"


def test_lang_hint_and_empty():
    assert extract_claims("") == []
    assert extract_claims("숫자가 없는 문장이다.", lang="ko") == []


# ----------------------------------------------------------------- seeds (run-time read)


def _seed(shared_dir, name):
    return normalize((shared_dir / "seeds" / name).read_text(encoding="utf-8")).text


def test_seed000_company_counts(shared_dir):
    t = _seed(shared_dir, "000_59329f84dd77c02e.txt")
    cs = extract_claims(t, doc_date="2025")
    _spans_ok(t, cs)
    counts = {c.value_base: c for c in cs if c.metric == "ai_company_count"}
    assert 5734.0 in counts and 4469.0 in counts
    assert counts[5734.0].period == "2023-06"
    assert counts[5734.0].qualifier == "lower_bound"
    core = [c for c in cs if c.metric == "ai_core_industry_size" and c.source == "text"]
    assert any(c.value_base == 5.784e11 and c.period == "2023" for c in core)
    # the KRW conversion is linked to its figure, never a claim of its own
    krw = [c for c in cs if c.base_unit == "KRW" and c.value_base == 1.12e14]
    assert krw and all(c.measure == "conversion" and not is_certain(c) for c in krw)


def test_seed_budget_in_both(shared_dir):
    t0 = _seed(shared_dir, "000_59329f84dd77c02e.txt")
    t4 = _seed(shared_dir, "004_baff780838081e41.txt")
    for t, words in ((t0, "과학기술 예산"), (t4, "R&D 예산")):
        cs = [c for c in extract_claims(t, doc_date="2025") if c.value_base == 3.981e11]
        assert len(cs) == 1
        assert cs[0].metric == "science_tech_budget"
        assert words in cs[0].metric_text
        assert cs[0].base_unit == "CNY"


def test_seed004_company_subjects(shared_dir):
    t = _seed(shared_dir, "004_baff780838081e41.txt")
    cs = extract_claims(t, doc_date="2025")
    _spans_ok(t, cs)
    by = {c.value_base: c for c in cs if c.source == "text"}
    assert by[3.8e11].subject in ("alibaba", "alibaba_cloud")
    assert by[3e10].subject == "xiaomi" and by[3e10].kind == "forecast"
    assert by[2e10].metric == "humanoid_robot_market_size"
    assert by[2e10].period == "2030"


def test_bare_rate_line_takes_metric_and_subject_of_the_line_before():
    text = "- 2023년 선전시 AI 산업 규모 : 3,000억 위안 이상\n- 연간 성장률 : 20% 이상\n"
    got = [(c.metric, c.subject, c.value_base) for c in extract_claims(text, doc_date="2025")]
    assert got[1][1] == got[0][1] == "shenzhen" and got[1][0] == got[0][0]
    assert got[1][2] == 20.0


def test_keep_at_and_kongzhi_zai_state_targets():
    for text in (
        "We will keep the rise in the CPI at around 3%.",
        "居民消费价格涨幅控制在3%左右。",
    ):
        (c,) = extract_claims(text, doc_date="2015")
        assert (c.metric, c.kind, c.value_base) == ("cpi_growth", "target", 3.0), text


def test_claims_and_events_share_the_work_on_spans():
    text = (
        "중국 AI 핵심 산업 규모는 '23년 말 기준 5,784억 위안이다.\n\n"
        "国务院于2017年7月20日印发规划。"
    )
    ctx = DocContext(text, None, pack_for(), 2023)
    claims = extract_claims(text, doc_date="2023", _ctx=ctx)
    events = extract_events(text, doc_date="2023", _ctx=ctx)
    assert claims == extract_claims(text, doc_date="2023")
    assert events == extract_events(text, doc_date="2023")
    (a, b), (c, d) = doc_paragraphs(ctx)
    assert (span_lang(ctx, a, b, None), span_lang(ctx, c, d, None)) == ("ko", "zh")
    assert span_lang(ctx, a, b, "en") == "en"
    assert ctx.memo[("lang", a, b)] == "ko"
    assert [cl.value for cl in claims] == ["5,784억"]
    assert [(e.date, e.action) for e in events] == [("2017-07-20", "issued")]


def test_facts_of_takes_named_arguments():
    text = "国务院于2017年7月20日印发规划。2023年国内生产总值增长5.2%。"
    claims, events = facts_of(text, doc_date="2024-03-05", doc_title="政府工作报告")
    assert [(c.value_base, c.period) for c in claims] == [(5.2, "2023")]
    assert [(e.date, e.action) for e in events] == [("2017-07-20", "issued")]
    assert facts_of(text, packs=(), doc_date="2024-03-05", doc_title="政府工作报告") == (
        claims,
        events,
    )

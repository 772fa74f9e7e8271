"""Quantity extraction: figures with unit, base value, qualifier, span, conversions."""

from __future__ import annotations

import re

import pytest

from policyscope.extract.quantities import Quantity, detect_lang, find_quantities


def one(text: str, lang: str | None = None) -> Quantity:
    qs = find_quantities(text, lang)
    assert len(qs) == 1, f"{text!r} -> {qs}"
    return qs[0]


# (text, span text, value, base_unit, qualifier)
KO = [
    ("시장 규모는 5,784억 위안에 달한다", "5,784억 위안", 5.784e11, "CNY", "exact"),
    ("디지털 경제는 53조 9,281억 위안이다", "53조 9,281억 위안", 5.39281e13, "CNY", "exact"),
    ("국채 1조 3,000억 위안 중 일부", "1조 3,000억 위안", 1.3e12, "CNY", "exact"),
    # (the seed's sentence ends '... 2위': that rank is a figure of its own now)
    ("기업 수는 5,734개 사를 넘어서 증가", "5,734개 사를 넘어서", 5734, "count", "lower_bound"),
    ("점유율은 약 13%로 추정", "약 13%", 13, "percent", "approx"),
    ("성장률 5% 내외 목표", "5% 내외", 5, "percent", "approx"),
    ("실업률 5.5% 이내 관리", "5.5% 이내", 5.5, "percent", "upper_bound"),
    ("시장은 200억 달러를 넘어설 전망", "200억 달러를 넘어설", 2e10, "USD", "lower_bound"),
    ("일자리 1,200만 개 창출", "1,200만 개", 1.2e7, "count", "exact"),
    ("졸업생은 357만 명으로 많다", "357만 명", 3.57e6, "people", "exact"),
    ("이용자는 3억 명에 달함", "3억 명", 3e8, "people", "exact"),
    ("금리가 10%p 올랐다", "10%p", 10, "percentage_point", "exact"),
    ("비중이 0.5%포인트 줄었다", "0.5%포인트", 0.5, "percentage_point", "exact"),
    ("생산량이 1.5배 늘었다", "1.5배", 1.5, "ratio", "exact"),
    ("모델은 300개 이상 나왔다", "300개 이상", 300, "count", "lower_bound"),
    ("모두 300여 개 기업이 참여", "300여 개", 300, "count", "lower_bound"),
    ("유니콘 17개 사가 탄생", "17개 사", 17, "count", "exact"),
    ("신규 4개사가 합류", "4개사", 4, "count", "exact"),
    ("가치 1조 원을 넘는 기업", "1조 원을 넘는", 1e12, "KRW", "lower_bound"),
    ("예산 5천만 원 배정", "5천만 원", 5e7, "KRW", "exact"),
    ("인구 1억 2천만 명", "1억 2천만 명", 1.2e8, "people", "exact"),
    ("투자액은 30억 엔 가량", "30억 엔 가량", 3e9, "JPY", "approx"),
    ("예산 20억 유로 미만", "20억 유로 미만", 2e9, "EUR", "upper_bound"),
    ("사례 12건을 분석", "12건", 12, "count", "exact"),
    ("거점 5곳 지정", "5곳", 5, "count", "exact"),
    ("로봇 1만 대 보급", "1만 대", 1e4, "count", "exact"),
    ("EU(27개국) 평균", "27개국", 27, "count", "exact"),
    ("증가율은 20% 초과", "20% 초과", 20, "percent", "lower_bound"),
    ("비중은 30% 정도", "30% 정도", 30, "percent", "approx"),
    ("최대 3억 명이 사용", "최대 3억 명", 3e8, "people", "upper_bound"),
    ("규모가 1조 원대로 커졌다", "1조 원대", 1e12, "KRW", "approx"),
    ("향후 3년간 투자", "3년간", 3, "year", "exact"),
    ("전년 대비 -2.7% 감소", "-2.7%", -2.7, "percent", "exact"),
]

ZH = [
    ("经济增长5%左右", "5%左右", 5, "percent", "approx"),
    ("赤字规模1.5万亿元", "1.5万亿元", 1.5e12, "CNY", "exact"),
    ("科技预算3981亿元", "3981亿元", 3.981e11, "CNY", "exact"),
    ("新增就业1200万人以上", "1200万人以上", 1.2e7, "people", "lower_bound"),
    ("外汇储备超过3万亿美元", "超过3万亿美元", 3e12, "USD", "lower_bound"),
    ("利息支出减少约1500亿元", "约1500亿元", 1.5e11, "CNY", "approx"),
    ("比重接近40%", "接近40%", 40, "percent", "approx"),
    ("比重近30%", "近30%", 30, "percent", "approx"),
    ("惠及3400多万人次", "3400多万人次", 3.4e7, "person_times", "lower_bound"),
    ("赤字率提高1个百分点", "1个百分点", 1, "percentage_point", "exact"),
    ("下降0.3百分点", "0.3百分点", 0.3, "percentage_point", "exact"),
    ("培育三百家企业", "三百家", 300, "count", "exact"),
    ("带动一千二百万人就业", "一千二百万人", 1.2e7, "people", "exact"),
    ("提高两个百分点", "两个百分点", 2, "percentage_point", "exact"),
    ("占比百分之五十", "百分之五十", 50, "percent", "exact"),
    ("产量突破1300万辆", "突破1300万辆", 1.3e7, "count", "lower_bound"),
    ("新增装机3.7亿千瓦", "3.7亿千瓦", 3.7e11, "W", "exact"),
    ("审议议案19件", "19件", 19, "count", "exact"),
    ("标准提高30元", "30元", 30, "CNY", "exact"),
    ("投资20亿美元", "20亿美元", 2e9, "USD", "exact"),
    ("累计1万3000亿元", "1万3000亿元", 1.3e12, "CNY", "exact"),
    ("增速为2倍", "2倍", 2, "ratio", "exact"),
    ("失业率5.5%以内", "5.5%以内", 5.5, "percent", "upper_bound"),
    ("不低于4%", "不低于4%", 4, "percent", "lower_bound"),
]

JA = [
    ("投資額は2,000億円の規模", "2,000億円", 2e11, "JPY", "exact"),
    ("約3兆円を投じる", "約3兆円", 3e12, "JPY", "approx"),
    ("参加企業は100社以上", "100社以上", 100, "count", "lower_bound"),
    ("研究者50人程度", "50人程度", 50, "people", "approx"),
    ("市場は1兆2000億円", "1兆2000億円", 1.2e12, "JPY", "exact"),
    ("出資は5億ドル", "5億ドル", 5e8, "USD", "exact"),
    ("特許出願は3万件", "3万件", 3e4, "count", "exact"),
]

EN = [
    ("output of 1.5 trillion yuan", "1.5 trillion yuan", 1.5e12, "CNY", "exact"),
    ("raised over $20 billion", "over $20 billion", 2e10, "USD", "lower_bound"),
    ("a fund of USD 20 billion", "USD 20 billion", 2e10, "USD", "exact"),
    ("RMB 100 billion in loans", "RMB 100 billion", 1e11, "CNY", "exact"),
    ("created 12 million jobs", "12 million jobs", 1.2e7, "count", "exact"),
    ("GDP grew 5.5 percent", "5.5 percent", 5.5, "percent", "exact"),
    ("inflation of 5%", "5%", 5, "percent", "exact"),
    ("up 0.2 percentage points", "0.2 percentage points", 0.2, "percentage_point", "exact"),
    ("about 3 percent", "about 3 percent", 3, "percent", "approx"),
    ("around 5 percent", "around 5 percent", 5, "percent", "approx"),
    ("more than 20 percent", "more than 20 percent", 20, "percent", "lower_bound"),
    ("at least 30 companies", "at least 30 companies", 30, "count", "lower_bound"),
    ("up to 5%", "up to 5%", 5, "percent", "upper_bound"),
    ("nearly 70 percent", "nearly 70 percent", 70, "percent", "approx"),
    ("within 4.5 percent", "within 4.5 percent", 4.5, "percent", "upper_bound"),
    ("reserves of US$3 trillion", "US$3 trillion", 3e12, "USD", "exact"),
    ("train 15 million people", "15 million people", 1.5e7, "people", "exact"),
    ("11 million new urban jobs", "11 million new urban jobs", 1.1e7, "count", "exact"),
    ("a 2-percent drop", "2-percent", 2, "percent", "exact"),
    ("a 0.2-percentage-point rise", "0.2-percentage-point", 0.2, "percentage_point", "exact"),
    ("cut by 25 basis points", "25 basis points", 0.25, "percentage_point", "exact"),
    ("4,100 kilometers of rail", "4,100 kilometers", 4100, "km", "exact"),
    ("a $3.5B deal", "$3.5B", 3.5e9, "USD", "exact"),
]


@pytest.mark.parametrize(("text", "span", "value", "base", "qual"), KO + ZH + JA + EN)
def test_single_figure(text, span, value, base, qual):
    q = one(text)
    assert text[q.start : q.end] == span
    assert q.value == pytest.approx(value)
    assert q.base_unit == base
    assert q.qualifier == qual


@pytest.mark.parametrize(
    ("text", "value_text", "unit_text"),
    [
        ("규모는 5,784억 위안", "5,784억", "위안"),
        ("53조 9,281억 위안", "53조 9,281억", "위안"),
        ("357만 명", "357만", "명"),
        ("5,734개 사를 넘어서", "5,734", "개 사"),
        ("预算3981亿元", "3981", "亿元"),
        ("规模1.5万亿元", "1.5", "万亿元"),
        ("增长5%左右", "5", "%"),
        ("1.5 trillion yuan", "1.5", "trillion yuan"),
        ("$20 billion", "20", "$ billion"),
        ("三百家", "三百", "家"),
    ],
)
def test_value_and_unit_text(text, value_text, unit_text):
    q = one(text)
    assert (q.value_text, q.unit_text) == (value_text, unit_text)


@pytest.mark.parametrize(
    ("text", "low", "high", "base"),
    [
        ("물가 3~5% 상승", 3, 5, "percent"),
        ("增长3%-5%", 3, 5, "percent"),
        ("growth of 6–6.5 percent", 6, 6.5, "percent"),
        ("between 3 and 5 percent", 3, 5, "percent"),
        ("6 to 6.5 percent", 6, 6.5, "percent"),
        ("3조~5조 원", 3e12, 5e12, "KRW"),
        ("2~3억 원", 2e8, 3e8, "KRW"),
        ("20~30개 기업", 20, 30, "count"),
        ("1-2 billion yuan", 1e9, 2e9, "CNY"),
    ],
)
def test_ranges(text, low, high, base):
    q = one(text)
    assert q.qualifier == "range"
    assert q.value == pytest.approx(low)
    assert q.value_high == pytest.approx(high)
    assert q.base_unit == base


def test_from_to_gives_two_figures_sharing_the_unit():
    qs = find_quantities("the rate was cut from 9.8 to 7.5 percent")
    assert [(q.value, q.base_unit) for q in qs] == [(9.8, "percent"), (7.5, "percent")]
    assert qs[0].unit_text == ""


@pytest.mark.parametrize(
    ("text", "main", "conv", "conv_value", "conv_qual"),
    [
        (
            "규모는 5,784억 위안(약112조 원)에 달하며",
            "5,784억 위안",
            "약112조 원",
            1.12e14,
            "approx",
        ),
        ("정책에 3,000억 위안(약 60조 원)을 배정", "3,000억 위안", "약 60조 원", 6e13, "approx"),
        ("예산 3,981억 위안(한화 약 80조 원)", "3,981억 위안", "약 80조 원", 8e13, "approx"),
        (
            "US$138.3 billion (RMB 900 billion)",
            "US$138.3 billion",
            "RMB 900 billion",
            9e11,
            "exact",
        ),
        ("投资20亿美元（约合140亿元）", "20亿美元", "约合140亿元", 1.4e10, "approx"),
    ],
)
def test_conversions(text, main, conv, conv_value, conv_qual):
    qs = find_quantities(text)
    assert len(qs) == 2
    a, b = qs
    assert text[a.start : a.end] == main and a.conversion_of is None
    assert text[b.start : b.end] == conv
    assert b.conversion_of == 0
    assert b.value == pytest.approx(conv_value)
    assert b.qualifier == conv_qual


def test_conversion_index_points_into_returned_list():
    text = "성장률 5%, 투자 3,000억 위안(약 60조 원) 배정"
    qs = find_quantities(text)
    assert [q.base_unit for q in qs] == ["percent", "CNY", "KRW"]
    assert qs[2].conversion_of == 1


def test_parenthesised_percent_is_not_a_conversion():
    qs = find_quantities("5,784억 위안(13%) 증가")
    assert len(qs) == 2 and qs[1].conversion_of is None


@pytest.mark.parametrize(
    "text",
    [
        "2025년 중국 양회",
        "2025年政府工作报告",
        "in 2025 the plan",
        "6G 이동통신과 5G 응용",
        "딥시크-R1 모델과 GPT-4",
        "3.0 버전 업그레이드",
        "K-AI 제조혁신",
        "1) 양회는 매년 열린다",
        "(2) 서비스 제공 단계",
        "제7조 제1항에 따라",
        "(7조) 학습 의무",
        "第三条 规定",
        "1단계 (~'20) 목표",
        "연구원 | 044-287-3828",
        "문의 park99@kiet.re.kr",
        "회의는 10:30에 시작",
        "https://www.nri.com/jp/media/journal/20250205.html",
        "http://x.cn/a%20b/3%",
        "6세대 이동통신",
        "3월 6일 기자회견",
        "2024-2030년 기간",
        "'25~'27 행동 계획",
        "坚持一个中国原则",
        "两个毫不动摇",
        "十四五规划",
        "第十四个五年规划",
        "PM2.5 concentration",
        "the 19th National Congress",
        "a population close to 1.4 billion,",
        "5사분기",
        "원칙 3개",
    ],
)
def test_not_quantities(text):
    qs = find_quantities(text)
    if text == "원칙 3개":
        assert [text[q.start : q.end] for q in qs] == ["3개"]
    else:
        assert qs == [], qs


def test_cjk_numeral_single_digit_counter_needs_currency_or_percent():
    assert find_quantities("四个意识") == []
    assert one("两亿元").value == pytest.approx(2e8)


def test_lang_hint_and_detection():
    assert one("규모 5,784억 위안").lang == "ko"
    assert one("规模1.5万亿元").lang == "zh"
    assert one("約3兆円を投じる").lang == "ja"
    assert one("1.5 trillion yuan").lang == "en"
    assert one("¥500億の投資", lang="ja").base_unit == "JPY"
    assert one("价值¥500亿").base_unit == "CNY"


def test_spans_are_exact_offsets_in_longer_text():
    text = "성장률은 5% 내외이고, 일자리는 1,200만 개, 예산은 약 1,050억 위안이다."
    qs = find_quantities(text)
    assert [text[q.start : q.end] for q in qs] == ["5% 내외", "1,200만 개", "약 1,050억 위안"]
    assert all(q.start < q.end for q in qs)
    assert [q.start for q in qs] == sorted(q.start for q in qs)


# --------------------------------------------------------------------------- seeds

SEED_A = "seeds/000_59329f84dd77c02e.txt"
SEED_B = "seeds/004_baff780838081e41.txt"


def _by_span(text: str, qs: list[Quantity]) -> dict[str, list[Quantity]]:
    out: dict[str, list[Quantity]] = {}
    for q in qs:
        out.setdefault(text[q.start : q.end], []).append(q)
    return out


def test_seed_korean_report_a(shared_dir):
    text = (shared_dir / SEED_A).read_text(encoding="utf-8")
    qs = find_quantities(text)
    spans = _by_span(text, qs)
    assert spans["53조 9,281억 위안"][0].value == pytest.approx(5.39281e13)
    assert spans["5,734개 사를 넘어서"][0].qualifier == "lower_bound"
    assert spans["357만 명"][0].value == pytest.approx(3.57e6)
    assert spans["약 13%"][0].qualifier == "approx"
    main = spans["5,784억 위안"][0]
    conv = spans["약112조 원"][0]
    assert conv.conversion_of == qs.index(main)
    # every '억 위안' written in the text is found with the right scale
    written = re.findall(r"(?<!조 )(?<![0-9,])([0-9][0-9,]*)억 위안", text)
    found = [q for q in qs if q.base_unit == "CNY" and re.fullmatch(r"[0-9,]+억", q.value_text)]
    assert len(found) == len(written)
    for q, w in zip(found, written, strict=True):
        assert q.value == pytest.approx(float(w.replace(",", "")) * 1e8)
    # every percent sign with a number before it is a figure
    # every 'N%' is a figure, except rank cut-offs such as 'Top 2%' / '상위 2%' (a definition)
    cutoffs = len(re.findall(r"(?:Top|상위) ?[0-9.]+%", text))
    assert sum(1 for q in qs if q.base_unit == "percent") == len(re.findall(r"[0-9]%", text)) - (
        cutoffs
    )
    # no year, section number, model name or URL part becomes a quantity
    for q in qs:
        s = text[q.start : q.end]
        assert "G" not in s and "/" not in s, s
        assert "년" not in s or q.base_unit == "year", s  # '1년간' is a duration


def test_seed_korean_report_b(shared_dir):
    text = (shared_dir / SEED_B).read_text(encoding="utf-8")
    qs = find_quantities(text)
    spans = _by_span(text, qs)
    assert spans["1조 3,000억 위안"][0].value == pytest.approx(1.3e12)
    assert spans["200억 달러를 넘어설"][0].base_unit == "USD"
    assert spans["200억 달러를 넘어설"][0].qualifier == "lower_bound"
    assert {q.qualifier for q in spans["5% 내외"]} == {"approx"}
    assert {q.qualifier for q in spans["5.5% 이내"]} == {"upper_bound"}
    assert len(spans["5% 내외"]) == text.count("5% 내외")
    jobs = [q for q in qs if q.unit_text == "개" and q.value_text.endswith("만")]
    assert len(jobs) == len(re.findall(r"[0-9,]+만 개", text))
    assert all(q.value >= 1e7 for q in jobs)
    convs = [q for q in qs if q.conversion_of is not None]
    assert len(convs) == len(re.findall(r"위안\(약 [0-9]+조 원\)", text))
    for c in convs:
        assert qs[c.conversion_of].base_unit == "CNY" and c.base_unit == "KRW"
    # phone numbers, e-mails, years and URLs stay out
    for q in qs:
        s = text[q.start : q.end]
        assert "@" not in s and "-" not in s, s
        assert "년" not in s or q.base_unit == "year", s  # '5년간' is a duration


def test_detect_lang_by_script_around_a_span():
    assert detect_lang("규모는 5억 위안", 4, 6) == "ko"
    assert detect_lang("规模为5亿元", 3, 5) == "zh"
    assert detect_lang("約5億円となる", 1, 4) == "ja"
    assert detect_lang("about 5 billion", 6, 7) == "en"
    # only the 20 characters either side count
    assert detect_lang("가" * 30 + " " * 21 + "5 percent", 51, 52) == "en"
    assert detect_lang("가" * 30 + " " * 19 + "5 percent", 49, 50) == "ko"


# ---- issue 18: every form listed under Why, with its exact value


@pytest.mark.parametrize(
    ("text", "span", "value", "base", "qual"),
    [
        ("１，２００億円", "１，２００億円", 1.2e11, "JPY", "exact"),
        ("予算は1，200億円", "1，200億円", 1.2e11, "JPY", "exact"),
        ("4천820만 달러", "4천820만 달러", 4.82e7, "USD", "exact"),
        ("4천 820만 달러 상당의", "4천 820만 달러", 4.82e7, "USD", "exact"),
        ("1억 2천만 원", "1억 2천만 원", 1.2e8, "KRW", "exact"),
        ("9만 4천 달러를", "9만 4천 달러", 9.4e4, "USD", "exact"),
        ("5万4千6百人", "5万4千6百人", 54600, "people", "exact"),
        ("一万零十二元", "一万零十二元", 10012, "CNY", "exact"),
        ("▲0.5%", "▲0.5%", -0.5, "percent", "exact"),
        ("前年比△0.3%", "△0.3%", -0.3, "percent", "exact"),
        ("成長率は−2.1%", "−2.1%", -2.1, "percent", "exact"),
        ("成長率は－0.4%", "－0.4%", -0.4, "percent", "exact"),
        ("100달러입니다", "100달러", 100, "USD", "exact"),
        ("50원이다", "50원", 50, "KRW", "exact"),
        ("3억 달러라고 밝혔다", "3억 달러", 3e8, "USD", "exact"),
        ("만 원짜리 상품", "만 원", 1e4, "KRW", "exact"),
        ("1만 원짜리", "1만 원", 1e4, "KRW", "exact"),
        ("50パーセント", "50パーセント", 50, "percent", "exact"),
        ("約2割", "約2割", 20, "percent", "approx"),
        ("3割5分", "3割5分", 35, "percent", "exact"),
        ("1\u2009200 dollars", "1\u2009200 dollars", 1200, "USD", "exact"),
    ],
)
def test_issue18_forms(text, span, value, base, qual):
    test_single_figure(text, span, value, base, qual)


@pytest.mark.parametrize(
    "text", ["2割引で販売", "割合が高い", "▲ 3 과제", "만약 원한다면", "1'000%"]
)
def test_issue18_non_figures(text):
    # a bullet ▲ with a space is no minus; 割引 is a discount; an apostrophe no separator
    qs = find_quantities(text)
    assert all(q.value not in (20, 1000, -3) for q in qs), qs
    assert not any(q.base_unit == "KRW" for q in qs)


@pytest.mark.parametrize(
    ("text", "span", "value", "qual"),
    [
        ("중국은 세계 2위를 기록했다", "세계 2위", 2, "exact"),
        ("특허 출원 2위", "2위", 2, "exact"),
        ("세계 1위로 올라서면", "세계 1위", 1, "exact"),
        ("세계 5위권 진입", "세계 5위권", 5, "upper_bound"),
        ("중국은 두 번째로 강력한 위치", "두 번째로", 2, "exact"),
        ("세계에서 세 번째로 큰 시장", "세계에서 세 번째로", 3, "exact"),
        ("두번째로 많은", "두번째로", 2, "exact"),
        ("中国是世界第二大经济体", "世界第二", 2, "exact"),
        ("第二大经济体", "第二大", 2, "exact"),
        ("全球第一", "全球第一", 1, "exact"),
        ("居世界第一位", "居世界第一位", 1, "exact"),
        ("排名第3", "排名第3", 3, "exact"),
        ("世界第2位の市場", "世界第2位", 2, "exact"),
        ("China ranked first in patents", "ranked first", 1, "exact"),
        ("the world's second-largest economy", "second-largest", 2, "exact"),
        ("is No. 1 in the world", "No. 1", 1, "exact"),
    ],
)
def test_ranks(text, span, value, qual):
    q = one(text)
    assert text[q.start : q.end] == span
    assert (q.value, q.base_unit, q.measure, q.qualifier) == (value, "rank", "rank", qual)


@pytest.mark.parametrize(
    "text",
    [
        "제3조",
        "第三条",
        "第十四个五年规划",
        "第二次会议",
        "두 번째 회의",
        "No. 1 Central Document",
        "全国第十四届",
        "2단계는 AI",
        "党的二十大",
        "一大批项目",
        "10대 청소년",
    ],
)
def test_not_ranks_or_counts(text):
    assert [q for q in find_quantities(text) if q.measure in ("rank", "count")] == []


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("4가지 행동 계획", "4가지", 4),
        ("세 가지 특징", "세 가지", 3),
        ("3단계로 나누어", "3단계", 3),
        ("3대 과제를 제시", "3대", 3),
        ("10대 핵심 과제", "10대", 10),
        ("5개 분야", "5개", 5),
        ("三大攻坚战", "三大", 3),
        ("五项任务", "五项", 5),
        ("两个方面", "两个方面", 2),
        ("5项改革", "5项", 5),
    ],
)
def test_counts(text, span, value):
    q = one(text)
    assert text[q.start : q.end] == span
    assert (q.value, q.base_unit, q.measure) == (value, "count", "count")


def test_counters_keep_no_measure():
    for text in ("5,734개 사", "300여 개"):
        assert one(text).measure == ""


@pytest.mark.parametrize(
    ("text", "main", "conv"),
    [
        ("3,000억 위안(약 60조 원) 규모", (3e11, "CNY"), (6e13, "KRW")),
        ("예산 3,981억 위안 (약 80조 원)", (3.981e11, "CNY"), (8e13, "KRW")),
        ("预算3981亿元（约合560亿美元）", (3.981e11, "CNY"), (5.6e10, "USD")),
    ],
)
def test_bracketed_conversion_linked(text, main, conv):
    qs = find_quantities(text)
    assert [(q.value, q.base_unit) for q in qs] == [main, conv]
    assert qs[1].conversion_of == 0 and qs[1].measure == "conversion"
    assert qs[0].conversion_of is None and qs[0].measure == ""


RANK_TEXT = (
    "중국은 세계 2위를 기록했고 두 번째로 큰 시장이며 4가지 과제와 3단계로, 3대 과제를 둔다. "
    "中国居世界第一位，是第二大经济体，打好三大攻坚战，推出五项措施，15个重点行业。"
    "日本は世界第3位。China ranked first and is the second-largest; No. 1 in AI. "
)


@pytest.mark.parametrize("text", [RANK_TEXT, RANK_TEXT * 4 + "x" * 200 + RANK_TEXT, "", "大"])
def test_rank_windows_equal_whole_text_scan(text):
    from policyscope.extract import ranks  # noqa: PLC0415

    for name, needles, _measure, _lang, pat, _handler in ranks.RECOGNISERS:
        assert [m.span() for m in ranks._near(text, needles, pat)] == [
            m.span() for m in pat.finditer(text)
        ], name

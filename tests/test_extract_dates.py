"""Date and period extraction: ISO value, precision, kind, end-of-period, spans."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from policyscope.analysis.verify_detect import find_years
from policyscope.extract import dates
from policyscope.extract.dates import DateMention, find_dates
from policyscope.extract.scan import AnchorScope, anchor_windows
from policyscope.ingest.metadata import infer_date
from policyscope.text.normalize import normalize


def one(text: str, ref_year: int | None = None) -> DateMention:
    ds = find_dates(text, ref_year=ref_year)
    assert len(ds) == 1, f"{text!r} -> {ds}"
    return ds[0]


# (text, mention text, value, value_end, precision, kind, end_of_period)
CASES = [
    # Korean apostrophe shorthand, any apostrophe style
    ("'23년 6월 기준 세계 2위", "'23년 6월 기준", "2023-06", None, "month", "as_of", False),
    ("’23년 6월에 발표", "’23년 6월", "2023-06", None, "month", "point", False),
    ("‘24년에 집중", "‘24년", "2024", None, "year", "point", False),
    ("발표('24.11.) 이후", "'24.11.", "2024-11", None, "month", "point", False),
    ("설립('24.6.6.) 완료", "'24.6.6.", "2024-06-06", None, "day", "point", False),
    ("계획('25~'27) 추진", "'25~'27", "2025", "2027", "year", "range", False),
    ("5개년('21~'25)", "'21~'25", "2021", "2025", "year", "range", False),
    ("규모는 '23년 말 기준 크다", "'23년 말 기준", "2023", None, "year", "as_of", True),
    ("'23년 말 규모", "'23년 말", "2023", None, "year", "as_of", True),
    ("의견('17.12.) 발표", "'17.12.", "2017-12", None, "month", "point", False),
    ("1단계 (~'20) 목표", "~'20", "2020", None, "year", "by_deadline", False),
    ("'25년까지 양산", "'25년까지", "2025", None, "year", "by_deadline", False),
    ("탄생('24.8. 기준)", "'24.8. 기준", "2024-08", None, "month", "as_of", False),
    ("발표('24.1)한 의견", "'24.1", "2024-01", None, "month", "point", False),
    ("의견('17) 발표", "'17", "2017", None, "year", "point", False),
    ("정부는 '80년대부터 투자", "'80년대부터", "1980", None, "decade", "since", False),
    # Korean full forms
    ("2025년 3월 5일에 개막", "2025년 3월 5일", "2025-03-05", None, "day", "point", False),
    ("2025년까지 완료", "2025년까지", "2025", None, "year", "by_deadline", False),
    ("2024-2030년 기간", "2024-2030년", "2024", "2030", "year", "range", False),
    ("2024~2030년 시장", "2024~2030년", "2024", "2030", "year", "range", False),
    ("新华社(2025. 3. 6), 기사", "2025. 3. 6", "2025-03-06", None, "day", "point", False),
    ("(검색일: 2025.3.7)", "2025.3.7", "2025-03-07", None, "day", "point", False),
    ("2023년 8월 정상회의", "2023년 8월", "2023-08", None, "month", "point", False),
    ("2020년 이후 급증", "2020년 이후", "2020", None, "year", "since", False),
    ("2023년 말 현재", "2023년 말 현재", "2023", None, "year", "as_of", True),
    ("2025년 1분기 실적", "2025년 1분기", "2025-Q1", None, "quarter", "point", False),
    ("2025년 상반기 출시", "2025년 상반기", "2025-H1", None, "half", "point", False),
    ("2023년 1~3월 누적", "2023년 1~3월", "2023-01", "2023-03", "month", "range", False),
    (
        "2024년 9월~2025년 3월 시범",
        "2024년 9월~2025년 3월",
        "2024-09",
        "2025-03",
        "month",
        "range",
        False,
    ),
    ("개념은 1950년대부터 존재", "1950년대부터", "1950", None, "decade", "since", False),
    ("(Website Accessed: 2025.1~3)", "2025.1~3", "2025-01", "2025-03", "month", "range", False),
    ("제14차 5개년 계획 추진", "제14차 5개년 계획", "2021", "2025", "year", "range", False),
    # Chinese
    ("2023年7月10日公布", "2023年7月10日", "2023-07-10", None, "day", "point", False),
    ("2023年7月发布", "2023年7月", "2023-07", None, "month", "point", False),
    ("到2030年达到", "到2030年", "2030", None, "year", "by_deadline", False),
    ("2030年前实现", "2030年前", "2030", None, "year", "by_deadline", False),
    ("2025年底完成", "2025年底", "2025", None, "year", "as_of", True),
    ("2025年末余额", "2025年末", "2025", None, "year", "as_of", True),
    ("截至2023年底", "截至2023年底", "2023", None, "year", "as_of", True),
    ("2020年以来持续", "2020年以来", "2020", None, "year", "since", False),
    ("2021—2025年规划", "2021—2025年", "2021", "2025", "year", "range", False),
    ("2024年1—2月数据", "2024年1—2月", "2024-01", "2024-02", "month", "range", False),
    ("2025年第一季度", "2025年第一季度", "2025-Q1", None, "quarter", "point", False),
    ("2024年上半年", "2024年上半年", "2024-H1", None, "half", "point", False),
    ("20世纪80年代起步", "20世纪80年代", "1980", None, "decade", "point", False),
    ("“十四五”规划收官", "“十四五”规划", "2021", "2025", "year", "range", False),
    ("第十四个五年规划", "第十四个五年规划", "2021", "2025", "year", "range", False),
    ("2025年前三季度", "2025年前三季度", "2025-Q1", "2025-Q3", "quarter", "range", False),
    # English
    ("on March 5, 2025 the", "March 5, 2025", "2025-03-05", None, "day", "point", False),
    ("on 5 March 2025 the", "5 March 2025", "2025-03-05", None, "day", "point", False),
    ("in 2025 the", "2025", "2025", None, "year", "point", False),
    ("by 2030 China", "by 2030", "2030", None, "year", "by_deadline", False),
    ("at the end of 2023 it", "the end of 2023", "2023", None, "year", "as_of", True),
    ("as of June 2023 there", "as of June 2023", "2023-06", None, "month", "as_of", False),
    ("the 2021-2025 period", "2021-2025", "2021", "2025", "year", "range", False),
    ("from 2021 to 2025 we", "from 2021 to 2025", "2021", "2025", "year", "range", False),
    ("since 2020 output", "since 2020", "2020", None, "year", "since", False),
    (
        "in the first quarter of 2025",
        "the first quarter of 2025",
        "2025-Q1",
        None,
        "quarter",
        "point",
        False,
    ),
    ("Q3 2024 results", "Q3 2024", "2024-Q3", None, "quarter", "point", False),
    ("in the 1980s", "1980s", "1980", None, "decade", "point", False),
    ("13th Five-Year Plan", "13th Five-Year Plan", "2016", "2020", "year", "range", False),
    ("published 2024-11-05", "2024-11-05", "2024-11-05", None, "day", "point", False),
    ("by the end of 2025 all", "by the end of 2025", "2025", None, "year", "by_deadline", True),
    (
        "covered by the 12th Five-Year Plan",
        "12th Five-Year Plan",
        "2011",
        "2015",
        "year",
        "range",
        False,
    ),
    # Japanese
    ("2025年3月5日に公表", "2025年3月5日", "2025-03-05", None, "day", "point", False),
    ("2030年までに実現", "2030年までに", "2030", None, "year", "by_deadline", False),
    ("2020年以降に拡大", "2020年以降", "2020", None, "year", "since", False),
    ("2024年度末の残高", "2024年度末", "2024", None, "year", "as_of", True),
]


@pytest.mark.parametrize(("text", "mtext", "value", "value_end", "prec", "kind", "eop"), CASES)
def test_dates(text, mtext, value, value_end, prec, kind, eop):
    d = one(text)
    assert d.text == mtext
    assert text[d.start : d.end] == mtext
    assert (d.value, d.value_end, d.precision, d.kind, d.end_of_period) == (
        value,
        value_end,
        prec,
        kind,
        eop,
    )


@pytest.mark.parametrize(
    ("text", "ref", "value", "prec", "inferred"),
    [
        ("3월 6일 기자회견", 2025, "2025-03-06", "day", True),
        ("3월 6일 기자회견", None, "--03-06", "day", False),
        ("9月26日会议", 2024, "2024-09-26", "day", True),
        ("9月26日会议", None, "--09-26", "day", False),
        ("매년 3월에 열린다", None, "--03", "month", False),
        ("March 5 meeting", 2025, "2025-03-05", "day", True),
        ("今年一季度", 2025, "2025-Q1", "quarter", True),
        ("去年一季度", 2025, "2024-Q1", "quarter", True),
        ("一季度经济", None, "--Q1", "quarter", False),
        ("今年发展", 2025, "2025", "year", True),
        ("去年增长", 2025, "2024", "year", True),
        ("올해 양회", 2025, "2025", "year", True),
        ("지난해에 이어", 2025, "2024", "year", True),
        ("last year saw", 2019, "2018", "year", True),
        ("this year we", 2019, "2019", "year", True),
        ("by the end of March next", 2020, "2020-03", "month", True),
    ],
)
def test_year_less_and_relative(text, ref, value, prec, inferred):
    d = one(text, ref_year=ref)
    assert (d.value, d.precision, d.year_inferred) == (value, prec, inferred)


@pytest.mark.parametrize(
    "text", ["今年发展", "去年增长", "올해 양회", "지난해에 이어", "this year we"]
)
def test_relative_years_need_ref_year(text):
    assert find_dates(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "규모는 5,784억 위안",
        "2000명이 참여",
        "3000亿元",
        "over 2030 companies",
        "6G 기술",
        "딥시크-R1",
        "GPT-4 모델",
        "연구원 | 044-287-3828",
        "전화 010-2025-1234",
        "http://www.news.cn/politics/20250306/b745496d6d2c4c70.html",
        "https://www.jetro.go.jp/biznews/2025/03/e5e604384314bf09.html",
        "제2025호 공고",
        "第2025号",
        "제7조 제1항",
        "(2) 서비스",
        "1단계 목표",
        "6개월간 시범",
        "3.0 버전",
        "1840年",
        "2.5%",
        "3개월",
    ],
)
def test_not_dates(text):
    assert find_dates(text) == [], find_dates(text)


def test_dates_in_a_sentence_keep_order_and_offsets():
    text = "'23년 말 기준 5,784억 위안이며, '25년 3월 5일에 발표하고 '30년까지 추진"
    ds = find_dates(text)
    assert [d.text for d in ds] == ["'23년 말 기준", "'25년 3월 5일", "'30년까지"]
    assert [d.kind for d in ds] == ["as_of", "point", "by_deadline"]
    for d in ds:
        assert text[d.start : d.end] == d.text


# --------------------------------------------------------------------------- seeds


def test_seed_korean_report_a_dates(shared_dir):
    text = (shared_dir / "seeds/000_59329f84dd77c02e.txt").read_text(encoding="utf-8")
    ds = find_dates(text, ref_year=2025)
    by_text: dict[str, list[DateMention]] = {}
    for d in ds:
        by_text.setdefault(d.text, []).append(d)
    # every apostrophe range like '25~'27 is found as a range
    ranges = re.findall(r"'(\d\d)~'(\d\d)", text)
    found = [d for d in ds if d.kind == "range" and d.text.startswith("'")]
    assert len(found) == len(ranges)
    for d, (a, b) in zip(found, ranges, strict=True):
        assert (d.value, d.value_end) == (f"20{a}", f"20{b}")
    # plan stages in the table are upper bounds
    stages = [d for d in ds if d.text.startswith("~'")]
    assert [d.value for d in stages] == [f"20{y}" for y in re.findall(r"\(~'(\d\d)\)", text)]
    assert {d.kind for d in stages} == {"by_deadline"}
    assert by_text["'23년 말 기준"][0].end_of_period
    assert by_text["'24.6.6."][0].value == "2024-06-06"
    assert by_text["'17년 7월 20일"][0].value == "2017-07-20"
    assert by_text["'80년대부터"][0].precision == "decade"
    # nothing inside URLs or e-mail addresses
    for m in re.finditer(r"https?://\S+|\S+@\S+", text):
        assert not any(m.start() <= d.start < m.end() for d in ds)


def test_seed_korean_report_b_dates(shared_dir):
    text = (shared_dir / "seeds/004_baff780838081e41.txt").read_text(encoding="utf-8")
    ds = find_dates(text)
    cites = [d for d in ds if re.fullmatch(r"\d{4}\. \d{1,2}\. \d{1,2}", d.text)]
    assert len(cites) == len(re.findall(r"\d{4}\. \d{1,2}\. \d{1,2}", text))
    assert all(d.precision == "day" for d in cites)
    spans = {d.text: d for d in ds}
    assert spans["2024-2030년"].kind == "range"
    assert spans["2024~2030년"].value_end == "2030"
    # month-day mentions without a year stay year-less without ref_year
    md = [d for d in ds if d.value.startswith("--")]
    assert md and all(not d.year_inferred for d in md)
    # no phone-number or URL fragment becomes a date
    for d in ds:
        assert "-" not in d.text or d.kind == "range", d
        assert "/" not in d.text


def _all_dates(texts, ref_year=2024):
    return [[vars(d) for d in find_dates(t, None, ref_year)] for t in texts]


def test_skipping_patterns_by_literal_changes_nothing(monkeypatch, shared_dir):
    """The literal test that skips a pattern for a text must never drop a date: the same
    dates with and without it, on every case above, their concatenation, and every text
    of the shared seeds and corpus."""

    texts = [c[0] for c in CASES]
    texts.append("\n".join(texts))
    files = sorted((shared_dir / "seeds").glob("*.txt"))
    files += sorted((shared_dir / "corpus").glob("**/*.txt"))
    texts += [normalize(f.read_text(encoding="utf-8")).text for f in files]
    gated = _all_dates(texts)
    text_profile = dates.PROFILES["text"]
    ungated = tuple(replace(r, needs=()) for r in text_profile.recognisers)
    monkeypatch.setitem(dates.PROFILES, "text", replace(text_profile, recognisers=ungated))
    assert _all_dates(texts) == gated
    assert sum(map(len, gated)) > 900  # the shared texts hold hundreds of dates


# ---------------------------------------------------------------- windowed scans

from policyscope.extract import dates as _dates  # noqa: E402

WINDOW_TEXT = (
    "Between 2020 and 2030, by the end of the year September, 2023 and Q3 2024 H1 2025.\n"
    "In March   and the first half of 2022;   2019-2021,   'the 1980s', 14th Five-Year Plan.\n"
    "'23년 말 기준 '25~'27 2024년 3~5월 3분기 상반기 올해 6월 지난 해 '80년대 제14차 5개년 계획\n"
    "2023年3月5日 今年一季度 上半年 十四五 第十四个五年规划 2024年9-10月 2021—2025年 80年代\n"
    "2023.3.5. 2023.10 2023/3/5 2023-03-05 this year, last year 2023" + " " * 300 + "2024\n"
)


def test_windows_cover_anchors_by_units():
    text = "ab  cd" + " " * 100 + "12" + "x" * 100
    rev = text[::-1]
    [(lo, hi)] = anchor_windows(text, rev, [(106, 108)], _dates._REACH)
    # whitespace runs count one unit: the window reaches back over the run to 'cd' and more
    assert lo == 0
    assert hi == 108 + _dates._REACH
    assert anchor_windows(text, rev, [], _dates._REACH) == []


def test_windows_merge_and_stay_disjoint():
    text = "x" * 1000
    wins = anchor_windows(text, text[::-1], [(100, 101), (120, 121), (600, 601)], _dates._REACH)
    assert wins == [(100 - 48, 121 + 48), (600 - 48, 601 + 48)]


@pytest.mark.parametrize("text", [WINDOW_TEXT, WINDOW_TEXT * 3, "2023", "", "'23"])
def test_windowed_scan_equals_whole_text_scan(text):
    scope = AnchorScope(text, _dates._REACH)
    for rec in _dates.RECOGNISERS:
        assert [m.span() for m in scope.matches(rec.pattern, rec.anchors)] == [
            m.span() for m in rec.pattern.finditer(text)
        ], rec.name


def test_reach_covers_the_longest_pattern():
    from re import _parser  # noqa: PLC0415

    for rec in _dates.RECOGNISERS:
        pattern = rec.pattern.pattern
        units = pattern.replace(r"\s+", r"\s").replace(r"\s*", r"\s?").replace("[ ]+", "[ ]")
        widest = _parser.parse(units).getwidth()[1]
        assert widest + 5 <= _dates._REACH, rec.name  # + one char behind, four ahead


# ---- issue 18: month names in any case, Japanese era years


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("DATELINE MARCH 5, 2025 BEIJING", "MARCH 5, 2025", "2025-03-05"),
        ("adopted in march 2025 by", "march 2025", "2025-03"),
        ("on 5 MARCH 2025 the", "5 MARCH 2025", "2025-03-05"),
        ("as of SEPT. 3, 2024", "as of SEPT. 3, 2024", "2024-09-03"),
        ("due December 31, 2025", "December 31, 2025", "2025-12-31"),
        ("令和6年3月31日時点", "令和6年3月31日時点", "2024-03-31"),
        ("令和元年5月1日に", "令和元年5月1日", "2019-05-01"),
        ("平成31年4月の改正", "平成31年4月", "2019-04"),
        ("平成元年", "平成元年", "1989"),
        ("令和6年度予算", "令和6年度", "2024"),
        ("令和六年", "令和六年", "2024"),
        ("昭和64年1月7日", "昭和64年1月7日", "1989-01-07"),
    ],
)
def test_month_case_and_eras(text, span, value):
    ds = find_dates(text)
    assert [(d.text, d.value) for d in ds] == [(span, value)]


def test_lower_case_month_needs_a_year():
    # 'may' / 'march' alone are a verb and a noun far more often than months
    assert find_dates("we may 5 times march on", ref_year=2025) == []
    assert [d.value for d in find_dates("in MARCH", ref_year=2025)] == ["2025-03"]


# ---- one date finder, several profiles (file names, datelines, cited years)


def _values(text: str, profile: str, **kw) -> list[tuple[int, str, str]]:
    return [(d.start, d.value, d.precision) for d in find_dates(text, profile=profile, **kw)]


def test_file_name_profile_reads_compact_and_separated_dates():
    assert _values("report_20240305.pdf", "file_name") == [(7, "2024-03-05", "day")]
    assert _values("2024-03_plan.hwp", "file_name") == [(0, "2024-03", "month")]
    assert _values("gwr2019.zh.txt", "file_name") == [(3, "2019", "year")]
    # a longer run of digits is no date; 1949 is before the years files are dated by
    assert _values("scan_202403051.pdf 1949", "file_name") == []


def test_dateline_profile_keeps_an_implausible_month_as_a_year():
    assert _values("발행 2024년 3월 5일", "dateline") == [(3, "2024-03-05", "day")]
    assert _values("2023年13月", "dateline") == [(0, "2023", "year")]
    assert _values("2023. 7. 40.", "dateline") == [(0, "2023-07", "month")]


def test_lone_year_profile_skips_figures_and_decimals():
    assert _values("1,2024 3.2019 2030% 2025", "lone_year") == [(20, "2025", "year")]


def test_cited_year_profile_reads_apostrophe_years_within_bounds():
    text = "'24년 정부 활동 보고('24.3.) 2025年 3,981억 2026억"
    assert [v for _s, v, _p in _values(text, "cited_year")] == ["2024", "2024", "2025"]
    # bounds: only years inside [start, end), read with the text before as context
    assert _values(text, "cited_year", start=5, end=22) == [(14, "2024", "year")]


def test_metadata_and_verify_use_the_one_date_finder():
    assert infer_date(Path("2024_0305_notice.txt"), "") == "2024-03-05"
    assert infer_date(Path("notice.txt"), "제목\n2023년 13월\n시행 2022") == "2023"
    assert infer_date(Path("notice.txt"), "关于…的通知\n2023年7月1日") == "2023-07-01"
    assert infer_date(Path("notice.txt"), "no date here") is None
    assert find_years("'19년과 2025년") == [(0, "2019"), (6, "2025")]


def test_text_profile_bounds_keep_the_dates_inside():
    text = "2023年3月5日 发布，2024年起施行"
    every = find_dates(text)
    assert [d.value for d in every] == ["2023-03-05", "2024"]
    assert [d.value for d in find_dates(text, start=10)] == ["2024"]
    assert [d.value for d in find_dates(text, end=10)] == ["2023-03-05"]

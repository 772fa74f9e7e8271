"""Plain-text (TAB-separated) tables: detection, 2-row year/kind headers, stage tables."""

from __future__ import annotations

import re

from policyscope.extract.claims import extract_claims
from policyscope.extract.tables import find_tables, table_claims
from policyscope.text.normalize import normalize

MACRO = (
    "〈표 3〉 거시 지표 목표와 실적\n"
    "\n"
    "\t2021\t\t2022\n"
    "\t목표\t실제\t목표\t실제\n"
    "경제성장률\t6% 이상\t8.1%\t5.5% 내외\t3%\n"
    "도시일자리\t1,100만 개\t1,269만 개\t1,100만 개\t1,206만 개\n"
    "소비자 물가\t3% 내외\t0.9%\t3% 내외\t2%\n"
    "\n"
    "표 아래 문장에서 경제성장률은 4%였다.\n"
)

STAGES = (
    "[표] 가상 발전 계획의 단계별 목표\n"
    "\n"
    "단계\t전략 목표\t분야\n"
    "1단계 (~'22)\t 기반 구축 (핵심 산업 규모 800억 위안, 관련 산업 규모 6,000억 위안)"
    " 인재 육성\t제조\n"
    "2단계 (~'27)\t 확산 (핵심 산업 규모 2,000억 위안, 관련 산업 규모 2조 위안)\t의료\n"
)


def test_find_tables_blocks_and_caption():
    tbs = find_tables(MACRO)
    assert len(tbs) == 1
    tb = tbs[0]
    assert len(tb.rows) == 5
    assert tb.caption is not None
    assert MACRO[tb.caption[0] : tb.caption[1]].startswith("〈표 3〉")
    assert MACRO[tb.start : tb.end].startswith("\t2021")
    assert find_tables("no\ttable here\n\nplain text") == []


def test_two_row_header_target_actual():
    tb = find_tables(MACRO)[0]
    cs = table_claims(MACRO, tb)
    assert len(cs) == 12
    assert all(c.source == "table" for c in cs)
    got = {(c.metric, c.period, c.kind): c for c in cs}
    g = got[("gdp_growth", "2021", "target")]
    assert g.value_base == 6.0 and g.qualifier == "lower_bound"
    assert got[("gdp_growth", "2021", "actual")].value_base == 8.1
    assert got[("gdp_growth", "2022", "target")].qualifier == "approx"
    assert got[("urban_new_jobs", "2022", "actual")].value_base == 12.06e6
    assert got[("cpi_growth", "2022", "actual")].value_base == 2.0
    for c in cs:
        assert MACRO[c.quote_start : c.quote_end] == c.quote
        assert "\n" not in c.quote and c.quote.count("\t") == 4
        assert c.subject == "china"


def test_extract_claims_does_not_duplicate_table_cells():
    cs = extract_claims(MACRO)
    assert sum(c.source == "table" for c in cs) == 12
    text_claims = [c for c in cs if c.source == "text"]
    assert [c.value for c in text_claims] == ["4"]
    assert text_claims[0].metric == "gdp_growth"


def test_stage_table_deadlines_and_cell_metrics():
    cs = extract_claims(STAGES)
    assert len(cs) == 4
    by = {(c.metric, c.period): c for c in cs}
    assert by[("ai_core_industry_size", "2022")].value_base == 8e10
    assert by[("ai_related_industry_size", "2022")].value_base == 6e11
    assert by[("ai_core_industry_size", "2027")].value_base == 2e11
    assert by[("ai_related_industry_size", "2027")].value_base == 2e12
    for c in cs:
        assert c.kind == "target"
        assert c.period_kind == "by_deadline"
        assert STAGES[c.quote_start : c.quote_end] == c.quote


def test_english_and_chinese_headers():
    t = "Indicator\t2024 target\t2024 actual\nGDP growth\t5%\t5%\nCPI\t3%\t0.2%\n"
    cs = extract_claims(t)
    assert {(c.metric, c.kind) for c in cs} >= {("gdp_growth", "target"), ("cpi_growth", "actual")}
    t = "\t2025\t2026\n\t预期目标\t预期目标\n城镇调查失业率\t5.5%左右\t5.5%左右\n"
    cs = extract_claims(t)
    assert [(c.metric, c.period, c.kind) for c in cs] == [
        ("urban_surveyed_unemployment", "2025", "target"),
        ("urban_surveyed_unemployment", "2026", "target"),
    ]


def test_row_header_without_trigger_is_noun_phrase():
    t = "\t2023\t2024\n\t실제\t실제\n데이터센터 수\t120개\t150개\n"
    cs = extract_claims(t)
    assert [c.metric for c in cs] == ["np:데이터센터 수", "np:데이터센터 수"]
    assert [c.period for c in cs] == ["2023", "2024"]


# ----------------------------------------------------------------- seeds


def _seed(shared_dir, name):
    return normalize((shared_dir / "seeds" / name).read_text(encoding="utf-8")).text


def _pct_or_count(cell: str) -> float:
    m = re.match(r"([\d,.]+)(만)?", cell.strip())
    v = float(m.group(1).replace(",", ""))
    return v * 10_000 if m.group(2) else v


def test_seed004_macro_table(shared_dir):
    t = _seed(shared_dir, "004_baff780838081e41.txt")
    cs = [c for c in extract_claims(t, doc_date="2025") if c.source == "table"]
    # our own reading of the table: header years, kind row, four metric rows
    lines = t.split("\n")
    hi = next(i for i, ln in enumerate(lines) if ln.strip("\t").startswith("2023\t"))
    years = []
    for cell in lines[hi].split("\t")[1:]:
        years.append(cell or years[-1])
    kinds = lines[hi + 1].split("\t")[1:]
    metrics = ["gdp_growth", "urban_new_jobs", "urban_surveyed_unemployment", "cpi_growth"]
    expected = set()
    for row, metric in zip(lines[hi + 2 : hi + 6], metrics, strict=True):
        for y, k, cell in zip(years, kinds, row.split("\t")[1:], strict=True):
            kind = {"목표": "target", "실제": "actual"}[k]
            expected.add((metric, y, kind, _pct_or_count(cell)))
    got = {(c.metric, c.period, c.kind, round(c.value_base, 6)) for c in cs}
    assert expected <= got
    assert ("gdp_growth", "2023", "target", 5.0) in got
    assert ("gdp_growth", "2023", "actual", 5.2) in got
    assert len(expected) == 20


def test_seed000_plan_table(shared_dir):
    t = _seed(shared_dir, "000_59329f84dd77c02e.txt")
    cs = [c for c in extract_claims(t, doc_date="2025") if c.source == "table"]
    core = {c.period: c.value_base for c in cs if c.metric == "ai_core_industry_size"}
    rel = {c.period: c.value_base for c in cs if c.metric == "ai_related_industry_size"}
    assert core == {"2020": 1.5e11, "2025": 4e11, "2030": 1e12}
    assert rel == {"2020": 1e12, "2025": 5e12, "2030": 1e13}
    assert all(c.kind == "target" and c.period_kind == "by_deadline" for c in cs)

"""verify: claims of a secondary report checked against a toy series (with a gap), claim
detection in ko/zh/en, and the seed bars on ../shared (skipped when absent)."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from policyscope import Workspace
from policyscope.analysis.verify_detect import find_years

TOY = {
    "2019": "一、发展数字经济。制定“互联网+”行动计划，推动产业升级。\n",
    "2020": (
        "一、发展人工智能产业。互联网+继续推进。\n"
        "今年发展主要预期目标是：国内生产总值增长6%左右。\n"
    ),
    # 2021 is missing: a gap in the integer keys
    "2022": "一、开展“人工智能+”行动，培育具身智能等未来产业。\n",
    "2023": "一、加快发展新质生产力。推动人工智能发展，支持人工智能手机和电脑。\n",
}
SECONDARY = (
    "2023년 정부업무보고에서 AI가 2번 언급되었다.\n\n"
    "2023年政府工作报告首次提出“新质生产力”。\n\n"
    "The 2022 Government Work Report mentioned AI Plus for the first time.\n\n"
    "2020년 정부업무보고는 경제성장률 목표를 7%로 제시했다.\n"
)


@pytest.fixture(scope="module")
def toy(tmp_path_factory):
    root = tmp_path_factory.mktemp("toy")
    ws = Workspace(root / "w.db")
    for key, text in TOY.items():
        f = root / f"toy-{key}.zh.txt"
        f.write_text(text, encoding="utf-8")
        ws.ingest([f], meta={"series": "toy", "series_key": key, "language": "zh"})
    sec = root / "brief.txt"
    sec.write_text(SECONDARY, encoding="utf-8")
    ws.ingest([sec])
    yield ws, root
    ws.close()


def claims(ws, root, items):
    import yaml

    p = root / "claims.yaml"
    p.write_text(yaml.safe_dump(items, allow_unicode=True), encoding="utf-8")
    return ws.verify(claims_file=str(p), against="toy")


def one(ws, root, **claim):
    return claims(ws, root, [{"series": "toy", **claim}])[0]


# -- counts ---------------------------------------------------------------------------


def test_count_supported_by_literal_rule_and_says_which(toy):
    v = one(*toy, type="count", term="人工智能", key="2023", count=2)
    assert v.verdict == "supported"
    assert "literal" in v.evidence.split(".")[0]
    rules = {r["rule"]: r["count"] for r in v.details["rules"]}
    assert rules["literal"] == 2 and rules["token"] < 2  # 人工智能手机 is one token
    kw = next(r for r in v.details["rules"] if r["rule"] == "literal")["kwic"]
    assert {k["match"] for k in kw} == {"人工智能"} and all(k["doc_id"] for k in kw)


def test_count_no_rule_reproduces_is_contradicted_with_every_count(toy):
    v = one(*toy, type="count", term="AI", key="2023", count=7)
    assert v.verdict == "contradicted"
    assert v.item_id == "artificial_intelligence"
    assert "No counting rule gives 7" in v.evidence
    assert {"literal", "token", "concept"} <= {r["rule"] for r in v.details["rules"]}
    assert v.details["previous"]["series_key"] == "2022"


def test_count_in_missing_member_is_not_checkable(toy):
    v = one(*toy, type="count", term="人工智能", key="2021", count=1)
    assert v.verdict == "not_checkable" and "not in the store" in v.evidence


# -- first appearances ------------------------------------------------------------------


def test_first_supported_without_gap(toy):
    v = one(*toy, type="first_appearance", term="互联网+", key="2019")
    assert v.verdict == "supported" and v.details["first_key"] == "2019"
    assert "every earlier member is stored" in v.evidence


def test_first_after_earlier_gap_is_supported_with_caveat(toy):
    v = one(*toy, type="first_appearance", term="新质生产力", key="2023")
    assert v.verdict == "supported"
    assert "Caveat" in v.evidence and "2021" in v.evidence
    assert v.details["table"]["2021"] is None and v.details["missing"] == ["2021"]


def test_first_right_after_gap_is_not_checkable(toy):
    v = one(*toy, type="first_appearance", term="具身智能", key="2022")
    assert v.verdict == "not_checkable"
    assert "right before it, 2021, is not in the store" in v.evidence


def test_first_contradicted_by_earlier_member_with_kwic(toy):
    v = one(*toy, type="first_appearance", term="人工智能", key="2023")
    assert v.verdict == "contradicted" and v.details["first_key"] == "2020"
    assert "[人工智能]" in v.evidence
    assert v.details["first_kwic"][0]["match"] == "人工智能"


def test_first_token_rule_ignores_substring_inside_longer_word(toy):
    # 智能+ occurs literally inside 人工智能+ (2022) but never as its own word
    v = one(*toy, type="first_appearance", term="智能+", key="2022")
    assert v.details["table"]["2022"]["literal"] == 1
    assert v.details["table"]["2022"]["token"] == 0
    assert v.verdict == "contradicted"


# -- figures ------------------------------------------------------------------------------


def test_figure_supported_with_primary_span(toy):
    ws, root = toy
    v = one(
        ws,
        root,
        type="figure",
        term="GDP",
        key="2020",
        value=6,
        unit="%",
        metric="gdp_growth",
        kind="target",
    )
    assert v.verdict == "supported"
    m = v.details["matches"][0]
    assert ws.text(v.primary.split("doc ")[1].rstrip(")"))[m["start"] : m["end"]].startswith("6%")


def test_figure_contradicted_shows_the_report_figure(toy):
    v = one(
        *toy,
        type="figure",
        term="GDP",
        key="2020",
        value=7,
        unit="%",
        metric="gdp_growth",
        kind="target",
    )
    assert v.verdict == "contradicted" and "6%" in v.evidence


def test_figure_in_missing_member_not_checkable(toy):
    v = one(*toy, type="figure", term="GDP", key="2021", value=6, unit="%", metric="gdp_growth")
    assert v.verdict == "not_checkable"


# -- detection ---------------------------------------------------------------------------


def test_detects_claims_in_ko_zh_en_and_checks_them(toy):
    ws, _root = toy
    vs = ws.verify("brief.txt", against="toy")
    got = {(v.claim_type, v.item_id, v.primary.split(" (")[0], v.verdict) for v in vs}
    assert ("count", "artificial_intelligence", "toy 2023", "supported") in got  # literal 2
    assert ("first_appearance", "new_quality_productive_forces", "toy 2023", "supported") in got
    assert ("first_appearance", "ai_plus", "toy 2022", "not_checkable") in got
    fig = [v for v in vs if v.claim_type == "attributed_figure"]
    assert fig and fig[0].verdict == "contradicted" and "6%" in fig[0].evidence


def test_year_forms():
    assert [y for _o, y in find_years("'24년 정부 활동 보고('24.3.) 2025年 3,981억")] == [
        "2024",
        "2024",
        "2025",
    ]


# -- the seed bars (../shared) -----------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_ws(shared_dir, tmp_path_factory):
    ws = Workspace(tmp_path_factory.mktemp("seedverify") / "w.db")
    corpus = shared_dir / "corpus"
    ws.ingest(sorted((corpus / "cn-gwr").glob("*.zh.txt")), manifest=corpus / "MANIFEST.tsv")
    ws.ingest(
        [
            shared_dir / "seeds" / "004_baff780838081e41.txt",
            shared_dir / "seeds" / "000_59329f84dd77c02e.txt",
        ]
    )
    yield ws
    ws.close()


def _by(vs, claim_type, item=None):
    return [v for v in vs if v.claim_type == claim_type and (item is None or v.item_id == item)]


def test_seed_004_verdicts(corpus_ws):
    vs = corpus_ws.verify("004_baff780838081e41.txt")
    assert all(
        v.evidence and v.verdict in ("supported", "contradicted", "not_checkable") for v in vs
    )
    (count,) = _by(vs, "count")
    assert count.details["claimed"] == 9 and count.verdict == "contradicted"
    rules = {r["rule"]: r["count"] for r in count.details["rules"]}
    assert rules["literal"] == 3 and rules["broad"] == 10 and 9 not in rules.values()
    emb = _by(vs, "first_appearance", "embodied_ai")
    assert len(emb) == 2 and {v.verdict for v in emb} == {"supported"}
    assert all("Caveat" in v.evidence for v in emb)
    figs = _by(vs, "attributed_figure")
    assert len(figs) >= 20
    assert Counter(v.verdict for v in figs if "2023 (not" in v.primary)["not_checkable"] == 4
    unemp_2023 = [
        v
        for v in figs
        if v.details["figure"]["metric"] == "urban_surveyed_unemployment"
        and v.details["figure"]["period"] == "2023"
        and v.details["figure"]["kind"] == "actual"
    ]
    assert unemp_2023[0].verdict == "contradicted" and "5.2%" in unemp_2023[0].evidence
    assert json.dumps([v.to_dict() for v in vs], ensure_ascii=False)


def test_seed_000_verdicts(corpus_ws):
    vs = corpus_ws.verify("000_59329f84dd77c02e.txt")
    firsts = {(v.item_id, v.primary.split(" (")[0]): v.verdict for v in _by(vs, "first_appearance")}
    assert firsts[("ai_models", "cn-gwr 2025")] == "supported"
    assert firsts[("gazelle_companies", "cn-gwr 2025")] == "supported"
    assert firsts[("intelligent_plus", "cn-gwr 2019")] == "supported"
    assert firsts[("ai_plus", "cn-gwr 2024")] == "not_checkable"  # 2023 right before is missing
    assert firsts[("new_quality_productive_forces", "cn-gwr 2024")] == "not_checkable"
    assert (
        firsts[("new_quality_productive_forces", "a Xi Jinping speech or remark")]
        == "not_checkable"
    )
    (inet,) = _by(vs, "presence", "internet_plus")
    assert inet.verdict == "supported" and inet.details["first_key"] == "2015"
    budget = [v for v in _by(vs, "attributed_figure") if "3,981" in v.term]
    assert budget and budget[0].verdict == "not_checkable"


def test_cli_verify_table_and_json(corpus_ws, tmp_path):
    from typer.testing import CliRunner

    from policyscope.cli import app

    r = CliRunner().invoke(
        app, ["--db", corpus_ws.db, "verify", "--doc", "004_baff780838081e41.txt", "-f", "json"]
    )
    assert r.exit_code == 0, r.output
    assert any(v["claim_type"] == "count" for v in json.loads(r.output))
    r = CliRunner().invoke(
        app, ["--db", corpus_ws.db, "verify", "--doc", "000_59329f84dd77c02e.txt"]
    )
    assert r.exit_code == 0 and "not_checkable" in r.output
    r = CliRunner().invoke(app, ["verify", "--help"])
    assert "Example: policyscope verify" in r.output


def test_section_heading_attributes_national_figures_only(tmp_path):
    ws = Workspace(tmp_path / "w.db")
    for key, text in TOY.items():
        f = tmp_path / f"toy-{key}.zh.txt"
        f.write_text(text, encoding="utf-8")
        ws.ingest([f], meta={"series": "toy", "series_key": key, "language": "zh"})
    brief = tmp_path / "heading.txt"
    brief.write_text(
        "▣ 2020년 정부업무보고의 주요 목표\n\n"
        "- 중국 정부는 경제성장률 목표를 6% 내외로 제시했다.\n\n"
        "- 샤오미는 올해 R&D에 300억 위안을 투자한다고 발표했다.\n",
        encoding="utf-8",
    )
    ws.ingest([brief])
    figs = [
        v for v in ws.verify("heading.txt", against="toy") if v.claim_type == "attributed_figure"
    ]
    assert [(v.term.replace(" ", ""), v.verdict) for v in figs] == [("6%", "supported")]
    assert "section heading" in figs[0].details["year_from"]
    ws.close()

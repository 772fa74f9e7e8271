"""Counting rules, series and first appearance on hand-made texts (written for these tests)."""

from __future__ import annotations

import pytest

from policyscope import Workspace
from policyscope.analysis.counting import RULES, count_term
from policyscope.errors import BadArgument, NotFound
from policyscope.text.normalize import fold

ZH = (
    "推动人工智能＋行动，发展智能＋制造。人工智能和智能终端都很重要。\n\n"
    "智能智能智能。具身智能是新方向。"
)
KO = "정부는 인공지능(人工智能) 정책과 新质生产力를 논의했다. 지능형 로봇과 智能 제조."
EN = "AI+ is a plan. AI is everywhere. Embodied intelligence and embodied AI matter."
# a series with a gap (2021) and a second language for one member
SERIES = [
    ("toys", "2019", "zh", "发展互联网+，建设网络强国。"),
    ("toys", "2020", "zh", "推进互联网+和智能+，发展数字经济。"),
    ("toys", "2020", "en", "Promote Internet Plus and Intelligence Plus."),
    ("toys", "2022", "zh", "开展人工智能+行动，推进智能+。"),
]


@pytest.fixture(scope="module")
def w(tmp_path_factory):
    root = tmp_path_factory.mktemp("toy")
    ws = Workspace(root / "w.db")
    files = [("zh.txt", "toyzh", "2019", ZH), ("ko.txt", "toyko", "2020", KO)]
    files += [("en.txt", "toyen", "2021", EN)]
    files += [(f"s{i}.{lang}.txt", s, k, t) for i, (s, k, lang, t) in enumerate(SERIES)]
    for name, series, key, text in files:
        (root / name).write_text(text, encoding="utf-8")
        ws.ingest([root / name], meta={"series": series, "series_key": key}, workers=1)
    yield ws
    ws.close()


def doc(w, name: str) -> int:
    return w.resolve_doc(name).id


def counts(w, term, name, rule):
    d = doc(w, name)
    return count_term(w.corpus, term, [d], rule)[d]


def test_literal_is_plain_substring_count_with_width_folding(w):
    text = w.store.text(doc(w, "zh.txt"))
    for term in ("智能", "人工智能", "人工智能+", "人工智能＋", "智能智能", "具身智能", "智能+"):
        r = counts(w, term, "zh.txt", "literal")
        assert r.count == fold(text).count(fold(term)), term
        assert [text[s:e] for s, e in r.spans] == [fold(term)] * r.count
    assert counts(w, "人工智能＋", "zh.txt", "literal").count == 1  # full-width in the source
    assert counts(w, "智能", "zh.txt", "literal").count == 8  # inside 人工智能 too
    assert counts(w, "智能智能", "zh.txt", "literal").count == 1  # non-overlapping, as str.count


def test_token_rule_counts_whole_tokens_only(w):
    assert counts(w, "智能", "zh.txt", "token").count == 3  # not inside 人工智能 / 智能终端
    assert counts(w, "人工智能", "zh.txt", "token").count == 1  # not inside 人工智能+行动
    assert counts(w, "人工智能+", "zh.txt", "token").count == 0  # the pack term is 人工智能+行动
    assert counts(w, "人工智能＋行动", "zh.txt", "token").count == 1
    assert counts(w, "智能智能", "zh.txt", "token").count == 1  # adjacent token sequence
    assert counts(w, "发展智能+", "zh.txt", "token").count == 1  # two tokens: 发展 | 智能+


def test_cjk_inside_korean(w):
    assert counts(w, "人工智能", "ko.txt", "literal").count == 1
    assert counts(w, "人工智能", "ko.txt", "token").count == 1
    assert counts(w, "智能", "ko.txt", "literal").count == 2
    assert counts(w, "智能", "ko.txt", "token").count == 1  # the standalone 智能
    assert counts(w, "新质生产力", "ko.txt", "token").count == 1  # before the particle 를


def test_latin_terms(w):
    assert counts(w, "AI", "en.txt", "literal").count == 3
    assert counts(w, "AI", "en.txt", "token").count == 1  # not in AI+ nor in 'embodied AI'
    assert counts(w, "embodied intelligence", "en.txt", "token").count == 1  # case-insensitive
    assert counts(w, "embodied intelligence", "en.txt", "literal").count == 0  # case-sensitive


def test_concept_rule_counts_linked_mentions_in_every_language(w):
    ids = [doc(w, "zh.txt"), doc(w, "en.txt"), doc(w, "ko.txt")]
    # concept:ID forces the rule
    by_id = count_term(w.corpus, "concept:embodied_ai", ids, "literal")
    assert [by_id[i].count for i in ids] == [1, 2, 0]
    assert {r.rule for r in by_id.values()} == {"concept"}
    plain = count_term(w.corpus, "具身智能", ids, "concept")  # a surface form names the item
    assert [plain[i].count for i in ids] == [1, 2, 0]
    assert plain[ids[0]].item_id == "embodied_ai"
    with pytest.raises(BadArgument, match="no surface form"):
        count_term(w.corpus, "没有这个词", ids, "concept")
    with pytest.raises(NotFound):
        count_term(w.corpus, "concept:no_such_item", ids, "concept")


def test_denominators_and_units(w):
    zh = counts(w, "智能", "zh.txt", "literal")
    text = w.store.text(doc(w, "zh.txt"))
    assert zh.denominator_unit == "chars"
    assert zh.denominator == len("".join(text.split()))
    assert zh.per_10k == pytest.approx(8 * 10000 / zh.denominator, abs=1e-3)
    tok = counts(w, "智能", "zh.txt", "token")
    assert tok.denominator_unit == "tokens"
    assert tok.denominator == w.store.stats(doc(w, "zh.txt"))["n_tokens"]
    en = counts(w, "AI", "en.txt", "literal")
    assert en.denominator_unit == "tokens"  # Latin literal counts: per 10k tokens
    assert counts(w, "concept:embodied_ai", "en.txt", "concept").denominator_unit == "tokens"


def test_counts_open_as_kwic_lines(w):
    r = counts(w, "智能", "zh.txt", "token")
    lines = w.count_kwic(r, window=3)
    assert len(lines) == r.count == 3
    assert all(k.match == "智能" for k in lines)
    assert [(k.start, k.end) for k in lines] == r.spans


def test_bad_rule_and_empty_term(w):
    with pytest.raises(BadArgument, match="literal, token, concept"):
        count_term(w.corpus, "智能", [1], "fuzzy")
    with pytest.raises(BadArgument):
        count_term(w.corpus, " ", [1], "literal")
    assert RULES == ("literal", "token", "concept")


def test_series_gaps_and_language(w):
    sd = w.series_docs("toys", term="互联网+")
    assert sd.lang == "zh"
    assert [k for k, _ in sd.members] == ["2019", "2020", "2022"]
    assert sd.missing == ["2021"] and sd.keys == ["2019", "2020", "2021", "2022"]
    en = w.series_docs("toys", term="Internet Plus")
    assert en.lang == "en" and [k for k, _ in en.members] == ["2020"]
    assert en.missing == []  # no pack definition, one key: nothing known to be missing
    assert w.series_docs("toys").lang == "zh"  # the series' most common language
    with pytest.raises(NotFound):
        w.series_docs("no-such-series")


def test_trend_rows_and_missing(w):
    res = w.trend(["互联网+", "智能+"], "toys")
    assert res.missing == ["2021"]
    got = [(r.series_key, r.term, r.count) for r in res.rows]
    assert got == [
        ("2019", "互联网+", 1),
        ("2020", "互联网+", 1),
        ("2022", "互联网+", 0),
        ("2019", "智能+", 0),
        ("2020", "智能+", 1),
        ("2022", "智能+", 2),  # literal: 人工智能+ holds 智能+ too
    ]
    table = res.table()
    assert [(r.series_key, r.count) for r in table if r.term == "智能+"] == [
        ("2019", 0),
        ("2020", 1),
        ("2021", None),
        ("2022", 2),
    ]
    assert res.units == {"互联网+": "chars", "智能+": "chars"}
    with pytest.raises(BadArgument):
        w.trend(["智能+"], "toys", per="percent")


def test_first_appearance_warns_about_missing_members(w):
    rows = {r.term: r for r in w.first(["互联网+", "智能+", "人工智能+", "区块链"], "toys")}
    assert rows["互联网+"].first_key == "2019" and rows["互联网+"].last_key == "2020"
    assert rows["互联网+"].warning is None
    assert rows["智能+"].first_key == "2020" and rows["智能+"].warning is None
    ai = rows["人工智能+"]
    assert ai.first_key == "2022" and ai.missing_before_first == ["2021"]
    assert "2021" in ai.warning and "人工智能+ may have appeared there first" in ai.warning
    none = rows["区块链"]
    assert none.first_key is None and none.keys_present == []
    assert "2021" in none.warning


def test_workspace_count_term_over_a_series(w):
    res = w.count_term("互联网+", series="toys", lang="zh")
    assert sorted(r.count for r in res.values()) == [0, 1, 1]
    assert w.count_term("Internet Plus", series="toys", lang="en")[doc(w, "s2.en.txt")].count == 1

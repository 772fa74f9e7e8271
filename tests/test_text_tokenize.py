"""Tokenizer and pipeline tests; each backend is built once per module (fixture)."""

import pickle

import pytest

from policyscope.text.pipeline import analyze_text
from policyscope.text.terms import TermDictionary, default_terms
from policyscope.text.tokenize import Tokenizer


@pytest.fixture(scope="module")
def tok():
    t = Tokenizer(default_terms())
    t.warm()
    return t


def _check_offsets(text, tokens, offset=0):
    for t in tokens:
        assert text[t.start - offset : t.end - offset] == t.text, t
    ends = [(t.start, t.end) for t in tokens]
    assert ends == sorted(ends)
    assert all(a[1] <= b[0] for a, b in zip(ends, ends[1:], strict=False)), "overlap"
    assert all(t.text.strip() == t.text and t.text for t in tokens)


def _terms(tokens):
    return [t.text for t in tokens if t.pos == "TERM"]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("开展人工智能+行动，因地制宜发展新质生产力", "zh", ["人工智能+", "新质生产力"]),
        (
            "推进具身智能、低空经济和大模型应用，深化智能+",
            "zh",
            ["具身智能", "低空经济", "大模型", "智能+"],
        ),
        ("推进“互联网+”行动", "zh", ["互联网+"]),
        (
            "중국은 신체화를 강조하고 딥시크는 AI+전략을 추진했다.",
            "ko",
            ["신체화", "딥시크", "AI+"],
        ),
        (
            "新质生产力と具身智能は大模型の応用を重視する。",
            "ja",
            ["新质生产力", "具身智能", "大模型"],
        ),
        ("China launched the AI+ initiative and 新质生产力 policies.", "en", ["AI+", "新质生产力"]),
    ],
)
def test_policy_terms_are_single_tokens(tok, text, lang, expected):
    tokens = tok.tokenize(text, lang)
    _check_offsets(text, tokens)
    assert _terms(tokens) == expected


def test_smart_plus_not_inside_ai_plus(tok):
    tokens = tok.tokenize("开展人工智能+行动", "zh")
    assert [t.text for t in tokens] == ["开展", "人工智能+", "行动"]
    assert "智能+" not in _terms(tokens)


def test_offsets_with_shift(tok):
    text = "신체화를 통한 새로운 질의 생산력(新质生产力) 강화"
    for lang in ("ko", "zh", "ja", "en"):
        tokens = tok.tokenize(text, lang, offset=100)
        assert tokens and tokens[0].start >= 100
        _check_offsets(text, tokens, offset=100)
    doc = "앞 문장 " + text
    tokens = tok.tokenize(text, "ko", offset=5)
    _check_offsets(doc, tokens)


def test_korean_particles_after_terms_and_han_run_as_chinese(tok):
    text = "중국 정보통신연구원(中国信息通信研究院)의 통계에 따르면 신체화를 강조했다."
    tokens = tok.tokenize(text, "ko")
    _check_offsets(text, tokens)
    by_text = {t.text: t for t in tokens}
    assert [t.text for t in tokens if t.lang == "zh"] == ["中国", "信息", "通信", "研究院"]
    assert by_text["신체화"].pos == "TERM"
    assert by_text["를"].pos == "JKO"
    assert by_text["의"].pos == "JKG"


def test_korean_overlapping_morphemes_merged(tok):
    text = "투자가 증가했다."
    tokens = tok.tokenize(text, "ko")
    _check_offsets(text, tokens)
    assert [t.text for t in tokens] == ["투자", "가", "증가", "했", "다", "."]
    assert tokens[3].pos.count("+") == 1  # 하/XSV + 었/EP


def test_ai_not_inside_words(tok):
    td = TermDictionary(["AI"])
    t = Tokenizer(td)
    tokens = t.tokenize("MAIN said AI matters", "en")
    assert _terms(tokens) == ["AI"]
    assert [x.text for x in tokens] == ["MAIN", "said", "AI", "matters"]


def test_english_regex(tok):
    text = "The U.S. spent $1,256.3 billion on high-quality 5G in 2024; China's AI+ grew 3.5%."
    tokens = tok.tokenize(text, "en")
    _check_offsets(text, tokens)
    words = [t.text for t in tokens]
    assert "U.S." in words and "1,256.3" in words and "5G" in words
    assert "China's" in words and "AI+" in words and "3.5" in words
    assert "high-quality" in words
    assert tok.tokenize_for_index(text, "en")[:3] == ["u.s.", "spent", "1,256.3"]


def test_india_indonesia_in_tokens():
    t = Tokenizer(TermDictionary(["印度", "印度尼西亚"]))
    tokens = t.tokenize("印度尼西亚与印度合作", "zh")
    assert _terms(tokens) == ["印度尼西亚", "印度"]


def test_japanese_mode_a_vs_c(tok):
    text = "政府は基本計画を策定した。"
    display = [t.text for t in tok.tokenize(text, "ja")]
    index = tok.tokenize_for_index(text, "ja")
    assert "基本計画" in display
    assert "基本" in index and "計画" in index and "基本計画" not in index
    assert "は" not in index and "。" not in index
    # a kanji compound only mode C keeps whole
    assert [t.text for t in tok.tokenize("選挙管理委員会", "ja")] == ["選挙管理委員会"]
    assert tok.tokenize_for_index("選挙管理委員会", "ja") == ["選挙", "管理", "委員", "会"]


def test_index_forms_drop_punctuation_and_lowercase(tok):
    assert tok.tokenize_for_index("开展人工智能+行动，发展AI。", "zh") == [
        "开展",
        "人工智能+",
        "行动",
        "发展",
        "ai",
    ]
    ko = tok.tokenize_for_index("중국은 딥시크를 강조했다.", "ko")
    assert ko[:2] == ["중국", "딥시크"]
    assert "는" not in ko and "를" not in ko and "." not in ko


def test_tokenize_many_matches_single_calls(tok):
    items = [("딥시크는 좋다", "ko", 0), ("新质生产力", "zh", 10), ("신체화를 했다", "ko", 30)]
    batch = tok.tokenize_many(items)
    single = [tok.tokenize(t, lang, off) for t, lang, off in items]
    assert batch == single


def test_tokenizer_pickles(tok):
    t2 = pickle.loads(pickle.dumps(tok))
    assert t2.tokenize("开展人工智能+行动", "zh") == tok.tokenize("开展人工智能+行动", "zh")


def test_terms_added_later_are_used():
    td = TermDictionary(["大模型"])
    t = Tokenizer(td)
    assert _terms(t.tokenize("人形机器人与大模型", "zh")) == ["大模型"]
    td.extend(["人形机器人"])
    assert _terms(t.tokenize("人形机器人与大模型", "zh")) == ["人形机器人", "大模型"]


def test_analyze_text_korean_document(tok):
    doc = (
        "중국의 AI 정책\n\n"
        "- 중국은 새로운 질의 생산력(新质生产力)을 강조했다. 성장률은 3.5%였다.\n"
        "Digital China strategy\n"
        "2025\n"
    )
    paras = analyze_text(doc, tok)
    assert [p.lang for p in paras] == ["ko", "ko", "en", "und"]
    p = paras[1]
    assert [doc[s:e] for s, e in p.sentences] == [
        "- 중국은 새로운 질의 생산력(新质生产力)을 강조했다.",
        "성장률은 3.5%였다.",
    ]
    _check_offsets(doc, p.tokens)
    assert all(p.start <= t.start and t.end <= p.end for t in p.tokens)
    assert "新质生产力" in _terms(p.tokens)
    assert "새로운 질의 생산력" in _terms(p.tokens)
    assert _terms(paras[2].tokens) == ["Digital China"]


def test_analyze_text_chinese_han_run_in_korean_is_zh_tokens(tok):
    doc = "중국 정부는 이구환신 정책과 동적 조정(动态调整) 방침을 밝혔다."
    (p,) = analyze_text(doc, tok)
    assert p.lang == "ko"
    assert [t.text for t in p.tokens if t.lang == "zh"] == ["动态", "调整"]


def test_analyze_text_japanese_kanji_heading(tok):
    doc = "研究開発計画\n政府は生成AIの利活用を推進する。\n企業も投資を拡大している。"
    paras = analyze_text(doc, tok)
    assert [p.lang for p in paras] == ["ja", "ja", "ja"]
    index_paras = analyze_text(doc, tok, for_index=True)
    assert [t.text for t in paras[0].tokens] == ["研究開発", "計画"]
    assert [t.text for t in index_paras[0].tokens] == ["研究", "開発", "計画"]


def test_subwords_of_long_chinese_words():
    from policyscope.text.tokenize.zh import ZhBackend

    z = ZhBackend()
    z.add_terms(["生成式人工智能", "算力基础设施"])
    assert z.subwords("生成式人工智能") == ("生成式", "生成", "人工智能", "人工", "智能")
    assert "算力" not in z.subwords("算力基础设施")  # not a word until a term says so
    z.add_terms(["算力"])  # a new term can be a word inside an old one: the cache resets
    assert z.subwords("算力基础设施")[0] == "算力"
    assert z.subwords("智能") == () and z.subwords("AI+") == () and z.subwords("2024年") == ()
    assert z.subwords("人工智能" * 11) == ()  # too long to be a word: not cut into pieces


def test_zh_tokens_are_segment_spans_at_the_offset():
    from policyscope.text.tokenize.zh import ZhBackend

    z = ZhBackend()
    text = "前言 发展新质生产力，2025年 AI 芯片。"
    out: list = []
    z.tokens(text, 3, len(text), 100, out)
    assert [(t.start, t.end, t.pos, t.lang) for t in out] == [
        (a + 100, b + 100, p, "zh") for a, b, p in z.segment(text, 3, len(text))
    ]
    assert all(t.text == text[t.start - 100 : t.end - 100] for t in out)
    assert [t.text for t in out if t.pos == "m"] == ["2025"] and "AI" in [t.text for t in out]
    assert not any(t.text.isspace() for t in out)

"""Korean ingest speed: MeCab-ko's offsets come from its own output format, ingest takes the
index forms of Korean without making Tokens, short stretches go to MeCab once, and a
paragraph with enough Hangul is Korean without counting the other scripts. Each fast path
must give exactly what the slow one gives."""

import pytest

from policyscope.text import langid
from policyscope.text.langid import detect_language
from policyscope.text.pipeline import analyze_text, index_text
from policyscope.text.terms import default_terms
from policyscope.text.tokenize import Tokenizer, ko

KOREAN = [
    "중국의 인공지능(AI) 정책전략 현황과 변화 방향",
    "정부는 新质生产力(새로운 질적 생산력)와 具身智能을 강조하며, AI+ 행동을 추진했다.",
    "  - 1. 본 보고서는 방송통신발전기금으로 수행하는\t연구개발 사업의 결과물이다.  ",
    "신체화\u3000AI와 딥시크, 그리고 \x0b반도체\r투자 (2025년 3월) ☑ 출처 : NIA",
    "구분자\x1f가 들어간 문장\x1f도 그대로 자른다 인공지능",
    "(AI)(AI)(AI), 인공지능, 인공지능, 인공지능의 인공지능의 인공지능",
    "ABC Corp.의 GPT-4o와 Llama 3.1 모델은 2024년에 공개되었다.",
    "İSTANBUL과 ΑΘΗΝΑΣ의 ΣΧΈΔΙΟ, 분리\x1e기호가 있는 문장을 읽었다",
]
OTHERS = [
    ("开展人工智能+行动，因地制宜发展新质生产力。", "zh"),
    ("China launched the AI+ initiative and 新质生产力 policies in 2024.", "en"),
    ("— 2024 —", "und"),
]


@pytest.fixture(scope="module")
def tok():
    t = Tokenizer(default_terms())
    t.warm(("ko", "zh"))
    return t


@pytest.fixture
def mecab(monkeypatch):
    monkeypatch.setitem(ko._state, "name", "mecab")


@pytest.mark.parametrize("text", KOREAN)
def test_mecab_offsets_from_its_own_format_are_those_of_walking_its_output(mecab, text):
    walked: list[tuple[int, int, str]] = []
    ko._mecab_gap(text, 3, len(text), walked)
    fast: list = []
    ko.mecab_tokens(text, 3, len(text), 100, fast)
    assert [(t.start - 100, t.end - 100, t.pos) for t in fast] == walked
    assert all(text[t.start - 100 : t.end - 100] == t.text for t in fast)
    assert len(walked) > 3


def test_index_forms_without_tokens_are_those_of_the_tokens(mecab, tok):
    items = [(text, "ko") for text in KOREAN] + OTHERS
    slow = [tok.paragraph_index(tok.tokenize(text, lang), lang) for text, lang in items]
    assert tok.index_many(items) == slow
    n, forms = slow[0]
    assert n == 8 and forms.split()[:3] == ["중국", "인공지능", "ai"]
    assert "新质生产力" in slow[1][1].split() and "具身智能" in slow[1][1].split()


def test_ingest_makes_no_korean_tokens(mecab, tok, monkeypatch):
    doc = "\n\n".join([*KOREAN, *(text for text, _ in OTHERS)])
    slow = [
        (p.start, p.end, p.lang, p.sentences, *tok.paragraph_index(p.tokens, p.lang))
        for p in analyze_text(doc, tok, for_index=True)
    ]

    def no_tokens(*args):
        raise AssertionError("ingest made Korean Tokens")

    monkeypatch.setattr(ko, "mecab_tokens", no_tokens)
    fast = [
        (p.start, p.end, p.lang, p.sentences, p.n_content, p.index) for p in index_text(doc, tok)
    ]
    assert fast == slow
    assert [p[2] for p in fast].count("ko") == len(KOREAN)


def test_short_stretches_go_to_mecab_once(mecab, tok, monkeypatch):
    text = "인공지능, 인공지능, 인공지능, 인공지능의 인공지능과 반도체 투자를 늘렸다"
    slow = tok.paragraph_index(tok.tokenize(text, "ko"), "ko")
    tagger, lib = ko._tagger("forms")
    calls: list[str] = []

    class Counting:
        def parse(self, gap):
            calls.append(gap)
            return tagger.parse(gap)

    monkeypatch.setitem(ko._state, "mecab_forms", (Counting(), lib))
    monkeypatch.setattr(ko, "_SHORT_FORMS", {})
    ((n, forms),) = tok.index_many([(text, "ko")])
    assert (n, forms) == slow
    assert forms.split()[-3:] == ["반도체", "투자", "늘렸"] and forms.count("인공지능") == 5
    assert sorted(calls) == [", ", "과 반도체 투자를 늘렸다", "의 "]  # short ones once
    calls.clear()
    assert tok.index_many([(text, "ko")]) == [slow]
    assert calls == ["과 반도체 투자를 늘렸다"]


def test_a_paragraph_with_enough_hangul_is_korean_without_counting_the_rest(monkeypatch):
    calls: list[str] = []
    real = langid.script_counts
    monkeypatch.setattr(langid, "script_counts", lambda t: calls.append(t) or real(t))
    assert detect_language("인공지능 " * 5 + "新质生产力 and AI policy in 2024") == "ko"
    assert calls == []
    assert detect_language("인공 " + "新质生产力" * 5) == "zh"  # 2 Hangul: all counted
    assert len(calls) == 1


@pytest.mark.parametrize(
    "doc",
    [
        "인공지능 정책\n\nAI\nMAIN AI+전략과 신체화\n  新质生产力  \n\n생성AI를, 인공지능" * 40,
        "ΑΙ ΟΔΟΣ\nİstanbul AI\n인공지능 정책 AI" * 80,  # lower() changes the length: per line
        "인공지능 AI+\n" * 3,  # short: the few-terms matcher
    ],
)
def test_terms_of_each_paragraph_in_one_pass_are_those_of_each_alone(tok, doc):
    spans = [(p.start, p.end) for p in analyze_text(doc, tok)]
    each = tok.terms.find_each(doc, spans)
    assert each == [tok.terms.find(doc[s:e]) for s, e in spans]
    assert sum(map(len, each)) >= 3


def test_terms_in_one_pass_fall_back_when_paragraphs_touch(tok):
    doc = "인공지능 정책과 AI+ 전략 " * 200
    spans = [(0, 10), (10, len(doc))]  # no line break between them: cut inside the text
    assert tok.terms.find_each(doc, spans) == [tok.terms.find(doc[s:e]) for s, e in spans]

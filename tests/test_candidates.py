"""Vocabulary candidates (policyscope.analysis.candidates)."""

from __future__ import annotations

import re

import pytest

from policyscope.analysis.candidates import (
    Candidate,
    find_candidates,
    known_to_pack,
    term_like,
    term_parts,
)
from policyscope.ingest.prepare import tokenizer
from policyscope.knowledge.runtime import pack_for
from policyscope.text.normalize import normalize

SEEDS = ("000_59329f84dd77c02e.txt", "004_baff780838081e41.txt")

# Hand-written texts (not from any source document).
KO = (
    "정부는 올해 '데이터 주권 펀드' 조성 계획을 내놓았다. 딥시크 모델에 이어 '딥시크' 같은 "
    "기업이 더 나올 것으로 본다. 연구진은 협동 지능망(协同智能网)이라는 개념을 제안했다. "
    "물류 로봇 회사인 가나다로보틱스(Ganada Robotics)가 투자를 받았다. 해양 풍력 단지를 "
    "늘리고, 해양 풍력 단지는 남부에 짓는다. 산악 태양광 기지는 한 곳뿐이다."
)
ZH = "会议提出建设“算力飞轮工程”，并推进具身智能产业发展。“具身智能”成为热点。"
EN = (
    'The ministry announced the "Compute Bridge Initiative" alongside DeepSeek. Analysts '
    'call "DeepSeek" a turning point; the Blue Harbor Compact was signed, and the Blue '
    "Harbor Compact took effect."
)
DOCS = [(1, KO), (2, ZH), (3, EN)]


@pytest.fixture(scope="module")
def pack():
    return pack_for()


@pytest.fixture(scope="module")
def tok():
    return tokenizer()


@pytest.fixture(scope="module")
def cands(pack, tok) -> dict[str, Candidate]:
    return {c.term: c for c in find_candidates(DOCS, pack, tok, min_count=2, top=None)}


def test_hand_written_terms_are_novel(pack):
    for term in (
        "데이터 주권 펀드",
        "协同智能网",
        "협동 지능망",
        "Ganada Robotics",
        "算力飞轮工程",
    ):
        assert not known_to_pack(term, pack), term
    for term in ("딥시크", "具身智能", "DeepSeek"):
        assert known_to_pack(term, pack), term


def test_quoted_novel_term_found_once(cands):
    c = cands["데이터 주권 펀드"]
    assert (c.source, c.count, c.documents, c.lang, c.doc_id) == ("quoted", 1, 1, "ko", 1)
    assert cands["算力飞轮工程"].source == "quoted"
    assert cands["算力飞轮工程"].lang == "zh"
    assert cands["Compute Bridge Initiative"].count == 1
    assert cands["Compute Bridge Initiative"].lang == "en"


def test_pack_terms_are_not_candidates(cands):
    for term in ("딥시크", "具身智能", "DeepSeek"):
        assert term not in cands


def test_bracketed_han_after_korean_gives_both(cands):
    assert cands["协同智能网"].source == "bracketed"
    assert cands["협동 지능망"].source == "bracketed"
    assert cands["협동 지능망"].lang == "ko"
    assert cands["Ganada Robotics"].source == "bracketed"
    assert cands["가나다로보틱스"].source == "bracketed"
    # kept tight: not '회사인 가나다로보틱스', not '연구진은 협동 지능망'
    assert not any(t.endswith(" 가나다로보틱스") or t.startswith("연구진") for t in cands)


def test_ngrams_need_min_count(pack, tok, cands):
    assert cands["해양 풍력 단지"].source == "ngram"
    assert cands["해양 풍력 단지"].count == 2
    assert cands["Blue Harbor Compact"].count == 2
    assert "산악 태양광 기지" not in cands  # once only
    # strict substrings with the same count go ('풍력 단지' is inside '해양 풍력 단지')
    assert "풍력 단지" not in cands
    higher = {c.term for c in find_candidates(DOCS, pack, tok, min_count=3, top=None)}
    assert "해양 풍력 단지" not in higher and "Blue Harbor Compact" not in higher
    assert "데이터 주권 펀드" in higher  # quoted terms ignore min_count


def test_offsets_and_context(cands):
    texts = dict(DOCS)
    assert cands
    for c in cands.values():
        text = texts[c.doc_id]
        assert text[c.start : c.end] == c.term
        assert c.count == sum(t.count(c.term) for t in texts.values())
        assert c.left == text[max(0, c.start - 25) : c.start]  # one-line texts: as is
        assert c.right == text[c.end : c.end + 25]
    c = cands["데이터 주권 펀드"]
    assert c.left.endswith("올해 '") and c.right.startswith("' 조성")


def test_ranking_and_record(pack, tok, cands):
    ranked = find_candidates(DOCS, pack, tok, top=3)
    assert len(ranked) == 3
    assert [c.score for c in ranked] == sorted((c.score for c in ranked), reverse=True)
    row = cands["协同智能网"].to_dict()
    assert list(row) == Candidate.columns()
    assert find_candidates([], pack, tok) == []


def test_term_like():
    for ok in ("新质生产力", "AI+전략", "가젤 기업", "Model as a Service", "6G", "U.S."):
        assert term_like(ok), ok
    for bad in (
        "'24.8. 기준",
        "약 60조 원",
        "2025. 3. 6",
        "검색일: 2025. 3. 7",
        "leeja@example.org",
        "https://example.org",
        "표 2",
        "참고 1",
        "Table",
        "¹⁾",
        "...",
        "新",
        "제22조 제1항",
        "이것은 꽤 긴 문장으로 끝난다",
    ):
        assert not term_like(bad), bad
    assert term_parts("embodied intelligence, 具身智能", split_list=True) == [
        (0, "embodied intelligence"),
        (23, "具身智能"),
    ]
    assert term_parts("새로운 질의 생산력(新质生产力)") == [(0, "새로운 질의 생산력")]


# ------------------------------------------------------------------ the two seeds

_PAIRS = ("‘’", "“”", "「」", "『』", "《》", "〈〉")
# An independent, simple extraction: innermost pairs by regex, one line at a time.
_QUOTE_RES = [
    re.compile(r"(?<![A-Za-z0-9])'(?!\d\d(?!\d))(?=\S)([^'\n]+?)(?<=\S)'(?![A-Za-z])"),
    re.compile(r'"([^"\n]+)"'),
    *(
        re.compile(f"{o}([^{o}{c}\\n]+){c}")
        for o, c in ("‘’", "“”", "「」", "『』", "《》", "〈〉")
    ),
]
_BRACKET_RES = [
    re.compile(r"\[([^\[\]\n]+)\]"),
    re.compile(r"\(([^()\n]+)\)"),
    re.compile(r"（([^（）\n]+)）"),
]


def _expected(text: str, pack) -> set[str]:
    out = set()
    for regexes, split in ((_QUOTE_RES, False), (_BRACKET_RES, True)):
        for rx in regexes:
            for m in rx.finditer(text):
                for _off, part in term_parts(m.group(1), split_list=split):
                    if not known_to_pack(part, pack):
                        out.add(part)
    return out


@pytest.mark.parametrize("name", SEEDS)
def test_seed_quoted_terms_are_candidates(shared_dir, pack, tok, name):
    path = shared_dir / "seeds" / name
    if not path.is_file():
        pytest.skip(f"{path} not present")
    text = normalize(path.read_text(encoding="utf-8")).text
    found = find_candidates([(7, text)], pack, tok, min_count=2, top=None)
    terms = {c.term for c in found}
    expected = _expected(text, pack)
    assert len(expected) >= 10

    def covered(term: str) -> bool:
        if term in terms:
            return True
        # dropped only as a strict substring of a longer candidate with the same count
        n = text.count(term)
        return any(term in c.term and c.count == n for c in found)

    misses = sorted(t for t in expected if not covered(t))
    assert not misses, f"{name}: {len(misses)}/{len(expected)} missed: {misses}"
    for c in found:
        assert text[c.start : c.end] == c.term and c.doc_id == 7
        assert not known_to_pack(c.term, pack)

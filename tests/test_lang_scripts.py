"""policyscope.lang.scripts: the one definition of script ranges."""

import re

import pytest

from policyscope.lang.scripts import (
    CJK_UNIFIED,
    HAN_BMP,
    dominant_script,
    guess_lang,
    is_han,
    is_hangul,
    is_kana,
    script_counts,
    script_of,
)


@pytest.mark.parametrize(
    ("ch", "script"),
    [
        ("한", "hangul"),
        ("ㄱ", "hangul"),  # compatibility jamo
        ("\u1100", "hangul"),  # conjoining jamo
        ("中", "han"),
        ("㐀", "han"),  # extension A
        ("\uf900", "han"),  # compatibility ideograph
        ("\U00020000", "han"),  # extension B
        ("の", "kana"),
        ("カ", "kana"),
        ("ｶ", "kana"),  # half-width katakana
        ("ー", "other"),  # long-vowel mark: punctuation in Korean/Chinese text too
        ("・", "other"),
        ("A", "latin"),
        ("é", "latin"),
        ("7", "digit"),
        ("７", "digit"),
        (",", "other"),
    ],
)
def test_script_of(ch, script):
    assert script_of(ch) == script


def test_predicates():
    assert is_han("国") and not is_han("국")
    assert is_hangul("국") and not is_hangul("国")
    assert is_kana("ひ") and not is_kana("ー")


def test_counts_and_dominant():
    counts = script_counts("새로운 질의 생산력(新质生产力) AI")
    assert counts == {"hangul": 8, "kana": 0, "han": 5, "latin": 2}
    assert dominant_script("새로운 질의 생산력(新质生产力)") == "hangul"
    assert dominant_script("新质生产力とは") == "han"
    assert dominant_script("2025, 3.5%") == "other"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("규모는 5,784억 위안", "ko"),
        ("予算は1，200億円", "ja"),
        ("预算3981亿元", "zh"),
        ("a budget of 20 billion", "en"),
    ],
)
def test_guess_lang(text, lang):
    assert guess_lang(text) == lang


def test_cjk_unified_is_the_common_han_block():
    unified = re.compile(f"[{CJK_UNIFIED}]")
    assert unified.fullmatch("中") and unified.fullmatch("鿿")
    assert not unified.fullmatch("㐀")  # extension A: Han, but not in the unified block
    assert is_han("㐀") and CJK_UNIFIED in HAN_BMP

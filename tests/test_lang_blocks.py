"""The whole-block ranges text/ and ingest/ take from lang.scripts."""

from __future__ import annotations

import pytest

from policyscope.lang.scripts import HANGUL_SYLLABLES, HANGUL_TRAILING_JAMO, KANA_BLOCKS, bounds
from policyscope.text.normalize import normalize
from policyscope.text.tokenize.zh import _pos


def test_bounds_of_one_range():
    assert bounds(HANGUL_SYLLABLES) == ("가", "힣")
    assert bounds(KANA_BLOCKS) == ("\u3040", "\u30ff")
    with pytest.raises(ValueError, match="not a single range"):
        bounds("A-Za-z")


def test_trailing_jamo_join_the_syllable_before():
    first, last = bounds(HANGUL_TRAILING_JAMO)
    assert (first, last) == ("\u1160", "\u11ff")
    # ᄒ + ᅡ + ᆫ (conjoining jamo) is one cluster: NFC makes 한
    assert normalize("\u1112\u1161\u11ab글").text == "한글"


def test_chinese_numerals_are_numbers_to_the_tokenizer():
    assert [_pos(w) for w in ("三千万", "两亿", "〇", "人工智能", "12.5%")] == [
        "m",
        "m",
        "m",
        "w",
        "m",
    ]

"""Exact shortcuts for whole-text regex scans: the same matches as plain finditer."""

from __future__ import annotations

import re

import pytest

from policyscope.extract.scan import FirstCharAlternation, in_runs, starting_at

URL = re.compile(r"(?:https?://|www\.)[^\s<>()]+|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[a-z]{2,}")
TEXT = "see https://a.cn/x and www.b.org, mail x.y@c.com\nor\tz@d.net; http://e.kr/(1) 끝"


def spans(ms) -> list[tuple[int, int]]:
    return [m.span() for m in ms]


def test_in_runs_finds_what_finditer_finds():
    got = in_runs(TEXT, URL, ("://", "www.", "@"))
    assert spans(got) == spans(URL.finditer(TEXT))
    assert [m.group() for m in got] == [
        "https://a.cn/x",
        "www.b.org,",
        "x.y@c.com",
        "z@d.net",
        "http://e.kr/",
    ]


def test_in_runs_without_anchors_finds_nothing():
    assert in_runs("no links here", URL, ("://", "www.", "@")) == []


NUM = re.compile(r"(?:[0-9]+|[一二三十]+)(?:\.[0-9]+)?")
NUM_START = re.compile("[0-9一二三十]")


@pytest.mark.parametrize("text", ["", "abc", "12 三十 4.5x 一二", "x9.9.9y十"])
def test_starting_at_finds_what_finditer_finds(text):
    assert spans(starting_at(text, NUM, NUM_START)) == spans(NUM.finditer(text))


def test_starting_at_rejects_empty_matches():
    with pytest.raises(ValueError):
        starting_at("a1", re.compile(r"\d*"), re.compile("[a1]"))


WORDS = [
    (r"(?<![A-Za-z])growth(?![A-Za-z])", "g"),
    (r"(?<![A-Za-z])GDP", "G"),
    ("규모", "규"),
    ("增长|规模", "增规"),
    (r"(?<![A-Za-z])gdp growth", "g"),
]


@pytest.mark.parametrize(
    "text",
    ["GDP growth of 5%", "gdp growth and Growth", "AI 규모 增长 规模", "ungrowth GDPs", ""],
)
def test_first_char_alternation_is_finditer(text):
    fa = FirstCharAlternation(WORDS, re.IGNORECASE)
    whole = re.compile("|".join(p for p, _ in WORDS), re.IGNORECASE)
    for start, end in [(0, len(text)), (1, max(1, len(text) - 2))]:
        assert spans(fa.finditer(text, start, end)) == spans(whole.finditer(text, start, end))


def test_first_char_alternation_keeps_the_first_alternative_that_matches():
    fa = FirstCharAlternation([("ab", "a"), ("abc", "a"), ("b", "b")])
    assert [m.span() for m in fa.finditer("abcbb")] == [(0, 2), (3, 4), (4, 5)]


def test_first_char_alternation_with_unknown_or_odd_first_characters():
    # unknown first characters, or a cased non-ASCII one, fall back to the whole regex
    for alts in ([("x+", None), ("y", "y")], [("é", "é"), ("e", "e")]):
        fa = FirstCharAlternation(alts, re.IGNORECASE)
        assert fa._groups is None
        assert [m.group() for m in fa.finditer("xxÉyE")] == [
            m.group() for m in fa.whole.finditer("xxÉyE")
        ]
    # a text character re folds in its own way (Kelvin sign) is tried against all
    fa = FirstCharAlternation([("kw", "k")], re.IGNORECASE)
    assert [m.group() for m in fa.finditer("5 \u212aw, 3 KW")] == ["\u212aw", "KW"]

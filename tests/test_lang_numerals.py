"""policyscope.lang.numerals and .eras: one parser for every written number."""

import re
from decimal import Decimal

import pytest

from policyscope.lang.eras import era_year
from policyscope.lang.numerals import (
    BIG_SCALE_PATTERN,
    CN_ONE_TO_NINE,
    MORE_THAN_MARKS,
    MORE_THAN_PATTERN,
    fold_digits,
    parse_cjk_int,
    parse_number,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # Arabic, with every separator we accept
        ("1200", "1200"),
        ("1,200", "1200"),
        ("1，200", "1200"),  # full-width comma (kept by text.normalize)
        ("１，２００", "1200"),  # full-width digits too
        ("1\u2009200\u2009000", "1200000"),  # thin space
        ("1\u202f200", "1200"),  # narrow no-break space
        ("3.75", "3.75"),
        ("12,345.6", "12345.6"),
        # Chinese
        ("一万零十二", "10012"),
        ("十二", "12"),
        ("十", "10"),
        ("二十一", "21"),
        ("两千三百", "2300"),
        ("一千零五", "1005"),
        ("三百零五万", "3050000"),
        ("壹仟贰佰", "1200"),
        # Korean mixed forms
        ("4천820만", "48200000"),
        ("1억 2천만", "120000000"),
        ("53조 9,281억", "53928100000000"),
        ("9만 4천", "94000"),
        # Japanese
        ("5万4千6百", "54600"),
        ("1万3000億", "1300000000000"),
        ("2兆", "2000000000000"),
        ("3400多万", "34000000"),
    ],
)
def test_parse_number(text, value):
    assert parse_number(text) == Decimal(value)


@pytest.mark.parametrize("text", ["", "abc", "1'000", "1 200", "1,20", "万"])
def test_parse_number_rejects(text):
    # an apostrophe is not a thousands separator (it starts '23 years); an ASCII space
    # between digits is two numbers; a comma needs a group of three
    with pytest.raises(ValueError):
        parse_number(text)


def test_fold_digits_keeps_length():
    s = "予算は１，２００億円"
    assert fold_digits(s) == "予算は1，200億円"
    assert len(fold_digits(s)) == len(s)


def test_parse_cjk_int():
    assert parse_cjk_int("十四") == 14
    assert parse_cjk_int("三十一") == 31
    with pytest.raises(ValueError):
        parse_cjk_int("1.5")


@pytest.mark.parametrize(
    ("era", "n", "year"),
    [
        ("令和", "6", 2024),
        ("令和", "元", 2019),
        ("平成", "元", 1989),
        ("平成", "31", 2019),
        ("平成", "三十一", 2019),
        ("昭和", "64", 1989),
        ("昭和", "元", 1926),
    ],
)
def test_era_year(era, n, year):
    assert era_year(era, n) == year


def test_era_year_rejects_unknown():
    with pytest.raises(ValueError):
        era_year("天平", "3")
    with pytest.raises(ValueError):
        era_year("令和", "0")


def test_shared_numeral_classes_read_as_the_parser_reads_them():
    # the classes extract/ builds its patterns from agree with the parser
    assert [parse_cjk_int(c) for c in CN_ONE_TO_NINE] == list(range(1, 10))
    assert re.fullmatch(BIG_SCALE_PATTERN, "万亿") and not re.fullmatch(BIG_SCALE_PATTERN, "千")
    assert all(re.fullmatch(MORE_THAN_PATTERN, c) for c in MORE_THAN_MARKS)
    assert parse_number("3400多万") == Decimal("34000000")

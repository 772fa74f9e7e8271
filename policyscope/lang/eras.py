"""Japanese era years: 令和6年 = 2024, 平成元年 = 1989.

An era year N of an era that began in year Y0 is Y0 + N - 1 (the first year, 元年, is
the year the era began). The table gives Y0 - 1, so that year = BASE + N.
"""

from __future__ import annotations

from .numerals import parse_cjk_int

__all__ = ["ERA_BASE", "ERA_PATTERN", "era_year"]

ERA_BASE: dict[str, int] = {
    "令和": 2018,  # 2019-05-01 -
    "平成": 1988,  # 1989-01-08 - 2019-04-30
    "昭和": 1925,  # 1926-12-25 - 1989-01-07
    "大正": 1911,
    "明治": 1867,
}
# an era name and its year number (Arabic, Chinese numerals or 元), without the 年
ERA_PATTERN = (
    r"(?P<era>" + "|".join(ERA_BASE) + r")\s?(?P<ey>元|[0-9]{1,2}|[一二三四五六七八九十]{1,3})"
)


def era_year(era: str, number: str) -> int:
    """Gregorian year of era year `number` ('6', '元', '三十一'). ValueError if unknown."""
    if era not in ERA_BASE:
        raise ValueError(f"unknown era {era!r}")
    n = 1 if number == "元" else int(number) if number.isdigit() else parse_cjk_int(number)
    if n < 1:
        raise ValueError(f"era year must be at least 1, got {number!r}")
    return ERA_BASE[era] + n

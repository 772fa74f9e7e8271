"""The articles of a Chinese regulation (第N条) and the clauses that oblige or forbid.

    for a in articles(text): a.head, a.number, a.clauses   # [(start, end)] of its clauses
    zh_number("二十四") -> 24

An article runs from its heading to the next article or chapter heading (第N章); a
clause ends at 。 ； or ;.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

ARTICLE = re.compile(r"^第([一二三四五六七八九十百零〇]+)条", re.MULTILINE)
CHAPTER = re.compile(r"^第[一二三四五六七八九十]+章", re.MULTILINE)
_CLAUSE_STOPS = re.compile(r"[。；;]")
_ZH_NUM = {"零": 0, "〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5}
_ZH_NUM.update({"六": 6, "七": 7, "八": 8, "九": 9})


@dataclass
class Article:
    head: str  # 第三条
    number: int
    clauses: list[tuple[int, int]]


def zh_number(s: str) -> int:
    """第二十四条 -> 24 (numerals up to 999)."""
    total, cur = 0, 0
    for ch in s:
        if ch == "百":
            total += (cur or 1) * 100
            cur = 0
        elif ch == "十":
            total += (cur or 1) * 10
            cur = 0
        else:
            cur = _ZH_NUM.get(ch, 0)
    return total + cur


def articles(text: str) -> Iterator[Article]:
    starts = [(m.start(), m.group(0), m.group(1)) for m in ARTICLE.finditer(text)]
    chapters = [m.start() for m in CHAPTER.finditer(text)]
    for i, (s, head, num) in enumerate(starts):
        e = starts[i + 1][0] if i + 1 < len(starts) else len(text)
        e = min([e] + [c for c in chapters if c > s])
        clauses, pos = [], s + len(head)
        for m in _CLAUSE_STOPS.finditer(text, pos, e):
            clauses.append((pos, m.end()))
            pos = m.end()
        if pos < e and text[pos:e].strip():
            clauses.append((pos, e))
        yield Article(head, zh_number(num), clauses)

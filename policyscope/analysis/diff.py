"""Two versions of a document (or a draft and its final text), aligned paragraph by paragraph.

    d = diff_texts(old_text, new_text, old_paragraphs, new_paragraphs, find_terms)
    d.changes      # [ParaChange] added | removed | changed, each with its spans in both texts
    d.figures      # Delta(added, removed): numbers with their units
    d.dates, d.obligations, d.terms

Paragraphs are aligned with difflib over their whitespace-free text; inside a block of
replaced paragraphs, an old and a new paragraph at least PAIR_RATIO alike are one changed
paragraph (the others are removed and added). Changed words are marked [-old-]{+new+}:
Latin words, numbers and Hangul runs as wholes, Han and kana character by character (no
tokenizer needed).
Figures, dates, obligations (应当/不得, 하여야 한다, shall/must) and linked terms are compared
as multisets over the changed, added and removed paragraphs only, so a figure that merely
moved does not show.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from policyscope.model import Record

PAIR_RATIO = 0.5
FIGURE = re.compile(
    r"(?<![\d.])\d+(?:[.,]\d+)*\s*(?:%|％|‰|万亿|亿|万|千|百|元|美元|个百分点|个|项|倍|人|家|吨|"
    r"千瓦|公里|조|억|만|원|명|개|건|percent|billion|million|trillion)?"
)
DATE = re.compile(r"\d{4}年(?:\d{1,2}月)?(?:\d{1,2}日)?|\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{4}년")
OBLIGATION = re.compile(
    r"应当|不得|必须|严禁|禁止|不应|하여야 한다|해야 한다|하여서는 아니 된다|아니 된다|"
    r"\bshall not\b|\bshall\b|\bmust not\b|\bmust\b|\bmay not\b"
)


@dataclass
class ParaChange(Record):
    op: str  # added | removed | changed
    old_index: int | None
    new_index: int | None
    old_start: int | None
    old_end: int | None
    new_start: int | None
    new_end: int | None
    old_text: str
    new_text: str
    marked: str  # the new paragraph with [-removed-]{+added+} marks (changed only)


@dataclass
class Delta(Record):
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed)


@dataclass
class DiffResult(Record):
    old_doc_id: int | None = None
    new_doc_id: int | None = None
    old_version: int | None = None
    new_version: int | None = None
    changes: list[ParaChange] = field(default_factory=list)
    unchanged: int = 0
    figures: Delta = field(default_factory=Delta)
    dates: Delta = field(default_factory=Delta)
    obligations: Delta = field(default_factory=Delta)
    terms: Delta = field(default_factory=Delta)

    def count(self, op: str) -> int:
        return sum(c.op == op for c in self.changes)

    def summary(self) -> str:
        parts = [f"{self.count(op)} {op}" for op in ("changed", "added", "removed")]
        line = ", ".join(parts) + f" paragraph(s); {self.unchanged} unchanged"
        for name in ("figures", "dates", "obligations", "terms"):
            delta = getattr(self, name)
            if delta:
                plus = ", ".join("+" + x for x in delta.added)
                minus = ", ".join("-" + x for x in delta.removed)
                line += f"; {name}: " + ", ".join(p for p in (plus, minus) if p)
        return line


Paragraphs = list[tuple[int, int]]


def split_paragraphs(text: str) -> Paragraphs:
    """(start, end) of each non-empty line: for texts without stored segments."""
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]


def _key(s: str) -> str:
    return re.sub(r"\s+", "", s)


def diff_texts(
    old: str,
    new: str,
    old_paras: Paragraphs | None = None,
    new_paras: Paragraphs | None = None,
    find_terms: Callable[[str], list[str]] | None = None,
) -> DiffResult:
    old_paras = old_paras if old_paras is not None else split_paragraphs(old)
    new_paras = new_paras if new_paras is not None else split_paragraphs(new)
    a = [old[s:e] for s, e in old_paras]
    b = [new[s:e] for s, e in new_paras]
    result = DiffResult()
    matcher = SequenceMatcher(None, [_key(x) for x in a], [_key(x) for x in b], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            result.unchanged += i2 - i1
            continue
        result.changes += _block(a, b, old_paras, new_paras, range(i1, i2), range(j1, j2))
    old_side = "\n".join(c.old_text for c in result.changes)
    new_side = "\n".join(c.new_text for c in result.changes)
    # a date's year, month and day are no figures of their own
    result.figures = _delta(FIGURE, DATE.sub(" ", old_side), DATE.sub(" ", new_side))
    result.dates = _delta(DATE, old_side, new_side)
    result.obligations = _delta(OBLIGATION, old_side, new_side)
    if find_terms:
        result.terms = _counted(Counter(find_terms(old_side)), Counter(find_terms(new_side)))
    return result


def _block(a, b, old_paras, new_paras, olds: range, news: range) -> list[ParaChange]:
    """Pair old and new paragraphs of one replaced block in order, when alike enough."""
    out: list[ParaChange] = []
    j = news.start
    for i in olds:
        best = None
        for k in range(j, news.stop):
            ratio = SequenceMatcher(None, _key(a[i]), _key(b[k]), autojunk=False).ratio()
            if ratio >= PAIR_RATIO:
                best = k
                break
        if best is None:
            out.append(_change("removed", a, b, old_paras, new_paras, i, None))
            continue
        out += [_change("added", a, b, old_paras, new_paras, None, k) for k in range(j, best)]
        out.append(_change("changed", a, b, old_paras, new_paras, i, best))
        j = best + 1
    out += [_change("added", a, b, old_paras, new_paras, None, k) for k in range(j, news.stop)]
    return out


def _change(op, a, b, old_paras, new_paras, i, k) -> ParaChange:
    old_text = a[i] if i is not None else ""
    new_text = b[k] if k is not None else ""
    return ParaChange(
        op=op,
        old_index=i,
        new_index=k,
        old_start=old_paras[i][0] if i is not None else None,
        old_end=old_paras[i][1] if i is not None else None,
        new_start=new_paras[k][0] if k is not None else None,
        new_end=new_paras[k][1] if k is not None else None,
        old_text=old_text,
        new_text=new_text,
        marked=mark_words(old_text, new_text) if op == "changed" else "",
    )


# units of the word marks: a Latin word, a number, a run of Hangul (Korean words are
# spaced), spaces, or one character (each Han or kana character, punctuation)
_UNIT = re.compile(r"[A-Za-z]+|\d+(?:[.,]\d+)*|[\uac00-\ud7a3]+|\s+|.", re.DOTALL)


def mark_words(old: str, new: str) -> str:
    """The new text with removed pieces as [-x-] and added ones as {+y+}."""
    a, b = _UNIT.findall(old), _UNIT.findall(new)
    out = []
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append("".join(b[j1:j2]))
            continue
        if i2 > i1:
            out.append(f"[-{''.join(a[i1:i2])}-]")
        if j2 > j1:
            out.append(f"{{+{''.join(b[j1:j2])}+}}")
    return "".join(out)


def _delta(pattern: re.Pattern, old: str, new: str) -> Delta:
    return _counted(
        Counter(re.sub(r"\s+", "", m.group()) for m in pattern.finditer(old)),
        Counter(re.sub(r"\s+", "", m.group()) for m in pattern.finditer(new)),
    )


def _counted(old: Counter, new: Counter) -> Delta:
    return Delta(added=sorted((new - old).keys()), removed=sorted((old - new).keys()))

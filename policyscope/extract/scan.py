"""Exact shortcuts for regex scans over a whole text.

A regex without a literal or a simple character class to start with is tried at every
position of the text (some 10-50 ns each, more when it begins with a lookbehind or a
repeat), which over a 4 MB document costs more than reading what it finds. When it is known
where matches can lie, scanning only there gives the very same matches.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

__all__ = [
    "DIGIT",
    "AnchorScope",
    "FirstCharAlternation",
    "anchor_windows",
    "in_runs",
    "starting_at",
]

_NON_WS = re.compile(r"\S*")


def _run_end(text: str, i: int) -> int:
    m = _NON_WS.match(text, i)
    assert m is not None  # \S* matches the empty string too
    return m.end()


def _run_start(text: str, i: int) -> int:
    while i > 0 and not text[i - 1].isspace():  # str.isspace is re's \s
        i -= 1
    return i


def in_runs(text: str, pattern: re.Pattern[str], anchors: tuple[str, ...]) -> list[re.Match]:
    """`list(pattern.finditer(text))` for a pattern whose every match holds one of the
    anchors and no whitespace, and which looks nowhere past its end (lookbehinds are fine:
    a scan from pos still reads the text before it). No match crosses whitespace, so
    scanning the whitespace-free runs around the anchors finds them all."""
    runs = set()
    for anchor in anchors:
        i = text.find(anchor)
        while i >= 0:
            hi = _run_end(text, i)
            runs.add((_run_start(text, i), hi))
            i = text.find(anchor, hi)
    return [m for lo, hi in sorted(runs) for m in pattern.finditer(text, lo, hi)]


def starting_at(text: str, pattern: re.Pattern[str], starts: re.Pattern[str]) -> list[re.Match]:
    """`list(pattern.finditer(text))` for a pattern that never matches the empty string and
    whose matches all begin with a character `starts` matches (a one-character class, which
    re scans for quickly): tried only there, in the order finditer would."""
    out = []
    pos = 0
    while (c := starts.search(text, pos)) is not None:
        m = pattern.match(text, c.start())
        if m is None:
            pos = c.start() + 1
        elif m.end() > m.start():
            out.append(m)
            pos = m.end()
        else:
            raise ValueError(f"{pattern.pattern!r} matched the empty string")
    return out


def _uncased(c: str) -> bool:
    return c.lower() == c == c.upper()


def _case_key(c: str) -> str | None:
    """What a character is grouped under: any character re (ignoring case) takes for it
    has the same key. None for the non-ASCII letters with case, whose equivalents re
    knows best (K for K, ſ for s...)."""
    if c.isascii():
        return c.lower()
    return c if _uncased(c) else None


class FirstCharAlternation:
    """`finditer(text, start, end)` of `"|".join(alternatives)` (compiled with `flags`),
    where each alternative can only begin with one of the characters given for it.

    re tries every alternative at every position; this tries, at the positions where
    some alternative can begin (found by a one-character class), only the alternatives
    that can begin with the character there, in their order. The first of them that
    matches is the first of all that matches, so the match is the same. Exact also under
    IGNORECASE: characters are grouped by `_case_key`, and a text character without one
    is tried against the whole alternation. An alternative whose characters are not known
    (None), or begin with such a character, sends every scan to the whole alternation.
    A match found in a group knows only the named groups of that group's alternatives
    (the one that matched among them).
    """

    def __init__(
        self, alternatives: list[tuple[str, str | None]], flags: int = 0, starts: str = ""
    ) -> None:
        """alternatives: (pattern, the characters its matches can begin with, or None).
        starts: a regex matching the first character of every match (default: a class
        of all the characters given), narrower when lookbehinds say more."""
        self.whole = re.compile("|".join(p for p, _ in alternatives), flags)
        self._groups: dict[str, re.Pattern[str]] | None = None
        if any(cs is None for _, cs in alternatives):
            return
        firsts = {c for _, cs in alternatives for c in cs or ""}
        keys = {c: k for c in firsts if (k := _case_key(c)) is not None}
        if not firsts or len(keys) < len(firsts):
            return
        members: dict[str, list[str]] = {}
        for p, cs in alternatives:
            for k in dict.fromkeys(keys[c] for c in cs or ""):
                members.setdefault(k, []).append(p)
        self._groups = {k: re.compile("|".join(ps), flags) for k, ps in members.items()}
        starts = starts or "[" + "".join(map(re.escape, sorted(firsts))) + "]"
        self._starts = re.compile(starts, flags)

    def finditer(
        self, text: str, start: int = 0, end: int | None = None
    ) -> Iterator[re.Match[str]]:
        end = len(text) if end is None else end
        groups = self._groups
        if groups is None:
            yield from self.whole.finditer(text, start, end)
            return
        pos = start
        for c in self._starts.finditer(text, start, end):
            i = c.start()
            if i < pos:
                continue
            key = _case_key(text[i])
            pat = self.whole if key is None else groups.get(key)
            m = pat.match(text, i, end) if pat is not None else None
            if m is None:
                continue
            if m.end() == i:
                raise ValueError(f"{self.whole.pattern!r} matched the empty string")
            yield m
            pos = m.end()


# -- scans in windows around anchors ---------------------------------------------------

DIGIT = "\\d"  # an anchor standing for any run of decimal digits
_DIGITS = re.compile(r"\d+")


@functools.lru_cache(maxsize=4)
def _units(reach: int) -> re.Pattern[str]:
    """`reach` units: a unit is one character, or one whole run of whitespace."""
    return re.compile(rf"(?:\s+|\S){{0,{reach}}}")


def _units_end(text: str, pos: int, reach: int) -> int:
    """Where `reach` units from pos end (the pattern matches the empty string too)."""
    m = _units(reach).match(text, pos)
    assert m is not None
    return m.end()


def anchor_windows(
    text: str, rev: str, spans: list[tuple[int, int]], reach: int
) -> list[tuple[int, int]]:
    """Disjoint windows covering `reach` units either side of each (start, end) anchor
    span (spans sorted by start). Units are walked by regex, backwards over `rev` (text
    reversed); a unit is at least one character, so an anchor starting within `reach`
    characters of the last one's end joins its window without a walk of its own."""
    n = len(text)
    out: list[tuple[int, int]] = []
    lo = end = -1  # the open window: from lo to `reach` units past `end`
    for s, e in spans:
        if lo >= 0 and s <= end + reach:
            end = max(end, e)
            continue
        if lo >= 0:
            hi = _units_end(text, end, reach)
            if s <= hi:
                end = max(end, e)
                continue
            out.append((lo, hi))
        lo = n - _units_end(rev, n - s, reach)
        if out and lo <= out[-1][1]:
            lo = out.pop()[0]
        end = e
    if lo >= 0:
        out.append((lo, _units_end(text, end, reach)))
    return out


def _union(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for lo, hi in sorted(a + b):
        if out and lo <= out[-1][1]:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return [(lo, hi) for lo, hi in out]


class AnchorScope:
    """The matches of patterns in one text, found in windows around their anchors.

    For patterns whose every match holds an anchor of each of its anchor sets (DIGIT or
    a literal), and lies with all that its lookarounds read within `reach` units of that
    anchor. Exact: such a match lies inside the merged window of its anchor. A scan
    bounded by pos/endpos sees the whole string before pos (lookbehinds read it); past
    endpos it sees nothing, which could only change matches reading past the window end,
    and there are none: any match found holds an anchor whose window lies inside. No match
    lies between windows, so the non-overlapping matches finditer chains over the whole
    text are the ones chained window by window.
    """

    def __init__(self, text: str, reach: int) -> None:
        self.text = text
        self.reach = reach
        self._rev = text[::-1]  # to walk units backwards at C speed
        self._digits = [m.span() for m in _DIGITS.finditer(text)]
        self._has: dict[str, bool] = {}
        self._found: dict[str, list[tuple[int, int]]] = {}
        self._over: dict[str, int] = {}  # literal -> a count it is known to exceed
        self._cache: dict[tuple[str, ...], list[tuple[int, int]]] = {}

    def has(self, literal: str) -> bool:
        """`literal in text`, remembered: patterns share their literals. A missing first
        character answers sooner (str finds one character much faster than a string)."""
        got = self._has.get(literal)
        if got is None:
            got = len(literal) == 1 or self.has(literal[0])
            got = self._has[literal] = got and literal in self.text
        return got

    def matches(
        self, pattern: re.Pattern[str], anchor_sets: tuple[tuple[str, ...], ...]
    ) -> Iterator[re.Match[str]]:
        """`pattern.finditer(text)`, scanned in the windows of its anchor sets."""
        for lo, hi in self.windows(anchor_sets):
            yield from pattern.finditer(self.text, lo, hi)

    def windows(self, anchor_sets: tuple[tuple[str, ...], ...]) -> list[tuple[int, int]]:
        """Windows around the anchors of the cheapest of a pattern's anchor sets. Digit
        windows are walked once for all patterns: they count as a quarter of their anchors."""
        best: tuple[tuple[str, ...], list[tuple[int, int]]] | None = None
        cap = float("inf")
        for anchors in anchor_sets:
            own = len(self._digits) // 4 if DIGIT in anchors else 0
            spans = self._spans(tuple(a for a in anchors if a != DIGIT), cap - own)
            if spans is not None:
                best, cap = (anchors, spans), own + len(spans)
        assert best is not None  # the first set is taken whatever its cost
        anchors, spans = best
        got = self._cache.get(anchors)
        if got is None:
            got = anchor_windows(self.text, self._rev, spans, self.reach)
            if DIGIT in anchors:
                got = _union(got, self._digit_windows())
            self._cache[anchors] = got
        return got

    def _spans(self, literals: tuple[str, ...], cap: float) -> list[tuple[int, int]] | None:
        """Sorted spans of the literals in text, or None when there are more than cap."""
        out: list[tuple[int, int]] = []
        for lit in literals:
            if self.has(lit):
                got = self._occurrences(lit, cap - len(out))
                if got is None:
                    return None
                out += got
        out.sort()
        return out

    def _occurrences(self, lit: str, cap: float) -> list[tuple[int, int]] | None:
        got = self._found.get(lit)
        if got is not None:
            return got if len(got) <= cap else None
        if self._over.get(lit, -1) >= cap:
            return None
        out: list[tuple[int, int]] = []
        i = self.text.find(lit)
        while i >= 0:
            if len(out) >= cap:
                self._over[lit] = len(out)
                return None
            out.append((i, i + len(lit)))
            i = self.text.find(lit, i + 1)
        self._found[lit] = out
        return out

    def _digit_windows(self) -> list[tuple[int, int]]:
        got = self._cache.get((DIGIT,))
        if got is None:
            got = self._cache[(DIGIT,)] = anchor_windows(
                self.text, self._rev, self._digits, self.reach
            )
        return got

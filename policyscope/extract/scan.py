"""Exact shortcuts for regex scans over a whole text.

A regex without a literal or a simple character class to start with is tried at every
position of the text (some 10-50 ns each, more when it begins with a lookbehind or a
repeat), which over a 4 MB document costs more than reading what it finds. When it is known
where matches can lie, scanning only there gives the very same matches.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["FirstCharAlternation", "in_runs", "starting_at"]

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

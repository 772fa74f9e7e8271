r"""One phrase matcher: a fixed set of phrases found in text, with Latin word boundaries.

The policy-term dictionary (`text.terms`), the pack linker (`knowledge.linker`) and the
metric triggers (`extract.metrics`) all find many fixed phrases in long texts; they differ
only in what a space in a phrase matches, which characters make a word, and how overlaps
are resolved. `PhraseMatcher` is that one matcher:

    m = PhraseMatcher({"ai": "AI", "ai+": "AI+"}, spaces="literal", word=ASCII_ALNUM)
    m.find(lower_same_length(text))        # [(start, end, payload)], leftmost-longest
    m.candidates(low)                      # every match at every start, before overlaps
    longest_first(m.candidates(low))       # the longest first, leftmost on ties

Rules
- Keys are matched exactly as given against the text as given: callers lower-case both
  (`lower_same_length` keeps offsets).
- `spaces`: "literal" (a space matches a space), "run" (one or more whitespace characters
  of `whitespace`) or "optional" (a run, or nothing: 'ai 핵심' also finds 'ai핵심').
- Word boundaries: a key that starts (ends) with a `word` character matches only where no
  word character stands right before (after) it: no 'ai' inside 'main', but 'ai' in
  '생성ai를' (Hangul and Han are no word characters here).
- `find` is leftmost, then longest, non-overlapping: where the longest key at a place
  lacks a boundary, a shorter one there that has it still matches.

Implementation: the keys form a character trie (dicts) that `candidates` walks from every
place a key can start (found by a regex at C speed; a key starting with a word character
only at a word start, and only where that word is the leading word of some key). `find`
compiles the trie into a few regexes shaped as prefix tries ((?:a(?:i(?:gc|\+)?|...)),
one for the keys that start with a word character and OTHER_TRIES for the rest, split by
first character, because Python's regex engine tries a branch's alternatives one by one.
Every optional tail is tried before the shorter key, which `re` runs as leftmost-longest;
boundaries are checked in Python on the candidate matches only. The compiled regexes are
built on first use and stored in one assignment, so a matcher is safe to share between
threads. pyahocorasick is not used: it is not a dependency, and these regexes run at
80-150 MB/s on CJK text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from heapq import heapify, heappop, heappush
from typing import Any, Generic, Literal, TypeVar

__all__ = [
    "ASCII_ALNUM",
    "LATIN_ALNUM",
    "WHITESPACE",
    "CharClass",
    "PhraseMatcher",
    "longest_first",
    "lower_same_length",
]

P = TypeVar("P")
Spaces = Literal["literal", "run", "optional"]

OTHER_TRIES = 4  # tries for keys that start with a Han, Hangul or other non-word letter
_END = ""  # the trie key holding a phrase's payload (no key holds the empty string)
_SPACE = " "  # the trie edge of a space in a key


@dataclass(frozen=True)
class CharClass:
    """A set of characters, as a regex class body and as a set."""

    body: str
    chars: frozenset[str]


_ASCII = "".join(chr(c) for c in range(0x80) if chr(c).isalnum())
_LATIN = _ASCII + "".join(chr(c) for c in range(0xC0, 0x250) if chr(c).isalpha())
ASCII_ALNUM = CharClass("A-Za-z0-9", frozenset(_ASCII))
LATIN_ALNUM = CharClass(re.escape(_LATIN), frozenset(_LATIN))  # letters of Latin-1, Ext-A/B
# str.isspace is re's \s; no whitespace character lies above U+3000
WHITESPACE = CharClass(r"\s", frozenset(c for c in map(chr, range(0x3001)) if c.isspace()))


def lower_same_length(text: str) -> str:
    """`text.lower()` with offsets kept: the few characters that lower-case to two
    (e.g. 'İ') stay as they are."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def longest_first(cands: Iterable[tuple[int, int, P]]) -> list[tuple[int, int, P]]:
    """Non-overlapping matches taken longest first, leftmost on ties, in text order."""
    ordered = sorted(cands, key=lambda c: (-(c[1] - c[0]), c[0]))
    taken = bytearray(max((c[1] for c in ordered), default=0) + 1)
    chosen = []
    for c in ordered:
        start, end = c[0], c[1]
        if any(taken[start:end]):
            continue
        taken[start:end] = b"\x01" * (end - start)
        chosen.append(c)
    chosen.sort(key=lambda c: (c[0], c[1]))
    return chosen


class PhraseMatcher(Generic[P]):
    """Compiled matcher for a fixed set of keys, each with a payload. Immutable."""

    def __init__(
        self,
        phrases: Mapping[str, P],
        *,
        spaces: Spaces = "literal",
        word: CharClass = ASCII_ALNUM,
        whitespace: CharClass = WHITESPACE,
    ) -> None:
        self.spaces = spaces
        self.word = word
        self.whitespace = whitespace
        self._space: frozenset[str] | None = None if spaces == "literal" else whitespace.chars
        self._payloads = dict(phrases)
        self._root = _trie(self._payloads, dropped_spaces=spaces == "optional")
        self._starts = self._start_regexes()
        self._first_words = self._leading_words()
        self._compiled: tuple[re.Pattern[str], ...] | None = None

    def __len__(self) -> int:
        return len(self._payloads)

    # -- every match ------------------------------------------------------------------
    def candidates(
        self, text: str, start: int = 0, end: int | None = None
    ) -> list[tuple[int, int, P]]:
        """Every (start, end, payload) with its boundaries, before overlaps are resolved,
        in text order (shorter first at one start)."""
        n = len(text) if end is None else end
        word = self.word.chars
        out: list[tuple[int, int, P]] = []
        for i in self.positions(text, start, n):
            for j, payload in self._walk(text, i, n):
                if j >= n or text[j] not in word or text[j - 1] not in word:
                    out.append((i, j, payload))
        return out

    def positions(self, text: str, start: int = 0, end: int | None = None) -> list[int]:
        """Where a key can start, in order: the first characters of keys, found at C
        speed; a word character only at the start of a word that leads some key (few do:
        this spares most walks in English)."""
        n = len(text) if end is None else end
        latin, other = self._starts
        out: list[int] = []
        if latin is not None:
            words = self._first_words
            out = [m.start() for m in latin.finditer(text, start, n) if m.group() in words]
        if other is not None:
            out += [m.start() for m in other.finditer(text, start, n)]
            out.sort()
        return out

    def _walk(self, text: str, i: int, n: int) -> list[tuple[int, P]]:
        """All (end, payload) of keys starting at i, shortest first."""
        out = []
        node = self._root
        space = self._space
        j = i
        while j < n:
            c = text[j]
            if space is not None and c in space:
                nxt = node.get(_SPACE)
                if nxt is None:
                    break
                while j < n and text[j] in space:
                    j += 1
                node = nxt
                continue  # a key never ends in a space
            nxt = node.get(c)
            if nxt is None:
                break
            node = nxt
            j += 1
            if _END in node:
                out.append((j, node[_END]))
        return out

    def _right_ok(self, text: str, j: int, n: int) -> bool:
        word = self.word.chars
        return j >= n or text[j] not in word or text[j - 1] not in word

    # -- leftmost-longest -------------------------------------------------------------
    def find(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, P]]:
        """Non-overlapping (start, end, payload), leftmost then longest, in text order,
        within text[start:end] (the text before `start` still counts for a boundary)."""
        n = len(text) if end is None else end
        # a heap of (start, trie number, match) of each trie's next match; a trie with none
        # left is dropped (the tries never start at one place: no two starts are equal)
        searches = [trie.search for trie in self._tries()]
        live = []
        for k, search in enumerate(searches):
            m = search(text, start, n)
            if m is not None:
                live.append((m.start(), k, m))
        heapify(live)
        out: list[tuple[int, int, P]] = []
        at = self._at
        while live:
            s, k, m = heappop(live)
            got = at(text, s, m.end(), n)
            if got is None:
                pos = s + 1
            else:
                out.append(got)
                pos = got[1]
            nm = searches[k](text, pos, n)
            if nm is not None:
                heappush(live, (nm.start(), k, nm))
            while live and live[0][0] < pos:  # another trie's match before pos is stale
                _, j, _ = heappop(live)
                nm = searches[j](text, pos, n)
                if nm is not None:
                    heappush(live, (nm.start(), j, nm))
        return out

    def _at(self, text: str, s: int, e: int, n: int) -> tuple[int, int, P] | None:
        """The longest key at s with its boundaries, given the longest key there (s, e)."""
        word = self.word.chars
        if s and text[s] in word and text[s - 1] in word:
            return None
        if e >= n or text[e] not in word or text[e - 1] not in word:
            if self._space is None:
                return s, e, self._payloads[text[s:e]]
            for j, payload in self._walk(text, s, n):
                if j == e:
                    return s, e, payload
        for j, payload in reversed(self._walk(text, s, n)):
            if j < e and self._right_ok(text, j, n):
                return s, j, payload
        return None

    def _tries(self) -> tuple[re.Pattern[str], ...]:
        compiled = self._compiled
        if compiled is None:
            # built into a local and published in one assignment: another thread sees
            # either nothing (and builds its own) or the whole tuple
            compiled = self._compiled = self._compile()
        return compiled

    def _compile(self) -> tuple[re.Pattern[str], ...]:
        firsts = sorted(c for c in self._root if c != _END)
        if not firsts:
            return (re.compile(r"(?!x)x"),)
        wordy = [c for c in firsts if c in self.word.chars]
        other = [c for c in firsts if c not in self.word.chars]
        # One trie for the keys that start with a word character, and OTHER_TRIES for the
        # rest dealt round-robin by first character: in one trie every English letter also
        # walked past the hundreds of Han and Hangul first characters (0.7 MB/s), and one
        # trie for all Han and Hangul took 0.32 s of CPU on 2 MB of Korean, four 0.10 s
        # (eight or more: slower again, each search scans the text).
        groups = [wordy] + [other[k::OTHER_TRIES] for k in range(OTHER_TRIES)]
        return tuple(
            re.compile(self._regex({c: self._root[c] for c in group})) for group in groups if group
        )

    def _regex(self, node: dict[str, Any]) -> str:
        """A regex matching the keys below node, longest first, as a prefix trie."""
        alts = []
        for ch, child in sorted(node.items()):
            if ch == _END:
                continue
            edge = f"[{self.whitespace.body}]+" if ch == _SPACE and self._space else re.escape(ch)
            alts.append(edge + self._regex(child))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return "(?:" + body + ")?" if _END in node else body

    # -- where keys start ---------------------------------------------------------------
    def _start_regexes(self) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
        """(words, other first characters of keys): regexes for where keys start."""
        firsts = [c for c in self._root if c != _END]
        word, body = self.word.chars, self.word.body
        other = "".join(re.escape(c) for c in firsts if c not in word)
        return (
            re.compile(f"(?<![{body}])[{body}]+") if any(c in word for c in firsts) else None,
            re.compile(f"[{other}]") if other else None,
        )

    def _leading_words(self) -> frozenset[str]:
        """The leading word of every key that starts with a word character. A key can
        only be found where the word starting there is its leading word: after that word
        the key has (and so the text must have) a character that is no word character,
        or ends, and then the boundary rule wants the same of the text."""
        word = self.word.chars
        words: set[str] = set()
        todo = [(c, node) for c, node in self._root.items() if c != _END and c in word]
        while todo:
            prefix, node = todo.pop()
            for c, child in node.items():
                if c != _END and c in word:
                    todo.append((prefix + c, child))
                else:
                    words.add(prefix)
        return frozenset(words)


def _trie(payloads: Mapping[str, Any], dropped_spaces: bool) -> dict[str, Any]:
    """The keys as a character trie; with `dropped_spaces` every key also without each
    combination of its spaces (a key's own payload wins over another key's variant)."""
    root: dict[str, Any] = {}
    variants: dict[str, Any] = {}
    if dropped_spaces:
        for key, payload in payloads.items():
            for form in _without_spaces(key):
                variants.setdefault(form, payload)
    for key, payload in {**variants, **payloads}.items():
        node = root
        for ch in key:
            node = node.setdefault(ch, {})
        node[_END] = payload
    return root


def _without_spaces(key: str) -> list[str]:
    """key with each subset of its spaces left out (not key itself)."""
    parts = key.split(_SPACE)
    forms = [parts[0]]
    for part in parts[1:]:
        forms = [f + sep + part for f in forms for sep in (_SPACE, "")]
    return [f for f in forms if f != key]

r"""Policy-term dictionary: protected spans for every tokenizer.

A `TermDictionary` holds multi-script policy terms (新质生产力, 人工智能+, 신체화, AI+ ...)
and finds them in text so that each occurrence becomes exactly one token, whatever the
language backend would have done with it.

Matching rules (`TermDictionary.find`):
- leftmost, then LONGEST match, non-overlapping: with 印度 and 印度尼西亚 both in the
  dictionary, 印度尼西亚 is one match; 智能+ is never found inside 人工智能+;
- case-insensitive for Latin letters (ai+ == AI+), and the dictionary form is returned;
- a term that starts (ends) with a Latin letter or digit needs a word boundary there,
  i.e. no ASCII letter/digit right before (after) it: no 'AI' inside 'MAIN' or 'said',
  but 'AI' in '생성AI를' or 'AI+' in 'AI+전략' are found (Hangul/Han are boundaries);
- terms are folded like stored text (`normalize.fold`: NFC + full-width ASCII folded),
  so a dictionary written with 互联网＋ matches stored 互联网+.

Implementation: the lower-cased terms are compiled once (lazily, again after a change)
into regexes shaped as prefix tries ((?:a(?:i(?:gc|\+)?|...)): one for the terms that
start with a Latin letter or digit, OTHER_TRIES for the rest, split by first character.
Every optional tail is tried before the shorter term, which `re` runs as leftmost-longest.
Each is searched over `text.lower()` (same length for all but a few exotic characters;
those texts fall back to ASCII-only lower-casing), has no look-arounds so `re` can skip ahead on its
first-character set, and Latin word boundaries are checked in Python only on candidate
matches; a rejected candidate falls back to a strict alternation (look-arounds in each
alternative) at the same position, so a shorter valid term there still matches.
Measured on this machine with the packaged ~140 terms (find() over whole documents):
zh cn-gwr 150 MB/s, ko seeds 80 MB/s, en cn-gwr 13 MB/s (Latin text has a candidate at
most word starts). For comparison a flat longest-first alternation with re.IGNORECASE
ran 9 / 6 / 3 MB/s, so the trie form is 4-16x faster. With the pack's ~1,900 terms and
four non-Latin tries: ko seeds 7.8 MB/s (one non-Latin trie: 3.9 MB/s).

The default dictionary is `policyscope/data/policy_terms.tsv` (columns term, lang, note;
'#' comments and blank lines ignored), plus every file listed in the environment variable
POLICYSCOPE_TERMS (os.pathsep-separated) in the same format (a file with a single column
is fine too). Everything here is plain data and pickles (the compiled regex is rebuilt
lazily after unpickling).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from policyscope.lang.scripts import HAN_RE
from policyscope.text.normalize import fold

DEFAULT_TERMS_PATH = Path(__file__).resolve().parent.parent / "data" / "policy_terms.tsv"
ENV_VAR = "POLICYSCOPE_TERMS"

HAN = HAN_RE  # policyscope.lang.scripts: one definition of the Han ranges
# characters of text matched against the terms it contains (see `_find_few`) before the full
# matcher is built: a query stays below it, ingest passes it within some 30 paragraphs (each
# small matcher costs about 1 ms: at 20,000 characters ingest paid 0.3 s for them)
FULL_COMPILE_AFTER = 2_000
OTHER_TRIES = 4  # tries for terms that start with a Han, Hangul or other non-Latin letter
_ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}


def _is_ascii_alnum(ch: str) -> bool:
    return ("a" <= ch <= "z") or ("A" <= ch <= "Z") or ("0" <= ch <= "9")


def read_terms_file(path: str | os.PathLike[str]) -> list[tuple[str, str, str]]:
    """(term, lang, note) rows of a TSV term file; lang/note may be ''."""
    rows: list[tuple[str, str, str]] = []
    with open(path, encoding="utf-8-sig") as fh:
        for line in fh:
            line = line.rstrip("\r\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            parts = line.split("\t")
            term = parts[0].strip()
            if not term or (
                term.lower() == "term" and len(parts) > 1 and parts[1].strip() == "lang"
            ):
                continue  # header row
            lang = parts[1].strip() if len(parts) > 1 else ""
            note = parts[2].strip() if len(parts) > 2 else ""
            rows.append((term, lang, note))
    return rows


class TermDictionary:
    """A set of policy terms with a compiled leftmost-longest matcher."""

    def __init__(self, terms: Iterable[str] = ()) -> None:
        self._canon: dict[str, str] = {}  # lower-cased folded key -> dictionary form
        self.version = 0  # bumped on every change; tokenizers use it to refresh backends
        self._fast: tuple[re.Pattern[str], ...] | None = None
        self._strict: re.Pattern[str] | None = None
        self._han: tuple[str, ...] | None = None
        self._unseen = FULL_COMPILE_AFTER  # text left to match before compiling every term
        self.extend(terms)

    # -- building -------------------------------------------------------------------
    def extend(self, terms: Iterable[str]) -> int:
        """Add terms (str, or (term, ...) tuples); returns how many were new."""
        added = 0
        for item in terms:
            term = item if isinstance(item, str) else item[0]
            term = fold(term).strip()
            if not term:
                continue
            key = term.lower()
            if key not in self._canon:
                self._canon[key] = term
                added += 1
        if added:
            self.version += 1
            self._fast = self._strict = self._han = None
        return added

    add = extend

    @property
    def terms(self) -> list[str]:
        return list(self._canon.values())

    def han_forms(self) -> tuple[str, ...]:
        """The lower-cased terms that hold a Han character: those the Chinese tokenizer keeps
        whole where a reader sees several words (生成式人工智能)."""
        if self._han is None:
            self._han = tuple(k for k in self._canon if HAN.search(k))
        return self._han

    def __len__(self) -> int:
        return len(self._canon)

    def __contains__(self, term: object) -> bool:
        return isinstance(term, str) and fold(term).strip().lower() in self._canon

    def __iter__(self):
        return iter(self.terms)

    def __repr__(self) -> str:
        return f"TermDictionary({len(self)} terms)"

    def __getstate__(self) -> dict:
        return {"_canon": self._canon, "version": self.version}

    def __setstate__(self, state: dict) -> None:
        self._canon = state["_canon"]
        self.version = state["version"]
        self._fast = self._strict = self._han = None
        self._unseen = FULL_COMPILE_AFTER

    def _compile(self) -> None:
        keys = sorted(self._canon, key=lambda t: (-len(t), t))  # lower-cased forms
        if not keys:
            self._strict = re.compile(r"(?!x)x")
            self._fast = (self._strict,)
            return
        strict_parts = []
        for t in keys:
            p = re.escape(t)
            if _is_ascii_alnum(t[0]):
                p = r"(?<![a-z0-9])" + p
            if _is_ascii_alnum(t[-1]):
                p = p + r"(?![a-z0-9])"
            strict_parts.append(p)
        # Several tries, split by the first character: Python's regex engine tries the
        # alternatives of a branch one by one, so in one trie every English letter also
        # walked past the hundreds of Han and Hangul first characters (English text ran at
        # 0.7 MB/s). Apart, each search skips the other script's text in C. The Han and
        # Hangul terms (~380 first characters with the pack) are dealt round-robin into
        # OTHER_TRIES tries for the same reason: one trie's regex took 0.32 s of CPU on 2 MB
        # of Korean, four 0.10 s (eight or more: slower again, each search scans the text).
        latin = [t for t in keys if _is_ascii_alnum(t[0])]
        other = [t for t in keys if not _is_ascii_alnum(t[0])]
        firsts = {ch: i % OTHER_TRIES for i, ch in enumerate(sorted({t[0] for t in other}))}
        groups = [latin] + [[t for t in other if firsts[t[0]] == i] for i in range(OTHER_TRIES)]
        self._fast = tuple(re.compile(_trie_regex(ks)) for ks in groups if ks)
        self._strict = re.compile("|".join(strict_parts))

    # -- matching -------------------------------------------------------------------
    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Non-overlapping (start, end, term) matches, leftmost-longest, in text order."""
        if self._fast is None:
            if len(text) < self._unseen:
                self._unseen -= len(text)
                return self._find_few(text)
            self._compile()
        fast, strict = self._fast, self._strict
        assert fast is not None and strict is not None
        low = text.lower()
        if len(low) != len(text):  # e.g. U+0130 lower-cases to two characters
            low = text.translate(_ASCII_LOWER)
        out: list[tuple[int, int, str]] = []
        canon = self._canon
        n = len(low)
        pos = 0
        searches = [f.search for f in fast]
        nxt = [f(low, 0) for f in searches]  # the next match of each trie at or after pos
        while True:
            for i, m in enumerate(nxt):  # a trie's match that starts before pos is stale
                if m is not None and m.start() < pos:
                    nxt[i] = searches[i](low, pos)
            live = [m for m in nxt if m is not None]
            if not live:
                return out
            m = min(live, key=lambda x: x.start())  # the tries never start at one position
            s, e = m.span()
            if (s > 0 and _is_ascii_alnum(low[s]) and _is_ascii_alnum(low[s - 1])) or (
                e < n and _is_ascii_alnum(low[e - 1]) and _is_ascii_alnum(low[e])
            ):
                m = strict.match(low, s)
                if m is None:
                    pos = s + 1
                    continue
                s, e = m.span()
            key = low[s:e]
            out.append((s, e, canon.get(key, text[s:e])))
            pos = e

    def _find_few(self, text: str) -> list[tuple[int, int, str]]:
        """`find` for a short text before the full matcher exists: compiling the tries of
        ~2,000 terms costs 0.15 s of CPU, most of a one-word query command. A term that is
        not a substring of the text cannot match, so a dictionary of those that are finds
        exactly the same spans."""
        low = text.lower()
        if len(low) != len(text):
            low = text.translate(_ASCII_LOWER)
        few = TermDictionary()
        few._canon = {k: v for k, v in self._canon.items() if k in low}
        few._unseen = 0  # compile its few terms at once
        return few.find(text)


def _trie_regex(words: list[str]) -> str:
    """A regex matching any of `words`, longest first, factored as a prefix trie."""
    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return "(?:" + body + ")?" if "" in node else body

    return emit(root)


def load_terms(paths: Iterable[str | os.PathLike[str]]) -> TermDictionary:
    td = TermDictionary()
    for p in paths:
        td.extend(r[0] for r in read_terms_file(p))
    return td


def term_files() -> list[Path]:
    """The default TSV plus the files named in $POLICYSCOPE_TERMS (missing ones skipped)."""
    files = [DEFAULT_TERMS_PATH]
    extra = os.environ.get(ENV_VAR, "")
    for part in extra.split(os.pathsep):
        part = part.strip()
        if part and Path(part).is_file():
            files.append(Path(part))
    return files


def default_terms() -> TermDictionary:
    """A fresh dictionary of the packaged terms plus $POLICYSCOPE_TERMS files."""
    return load_terms(term_files())

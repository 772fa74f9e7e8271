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
into a `text.phrases.PhraseMatcher` (regexes shaped as prefix tries, Latin boundaries
checked in Python on the candidates only) and searched over `text.lower()`. The matcher is
built into a local and published in one assignment, so a thread never sees a half-built
dictionary (the threaded web server shares one).
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
from collections.abc import Iterable, Iterator, Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

from policyscope.lang.scripts import HAN_RE
from policyscope.text.normalize import fold
from policyscope.text.phrases import ASCII_ALNUM, PhraseMatcher, lower_same_length

DEFAULT_TERMS_PATH = Path(__file__).resolve().parent.parent / "data" / "policy_terms.tsv"
ENV_VAR = "POLICYSCOPE_TERMS"

HAN = HAN_RE  # policyscope.lang.scripts: one definition of the Han ranges
# characters of text matched against the terms it contains (see `_find_few`) before the full
# matcher is built: a query stays below it, ingest passes it within some 30 paragraphs (each
# small matcher costs about 1 ms: at 20,000 characters ingest paid 0.3 s for them)
FULL_COMPILE_AFTER = 2_000


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

    def __init__(self, terms: Iterable[str | tuple[str, ...]] = ()) -> None:
        self._canon: dict[str, str] = {}  # lower-cased folded key -> dictionary form
        self.version = 0  # bumped on every change; tokenizers use it to refresh backends
        self._matcher: PhraseMatcher[str] | None = None
        self._han: tuple[str, ...] | None = None
        self._unseen = FULL_COMPILE_AFTER  # text left to match before compiling every term
        self.extend(terms)

    # -- building -------------------------------------------------------------------
    def extend(self, terms: Iterable[str | tuple[str, ...]]) -> int:
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
            self._matcher = None
            self._han = None
        return added

    add = extend

    @property
    def terms(self) -> list[str]:
        return list(self._canon.values())

    def han_forms(self) -> tuple[str, ...]:
        """The lower-cased terms that hold a Han character: those the Chinese tokenizer keeps
        whole where a reader sees several words (生成式人工智能)."""
        han = self._han
        if han is None:
            # list(): a copy taken at once, should another thread add terms meanwhile
            han = self._han = tuple(k for k in list(self._canon) if HAN.search(k))
        return han

    def __len__(self) -> int:
        return len(self._canon)

    def __contains__(self, term: object) -> bool:
        return isinstance(term, str) and fold(term).strip().lower() in self._canon

    def __iter__(self) -> Iterator[str]:
        return iter(self.terms)

    def __repr__(self) -> str:
        return f"TermDictionary({len(self)} terms)"

    def __getstate__(self) -> dict[str, Any]:
        return {"_canon": self._canon, "version": self.version}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._canon = state["_canon"]
        self.version = state["version"]
        self._matcher = None
        self._han = None
        self._unseen = FULL_COMPILE_AFTER

    # -- matching -------------------------------------------------------------------
    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Non-overlapping (start, end, term) matches, leftmost-longest, in text order."""
        matcher = self._matcher
        if matcher is None:
            if len(text) < self._unseen:
                self._unseen -= len(text)
                return self._find_few(text)
            # one assignment: another thread sees no matcher or a whole one
            matcher = self._matcher = PhraseMatcher(dict(self._canon), word=ASCII_ALNUM)
        return matcher.find(lower_same_length(text))

    def find_each(
        self, text: str, spans: Sequence[tuple[int, int]]
    ) -> list[list[tuple[int, int, str]]]:
        """`find(text[s:e])` for each (s, e) of `spans` (in text order), offsets relative to
        s, by one pass over the whole text: a paragraph each costs five regex searches and
        a call. Paragraphs are apart by a line break, which no term holds, so no match
        spans two, and what lies around a paragraph (a line break) is no word character
        and no cased letter, as the edge of a text alone is not: the matches and the
        lower-casing are those of each paragraph alone."""
        low = text.lower()
        if (
            len(low) != len(text)  # a letter that lower-cases to two: per paragraph
            or (self._matcher is None and len(text) < self._unseen)  # `find` is cheaper
            or any("\n" not in text[e:s] for (_, e), (s, _) in pairwise(spans))
            or self._newline_in_terms()
        ):
            return [self.find(text[s:e]) for s, e in spans]
        matcher = self._matcher
        if matcher is None:
            matcher = self._matcher = PhraseMatcher(dict(self._canon), word=ASCII_ALNUM)
        found = matcher.find(low)
        out: list[list[tuple[int, int, str]]] = []
        i = 0
        for s, e in spans:
            mine = []
            while i < len(found) and found[i][0] < e:
                ms, me, term = found[i]
                if ms < s or me > e:  # cannot happen (see above); to be sure
                    return [self.find(text[a:b]) for a, b in spans]
                mine.append((ms - s, me - s, term))
                i += 1
            out.append(mine)
        return out

    def _newline_in_terms(self) -> bool:
        seen = getattr(self, "_newline", None)  # (version, answer): asked once a document
        if seen is None or seen[0] != self.version:
            seen = self._newline = (self.version, any("\n" in k for k in list(self._canon)))
        return seen[1]

    def _find_few(self, text: str) -> list[tuple[int, int, str]]:
        """`find` for a short text before the full matcher exists: compiling the tries of
        ~2,000 terms costs 0.15 s of CPU, most of a one-word query command. A term that is
        not a substring of the text cannot match, so a matcher of those that are finds
        exactly the same spans."""
        low = lower_same_length(text)
        few = {k: v for k, v in list(self._canon.items()) if k in low}
        return PhraseMatcher(few, word=ASCII_ALNUM).find(low)


def load_terms(paths: Iterable[str | os.PathLike[str]]) -> TermDictionary:
    """A dictionary of the terms in the given TSV files."""
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

"""How paragraphs and KWIC needles map onto SQLite's two substring indexes.

A trigram index over Chinese costs as much as jieba itself (one 3-character term per
character) and cannot see 2-character words such as 算力 or 정책, so literal matching
splits text by script:
- CJK letters (Han, Hangul, kana) go into a `unicode61` index of each paragraph's
  distinct letters and pairs of adjacent letters, without positions (a fifth of the
  text's size, against half for letters with positions): every pair of the needle must
  be in the paragraph, which finds 2-character words too;
- the rest below U+3000 (Latin, digits, ASCII and general punctuation) goes, as runs, into
  the `trigram` index of each document (SQLite) or paragraph (PostgreSQL), which finds
  a needle inside a longer word (intelligence in superintelligence). Each run keeps up to
  two CJK letters of context on either side, so that 互联网+ also asks for the trigram
  联网+ instead of every paragraph with 互联网
  (runs of whitespace alone are left out: in Korean they would index the text twice);
- anything else (CJK punctuation, full-width symbols, Han added after Unicode 6.1, which
  SQLite's unicode61 tables do not know) is indexed nowhere.
A third, small index serves the short needles analysts type most, which no trigram can
serve: pairs of adjacent ASCII capitals and digits holding a letter ('AI', '5G', 'EU',
'G7'), taken from each run of such characters (`caps_pairs`). It is asked when the CJK
index has nothing to say, and never for a case-insensitive search.
All sides of the split are applied to text and needle alike, so every constraint a needle
yields holds for every paragraph that contains it: the indexes return a superset, and the
caller confirms each candidate with an exact substring search.

PostgreSQL splits the same way: its CJK side is an array of the paragraph's distinct CJK
letter pairs (`cjk_bigrams`), with the capital pairs beside them, under a GIN index, its
other side pg_trgm over the same runs (`index_columns`), matched with the needle's runs
(`needle_runs`).
"""

from __future__ import annotations

import re
from operator import add

# Letters only, and only as Unicode 6.1 assigned them (SQLite's unicode61 tables): a
# character unicode61 treats as a separator would make a one-character needle's phrase empty.
_CJK = (
    "\u1100-\u11ff\u3041-\u3096\u309d-\u309f\u30a1-\u30fa\u30fc-\u30ff\u3131-\u318e"
    "\u3400-\u4db5\u4e00-\u9fcb\uac00-\ud7a3\uf900-\ufa6d\ufa70-\ufad9"
    "\U00020000-\U0002a6d6\U0002a700-\U0002b734\U0002b740-\U0002b81d"
)
_CJK_RUN = re.compile(f"[{_CJK}]+")
_NOT_CJK = re.compile(f"[^{_CJK}]+")
_TRI = f"[^{_CJK}\u3000-\U0010ffff]"
_TRI_NOT_SPACE = f"[^\\s{_CJK}\u3000-\U0010ffff]"
CONTEXT = 2  # CJK letters kept on each side of a trigram run
# a run that is not whitespace alone (the space between two Korean words would otherwise
# put the text into the trigram index a second time), with its context: the letters before
# it are taken, those after only looked at, since they can lead the next run too. One
# pattern, so that the runs are found and joined in C (Korean: a sixth of the time a loop
# over the matches took)
_RUN = re.compile(
    f"([{_CJK}]{{0,{CONTEXT}}}{_TRI}*{_TRI_NOT_SPACE}{_TRI}*)(?=([{_CJK}]{{0,{CONTEXT}}}))"
)


def _runs(s: str) -> list[str]:
    """The trigram-side runs of `s`, each with up to CONTEXT CJK letters on either side."""
    return list(map("".join, _RUN.findall(s)))


def index_columns(body: str) -> tuple[str | None, str | None]:
    """(CJK letters space-separated, trigram-side runs newline-separated) of a paragraph;
    None where a part has nothing to index (the row is then left out of that index)."""
    cjk = _NOT_CJK.sub("", body)
    if not cjk:
        return None, body if body.strip() else None
    return " ".join(cjk), tri_runs(body)


def tri_runs(body: str) -> str | None:
    """The trigram side of a paragraph that holds a CJK letter: its runs, newline-separated
    (None: no run)."""
    return "\n".join(_runs(body)) or None


def needle_runs(needle: str) -> list[str]:
    """The needle's trigram-side runs that hold a trigram: each is a substring of one run of
    any paragraph that contains the needle (its context letters are the paragraph's too)."""
    return [r for r in _runs(needle) if len(r) >= 3]


def has_cjk(s: str) -> bool:
    """Whether `s` holds a letter the CJK side of the split indexes."""
    return _CJK_RUN.search(s) is not None


def cjk_bigrams(s: str) -> list[str]:
    """Distinct pairs of adjacent CJK letters in `s`, sorted. Every pair of a needle's CJK
    runs is also a pair of any text that contains the needle."""
    pairs = {run[i : i + 2] for run in _CJK_RUN.findall(s) for i in range(len(run) - 1)}
    return sorted(pairs)


_CAPS_RUN = re.compile(r"[A-Z0-9]{2,}")


def caps_pairs(s: str) -> list[str]:
    """Distinct pairs of adjacent ASCII capitals/digits in `s` that hold a letter, sorted
    ('5G', 'AI', 'GD', 'DP' from '5G and GDP'; none from '2024'). A needle's pairs lie in
    one of its runs, which lies in a run of any text that contains the needle."""
    pairs = {run[i : i + 2] for run in _CAPS_RUN.findall(s) for i in range(len(run) - 1)}
    return sorted(p for p in pairs if not p.isdigit())


def caps_column(body: str) -> str | None:
    """The capital pairs of a paragraph, space-separated (None when it has none)."""
    return " ".join(caps_pairs(body)) or None


def caps_query(needle: str) -> str | None:
    """MATCH for the capital-pair index that every paragraph containing `needle` satisfies
    (case-sensitively); None when the needle holds no such pair."""
    return " AND ".join(fts5_string(p) for p in caps_pairs(needle)) or None


def fts5_string(s: str) -> str:
    """`s` as one FTS5 string (a phrase when it holds spaces)."""
    return '"' + s.replace('"', '""') + '"'


def cjk_terms(s: str) -> str | None:
    """The CJK side of the SQLite literal index for `s`, as text SQLite's `unicode61` cuts
    into its terms (None: no CJK letter): every pair of adjacent CJK letters, and the first
    and last letter of each run of them. A needle asks for the pairs of each of its CJK
    runs, and for a run of one letter X for any term that starts with X (`X*`): a letter
    inside a run starts a pair, a letter at a run's end is a term of its own. Each is a
    term of any text that contains the needle.

    Made in C, repeats and all: every pair of neighbouring characters once the runs are cut
    apart by spaces, a pair that holds a space being cut to its letter. An FTS5 row keeps a
    term once, so repeats cost nothing stored; deduplicating in Python cost more than
    the tokenizer's extra work. (Schema 11 and before also kept every letter: those rows
    answer the same queries.)"""
    spaced = _NOT_CJK.sub(" ", s)
    if not spaced.strip():
        return None
    spaced = f" {spaced} "
    return " ".join(map(add, spaced, spaced[1:]))


def _needle_cjk_grams(needle: str) -> list[str]:
    """The needle's terms for the CJK index: the pairs of each run, a run of one alone
    (asked as a prefix)."""
    out: dict[str, None] = {}
    for run in _CJK_RUN.findall(needle):
        out.update(
            dict.fromkeys([run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)])
        )
    return list(out)


def needle_queries(needle: str) -> tuple[str | None, str | None]:
    """(MATCH for the CJK index, MATCH for the trigram index) that every paragraph, and
    every document, containing `needle` satisfies; None for an index the needle does not
    constrain. The CJK index keeps no positions: the needle's letter pairs, in any order,
    and a lone letter as the start of a term (`cjk_terms`)."""
    cjk_q = " AND ".join(
        fts5_string(g) + ("*" if len(g) == 1 else "") for g in _needle_cjk_grams(needle)
    )
    grams: dict[str, None] = {}
    for run in _runs(needle):
        grams.update(dict.fromkeys(run[i : i + 3] for i in range(len(run) - 2)))
    tri_q = " AND ".join(fts5_string(g) for g in grams) or None
    return cjk_q or None, tri_q

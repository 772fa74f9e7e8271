"""Script classes: the Unicode ranges every layer uses, and small functions over them.

Ranges are kept as character-class bodies (strings) so that modules can combine them in
their own regexes ("[" + HAN + HANGUL + "]"), plus compiled classes for the common cases.

- HANGUL: syllables, conjoining jamo and compatibility jamo;
- HAN: CJK unified ideographs, extension A, compatibility ideographs, and the
  supplementary planes (extensions B..H);
- KANA: hiragana and katakana letters, iteration marks, small katakana extensions and
  half-width katakana. The katakana middle dot (・) and the long-vowel mark (ー) are NOT
  kana here: Korean and Chinese text use them as punctuation;
- LATIN: ASCII letters and Latin-1 / Latin Extended-A/B letters;
- FULLWIDTH: full-width ASCII forms (！..～), folded to ASCII by text.normalize.
"""

from __future__ import annotations

import re

__all__ = [
    "FULLWIDTH",
    "HAN",
    "HAN_BMP",
    "HANGUL",
    "HANGUL_SYLLABLES",
    "KANA",
    "LATIN",
    "dominant_script",
    "guess_lang",
    "is_han",
    "is_hangul",
    "is_kana",
    "is_latin",
    "script_counts",
    "script_of",
]

HANGUL_SYLLABLES = "\uac00-\ud7a3"
HANGUL = HANGUL_SYLLABLES + "\u1100-\u11ff\u3130-\u318f"
HAN_BMP = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN = HAN_BMP + "\U00020000-\U0003134f"
KANA = "\u3041-\u3096\u309d\u309e\u30a1-\u30fa\u30fd\u30fe\u31f0-\u31ff\uff66-\uff9d"
LATIN = "A-Za-z\u00c0-\u024f"
FULLWIDTH = "\uff01-\uff5e"

HANGUL_RE = re.compile(f"[{HANGUL}]")
HAN_RE = re.compile(f"[{HAN}]")
KANA_RE = re.compile(f"[{KANA}]")
LATIN_RE = re.compile(f"[{LATIN}]")
_RUNS = {
    "hangul": re.compile(f"[{HANGUL}]+"),
    "kana": re.compile(f"[{KANA}]+"),
    "han": re.compile(f"[{HAN}]+"),
    "latin": re.compile(f"[{LATIN}]+"),
}


def is_hangul(ch: str) -> bool:
    return HANGUL_RE.match(ch) is not None


def is_han(ch: str) -> bool:
    return HAN_RE.match(ch) is not None


def is_kana(ch: str) -> bool:
    return KANA_RE.match(ch) is not None


def is_latin(ch: str) -> bool:
    return LATIN_RE.match(ch) is not None


def script_of(ch: str) -> str:
    """'hangul' | 'han' | 'kana' | 'latin' | 'digit' | 'other' for one character."""
    if ch.isdigit():
        return "digit"
    for name in ("hangul", "han", "kana", "latin"):
        if _RUNS[name].match(ch):
            return name
    return "other"


def script_counts(text: str) -> dict[str, int]:
    """Letters of each script in text: {'hangul': n, 'kana': n, 'han': n, 'latin': n}."""
    return {name: sum(map(len, pat.findall(text))) for name, pat in _RUNS.items()}


def dominant_script(text: str) -> str:
    """The script with most letters in text ('other' when it has none). Ties go to the
    script listed first in hangul, kana, han, latin: a Korean span with Han terms in it
    stays Korean."""
    counts = script_counts(text)
    best = max(counts, key=lambda k: counts[k])  # max keeps the first of equals
    return best if counts[best] else "other"


def guess_lang(text: str, start: int = 0, end: int | None = None, width: int = 20) -> str:
    """Language of the text around [start, end) by script alone: 'ko' | 'ja' | 'zh' | 'en'.

    For figures and dates inside a paragraph, where a whole-paragraph guess is too coarse:
    any Hangul (at least as much as kana) is Korean, then any kana is Japanese, any Han
    Chinese, else English."""
    end = len(text) if end is None else end
    window = text[max(0, start - width) : end + width]
    hangul = len(HANGUL_RE.findall(window))
    kana = len(KANA_RE.findall(window))
    if hangul and hangul >= kana:
        return "ko"
    if kana:
        return "ja"
    if HAN_RE.search(window):
        return "zh"
    return "en"


# -- blocks that text/ and ingest/ used to write out themselves --------------------------
# Whole Unicode blocks, where a layer means the block and not the script's letters: a PDF's
# CJK line-joining, the characters a legacy code page encodes, NFC clusters.
KANA_BLOCKS = "\u3040-\u30ff"  # Hiragana and Katakana, marks and dots (・ー) included
CJK_UNIFIED = "\u4e00-\u9fff"  # CJK Unified Ideographs alone (what GB2312/Big5/JIS hold)
CJK_SYMBOLS = "\u3000-\u303f"  # CJK symbols and punctuation: 、。「」 and the ideographic space
HALF_FULL_WIDTH = "\uff00-\uffef"  # half-width and full-width forms
HANGUL_TRAILING_JAMO = "\u1160-\u11ff"  # conjoining vowels and finals: part of the syllable before


def bounds(block: str) -> tuple[str, str]:
    """(first, last) character of a one-range class body such as HANGUL_SYLLABLES, for a
    plain comparison (first <= ch <= last) where a regex per character costs too much."""
    if len(block) != 3 or block[1] != "-":
        raise ValueError(f"not a single range: {block!r}")
    return block[0], block[2]

"""Paragraph and sentence spans over stored (normalised) text.

Paragraph rule (`paragraphs`): every non-empty line is its own paragraph, EXCEPT that a
line is joined to the previous one when the two are clearly one hard-wrapped piece of
prose, which we recognise only in two unambiguous cases:
- the previous line ends with a comma (, ， 、) - it cannot end a paragraph; or
- the next line starts with a lower-case ASCII letter and the previous line does not end
  with sentence-final punctuation (English text wrapped by a PDF extractor).
Blank lines always separate paragraphs. Spans exclude surrounding whitespace (including
U+3000). Other hard-wrapped text (e.g. Korean wrapped mid-sentence) stays split by line;
the sentence splitter and the tokenizers do not depend on the paragraph rule.

Sentence rule (`sentences`):
- zh/ja: after a run of 。！？；!? (plus any closing quotes/brackets right after it), and at
  every line end not preceded by a comma (a comma-ended line is hard-wrapped prose);
- ko/en/und: after . ! ? (plus closers) followed by whitespace or the end of the span, and,
  for Korean, after a final ending + '.' (다. 요. 까. 죠. 니.) even without a space.
  No split on the '.' inside numbers (3.5%, 5.1, 1,256.3: no space follows), after
  dotted initialisms (U.S., U.K., e.g., i.e.), single capital initials (J. Smith), common
  abbreviations (Mr., Dr., No., Art., Fig., Inc., Jan. ...), list markers at the start of
  a sentence ('1.', '- 2.', 'I.', 'a.'), or when the next word starts with a lower-case
  letter; a blank line is also a boundary.
All spans are absolute offsets into `text`, inside [start, end), stripped of whitespace.
"""

from __future__ import annotations

import re

from policyscope.lang.scripts import HANGUL_SYLLABLES

_LINE = re.compile(r"\S(?:[^\n]*\S)?")
_FINAL = frozenset(".!?。！？;；:：…")
_CLOSERS = "”’\"'」』）)\\]】〉》"
_COMMA = frozenset(",，、")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph; see the module docstring for the rule."""
    out: list[tuple[int, int]] = []
    prev_end = -1
    for m in _LINE.finditer(text):
        s, e = m.span()
        if out:
            last = text[prev_end - 1]
            gap = text[prev_end:s]
            if gap.count("\n") == 1 and (
                last in _COMMA
                or ("a" <= text[s] <= "z" and last not in _FINAL and last not in _CLOSERS)
            ):
                out[-1] = (out[-1][0], e)
                prev_end = e
                continue
        out.append((s, e))
        prev_end = e
    return out


_CJK_END = re.compile("[。！？；!?]+[" + _CLOSERS + "]*|(?<![,，、])\n")
# Every branch starts with a character of a small set (the Korean one checks the ending
# behind its '.'), so the regex engine skips ahead instead of trying each position.
_LATIN_END = re.compile(
    "[.!?。！？]+[" + _CLOSERS + "]*(?=\\s|$)"
    "|[.!?](?<=[다요까죠니].)[" + _CLOSERS + "]*(?=[" + HANGUL_SYLLABLES + "])"
    "|\n[^\\S\n]*\n"
)
_ABBREV = frozenset(
    """mr mrs ms dr prof st no nos vol vols vs etc al fig figs inc ltd co corp jan feb mar
    apr jun jul aug sep sept oct nov dec approx dept gov art arts para paras pp p ch chap
    sec cf jr sr rev est op ed eds""".split()
)
_SPLIT_ON_CAPITAL = frozenset({"etc", "al"})  # 'etc.' may end a sentence
_INITIALISM = re.compile(r"(?:[A-Za-z]\.){2,}$|[A-Z]\.$")
_LIST_MARKER = re.compile(r"^[-–•*·▶※☑▣■□○●◦]?\s*(?:\d{1,3}|[IVXLCivxlc]{1,5}|[A-Za-z])\.$")
_WORD_BEFORE = re.compile(r"(\S+)$")


def _ws_strip(text: str, s: int, e: int) -> tuple[int, int]:
    seg = text[s:e]
    ls = len(seg) - len(seg.lstrip())
    rs = len(seg) - len(seg.rstrip())
    return s + ls, e - rs


def _keep_going(text: str, sent_start: int, dot: int, after: int, end: int) -> bool:
    """True when the '.' at `dot` does not end a sentence (abbreviation, marker...)."""
    if text[dot] != ".":
        return False
    # the next non-space character
    j = after
    while j < end and text[j] in " \t":
        j += 1
    nxt = text[j] if j < end else ""
    if nxt and "a" <= nxt <= "z":
        return True
    # the word ending with this '.'
    lo = max(sent_start, dot - 40)
    m = _WORD_BEFORE.search(text, lo, dot + 1)
    word = m.group(1) if m else ""
    bare = word.rstrip(".").lstrip("(\"'“‘").lower()
    if bare in _ABBREV:
        return not (bare in _SPLIT_ON_CAPITAL and nxt and nxt.isupper())
    if _INITIALISM.search(word):
        return True
    head = text[sent_start : dot + 1].strip()
    if len(head) <= 8 and _LIST_MARKER.match(head):
        return True
    return False


def sentences(text: str, start: int, end: int, lang: str) -> list[tuple[int, int]]:
    """Sentence spans inside text[start:end]; see the module docstring for the rule."""
    out: list[tuple[int, int]] = []
    cjk = lang in ("zh", "ja")
    pat = _CJK_END if cjk else _LATIN_END
    s = start
    for m in pat.finditer(text, start, end):
        b = m.end()
        if not cjk and _keep_going(text, s, m.start(), b, end):
            continue
        a, z = _ws_strip(text, s, b)
        if a < z:
            out.append((a, z))
        s = b
    a, z = _ws_strip(text, s, end)
    if a < z:
        out.append((a, z))
    return out

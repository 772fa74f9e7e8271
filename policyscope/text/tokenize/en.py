"""English (and fallback) tokenizer: one compiled regex, no model.

Token kinds (pos): ABBR dotted initialisms (U.S., e.g.), PLUS 'AI+'-style slogans,
NUM numbers with , and . inside (1,256.3 / 3.5), WORD words incl. hyphenated and
apostrophe forms (high-quality, COVID-19, China's, 5G), PUNCT any other non-space char.
"""

from __future__ import annotations

import re

TOKEN_RE = re.compile(
    r"(?P<ABBR>(?:[A-Za-z]\.){2,})"
    r"|(?P<PLUS>[A-Za-z][A-Za-z0-9]*\++)"
    r"|(?P<NUM>\d+(?:[.,]\d+)*(?!\w))"
    r"|(?P<WORD>\w+(?:[-'’]\w+)*)"
    r"|(?P<PUNCT>[^\w\s])"
)

STOPWORDS = frozenset(
    """a an the and or nor but of to in on at by for from with as into onto than then
    is are was were be been being am do does did has have had it its this that these those
    there their they them we our us you your he she his her i me my which who whom whose
    what when where while if so not no such also will would shall should can could may
    might must all any each both either neither more most other some very same own too
    just over under about above below up down out off again further once here s""".split()
)


def segment(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """(start, end, pos) of the tokens of text[start:end], absolute offsets."""
    if end is None:
        end = len(text)
    return [
        (m.start(), m.end(), m.lastgroup or "WORD") for m in TOKEN_RE.finditer(text, start, end)
    ]


def is_content(pos: str, surface: str) -> bool:
    if pos == "PUNCT":
        return False
    return surface.lower() not in STOPWORDS

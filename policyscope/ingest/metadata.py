"""Metadata a document does not state outright: title, date and language, inferred.

Precedence (highest first): command-line flags, manifest, what the file itself
says (reader meta), then these inferences.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from policyscope.extract.dates import find_dates
from policyscope.model import DocMeta
from policyscope.text.langid import script_counts

_BULLET = re.compile(r"^[\s\-–•·▣■□◆●○※*#>|]+")


def infer_title(text: str, language: str | None = None) -> str | None:
    """The first line that reads like a heading: short, not a bare number or a date. In a
    Korean, Chinese or Japanese document, a Latin-only first line is usually a banner (a
    series name such as 'THE AI REPORT' or a publisher), so the first heading written in
    the document's script wins over it."""
    cands = []
    for line in text.splitlines()[:15]:
        cand = _BULLET.sub("", line).strip()
        if 8 <= len(cand) <= 150 and re.search(r"[^\W\d_]", cand) and not cand.endswith(":"):
            cands.append(cand)
    if language in ("ko", "zh", "ja"):
        native = [c for c in cands if any(script_counts(c)[:3])]  # Hangul, kana or Han
        if native:
            return native[0]
    return cands[0] if cands else None


def infer_date(path: Path, text: str) -> str | None:
    """The date in the file name; else the first dateline in the opening lines, when it
    has a month; else the first year standing alone there."""
    named = find_dates(path.name, profile="file_name")
    if named:
        return named[0].value
    head = text[:600]
    dated = find_dates(head, profile="dateline")
    if dated and dated[0].precision != "year":
        return dated[0].value
    years = find_dates(head, profile="lone_year")
    return years[0].value if years else None


def main_language(lang_chars: Counter) -> str | None:
    known = {k: v for k, v in lang_chars.items() if k != "und"}
    return max(known, key=known.__getitem__) if known else None


def merge(*layers: DocMeta | dict | None) -> DocMeta:
    """Later layers win where they have a value."""
    out = DocMeta()
    for layer in layers:
        if not layer:
            continue
        items = layer.items() if isinstance(layer, dict) else layer.to_dict().items()
        for k, v in items:
            if v not in (None, "") and hasattr(out, k):
                setattr(out, k, str(v) if k in ("date", "series_key") else v)
    return out

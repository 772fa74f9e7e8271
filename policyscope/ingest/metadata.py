"""Metadata a document does not state outright: title, date and language, inferred.

Precedence (highest first): command-line flags, manifest, what the file itself
says (reader meta), then these inferences.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from policyscope.model import DocMeta
from policyscope.text.langid import script_counts

_YEAR = r"(?:19[5-9]\d|20\d{2})"
_FILE_DATE = re.compile(
    rf"(?<!\d)({_YEAR})(?:[-_.]?(0[1-9]|1[0-2])(?:[-_.]?(0[1-9]|[12]\d|3[01]))?)?(?!\d)"
)
_TEXT_DATE = re.compile(
    rf"(?<!\d)({_YEAR})\s*(?:년|年|[-./])\s*(?:(\d{{1,2}})\s*(?:월|月|[-./])\s*(?:(\d{{1,2}})\s*(?:일|日)?)?)?"
)
_LONE_YEAR = re.compile(rf"(?<![\d.,])({_YEAR})(?![\d.,%])")
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
    m = _FILE_DATE.search(path.name)
    if m:
        return "-".join(g for g in m.groups() if g)
    head = text[:600]
    m = _TEXT_DATE.search(head)
    if m and m.group(2) and 1 <= int(m.group(2)) <= 12:
        parts = [m.group(1), f"{int(m.group(2)):02d}"]
        if m.group(3) and 1 <= int(m.group(3)) <= 31:
            parts.append(f"{int(m.group(3)):02d}")
        return "-".join(parts)
    m = _LONE_YEAR.search(head)
    return m.group(1) if m else None


def main_language(lang_chars: Counter) -> str | None:
    known = {k: v for k, v in lang_chars.items() if k != "und"}
    return max(known, key=known.get) if known else None


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

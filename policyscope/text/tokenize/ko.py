"""Korean tokenizer: kiwipiepy, ONE `Kiwi` per process, built on first use.

Protected spans (policy terms, and Han runs that the zh backend segments afterwards)
are passed to Kiwi through its `pretokenized` argument, so Kiwi analyses the whole
sentence with full context (particles after a term stay particles) while each protected
span comes back as exactly one token. Offsets come from `token.start/len` (Kiwi reports
them in Python characters). Kiwi can emit several morphemes for one surface stretch
(했 = 하/VV + 었/EP, 새로운 = 새롭/VA-I + 은/ETM overlapping); such overlapping morphemes
are merged into one token whose pos joins the tags with '+', so tokens never overlap and
`text[start:end]` is always the surface.

Threads: Kiwi gets ONE worker thread by default (its batch API needs at least one; the
lead runs ingest in several processes); set POLICYSCOPE_KIWI_WORKERS=-1 to use all cores
in one process, or a number.
"""

from __future__ import annotations

import os
import re

_state: dict = {}
_HANGUL_ONLY = re.compile(r"[\uac00-\ud7a3]+$")


def kiwi():
    k = _state.get("kiwi")
    if k is None:
        from kiwipiepy import Kiwi

        workers = int(os.environ.get("POLICYSCOPE_KIWI_WORKERS", "1") or "1")
        if workers == 0:
            workers = 1  # 0 = single-thread mode, where the batch API is unavailable
        # no warm-up call here: Kiwi builds its model on the first analysis and again after
        # user words are added, so the caller adds the policy terms first (first use ~2.4 s, not ~4)
        k = Kiwi(num_workers=workers)
        _state["kiwi"] = k
        _state["user_words"] = set()
    return k


def add_user_words(terms) -> None:
    """Register Hangul-only policy terms as NNP user words (once each per process)."""
    k = kiwi()
    seen = _state["user_words"]
    for t in terms:
        if t not in seen and _HANGUL_ONLY.match(t):
            seen.add(t)
            k.add_user_word(t, "NNP")


def _merge(tokens) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    for t in tokens:
        s = t.start
        e = s + t.len
        if out and s < out[-1][1]:
            ps, pe, ptag = out[-1]
            out[-1] = (ps, max(pe, e), ptag + "+" + t.tag)
        else:
            out.append((s, e, t.tag))
    return out


def analyze(texts: list[str], pretok: list[list[tuple[int, int, str]]]):
    """Per text: (start, end, tag) tokens, offsets relative to the text."""
    k = kiwi()
    if not texts:
        return []
    if len(texts) == 1:
        return [_merge(k.tokenize(texts[0], pretokenized=pretok[0] or None))]
    # batch API: Kiwi asks the callable for the protected spans of each text
    table = dict(zip(texts, pretok, strict=True))
    res = k.tokenize(texts, pretokenized=lambda t: table.get(t) or [])
    return [_merge(r) for r in res]


_CONTENT_PREFIX = ("NNG", "NNP", "NR", "VV", "VA", "XR", "SL", "SH", "SN", "W_")


def is_content(pos: str, surface: str) -> bool:
    return any(p.startswith(_CONTENT_PREFIX) for p in pos.split("+"))

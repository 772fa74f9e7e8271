"""Japanese tokenizer: SudachiPy + sudachidict-core, one dictionary/tokenizer per process.

Mode C (long units: 人工知能, 基本計画) for display tokens, mode A (short units: 人工 知能)
for the full-text index. pos is Sudachi's first two levels joined by '-' (名詞-普通名詞).
Sudachi refuses very long inputs (~49 KB), so text is fed in chunks of at most 4,000
characters cut at a line end / 。/ space when possible.
"""

from __future__ import annotations

import re

_state: dict = {}
_CUT = re.compile(r"[\n。！？、 ]")
_CHUNK = 4000
_CONTENT = frozenset({"名詞", "動詞", "形容詞", "形状詞", "接頭辞"})


def _tokenizer():
    tok = _state.get("tok")
    if tok is None:
        from sudachipy import dictionary, tokenizer  # noqa: PLC0415 (lazy: only for Japanese)

        d = dictionary.Dictionary()
        tok = d.tokenizer()
        _state["dict"] = d
        _state["tok"] = tok
        _state["modes"] = {
            "A": tokenizer.Tokenizer.SplitMode.A,
            "C": tokenizer.Tokenizer.SplitMode.C,
        }
        _state["pos"] = {}
        tok.tokenize("初期化")  # warm up
    return tok


def _pos_name(pid: int) -> str:
    cache = _state["pos"]
    name = cache.get(pid)
    if name is None:
        p = _state["dict"].pos_of(pid)
        name = "-".join(x for x in p[:2] if x and x != "*")
        cache[pid] = name
    return name


def _chunks(start: int, end: int, text: str):
    while end - start > _CHUNK:
        cut = -1
        for m in _CUT.finditer(text, start + _CHUNK // 2, start + _CHUNK):
            cut = m.end()
        if cut <= start:
            cut = start + _CHUNK
        yield start, cut
        start = cut
    yield start, end


def segment(text: str, start: int = 0, end: int | None = None, mode: str = "C"):
    """(start, end, pos) of text[start:end] tokens, absolute offsets, no whitespace."""
    if end is None:
        end = len(text)
    tok = _tokenizer()
    split_mode = _state["modes"][mode]
    out = []
    for a, b in _chunks(start, end, text):
        piece = text[a:b]
        for m in tok.tokenize(piece, split_mode):
            s, e = m.begin(), m.end()
            if s == e or piece[s:e].isspace():
                continue
            out.append((s + a, e + a, _pos_name(m.part_of_speech_id())))
    return out


def is_content(pos: str, surface: str) -> bool:
    head, _, sub = pos.partition("-")
    if head not in _CONTENT:
        return False
    return not (head == "動詞" and sub == "非自立可能")

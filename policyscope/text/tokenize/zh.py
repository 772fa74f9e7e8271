"""Chinese tokenizer: rjieba (jieba-rs) `tokenize`, which returns character offsets.

`ZhBackend` owns one `rjieba.Jieba()` (not picklable, so created lazily per process) and
adds the term dictionary's CJK terms to it. Jieba tokens carry a coarse pos computed from
the surface (jieba's own `tag` is twice as slow and has no offsets): 'x' punctuation,
'm' number, 'eng' Latin, 'w' word.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from policyscope.lang.numerals import CN_NUMERAL_CHARS
from policyscope.lang.scripts import HAN_RE as _HAN
from policyscope.model import Token

_HAS_WORD = re.compile(r"\w")
_NUM = re.compile(rf"[\d.,%]+$|[{CN_NUMERAL_CHARS}万亿]+$")
_LATIN = re.compile(r"[A-Za-z]")

MAX_SUBWORD_HOST = 40

# function words left out of the full-text index
STOPWORDS = frozenset(
    "的 地 得 了 着 过 和 与 及 以及 或 或者 而 并 并且 且 是 在 于 对 对于 将 把 被 从 向 "
    "为 为了 以 由 等 等等 之 其 这 那 这些 那些 这个 该 也 都 就 还 又 所 上 中 下 个 我们 "
    "要 会 能 可 可以 不 没有 吗 呢 吧 啊".split()
)


@functools.lru_cache(maxsize=262144)  # vocabulary repeats: the cache makes this ~free
def _pos(word: str) -> str:
    if not _HAS_WORD.search(word):
        return "x"
    if _NUM.match(word):
        return "m"
    if _LATIN.match(word) and not _HAN.search(word):
        return "eng"
    return "w"


class ZhBackend:
    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self._jieba: Any = None  # rjieba.Jieba, made on first use
        self._added: set[str] = set()
        self._subwords: dict[str, tuple[str, ...]] = {}

    def __getstate__(self) -> dict[str, Any]:
        return {}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._reset()  # the Jieba object does not pickle: a worker builds its own

    @property
    def jieba(self):
        if self._jieba is None:
            import rjieba  # noqa: PLC0415 (lazy: on first use)

            self._jieba = rjieba.Jieba()
            for w in self._added:
                self._jieba.add_word(w, None, None)
        return self._jieba

    def add_terms(self, terms) -> None:
        new = [t for t in terms if t not in self._added and _HAN.search(t)]
        self._added.update(new)
        self._subwords.clear()  # new terms can be words inside old ones
        if self._jieba is not None:
            for w in new:
                self._jieba.add_word(w, None, None)

    def segment(self, text: str, start: int = 0, end: int | None = None):
        """(start, end, pos) of text[start:end] tokens, absolute offsets, no whitespace."""
        if end is None:
            end = len(text)
        piece = text[start:end] if (start or end != len(text)) else text
        pos = _pos
        return [
            (s + start, e + start, pos(w))
            for w, s, e in self.jieba.tokenize(piece)
            if not w.isspace()
        ]

    def tokens(self, text: str, start: int, end: int, offset: int, out: list) -> None:
        """Append text[start:end]'s tokens to `out` as Tokens at `offset` (the hot path:
        no intermediate tuples, and jieba's own word string instead of a slice)."""
        piece = text[start:end] if (start or end != len(text)) else text
        base = start + offset
        pos = _pos
        add = out.append
        for w, s, e in self.jieba.tokenize(piece):
            if not w.isspace():
                add(Token(w, s + base, e + base, pos(w), "zh"))

    def subwords(self, word: str) -> tuple[str, ...]:
        """The dictionary words (jieba's and the added terms) inside a longer word that holds
        Han, longest first at each start: 生成式人工智能 -> 生成, 生成式, 人工, 人工智能, 智能.
        jieba's own search mode looks at 2- and 3-character pieces only, so it misses
        人工智能 inside 生成式人工智能; this looks at every piece. Cached per word."""
        found = self._subwords.get(word)
        if found is not None:
            return found
        found = ()
        n = len(word)
        # the longest pack terms have some 20 characters; a longer "word" is a run jieba
        # could not cut, and its pieces (n² of them) are not worth looking up
        if 2 < n <= MAX_SUBWORD_HOST and _HAN.search(word):
            has = self.jieba.has_word
            found = tuple(
                dict.fromkeys(
                    word[i:k]
                    for i in range(n - 1)
                    for k in range(n - 1 if i == 0 else n, i + 1, -1)
                    if _HAN.search(word, i, k) and word[i:k] not in STOPWORDS and has(word[i:k])
                )
            )
        self._subwords[word] = found
        return found


def is_content(pos: str, surface: str) -> bool:
    return pos != "x" and surface not in STOPWORDS

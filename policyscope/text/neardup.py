"""Near-duplicate texts: the same policy reprinted by several sites, or a page and its PDF.

MinHash over character 5-grams of the text with every space removed and full-width forms
folded (so a PDF's line breaks and a page's layout do not matter, and CJK needs no word
segmentation), 64 permutations, and LSH in 16 bands of 4 rows to find candidates, whose
similarity is then estimated from the full signatures. With Jaccard 0.8 as the threshold, two
texts that share 80% of their 5-grams are one work. Our own ~60 lines instead of datasketch:
numpy is already here, and the signature must stay stable across processes and versions
(it is stored), which a small, fixed hash family guarantees.

    sig = signature(text)
    similarity(sig, signature(other))   # estimated Jaccard, 0..1
    index = LshIndex(); index.add(key, sig); index.candidates(sig)
"""

from __future__ import annotations

import re
import zlib

import numpy as np

from policyscope.text.normalize import fold

SHINGLE = 5
PERMUTATIONS = 64
BANDS = 16
THRESHOLD = 0.8
_PRIME = (1 << 31) - 1
_rng = np.random.RandomState(20240305)  # fixed: signatures are stored and compared later
_A = _rng.randint(1, _PRIME, size=PERMUTATIONS, dtype=np.uint64)
_B = _rng.randint(0, _PRIME, size=PERMUTATIONS, dtype=np.uint64)
_SPACE = re.compile(r"\s+")


def shingles(text: str) -> set[int]:
    flat = _SPACE.sub("", fold(text)).lower()
    if len(flat) < SHINGLE:
        return {zlib.crc32(flat.encode("utf-8")) & _PRIME} if flat else set()
    return {
        zlib.crc32(flat[i : i + SHINGLE].encode("utf-8")) & _PRIME
        for i in range(len(flat) - SHINGLE + 1)
    }


def signature(text: str) -> list[int]:
    """The MinHash signature of `text` (PERMUTATIONS integers; all max for an empty text)."""
    hashes = np.fromiter(shingles(text), dtype=np.uint64)
    if not hashes.size:
        return [_PRIME] * PERMUTATIONS
    # (a*h + b) mod p stays below 2**62: no overflow in uint64
    mins = ((np.outer(_A, hashes) + _B[:, None]) % _PRIME).min(axis=1)
    return [int(v) for v in mins]


def similarity(a: list[int], b: list[int]) -> float:
    if len(a) != len(b) or not a:
        return 0.0
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)


class LshIndex:
    """Keys by signature band: two signatures meet when one band of theirs is equal."""

    def __init__(self) -> None:
        self._bands: dict[tuple, set] = {}
        self.signatures: dict = {}

    def add(self, key, sig: list[int]) -> None:
        self.signatures[key] = sig
        for band in _bands(sig):
            self._bands.setdefault(band, set()).add(key)

    def candidates(self, sig: list[int]) -> set:
        found: set = set()
        for band in _bands(sig):
            found |= self._bands.get(band, set())
        return found

    def best(self, sig: list[int], threshold: float = THRESHOLD):
        """(key, similarity) of the most similar indexed signature at or above threshold."""
        scored = [(similarity(sig, self.signatures[k]), k) for k in self.candidates(sig)]
        scored = [(s, k) for s, k in scored if s >= threshold]
        if not scored:
            return None
        s, k = max(scored, key=lambda p: (p[0], -p[1] if isinstance(p[1], int) else 0))
        return k, s


def _bands(sig: list[int]):
    rows = len(sig) // BANDS
    for i in range(BANDS):
        yield (i, *sig[i * rows : (i + 1) * rows])

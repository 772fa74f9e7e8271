"""Turning the bytes of a text file into `str`.

Order of trust: a byte-order mark, then strict UTF-8, then an encoding the
file declares (HTML `<meta charset>`), then charset-normalizer restricted to the
encodings policy documents actually come in (Korean, Chinese, Japanese legacy
code pages and Windows-1252). Short CJK texts are where detectors go wrong, so
the detector's guess is checked against the script of the text it produces.

Binary content (NUL bytes, many control bytes, nothing decodes cleanly) raises
`ReadError(path, "not a text file (binary content)")`.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

from policyscope.errors import ReadError

BINARY_REASON = "not a text file (binary content)"

# Longest BOM first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# What charset-normalizer may choose from. Order matters for ties: the superset
# code pages (cp949 ⊃ EUC-KR, gb18030 ⊃ GBK ⊃ GB2312, cp932 ⊃ Shift_JIS) come first.
CANDIDATES: tuple[str, ...] = ("cp949", "gb18030", "cp932", "euc_jp", "big5", "cp1252")

# Names a file may declare, mapped to the superset code page we decode with.
_SUPERSETS = {
    "euc_kr": "cp949",
    "ks_c_5601_1987": "cp949",
    "uhc": "cp949",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "shift_jis": "cp932",
    "sjis": "cp932",
    "ms_kanji": "cp932",
    "latin_1": "cp1252",
    "iso8859_1": "cp1252",
    "ascii": "utf-8",
}

# Control characters that do not occur in text (tab, LF, FF, CR and ESC do).
_CONTROL_BYTES = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D, 0x1B}


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    """(codec, BOM length) when `data` starts with a byte-order mark."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return None


def canonical_codec(name: str | None) -> str | None:
    """Python codec name for a declared charset (None when unknown)."""
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None
    key = codec.replace("-", "_")
    return _SUPERSETS.get(key, codec)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM: mostly ASCII, so every other byte is NUL."""
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:4096]
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > 0.3 * half and even_nuls == 0:
        codec = "utf-16-le"
    elif even_nuls > 0.3 * half and odd_nuls == 0:
        codec = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    return text if _looks_like_text(text) else None


def _looks_like_text(text: str) -> bool:
    if not text:
        return True
    bad = sum(
        1
        for ch in text
        if (unicodedata.category(ch) in ("Cc", "Co", "Cn", "Cs") and ch not in "\t\n\r\f\x1b")
        or ch == "\ufffd"
    )
    return bad <= max(1, len(text) // 200)


def _looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b in _CONTROL_BYTES)
    return controls > max(2, len(sample) // 100)


# Script each candidate code page is for; a decode that yields mostly other
# scripts is a wrong guess (GB2312 bytes read as cp949 give random Hangul, and so on).
def _script_share(text: str, codec: str) -> float:
    """Share of the non-ASCII letters in `text` that are plausible for `codec`."""
    letters = [ch for ch in text if ord(ch) > 0x7F and ch.isalpha()]
    if not letters:
        return 1.0
    if codec == "cp949":
        ok = sum(1 for ch in letters if "\uac00" <= ch <= "\ud7a3")
    elif codec in ("cp932", "euc_jp"):
        ok = sum(1 for ch in letters if "\u3040" <= ch <= "\u30ff")
        # Japanese mixes kanji with kana; kanji count when some kana is present.
        if ok:
            ok += sum(1 for ch in letters if "\u4e00" <= ch <= "\u9fff")
    elif codec in ("gb18030", "big5"):
        ok = sum(1 for ch in letters if "\u4e00" <= ch <= "\u9fff")
    else:  # cp1252 and the like: Latin letters
        ok = sum(1 for ch in letters if ch <= "\u024f")
    return ok / len(letters)


def _detect(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    results = from_bytes(data, cp_isolation=list(CANDIDATES))
    best: tuple[float, int, str] | None = None
    for rank, match in enumerate(results):
        codec = canonical_codec(match.encoding)
        if codec is None:
            continue
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if not _looks_like_text(text):
            continue
        # Script plausibility first, then the detector's own chaos measure and rank.
        score = _script_share(text, codec) - match.chaos
        key = (score, -rank, codec)
        if best is None or key[:2] > best[:2]:
            best = key
    if best is not None and best[0] > 0.5:
        return best[2]
    # The detector found nothing convincing: try each candidate strictly.
    for codec in CANDIDATES:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text) and _script_share(text, codec) >= 0.9:
            return codec
    return None


def decode_bytes(data: bytes, path: str | Path, *, declared: str | None = None) -> str:
    """Decode a text file's bytes; `declared` is an encoding the file itself names.

    Raises ReadError when the bytes are not text in any encoding we accept.
    """
    found = bom_encoding(data)
    if found:
        codec, skip = found
        try:
            return data[skip:].decode(codec)
        except UnicodeDecodeError as exc:
            raise ReadError(
                path,
                f"starts with a {codec} byte-order mark but is not valid {codec} "
                f"(byte {exc.start + skip}); re-save the file as UTF-8",
            ) from None
    if not data:
        return ""
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    if _looks_binary(data):
        raise ReadError(path, BINARY_REASON)
    # Valid UTF-8 first: pages that declare Latin-1 yet are UTF-8 are common, while
    # legacy CJK bytes almost never happen to form valid UTF-8.
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    codec = canonical_codec(declared)
    if codec:
        try:
            text = data.decode(codec)
            if _looks_like_text(text):
                return text
        except UnicodeDecodeError:
            pass  # a wrong declaration is common; fall through to detection
    codec = _detect(data)
    if codec is None:
        raise ReadError(
            path,
            f"{BINARY_REASON}: not UTF-8 and no known encoding fits "
            f"(tried {', '.join(CANDIDATES)}); re-save the file as UTF-8",
        )
    return data.decode(codec)


_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")


def declared_html_charset(data: bytes) -> str | None:
    """The charset an HTML/XML file declares in its first 4 KB, if any."""
    head = data[:4096]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return match.group(1).decode("ascii") if match else None

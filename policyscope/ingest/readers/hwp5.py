"""A small HWP 5.0 (binary .hwp) text reader: the fallback when python-hwpx's
conversion fails on a document.

HWP 5.0 is an OLE compound file. Body text lives in the streams
BodyText/Section0, Section1, ..., raw-deflated when the FileHeader says so.
Each stream is a sequence of records; a record header is one little-endian
u32 holding tag id (bits 0-9), nesting level (10-19) and size (20-31, 0xFFF
meaning "size in the next u32"). HWPTAG_PARA_TEXT (67) records hold a
paragraph's text as UTF-16LE, with control characters mixed in: char controls
take one code unit, inline and extended controls take eight.
"""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

HWPTAG_BEGIN = 0x10
HWPTAG_PARA_TEXT = HWPTAG_BEGIN + 51  # 67

SIGNATURE = b"HWP Document File"
FLAG_COMPRESSED = 1 << 0
FLAG_PASSWORD = 1 << 1
FLAG_DISTRIBUTION = 1 << 2

# Control characters that occupy a single code unit; all others below 32 take 8.
_CHAR_CONTROLS = {0, 10, 13, 24, 25, 26, 27, 28, 29, 30, 31}
_CONTROL_TEXT = {9: "\t", 10: "\n", 24: "-", 30: " ", 31: " "}
_SECTION = re.compile(r"^BodyText/Section(\d+)$")


class Hwp5FormatError(ValueError):
    """The bytes do not follow the HWP 5.0 layout."""


@dataclass(frozen=True)
class Record:
    tag: int
    level: int
    payload: bytes


def iter_records(data: bytes) -> Iterator[Record]:
    """The records of a (decompressed) DocInfo or BodyText stream."""
    pos, end = 0, len(data)
    while pos < end:
        if end - pos < 4:
            raise Hwp5FormatError(f"record header cut short at byte {pos}")
        (header,) = struct.unpack_from("<I", data, pos)
        pos += 4
        tag, level, size = header & 0x3FF, (header >> 10) & 0x3FF, header >> 20
        if size == 0xFFF:
            if end - pos < 4:
                raise Hwp5FormatError(f"extended record size cut short at byte {pos}")
            (size,) = struct.unpack_from("<I", data, pos)
            pos += 4
        if pos + size > end:
            raise Hwp5FormatError(
                f"record (tag {tag}) at byte {pos} claims {size} bytes, {end - pos} left"
            )
        yield Record(tag, level, data[pos : pos + size])
        pos += size


def para_text(payload: bytes) -> str:
    """The visible text of a HWPTAG_PARA_TEXT payload (UTF-16LE with controls)."""
    units = len(payload) // 2
    codes = struct.unpack_from(f"<{units}H", payload)
    out: list[str] = []
    i = 0
    while i < units:
        code = codes[i]
        if code >= 32:
            start = i
            while i < units and codes[i] >= 32:
                i += 1
            out.append(payload[start * 2 : i * 2].decode("utf-16-le", errors="replace"))
            continue
        out.append(_CONTROL_TEXT.get(code, ""))
        i += 1 if code in _CHAR_CONTROLS else 8
    return "".join(out)


def section_paragraphs(stream: bytes) -> list[str]:
    """Paragraph texts of one BodyText section, in order (table cells included)."""
    return [para_text(r.payload) for r in iter_records(stream) if r.tag == HWPTAG_PARA_TEXT]


def file_flags(header: bytes) -> int:
    """The property flags of the FileHeader stream."""
    if not header.startswith(SIGNATURE) or len(header) < 40:
        raise Hwp5FormatError("FileHeader stream lacks the 'HWP Document File' signature")
    (flags,) = struct.unpack_from("<I", header, 36)
    return flags


def inflate(data: bytes) -> bytes:
    try:
        return zlib.decompress(data, -15)
    except zlib.error as exc:
        raise Hwp5FormatError(f"compressed stream does not inflate ({exc})") from None


def _open_compound(data: bytes):
    try:
        from hwpx.hwp5.cfb import CompoundFile  # noqa: PLC0415 (lazy: newer hwpx only)
    except ImportError:  # pragma: no cover - older python-hwpx: use olefile
        import olefile  # noqa: PLC0415 (lazy: older hwpx)

        ole = olefile.OleFileIO(data)
        paths = ["/".join(entry) for entry in ole.listdir()]
        return paths, lambda path: ole.openstream(path).read()
    compound = CompoundFile(data)
    return compound.stream_paths(), compound.read


def extract_paragraphs(data: bytes) -> list[str]:
    """Every paragraph text of an HWP 5.0 file. Raises Hwp5FormatError."""
    try:
        paths, read = _open_compound(data)
    except Hwp5FormatError:
        raise
    except Exception as exc:
        raise Hwp5FormatError(f"not a readable OLE compound file ({exc})") from None
    if "FileHeader" not in paths:
        raise Hwp5FormatError("OLE file has no FileHeader stream (not an HWP document)")
    flags = file_flags(read("FileHeader"))
    if flags & FLAG_PASSWORD:
        raise Hwp5FormatError("document is password-protected")
    if flags & FLAG_DISTRIBUTION:
        raise Hwp5FormatError("document is a distribution (encrypted, read-only) document")
    sections = sorted((int(m.group(1)), p) for p in paths if (m := _SECTION.match(p.lstrip("/"))))
    paragraphs: list[str] = []
    for _, path in sections:
        stream = read(path)
        if flags & FLAG_COMPRESSED:
            stream = inflate(stream)
        paragraphs.extend(section_paragraphs(stream))
    return paragraphs

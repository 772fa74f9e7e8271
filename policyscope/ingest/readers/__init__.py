"""File readers: one file in, one `RawDocument` (text as found, plus what the file
says about itself) out.

    from policyscope.ingest.readers import read_file, SUPPORTED_SUFFIXES
    raw = read_file(path)   # raises policyscope.errors.ReadError(path, reason)

The reader is chosen by suffix (case-insensitive); files without a suffix are
read as plain text. Where the content says otherwise (an HTML error page saved
as .pdf, a PDF saved as .txt) the content wins and `meta["sniffed"]` names the
format actually read.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

from policyscope.errors import ReadError
from policyscope.ingest.limits import check_text_size, check_zip
from policyscope.model import RawDocument

from .docx import read_docx
from .html import read_html
from .hwp import read_hwp, read_hwpx
from .pdf import read_pdf
from .txt import read_text

__all__ = ["SUPPORTED_SUFFIXES", "read_file", "sniff"]

EMPTY_REASON = "empty: no text found"

# Suffix -> format name; a file without a suffix is read as "txt".
_FORMATS: dict[str, str] = {
    ".txt": "txt",
    ".md": "md",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".docx": "docx",
    ".hwpx": "hwpx",
    ".hwp": "hwp",
}
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(_FORMATS)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body")


def _looks_html(data: bytes) -> bool:
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<?xml"):
        return b"<html" in head
    if head.startswith(b"<!--"):  # a comment before the doctype
        end = head.find(b"-->")
        head = head[end + 3 :].lstrip() if end >= 0 else b""
    return head.startswith(_HTML_STARTS)


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:64] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, KeyError):
        return "zip"
    if "word/document.xml" in names:
        return "docx"
    if b"hwp+zip" in mimetype or any(n.startswith("Contents/section") for n in names):
        return "hwpx"
    return "zip"


def sniff(data: bytes) -> str | None:
    """The format the bytes show: pdf, docx, hwpx, hwp, ole, zip, html, or None."""
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if data.startswith(_OLE_MAGIC):
        return "hwp" if "FileHeader".encode("utf-16-le") in data else "ole"
    if _looks_html(data):
        return "html"
    return None


_READERS: dict[str, Callable[[Path, bytes], RawDocument]] = {
    "pdf": read_pdf,
    "docx": read_docx,
    "hwpx": read_hwpx,
    "hwp": read_hwp,
    "html": read_html,
    "txt": read_text,
    "md": lambda path, data: read_text(path, data, fmt="md"),
}


def _mismatch(path: Path, expected: str, found: str | None, data: bytes) -> ReadError:
    if found == "ole":
        what = "an OLE compound file (legacy .doc/.xls/.ppt?)"
        hint = "open it in its program and save as .docx or PDF"
    elif found == "zip":
        what = "a zip archive that is not a .docx or .hwpx"
        hint = "unpack it and ingest the files inside"
    else:
        what = f"unrecognised content starting {data[:12]!r}"
        hint = "check the download; it may be incomplete or an error page"
    noun = {"pdf": "a PDF", "docx": "a .docx", "hwpx": "an .hwpx", "hwp": "an HWP 5.0 file"}
    return ReadError(path, f"not {noun.get(expected, expected)} ({what}); {hint}")


def _choose(path: Path, data: bytes) -> tuple[str, bool]:
    """(format to read, whether content sniffing overrode the suffix)."""
    suffix = path.suffix.lower()
    expected = _FORMATS.get(suffix, "txt" if not suffix else None)
    found = sniff(data)
    binary = ("pdf", "docx", "hwpx", "hwp")
    if expected is None:
        if found in binary or found == "html":
            return found, True
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise ReadError(path, f"unsupported file type '{suffix}' (supported: {supported})")
    if expected in binary:
        if found == expected:
            return expected, False
        if found in binary or found == "html":
            return found, True
        if found is None and expected in ("docx", "hwpx"):
            return expected, False  # let the reader name the damage precisely
        raise _mismatch(path, expected, found, data)
    # Text formats: only a clearly different file format overrides the suffix.
    if found in binary:
        return found, True
    if expected == "txt" and not suffix and found == "html":
        return "html", True
    return expected, False


TRUNCATED = "is truncated or damaged: re-download it (or open it in its program and save again)"


def _check_container(path: Path, data: bytes) -> None:
    """Zip- and OLE-based files are checked from their directories before any part is
    read: a zip bomb is refused without inflating, a cut-off file is called truncated."""
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                check_zip(path, archive)
        except (zipfile.BadZipFile, EOFError, OSError):
            raise ReadError(path, TRUNCATED) from None
    elif data.startswith(_OLE_MAGIC) and _ole_truncated(data):
        raise ReadError(path, TRUNCATED)


def _ole_truncated(data: bytes) -> bool:
    """Whether the sectors an OLE header points at (directory, FAT) lie past the end."""
    if len(data) < 512:
        return True
    sector = 1 << int.from_bytes(data[30:32], "little")
    if sector not in (512, 4096):
        return True
    first_dir = int.from_bytes(data[48:52], "little")
    fat = [int.from_bytes(data[i : i + 4], "little") for i in range(76, 512, 4)]
    fat = [s for s in fat if s < 0xFFFFFFFA]
    last = max([first_dir, *fat]) if first_dir < 0xFFFFFFFA else max(fat, default=0)
    if (last + 2) * sector > len(data):
        return True
    # the last sector the allocation table says is in use must be in the file too
    for fat_sector in fat:
        table = data[(fat_sector + 1) * sector : (fat_sector + 2) * sector]
        entries = [int.from_bytes(table[i : i + 4], "little") for i in range(0, len(table), 4)]
        used = [i for i, e in enumerate(entries) if e != 0xFFFFFFFF]
        if used:
            last = max(last, fat.index(fat_sector) * (sector // 4) + used[-1])
    return (last + 2) * sector > len(data)


def read_file(path: Path) -> RawDocument:
    """Read one file. Raises ReadError naming the cause and the next step."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if path.suffix.lower() in (".txt", ".md", ".markdown", ".html", ".htm", ""):
            check_text_size(path, size)
        data = path.read_bytes()
    except FileNotFoundError:
        raise ReadError(path, "file not found") from None
    except IsADirectoryError:
        raise ReadError(path, "is a directory, not a file") from None
    except PermissionError:
        raise ReadError(path, "permission denied; check the file's permissions") from None
    except OSError as exc:
        raise ReadError(path, f"cannot read the file ({exc.strerror or exc})") from None
    if not data.strip(b" \t\r\n\x0c\x00"):
        size = "0 bytes" if not data else "only whitespace"
        raise ReadError(path, f"{EMPTY_REASON} ({size})")
    _check_container(path, data)
    fmt, sniffed = _choose(path, data)
    raw = _READERS[fmt](path, data)
    if sniffed:
        raw.meta["sniffed"] = fmt
    if not raw.text.strip():
        raise ReadError(path, EMPTY_REASON)
    return raw

"""File readers: one file in, one `RawDocument` (text as found, plus what the file
says about itself) out.

    from policyscope.ingest.readers import read_file, SUPPORTED_SUFFIXES
    raw = read_file(path)   # raises policyscope.errors.ReadError(path, reason)

The reader is chosen by suffix (case-insensitive); files without a suffix are
read as plain text. Where the content says otherwise (an HTML error page saved
as .pdf, a PDF saved as .txt) the content wins and `meta["sniffed"]` names the
format actually read. Each format registers its reader in its own module
(`registry.reader`): adding a format is adding one module to this package.
"""

from __future__ import annotations

from pathlib import Path

from policyscope.errors import ReadError
from policyscope.ingest.limits import check_text_size
from policyscope.model import RawDocument

from .containers import check_container, container_kind
from .registry import by_suffix, discover, readers, sniffed_format

__all__ = ["SUPPORTED_SUFFIXES", "read_file", "sniff"]

EMPTY_REASON = "empty: no text found"

discover()
# every suffix a reader takes (a file without a suffix is read as text, but is not listed)
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(
    s for r in readers().values() for s in r.suffixes if s
)
# text files are refused by size before they are read (".markdown" is read only when its
# content is a known binary format, but is checked like text)
_SIZE_CHECKED = frozenset(
    {s for r in readers().values() if not r.binary for s in r.suffixes} | {".markdown"}
)


def sniff(data: bytes) -> str | None:
    """The format the bytes show: a reader's name (pdf, docx, hwpx, hwp, html), 'ole' or
    'zip' for a container no reader knows, or None."""
    return sniffed_format(data) or container_kind(data)


def _mismatch(path: Path, noun: str, found: str | None, data: bytes) -> ReadError:
    if found == "ole":
        what = "an OLE compound file (legacy .doc/.xls/.ppt?)"
        hint = "open it in its program and save as .docx or PDF"
    elif found == "zip":
        what = "a zip archive that is not a .docx or .hwpx"
        hint = "unpack it and ingest the files inside"
    else:
        what = f"unrecognised content starting {data[:12]!r}"
        hint = "check the download; it may be incomplete or an error page"
    return ReadError(path, f"not {noun} ({what}); {hint}")


def _choose(path: Path, data: bytes) -> tuple[str, bool]:
    """(format to read, whether content sniffing overrode the suffix)."""
    suffix = path.suffix.lower()
    expected = by_suffix(suffix)
    found = sniff(data)
    known = readers().get(found) if found else None  # a format some reader reads
    if expected is None:
        if known is not None:
            return known.name, True
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise ReadError(path, f"unsupported file type '{suffix}' (supported: {supported})")
    if expected.binary:
        if found == expected.name:
            return expected.name, False
        if known is not None:
            return known.name, True
        if found is None and expected.reads_damage:
            return expected.name, False  # let the reader name the damage precisely
        raise _mismatch(path, expected.noun, found, data)
    # Text formats: only a clearly different file format overrides the suffix; without a
    # suffix, any format the content shows.
    if known is not None and (known.binary or not suffix):
        return known.name, True
    return expected.name, False


def read_file(path: Path) -> RawDocument:
    """Read one file. Raises ReadError naming the cause and the next step."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if path.suffix.lower() in _SIZE_CHECKED:
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
        what = "0 bytes" if not data else "only whitespace"
        raise ReadError(path, f"{EMPTY_REASON} ({what})")
    check_container(path, data)
    fmt, sniffed = _choose(path, data)
    raw = readers()[fmt].read(path, data)
    if sniffed:
        raw.meta["sniffed"] = fmt
    if not raw.text.strip():
        raise ReadError(path, EMPTY_REASON)
    return raw

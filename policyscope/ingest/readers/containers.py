"""Containers (zip, OLE compound files): what they hold, and whether they are whole.

Readers of container formats sniff with these; `check_container` runs before any reader.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from policyscope.errors import ReadError
from policyscope.ingest.limits import check_zip

__all__ = ["OLE_MAGIC", "TRUNCATED", "check_container", "container_kind", "is_zip", "zip_kind"]

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"


def is_zip(data: bytes) -> bool:
    return data.startswith(ZIP_MAGIC)


def container_kind(data: bytes) -> str | None:
    """'zip' or 'ole' for a container no reader took; None for anything else."""
    if is_zip(data):
        return "zip"
    if data.startswith(OLE_MAGIC):
        return "ole"
    return None


def zip_kind(data: bytes) -> str:
    """'docx', 'hwpx' or 'zip': what a zip archive holds, by its part names."""
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


TRUNCATED = "is truncated or damaged: re-download it (or open it in its program and save again)"


def check_container(path: Path, data: bytes) -> None:
    """Zip- and OLE-based files are checked from their directories before any part is
    read: a zip bomb is refused without inflating, a cut-off file is called truncated."""
    if is_zip(data):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                check_zip(path, archive)
        except (zipfile.BadZipFile, EOFError, OSError):
            raise ReadError(path, TRUNCATED) from None
    elif data.startswith(OLE_MAGIC) and ole_truncated(data):
        raise ReadError(path, TRUNCATED)


def ole_truncated(data: bytes) -> bool:
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

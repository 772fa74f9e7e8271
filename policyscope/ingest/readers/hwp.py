"""Hangul word processor files: HWPX (zip of OWPML XML) and HWP 5.0 (binary).

Both go through python-hwpx: HWPX is read as it is, HWP 5.0 is converted to the
HWPX model first. Paragraphs come in document order; a table becomes one line
per row, cells joined by a TAB, where its anchor paragraph sits; text boxes
follow their paragraph. When python-hwpx cannot convert a .hwp, the small
record reader in `hwp5` takes its paragraphs straight from the BodyText streams.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from policyscope.errors import ReadError
from policyscope.model import RawDocument

from . import hwp5
from .containers import OLE_MAGIC, is_zip, zip_kind
from .registry import reader

_SPACES = re.compile(r"\s+")
# Hangul's private-use characters: its own code points for some syllables (U+F53A is 한
# in files from old Hancom fonts, so "한글" read "\uf53a글" and a search for 한글 missed it)
# and Wingdings/Symbol bullets (U+F0xx). Known ones are mapped; the rest of the private-use
# area is dropped (decoration, or old-Hangul forms no search can type).
_PUA_KNOWN = {
    0xF53A: "한",
    0xF06C: "●",
    0xF06E: "■",
    0xF071: "❑",
    0xF075: "◆",
    0xF076: "❖",
    0xF0A7: "▪",
    0xF0B7: "•",
    0xF0D8: "➢",
    0xF0E8: "➔",
    0xF0FC: "✓",
}
_PUA = re.compile("[\ue000-\uf8ff]")


def public_text(text: str) -> str:
    """`text` with Hangul's private-use characters mapped or dropped."""
    return _PUA.sub(lambda m: _PUA_KNOWN.get(ord(m.group()), ""), text)


# python-hwpx error codes for documents whose body cannot be read without a key.
_PROTECTED = {"hwp5-password", "hwp5-distribution", "hwp5-drm"}


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _sub_paragraphs(el: Any) -> Iterator[Any]:
    """The <p> elements under `el` that are not inside another <p> under `el`."""
    for child in el:
        if _local(child.tag) == "p":
            yield child
        else:
            yield from _sub_paragraphs(child)


def _table_rows(extractor: Any, tbl: Any) -> list[str]:
    rows = []
    for tr in tbl:
        if _local(tr.tag) != "tr":
            continue
        cells = []
        for tc in tr:
            if _local(tc.tag) != "tc":
                continue
            parts = [
                block.replace("\t", " ").replace("\n", " ")
                for p in _sub_paragraphs(tc)
                for block in _paragraph_blocks(extractor, p)
            ]
            cells.append(_SPACES.sub(" ", " ".join(parts)).strip())
        if any(cells):
            rows.append("\t".join(cells))
    return rows


# Controls whose paragraphs are text of the document (a header is stored once per section).
_NOTES = {"footNote", "endNote", "header", "footer"}


def _paragraph_blocks(extractor: Any, p: Any) -> list[str]:
    """The paragraph's own text, then its tables and text boxes, as blocks."""
    blocks = []
    text = extractor.paragraph_text(p, object_behavior="skip")
    if text.strip():
        blocks.append(text)
    for run in p:
        if _local(run.tag) != "run":
            continue
        for obj in run:
            name = _local(obj.tag)
            if name == "ctrl":  # footnotes, endnotes, headers and footers sit in controls
                for note in obj:
                    if _local(note.tag) in _NOTES:
                        for inner in _sub_paragraphs(note):
                            blocks.extend(_paragraph_blocks(extractor, inner))
                continue
            if name in ("t", "tab", "lineBreak", "secPr"):
                continue
            if name == "tbl":
                rows = [
                    block
                    for cap in obj
                    if _local(cap.tag) == "caption"
                    for inner in _sub_paragraphs(cap)
                    for block in _paragraph_blocks(extractor, inner)
                ]
                rows += _table_rows(extractor, obj)
                if rows:
                    blocks.append("\n".join(rows))
            else:  # text boxes and other shapes holding paragraphs
                for inner in _sub_paragraphs(obj):
                    blocks.extend(_paragraph_blocks(extractor, inner))
    return blocks


def _hwpx_blocks(archive: zipfile.ZipFile) -> list[str]:
    from hwpx.tools.text_extractor import TextExtractor  # noqa: PLC0415 (lazy: only for HWP)

    extractor = TextExtractor(archive)
    blocks: list[str] = []
    for section in extractor.iter_sections():
        for paragraph in extractor.iter_paragraphs(section, include_nested=False):
            blocks.extend(_paragraph_blocks(extractor, paragraph.element))
    return blocks


def _iso(value: str | None) -> str | None:
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})", value or "")
    return "-".join(match.groups()) if match else None


def _hwpx_meta(document: Any) -> dict[str, Any]:
    try:
        found = document.parts.metadata
    except Exception:  # metadata is a bonus; never fail a read over it
        return {}
    if found is None:
        return {}
    meta: dict[str, Any] = {}
    if (found.title or "").strip():
        meta["title"] = found.title.strip()
    if (found.creator or "").strip():
        meta["author"] = found.creator.strip()
    if (found.language or "").strip():
        meta["language"] = found.language.strip().lower()
    date = _iso(found.created_date)
    if date:
        meta["date"] = date
    return meta


def _open_document(path: Path, data: bytes, kind: str) -> Any:
    from hwpx import HwpxDocument  # noqa: PLC0415 (lazy: only for HWP)
    from hwpx.errors import Hwp5Error  # noqa: PLC0415 (lazy: only for HWP)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # conversion notes about drawings, not text
        try:
            return HwpxDocument.open(data)
        except Hwp5Error as exc:
            if getattr(exc, "code", "") in _PROTECTED:
                raise _Hwp5Refused(str(exc)) from None
            raise _ConvertFailed(f"{type(exc).__name__}: {exc}") from None
        except zipfile.BadZipFile:
            raise ReadError(
                path,
                f"not a valid .{kind} (not a zip archive); open it in Hangul and save again",
            ) from None
        except Exception as exc:
            raise _ConvertFailed(f"{type(exc).__name__}: {exc}") from None


class _Hwp5Refused(Exception):
    pass


class _ConvertFailed(Exception):
    pass


def _text_of(document: Any, data: bytes) -> str:
    archive_bytes = data if data[:2] == b"PK" else document.to_bytes()
    with zipfile.ZipFile(io.BytesIO(archive_bytes)) as archive:
        return "\n\n".join(_hwpx_blocks(archive))


def is_hwpx(data: bytes) -> bool:
    return is_zip(data) and zip_kind(data) == "hwpx"


def is_hwp(data: bytes) -> bool:
    return data.startswith(OLE_MAGIC) and "FileHeader".encode("utf-16-le") in data


@reader(
    "hwpx",
    suffixes=(".hwpx",),
    mimes=("application/vnd.hancom.hwpx", "application/hwp+zip"),
    sniff=is_hwpx,
    priority=30,
    binary=True,
    reads_damage=True,
    noun="an .hwpx",
)
def read_hwpx(path: Path, data: bytes) -> RawDocument:
    try:
        document = _open_document(path, data, "hwpx")
        text = _text_of(document, data)
    except (_ConvertFailed, _Hwp5Refused) as exc:
        raise ReadError(
            path, f"damaged .hwpx ({exc}); open it in Hangul and save it again"
        ) from None
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ReadError(path, f"damaged .hwpx ({exc}); open it in Hangul and save again") from None
    return RawDocument(text=public_text(text), format="hwpx", meta=_hwpx_meta(document))


@reader(
    "hwp",
    suffixes=(".hwp",),
    mimes=("application/x-hwp", "application/haansofthwp", "application/vnd.hancom.hwp"),
    sniff=is_hwp,
    priority=20,
    binary=True,
    noun="an HWP 5.0 file",
)
def read_hwp(path: Path, data: bytes) -> RawDocument:
    """A binary HWP 5.0 file (OLE compound file)."""
    try:
        document = _open_document(path, data, "hwp")
        text = _text_of(document, data)
        meta = _hwpx_meta(document)
        if not text.strip():  # python-hwpx converted it but found nothing: ask the records
            raise _ConvertFailed("no text")
    except _Hwp5Refused as exc:
        raise ReadError(
            path, f"{exc} Remove the protection in Hangul and save the document again."
        ) from None
    except Exception:
        # python-hwpx could not convert it: take the paragraphs straight from the records.
        try:
            paragraphs = hwp5.extract_paragraphs(data)
        except hwp5.Hwp5FormatError as exc:
            raise ReadError(
                path, f"not a readable HWP 5.0 file: {exc}; open it in Hangul and save as .hwpx"
            ) from None
        text = "\n\n".join(p for p in paragraphs if p.strip())
        meta = {}
    return RawDocument(text=public_text(text), format="hwp", meta=meta)

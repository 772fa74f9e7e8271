"""Word .docx files: body paragraphs and tables in document order.

A table becomes one line per row, cells joined by a TAB, so a table parser
downstream sees the grid; a merged cell is written once. Text boxes follow the
paragraph that anchors them; footnotes and endnotes come at the end, in their
order. Headers and footers are left out (they repeat on every page).
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

from policyscope.errors import ReadError
from policyscope.model import RawDocument

from .containers import is_zip, zip_kind
from .registry import reader

_SPACES = re.compile(r"\s+")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_NOTE_PARTS = ("/word/footnotes.xml", "/word/endnotes.xml")


def _para_text(p: Any) -> str:
    return "".join(t.text or "" for t in p.iter(f"{_W}t"))


def _text_boxes(paragraph_element: Any) -> list[str]:
    """Paragraphs inside the text boxes anchored in a paragraph (python-docx skips them)."""
    found: list[str] = []
    for box in paragraph_element.iter(f"{_W}txbxContent"):
        found.extend(t for t in (_para_text(p) for p in box.iter(f"{_W}p")) if t.strip())
    # a box is often stored twice (DrawingML and its VML fallback): keep one of each
    return list(dict.fromkeys(found))


def _notes(document: Any) -> list[str]:
    """Footnote and endnote texts; ids below 1 are the separator lines, not notes."""
    from lxml import etree  # noqa: PLC0415 (lazy: only for a .docx)

    blocks: list[str] = []
    for part in document.part.package.iter_parts():
        if str(part.partname) not in _NOTE_PARTS:
            continue
        root = etree.fromstring(part.blob)
        for note in root:
            if int(note.get(f"{_W}id", "0")) < 1:
                continue
            text = "\n".join(t for t in (_para_text(p) for p in note.iter(f"{_W}p")) if t.strip())
            if text.strip():
                blocks.append(text.strip())
    return blocks


def _cell_text(cell: Any) -> str:
    parts: list[str] = []
    for item in cell.iter_inner_content():
        if hasattr(item, "rows"):  # a nested table: flattened into the cell
            parts.extend(" ".join(row) for row in _table_rows(item))
        else:
            parts.append(item.text)
    return _SPACES.sub(" ", " ".join(parts)).strip()


def _table_rows(table: Any) -> list[list[str]]:
    rows: list[list[str]] = []
    for row in table.rows:
        cells: list[str] = []
        previous = None
        for cell in row.cells:
            if previous is not None and cell._tc is previous:  # horizontally merged
                continue
            previous = cell._tc
            cells.append(_cell_text(cell))
        if any(cells):
            rows.append(cells)
    return rows


def _meta(document: Any) -> dict[str, Any]:
    props = document.core_properties
    meta: dict[str, Any] = {}
    if (props.title or "").strip():
        meta["title"] = props.title.strip()
    if (props.author or "").strip():
        meta["author"] = props.author.strip()
    if props.created is not None:
        meta["date"] = props.created.date().isoformat()
    if (props.language or "").strip():
        meta["language"] = props.language.strip().lower()
    return meta


def is_docx(data: bytes) -> bool:
    return is_zip(data) and zip_kind(data) == "docx"


@reader(
    "docx",
    suffixes=(".docx",),
    mimes=("application/vnd.openxmlformats-officedocument.wordprocessingml.document",),
    sniff=is_docx,
    priority=30,
    binary=True,
    reads_damage=True,
    noun="a .docx",
)
def read_docx(path: Path, data: bytes) -> RawDocument:
    import docx  # noqa: PLC0415 (lazy: python-docx, only for a .docx)

    try:
        document = docx.Document(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ReadError(
            path, "not a valid .docx (not a zip archive); open it in Word and save as .docx"
        ) from None
    except KeyError as exc:
        raise ReadError(
            path,
            f"zip archive is not a Word document (missing {exc}); "
            "open it in Word and save as .docx",
        ) from None
    except Exception as exc:  # python-docx raises assorted errors on damaged parts
        raise ReadError(
            path, f"damaged .docx ({type(exc).__name__}: {exc}); open it in Word and save again"
        ) from None
    blocks: list[str] = []
    for item in document.iter_inner_content():
        if hasattr(item, "rows"):
            block = "\n".join("\t".join(cells) for cells in _table_rows(item))
        else:
            block = item.text
        if block.strip():
            blocks.append(block)
        if not hasattr(item, "rows"):
            blocks.extend(_text_boxes(item._p))
    blocks.extend(_notes(document))
    return RawDocument(text="\n\n".join(blocks), format="docx", meta=_meta(document))

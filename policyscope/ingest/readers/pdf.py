"""PDF files, through pdfium: the text layer page by page.

Pages are joined by a blank line and `page_starts[i]` is where page i+1 starts.
Lines keep their line breaks (pdfium does not know paragraphs). A PDF without a
text layer (a scan) is an error: it needs OCR first.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from policyscope.errors import ReadError
from policyscope.model import RawDocument

PAGE_SEPARATOR = "\n\n"
NO_TEXT_REASON = "no extractable text (scanned PDF? run OCR first)"

_PDF_DATE = re.compile(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?")
# pdfium marks soft hyphens and line-end hyphens with \x02, and pads with \ufffe.
_JUNK = str.maketrans({"\x02": "", "\ufffe": "", "\x00": "", "\r": ""})


def pdf_date(value: str | None) -> str | None:
    """'D:20250305101500+09'00'' -> '2025-03-05' (as precise as given)."""
    if not value:
        return None
    match = _PDF_DATE.match(value.strip())
    if not match:
        return None
    year, month, day = match.groups()
    if not 1900 <= int(year) <= 2200:
        return None
    parts = [year]
    if month and 1 <= int(month) <= 12:
        parts.append(month)
        if day and 1 <= int(day) <= 31:
            parts.append(day)
    return "-".join(parts)


def _page_text(page: Any) -> str:
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
    finally:
        textpage.close()
    return text.replace("\r\n", "\n").translate(_JUNK).strip()


def _meta(pdf: Any) -> dict[str, Any]:
    try:
        info = pdf.get_metadata_dict(skip_empty=True)
    except Exception:  # metadata is a bonus; a broken Info dict must not fail the read
        return {}
    meta: dict[str, Any] = {}
    title = (info.get("Title") or "").strip()
    if title and title.lower() not in ("untitled", "unspecified"):
        meta["title"] = title
    author = (info.get("Author") or "").strip()
    if author and author.lower() not in ("anonymous", "unspecified"):
        meta["author"] = author
    date = pdf_date(info.get("CreationDate")) or pdf_date(info.get("ModDate"))
    if date:
        meta["date"] = date
    return meta


def _open(path: Path, data: bytes) -> Any:
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        cause = str(exc)
        low = cause.lower()
        if "password" in low:
            raise ReadError(
                path, "PDF is password-protected; save an unprotected copy and retry"
            ) from None
        if "format" in low or "corrupt" in low or "not found" in low:
            reason = "PDF is damaged or truncated"
            if b"%%EOF" not in data[-2048:]:
                reason = "PDF is truncated (no %EOF trailer)"
            raise ReadError(
                path, f"{reason}: pdfium says '{cause}'; download or export the file again"
            ) from None
        raise ReadError(path, f"pdfium cannot open the PDF: {cause}") from None


def read_pdf(path: Path, data: bytes) -> RawDocument:
    """A .pdf file whose bytes start with %PDF (sniffing is the dispatcher's job)."""
    pdf = _open(path, data)
    try:
        pages: list[str] = []
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                pages.append(_page_text(page))
            finally:
                page.close()
        meta = _meta(pdf)
    finally:
        pdf.close()
    if not pages:
        raise ReadError(path, "PDF has no pages; the file is probably damaged")
    if not any(p.strip() for p in pages):
        raise ReadError(path, NO_TEXT_REASON)
    page_starts: list[int] = []
    offset = 0
    for text in pages:
        page_starts.append(offset)
        offset += len(text) + len(PAGE_SEPARATOR)
    return RawDocument(
        text=PAGE_SEPARATOR.join(pages), format="pdf", page_starts=page_starts, meta=meta
    )

"""PDF files, through pdfium: the text layer page by page.

Pages are joined by a blank line and `page_starts[i]` is where page i+1 starts.
pdfium gives lines, not paragraphs: a line that runs to the right margin and does not end
a sentence is joined to the next (without a space between CJK characters, so a Korean word
wrapped across two lines is found again), unless the next starts an item (■, 1., 제3조).
Letter-spaced CJK lines (无 产 者) lose the spaces between their characters. A PDF without
a text layer (a scan) is an error: it needs OCR first.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from policyscope.errors import ReadError
from policyscope.lang.scripts import (
    CJK_SYMBOLS,
    HALF_FULL_WIDTH,
    HAN_BMP,
    HANGUL_SYLLABLES,
    KANA_BLOCKS,
    bounds,
)
from policyscope.model import RawDocument

from .registry import reader

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


_CJK = KANA_BLOCKS + HAN_BMP + HANGUL_SYLLABLES + CJK_SYMBOLS + HALF_FULL_WIDTH
_SYL = bounds(HANGUL_SYLLABLES)
_CJK_CHAR = re.compile(f"[{_CJK}]")
_SPACED_GAP = re.compile(f"(?<=[{_CJK}]) (?=[{_CJK}])")
_CJK_PAIR = re.compile(f"[{_CJK}] ?(?=[{_CJK}])")
_SENTENCE_END = tuple("。！？!?.:：;；")
_ITEM_START = re.compile(
    r"^\s*(?:[■□●○◦•▪▶►◆◇※❍◎∙·*\-–—]|\(?\d{1,3}[.)]\s|[①-⑳]|[一二三四五六七八九十]+、"
    r"|第.{1,4}[章条节]|제\s*\d+\s*[조장절]|[가-하]\.\s|\d+\s*$)"
)
# A line at least this share of the page's longest line reaches the right margin.
_FULL_LINE = 0.7


def _unspaced(line: str) -> str:
    """'无 产 者 联 合' -> '无产者联合' when nearly every pair of CJK characters in the
    line is one space apart (letter-spaced type), else the line as it is."""
    pairs = _CJK_PAIR.findall(line)
    spaced = sum(1 for p in pairs if p.endswith(" "))
    if len(pairs) >= 3 and spaced >= 0.8 * len(pairs):
        return _SPACED_GAP.sub("", line)
    return line


# Korean particles and endings that close a word: a line ending in one broke at a space.
_KO_WORD_END = frozenset("를을는은가의에로고며와과도서면게다")


def _joiner(left: str, right: str) -> str:
    if _CJK_CHAR.match(left[-1]) and _CJK_CHAR.match(right[0]):
        hangul = _SYL[0] <= left[-1] <= _SYL[1] and _SYL[0] <= right[0] <= _SYL[1]
        return " " if hangul and left[-1] in _KO_WORD_END else ""
    return " "


def paragraphs(text: str) -> str:
    """A page's lines joined into paragraphs (one per line of the result)."""
    lines = [_unspaced(line.strip()) for line in text.split("\n")]
    width = max((len(line) for line in lines), default=0)
    out: list[str] = []
    joinable = False  # may the next line continue the last one in `out`?
    for line in lines:
        if not line:
            out.append("")
            joinable = False
            continue
        if joinable and out and not _ITEM_START.match(line):
            out[-1] += _joiner(out[-1], line) + line
        else:
            out.append(line)
        joinable = len(line) >= _FULL_LINE * width and not line.endswith(_SENTENCE_END)
    return "\n".join(out)


def _page_text(page: Any) -> str:
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
    finally:
        textpage.close()
    return paragraphs(text.replace("\r\n", "\n").translate(_JUNK)).strip()


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
    import pypdfium2 as pdfium  # noqa: PLC0415 (lazy: only for a PDF)

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


def is_pdf(data: bytes) -> bool:
    return b"%PDF-" in data[:1024]


@reader(
    "pdf",
    suffixes=(".pdf",),
    mimes=("application/pdf",),
    sniff=is_pdf,
    priority=40,
    binary=True,
    noun="a PDF",
)
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

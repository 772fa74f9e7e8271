"""Build real test files (PDF, DOCX, HWPX, HWP, HTML, encoded text) in a directory.

All text here was written for these tests. PDFs use reportlab's built-in CJK CID
fonts (HYSMyeongJo-Medium, STSong-Light, HeiseiMin-W3): they need no font files
and pdfium extracts their text, so no Debian font package is needed.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

# Sample texts, 1-3 sentences each, as policy documents read.
KO = "인공지능 기본법은 고위험 인공지능의 정의와 사업자의 책무를 규정한다."
KO_2 = "정부는 3년마다 인공지능 기본계획을 수립하고 국회에 보고하여야 한다."
ZH = "国家鼓励人工智能技术创新，同时加强安全监管。"
ZH_2 = "生成式人工智能服务提供者应当依法开展预训练和优化训练等数据处理活动。"
JA = "政府は人工知能の研究開発と活用を推進するため、基本計画を策定する。"
EN = "The Commission shall adopt guidelines on the practical implementation of this Regulation."

PDF_PAGE1 = [KO, "Page one closes with an English line."]
PDF_PAGE2 = [ZH, JA]


def write_pdf(
    path: Path,
    pages: list[list[str]] | None = None,
    *,
    title: str | None = "인공지능 정책 동향 보고서",
    author: str | None = "Policy Lab",
) -> Path:
    """A PDF with one line per string, one list per page, in CJK-capable CID fonts."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    fonts = {"ko": "HYSMyeongJo-Medium", "zh": "STSong-Light", "ja": "HeiseiMin-W3"}
    for name in fonts.values():
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(UnicodeCIDFont(name))

    def font_for(line: str) -> str:
        if any("\uac00" <= ch <= "\ud7a3" for ch in line):
            return fonts["ko"]
        if any("\u3040" <= ch <= "\u30ff" for ch in line):
            return fonts["ja"]
        if any("\u4e00" <= ch <= "\u9fff" for ch in line):
            return fonts["zh"]
        return "Helvetica"

    pages = pages if pages is not None else [PDF_PAGE1, PDF_PAGE2]
    c = canvas.Canvas(str(path), invariant=1)
    if title:
        c.setTitle(title)
    if author:
        c.setAuthor(author)
    for lines in pages:
        y = 780
        for line in lines:
            c.setFont(font_for(line), 11)
            c.drawString(60, y, line)
            y -= 20
        c.showPage()
    c.save()
    return path


def write_blank_pdf(path: Path, pages: int = 1) -> Path:
    """A PDF whose pages have no text layer (what a scan without OCR looks like)."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), invariant=1)
    for _ in range(pages):
        c.rect(100, 100, 300, 400, fill=1)  # a drawing, no text
        c.showPage()
    c.save()
    return path


def write_docx(path: Path, *, title: str = "AI 정책 검토", author: str = "Kim Analyst") -> Path:
    """Heading, paragraph, a 3x3 table, closing paragraph — in that order."""
    import datetime

    import docx

    document = docx.Document()
    document.add_heading("인공지능 규제 비교", level=1)
    document.add_paragraph(KO)
    table = document.add_table(rows=3, cols=3)
    grid = [
        ["국가", "법령", "시행"],
        ["한국", "인공지능 기본법", "2026"],
        ["EU", "AI Act", "2024"],
    ]
    for r, row in enumerate(grid):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("표 이후의 마지막 문단이다.")
    props = document.core_properties
    props.title = title
    props.author = author
    props.created = datetime.datetime(2025, 3, 5, 9, 0, tzinfo=datetime.UTC)
    document.save(str(path))
    return path


def _hwpx_document(title: str):
    from hwpx import HwpxDocument

    document = HwpxDocument.new()
    document.paragraphs[0].text = "인공지능 기본법 시행령 안내"
    document.add_paragraph(KO_2)
    table = document.add_table(2, 2)
    table.cell(0, 0).text = "항목"
    table.cell(0, 1).text = "내용"
    table.cell(1, 0).text = "시행일"
    table.cell(1, 1).text = "2026년 1월 22일"
    document.add_paragraph("표 다음 문단.")
    document.parts.set_document_metadata(
        title=title, creator="정책분석팀", created_date="2025-12-01T09:00:00Z"
    )
    return document


def write_hwpx(path: Path, *, title: str = "시행령 안내") -> Path:
    """An HWPX made with python-hwpx: two paragraphs, a 2x2 table, a closing paragraph."""
    path.write_bytes(_hwpx_document(title).to_bytes())
    return path


def write_hwp(path: Path, *, title: str = "시행령 안내") -> Path:
    """The same document saved by python-hwpx as binary HWP 5.0."""
    path.write_bytes(_hwpx_document(title).to_bytes(format="hwp"))
    return path


# --- HWP 5.0 records, built by hand ---------------------------------------


def hwp_record(tag: int, payload: bytes, level: int = 0) -> bytes:
    """One HWP 5.0 record: u32 header (tag 10 bits, level 10 bits, size 12 bits)."""
    size = len(payload)
    if size >= 0xFFF:
        return struct.pack("<II", tag | (level << 10) | (0xFFF << 20), size) + payload
    return struct.pack("<I", tag | (level << 10) | (size << 20)) + payload


def hwp_para_text(*pieces: str | int) -> bytes:
    """A PARA_TEXT payload: str pieces as UTF-16LE, int pieces as control chars
    (extended/inline controls get their 7 extra code units, as in real files)."""
    out = b""
    for piece in pieces:
        if isinstance(piece, str):
            out += piece.encode("utf-16-le")
        elif piece in (0, 10, 13, 24, 25, 26, 27, 28, 29, 30, 31):
            out += struct.pack("<H", piece)
        else:  # 8 code units: the control, a 4-byte control id, 8 bytes of params, the control
            out += struct.pack("<H", piece) + b" lbt" + b"\x00" * 8 + struct.pack("<H", piece)
    return out


def hwp_section_stream(paragraphs: list[list[str | int]], compressed: bool = True) -> bytes:
    """A BodyText/SectionN stream: PARA_HEADER (66) + PARA_TEXT (67) per paragraph."""
    data = b""
    for pieces in paragraphs:
        data += hwp_record(66, b"\x00" * 22)
        data += hwp_record(67, hwp_para_text(*pieces, 13), level=1)
    if compressed:
        deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
        data = deflate.compress(data) + deflate.flush()
    return data


# --- HTML and text ---------------------------------------------------------

ARTICLE_P1 = (
    "정부는 인공지능 기본법 시행령 제정안을 입법예고했다. 시행령은 고위험 인공지능의 "
    "판단 기준과 사업자의 투명성 의무를 구체화한다."
)
ARTICLE_P2 = "이번 제정안은 관계 부처 협의와 공청회를 거쳐 마련되었으며, 의견 제출 기간은 40일이다."
NAV_WORDS = ["홈페이지 바로가기", "보도자료 목록", "로그인 회원가입"]
FOOTER_TEXT = "Copyright 정책포털 All rights reserved 개인정보처리방침 이용약관"


def html_page(charset: str = "utf-8") -> str:
    nav = "".join(f'<li><a href="/m{i}">{w}</a></li>' for i, w in enumerate(NAV_WORDS))
    return f"""<!DOCTYPE html>
<html lang="ko"><head><meta charset="{charset}">
<title>인공지능 기본법 시행령 입법예고 | 정책포털</title>
<meta name="author" content="과학기술정보통신부">
<meta property="article:published_time" content="2025-09-08T10:00:00+09:00">
<link rel="canonical" href="https://policy.example.kr/briefing/2025/0908">
</head><body>
<header><nav><ul>{nav}</ul></nav></header>
<main><article>
<h1>인공지능 기본법 시행령 입법예고</h1>
<p>{ARTICLE_P1}</p>
<p>{ARTICLE_P2}</p>
</article></main>
<footer><p>{FOOTER_TEXT}</p></footer>
</body></html>
"""


def write_html(path: Path, *, charset: str = "utf-8", encoding: str = "utf-8") -> Path:
    path.write_bytes(html_page(charset).encode(encoding))
    return path


def write_text(path: Path, text: str, encoding: str = "utf-8", *, bom: bool = False) -> Path:
    data = text.encode(encoding)
    if bom:
        import codecs

        boms = {
            "utf-8": codecs.BOM_UTF8,
            "utf-16-le": codecs.BOM_UTF16_LE,
            "utf-16-be": codecs.BOM_UTF16_BE,
            "utf-32-le": codecs.BOM_UTF32_LE,
            "utf-32-be": codecs.BOM_UTF32_BE,
        }
        data = boms[encoding] + data
    path.write_bytes(data)
    return path


def write_zip(path: Path, members: dict[str, bytes] | None = None) -> Path:
    """A zip archive (by default not a docx: no [Content_Types].xml)."""
    members = members or {"notes.txt": b"just a note", "data/table.csv": b"a,b\n1,2\n"}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    path.write_bytes(buffer.getvalue())
    return path


def random_bytes(size: int = 4096, seed: int = 7) -> bytes:
    import random

    return random.Random(seed).randbytes(size)

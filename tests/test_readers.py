"""read_file on real files built in tmp_path (see tests/builders.py)."""

from __future__ import annotations

import struct
import zlib

import pytest

from policyscope.errors import ReadError
from policyscope.ingest.readers import SUPPORTED_SUFFIXES, hwp5, read_file, sniff
from policyscope.ingest.readers.pdf import pdf_date
from tests import builders

# --- PDF ----------------------------------------------------------------------


@pytest.fixture
def pdf_path(tmp_path):
    return builders.write_pdf(tmp_path / "report.pdf")


def test_pdf_cjk_text_and_pages(pdf_path):
    raw = read_file(pdf_path)
    assert raw.format == "pdf"
    for line in builders.PDF_PAGE1 + builders.PDF_PAGE2:
        assert line in raw.text
    assert raw.page_starts is not None and len(raw.page_starts) == 2
    assert raw.page_starts[0] == 0
    page2 = raw.text[raw.page_starts[1] :]
    assert page2.startswith(builders.ZH)
    assert builders.KO not in page2
    assert raw.text[: raw.page_starts[1]].rstrip("\n").endswith(builders.PDF_PAGE1[-1])
    assert "\r" not in raw.text
    assert raw.meta["title"] == "인공지능 정책 동향 보고서"
    assert raw.meta["author"] == "Policy Lab"


def test_pdf_suffix_is_case_insensitive(tmp_path):
    path = builders.write_pdf(tmp_path / "REPORT.PDF", [[builders.EN]], title=None)
    raw = read_file(path)
    assert raw.format == "pdf" and raw.text == builders.EN
    assert "title" not in raw.meta


def test_pdf_without_text_layer(tmp_path):
    path = builders.write_blank_pdf(tmp_path / "scan.pdf", pages=2)
    with pytest.raises(ReadError, match=r"no extractable text \(scanned PDF\? run OCR first\)"):
        read_file(path)


def test_truncated_pdf(tmp_path, pdf_path):
    data = pdf_path.read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(ReadError, match="truncated") as err:
        read_file(cut)
    assert "again" in err.value.reason  # says what to do


def test_random_bytes_named_pdf(tmp_path):
    path = tmp_path / "noise.pdf"
    path.write_bytes(builders.random_bytes())
    with pytest.raises(ReadError, match=r"^.*: not a PDF \("):
        read_file(path)


def test_html_named_pdf_is_read_as_html(tmp_path):
    path = builders.write_html(tmp_path / "download.pdf")
    raw = read_file(path)
    assert raw.format == "html"
    assert raw.meta["sniffed"] == "html"
    assert builders.ARTICLE_P1 in raw.text


def test_pdf_named_txt_is_read_as_pdf(tmp_path, pdf_path):
    path = tmp_path / "really.txt"
    path.write_bytes(pdf_path.read_bytes())
    raw = read_file(path)
    assert raw.format == "pdf" and raw.meta["sniffed"] == "pdf"
    assert builders.KO in raw.text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("D:20250305101500+09'00'", "2025-03-05"),
        ("D:202503", "2025-03"),
        ("2024", "2024"),
        ("D:20251399", "2025"),
        ("garbage", None),
        (None, None),
    ],
)
def test_pdf_date(value, expected):
    assert pdf_date(value) == expected


# --- DOCX ---------------------------------------------------------------------


def test_docx_order_and_table(tmp_path):
    raw = read_file(builders.write_docx(tmp_path / "memo.docx"))
    assert raw.format == "docx"
    blocks = raw.text.split("\n\n")
    assert blocks == [
        "인공지능 규제 비교",
        builders.KO,
        "국가\t법령\t시행\n한국\t인공지능 기본법\t2026\nEU\tAI Act\t2024",
        "표 이후의 마지막 문단이다.",
    ]
    assert raw.meta == {"title": "AI 정책 검토", "author": "Kim Analyst", "date": "2025-03-05"}
    assert raw.page_starts is None


def test_zip_that_is_not_docx(tmp_path):
    path = builders.write_zip(tmp_path / "archive.docx")
    with pytest.raises(ReadError, match="not a .docx") as err:
        read_file(path)
    assert "zip archive" in err.value.reason


def test_docx_that_is_not_zip(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"This was never a Word file, just some text.")
    with pytest.raises(ReadError, match="not a zip archive"):
        read_file(path)


# --- HWPX / HWP ---------------------------------------------------------------

HWPX_BLOCKS = [
    "인공지능 기본법 시행령 안내",
    builders.KO_2,
    "항목\t내용\n시행일\t2026년 1월 22일",
    "표 다음 문단.",
]


def test_hwpx(tmp_path):
    raw = read_file(builders.write_hwpx(tmp_path / "notice.hwpx"))
    assert raw.format == "hwpx"
    assert raw.text.split("\n\n") == HWPX_BLOCKS
    assert raw.meta["title"] == "시행령 안내"
    assert raw.meta["author"] == "정책분석팀"
    assert raw.meta["date"] == "2025-12-01"


def test_hwp5_binary(tmp_path):
    raw = read_file(builders.write_hwp(tmp_path / "notice.hwp"))
    assert raw.format == "hwp"
    assert raw.text.split("\n\n") == HWPX_BLOCKS
    assert raw.meta["title"] == "시행령 안내"


def test_hwp5_fallback_reader_on_real_file(tmp_path):
    data = builders.write_hwp(tmp_path / "notice.hwp").read_bytes()
    paragraphs = [p for p in hwp5.extract_paragraphs(data) if p]
    assert paragraphs[:2] == HWPX_BLOCKS[:2]
    assert "시행일" in paragraphs and paragraphs[-1] == "표 다음 문단."


def test_hwpx_not_zip(tmp_path):
    path = tmp_path / "bad.hwpx"
    path.write_bytes(builders.random_bytes(500))
    with pytest.raises(ReadError, match="not a zip archive"):
        read_file(path)


def test_hwp_random_bytes(tmp_path):
    path = tmp_path / "bad.hwp"
    path.write_bytes(builders.random_bytes(500))
    with pytest.raises(ReadError, match="not an HWP 5.0 file"):
        read_file(path)


# HWP 5.0 record layout, on bytes built by hand.


def test_hwp_para_text_controls():
    payload = builders.hwp_para_text("제1조", 9, "목적", 11, " 표 앞", 10, "줄바꿈", 13)
    assert hwp5.para_text(payload) == "제1조\t목적 표 앞\n줄바꿈"


def test_hwp_records_and_section():
    stream = builders.hwp_section_stream(
        [["인공지능 안전"], ["둘째 ", 2, "문단"], ["셋째 문단"]], compressed=False
    )
    records = list(hwp5.iter_records(stream))
    assert [r.tag for r in records] == [66, 67, 66, 67, 66, 67]
    assert [r.level for r in records][:2] == [0, 1]
    assert hwp5.section_paragraphs(stream) == ["인공지능 안전", "둘째 문단", "셋째 문단"]
    compressed = builders.hwp_section_stream([["압축된 문단"]])
    assert hwp5.section_paragraphs(hwp5.inflate(compressed)) == ["압축된 문단"]


def test_hwp_long_record_size():
    text = "가" * 3000  # 6000 bytes: needs the extended size field
    record = builders.hwp_record(67, text.encode("utf-16-le"))
    assert struct.unpack_from("<I", record)[0] >> 20 == 0xFFF
    assert [hwp5.para_text(r.payload) for r in hwp5.iter_records(record)] == [text]


def test_hwp_damaged_records():
    record = builders.hwp_record(67, "문단".encode("utf-16-le"))
    with pytest.raises(hwp5.Hwp5FormatError, match="claims"):
        list(hwp5.iter_records(record[:-2]))
    with pytest.raises(hwp5.Hwp5FormatError, match="inflate"):
        hwp5.inflate(zlib.compress(b"x")[:3] + b"\xff\xff")
    with pytest.raises(hwp5.Hwp5FormatError, match="signature"):
        hwp5.file_flags(b"Not HWP" + b"\x00" * 40)


# --- HTML ---------------------------------------------------------------------


def test_html_main_text_and_meta(tmp_path):
    raw = read_file(builders.write_html(tmp_path / "briefing.html"))
    assert raw.format == "html"
    assert builders.ARTICLE_P1 in raw.text and builders.ARTICLE_P2 in raw.text
    assert f"{builders.ARTICLE_P1}\n\n{builders.ARTICLE_P2}" in raw.text
    boilerplate = builders.NAV_WORDS + [builders.FOOTER_TEXT]
    assert sum(word in raw.text for word in boilerplate) <= 1
    assert raw.meta["title"] == "인공지능 기본법 시행령 입법예고"
    assert raw.meta["date"] == "2025-09-08"
    assert raw.meta["url"] == "https://policy.example.kr/briefing/2025/0908"
    assert raw.meta["language"] == "ko"
    assert raw.meta["author"] == "과학기술정보통신부"


def test_html_legacy_charset(tmp_path):
    path = builders.write_html(tmp_path / "old.htm", charset="euc-kr", encoding="cp949")
    raw = read_file(path)
    assert builders.ARTICLE_P2 in raw.text


def test_html_table_rows(tmp_path):
    rows = "".join(
        f"<tr><td>{a}</td><td>{b}</td></tr>"
        for a, b in [("구분", "내용"), ("시행일", "2026년 1월"), ("소관", "과기정통부")]
    )
    body = f"<p>{builders.ARTICLE_P1}</p><table>{rows}</table><p>{builders.ARTICLE_P2}</p>"
    path = tmp_path / "table.html"
    path.write_text(f"<html><body><article>{body}</article></body></html>", encoding="utf-8")
    raw = read_file(path)
    assert "구분\t내용\n시행일\t2026년 1월\n소관\t과기정통부" in raw.text


def test_html_fallback_when_trafilatura_finds_nothing(tmp_path):
    path = tmp_path / "tiny.html"
    path.write_text(
        "<html><head><title>짧은 공지</title></head><body><div>공지</div>"
        "<div>휴관</div></body></html>",
        encoding="utf-8",
    )
    raw = read_file(path)
    assert "공지" in raw.text and "휴관" in raw.text
    assert raw.meta["title"] == "짧은 공지"


def test_html_without_text_is_empty(tmp_path):
    path = tmp_path / "blank.html"
    path.write_text("<html><head><script>var a = 1;</script></head><body></body></html>")
    with pytest.raises(ReadError, match="empty: no text found"):
        read_file(path)


# --- Text, dispatch, errors ----------------------------------------------------


def test_markdown_and_no_suffix(tmp_path):
    text = f"# 제목\n\n{builders.KO}\n\n{builders.ZH}\n"
    md = builders.write_text(tmp_path / "notes.MD", text)
    assert read_file(md).format == "md"
    assert read_file(md).text == text
    plain = builders.write_text(tmp_path / "README", text)
    raw = read_file(plain)
    assert raw.format == "txt" and raw.text == text and raw.meta == {}


@pytest.mark.parametrize("content", [b"", b"   \n\n\t  \r\n"])
@pytest.mark.parametrize("name", ["empty.txt", "empty.pdf", "empty.md", "empty.docx", "empty"])
def test_empty_files(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ReadError, match="empty: no text found"):
        read_file(path)


@pytest.mark.parametrize("text", ["\u3000\n", "\ufeff  \n", "\u00a0"])
def test_unicode_whitespace_text_is_empty(tmp_path, text):
    path = builders.write_text(tmp_path / "blank.txt", text)
    with pytest.raises(ReadError, match="empty: no text found"):
        read_file(path)


def test_binary_named_txt(tmp_path):
    path = tmp_path / "data.txt"
    path.write_bytes(builders.random_bytes())
    with pytest.raises(ReadError, match=r"not a text file \(binary content\)"):
        read_file(path)


def test_missing_and_unsupported(tmp_path):
    with pytest.raises(ReadError, match="file not found"):
        read_file(tmp_path / "nowhere.pdf")
    with pytest.raises(ReadError, match="is a directory"):
        read_file(tmp_path)
    sheet = tmp_path / "table.xlsx"
    sheet.write_bytes(b"a,b\n1,2\n")
    with pytest.raises(ReadError, match="unsupported file type '.xlsx'"):
        read_file(sheet)


def test_supported_suffixes():
    assert {".txt", ".md", ".html", ".htm", ".pdf", ".docx", ".hwpx", ".hwp"} == set(
        SUPPORTED_SUFFIXES
    )


def test_sniff(tmp_path, pdf_path):
    assert sniff(pdf_path.read_bytes()) == "pdf"
    assert sniff(builders.write_docx(tmp_path / "a.docx").read_bytes()) == "docx"
    assert sniff(builders.write_hwpx(tmp_path / "a.hwpx").read_bytes()) == "hwpx"
    assert sniff(builders.write_hwp(tmp_path / "a.hwp").read_bytes()) == "hwp"
    assert sniff(builders.write_zip(tmp_path / "a.zip").read_bytes()) == "zip"
    assert sniff(b"\n <!DOCTYPE html><html>") == "html"
    assert sniff(builders.KO.encode()) is None


def test_read_error_carries_path(tmp_path):
    path = tmp_path / "x.pdf"
    path.write_bytes(b"")
    with pytest.raises(ReadError) as err:
        read_file(path)
    assert err.value.path == str(path)
    assert str(err.value).startswith(str(path))


def test_hwp_falls_back_to_record_reader(tmp_path, monkeypatch):
    import hwpx

    path = builders.write_hwp(tmp_path / "notice.hwp")

    def refuse(*_args, **_kwargs):
        raise RuntimeError("conversion not supported")

    monkeypatch.setattr(hwpx.HwpxDocument, "open", refuse)
    raw = read_file(path)
    assert raw.format == "hwp"
    assert raw.text.split("\n\n")[:2] == HWPX_BLOCKS[:2]
    assert "2026년 1월 22일" in raw.text


def _reportlab_pdf(path, lines: list[tuple[str, str]]) -> None:
    """A PDF with the given (font, line) pairs, one under the other, using the CID fonts
    reportlab knows without font files."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    y = 800
    for font, line in lines:
        if font not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(UnicodeCIDFont(font))
        c.setFont(font, 12)
        c.drawString(50, y, line)
        y -= 16
    c.save()


def test_pdf_lines_join_into_paragraphs_and_a_wrapped_korean_word_is_found(tmp_path):
    from policyscope.workspace import Workspace

    ko = "HYSMyeongJo-Medium"
    pdf = tmp_path / "wrapped.pdf"
    _reportlab_pdf(
        pdf,
        [
            (ko, "올해 우리 경제는 첨단 산업과 서비스 부문을 중심으로 빠르게 성"),
            (ko, "장하였다. 정부는 연구개발과 인재 양성에 대한 지원을 계속 늘리기"),
            (ko, "로 하였다."),
            (ko, "■ 다음 항목은 따로 시작한다"),
            ("STSong-Light", "无 产 者 联 合 起 来 ， 人 工 智 能"),
        ],
    )
    with Workspace(tmp_path / "w.db") as w:
        (o,) = w.ingest([pdf])
        assert o.status == "added", o.error
        assert [k.page for k in w.kwic("성장하였다")] == [1]
        assert len(w.kwic("늘리기로")) == 1
        assert len(w.kwic("无产者")) == 1  # letter-spaced type rejoined
        paras = [w.text(o.doc_id)[s.start : s.end] for s in w.segments(o.doc_id)]
    assert len(paras) == 3
    assert paras[0].endswith("늘리기로 하였다.") and paras[1].startswith("■")


def test_hangul_private_use_characters_are_mapped_or_dropped(tmp_path):
    from hwpx import HwpxDocument

    from policyscope.ingest.readers.hwp import public_text

    doc = HwpxDocument.new()
    doc.paragraphs[0].text = "\uf53a글 문서 작성 안내"
    doc.add_paragraph("\uf0a7 첫째 항목 \ue0bc")
    path = tmp_path / "pua.hwpx"
    path.write_bytes(doc.to_bytes())
    raw = read_file(path)
    assert "한글 문서 작성 안내" in raw.text
    assert "▪ 첫째 항목" in raw.text
    assert not any("\ue000" <= ch <= "\uf8ff" for ch in raw.text)
    assert public_text("\uf53a\uf0b7\ue123x") == "한•x"


@pytest.mark.parametrize("fmt", ["hwpx", "hwp"])
def test_hwp_footnotes_endnotes_headers_and_table_captions_are_kept(tmp_path, fmt):
    import warnings

    from hwpx import HwpxDocument

    doc = HwpxDocument.new()
    doc.paragraphs[0].text = "본문 첫 문단"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        doc.add_footnote("각주에만 있는 설명", paragraph=doc.paragraphs[0])
        doc.add_endnote("미주에만 있는 출처")
        doc.set_header_text("머리말의 기관명")
    table = doc.add_table(1, 1)
    table.cell(0, 0).text = "셀 내용"
    table.set_caption("표 1. 예산 현황")
    path = tmp_path / f"notes.{fmt}"
    path.write_bytes(doc.to_bytes() if fmt == "hwpx" else doc.to_bytes(format="hwp"))
    text = read_file(path).text
    for piece in ("본문 첫 문단", "각주에만 있는 설명", "미주에만 있는 출처", "표 1. 예산 현황"):
        assert piece in text, (piece, text)
    assert text.index("각주에만") > text.index("본문 첫 문단")  # the note follows its anchor
    if fmt == "hwpx":
        assert "머리말의 기관명" in text


def _docx_with_notes_and_box(path) -> None:
    """A .docx with a text box in its paragraph and a footnotes part (python-docx writes
    neither, so the parts are added to the zip by hand)."""
    import io
    import zipfile

    import docx
    from lxml import etree

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    d = docx.Document()
    p = d.add_paragraph("본문 문단입니다.")
    box = etree.SubElement(etree.SubElement(p.add_run()._r, f"{{{w}}}pict"), f"{{{w}}}txbxContent")
    etree.SubElement(etree.SubElement(etree.SubElement(box, f"{{{w}}}p"), f"{{{w}}}r"),
                     f"{{{w}}}t").text = "글상자 안의 글"  # fmt: skip
    buf = io.BytesIO()
    d.save(buf)
    notes = (
        f'<w:footnotes xmlns:w="{w}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:t>---</w:t></w:r></w:p>'
        "</w:footnote>"
        '<w:footnote w:id="1"><w:p><w:r><w:t>각주에만 있는 근거</w:t></w:r></w:p></w:footnote>'
        "</w:footnotes>"
    )
    rel_type = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
    ct = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/_rels/document.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    f'<Relationship Id="rIdFn" Type="{rel_type}" Target="footnotes.xml"/>'
                    "</Relationships>".encode(),
                )
            elif item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    f'<Override PartName="/word/footnotes.xml" ContentType="{ct}"/>'.encode()
                    + b"</Types>",
                )
            dst.writestr(item, data)
        dst.writestr("word/footnotes.xml", notes)


def test_docx_text_boxes_and_footnotes_are_kept(tmp_path):
    path = tmp_path / "notes.docx"
    _docx_with_notes_and_box(path)
    text = read_file(path).text
    assert text.split("\n\n") == ["본문 문단입니다.", "글상자 안의 글", "각주에만 있는 근거"]

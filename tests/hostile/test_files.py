"""Hostile files, built here: each gets a clear error or its text, in bounded time and
memory, and the store stays intact (integrity_check; the good files all there)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from policyscope.workspace import Workspace
from tests.hostile.helpers import intact, one_clear_line, run_cli

ZH = "各位代表：\n开展“人工智能＋”行动，培育具身智能等未来产业。\n加快发展新质生产力。\n"
MAX_SECONDS = 60
MAX_RSS_MB = 1024


def _docx_bytes(text: str = "人工智能发展规划") -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph(text)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _with_member(archive: bytes, name: str, size: int, level: int = 1) -> bytes:
    """`archive` plus a member of `size` zero bytes, deflated (a zip bomb when large)."""
    buf = io.BytesIO(archive)
    with zipfile.ZipFile(buf, "a", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        with z.open(name, "w", force_zip64=True) as f:
            chunk = b"\0" * (1 << 20)
            for _ in range(size // len(chunk)):
                f.write(chunk)
    return buf.getvalue()


def _hwpx_bytes(section_xml: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", "application/hwp+zip")
        z.writestr("Contents/section0.xml", section_xml)
    return buf.getvalue()


def _hwp_bytes() -> bytes:
    from tests.builders import _hwpx_document

    return _hwpx_document("시행령 안내").to_bytes(format="hwp")


def _ole_head(first_dir_sector: int) -> bytes:
    """The 512-byte header of an OLE compound file (HWP 5.0 is one) whose directory sits
    at `first_dir_sector`, with the first FAT sector at 0."""
    head = bytearray(512)
    head[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    head[26:28] = (3).to_bytes(2, "little")  # major version 3
    head[28:30] = b"\xfe\xff"
    head[30:32] = (9).to_bytes(2, "little")  # 512-byte sectors
    head[44:48] = (1).to_bytes(4, "little")  # one FAT sector
    head[48:52] = first_dir_sector.to_bytes(4, "little")
    head[76:80] = (0).to_bytes(4, "little")
    head[80:512] = b"\xff" * 432
    return bytes(head)


@pytest.fixture()
def store(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(ZH, encoding="utf-8")
    db = tmp_path / "w.db"
    with Workspace(db) as w:
        w.ingest([good])
    return db


def _ingest_one(db: Path, path: Path, env: dict | None = None) -> tuple[str, float, float]:
    r, secs, rss = run_cli(["--db", db, "ingest", path, "--no-enrich"], env=env)
    assert secs < MAX_SECONDS and rss < MAX_RSS_MB, (secs, rss)
    return one_clear_line(r), secs, rss


@pytest.mark.parametrize(
    "name, build, expect",
    [
        ("bomb.docx", lambda: _with_member(_docx_bytes(), "word/media/x.bin", 200 << 20, 9),
         "a zip bomb"),
        ("bomb.hwpx", lambda: _with_member(_hwpx_bytes(b"<sec/>"), "BinData/x.bin", 200 << 20, 9),
         "a zip bomb"),
        ("xml.docx", lambda: _with_member(_docx_bytes(), "word/big.xml", 80 << 20),
         "bytes of XML"),
        ("cut.docx", lambda: _docx_bytes()[: len(_docx_bytes()) // 2], "is truncated"),
        ("cut.hwpx", lambda: _hwpx_bytes(b"<sec>" + b"x" * 5000 + b"</sec>")[:3000],
         "is truncated"),
        ("cut.hwp", lambda: _ole_head(60) + b"\0" * 1024, "is truncated"),
        ("first-percent.hwp", lambda: _hwp_bytes()[: len(_hwp_bytes()) // 100 + 512],
         "is truncated"),
        ("most-of.hwp", lambda: _hwp_bytes()[: len(_hwp_bytes()) * 9 // 10], "is truncated"),
    ],
)  # fmt: skip
def test_zip_bombs_and_truncated_files_are_refused_quickly(tmp_path, store, name, build, expect):
    bad = tmp_path / name
    bad.write_bytes(build())
    line, _, _ = _ingest_one(store, bad)
    assert name in line and expect in line
    assert intact(store) == 1


@pytest.mark.slow
def test_a_3_gib_docx_bomb_is_refused_before_inflating(tmp_path, store):
    bad = tmp_path / "huge.docx"
    bad.write_bytes(_with_member(_docx_bytes(), "word/media/image1.png", 3 << 30))
    assert bad.stat().st_size < 20 << 20
    line, secs, rss = _ingest_one(store, bad)
    assert "huge.docx" in line and "would inflate" in line
    assert secs < MAX_SECONDS and rss < 400, (secs, rss)  # measured: 4 s, 131 MB
    assert intact(store) == 1


def test_a_text_file_over_the_size_cap_is_refused_from_its_size(tmp_path, store):
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        fh.write(b"1234567890" * 1_000_000)  # 10 MB on one line
    line, secs, _ = _ingest_one(store, big, env={"POLICYSCOPE_MAX_TEXT_BYTES": "5000000"})
    assert "big.txt: is 10,000,000 bytes, over the 5,000,000-byte limit" in line
    assert intact(store) == 1


def test_deep_legacy_html_keeps_every_paragraph(tmp_path, store):
    page = tmp_path / "deep.html"
    paras = "".join(f'<p><font face="宋体">第{i}段，培育具身智能。' for i in range(3000))
    page.write_text(f"<html><head><title>t</title></head><body>{paras}</body></html>", "utf-8")
    r, secs, rss = run_cli(["--db", store, "ingest", page, "--no-enrich"])
    assert r.returncode == 0, r.stderr
    assert secs < MAX_SECONDS and rss < MAX_RSS_MB
    with Workspace(store) as w:
        assert len(w.kwic("具身智能", doc="deep.html")) == 3000
        assert len(w.kwic("第2999段")) == 1


def test_encodings_a_stray_byte_and_utf16_without_bom(tmp_path, store):
    stray = tmp_path / "stray.txt"
    stray.write_bytes(ZH.encode() * 20 + b"\xff" + ZH.encode() * 20)
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes((ZH * 20).encode("utf-16-le"))
    r, _, _ = run_cli(["--db", store, "ingest", stray, utf16, "--no-enrich"])
    assert r.returncode == 0, r.stderr
    assert "stray.txt: 1 invalid UTF-8 byte(s) replaced by U+FFFD" in r.stderr
    with Workspace(store) as w:
        assert len(w.kwic("人工智能", doc="stray.txt")) == 40
        assert len(w.kwic("人工智能", doc="utf16.txt")) == 20
    assert intact(store) == 3


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["many-paragraph html", "long line of numbers"])
def test_big_pages_and_long_lines_stay_in_bounds(tmp_path, store, kind):
    if kind == "many-paragraph html":
        f = tmp_path / "many.html"
        body = "".join(f"<p>第{i}段，培育具身智能等未来产业。</p>" for i in range(50_000))
        f.write_text(f"<html><body>{body}</body></html>", "utf-8")
    else:
        f = tmp_path / "numbers.txt"
        f.write_text(" ".join(str(i * 7919 % 100000) for i in range(20_000)), "utf-8")
    r, secs, rss = run_cli(["--db", store, "ingest", f, "--no-enrich"])
    assert r.returncode == 0, r.stderr
    assert secs < MAX_SECONDS and rss < MAX_RSS_MB, (secs, rss)
    assert intact(store) == 2


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["ko", "zh", "en"])
def test_a_paragraph_of_2000_figures_is_read_in_bounded_time(tmp_path, lang):
    # one paragraph, 2,000 figures: fact extraction must stay linear in the figures
    unit = {
        "ko": "예산은 {a}억원으로 {b}% 증가하였고",
        "zh": "全国粮食产量达到{a}亿斤，同比增长{b}%，",
        "en": "output rose {b} percent to {a} billion yuan,",
    }[lang]
    para = " ".join(unit.format(a=100 + i, b=1 + i % 9) for i in range(1000))
    f = tmp_path / f"many.{lang}.txt"
    f.write_text(para + "\n", encoding="utf-8")
    db = tmp_path / "w.db"
    r, secs, rss = run_cli(["--db", db, "ingest", f, "--lang", lang, "--workers", "1"])
    assert r.returncode == 0, r.stderr
    assert secs < MAX_SECONDS and rss < MAX_RSS_MB
    with Workspace(db) as w:
        claims = w.facts()
    assert len(claims) == 2000
    assert intact(db)

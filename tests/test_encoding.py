"""decode_bytes: BOMs, UTF-8, legacy CJK code pages on short texts, binary rejection."""

from __future__ import annotations

import pytest

from policyscope.errors import ReadError
from policyscope.ingest.readers import read_file
from policyscope.ingest.readers.encoding import (
    BINARY_REASON,
    canonical_codec,
    declared_html_charset,
    decode_bytes,
)
from tests import builders

# Short texts, 1-3 sentences: where detectors usually fail.
KOREAN = [
    builders.KO,
    "과학기술정보통신부는 인공지능 안전연구소를 설립했다.",
    "개인정보 보호위원회는 생성형 인공지능 개발 안내서를 발표했다. 의견 수렴은 다음 달까지다.",
    "데이터 기본법 개정안 통과.",
]
CHINESE = [
    builders.ZH,
    builders.ZH_2,
    "国务院印发《新一代人工智能发展规划》。",
    "加快构建数据基础制度。",
]
JAPANESE = [
    builders.JA,
    "個人情報の保護に関する法律を改正した。",
    "デジタル庁は生成AIの利用に関するガイドラインを公表しました。",
]


@pytest.mark.parametrize("text", KOREAN)
@pytest.mark.parametrize("codec", ["euc-kr", "cp949"])
def test_korean_legacy(text, codec):
    assert decode_bytes(text.encode(codec), "k.txt") == text


@pytest.mark.parametrize("text", CHINESE)
@pytest.mark.parametrize("codec", ["gb2312", "gbk", "gb18030"])
def test_chinese_legacy(text, codec):
    assert decode_bytes(text.encode(codec), "c.txt") == text


@pytest.mark.parametrize("text", JAPANESE)
@pytest.mark.parametrize("codec", ["shift_jis", "cp932", "euc-jp"])
def test_japanese_legacy(text, codec):
    assert decode_bytes(text.encode(codec), "j.txt") == text


def test_cp949_extension_syllables():
    # 똠, 햏 are outside EUC-KR's 2,350 syllables: only cp949 (UHC) encodes them.
    text = "똠방각하 햏자 인공지능 윤리 기준을 발표했다."
    assert decode_bytes(text.encode("cp949"), "k.txt") == text


def test_windows_1252():
    text = "The Commission’s “trustworthy AI” guidelines — adopted in 2019 — apply."
    assert decode_bytes(text.encode("cp1252"), "e.txt") == text


MIXED = builders.KO + "\n" + builders.ZH + "\n" + builders.JA + "\n" + builders.EN


@pytest.mark.parametrize("codec", ["utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_bom_round_trip(tmp_path, codec):
    path = builders.write_text(tmp_path / "bom.txt", MIXED, codec, bom=True)
    assert decode_bytes(path.read_bytes(), path) == MIXED
    assert read_file(path).text == MIXED  # the BOM itself is not part of the text


def test_utf16_via_python_codec_has_bom():
    data = MIXED.encode("utf-16")  # native order, with BOM
    assert decode_bytes(data, "u.txt") == MIXED


def test_utf8_without_bom():
    assert decode_bytes(MIXED.encode("utf-8"), "u.txt") == MIXED


def test_utf16le_without_bom_mostly_ascii():
    text = "Article 5\r\nProhibited AI practices shall include the following.\r\n"
    assert decode_bytes(text.encode("utf-16-le"), "u.txt") == text


def test_declared_encoding_wins_over_detection():
    text = "短い。"
    data = text.encode("euc-jp")
    assert decode_bytes(data, "x.html", declared="EUC-JP") == text


def test_wrong_declaration_falls_back():
    text = builders.KO
    # Pages often declare Latin-1 but are UTF-8; valid UTF-8 wins.
    assert decode_bytes(text.encode("utf-8"), "x.html", declared="iso-8859-1") == text
    assert decode_bytes(text.encode("utf-8"), "x.html", declared="shift_jis") == text


@pytest.mark.parametrize(
    "data",
    [
        builders.random_bytes(4096),
        builders.random_bytes(300, seed=3),
        b"\x00\x01\x02\x03" * 100,
        b"PK\x03\x04" + b"\x00" * 60 + b"\x14\x00\x06\x00",
        "텍스트".encode() + b"\x00\x00\x00" + "뒤".encode(),
    ],
)
def test_binary_rejected(data):
    with pytest.raises(ReadError) as err:
        decode_bytes(data, "bin.txt")
    assert BINARY_REASON in err.value.reason


def test_bad_bom_names_the_cause():
    data = b"\xef\xbb\xbf" + "정책".encode("cp949")
    with pytest.raises(ReadError, match="byte-order mark"):
        decode_bytes(data, "b.txt")


def test_canonical_codec_supersets():
    assert canonical_codec("EUC-KR") == "cp949"
    assert canonical_codec("ks_c_5601-1987") == "cp949"
    assert canonical_codec("GB2312") == "gb18030"
    assert canonical_codec("Shift_JIS") == "cp932"
    assert canonical_codec("utf8") == "utf-8"
    assert canonical_codec("no-such-codec") is None


def test_declared_html_charset():
    assert declared_html_charset(b'<html><head><meta charset="euc-kr">') == "euc-kr"
    assert (
        declared_html_charset(
            b'<meta http-equiv="Content-Type" content="text/html; charset=GB2312">'
        )
        == "GB2312"
    )
    assert declared_html_charset(b'<?xml version="1.0" encoding="Shift_JIS"?><html>') == (
        "Shift_JIS"
    )
    assert declared_html_charset(b"<html><body>none</body></html>") is None


@pytest.mark.parametrize(
    ("codec", "text"),
    [("euc-kr", KOREAN[2]), ("gbk", CHINESE[1]), ("shift_jis", JAPANESE[2])],
)
def test_text_file_round_trip(tmp_path, codec, text):
    path = builders.write_text(tmp_path / "doc.txt", text, codec)
    raw = read_file(path)
    assert raw.text == text
    assert raw.format == "txt"

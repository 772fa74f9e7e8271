import unicodedata

from policyscope.text.normalize import OffsetMap, fold, normalize


def test_fullwidth_plus_digits_and_letters_fold():
    n = normalize("互联网＋行动，增长５．５％，ＡＩ")
    assert n.text == "互联网+行动，增长5.5%，AI"  # CJK comma kept, symbols folded
    assert fold("人工智能＋") == "人工智能+"


def test_length_preserving_fold_keeps_offsets_identical():
    src = "推进“人工智能＋”行动"
    n = normalize(src)
    assert len(n.text) == len(src)
    for i in range(len(src)):
        assert n.offsets.to_original(i) == i


def test_crlf_bom_and_zero_width_are_removed_with_offsets_mapped():
    src = "\ufeff各位代表：\u200d\r\n现在报告。\r\n"
    n = normalize(src)
    assert n.text == "各位代表：\n现在报告。\n"
    pos = n.text.index("现在")
    assert src[n.offsets.to_original(pos) :].startswith("现在")


def test_decomposed_hangul_is_composed_and_mapped():
    word = "신체화"
    nfd = unicodedata.normalize("NFD", "AI " + word + " 정책")
    n = normalize(nfd)
    assert n.text == "AI 신체화 정책"
    start = n.text.index("정책")
    assert unicodedata.normalize("NFC", nfd[n.offsets.to_original(start) :]) == "정책"


def test_offset_map_json_round_trip():
    n = normalize("a\r\nb\r\nc")
    m = OffsetMap.from_json(n.offsets.to_json())
    assert [m.to_original(i) for i in range(len(n.text))] == [0, 1, 3, 4, 6]


def test_fast_and_slow_paths_agree():
    from policyscope.text.normalize import _normalize_nfc, _normalize_slow

    src = "\ufeff各位代表：\r\n互联网＋\u200d行动\u00a0ＡＩ\r\r\n５％\n\x00end"
    fast, slow = _normalize_nfc(src), _normalize_slow(src)
    assert fast.text == slow.text
    assert [fast.offsets.to_original(i) for i in range(len(fast.text))] == [
        slow.offsets.to_original(i) for i in range(len(slow.text))
    ]

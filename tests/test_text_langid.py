from policyscope.text import langid
from policyscope.text.langid import detect_language


def test_korean_with_bracketed_chinese_is_ko():
    assert detect_language("새로운 질의 생산력(新质生产力)을 발전시키는 정책") == "ko"
    assert detect_language("중국 정보통신연구원(中国信息通信研究院)의 통계") == "ko"


def test_scripts():
    assert detect_language("开展人工智能+行动，培育新质生产力。") == "zh"
    assert detect_language("生成AIの利活用を推進する。") == "ja"
    assert detect_language("The government will expand AI+ initiatives.") == "en"


def test_digits_and_punctuation_are_und():
    assert detect_language("2025 — 3.5% (12)") == "und"
    assert detect_language("") == "und"
    assert detect_language("。，！") == "und"


def test_middle_dot_and_long_mark_are_not_kana():
    # Korean and Chinese text use ・ as punctuation
    assert detect_language("금융・의료・교육 분야") == "ko"
    assert detect_language("金融・医疗・教育领域") == "zh"


def test_han_with_a_little_latin_is_zh():
    assert detect_language("推动AI赋能千行百业发展") == "zh"


def test_lingua_fallback_for_mixed_han_latin():
    lang = detect_language("The slogan 新质生产力 means new quality productive forces in policy.")
    assert lang == "en"


def test_lingua_detector_built_once():
    detect_language("Mixed 中文 text with more English words than Chinese ones")
    first = langid._lingua()
    assert langid._lingua() is first


def test_latin_only_text_is_decided_without_counting():
    calls = []
    real = langid.script_counts
    langid.script_counts = lambda t: calls.append(t) or real(t)
    try:
        assert detect_language("The State Council, 2024 (No. 5), U.S.-China AI+") == "en"
        assert detect_language("2024 — 5.2% (± 0.1)") == "und"
        assert calls == []  # neither needed the four script counts
        assert detect_language("ｶﾀｶﾅ and text") == "ja"  # half-width kana is CJK script
        assert detect_language("인공지능 AI policy") == "ko"
        assert len(calls) == 2
    finally:
        langid.script_counts = real

from policyscope.text.normalize import normalize
from policyscope.text.segment import paragraphs, sentences


def _paras(text):
    return [text[s:e] for s, e in paragraphs(text)]


def _sents(text, lang):
    return [text[s:e] for s, e in sentences(text, 0, len(text), lang)]


def test_paragraphs_one_per_line_trimmed():
    text = "  第一段。 \n\n\u3000第二段\n\n\n Third line \n"
    spans = paragraphs(text)
    assert _paras(text) == ["第一段。", "第二段", "Third line"]
    assert spans[0] == (2, 6)


def test_paragraphs_korean_lines_stay_separate():
    text = "- 정부는 지원을 확대\n - 기업은 투자를 늘림\n※ 참고 사항"
    assert _paras(text) == ["- 정부는 지원을 확대", "- 기업은 투자를 늘림", "※ 참고 사항"]


def test_paragraphs_join_hard_wrapped_prose():
    text = (
        "The plan sets targets for\ncomputing power and data.\nNext paragraph.\n"
        "农业、工业，\n服务业。"
    )
    assert _paras(text) == [
        "The plan sets targets for\ncomputing power and data.",
        "Next paragraph.",
        "农业、工业，\n服务业。",
    ]


def test_paragraphs_blank_line_never_joined():
    assert _paras("ends with comma,\n\nlower case start") == [
        "ends with comma,",
        "lower case start",
    ]


def test_paragraphs_empty():
    assert paragraphs("") == []
    assert paragraphs(" \n\n \t\n") == []


def test_sentences_zh():
    text = "经济增长5.1%。我们要发展！真的吗？是的；“这是引语。”最后一句\n下一行"
    assert _sents(text, "zh") == [
        "经济增长5.1%。",
        "我们要发展！",
        "真的吗？",
        "是的；",
        "“这是引语。”",
        "最后一句",
        "下一行",
    ]


def test_sentences_ja():
    assert _sents("生成AIを使う。推進する！", "ja") == ["生成AIを使う。", "推進する！"]


def test_sentences_en_numbers_and_abbreviations():
    text = (
        "Growth was 3.5% in 2024. The U.S. economy and the U.K. grew by 1,256.3 units. "
        "Mr. Smith met Dr. Lee. It rose, e.g. in trade. Is it? Yes!"
    )
    assert _sents(text, "en") == [
        "Growth was 3.5% in 2024.",
        "The U.S. economy and the U.K. grew by 1,256.3 units.",
        "Mr. Smith met Dr. Lee.",
        "It rose, e.g. in trade.",
        "Is it?",
        "Yes!",
    ]


def test_sentences_list_markers_do_not_split():
    text = "1. Build the network. 2. Train people."
    assert _sents(text, "en") == ["1. Build the network.", "2. Train people."]
    assert _sents("I. 2018 in Review", "en") == ["I. 2018 in Review"]


def test_sentences_ko():
    text = "- 1. 성장률은 3.5%로 증가했다.그리고 투자도 늘었다. 정말인가요? 네!"
    assert _sents(text, "ko") == [
        "- 1. 성장률은 3.5%로 증가했다.",
        "그리고 투자도 늘었다.",
        "정말인가요?",
        "네!",
    ]


def test_sentences_absolute_offsets_inside_range():
    text = "앞 문장.\n중국은 성장했다. 다음 문장이다.\n뒤"
    start = text.index("중국")
    end = text.index("\n뒤")
    spans = sentences(text, start, end, "ko")
    assert [text[s:e] for s, e in spans] == ["중국은 성장했다.", "다음 문장이다."]
    assert all(start <= s < e <= end for s, e in spans)


def test_full_width_input_is_folded_upstream():
    stored = normalize("ＧＤＰ增长３．５％。下一句").text
    assert stored == "GDP增长3.5%。下一句"
    assert _sents(stored, "zh") == ["GDP增长3.5%。", "下一句"]

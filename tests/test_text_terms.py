import pickle

from policyscope.text.normalize import normalize
from policyscope.text.terms import DEFAULT_TERMS_PATH, TermDictionary, default_terms


def _found(td, text):
    return [(text[s:e], term) for s, e, term in td.find(text)]


def test_longest_match_india_indonesia():
    td = TermDictionary(["印度", "印度尼西亚"])
    text = "印度尼西亚和印度"
    assert td.find(text) == [(0, 5, "印度尼西亚"), (6, 8, "印度")]


def test_strict_part_of_longer_term_not_found():
    td = TermDictionary(["智能+", "人工智能+", "人工智能"])
    assert _found(td, "开展人工智能+行动") == [("人工智能+", "人工智能+")]
    assert _found(td, "推进智能+和人工智能") == [("智能+", "智能+"), ("人工智能", "人工智能")]


def test_latin_word_boundaries():
    td = TermDictionary(["AI", "AI+"])
    assert td.find("MAIN said AIR") == []
    text = "AI and ai+ plus 생성AI를 (AI)"
    assert _found(td, text) == [("AI", "AI"), ("ai+", "AI+"), ("AI", "AI"), ("AI", "AI")]


def test_case_insensitive_returns_dictionary_form():
    td = TermDictionary(["Made in China 2025", "DeepSeek"])
    text = "MADE IN CHINA 2025 and deepseek, not deepseeker"
    assert _found(td, text) == [
        ("MADE IN CHINA 2025", "Made in China 2025"),
        ("deepseek", "DeepSeek"),
    ]


def test_shorter_term_found_when_longer_fails_boundary():
    td = TermDictionary(["5G", "5G-A"])
    assert _found(td, "5G-Advanced and 5G-A") == [("5G", "5G"), ("5G-A", "5G-A")]


def test_full_width_terms_and_text():
    td = TermDictionary(["互联网＋"])  # folded when added
    assert "互联网+" in td
    stored = normalize("推进“互联网＋”行动").text
    assert _found(td, stored) == [("互联网+", "互联网+")]


def test_extend_and_pickle():
    td = TermDictionary(["大模型"])
    v = td.version
    assert td.extend(["具身智能", "大模型", ("低空经济", "zh")]) == 2
    assert td.version > v and len(td) == 3
    td2 = pickle.loads(pickle.dumps(td))
    assert _found(td2, "大模型与具身智能、低空经济") == [
        ("大模型", "大模型"),
        ("具身智能", "具身智能"),
        ("低空经济", "低空经济"),
    ]


def test_default_terms_file_and_env(tmp_path, monkeypatch):
    assert DEFAULT_TERMS_PATH.is_file()
    td = default_terms()
    assert 60 <= len(td) <= 200
    for term in ["新质生产力", "具身智能", "人工智能+", "互联网+", "智能+", "低空经济", "大模型"]:
        assert term in td
    for term in ["신체화", "딥시크", "AI+"]:
        assert term in td
    extra = tmp_path / "extra.tsv"
    extra.write_text(
        "term\tlang\tnote\n# comment\n量子霸权\tzh\ttest\n\nSovereign AI\ten\n", "utf-8"
    )
    monkeypatch.setenv("POLICYSCOPE_TERMS", str(extra))
    td2 = default_terms()
    assert "量子霸权" in td2 and "sovereign ai" in td2
    assert len(td2) == len(td) + 2


def _reference_find(terms: list[str], text: str) -> list[tuple[int, int]]:
    """Leftmost-longest, the slow obvious way: at each position the longest term that
    starts there and keeps ASCII word boundaries."""

    def alnum(ch: str) -> bool:
        return ch.isascii() and ch.isalnum()

    low, out, i = text.lower(), [], 0
    keys = sorted({t.lower() for t in terms}, key=len, reverse=True)
    while i < len(low):
        for t in keys:
            e = i + len(t)
            if not low.startswith(t, i):
                continue
            if alnum(t[0]) and i > 0 and alnum(low[i - 1]):
                continue
            if alnum(t[-1]) and e < len(low) and alnum(low[e]):
                continue
            out.append((i, e))
            i = e
            break
        else:
            i += 1
    return out


def test_find_equals_a_brute_force_reference_on_mixed_scripts():
    import random

    terms = [
        "AI",
        "AI+",
        "ai chip",
        "5G",
        "5G网络",
        "网络安全",
        "人工智能",
        "人工智能+",
        "智能+",
        "G网",
        "딥시크",
        "DeepSeek",
        "신체화 AI",
        "数据",
        "数据要素",
    ]
    td = TermDictionary()
    td.extend(terms)
    alphabet = [
        "AI",
        "ai",
        "+",
        " ",
        "5",
        "G",
        "网络",
        "安全",
        "人工",
        "智能",
        "딥시크",
        "Deep",
        "Seek",
        "신체화",
        "x",
        "数据",
        "要素",
        "chip",
        "s",
        "。",
    ]
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12)))
        got = [(s, e) for s, e, _ in td.find(text)]
        assert got == _reference_find(terms, text), text


def test_han_forms_follow_the_dictionary():
    td = TermDictionary(["生成式人工智能", "AI+", "Embodied AI", "人工智能＋"])
    assert td.han_forms() == ("生成式人工智能", "人工智能+")
    td.extend(["具身智能"])
    assert td.han_forms()[-1] == "具身智能"
    assert pickle.loads(pickle.dumps(td)).han_forms() == td.han_forms()


def test_term_variants_spell_the_phrase_across_term_edges():
    from policyscope.analysis.query import across_terms, term_variants

    terms = ("生成式人工智能", "人工智能+行动", "生成式人工智能服务管理暂行办法", "数字经济")
    got = term_variants(["人工智能", "发展"], terms)
    assert got == [["生成式人工智能", "发展"]]
    got = term_variants(["开展", "人工智能"], terms)
    assert got == [["开展", "人工智能+行动"]]
    got = term_variants(["式", "人工智能", "服务"], terms)
    assert ["生成式人工智能服务管理暂行办法"] in got and ["生成式人工智能", "服务"] in got
    # every variant holds the query's characters in a row
    for v in got:
        assert "式人工智能服务" in "".join(v)
    assert term_variants(["人工智能"], terms) == []  # one word: the inner words serve it
    assert term_variants(["ai", "policy"], terms) == []
    variants = across_terms([[["人工智能", "发展"], ["生成式人工智能", "发展"]], [["数字"]]], terms)
    assert variants == [[], []]  # a phrase the group has already is no variant
    variants = across_terms([[["人工智能", "发展"]], [["数字"]]], terms)
    assert variants == [[["生成式人工智能", "发展"]], []]

"""Near-duplicates: MinHash signatures and the LSH index (policyscope.analysis.neardup)."""

from __future__ import annotations

from policyscope.text.neardup import THRESHOLD, LshIndex, shingles, signature, similarity

PAGE = (
    "为加快推动算力基础设施建设，现就有关事项通知如下。各地要统筹布局数据中心，"
    "到2027年，全国算力规模达到每秒300百亿亿次浮点运算，绿色低碳水平明显提升。"
    "各有关单位应当加强网络和数据安全保障，不得违规收集个人信息。"
)


def exact_jaccard(a: str, b: str) -> float:
    x, y = shingles(a), shingles(b)
    return len(x & y) / len(x | y)


def test_layout_does_not_matter_but_content_does():
    pdf_like = PAGE.replace("。", "。\n").replace("，", "，\n  ")  # line breaks of a PDF
    assert similarity(signature(PAGE), signature(pdf_like)) == 1.0
    other = "关于印发人工智能赋能新型工业化行动方案的通知，推动重点行业智能化改造升级。" * 3
    assert similarity(signature(PAGE), signature(other)) < 0.1


def test_estimate_follows_the_exact_jaccard():
    edited = PAGE.replace("300", "350")
    est = similarity(signature(PAGE), signature(edited))
    assert abs(est - exact_jaccard(PAGE, edited)) < 0.15
    assert est >= THRESHOLD  # one figure revised: still the same work
    rewritten = edited.replace("绿色低碳水平明显提升", "能效水平显著提高")
    rewritten = rewritten.replace("加强网络和数据安全保障", "落实安全责任")
    est = similarity(signature(PAGE), signature(rewritten))
    assert abs(est - exact_jaccard(PAGE, rewritten)) < 0.15
    assert signature(PAGE) == signature(PAGE)  # stable: signatures are stored


def test_full_width_forms_fold():
    assert signature("ＡＩ治理框架２０２５年版本发布") == signature("AI治理框架2025年版本发布")


def test_lsh_finds_the_duplicate_and_not_the_stranger():
    index = LshIndex()
    index.add(1, signature(PAGE))
    index.add(2, signature("数据标注产业发展指导意见，培育骨干企业，形成规范有序的产业生态。" * 2))
    assert index.best(signature(PAGE + "附件：通知全文"))[0] == 1
    assert index.best(signature("完全不同的一段文字，讨论的是海洋渔业资源养护。")) is None
    assert signature("") == signature("")  # empty texts do not crash

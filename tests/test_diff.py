"""Paragraph-level diff of two versions or two documents (policyscope.analysis.diff)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from policyscope import Workspace
from policyscope.analysis.diff import diff_texts, mark_words
from policyscope.cli import app
from policyscope.errors import BadArgument

DRAFT = [
    "第一条 为了促进生成式服务健康发展，制定本办法。",
    "第二条 提供者应当在30个工作日内完成安全评估。",
    "第三条 提供者可以自行选择标注规则。",
    "第四条 本办法自2025年9月1日起施行。",
]
FINAL = [
    "第一条 为了促进生成式服务健康发展，制定本办法。",
    "第二条 提供者应当在20个工作日内完成安全评估并报送结果。",
    "第四条 本办法自2025年10月1日起施行。",
    "第五条 提供者不得利用算法实施不正当竞争。",
]


def test_changed_added_removed_and_what_appeared():
    d = diff_texts("\n".join(DRAFT), "\n".join(FINAL))
    ops = [(c.op, c.old_index, c.new_index) for c in d.changes]
    assert ops == [("changed", 1, 1), ("removed", 2, None), ("changed", 3, 2), ("added", None, 3)]
    assert d.unchanged == 1
    marked = "第二条 提供者应当在[-30-]{+20+}个工作日内完成安全评估{+并报送结果+}。"
    assert d.changes[0].marked == marked
    assert d.figures.added == ["20个"] and "30个" in d.figures.removed
    assert d.dates.added == ["2025年10月1日"] and d.dates.removed == ["2025年9月1日"]
    assert d.obligations.added == ["不得"] and d.obligations.removed == []
    # offsets point into the texts
    c = d.changes[3]
    assert "\n".join(FINAL)[c.new_start : c.new_end] == FINAL[3]


def test_a_moved_figure_is_not_news():
    a = "甲段：投入100亿元。\n乙段：其他内容。"
    b = "乙段：其他内容。\n甲段：投入100亿元。"
    d = diff_texts(a, b)
    assert not d.figures and d.changes  # the paragraph moved; no figure appeared


def test_mark_words_in_korean_and_english():
    assert mark_words("3년마다 수립한다", "5년마다 수립하여야 한다") == (
        "[-3-]{+5+}년마다 [-수립한다-]{+수립하여야 한다+}"
    )
    assert mark_words("shall adopt", "must adopt") == "[-shall-]{+must+} adopt"


@pytest.fixture
def two_versions(tmp_path):
    db = tmp_path / "ws.db"
    doc = tmp_path / "notice.txt"
    with Workspace(db) as ws:
        doc.write_text("\n\n".join(DRAFT), encoding="utf-8")
        ws.ingest([doc])
        doc.write_text("\n\n".join(FINAL), encoding="utf-8")
        ws.ingest([doc])
        other = tmp_path / "other.txt"
        other.write_text("\n\n".join(FINAL[:2]), encoding="utf-8")
        ws.ingest([other])
    return db


def test_workspace_diff_versions_and_documents(two_versions):
    with Workspace(two_versions) as ws:
        d = ws.diff(2)  # against its previous version
        assert (d.old_doc_id, d.new_doc_id, d.old_version, d.new_version) == (1, 2, 1, 2)
        assert ws.diff(2, against="v1").changes == d.changes
        other = ws.diff(3, against=2)  # two documents: what 3 lacks of 2
        assert [c.op for c in other.changes] == ["removed", "removed"]
        with pytest.raises(BadArgument, match="no earlier version"):
            ws.diff(3)
        with pytest.raises(BadArgument, match="has versions v1, v2"):
            ws.diff(2, against="v7")


def test_cli_diff(two_versions):
    r = CliRunner().invoke(app, ["--db", str(two_versions), "diff", "2"])
    assert r.exit_code == 0, r.stdout
    assert "~ [1→1] 第二条 提供者应当在[-30-]{+20+}个工作日内" in r.stdout
    assert "- [2] 第三条" in r.stdout and "+ [3] 第五条" in r.stdout
    assert "obligations: +不得" in r.stdout
    r = CliRunner().invoke(app, ["--db", str(two_versions), "diff", "2", "-f", "json"])
    assert json.loads(r.stdout)["dates"]["added"] == ["2025年10月1日"]

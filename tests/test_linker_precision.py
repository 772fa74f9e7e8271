"""Linker precision on a hand-annotated sample of its mentions in ../shared (offsets and
labels in tests/data/linker_sample.tsv, no text), and the word-boundary rules behind it."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from policyscope.knowledge.linker import Linker
from policyscope.knowledge.runtime import pack_for

SAMPLE = Path(__file__).parent / "data" / "linker_sample.tsv"


@pytest.fixture(scope="module")
def linker():
    return Linker(pack_for())


def _sample() -> list[dict]:
    lines = [ln for ln in SAMPLE.read_text("utf-8").splitlines() if not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def test_precision_on_the_annotated_sample(linker, shared_dir):
    rows = _sample()
    found: dict[str, set] = {}
    for path in {r["path"] for r in rows}:
        text = (shared_dir / path).read_text("utf-8")
        found[path] = {(m.start, m.end, m.item_id) for m in linker.find(text)}
    hit = [r for r in rows if (int(r["start"]), int(r["end"]), r["item_id"]) in found[r["path"]]]
    true = sum(r["label"] == "1" for r in hit)
    precision = true / len(hit)
    assert len(hit) >= 150 and precision >= 0.97, (len(hit), precision)
    # every mention annotated as false is gone, every true one of the sample still found
    assert [r for r in hit if r["label"] == "0"] == []
    missed = [r for r in rows if r["label"] == "1" and r not in hit]
    assert missed == []


@pytest.mark.parametrize(
    "text,item,found",
    [
        ("我们隆重庆祝中华人民共和国成立", "chongqing", False),
        ("成渝地区双城经济圈，重庆和成都", "chongqing", True),
        ("同发展中国家合作", "china", False),
        ("中国家庭消费", "china", True),
        ("印度尼西亚与印度", "india", True),
        ("印度尼西亚", "india", False),
        ("印度洋航线", "india", False),
        ("中央财政要开源节流", "open_source", False),
        ("做好非洲猪瘟防控", "africa", False),
        ("中东部地区", "middle_east", False),
        ("문의: leeja@nia.or.kr", "nia", False),
        ("출처: https://www.nia.or.kr/site/nia_kor/main.do", "nia", False),
        ("NIA 보고서", "nia", True),
        ("make the most of it", "most", False),
        ("MOST announced", "most", True),
    ],
)
def test_word_boundaries(linker, text, item, found):
    assert (item in linker.find_ids(text)) is found

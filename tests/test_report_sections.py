"""Report sections and key-point rules are registered, one module each; what a briefing
takes from the pack comes from its report.yaml (`report.config`)."""

from __future__ import annotations

import dataclasses
import importlib
import sys

import pytest

import policyscope.report.sections as section_modules
from policyscope.knowledge.loader import PackError, load_default_pack, load_pack
from policyscope.report import registry
from policyscope.report.build import build_report
from policyscope.report.check import check_html
from policyscope.report.check_lang import language_problems
from policyscope.report.config import Regulation, ReportConfig, load_config
from policyscope.report.key_points import choose
from policyscope.report.model import Chart, Notice, Paragraph, RegulationBox, Sentence, Table
from policyscope.report.render import to_html
from tests.readme import readme_example
from tests.test_report import fixture_ws  # noqa: F401 - the shared fixture workspace

BODY = [
    "key_points",
    "topic",
    "ledger",
    "changes",
    "new_terms",
    "timeline",
    "targets",
    "figures",
    "trends",
    "actors",
    "regulation",
    "verification",
    "conflicts",
]

# The README's example of a new section, as a module of its own.
NEW_SECTION = readme_example("policyscope/report/sections/latest.py")


def test_every_section_and_rule_is_registered():
    specs = registry.sections()
    assert sorted(s.id for s in specs) == sorted(BODY)
    by_position = sorted(specs, key=lambda s: s.position)
    assert [s.id for s in by_position] == BODY
    # the ledger is built before the targets read it, the key points after everything
    assert specs[0].id == "ledger" and specs[-1].id == "key_points"
    rules = registry.rules()
    assert [(r.name, r.fill) for r in rules] == [
        ("R1", False),
        ("R2", False),
        ("R3", False),
        ("R4", False),
        ("R5", True),
    ]


@pytest.fixture
def new_section_module(tmp_path, monkeypatch):
    """A section in a new module file of the sections package (its folder added to the
    package's path), registered into a copy of the registry that the test drops."""
    (tmp_path / "latest.py").write_text(NEW_SECTION, encoding="utf-8")
    monkeypatch.setattr(section_modules, "__path__", [*section_modules.__path__, str(tmp_path)])
    monkeypatch.setattr(registry, "_SECTIONS", dict(registry._SECTIONS))
    yield "policyscope.report.sections.latest"
    sys.modules.pop("policyscope.report.sections.latest", None)
    importlib.invalidate_caches()


def test_a_section_in_a_new_module_appears_at_its_position(fixture_ws, new_section_module):  # noqa: F811
    ws, _root = fixture_ws
    for lang, title in (("en", "Latest document"), ("ko", "최신 문서")):
        r = ws.report_content(lang=lang)
        ids = [s.id for s in r.sections]
        assert ids.index("latest") == ids.index("timeline") + 1
        assert ids.index("latest") + 1 == ids.index("targets")
        sec = r.section("latest")
        (para,) = sec.blocks
        assert sec.title == title and isinstance(para, Paragraph)
        # the newest dated document is the 2025 work report (2025-03-05), cited by its title
        (said,) = para.sentences
        assert said.text.endswith("(2025-03-05)") and said.cites[0].quote
        assert check_html(to_html(r), ws.text) == []
        assert language_problems(to_html(r)) == []


def test_the_shipped_pack_sets_series_terms_and_regulation():
    cfg = load_config(load_default_pack())
    assert cfg.series == "cn-gwr"
    assert cfg.trend_terms["cn-gwr"] == ["人工智能", "人工智能+", "具身智能", "新质生产力"]
    assert cfg.primary_languages == ("zh",)
    assert cfg.regulation == Regulation(
        "genai_interim_measures", "genai-interim-measures", "zh", ("应当", "不得")
    )


def test_report_yaml_of_a_user_pack_is_used(fixture_ws, tmp_path):  # noqa: F811
    ws, _root = fixture_ws
    (tmp_path / "report.yaml").write_text(
        "trend_terms:\n  cn-gwr: [新质生产力, 人工智能]\n", encoding="utf-8"
    )
    data = dataclasses.replace(ws.briefing_data(), pack_dirs=[tmp_path])
    r = build_report(data, lang="en")
    (chart,) = r.blocks(Chart)
    assert [row[0].text for row in chart.data.rows] == ["新质生产力", "人工智能"]
    # keys it does not give keep the pack's: the regulation box is still there
    (box,) = r.blocks(RegulationBox)
    assert [o.article for o in box.obligations] == ["第三条", "第四条"]
    assert [b for b in r.section("verification").blocks if isinstance(b, Table)]
    # documents in a primary language are not verified: here none is left
    (tmp_path / "report.yaml").write_text("primary_languages: [zh, ko, en]\n", encoding="utf-8")
    r = build_report(data, lang="en")
    blocks = r.section("verification").blocks
    assert len(blocks) == 1 and isinstance(blocks[0], Notice)


def test_a_pack_without_report_yaml_gets_defaults(fixture_ws, tmp_path):  # noqa: F811
    ws, _root = fixture_ws
    pack_dir = tmp_path / "mypack"
    pack_dir.mkdir()
    (pack_dir / "pack.yaml").write_text(
        "id: mypack\nname: My pack\nversion: '1'\nlanguages: [zh]\n", encoding="utf-8"
    )
    (pack_dir / "entities.yaml").write_text(
        "entities:\n  - id: my_ministry\n    type: organization\n    names: {en: My Ministry}\n",
        encoding="utf-8",
    )
    (pack_dir / "series.yaml").write_text(
        "series:\n  - id: my-reports\n    names: {en: My reports}\n    issuer: my_ministry\n"
        "    members: []\n",
        encoding="utf-8",
    )
    pack = load_pack(pack_dir)
    cfg = load_config(pack)
    assert cfg == ReportConfig(series="my-reports")
    assert cfg.trend_terms == {} and cfg.primary_languages == () and cfg.regulation is None
    data = dataclasses.replace(ws.briefing_data(), pack=pack)
    r = build_report(data, lang="ko", config=cfg)
    ids = [s.id for s in r.sections]
    assert "regulation" not in ids and ids[-1] == "references"
    # no document of my-reports is stored: the series with the most documents is used,
    # and its most mentioned concepts are the terms of the chart
    counts = {}
    for d in ws.documents():
        if d.series:
            counts[d.series] = counts.get(d.series, 0) + 1
    assert r.colophon[1].count(max(counts, key=counts.get)) == 1
    (chart,) = r.blocks(Chart)
    assert 1 <= len(chart.data.rows) <= 4
    assert all(row[0].text and ":" not in row[0].text for row in chart.data.rows)


def test_a_bad_report_yaml_names_its_file_and_line(tmp_path):
    (tmp_path / "report.yaml").write_text(
        "series: cn-gwr\nregulation:\n  entity: x\n  obligation: [must]\n", encoding="utf-8"
    )
    with pytest.raises(PackError) as e:
        load_config(load_default_pack(), [tmp_path])
    assert e.value.file.endswith("report.yaml") and e.value.line == 4
    assert "obligation" in str(e.value)


def test_a_fill_rule_is_asked_only_for_missing_points(monkeypatch):
    monkeypatch.setattr(registry, "_RULES", {})
    asked = []

    @registry.rule("A", order=1)
    def two(b, n):
        return [Sentence("a1"), Sentence("a2")]

    @registry.rule("F", order=9, fill=True)
    def fill(b, n):
        asked.append(n)
        return [Sentence(f"f{i}") for i in range(n)]

    points = choose(None)
    assert [(p.rule, p.sentence.text) for p in points] == [("A", "a1"), ("A", "a2"), ("F", "f0")]
    assert asked == [1]

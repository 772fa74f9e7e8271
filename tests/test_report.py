"""Briefings: built from a small workspace of fixture documents written for these tests
(Chinese work-report-like texts, a Korean brief with a target/actual table and dated
events, an English note, a regulation with articles), rendered in md/html/pdf/docx, and
checked by parsing the output: every number in the body is cited, every quote is found
verbatim at its offsets. Then the seed briefings on ../shared (skipped when absent)."""

from __future__ import annotations

import re
import time

import pytest

from policyscope import Workspace
from policyscope.extract.certainty import is_certain
from policyscope.report.check import check_html, check_markdown
from policyscope.report.model import Chart, KeyPoints, Notice, RegulationBox, Table, Timeline
from policyscope.report.render import to_html, to_markdown

GWR = {
    "2024": (
        "各位代表：\n"
        "过去一年，国内生产总值增长5.2%，城镇新增就业1244万人。\n"
        "今年发展主要预期目标是：国内生产总值增长5%左右；城镇新增就业1200万人以上。\n"
        "深入推进数字经济创新发展，开展“人工智能+”行动。大力推进现代化产业体系建设，"
        "加快发展新质生产力。\n"
    ),
    "2025": (
        "各位代表：\n"
        "过去一年，国内生产总值增长5%，城镇新增就业1256万人。\n"
        "今年发展主要预期目标是：国内生产总值增长5%左右；城镇新增就业1200万人以上。\n"
        "培育生物制造、量子科技、具身智能、6G等未来产业。持续推进“人工智能+”行动，"
        "支持大模型广泛应用。因地制宜发展新质生产力，推动人工智能与实体经济融合。\n"
    ),
}
REGULATION = (
    "第一章 总则\n"
    "第一条 为了规范示例服务的提供，保护使用者的合法权益，制定本办法。\n"
    "第二条 本办法适用于向公众提供示例服务的活动。\n"
    "第二章 服务规范\n"
    "第三条 提供者应当建立健全安全管理制度；提供者应当及时处理使用者的投诉。\n"
    "第四条 提供者不得收集与服务无关的个人信息，不得非法向他人提供使用者的输入信息。\n"
    "第五条 国家鼓励示例技术的创新和应用。\n"
    "第六条 本办法自2023年8月15日起施行。\n"
)
BRIEF_KO = (
    "2025 중국 정책 동향 브리프\n\n"
    "- 2025년 정부업무보고에서 처음으로 '具身智能'을 언급하며 미래산업 육성을 강조했다.\n"
    "- 중국 정부는 '23년 7월 10일 「생성형 AI 서비스 관리 잠정 조치」를 제정했으며, "
    "'23년 8월 15일 시행했다.\n"
    "- 2025년 정부업무보고에서 AI가 7번 언급되었다.\n\n"
    "〈표 1〉 중국 정부의 거시경제 주요 목표\n\n"
    "\t2024\t\t2025\n"
    "\t목표\t실제\t목표\n"
    "경제성장률\t5% 내외\t5%\t5% 내외\n"
    "도시일자리\t1,200만 개\t1,256만 개\t1,200만 개\n\n"
    "자료: 2024, 2025 政府工作报告 내용 저자 정리.\n\n"
    "- 중국 AI 핵심 산업 규모는 '23년 말 기준 5,784억 위안에 달한다.\n"
    "- 화웨이와 바이두는 대규모 AI 모델 개발에 집중하고 있다.\n"
)
NOTE_EN = (
    "China AI policy note\n\n"
    "The State Council issued the New Generation Artificial Intelligence Development Plan "
    "on 20 July 2017.\n\n"
    "The plan sets a target of 400 billion yuan for the core AI industry by 2025.\n"
)


@pytest.fixture(scope="module")
def fixture_ws(tmp_path_factory):
    root = tmp_path_factory.mktemp("report")
    ws = Workspace(root / "w.db")
    for key, text in GWR.items():
        f = root / f"{key}.zh.txt"
        f.write_text(text, encoding="utf-8")
        ws.ingest(
            [f],
            meta={
                "series": "cn-gwr",
                "series_key": key,
                "language": "zh",
                "date": f"{key}-03-05",
                "title": f"政府工作报告 {key}",
                "issuer": "state_council",
            },
        )
    reg = root / "genai-interim-measures-2023.zh.txt"
    reg.write_text(REGULATION, encoding="utf-8")
    ws.ingest([reg], meta={"title": "生成式人工智能服务管理暂行办法", "date": "2023-07-10"})
    ko = root / "brief.ko.txt"
    ko.write_text(BRIEF_KO, encoding="utf-8")
    ws.ingest([ko], meta={"title": "2025 중국 정책 동향 브리프", "language": "ko"})
    en = root / "note.en.txt"
    en.write_text(NOTE_EN, encoding="utf-8")
    ws.ingest([en], meta={"title": "China AI policy note", "language": "en"})
    yield ws, root
    ws.close()


@pytest.fixture(scope="module")
def reports(fixture_ws):
    ws, _root = fixture_ws
    return {lang: ws.report_content(lang=lang) for lang in ("en", "ko")}


def test_sections_from_the_workspace(fixture_ws, reports):
    r = reports["en"]
    ids = [s.id for s in r.sections]
    assert ids[0] == "key_points" and ids[-1] == "references"
    for sid in ("timeline", "targets", "figures", "trends", "actors", "regulation"):
        assert sid in ids
    (kp,) = r.blocks(KeyPoints)
    assert 3 <= len(kp.points) <= 6
    assert any(p.rule == "R1" and "具身智能" in p.sentence.text for p in kp.points)
    (tl,) = r.blocks(Timeline)
    assert any(e.date == "2023-08-15" for e in tl.entries)
    (chart,) = r.blocks(Chart)
    assert chart.png.startswith(b"\x89PNG") and chart.data.header[-2:] == ["2024", "2025"]
    (box,) = r.blocks(RegulationBox)
    assert [o.article for o in box.obligations] == ["第三条", "第四条"]
    assert box.obligations[1].words == ["不得"]
    # targets reach the table only when certain (metric, kind, measure, period known)
    targets = r.section("targets").blocks[0]
    certain = [c for c in fixture_ws[0].facts() if c.kind == "target" and is_certain(c)]
    assert isinstance(targets, Table if certain else Notice)
    # every citation in the model quotes the stored text at its offsets
    ws_text = {}
    for c in r.notes:
        assert c.quote and c.location.startswith(("para. ", "p. "))
        ws_text.setdefault(c.doc_id, None)
    assert [c.n for c in r.notes] == list(range(1, len(r.notes) + 1))


def test_every_number_cited_and_quotes_verbatim(fixture_ws, reports):
    ws, _root = fixture_ws
    for lang, r in reports.items():
        html, md = to_html(r), to_markdown(r)
        assert check_html(html, ws.text) == [], lang
        assert check_markdown(md, ws.text) == [], lang
        assert "<link" not in html and "<script" not in html
        assert not re.search(r"""(src|href)=["']https?:""", html)


def test_checker_catches_bad_quotes_and_uncited_numbers(fixture_ws, reports):
    ws, _root = fixture_ws
    html = to_html(reports["en"])
    shifted = re.sub(
        r'data-start="(\d+)"', lambda m: f'data-start="{int(m.group(1)) + 1}"', html, count=1
    )
    assert any("quote not found" in p.reason for p in check_html(shifted, ws.text))
    uncited = re.sub(r'<sup class="fn">.*?</sup>', "", html, count=1)
    assert any("without citation" in p.reason for p in check_html(uncited, ws.text))
    md = to_markdown(reports["en"])
    body, sep, notes = md.partition("<!-- notes -->")
    bad = body + "\nThe plan targets 400 billion yuan.\n" + sep + notes
    assert any("without citation" in p.reason for p in check_markdown(bad, ws.text))
    forged = re.sub(r"“([^”]{3})", r"“X\1", notes, count=1)
    assert any("quote not found" in p.reason for p in check_markdown(body + sep + forged, ws.text))


def test_korean_briefing_and_user_templates(fixture_ws, reports, tmp_path):
    ws, _root = fixture_ws
    r = reports["ko"]
    assert r.title == "중국 AI 정책 브리핑" and r.section("timeline").title == "정책 타임라인"
    (kp,) = r.blocks(KeyPoints)
    assert any("처음 등장" in p.sentence.text for p in kp.points)
    (tmp_path / "en").mkdir()
    src = (
        __import__("policyscope.report.text", fromlist=["TEMPLATES"]).TEMPLATES
        / "en"
        / "sentences.j2"
    ).read_text(encoding="utf-8")
    (tmp_path / "en" / "sentences.j2").write_text(
        src.replace('"title": "China AI policy briefing"', '"title": "Desk memo"'),
        encoding="utf-8",
    )
    custom = ws.report_content(lang="en", templates=tmp_path)
    assert custom.title == "Desk memo"


def test_all_formats_written(fixture_ws, tmp_path):
    ws, _root = fixture_ws
    timings = {}
    for fmt in ("md", "html", "pdf", "docx"):
        t0 = time.perf_counter()
        path = ws.report(lang="ko", fmt=fmt, out=tmp_path / f"b.{fmt}")
        timings[fmt] = time.perf_counter() - t0
        assert path.exists() and path.stat().st_size > 1000
    assert (tmp_path / "b.chart1.png").exists()  # the Markdown chart, next to the file
    # PDF: the text layer holds Korean and Chinese
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(tmp_path / "b.pdf"))
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert re.search(r"[\uac00-\ud7a3]", text) and re.search(r"[\u4e00-\u9fff]", text)
    assert "具身智能" in text or "具身" in text
    # DOCX: real tables, the endnote-style notes with their quotes
    import docx

    d = docx.Document(str(tmp_path / "b.docx"))
    assert len(d.tables) >= 4
    paras = [p.text for p in d.paragraphs]
    assert "주석" in paras and any(p.startswith("1. ") and "“" in p for p in paras)
    assert timings["html"] < 10


def test_topic_and_dates_scope(fixture_ws):
    ws, _root = fixture_ws
    r = ws.report_content(topics=["concept:embodied_ai"], date_from="2025")
    (chart,) = r.blocks(Chart)
    assert [row[0].text for row in chart.data.rows] == [ws.pack.label("embodied_ai", "en")]
    tl = r.blocks(Timeline)
    assert all(e.date >= "2025" for t in tl for e in t.entries)
    with pytest.raises(Exception, match="topic"):
        ws.report_content(topics=["nonsense"])


def test_cli_report_check(fixture_ws, tmp_path):
    from typer.testing import CliRunner

    from policyscope.cli import app

    ws, root = fixture_ws
    out = tmp_path / "cli.html"
    res = CliRunner().invoke(
        app, ["--db", ws.db, "report", "--lang", "en", "-f", "html", "-o", str(out), "--check"]
    )
    assert res.exit_code == 0, res.output
    assert out.exists()


# -- the seed briefings (../shared) ----------------------------------------------------------


@pytest.fixture(scope="module")
def seed_ws(shared_dir, tmp_path_factory):
    ws = Workspace(tmp_path_factory.mktemp("seedreport") / "w.db")
    corpus = shared_dir / "corpus"
    files = sorted((corpus / "cn-gwr").glob("*.zh.txt")) + sorted(
        (corpus / "cn-policy").glob("*.txt")
    )
    ws.ingest(files, manifest=corpus / "MANIFEST.tsv")
    ws.ingest(sorted((shared_dir / "seeds").glob("*.txt")))
    yield ws
    ws.close()


@pytest.mark.corpus
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_seed_briefing(seed_ws, lang):
    r = seed_ws.report_content(lang=lang)
    (tl,) = r.blocks(Timeline)
    dates = {e.date for e in tl.entries}
    assert {"2017-07-20", "2023-07-10", "2023-08-15"} <= dates
    targets = r.section("targets").blocks[0]
    certain = [c for c in seed_ws.facts() if c.kind == "target" and is_certain(c)]
    assert isinstance(targets, Table if len(certain) >= 10 else (Table, Notice))
    (chart,) = r.blocks(Chart)
    assert chart.png and [row[0].text for row in chart.data.rows] == [
        "人工智能",
        "人工智能+",
        "具身智能",
        "新质生产力",
    ]
    assert "n/a" in [c.text for c in chart.data.rows[0]]  # 2023 is not stored
    ver = r.section("verification")
    verdict_tables = [b for b in ver.blocks if isinstance(b, Table)]
    assert len(verdict_tables) == 2
    words = {row[2].css for t in verdict_tables for row in t.rows}
    assert {"v-supported", "v-contradicted"} <= words
    (box,) = r.blocks(RegulationBox)
    assert len(box.obligations) >= 12
    html = to_html(r)
    assert check_html(html, seed_ws.text) == []
    assert check_markdown(to_markdown(r), seed_ws.text) == []

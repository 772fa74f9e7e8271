"""The briefing read as a reader reads it: the ko and en PDFs converted back to text
(pypdfium2) carry page numbers 'n / N' and an embedded Korean CJK font, no internal
identifier, no English in the Korean body, and every key point's citation is printed and
resolves verbatim. Plus the CLI's output formats, the figures in each language, the
timeline rule and a focused (--topic) briefing."""

from __future__ import annotations

import ctypes
import re

import pytest

from policyscope.errors import BadArgument
from policyscope.report.check import check_pdf, pdf_pages
from policyscope.report.check_lang import IDENTIFIER, language_problems
from policyscope.report.model import KeyPoints
from policyscope.report.numbers import say
from policyscope.report.render import to_html
from tests.test_report import fixture_ws  # noqa: F401 - the shared fixture workspace


def pdf_fonts(path) -> set[str]:
    """Names of the fonts the PDF's text is set in (embedded subsets: 'ABCDEF+Name')."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(str(path))
    names = set()
    try:
        for i in range(len(pdf)):
            tp = pdf[i].get_textpage()
            for k in range(0, raw.FPDFText_CountChars(tp), 5):
                buf, flags = ctypes.create_string_buffer(256), ctypes.c_int()
                if raw.FPDFText_GetFontInfo(tp, k, buf, 256, ctypes.byref(flags)):
                    names.add(buf.value.decode("utf-8", "replace"))
    finally:
        pdf.close()
    return names


@pytest.fixture(scope="module")
def pdfs(fixture_ws, tmp_path_factory):  # noqa: F811
    ws, _root = fixture_ws
    out = tmp_path_factory.mktemp("pdf")
    got = {}
    for lang in ("ko", "en"):
        content = ws.report_content(lang=lang)
        path = ws.report(lang=lang, fmt="pdf", out=out / f"b.{lang}.pdf")
        got[lang] = (content, path)
    return got


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_pdf_read_back(fixture_ws, pdfs, lang):  # noqa: F811
    ws, _root = fixture_ws
    content, path = pdfs[lang]
    assert path.read_bytes().startswith(b"%PDF")
    pages = pdf_pages(path)
    assert check_pdf(path, ws.text) == []  # 'n / N' on every page, every note printed
    assert len(pages) >= 2 and re.search(rf"\b1\s*/\s*{len(pages)}\b", pages[0])
    fonts = pdf_fonts(path)
    assert any("CJK-KR" in f.replace(" ", "-") for f in fonts), fonts
    if lang == "ko":  # Chinese quotes take the SC glyph forms
        assert any("CJK-SC" in f.replace(" ", "-") for f in fonts), fonts
    notes = "주석" if lang == "ko" else "Notes"
    body = "".join(pages).split(notes)[0]
    assert not IDENTIFIER.search(body), IDENTIFIER.search(body)
    assert language_problems(to_html(content)) == []
    # every key point's citations resolve verbatim and are printed in the PDF
    flat = "".join("".join(pages).split())
    (kp,) = content.blocks(KeyPoints)
    assert kp.points
    for p in kp.points:
        assert p.sentence.cites
        for c in p.sentence.cites:
            assert ws.text(c.doc_id)[c.start : c.end] == c.quote
            assert "".join(c.quote.split()) in flat


def test_css_is_not_escaped(fixture_ws):  # noqa: F811
    ws, _root = fixture_ws
    html = to_html(ws.report_content(lang="ko"))
    style = html.split("<style>")[1].split("</style>")[0]
    assert "counter(pages)" in style and '"Noto Sans CJK KR"' in style
    assert "&#34;" not in style and "&quot;" not in style
    # footnote markers stand apart from the figure they follow (a thin space)
    assert '<sup class="fn">&#8201;<a' in html
    # Chinese words in the Korean text are marked so they take the SC glyph forms
    assert '<span lang="zh-Hans">具身智能</span>' in html


def test_language_checker_finds_english_and_identifiers(fixture_ws):  # noqa: F811
    ws, _root = fixture_ws
    html = to_html(ws.report_content(lang="ko"))
    bad = html.replace("</h2>", "</h2><p>no actual figure for special_treasury_bonds</p>", 1)
    reasons = [p.reason for p in language_problems(bad)]
    assert "internal identifier" in reasons
    assert any(r.startswith("English in a Korean briefing") for r in reasons)
    en = to_html(ws.report_content(lang="en"))
    bad_en = en.replace("</h2>", "</h2><p>약 1,050억 위안</p>", 1)
    assert any(p.reason.startswith("Korean in") for p in language_problems(bad_en))


def test_figures_in_the_briefing_language():
    assert say(5.784e11, "CNY", "exact", "ko") == "5,784억 위안"
    assert say(1.3e12, "CNY", "exact", "ko") == "1조 3,000억 위안"
    assert say(5.0, "percent", "approx", "ko") == "5% 내외"
    assert say(1.2e7, "count", "lower_bound", "ko", unit_kind="people") == "1,200만 명 이상"
    assert say(5.5, "percent", "upper_bound", "ko") == "5.5% 이내"
    assert say(5.784e11, "CNY", "exact", "en") == "RMB 578.4 billion"
    assert say(5.0, "percent", "approx", "en") == "about 5%"
    assert say(1.2e7, "people", "lower_bound", "en") == "at least 12 million people"


def test_cli_format_from_suffix_and_check_every_format(fixture_ws, tmp_path):  # noqa: F811
    from typer.testing import CliRunner

    from policyscope.cli import app

    ws, _root = fixture_ws
    run = CliRunner().invoke
    for suffix in ("md", "html", "docx", "pdf"):
        out = tmp_path / f"b.{suffix}"
        res = run(app, ["--db", ws.db, "report", "--lang", "ko", "-o", str(out), "--check"])
        assert res.exit_code == 0, (suffix, res.output)
        head = out.read_bytes()[:5]
        magic = {"pdf": b"%PDF-", "docx": b"PK\x03\x04", "html": b"<!DOC", "md": b"# "}
        assert head.startswith(magic[suffix]), (suffix, head)
    res = run(app, ["--db", ws.db, "report", "-o", str(tmp_path / "b.txt")])
    # a BadArgument: the CLI entry point prints it as one line (policyscope.errors)
    assert res.exit_code != 0 and isinstance(res.exception, BadArgument)
    assert "'.txt'" in str(res.exception)
    res = run(app, ["--db", ws.db, "report", "-f", "md", "-o", str(tmp_path / "c.pdf")])
    assert res.exit_code != 0 and "does not match" in str(res.exception)


def test_check_pdf_and_docx_catch_forgeries(fixture_ws, pdfs, tmp_path):  # noqa: F811
    from policyscope.report.check import check_docx

    ws, _root = fixture_ws
    _content, path = pdfs["en"]

    def shifted(doc_id):  # the stored text, one character off: every quote now differs
        return "x" + ws.text(doc_id)

    assert any("not printed" in p.reason for p in check_pdf(path, shifted))
    docx_path = ws.report(lang="en", fmt="docx", out=tmp_path / "b.docx")
    assert check_docx(docx_path, ws.text) == []
    assert any("quote not found" in p.reason for p in check_docx(docx_path, shifted))


def test_topic_focuses_every_section(fixture_ws):  # noqa: F811
    from policyscope.report.build import iter_cites

    ws, _root = fixture_ws
    r = ws.report_content(topics=["concept:embodied_ai"], lang="ko")
    label = ws.pack.label("embodied_ai", "ko")
    forms = ws.pack.concepts["embodied_ai"].surface_forms()
    body = [s for s in r.sections if s.id != "references"]
    assert {"key_points", "topic", "trends"} <= {s.id for s in body}
    for s in body:
        assert s.title.endswith(label), s.title
        quotes = [c.quote for c in iter_cites(type(r)(r.title, "", "ko", [s]))]
        assert any(f in q for q in quotes for f in forms), (s.id, quotes[:3])
    # without the topic the same workspace has sections the topic leaves out
    full = ws.report_content(lang="ko")
    assert len([s for s in full.sections if s.id != "references"]) > len(body)


def test_gloss_is_one_mention():
    from policyscope.report.topic import merge_glosses

    text = "신체화 AI(Embodied AI, 具身智能)는 새 분야다. 신체화 AI 연구가 늘었다."
    rows = [
        (1, "concept", "embodied_ai", "신체화 AI", 0, 6),
        (1, "concept", "embodied_ai", "Embodied AI", 7, 18),
        (1, "concept", "embodied_ai", "具身智能", 20, 24),
        (1, "concept", "embodied_ai", "신체화 AI", 34, 40),
    ]
    assert text[20:24] == "具身智能" and text[34:40] == "신체화 AI"
    ms = merge_glosses(rows, lambda _d: text)
    assert [(m.start, m.glosses) for m in ms] == [(0, 2), (34, 0)]


def test_korean_particles_follow_the_last_sound():
    from policyscope.report.josa import josa

    assert josa("도시조사실업률", "을", "를") == "도시조사실업률을"
    assert josa("재정적자율 목표", "을", "를") == "재정적자율 목표를"
    assert josa("4% 내외", "으로", "로") == "4% 내외로"
    assert josa("3,000억 위안", "으로", "로") == "3,000억 위안으로"
    assert josa("5.1%", "으로", "로") == "5.1%로"
    assert josa("정부업무보고 2025(중국어)", "은", "는") == "정부업무보고 2025(중국어)는"
    assert josa("「변화 방향」", "은", "는") == "「변화 방향」은"
    assert josa("2017", "이", "가") == "2017이"
    assert josa("具身智能", "이", "가") == "具身智能이(가)"  # the reading is not known


def test_main_targets_compared(fixture_ws):  # noqa: F811
    """The "주요 목표 비교" table from the series ledger: each year's target beside the
    outcome the next report gives; a year whose report is not stored shows n/a for the
    target but keeps the outcome a later report states."""
    ws, _root = fixture_ws
    r = ws.report_content(lang="ko")
    (table,) = [b for b in r.section("ledger").blocks if hasattr(b, "rows")]
    assert table.header[0] == "지표" and "2024 목표" in table.header
    rows = {row[0].text: [c.text for c in row] for row in table.rows}
    col = {h: i for i, h in enumerate(table.header)}
    gdp, jobs = rows["경제성장률"], rows["도시 신규 일자리"]
    assert gdp[col["2024 목표"]] == "5% 내외" and gdp[col["2024 실적"]] == "5% (달성)"
    assert gdp[col["2025 목표"]] == "5% 내외" and "2025 실적" not in col  # no outcome yet
    assert gdp[col["2023 목표"]] == "n/a" and gdp[col["2023 실적"]] == "5.2%"
    assert jobs[col["2024 목표"]] == "1,200만 명 이상"
    assert jobs[col["2024 실적"]] == "1,256만 명 (달성)"


def test_language_checker_reads_titles_whole():
    """A Korean title shown in an English body is a name (listed in the references), also
    when its Han words are wrapped for their glyph forms."""
    title = "2025 중국 양회(两会), 산업정책 키워드는 AI"
    wrapped = title.replace("两会", '<span lang="zh-Hans">两会</span>')
    html = (
        f'<html lang="en"><body><p>The report “{wrapped}” says so.</p>'
        f'<section class="references"><ol><li><strong>{title}</strong></li></ol></section>'
        "</body></html>"
    )
    assert language_problems(html) == []
    assert language_problems(html.replace("says so", "says 중국 양회"))


def test_pdf_quote_cut_by_a_page_break():
    from policyscope.report.check import _printed

    q = "第一部分第二部分"
    assert _printed(q, "1.2.“第一部分第二部分”")
    # the page's footer and the next page's list numbers between the two parts
    assert _printed(q, "“第一部分12/17 63.64.第二部分”")
    assert not _printed(q, "“第一部分第三部分”")
    assert not _printed(q, "“其他内容”")


def test_one_finding_is_one_key_point():
    from policyscope.report.key_points import _same_finding
    from policyscope.report.model import Citation, Sentence

    def cite(doc, s, e):
        return Citation(doc, "t", "para. 1", "q", s, e)

    conflict = Sentence("a", [cite(21, 290, 320), cite(2, 1500, 1540)])
    verdict = Sentence("b", [cite(2, 1502, 1543), cite(21, 293, 321), cite(9, 0, 5)])
    other = Sentence("c", [cite(21, 4000, 4010)])
    assert _same_finding(conflict, verdict)
    assert not _same_finding(other, verdict) and not _same_finding(verdict, conflict)

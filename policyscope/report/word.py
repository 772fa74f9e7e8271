"""The DOCX briefing: real Word tables and headings; notes are endnote-style:
superscript numbers in the text and a numbered 'Notes' section at the end (python-docx
has no footnote API)."""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Inches, Pt

from policyscope.report.markdown import obligations_table
from policyscope.report.model import (
    Block,
    Chart,
    KeyPoints,
    Notice,
    Paragraph,
    References,
    RegulationBox,
    Report,
    Table,
    Timeline,
)

DOCX_FONT = "Noto Sans CJK KR"


def _docx_font(doc) -> None:
    for name in ("Normal", "Heading 1", "Heading 2", "Heading 3", "Table Grid"):
        try:
            st = doc.styles[name]
        except KeyError:
            continue
        if name == "Normal":
            st.font.size = Pt(10)
        st.font.name = DOCX_FONT
        rpr = st.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.append(fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attr), DOCX_FONT)


def _docx_runs(par, text: str, cites, size=None) -> None:
    r = par.add_run(text)
    if size:
        r.font.size = size
    if cites:
        # a thin space keeps the marker apart from a figure when the text is copied
        s = par.add_run("\u2009" + ",".join(str(c.n) for c in cites))
        s.font.superscript = True


def _docx_shade(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = tcpr.makeelement(qn("w:shd"), {qn("w:val"): "clear", qn("w:fill"): fill})
    tcpr.append(shd)


def _docx_table(doc, t: Table) -> None:
    if t.caption:
        p = doc.add_paragraph()
        p.add_run(t.caption).italic = True
    table = doc.add_table(rows=1, cols=len(t.header))
    table.style = "Table Grid"
    small = Pt(7.5) if len(t.header) > 6 else Pt(8.5)
    for i, h in enumerate(t.header):
        cell = table.rows[0].cells[i]
        cell.text = ""
        run = cell.paragraphs[0].add_run(h)
        run.bold = True
        run.font.size = small
        _docx_shade(cell, "E4ECF4")
    for row in t.rows:
        cells = table.add_row().cells
        for i, c in enumerate(row[: len(t.header)]):
            par = cells[i].paragraphs[0]
            if c.parts:
                for j, p in enumerate(c.parts):
                    _docx_runs(par, ("; " if j else "") + p.text, p.cites, small)
            else:
                _docx_runs(par, c.text, c.cites, small)
    doc.add_paragraph()


def _docx_box(doc, title: str, fill: str):
    """A shaded one-cell table with a bold title: the frame of a box."""
    box = doc.add_table(rows=1, cols=1)
    box.style = "Table Grid"
    cell = box.rows[0].cells[0]
    _docx_shade(cell, fill)
    cell.paragraphs[0].add_run(title).bold = True
    return cell


def _docx_block(doc, b: Block) -> None:
    if isinstance(b, Paragraph):
        p = doc.add_paragraph()
        for x in b.sentences:
            _docx_runs(p, x.text + " ", x.cites)
    elif isinstance(b, KeyPoints):
        cell = _docx_box(doc, b.title, "EEF4FA")
        for pnt in b.points:
            _docx_runs(
                cell.add_paragraph(style="List Bullet"), pnt.sentence.text, pnt.sentence.cites
            )
        doc.add_paragraph()
    elif isinstance(b, Timeline):
        for e in b.entries:
            p = doc.add_paragraph(style="List Bullet")
            p.add_run(e.date + "  ").bold = True
            _docx_runs(p, e.sentence.text, e.sentence.cites)
    elif isinstance(b, Chart):
        if b.png:
            doc.add_picture(io.BytesIO(b.png), width=Inches(6.2))
        doc.add_paragraph(b.title).runs[0].italic = True
        _docx_table(doc, b.data)
    elif isinstance(b, Table):
        _docx_table(doc, b)
    elif isinstance(b, RegulationBox):
        cell = _docx_box(doc, b.title, "FDF8EE")
        for x in b.intro:
            _docx_runs(cell.add_paragraph(), x.text, x.cites)
        doc.add_paragraph()
        if b.obligations:
            _docx_table(doc, obligations_table(b))
    elif isinstance(b, Notice):
        p = doc.add_paragraph()
        p.add_run(("ⓘ " if b.coverage else "") + b.text).italic = True


def _docx_notes(doc, report: Report) -> None:
    doc.add_heading(report.labels.get("notes", "Notes"), level=1)
    for c in report.notes:
        p = doc.add_paragraph()
        p.paragraph_format.space_after = Pt(1)
        r = p.add_run(f"{c.n}. ")
        r.bold = True
        r.font.size = Pt(8)
        r = p.add_run(f"{c.title}, {c.location} [doc {c.doc_id}, {c.start}:{c.end}]: “{c.quote}”")
        r.font.size = Pt(8)


def _docx_references(doc, refs: References, L: dict[str, str]) -> None:
    for r in refs.entries:
        doc.add_paragraph(". ".join(r.parts(L)), style="List Number")


def to_docx(report: Report, out: Path) -> Path:
    doc = Document()
    _docx_font(doc)
    L = report.labels
    doc.add_heading(report.title, level=0)
    doc.add_paragraph(report.subtitle).runs[0].italic = True
    for s in report.sections:
        if s.id != "references":
            doc.add_heading(s.title, level=1)
            for b in s.blocks:
                _docx_block(doc, b)
    _docx_notes(doc, report)
    for s in report.sections:
        if s.id == "references":
            doc.add_heading(s.title, level=1)
            for b in s.blocks:
                if isinstance(b, References):
                    _docx_references(doc, b, L)
    doc.add_heading(L.get("colophon", "About"), level=2)
    for line in report.colophon:
        doc.add_paragraph(line).runs[0].font.size = Pt(8)
    doc.save(str(out))
    return out

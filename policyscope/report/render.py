"""Renderers of the content model: Markdown, self-contained HTML, PDF (weasyprint), DOCX.

    render(report, "html", out=Path("b.html"), templates=None) -> Path

HTML: one file, CSS inline, the chart as a PNG data URI; nothing is loaded from outside
(no links to stylesheets, scripts, fonts or images). Fonts are named in the CSS (Noto
Sans CJK, from fonts-noto-cjk) and found on the reader's system.
PDF: the same HTML laid out by weasyprint (print CSS: A4, page numbers).
Markdown: footnotes `[^N]` and their definitions `[^N]: title, location [doc D, S:E]:
“quote”` (newlines of a quote shown as ' ⏎ '); the chart is written next to the file
(`<stem>.chart1.png`) or inlined as a data URI when there is no file.
DOCX: real Word tables and headings; notes are endnote-style: superscript numbers in the
text and a numbered 'Notes' section at the end (python-docx has no footnote API).
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

from policyscope.errors import BadArgument
from policyscope.report.model import (
    Cell,
    Chart,
    KeyPoints,
    Notice,
    Paragraph,
    References,
    RegulationBox,
    Report,
    Sentence,
    Table,
    Timeline,
)
from policyscope.report.text import environment

FORMATS = ("md", "html", "pdf", "docx")
NEWLINE_MARK = " ⏎ "


def _obligations_table(b: RegulationBox) -> Table:
    """The regulation box's obligations as a table (article, text, obligation words)."""
    t = Table(b.header)
    for o in b.obligations:
        t.rows.append(
            [Cell(o.article, o.cites[:1]), Cell(o.text, o.cites), Cell(", ".join(o.words))]
        )
    return t


def render(report: Report, fmt: str, out: str | Path, templates: str | Path | None = None) -> Path:
    if fmt not in FORMATS:
        raise BadArgument(f"format {fmt!r}: use one of {', '.join(FORMATS)}")
    out = Path(out)
    if not out.parent.exists():
        raise BadArgument(f"output folder {out.parent} does not exist")
    if fmt == "html":
        out.write_text(to_html(report, templates), encoding="utf-8")
    elif fmt == "md":
        out.write_text(to_markdown(report, assets=out), encoding="utf-8")
    elif fmt == "pdf":
        to_pdf(report, out, templates)
    else:
        to_docx(report, out)
    return out


# ---------------------------------------------------------------------------- HTML


_HAN = re.compile(
    r"[\u3400-\u9fff\uf900-\ufaff][\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff01-\uff5e]*"
)


def han_spans(lang: str):
    """A Jinja filter: runs of Han characters in a non-Chinese page marked lang=zh-Hans
    (a Korean font would draw them with Korean glyph forms)."""
    from markupsafe import Markup, escape

    def wrap(text) -> Markup:
        s = str(escape(text))
        if lang.startswith("zh"):
            return Markup(s)
        return Markup(_HAN.sub(lambda m: f'<span lang="zh-Hans">{m.group(0)}</span>', s))

    return wrap


def to_html(report: Report, templates: str | Path | None = None) -> str:
    env = environment(templates)
    env.filters["han"] = han_spans(report.lang)
    css = env.loader.get_source(env, "report.css")[0]
    page = env.get_template("page.html.j2")
    return page.render(
        report=report,
        labels=report.labels,
        css=css,
        kind=lambda b: type(b).__name__,
        b64=lambda data: base64.b64encode(data).decode("ascii"),
    )


def to_pdf(report: Report, out: Path, templates: str | Path | None = None) -> Path:
    import logging

    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    HTML(string=to_html(report, templates), base_url=None).write_pdf(str(out))
    return out


# ---------------------------------------------------------------------------- Markdown


def md_quote(q: str) -> str:
    return q.replace("\r", "").replace("\n", NEWLINE_MARK)


def _md_escape(s: str) -> str:
    return s.replace("\n", " ").replace("|", "\\|")


def _md_refs(cites) -> str:
    return "".join(f"[^{c.n}]" for c in cites)


def _md_sentence(s: Sentence) -> str:
    return f"{s.text}{_md_refs(s.cites)}"


def _md_cell(c: Cell) -> str:
    if c.parts:
        return _md_escape("; ".join(_md_sentence(p) for p in c.parts))
    return _md_escape(f"{c.text}{_md_refs(c.cites)}")


def _md_table(t: Table) -> list[str]:
    lines = []
    if t.caption:
        lines += [f"*{t.caption}*", ""]
    lines.append("| " + " | ".join(_md_escape(h) for h in t.header) + " |")
    lines.append("|" + "|".join("---" for _ in t.header) + "|")
    for row in t.rows:
        lines.append("| " + " | ".join(_md_cell(c) for c in row) + " |")
    return lines + [""]


def to_markdown(report: Report, assets: Path | None = None) -> str:
    L = report.labels
    lines = [f"# {report.title}", "", f"*{report.subtitle}*", ""]
    n_chart = 0
    for s in report.sections:
        if s.id == "references":
            continue
        lines += [f"## {s.title}", ""]
        for b in s.blocks:
            if isinstance(b, Paragraph):
                lines += [" ".join(_md_sentence(x) for x in b.sentences), ""]
            elif isinstance(b, KeyPoints):
                lines += [f"> **{b.title}**", ">"] if b.title else []
                lines += [f"> - {_md_sentence(p.sentence)}" for p in b.points]
                lines.append("")
            elif isinstance(b, Timeline):
                lines += [f"- **{e.date}** {_md_sentence(e.sentence)}" for e in b.entries]
                lines.append("")
            elif isinstance(b, Chart):
                if b.png:
                    n_chart += 1
                    if assets is not None:
                        img = assets.with_name(f"{assets.stem}.chart{n_chart}.png")
                        img.write_bytes(b.png)
                        src = img.name
                    else:
                        src = "data:image/png;base64," + base64.b64encode(b.png).decode()
                    lines += [f"![{b.alt}]({src})", ""]
                lines += [f"*{b.title}*", ""]
                lines += _md_table(b.data)
            elif isinstance(b, Table):
                lines += _md_table(b)
            elif isinstance(b, RegulationBox):
                lines += [f"> **{b.title}**", ">"]
                lines += [f"> {_md_sentence(x)}" for x in b.intro]
                lines.append("")
                if b.obligations:
                    t = _obligations_table(b)
                    lines += _md_table(t)
            elif isinstance(b, Notice):
                lines += [f"> ⓘ {b.text}" if b.coverage else f"*{b.text}*", ""]
    lines += ["<!-- notes -->", f"## {L.get('notes', 'Notes')}", ""]
    for c in report.notes:
        lines.append(
            f"[^{c.n}]: {c.title}, {c.location} [doc {c.doc_id}, {c.start}:{c.end}]: "
            f"“{md_quote(c.quote)}”"
        )
    lines.append("")
    for s in report.sections:
        if s.id != "references":
            continue
        lines += ["<!-- references -->", f"## {s.title}", ""]
        for b in s.blocks:
            if isinstance(b, References):
                for i, r in enumerate(b.entries, 1):
                    bits = [f"**{r.title}**"]
                    if r.issuer:
                        bits.append(f"{L.get('issuer', 'Issuer')}: {r.issuer}")
                    if r.date:
                        bits.append(f"{L.get('date', 'Date')}: {r.date}")
                    if r.source:
                        bits.append(f"{L.get('source', 'Source')}: `{r.source}`")
                    if r.url:
                        bits.append(r.url)
                    bits.append(f"{L.get('cited_in', 'notes')} {', '.join(map(str, r.notes))}")
                    lines.append(f"{i}. " + ". ".join(bits) + ".")
        lines.append("")
    lines += ["<!-- colophon -->", f"## {L.get('colophon', 'About')}", ""]
    lines += [f"- {x}" for x in report.colophon]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------- DOCX

DOCX_FONT = "Noto Sans CJK KR"


def _docx_font(doc) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

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
    from docx.oxml.ns import qn

    tcpr = cell._tc.get_or_add_tcPr()
    shd = tcpr.makeelement(qn("w:shd"), {qn("w:val"): "clear", qn("w:fill"): fill})
    tcpr.append(shd)


def _docx_table(doc, t: Table) -> None:
    from docx.shared import Pt

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


def to_docx(report: Report, out: Path) -> Path:
    import io

    from docx import Document
    from docx.shared import Inches, Pt

    doc = Document()
    _docx_font(doc)
    L = report.labels
    doc.add_heading(report.title, level=0)
    doc.add_paragraph(report.subtitle).runs[0].italic = True
    for s in report.sections:
        if s.id == "references":
            continue
        doc.add_heading(s.title, level=1)
        for b in s.blocks:
            if isinstance(b, Paragraph):
                p = doc.add_paragraph()
                for x in b.sentences:
                    _docx_runs(p, x.text + " ", x.cites)
            elif isinstance(b, KeyPoints):
                box = doc.add_table(rows=1, cols=1)
                box.style = "Table Grid"
                cell = box.rows[0].cells[0]
                _docx_shade(cell, "EEF4FA")
                cell.paragraphs[0].add_run(b.title).bold = True
                for pnt in b.points:
                    p = cell.add_paragraph(style="List Bullet")
                    _docx_runs(p, pnt.sentence.text, pnt.sentence.cites)
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
                box = doc.add_table(rows=1, cols=1)
                box.style = "Table Grid"
                cell = box.rows[0].cells[0]
                _docx_shade(cell, "FDF8EE")
                cell.paragraphs[0].add_run(b.title).bold = True
                for x in b.intro:
                    _docx_runs(cell.add_paragraph(), x.text, x.cites)
                doc.add_paragraph()
                if b.obligations:
                    t = _obligations_table(b)
                    _docx_table(doc, t)
            elif isinstance(b, Notice):
                p = doc.add_paragraph()
                r = p.add_run(("ⓘ " if b.coverage else "") + b.text)
                r.italic = True
    doc.add_heading(L.get("notes", "Notes"), level=1)
    for c in report.notes:
        p = doc.add_paragraph()
        p.paragraph_format.space_after = Pt(1)
        r = p.add_run(f"{c.n}. ")
        r.bold = True
        r.font.size = Pt(8)
        r = p.add_run(f"{c.title}, {c.location} [doc {c.doc_id}, {c.start}:{c.end}]: “{c.quote}”")
        r.font.size = Pt(8)
    for s in report.sections:
        if s.id != "references":
            continue
        doc.add_heading(s.title, level=1)
        for b in s.blocks:
            if isinstance(b, References):
                for r in b.entries:
                    bits = [r.title]
                    if r.issuer:
                        bits.append(f"{L.get('issuer', 'Issuer')}: {r.issuer}")
                    if r.date:
                        bits.append(f"{L.get('date', 'Date')}: {r.date}")
                    if r.source:
                        bits.append(f"{L.get('source', 'Source')}: {r.source}")
                    if r.url:
                        bits.append(r.url)
                    doc.add_paragraph(". ".join(bits), style="List Number")
    doc.add_heading(L.get("colophon", "About"), level=2)
    for line in report.colophon:
        doc.add_paragraph(line).runs[0].font.size = Pt(8)
    doc.save(str(out))
    return out

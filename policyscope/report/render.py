"""Renderers of the content model: Markdown, self-contained HTML, PDF (weasyprint), DOCX.

    render(report, "html", out=Path("b.html"), templates=None) -> Path

HTML: one file, CSS inline, the chart as a PNG data URI; nothing is loaded from outside
(no links to stylesheets, scripts, fonts or images). Fonts are named in the CSS (Noto
Sans CJK, from fonts-noto-cjk) and found on the reader's system.
PDF: the same HTML laid out by weasyprint (print CSS: A4, page numbers).
Markdown: `report.markdown`. DOCX: `report.word`.
"""

from __future__ import annotations

import base64
import logging
import re
from collections.abc import Callable
from pathlib import Path

from markupsafe import Markup, escape

from policyscope.errors import BadArgument
from policyscope.report.markdown import NEWLINE_MARK, md_quote, to_markdown
from policyscope.report.model import FORMATS, Report
from policyscope.report.text import environment

__all__ = ["FORMATS", "NEWLINE_MARK", "md_quote", "render", "to_html", "to_markdown", "to_pdf"]



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
        from policyscope.report.word import to_docx  # noqa: PLC0415 (lazy: python-docx and lxml load only for DOCX)

        to_docx(report, out)
    return out


# ---------------------------------------------------------------------------- HTML


_HAN = re.compile(
    r"[\u3400-\u9fff\uf900-\ufaff][\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff01-\uff5e]*"
)


def han_spans(lang: str) -> Callable[[object], Markup]:
    """A Jinja filter: runs of Han characters in a non-Chinese page marked lang=zh-Hans
    (a Korean font would draw them with Korean glyph forms)."""

    def wrap(text) -> Markup:
        s = str(escape(text))
        if lang.startswith("zh"):
            return Markup(s)
        return Markup(_HAN.sub(lambda m: f'<span lang="zh-Hans">{m.group(0)}</span>', s))

    return wrap


def to_html(report: Report, templates: str | Path | None = None) -> str:
    env = environment(templates)
    env.filters["han"] = han_spans(report.lang)
    assert env.loader is not None  # `environment` always sets one
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
    from weasyprint import HTML  # noqa: PLC0415 (lazy: weasyprint loads only for PDF)

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    HTML(string=to_html(report, templates), base_url=None).write_pdf(str(out))
    return out

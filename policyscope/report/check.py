"""Citation checker for generated briefings: parses the Markdown or HTML output (not the
content model) and lists every problem.

    problems = check_html(html, text_of)       # [] when clean; text_of(doc_id) -> stored text
    problems = check_markdown(md, text_of)

Rules
  * The body is everything before the notes. In it, every unit that contains a digit (a
    paragraph, list item, table cell, caption or heading) must carry a footnote marker,
    and every marker must point to an existing note. Exempt: column headers (`thead`,
    the Markdown header row) and coverage notes (statements about the workspace itself:
    HTML `p.coverage`, Markdown lines starting '> ⓘ'); digits inside footnote markers do
    not count.
  * Every note names a stored document and offsets, and its quote must equal the stored
    text at [start:end] (Markdown shows a quote's newlines as ' ⏎ ').
  * HTML cells marked `data-kind="figure"` must have their `data-value` (the figure as
    written) inside one of the quotes they cite.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

from policyscope.report.check_lang import language_problems
from policyscope.report.markdown import NEWLINE_MARK
from policyscope.report.problems import Problem

__all__ = ["Problem", "check_docx", "check_file", "check_html", "check_markdown", "check_pdf"]

_DIGIT = re.compile(r"\d")
_MD_REF = re.compile(r"\[\^(\d+)\]")
_MD_NOTE = re.compile(r"^\[\^(\d+)\]: (.*?) \[doc (\d+), (\d+):(\d+)\]: “(.*)”$")


def _check_quote(n, doc, start, end, quote, text_of, where, transform=None) -> Problem | None:
    try:
        stored = text_of(int(doc))[int(start) : int(end)]
    except Exception as exc:  # noqa: BLE001 - report, do not crash
        return Problem(where, quote, f"note {n}: document {doc} unreadable ({exc})")
    if transform:
        stored = transform(stored)
    if stored != quote:
        return Problem(where, quote, f"note {n}: quote not found at doc {doc} [{start}:{end}]")
    return None


# ---------------------------------------------------------------------------- Markdown


def check_markdown(md: str, text_of: Callable[[int], str]) -> list[Problem]:
    problems: list[Problem] = []
    body, _, rest = md.partition("<!-- notes -->")
    notes: dict[int, str] = {}
    for line in rest.splitlines():
        m = _MD_NOTE.match(line)
        if not m:
            if line.startswith("[^"):
                problems.append(Problem("notes", line, "malformed note"))
            continue
        n, _title, doc, start, end, quote = m.groups()
        notes[int(n)] = quote
        p = _check_quote(
            n,
            doc,
            start,
            end,
            quote,
            text_of,
            "notes",
            transform=lambda t: t.replace("\r", "").replace("\n", NEWLINE_MARK),
        )
        if p:
            problems.append(p)
    lines = body.splitlines()
    for i, line in enumerate(lines):
        s = line.strip()
        if not s or s.startswith("> ⓘ") or s.startswith("!["):
            continue
        if s.startswith("|"):
            nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
            if re.fullmatch(r"\|(?:-+\|)+", nxt) or re.fullmatch(r"\|(?:-+\|)+", s):
                continue  # header row or separator
            units = _md_cells(s)
        else:
            units = [s]
        for u in units:
            refs = [int(x) for x in _MD_REF.findall(u)]
            for n in refs:
                if n not in notes:
                    problems.append(Problem(f"line {i + 1}", u, f"marker [^{n}] has no note"))
            if _DIGIT.search(_MD_REF.sub("", u)) and not refs:
                problems.append(Problem(f"line {i + 1}", u, "number without citation"))
    return problems


def _md_cells(row: str) -> list[str]:
    cells = re.split(r"(?<!\\)\|", row.strip().strip("|"))
    return [c.strip() for c in cells]


# ---------------------------------------------------------------------------- HTML

_UNITS = {"p", "li", "td", "th", "h1", "h2", "h3", "h4", "caption", "figcaption", "dt", "dd"}
_VOID = {"img", "br", "meta", "hr", "input", "link", "source", "wbr", "col", "area", "base"}


@dataclass
class _Unit:
    tag: str
    attrs: dict
    text: str = ""
    refs: list[str] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.units: list[_Unit] = []
        self.done: list[_Unit] = []
        self.notes: list[dict] = []
        self.in_note: dict | None = None
        self.in_q = False

    def _exempt(self) -> bool:
        for tag, a in self.stack:
            cls = (a.get("class") or "").split()
            if (
                tag in ("thead", "style", "script", "footer")
                or tag == "section"
                and ("notes" in cls or "references" in cls)
            ):
                return True
            if tag == "p" and "coverage" in cls:
                return True
        return False

    def _in_fn(self) -> bool:
        return any(t == "sup" and "fn" in (a.get("class") or "") for t, a in self.stack)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in _VOID:
            return
        self.stack.append((tag, a))
        if tag == "li" and a.get("id", "").startswith("fn-"):
            self.in_note = {
                "n": a["id"][3:],
                "doc": a.get("data-doc"),
                "start": a.get("data-start"),
                "end": a.get("data-end"),
                "quote": "",
            }
        if tag == "q" and self.in_note is not None:
            self.in_q = True
        if tag in _UNITS and not self._exempt():
            self.units.append(_Unit(tag, a, "", []))
        if tag == "a" and self._in_fn() and self.units:
            href = a.get("href", "")
            if href.startswith("#fn-"):
                self.units[-1].refs.append(href[4:])

    def handle_endtag(self, tag):
        if tag in _VOID:
            return
        # pop to the matching tag (tolerates unclosed children)
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                popped = self.stack[i:]
                del self.stack[i:]
                break
        else:
            return
        for t, _a in reversed(popped):
            if t == "q" and self.in_note is not None:
                self.in_q = False
            if (
                t == "li"
                and self.in_note is not None
                and not any(
                    x[0] == "li" for x in self.stack if x[1].get("id", "").startswith("fn-")
                )
            ):
                self.notes.append(self.in_note)
                self.in_note = None
            if t in _UNITS and self.units and self.units[-1].tag == t:
                self.done.append(self.units.pop())

    def handle_data(self, data):
        if self.in_q and self.in_note is not None:
            self.in_note["quote"] += data
        if self.units and not self._in_fn():
            self.units[-1].text += data


def check_html(html: str, text_of: Callable[[int], str]) -> list[Problem]:
    p = _Parser()
    p.feed(html)
    p.close()
    problems: list[Problem] = []
    notes = {}
    for note in p.notes:
        notes[note["n"]] = note
        if note["doc"] is None or note["start"] is None:
            problems.append(Problem("notes", note["quote"], f"note {note['n']}: no span"))
            continue
        q = _check_quote(
            note["n"], note["doc"], note["start"], note["end"], note["quote"], text_of, "notes"
        )
        if q:
            problems.append(q)
    for u in p.done:
        text = " ".join(u.text.split())
        for n in u.refs:
            if n not in notes:
                problems.append(Problem(u.tag, text, f"marker {n} has no note"))
        if _DIGIT.search(text) and not u.refs:
            problems.append(Problem(u.tag, text, "number without citation"))
        if u.attrs.get("data-kind") == "figure":
            value = u.attrs.get("data-value") or ""
            quotes = [notes[n]["quote"] for n in u.refs if n in notes]
            if value and not any(value in q for q in quotes):
                problems.append(Problem(u.tag, text, f"figure {value!r} not in its quotes"))
    return problems


# ---------------------------------------------------------------------------- DOCX, PDF

_FLAT_SPAN = re.compile(r"\[doc(\d+),(\d+):(\d+)\]")  # a note span, whitespace removed
_DOCX_NOTE = re.compile(r"^(\d+)\. (.*?) \[doc (\d+), (\d+):(\d+)\]: “(.*)”$", re.S)


def check_docx(path, text_of: Callable[[int], str]) -> list[Problem]:
    """Every endnote of a DOCX briefing (read back with python-docx) quotes the stored
    text at its offsets, exactly."""
    from docx import Document  # noqa: PLC0415 (lazy: python-docx loads only to check a DOCX)

    problems: list[Problem] = []
    n_notes = 0
    for par in Document(str(path)).paragraphs:
        m = _DOCX_NOTE.match(par.text)
        if not m:
            continue
        n_notes += 1
        n, _title, doc, start, end, quote = m.groups()
        p = _check_quote(n, doc, start, end, quote, text_of, "notes")
        if p:
            problems.append(p)
    if not n_notes:
        problems.append(Problem(str(path), "", "no notes found: nothing is cited"))
    return problems


def pdf_pages(path) -> list[str]:
    """The text of each page of a PDF (pypdfium2)."""
    import pypdfium2 as pdfium  # noqa: PLC0415 (lazy: pypdfium2 loads only to read a PDF)

    pdf = pdfium.PdfDocument(str(path))
    try:
        return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()


def _squash(s: str) -> str:
    return "".join(s.split())


def _printed(quote: str, before: str) -> bool:
    """Is `quote` printed right before its note's span? A page break may cut it once (the
    page's footer and list numbers then stand between its two parts)."""
    end = before.rstrip("”\"'")
    if end.endswith(quote):
        return True
    # the longest part of the quote printed after the break, then the rest before it
    k = next((k for k in range(1, len(quote)) if end.endswith(quote[k:])), None)
    if k is None:
        return False
    window = end[-(len(quote) + 400) : -(len(quote) - k)]
    return quote[:k] in window


def check_pdf(path, text_of: Callable[[int], str]) -> list[Problem]:
    """A PDF briefing read back as text (pypdfium2): every page carries its number
    'n / N', and every note's span [doc D, S:E] has the stored quote printed right before
    it (compared without whitespace: the layout breaks lines inside quotes)."""
    problems: list[Problem] = []
    pages = pdf_pages(path)
    total = len(pages)
    for i, page in enumerate(pages, 1):
        if not re.search(rf"(?<!\d){i}\s*/\s*{total}(?!\d)", page):
            problems.append(Problem(f"page {i}", page[-80:], f"no page number '{i} / {total}'"))
    flat = _squash("".join(pages))
    n_notes = 0
    for m in _FLAT_SPAN.finditer(flat):
        n_notes += 1
        doc, start, end = m.groups()
        try:
            quote = _squash(text_of(int(doc))[int(start) : int(end)])
        except Exception as exc:  # noqa: BLE001 - report, do not crash
            problems.append(Problem("notes", m.group(0), f"document {doc} unreadable ({exc})"))
            continue
        if quote and not _printed(quote, flat[: m.start()]):
            problems.append(Problem("notes", m.group(0), "quote not printed in the PDF"))
    if not n_notes:
        problems.append(Problem(str(path), "", "no notes found: nothing is cited"))
    return problems


def check_file(path, fmt: str, text_of: Callable[[int], str]) -> list[Problem]:
    """The checker of a written briefing by its format (md | html | docx | pdf); HTML is
    also checked for one language (`report.check_lang`)."""
    if fmt == "docx":
        return check_docx(path, text_of)
    if fmt == "pdf":
        return check_pdf(path, text_of)
    text = path.read_text(encoding="utf-8")
    if fmt == "html":
        return check_html(text, text_of) + language_problems(text)
    return check_markdown(text, text_of)

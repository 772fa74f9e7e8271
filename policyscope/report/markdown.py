"""The Markdown briefing: footnotes `[^N]` and their definitions `[^N]: title, location
[doc D, S:E]: “quote”` (newlines of a quote shown as ' ⏎ '); the chart is written next
to the file (`<stem>.chart1.png`) or inlined as a data URI when there is no file."""

from __future__ import annotations

import base64
from pathlib import Path

from policyscope.report.model import (
    Block,
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

NEWLINE_MARK = " ⏎ "


def obligations_table(b: RegulationBox) -> Table:
    """The regulation box's obligations as a table (article, text, obligation words)."""
    t = Table(b.header)
    for o in b.obligations:
        t.rows.append(
            [Cell(o.article, o.cites[:1]), Cell(o.text, o.cites), Cell(", ".join(o.words))]
        )
    return t


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


class _Charts:
    """Writes each chart's PNG next to the Markdown file (or inlines it)."""

    def __init__(self, assets: Path | None):
        self.assets, self.n = assets, 0

    def src(self, png: bytes) -> str:
        self.n += 1
        if self.assets is None:
            return "data:image/png;base64," + base64.b64encode(png).decode()
        img = self.assets.with_name(f"{self.assets.stem}.chart{self.n}.png")
        img.write_bytes(png)
        return img.name


def _md_block(b: Block, charts: _Charts) -> list[str]:
    if isinstance(b, Paragraph):
        return [" ".join(_md_sentence(x) for x in b.sentences), ""]
    if isinstance(b, KeyPoints):
        head = [f"> **{b.title}**", ">"] if b.title else []
        return head + [f"> - {_md_sentence(p.sentence)}" for p in b.points] + [""]
    if isinstance(b, Timeline):
        return [f"- **{e.date}** {_md_sentence(e.sentence)}" for e in b.entries] + [""]
    if isinstance(b, Chart):
        img = [f"![{b.alt}]({charts.src(b.png)})", ""] if b.png else []
        return img + [f"*{b.title}*", ""] + _md_table(b.data)
    if isinstance(b, Table):
        return _md_table(b)
    if isinstance(b, RegulationBox):
        lines = [f"> **{b.title}**", ">"] + [f"> {_md_sentence(x)}" for x in b.intro] + [""]
        return lines + (_md_table(obligations_table(b)) if b.obligations else [])
    if isinstance(b, Notice):
        return [f"> ⓘ {b.text}" if b.coverage else f"*{b.text}*", ""]
    return []


def _md_references(refs: References, L: dict[str, str]) -> list[str]:
    lines = []
    for i, r in enumerate(refs.entries, 1):
        title, *rest = r.parts(L, code=True)
        bits = [f"**{title}**", *rest]
        bits.append(f"{L.get('cited_in', 'notes')} {', '.join(map(str, r.notes))}")
        lines.append(f"{i}. " + ". ".join(bits) + ".")
    return lines


def to_markdown(report: Report, assets: Path | None = None) -> str:
    L = report.labels
    lines = [f"# {report.title}", "", f"*{report.subtitle}*", ""]
    charts = _Charts(assets)
    for s in report.sections:
        if s.id != "references":
            lines += [f"## {s.title}", ""]
            for b in s.blocks:
                lines += _md_block(b, charts)
    lines += ["<!-- notes -->", f"## {L.get('notes', 'Notes')}", ""]
    for c in report.notes:
        lines.append(
            f"[^{c.n}]: {c.title}, {c.location} [doc {c.doc_id}, {c.start}:{c.end}]: "
            f"“{md_quote(c.quote)}”"
        )
    lines.append("")
    for s in report.sections:
        if s.id == "references":
            lines += ["<!-- references -->", f"## {s.title}", ""]
            for b in s.blocks:
                if isinstance(b, References):
                    lines += _md_references(b, L)
            lines.append("")
    lines += ["<!-- colophon -->", f"## {L.get('colophon', 'About')}", ""]
    lines += [f"- {x}" for x in report.colophon]
    return "\n".join(lines) + "\n"

"""A digest as Markdown or HTML, in English or Korean; a diff as marked text lines."""

from __future__ import annotations

from html import escape

LABELS = {
    "en": {
        "title": "Digest since {since}", "new": "New documents", "changed": "Changed documents",
        "terms": "Terms appearing for the first time", "targets": "New targets and figures",
        "mentions": "Mentions of {topic}", "none": "Nothing.", "source": "Source",
        "manual": "ingested by hand", "also": "also at", "diff": "what changed",
    },
    "ko": {
        "title": "{since} 이후 다이제스트", "new": "새 문서", "changed": "변경된 문서",
        "terms": "처음 등장한 용어", "targets": "새 목표와 수치", "mentions": "{topic} 언급",
        "none": "없음.", "source": "출처", "manual": "직접 수집", "also": "다른 위치",
        "diff": "변경 내용",
    },
}  # fmt: skip


def _doc_line(d, lab) -> str:
    where = d.url or f"doc {d.doc_id}"
    line = f"- [{d.doc_id}] {d.title or where} ({d.date or '?'}, v{d.version}) <{where}>"
    if d.also_at:
        line += f"; {lab['also']}: " + ", ".join(f"<{u}>" for u in d.also_at)
    if d.diff_summary:
        line += f"\n  - {lab['diff']}: {d.diff_summary}"
    return line


def _cite_line(c) -> str:
    return (
        f"- **{c.text}** ({c.label}) — “…{c.quote}…” [{c.doc_id}:{c.start}-{c.end}] <{c.url or ''}>"
    )


def digest_markdown(dg, lang: str = "en") -> str:
    lab = LABELS.get(lang, LABELS["en"])
    out = [f"# {lab['title'].format(since=dg.since)}", ""]
    for status in ("new", "changed"):
        docs = getattr(dg, status)
        out += [f"## {lab[status]} ({len(docs)})", ""]
        by_source: dict[str, list] = {}
        for d in docs:
            by_source.setdefault(d.source or lab["manual"], []).append(d)
        for source, members in by_source.items():
            out.append(f"### {lab['source']}: {source}")
            out += [_doc_line(d, lab) for d in members] + [""]
        if not docs:
            out += [lab["none"], ""]
    sections = [("terms", dg.first_terms), ("targets", dg.targets)]
    if dg.topic:
        sections.append(("mentions", dg.mentions))
    for key, cites in sections:
        out += [f"## {lab[key].format(topic=dg.topic)} ({len(cites)})", ""]
        out += [_cite_line(c) for c in cites] or [lab["none"]]
        out.append("")
    return "\n".join(out)


def digest_html(dg, lang: str = "en") -> str:
    """A standalone page: the Markdown's structure, escaped, without a Markdown library."""
    body = []
    for line in digest_markdown(dg, lang).splitlines():
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            body.append(f"<h{level}>{escape(line[level:].strip())}</h{level}>")
        elif line.strip().startswith("- "):
            body.append(f"<li>{escape(line.strip()[2:])}</li>")
        elif line:
            body.append(f"<p>{escape(line)}</p>")
    title = escape(LABELS.get(lang, LABELS["en"])["title"].format(since=dg.since))
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}'
        f"</title></head><body>\n" + "\n".join(body) + "\n</body></html>\n"
    )


def diff_lines(d) -> list[str]:
    """One line per changed paragraph: '~ [old→new] marked', '+ [new] text', '- [old] text'."""
    out = []
    for c in d.changes:
        if c.op == "changed":
            out.append(f"~ [{c.old_index}→{c.new_index}] {c.marked}")
        elif c.op == "added":
            out.append(f"+ [{c.new_index}] {c.new_text}")
        else:
            out.append(f"- [{c.old_index}] {c.old_text}")
    return out


def digest_atom(dg, self_url: str, lang: str = "en") -> str:
    """The digest as an Atom feed: one entry per new or changed document."""
    # xml.sax.saxutils loads urllib.request, http.client, email and ssl: only for a feed
    from xml.sax.saxutils import escape as xesc  # noqa: PLC0415 (lazy: start-up time)

    lab = LABELS.get(lang, LABELS["en"])
    entries = []
    for d in dg.new + dg.changed:
        link = d.url or f"{self_url}#doc-{d.doc_id}"
        summary = lab[d.status] + (f": {d.diff_summary}" if d.diff_summary else "")
        entries.append(
            f"<entry><title>{xesc(d.title or link)}</title><id>{xesc(link)}#v{d.version}</id>"
            f'<link href="{xesc(link)}"/><updated>{xesc(d.ingested_at)}</updated>'
            f"<summary>{xesc(summary)}</summary></entry>"
        )
    updated = max([d.ingested_at for d in dg.new + dg.changed] or [dg.since])
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{xesc(lab['title'].format(since=dg.since))}</title><id>{xesc(self_url)}</id>"
        f'<link rel="self" href="{xesc(self_url)}"/><updated>{xesc(updated)}</updated>'
        + "".join(entries)
        + "</feed>\n"
    )

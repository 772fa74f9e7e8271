"""HTML pages: the main text via trafilatura, boilerplate (menus, footers) left out.

When trafilatura finds no main text, the whole body is taken, tags stripped.
Paragraph-like blocks are separated by a blank line; a table becomes one line
per row with its cells joined by a TAB.
"""

from __future__ import annotations

import html as html_lib
import logging
import re
from pathlib import Path
from typing import Any

from policyscope.model import RawDocument

from .encoding import declared_html_charset, decode_bytes
from .registry import reader

_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
_DOMAIN = re.compile(r"(?:www\.)?[\w-]+(?:\.[\w-]+)+", re.ASCII)
_SPACES = re.compile(r"[ \t\r\f\v]+")
_BLANKS = re.compile(r"\n\s*\n+")

# Tags whose content is never text, in the tag-stripping fallback.
_SKIP = {"script", "style", "noscript", "template", "head", "svg", "iframe", "object"}
_BLOCK = {
    "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "ul",
    "caption", "details", "summary",
}  # fmt: skip


def iso_date(value: str | None) -> str | None:
    """'2025-03-05T10:00' -> '2025-03-05'; None when it does not start with a year."""
    if not value:
        return None
    match = _DATE.match(value.strip())
    if not match:
        return None
    return "-".join(part for part in match.groups() if part)


def _clean_block(text: str) -> str:
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _xml_text(el: Any) -> str:
    """Text of a trafilatura XML element; <lb/> is a line break."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        if node.tag == "lb":
            parts.append("\n")
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return "".join(parts)


def _blocks_from_trafilatura(main: Any) -> list[str]:
    blocks: list[str] = []
    for el in main:
        tag = el.tag
        if tag == "table":
            rows = []
            for row in el.iter("row"):
                cells = [_SPACES.sub(" ", _xml_text(c).replace("\n", " ")).strip() for c in row]
                if any(cells):
                    rows.append("\t".join(cells))
            block = "\n".join(rows)
        elif tag == "list":
            block = "\n".join(_clean_block(_xml_text(item)) for item in el.iter("item"))
        else:
            block = _clean_block(_xml_text(el))
        if block.strip():
            blocks.append(block)
    return blocks


def _trafilatura(html: str) -> tuple[list[str], dict[str, Any]]:
    import trafilatura  # noqa: PLC0415 (lazy: 0.5 s, only for HTML)
    from lxml import etree  # noqa: PLC0415 (lazy: only for HTML)

    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    xml = trafilatura.extract(
        html,
        output_format="xml",
        with_metadata=True,
        include_tables=True,
        include_comments=False,
        include_images=False,
        deduplicate=False,
    )
    if not xml:
        return [], {}
    root = etree.fromstring(xml.encode("utf-8"))
    main = root.find("main")
    blocks = _blocks_from_trafilatura(main) if main is not None else []
    meta: dict[str, Any] = {}
    if root.get("title"):
        meta["title"] = root.get("title").strip()
    date = iso_date(root.get("date"))
    if date:
        meta["date"] = date
    if root.get("author"):
        meta["author"] = root.get("author").strip()
    if root.get("url"):
        meta["url"] = root.get("url").strip()
    sitename = (root.get("sitename") or "").strip()
    if sitename and not _DOMAIN.fullmatch(sitename):  # a bare host name says nothing more
        meta["issuer"] = sitename
    return blocks, meta


def _stripped_blocks(tree: Any) -> list[str]:
    """Fallback: every text node of <body>, blocks separated, tables row by row."""
    parts: list[str] = []

    def walk(el: Any) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        tag = tag.lower()
        if tag in _SKIP or not tag:  # comments and processing instructions have no str tag
            return
        if tag in _BLOCK:
            parts.append("\n\n")
        elif tag in ("br", "tr"):
            parts.append("\n")
        if el.text:
            parts.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if tag in _BLOCK:
            parts.append("\n\n")
        elif tag in ("td", "th"):
            parts.append("\t")
        elif tag == "tr":
            parts.append("\n")

    body = tree.find(".//body")
    walk(body if body is not None else tree)
    blocks = []
    for raw in _BLANKS.split("".join(parts)):
        lines = []
        for line in raw.split("\n"):
            cells = [_SPACES.sub(" ", c).strip() for c in line.rstrip("\t").split("\t")]
            if any(cells):
                lines.append("\t".join(cells))
        if lines:
            blocks.append("\n".join(lines))
    return blocks


def _page_meta(tree: Any) -> dict[str, Any]:
    """What the page declares in <html lang>, <title> and <meta> tags."""
    meta: dict[str, Any] = {}
    root = tree.getroottree().getroot() if hasattr(tree, "getroottree") else tree
    lang = root.get("lang") or root.get("xml:lang")
    if lang:
        meta["language"] = lang.strip().lower()
    for el in tree.iter("meta"):
        name = (el.get("name") or el.get("property") or "").lower()
        content = (el.get("content") or "").strip()
        if not content:
            continue
        if name in ("author", "dc.creator") and "author" not in meta:
            meta["author"] = content
        elif name in ("citation_title", "dc.title", "og:title") and "title" not in meta:
            meta["title"] = content
        elif name in ("article:published_time", "dc.date", "citation_date", "date"):
            date = iso_date(content)
            if date and "date" not in meta:
                meta["date"] = date
    title = tree.find(".//title")
    if "title" not in meta and title is not None and (title.text or "").strip():
        meta["title"] = _SPACES.sub(" ", title.text).strip()
    canonical = tree.find(".//link[@rel='canonical']")
    if canonical is not None and canonical.get("href", "").startswith("http"):
        meta["url"] = canonical.get("href")
    return meta


# Inline tags that only style text. Legacy pages leave them unclosed, one per paragraph, so
# they nest a thousand deep and libxml2 drops everything below depth 255 without a word:
# they are removed before parsing (the text between them stays where it was).
_STYLE_TAGS = re.compile(
    r"</?(?:font|span|b|i|u|s|strike|strong|em|small|big|center|tt|basefont)\b[^>]*>", re.I
)
_NOT_TEXT = re.compile(r"<(script|style|head|noscript|template)\b.*?</\1\s*>", re.I | re.S)
_BLOCK_TAG = re.compile(r"</?(?:" + "|".join(sorted(_BLOCK)) + r"|br|tr)\b[^>]*>", re.I)
_ANY_TAG = re.compile(r"<!--.*?-->|<[^>]*>", re.S)
# Block tags (opening and closing: <p> and </p> are two) past which trafilatura is skipped.
MAX_BLOCK_TAGS_FOR_MAIN_TEXT = 10_000
# The tree may lose this share of the page's characters before the page is read without
# one (some loss is normal: entities, attributes counted as text by the regex).
_TREE_LOSS = 0.15


def _untreed_blocks(html: str) -> list[str]:
    """Every text of the page without building a tree (no depth limit): the fallback when
    the parsed tree holds much less text than the page."""
    body = _NOT_TEXT.sub(" ", html)
    body = _BLOCK_TAG.sub("\n\n", body)
    body = html_lib.unescape(_ANY_TAG.sub("", body))
    return [b for b in (_clean_block(x) for x in _BLANKS.split(body)) if b]


def _letters(blocks: list[str]) -> int:
    return sum(len("".join(b.split())) for b in blocks)


def html_to_text(html: str) -> tuple[str, dict[str, Any]]:
    """(text, meta) of an HTML document given as a string."""
    import lxml.html  # noqa: PLC0415 (lazy: only for HTML)

    html = _STYLE_TAGS.sub("", html)
    # trafilatura's main-text search grows faster than the page: 50,000 paragraphs took
    # 25-40 s. A page that large is a document, not an article in a site's chrome, so it
    # is read whole (the tree's text) and in linear time.
    huge = len(_BLOCK_TAG.findall(html)) > MAX_BLOCK_TAGS_FOR_MAIN_TEXT
    blocks, meta = ([], {}) if huge else _trafilatura(html)
    try:
        tree = lxml.html.document_fromstring(html)
    except Exception:  # lxml refuses some markup (e.g. empty documents)
        tree = None
    if tree is not None:
        for key, value in _page_meta(tree).items():
            meta.setdefault(key, value)
        whole = _stripped_blocks(tree)
        if not blocks:
            blocks = whole
        untreed = _untreed_blocks(html)
        if _letters(whole) < (1 - _TREE_LOSS) * _letters(untreed):
            blocks = untreed  # the parser dropped text (nesting too deep): keep it all
    return "\n\n".join(blocks), meta


def looks_html(data: bytes) -> bool:
    """Whether the bytes start like an HTML page (after a BOM, blanks, an XML declaration
    that names html, or a comment)."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<?xml"):
        return b"<html" in head
    if head.startswith(b"<!--"):  # a comment before the doctype
        end = head.find(b"-->")
        head = head[end + 3 :].lstrip() if end >= 0 else b""
    return head.startswith(_HTML_STARTS)


@reader(
    "html",
    suffixes=(".html", ".htm"),
    mimes=("text/html", "application/xhtml+xml"),
    sniff=looks_html,
    priority=10,
    noun="an HTML page",
)
def read_html(path: Path, data: bytes) -> RawDocument:
    """An .html/.htm file, decoded honouring its <meta charset>."""
    warnings: list[str] = []
    html = decode_bytes(data, path, declared=declared_html_charset(data), warnings=warnings)
    text, meta = html_to_text(html)
    if warnings:
        meta["warning"] = warnings[0]
    return RawDocument(text=text, format="html", meta=meta)

"""Finding items: entries of an RSS/Atom feed, URLs of a sitemap, links on a listing page,
and the attachments (PDF, DOCX, HWP/HWPX) linked from an item page.

Feeds go through feedparser (RSS 0.9x-2.0, RSS 1.0, Atom); sitemaps through lxml with
entities and network access off; pages through lxml.html, with CSS selectors (cssselect)
or a regular expression over link URLs.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin, urlsplit

import feedparser
import lxml.html
from lxml import etree
from lxml.cssselect import CSSSelector

ATTACHMENT_EXT = (".pdf", ".docx", ".hwp", ".hwpx")
# link texts that mean "next page" on Chinese, Korean, Japanese and English sites
NEXT_WORDS = {
    "下一页", "下页", "下一頁", "后页", "다음", "다음 페이지", "다음페이지", "次へ", "次のページ",
    "next", "next page", "›", "»", ">", ">>",
}  # fmt: skip


@dataclass
class Candidate:
    url: str
    title: str | None = None
    date: str | None = None  # announced publication or modification date (ISO)


def _clean(url: str, base: str) -> str | None:
    url = urldefrag(urljoin(base, url.strip()))[0]
    return url if urlsplit(url).scheme in ("http", "https") else None


def feed_items(data: bytes, base: str) -> list[Candidate]:
    parsed = feedparser.parse(data, response_headers={"content-location": base})
    out = []
    for entry in parsed.entries:
        link = _clean(entry.get("link") or "", base)
        if not link:
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        date = time.strftime("%Y-%m-%d", stamp) if stamp else None
        out.append(Candidate(link, entry.get("title") or None, date))
    return out


def sitemap_items(data: bytes, base: str) -> tuple[list[Candidate], list[str]]:
    """(page URLs with their lastmod, nested sitemap URLs of a sitemap index)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True)
    root = etree.fromstring(data, parser=parser)
    if root is None:
        return [], []
    pages, nested = [], []
    for el in root:
        tag = etree.QName(el).localname if isinstance(el.tag, str) else ""
        loc = lastmod = None
        for child in el:
            name = etree.QName(child).localname if isinstance(child.tag, str) else ""
            if name == "loc":
                loc = (child.text or "").strip()
            elif name == "lastmod":
                lastmod = (child.text or "").strip()[:10] or None
        url = _clean(loc, base) if loc else None
        if not url:
            continue
        if tag == "sitemap":
            nested.append(url)
        elif tag == "url":
            pages.append(Candidate(url, None, lastmod))
    return pages, nested


def _tree(html: str, base: str):
    tree = lxml.html.fromstring(html or "<html></html>")
    tree.make_links_absolute(base, resolve_base_href=True)
    return tree


def _select(tree, selector: str):
    return CSSSelector(selector)(tree)


def listing_items(html: str, base: str, selector: str | None) -> list[Candidate]:
    """Links to items: those the CSS selector picks (an <a> or an element holding one), or
    with 're:PATTERN' the links whose URL matches, or by default every link on the same
    site that is neither an attachment nor the listing itself."""
    tree = _tree(html, base)
    if selector and not selector.startswith("re:"):
        anchors: list = []
        for el in _select(tree, selector):
            anchors += [el] if el.tag == "a" else el.iter("a")
    else:
        anchors = list(tree.iter("a"))
    pattern = re.compile(selector[3:]) if selector and selector.startswith("re:") else None
    host = urlsplit(base).netloc
    out, seen = [], set()
    for a in anchors:
        url = _clean(a.get("href") or "", base)
        if not url or url in seen or url == base:
            continue
        if pattern and not pattern.search(url):
            continue
        if not selector and (urlsplit(url).netloc != host or is_attachment(url)):
            continue
        seen.add(url)
        out.append(Candidate(url, " ".join(a.text_content().split()) or None))
    return out


def next_page(html: str, base: str, selector: str | None) -> str | None:
    tree = _tree(html, base)
    anchors = _select(tree, selector) if selector else []
    if not selector:
        anchors = [
            a for a in tree.iter("a")
            if (a.get("rel") or "").lower() == "next"
            or " ".join(a.text_content().split()).lower() in NEXT_WORDS
        ]  # fmt: skip
    for a in anchors:
        url = _clean(a.get("href") or "", base)
        if url and url != base:
            return url
    return None


def is_attachment(url: str) -> bool:
    return urlsplit(url).path.lower().endswith(ATTACHMENT_EXT)


def attachments(html: str, base: str) -> list[Candidate]:
    """Attachment links of an item page, in page order, each once."""
    tree = _tree(html, base)
    out, seen = [], set()
    for a in tree.iter("a"):
        url = _clean(a.get("href") or "", base)
        if url and url not in seen and is_attachment(url):
            seen.add(url)
            out.append(Candidate(url, " ".join(a.text_content().split()) or None))
    return out

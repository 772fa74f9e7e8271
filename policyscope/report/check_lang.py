"""One language per briefing: the body of a Korean briefing (quotes and references aside)
holds no English sentence and, in any language, no internal identifier.

    problems = language_problems(html)      # [] when clean; lang read from <html lang>

What is read: the HTML body before the notes, plus the colophon. What is left out:
quotes (`<q>`, elements with a `lang` attribute other than the page's, cells of class
`quote`), footnote markers, code, and document titles (they are names, listed in the
references). An English sentence is four or more Latin words in a row; an identifier is
a snake_case word (same_period, not_checkable) or an 'np:' noun phrase id.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from policyscope.report.problems import Problem

IDENTIFIER = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b|\bnp:\S+")
ENGLISH = re.compile(r"[A-Za-z][A-Za-z'’-]*(?:[ ,]+[A-Za-z][A-Za-z'’-]*){3,}")
HANGUL = re.compile(r"[\uac00-\ud7a3]+(?:\s+[\uac00-\ud7a3]+)*")
_SKIP_TAGS = {"q", "code", "style", "script", "sup", "title"}


class _Body(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lang = ""
        self.stack: list[tuple[str, dict]] = []
        self.parts: list[str] = []
        self.titles: list[str] = []
        self.in_refs = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang", "")
            return
        if tag in ("meta", "br", "img", "link", "hr", "input"):
            return
        self.stack.append((tag, a))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break
        if tag in ("p", "li", "td", "th", "h1", "h2", "h3", "caption", "figcaption"):
            self.parts.append("\n")

    def _skipped(self) -> bool:
        for tag, a in self.stack:
            cls = (a.get("class") or "").split()
            if tag in _SKIP_TAGS or "quote" in cls or "span" in cls:
                return True
            # a quoted element in another language; a <span lang> only marks glyph forms
            # of Han words inside the text (and inside titles, which must stay whole)
            if (
                tag != "span"
                and a.get("lang")
                and self.lang
                and not a["lang"].startswith(self.lang)
            ):
                return True
            if tag == "section" and ("notes" in cls or "references" in cls):
                return True
        return False

    def handle_data(self, data):
        if any(t == "section" and "references" in (a.get("class") or "") for t, a in self.stack):
            if any(t == "strong" for t, _a in self.stack):
                self.titles.append(data.strip())
            return
        if not self._skipped():
            self.parts.append(data)


def language_problems(html: str) -> list[Problem]:
    p = _Body()
    p.feed(html)
    p.close()
    text = "".join(p.parts)
    for t in sorted(set(p.titles), key=len, reverse=True):
        if t:  # the body shows long titles cut to 47 characters and '…'
            text = text.replace(t, " ").replace(t[:47] + "…", " ")
    problems = [
        Problem("body", m.group(0), "internal identifier") for m in IDENTIFIER.finditer(text)
    ]
    if p.lang.startswith("ko"):
        for line in text.splitlines():
            for m in ENGLISH.finditer(line):
                problems.append(
                    Problem("body", line.strip(), f"English in a Korean briefing: {m.group(0)!r}")
                )
    if p.lang.startswith("en"):
        for line in text.splitlines():
            for m in HANGUL.finditer(line):
                problems.append(
                    Problem("body", line.strip(), f"Korean in an English briefing: {m.group(0)!r}")
                )
    return problems

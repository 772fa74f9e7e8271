"""A briefing focused on concepts or entities (`--topic concept:X`, `entity:X`).

    topic = Topic.of(mentions, ["concept:embodied_ai"], text_of)
    topic.mentions                      # [Mention], a gloss counted once (see `merge_glosses`)
    topic.covers(doc_id, start, end)    # does that span mention the topic?
    topic.defining(text_of)             # paragraphs that define or explain it

Counting: a term and its glosses side by side are one mention: '신체화 AI(Embodied AI)',
'임바디드 인텔리전스(embodied intelligence, 具身智能)' count once, because a reader sees one
mention written in several languages. A later mention inside a bracket opened right after
an earlier mention of the same item joins it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from policyscope.model import MentionSpan

# words that announce a definition or an explanation of the term right after it
_DEFINES = re.compile(
    r"^.{0,40}?(?:이란|란\s|라는\s?(?:개념|용어)|(?:은|는)\s?.{0,40}(?:의미|뜻|개념|가리킨|말한)"
    r"|是指|指的是|即|是一种|refers? to|means|is defined as|is the)",
    re.S,
)
_OPEN = re.compile(r"^\s*[(（][^)）]*$")


@dataclass
class Mention:
    doc_id: int
    item_id: str
    start: int
    end: int
    surface: str
    glosses: int = 0  # further forms of the same mention inside its bracket


@dataclass
class Topic:
    items: list[str]  # item ids (without the concept:/entity: prefix)
    mentions: list[Mention] = field(default_factory=list)
    _by_doc: dict[int, list[Mention]] = field(default_factory=dict)

    @classmethod
    def of(
        cls,
        mentions: Callable[[list[str]], list[MentionSpan]],
        items: list[str],
        text_of: Callable[[int], str],
    ) -> Topic:
        """`mentions(ids)`: the linked mentions of those items in every document."""
        ids = [i.partition(":")[2] or i for i in items]
        t = cls(ids, merge_glosses(mentions(ids), text_of))
        by_doc: dict[int, list[Mention]] = defaultdict(list)
        for m in t.mentions:
            by_doc[m.doc_id].append(m)
        t._by_doc = dict(by_doc)
        return t

    def covers(self, doc_id: int | None, start: int | None, end: int | None) -> bool:
        if doc_id is None or start is None or end is None:
            return False
        return any(start <= m.start < end for m in self._by_doc.get(doc_id, ()))

    def in_doc(self, doc_id: int) -> list[Mention]:
        return self._by_doc.get(doc_id, [])

    def docs(self) -> list[int]:
        return sorted(self._by_doc)

    def defining(self, paragraphs_of, limit: int = 4) -> list[tuple[int, int, int]]:
        """(doc_id, start, end) of paragraphs where a mention is followed by a definition
        word ('…이란', '是指', 'refers to'); at most `limit`, one per document first."""
        out: list[tuple[int, int, int]] = []
        for doc_id, ms in self._by_doc.items():
            text, paras = paragraphs_of(doc_id)
            for m in ms:
                if _DEFINES.match(text, m.end, min(len(text), m.end + 80)):
                    span = next(((a, b) for a, b in paras if a <= m.start < b), None)
                    if span and (doc_id, *span) not in out:
                        out.append((doc_id, *span))
                        break
            if len(out) >= limit:
                break
        return out


def merge_glosses(
    rows: Iterable[MentionSpan | tuple], text_of: Callable[[int], str]
) -> list[Mention]:
    """Mention spans (or plain (doc_id, kind, item_id, surface, start, end) rows) in
    document order, with the glosses of one mention merged into it (see the module
    docstring)."""
    out: list[Mention] = []
    texts: dict[int, str] = {}
    for r in (x if isinstance(x, MentionSpan) else MentionSpan(*x) for x in rows):
        doc_id, item, surface, s, e = r.doc_id, r.item_id, r.surface, r.start, r.end
        prev = out[-1] if out else None
        if prev is not None and prev.doc_id == doc_id and prev.item_id == item and s >= prev.end:
            text = texts.get(doc_id)
            if text is None:
                text = texts[doc_id] = text_of(doc_id)
            between = text[prev.end : s]
            if len(between) <= 40 and _OPEN.match(between):
                prev.glosses += 1
                continue
        out.append(Mention(doc_id, item, s, e, surface))
    return out

"""Check what a secondary report says about primary documents: counts of mentions, first
appearances, and figures attributed to a document of a series (the Government Work
Reports by default).

    verify_document(ws, doc, against="cn-gwr")   -> [Verdict]   (claims found in the text)
    verify_claims(ws, claims, against="cn-gwr")   -> [Verdict]   (hand-written claims)

Claims are found by `policyscope.analysis.verify_detect`. Each Verdict says what was
checked, against which member, under which rule, with the numbers and KWIC lines.

Counts (claim_type 'count'). The claimed number is compared with the count of the term in
the member under each rule that applies (see `policyscope.analysis.counting`):

- ``literal``: substring occurrences of the Chinese surface forms of the concept (e.g.
  人工智能), overlapping forms counted once;
- ``token``: the same forms as whole tokens (人工智能 inside 人工智能手机 does not count);
- ``concept``: the concept's linked mentions (人工智能+ is linked to ai_plus, not to
  artificial_intelligence);
- ``concept+narrower``: linked mentions of the concept and every narrower concept (AI
  includes AI+, large models, embodied AI...);
- ``broad``: where the pack concept has a looser Chinese stem (AI: any 智能 wording), the
  literal count of that stem, listed occurrence by occurrence.

A count is *supported* when a rule reproduces it (the evidence names the rule; a match under
``broad`` only is said to be so), *contradicted* when none does (with every rule's count),
and *not checkable* when the member is not in the store. The previous member's counts are
given too, for claims of change ('지난해 대비 크게 강조').

First appearances ('first_appearance'). The term is counted in every stored member of the
series. A member contains it when the concept or token rule finds it (if neither finds it
anywhere, concept+narrower, then literal). Rule for gaps: with F the first member that
contains it and C the claimed member:

- C is not in the store: not checkable;
- F earlier than C: contradicted, with the KWIC line(s) of F;
- F later than C, or none: contradicted (the claimed member lacks the term);
- F == C, no member missing before C: supported;
- F == C and the member right before C is missing from the store: not checkable — the one
  report that decides the question is absent (the evidence says the stored ones agree);
- F == C, members missing before C but the one right before C is present and lacks the
  term: supported, with the caveat naming the missing members.

Presence ('presence': '2015년 보고에서 제시된 인터넷+'): supported when the member contains
the term (with its first appearance for context), contradicted when it does not.

Attributed figures ('attributed_figure'). A target (or forecast) for year Y is looked up in
the report of year Y, an actual for Y in the report of Y+1 (its review of the past year),
unless the claim names the report. Every number in the member's text (the quantity reader
the extractor uses) with the same normalised value (0.5% relative tolerance; 0.05 points
for percentages) and compatible unit is considered; one in a sentence that names the
metric (pack metric triggers in Chinese) supports the claim. Otherwise, figures for the
same metric in the member's extracted facts with another value contradict it. If the
report has no figure for the metric at all: contradicted when the claim names the report
itself, not checkable when it names the session (양회/전인대/NPC adopt other documents too,
e.g. the budget report) or when what the figure measures is unknown.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policyscope.analysis.counting import cache_of, count_term
from policyscope.analysis.series import SeriesDocs, key_order, series_docs
from policyscope.analysis.verify_detect import Detected, detect_claims
from policyscope.errors import BadArgument, NotFound
from policyscope.model import Claim, Record

VERDICTS = ("supported", "contradicted", "not_checkable")
CLAIM_TYPES = ("count", "first_appearance", "presence", "attributed_figure")

# Looser Chinese wording a secondary source may have counted as "the concept".
BROAD_FORMS = {"artificial_intelligence": ("智能", "any 智能 ('intelligent') wording")}

_HAN = re.compile(r"[\u3400-\u9fff]")
_NOT_ZH = re.compile(r"[\u3040-\u30ff\uac00-\ud7a3\u3130-\u318e]")
_GROWTH = re.compile(r"(增长|上涨|涨幅|增速|增加)$")
_TARGET_WORDS = re.compile(r"目标|预期|左右|以上|以内|力争|拟|今年")
_UNIT_GROUPS = [{"count", "people"}]


@dataclass
class Verdict(Record):
    claim_type: str  # count | first_appearance | presence | attributed_figure
    quote: str  # the claim's sentence in the secondary document
    start: int
    end: int
    term: str
    item_id: str | None
    primary: str  # e.g. 'cn-gwr 2025 (doc 19)'
    checked: str  # what was checked, under which rule(s)
    verdict: str  # supported | contradicted | not_checkable
    evidence: str
    details: dict[str, Any] = field(default_factory=dict)
    doc_id: int | None = None  # the secondary document (None for hand-written claims)


# ------------------------------------------------------------------ helpers


class _Series:
    """The series' members, per language, cached for one verification run."""

    def __init__(self, ws, series: str):
        self.ws = ws
        self.series = series
        self._sd: dict[str, SeriesDocs] = {}

    def docs(self, lang_term: str | None = None) -> SeriesDocs:
        k = lang_term or ""
        if k not in self._sd:
            self._sd[k] = series_docs(self.ws, self.series, term=lang_term)
        return self._sd[k]

    def name(self, key: str | None, doc_id: int | None = None) -> str:
        if key is None:
            return f"{self.series} (year unknown)"
        return f"{self.series} {key}" + (f" (doc {doc_id})" if doc_id else " (not in the store)")


def zh_forms(ws, item_id: str | None, term: str) -> list[str]:
    """The Chinese surface forms of a concept (label first), or the term itself."""
    if not item_id:
        return [term]
    from policyscope.knowledge.runtime import surfaces

    label = ws.pack.label(item_id, "zh")
    forms = [
        f for f in surfaces(item_id, *ws.user_packs) if _HAN.search(f) and not _NOT_ZH.search(f)
    ]
    forms = [label] + [f for f in forms if f != label] if label else forms
    return list(dict.fromkeys(f for f in forms if f))


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of several forms counted once: a span inside a longer one is dropped."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(set(spans), key=lambda x: (-(x[1] - x[0]), x[0])):
        if not any(a <= s and e <= b for a, b in out):
            out.append((s, e))
    return sorted(out)


@dataclass
class _Rule:
    name: str
    described: str
    spans: dict[int, list[tuple[int, int]]]

    def count(self, doc_id: int) -> int:
        return len(self.spans.get(doc_id, []))


def _rules(ws, item_id: str | None, term: str, ids: list[int], narrower: bool = True):
    forms = zh_forms(ws, item_id, term)
    out: list[_Rule] = []
    for rule in ("literal", "token"):
        per: dict[int, list[tuple[int, int]]] = {d: [] for d in ids}
        used = []
        for f in forms:
            res = count_term(ws, f, ids, rule)
            if any(r.count for r in res.values()) or f == forms[0]:
                used.append(f)
            for d, r in res.items():
                per[d] += r.spans
        per = {d: _merge(v) for d, v in per.items()}
        out.append(_Rule(rule, f"{rule} {' / '.join(used)}", per))
    if item_id:
        res = count_term(ws, f"concept:{item_id}", ids, "concept")
        out.append(
            _Rule(
                "concept",
                f"concept {item_id} (linked mentions)",
                {d: r.spans for d, r in res.items()},
            )
        )
        if narrower and ws.pack.narrower(item_id):
            per = {d: [] for d in ids}
            for m in ws.mention_spans(item_id, doc=ids, narrower=True):
                per[m.doc_id].append((m.start, m.end))
            kids = _all_narrower(ws, item_id)
            out.append(
                _Rule(
                    "concept+narrower",
                    f"concept {item_id} with its narrower concepts ({', '.join(kids)})",
                    {d: _merge(v) for d, v in per.items()},
                )
            )
        if item_id in BROAD_FORMS:
            stem, what = BROAD_FORMS[item_id]
            res = count_term(ws, stem, ids, "literal")
            out.append(
                _Rule("broad", f"{what}: literal {stem}", {d: r.spans for d, r in res.items()})
            )
    return out


def by_name(rules: list[_Rule], name: str) -> _Rule:
    return next(r for r in rules if r.name == name)


def _all_narrower(ws, item_id: str) -> list[str]:
    seen: list[str] = []
    todo = [item_id]
    while todo:
        for c in ws.pack.narrower(todo.pop()):
            if c not in seen:
                seen.append(c)
                todo.append(c)
    return seen


def _kwic(ws, doc_id: int, spans, window: int = 20, key: str | None = None) -> list[dict]:
    text = cache_of(ws).text(ws, doc_id)
    return [
        {
            "doc_id": doc_id,
            "series_key": key,
            "start": s,
            "end": e,
            "left": text[max(0, s - window) : s].replace("\n", " "),
            "match": text[s:e],
            "right": text[e : e + window].replace("\n", " "),
        }
        for s, e in spans
    ]


def _short(line: dict, n: int = 8) -> str:
    return f"…{line['left'][-n:]}[{line['match']}]{line['right'][:n]}…"


def _member(sx: _Series, sd: SeriesDocs, key: str | None) -> tuple[int | None, str | None]:
    """(doc_id, reason it cannot be checked)."""
    if key is None:
        return None, "the claim names no year, so no member of the series can be picked"
    doc = dict(sd.members).get(key)
    if doc is not None:
        return doc, None
    if key in sd.missing:
        return None, (
            f"the {sx.series} {key} member is not in the store (known from the series "
            f"definition or a gap in the years), so it cannot be checked"
        )
    return None, f"{sx.series} has no member {key} (members: {', '.join(sd.keys)})"


# ------------------------------------------------------------------ counts


def check_count(ws, sx: _Series, term: str, item_id: str | None, key: str | None, claimed: int):
    forms = zh_forms(ws, item_id, term)
    sd = sx.docs(forms[0])
    doc, why = _member(sx, sd, key)
    checked = f"count of {term!r} ({item_id or 'no pack concept'}) in {sx.name(key, doc)}"
    if doc is None:
        return sx.name(key), checked, "not_checkable", why, {"claimed": claimed}
    prev = _previous(sd, key)
    ids = [doc] + ([prev[1]] if prev else [])
    rules = _rules(ws, item_id, term, ids)
    details: dict[str, Any] = {"claimed": claimed, "rules": [], "previous": None}
    parts = []
    for r in rules:
        lines = _kwic(ws, doc, r.spans[doc], key=key)
        details["rules"].append(
            {"rule": r.name, "described": r.described, "count": r.count(doc), "kwic": lines}
        )
        if r.name == "concept+narrower":
            found = sorted({x["match"] for x in lines})
            parts.append(
                f"concept+narrower (with narrower concepts: {', '.join(found)}) = {r.count(doc)}"
            )
        else:
            parts.append(f"{r.described} = {r.count(doc)}")
    matches = [r for r in rules if r.count(doc) == claimed]
    checked += "; rules: " + "; ".join(r.described for r in rules)
    ev = [f"Claimed {claimed}. In {sx.name(key, doc)}: " + "; ".join(parts) + "."]
    lit = next(r for r in rules if r.name == "literal")
    tok = next(r for r in rules if r.name == "token")
    inside = [s for s in lit.spans[doc] if s not in set(tok.spans[doc])]
    if inside:
        lines = _kwic(ws, doc, inside, key=key)
        ev.append(
            f"{len(inside)} literal occurrence(s) are inside longer words, which the token rule "
            f"leaves out: {', '.join(_short(x, 4) for x in lines)}."
        )
    broad = next((r for r in rules if r.name == "broad"), None)
    if broad:
        lines = _kwic(ws, doc, broad.spans[doc], key=key)
        ev.append(
            f"The {broad.count(doc)} {broad.described.split(':')[0]} occurrences: "
            + ", ".join(_short(x, 4) for x in lines)
            + "."
        )
    if matches:
        verdict = "supported"
        names = [m.name for m in matches]
        ev.insert(0, f"Reproduced by the {', '.join(names)} rule{'s' if len(names) > 1 else ''}.")
        if names == ["broad"]:
            ev.insert(
                1,
                f"Only the loose reading ({broad.described}) gives {claimed}; the "
                "precise rules do not.",
            )
    else:
        verdict = "contradicted"
        counts = sorted({r.count(doc) for r in rules})
        near = min(rules, key=lambda r: abs(r.count(doc) - claimed))
        ev.insert(
            0,
            f"No counting rule gives {claimed} (the rules give {', '.join(map(str, counts))}); "
            f"the nearest is {near.described} = {near.count(doc)}.",
        )
        if near.count(doc) > claimed:
            ev.append(
                f"{claimed} would need hand-picking {claimed} of the {near.count(doc)} "
                f"occurrences under '{near.name}', which is not a counting rule."
            )
    if prev:
        pk, pd = prev
        details["previous"] = {
            "series_key": pk,
            "doc_id": pd,
            "counts": {r.name: r.count(pd) for r in rules},
        }
        ev.append(
            f"Previous member {sx.name(pk, pd)}: "
            + ", ".join(f"{r.name} {r.count(pd)}" for r in rules)
            + "."
        )
    if sd.lang == "zh":
        ev.append(
            "Counted in the Chinese text; a count in a translation (e.g. 'AI' in an "
            "English version) is not checked."
        )
    return sx.name(key, doc), checked, verdict, " ".join(ev), details


def _previous(sd: SeriesDocs, key: str | None) -> tuple[str, int] | None:
    before = [(k, d) for k, d in sd.members if key_order(k) < key_order(key or "")]
    return before[-1] if before else None


# ------------------------------------------------------------------ first appearances


def _appearance_table(ws, sx: _Series, term: str, item_id: str | None):
    forms = zh_forms(ws, item_id, term)
    sd = sx.docs(forms[0])
    rules = _rules(ws, item_id, term, sd.doc_ids)
    by = {r.name: r for r in rules}

    def present(names):
        return [k for k, d in sd.members if any(by[n].count(d) for n in names if n in by)]

    deciding = ["concept", "token"]
    keys = present(deciding)
    if not keys and "concept+narrower" in by:
        deciding, keys = ["concept+narrower"], present(["concept+narrower"])
    if not keys and "token" not in by:
        deciding, keys = ["literal"], present(["literal"])
    table = {}
    for k in sd.keys:
        d = dict(sd.members).get(k)
        table[k] = None if d is None else {r.name: r.count(d) for r in rules}
    return sd, rules, deciding, keys, table


def check_first(ws, sx: _Series, term: str, item_id: str | None, key: str | None, presence=False):
    sd, rules, deciding, keys, table = _appearance_table(ws, sx, term, item_id)
    doc, why = _member(sx, sd, key)
    what = "presence" if presence else "first appearance"
    checked = (
        f"{what} of {term!r} ({item_id or 'no pack concept'}) over {sx.series} "
        f"{sd.keys[0]}–{sd.keys[-1]} ({sd.lang}); a member contains it when "
        f"{' or '.join(deciding)} finds it; rules counted: " + "; ".join(r.described for r in rules)
    )
    first = keys[0] if keys else None
    details: dict[str, Any] = {
        "claimed_key": key,
        "first_key": first,
        "keys_present": keys,
        "deciding_rules": deciding,
        "table": table,
        "missing": list(sd.missing),
    }
    present_txt = ", ".join(keys) if keys else "none"
    absent = [
        k
        for k, _d in sd.members
        if k not in keys and (first is None or key_order(k) < key_order(first))
    ]
    summary = (
        f"Contains it: {present_txt}. "
        + (f"Lacks it before that: {', '.join(absent)}. " if absent else "")
        + (f"Not in the store: {', '.join(sd.missing)}." if sd.missing else "")
    )
    if first:
        fd = dict(sd.members)[first]
        spans = next(r for r in rules if r.name == deciding[0]).spans[fd] or next(
            r.spans[fd] for r in rules if r.spans.get(fd)
        )
        details["first_kwic"] = _kwic(ws, fd, spans, key=first)
    if doc is None:
        return sx.name(key), checked, "not_checkable", f"{why}. {summary}", details
    if presence:
        n = {r.name: r.count(doc) for r in rules}
        if key in keys:
            lines = _kwic(
                ws, doc, next(r for r in rules if r.name == deciding[0]).spans[doc] or [], key=key
            )
            ev = (
                f"{sx.name(key, doc)} contains it ({', '.join(f'{k} {v}' for k, v in n.items())}): "
                + ", ".join(_short(x) for x in lines[:3])
                + f". First stored member with it: {first}. {summary}"
            )
            return sx.name(key, doc), checked, "supported", ev, details
        ev = f"{sx.name(key, doc)} does not contain it under any rule ({n}). {summary}"
        return sx.name(key, doc), checked, "contradicted", ev, details
    if first is None:
        ev = f"Not found in any stored member, including {sx.name(key, doc)}. {summary}"
        lit = [(k, d) for k, d in sd.members if by_name(rules, "literal").count(d)]
        if lit:
            k, d = lit[0]
            lines = _kwic(ws, d, by_name(rules, "literal").spans[d], key=k)
            ev += (
                f" Literal substrings occur only inside longer words (first in {k}: "
                + ", ".join(_short(x, 6) for x in lines[:2])
                + "), which no rule counts as the term."
            )
        return sx.name(key, doc), checked, "contradicted", ev, details
    if key_order(first) < key_order(key):
        lines = details["first_kwic"]
        ev = (
            f"It appears earlier, in {sx.name(first, dict(sd.members)[first])}: "
            + "; ".join(_short(x, 15) + f" (offset {x['start']})" for x in lines[:3])
            + f". {summary}"
        )
        return sx.name(key, doc), checked, "contradicted", ev, details
    if key_order(first) > key_order(key):
        ev = (
            f"{sx.name(key, doc)} does not contain it; "
            f"the first stored member with it is {first}. {summary}"
        )
        return sx.name(key, doc), checked, "contradicted", ev, details
    idx = sd.keys.index(key)
    right_before = sd.keys[idx - 1] if idx > 0 else None
    missing_before = sd.missing_before(key)
    lines = details["first_kwic"]
    found = "; ".join(_short(x, 12) for x in lines[:2])
    if deciding[0] in ("concept+narrower", "literal"):
        found += f"; found only under the {deciding[0]} rule"
    if not missing_before:
        ev = (
            f"First found in {sx.name(key, doc)} ({found}); "
            f"every earlier member is stored and lacks it. {summary}"
        )
        return sx.name(key, doc), checked, "supported", ev, details
    if right_before in sd.missing:
        ev = (
            f"Consistent with every stored member (first found in {key}: {found}), but the "
            f"member right before it, {right_before}, is not in the store: the term may have "
            f"appeared there first, so the claim cannot be confirmed. {summary}"
        )
        return sx.name(key, doc), checked, "not_checkable", ev, details
    ev = (
        f"First found in {sx.name(key, doc)} ({found}). Caveat: {', '.join(missing_before)} "
        f"{'is' if len(missing_before) == 1 else 'are'} not in the store; the stored member right "
        f"before ({right_before}) lacks the term, so it would have had to appear in "
        f"{', '.join(missing_before)} and then vanish. {summary}"
    )
    return sx.name(key, doc), checked, "supported", ev, details


# ------------------------------------------------------------------ figures


def _units_ok(a: str, b: str) -> bool:
    return a == b or any(a in g and b in g for g in _UNIT_GROUPS)


def _close(a: float, b: float, unit: str) -> bool:
    if unit == "percent":
        return abs(a - b) <= 0.05
    return abs(a - b) <= max(1e-9, 0.005 * max(abs(a), abs(b)))


def _metric_words(ws, metric: str) -> list[str]:
    m = ws.pack.metrics.get(metric) if metric and not metric.startswith("np:") else None
    if m is None:
        return []
    words = list(m.triggers.zh or []) + ([m.labels.zh] if m.labels.zh else [])
    return list(dict.fromkeys(w for w in words if w))


def _names_metric(sentence: str, words: list[str]) -> bool:
    for w in words:
        if w in sentence:
            return True
        g = _GROWTH.search(w)
        if g and len(w) > len(g.group(1)) + 1:
            base = w[: g.start()]
            if base in sentence and re.search(r"增长|上涨|涨幅|增速|增加", sentence):
                return True
    return False


def _figure_text(v: float, unit: str) -> str:
    if unit == "percent":
        return f"{v:g}%"
    if unit == "CNY":
        return f"{v / 1e8:,.6g} 亿元 ({v:,.0f} CNY)"
    return f"{v:,.6g} {unit}"


def _figures_in(ws, doc: int, value: float, unit: str, words: list[str]):
    """(same, context): the figures of a document equal to `value`, and the others in a
    sentence that names the metric, each with its sentence and target wording."""
    from policyscope.extract.quantities import find_quantities

    text = ws.store.text(doc)
    sents = [(s.start, s.end) for s in ws.store.segments(doc, "sentence")]
    starts = [s for s, _e in sents]

    def sentence_of(pos: int) -> tuple[int, int]:
        i = max(0, bisect.bisect_right(starts, pos) - 1)
        return sents[i] if sents else (0, len(text))

    same, context = [], []
    for q in find_quantities(text, "zh"):
        if not _units_ok(q.base_unit, unit):
            continue
        s, e = sentence_of(q.start)
        row = {
            "value": q.value_text + q.unit_text,
            "value_base": q.value,
            "start": q.start,
            "end": q.end,
            "sentence": text[s:e].strip(),
            "names_metric": _names_metric(text[s:e], words),
            "target_wording": bool(
                _TARGET_WORDS.search(text[s:e])
                and re.match(r"\s*(左右|以上|以内)", text[q.end :])
                or re.search(r"目标|预期|力争", text[s : q.start])
            ),
        }
        if _close(q.value, value, unit):
            same.append(row)
        elif row["names_metric"]:
            context.append(row)
    return same, context


def _certain_same_metric(ws, doc: int, metric: str, unit: str, kind: str):
    """The document's figures of the claimed metric (and standing, when one is claimed):
    only certain ones may contradict a claim (an uncertain figure never reaches a verdict)."""
    from policyscope.extract.certainty import is_certain

    facts = [
        c
        for c in ws.facts(doc=doc)
        if metric and c.metric == metric and _units_ok(c.base_unit, unit) and is_certain(c)
    ]
    if kind:
        tgt = kind in ("target", "forecast")
        facts = [c for c in facts if (c.kind in ("target", "forecast")) == tgt]
    return facts


def _nothing_stated(where, claimed, mname, value, same, context, words, attribution):
    """(verdict, evidence) when the report states neither the claimed figure under the
    metric nor another certain figure of it."""
    nearest = sorted(context, key=lambda r: abs(r["value_base"] - value))[:3]
    near_txt = "; ".join(f"{r['value']} in '{r['sentence'][:60]}'" for r in nearest)
    elsewhere = "; ".join(f"{r['value']} in '{r['sentence'][:50]}'" for r in same[:2])
    ev = f"{where} states no {claimed} for {mname}."
    if near_txt:
        ev += f" Closest figures where the report names the metric: {near_txt}."
    if elsewhere:
        ev += f" The same number occurs only in other contexts: {elsewhere}."
    if not words:
        ev += " What the figure measures is not a pack metric, so it cannot be looked up by name."
        return "not_checkable", ev
    if attribution == "session":
        ev += (
            " The claim cites the session (양회/전인대/NPC), which also adopts the budget and "
            "planning reports that the store does not hold; the figure may come from those."
        )
        return "not_checkable", ev
    return "contradicted", ev


def check_figure(
    ws,
    sx: _Series,
    value: float,
    unit: str,
    key: str | None,
    metric: str = "",
    kind: str = "",
    attribution: str = "report",
    written: str = "",
):
    sd = sx.docs(None)
    doc, why = _member(sx, sd, key)
    claimed = written or _figure_text(value, unit)
    if metric and metric in ws.pack:
        mname = ws.pack.label(metric, "en")
    elif metric.startswith("np:"):
        mname = f"'{metric[3:]}' (no pack metric)"
    else:
        mname = metric or "an unnamed metric"
    checked = f"figure {claimed} ({mname}{', ' + kind if kind else ''}) in {sx.name(key, doc)}"
    details: dict[str, Any] = {
        "claimed": {
            "value": value,
            "unit": unit,
            "metric": metric,
            "kind": kind,
            "written": written,
        },
        "attribution": attribution,
    }
    if doc is None:
        return sx.name(key), checked, "not_checkable", why, details
    words = _metric_words(ws, metric)
    same, context = _figures_in(ws, doc, value, unit, words)
    strong = [r for r in same if r["names_metric"]]
    if kind:  # a target is best matched in a sentence that sets one, an actual elsewhere
        wants = kind in ("target", "forecast")
        strong.sort(key=lambda r: r["target_wording"] != wants)
    details["matches"] = strong or same
    if strong:
        r = strong[0]
        ev = (
            f"{sx.name(key, doc)} states {r['value']} at offset {r['start']}–{r['end']}: "
            f"'{r['sentence'][:120]}'"
            + (f" (and {len(strong) - 1} more place(s))" if len(strong) > 1 else "")
            + "."
        )
        return sx.name(key, doc), checked, "supported", ev, details
    facts = _certain_same_metric(ws, doc, metric, unit, kind)
    details["same_metric"] = [
        {
            "value": c.value + c.unit,
            "value_base": c.value_base,
            "kind": c.kind,
            "period": c.period,
            "start": c.start,
            "end": c.end,
            "quote": c.quote,
        }
        for c in facts
    ]
    others = "; ".join(
        f"{c.value}{c.unit} ({c.kind} {c.period}) at {c.start}: '{c.quote[:60]}'" for c in facts[:3]
    )
    if facts:
        ev = f"{sx.name(key, doc)} gives a different figure for {mname}: {others}."
        return sx.name(key, doc), checked, "contradicted", ev, details
    where = sx.name(key, doc)
    verdict, ev = _nothing_stated(where, claimed, mname, value, same, context, words, attribution)
    details["closest"] = sorted(context, key=lambda r: abs(r["value_base"] - value))[:3]
    return where, checked, verdict, ev, details


# ------------------------------------------------------------------ entry points


def _verdict(d: Detected, result, doc_id) -> Verdict:
    primary, checked, verdict, evidence, details = result
    if d.key_note:
        details["year_from"] = d.key_note
    return Verdict(
        claim_type=d.claim_type,
        quote=d.quote.strip(),
        start=d.start,
        end=d.end,
        term=d.term,
        item_id=d.item_id,
        primary=primary,
        checked=checked,
        verdict=verdict,
        evidence=evidence,
        details=details,
        doc_id=doc_id,
    )


def check_detected(ws, sx: _Series, d: Detected, doc_id: int | None = None) -> Verdict:
    if d.attribution == "other":
        when = f" ({d.key})" if d.key else ""
        ev = (
            f"The claim is about {d.other_source}{when}, not a member of {sx.series}; the store "
            "holds no text of it, so it cannot be checked."
        )
        res = (
            d.other_source or "another source",
            f"{d.claim_type} of {d.term!r}",
            "not_checkable",
            ev,
            {},
        )
        return _verdict(d, res, doc_id)
    if d.claim_type == "count":
        res = check_count(ws, sx, d.term, d.item_id, d.key, d.count or 0)
    elif d.claim_type in ("first_appearance", "presence"):
        res = check_first(ws, sx, d.term, d.item_id, d.key, presence=d.claim_type == "presence")
    else:
        f = d.figure
        res = check_figure(
            ws,
            sx,
            f.value_base,
            f.base_unit,
            d.key,
            f.metric,
            f.kind,
            d.attribution,
            f"{f.value}{f.unit}",
        )
        res[4]["figure"] = {
            "value": f.value,
            "unit": f.unit,
            "metric": f.metric,
            "kind": f.kind,
            "period": f.period,
            "start": f.start,
            "end": f.end,
        }
    return _verdict(d, res, doc_id)


def verify_document(ws, doc, against: str = "cn-gwr") -> list[Verdict]:
    d = ws.resolve_doc(doc)
    sx = _Series(ws, against)
    sx.docs(None)  # raises NotFound for an unknown series
    return [check_detected(ws, sx, c, d.id) for c in detect_claims(ws, d.id)]


def load_claims_file(path: str | Path) -> list[dict]:
    import yaml

    p = Path(path)
    if not p.is_file():
        raise NotFound(f"no claims file {str(p)!r}")
    data = yaml.safe_load(p.read_text(encoding="utf-8")) or []
    if isinstance(data, dict):
        data = data.get("claims", [])
    if not isinstance(data, list) or not all(isinstance(c, dict) for c in data):
        raise BadArgument(f"{p}: expected a YAML list of claims ({{type, term, series, key, ...}})")
    return data


def verify_claims(ws, claims: list[dict], against: str = "cn-gwr") -> list[Verdict]:
    """Hand-written claims: {type: count|first_appearance|presence|figure, term, series,
    key, count?, value?, unit?, metric?, kind?}."""
    from policyscope.extract.quantities import find_quantities
    from policyscope.knowledge.runtime import linker_for

    out = []
    cache: dict[str, _Series] = {}
    for i, c in enumerate(claims, 1):
        typ = str(c.get("type", "")).strip()
        typ = {"figure": "attributed_figure", "first": "first_appearance"}.get(typ, typ)
        if typ not in CLAIM_TYPES:
            raise BadArgument(
                f"claim {i}: type {typ!r}: use count, first_appearance, presence or figure"
            )
        series = str(c.get("series") or against)
        sx = cache.setdefault(series, _Series(ws, series))
        key = str(c["key"]) if c.get("key") is not None else None
        term = str(c.get("term") or "")
        item = None
        if term.startswith(("concept:", "entity:")):
            item = term.split(":", 1)[1]
        elif term:
            ms = [m for m in linker_for(*ws.user_packs).find(term) if m.kind == "concept"]
            whole = [m for m in ms if m.start == 0 and m.end == len(term)]
            item = (whole or ms or [None])[0] and (whole or ms)[0].item_id
        if item and item not in ws.pack:
            raise BadArgument(f"claim {i}: no concept {item!r} in the pack")
        label = f"{typ} {term} {series} {key}".strip()
        d = Detected(typ, label, 0, 0, term, item, key, "", "report")
        if typ == "count":
            if c.get("count") is None:
                raise BadArgument(f"claim {i}: a count claim needs 'count'")
            d.count = int(c["count"])
        if typ == "attributed_figure":
            if c.get("value") is None:
                raise BadArgument(f"claim {i}: a figure claim needs 'value' (and 'unit')")
            raw = f"{c['value']}{c.get('unit') or ''}"
            qs = find_quantities(raw)
            if not qs:
                raise BadArgument(f"claim {i}: cannot read the figure {raw!r}")
            q = qs[0]
            d.figure = Claim(
                metric=str(c.get("metric") or ""),
                subject="",
                value=q.value_text,
                unit=q.unit_text,
                value_base=q.value,
                base_unit=q.base_unit,
                kind=str(c.get("kind") or ""),
                period=key or "",
                qualifier=q.qualifier,
                quote=raw,
                start=0,
                end=0,
            )
            d.term = term or raw
        out.append(check_detected(ws, sx, d, None))
    return out

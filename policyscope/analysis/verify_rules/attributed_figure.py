"""Attributed figures ('attributed_figure'): a figure said to be in a member of the series,
looked up among the member's numbers and its extracted facts (see
`policyscope.analysis.verify`)."""

from __future__ import annotations

import bisect
import re
from typing import Any

from policyscope.analysis.verify_common import Outcome, SeriesContext, member
from policyscope.analysis.verify_detect import Detected
from policyscope.analysis.verify_rules import register
from policyscope.corpus import Corpus, DocFilter
from policyscope.extract.certainty import is_certain
from policyscope.extract.quantities import find_quantities
from policyscope.model import Claim

_GROWTH = re.compile(r"(增长|上涨|涨幅|增速|增加)$")
_TARGET_WORDS = re.compile(r"目标|预期|左右|以上|以内|力争|拟|今年")
_UNIT_GROUPS = [{"count", "people"}]


@register("attributed_figure")
def check(sx: SeriesContext, claim: Detected) -> Outcome:
    f = claim.figure
    if f is None:
        raise ValueError(f"a figure claim without its figure: {claim.quote!r}")
    res = check_figure(sx, f.value_base, f.base_unit, claim.key, f.metric, f.kind,
                       claim.attribution, f"{f.value}{f.unit}")  # fmt: skip
    res.details["figure"] = {
        "value": f.value,
        "unit": f.unit,
        "metric": f.metric,
        "kind": f.kind,
        "period": f.period,
        "start": f.start,
        "end": f.end,
    }
    return res


def _units_ok(a: str, b: str) -> bool:
    return a == b or any(a in g and b in g for g in _UNIT_GROUPS)


def _close(a: float, b: float, unit: str) -> bool:
    if unit == "percent":
        return abs(a - b) <= 0.05
    return abs(a - b) <= max(1e-9, 0.005 * max(abs(a), abs(b)))


def _metric_words(corpus: Corpus, metric: str) -> list[str]:
    known = metric and not metric.startswith("np:")
    m = corpus.knowledge.pack.metrics.get(metric) if known else None
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


def _figures_in(corpus: Corpus, doc: int, value: float, unit: str, words: list[str]):
    """(same, context): the figures of a document equal to `value`, and the others in a
    sentence that names the metric, each with its sentence and target wording."""
    text = corpus.text(doc)
    sents = corpus.spans(doc, "sentence")
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


def _certain_same_metric(
    corpus: Corpus, doc: int, metric: str, unit: str, kind: str
) -> list[Claim]:
    """The document's figures of the claimed metric (and standing, when one is claimed):
    only certain ones may contradict a claim (an uncertain figure never reaches a verdict)."""
    facts = [
        c
        for c in corpus.claims(DocFilter(doc_ids=[doc]))
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
    sx: SeriesContext,
    value: float,
    unit: str,
    key: str | None,
    metric: str = "",
    kind: str = "",
    attribution: str = "report",
    written: str = "",
):
    corpus = sx.corpus
    sd = sx.docs(None)
    doc, why = member(sx, sd, key)
    claimed = written or _figure_text(value, unit)
    if metric and metric in corpus.knowledge.pack:
        mname = corpus.knowledge.pack.label(metric, "en")
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
        return Outcome(sx.name(key), checked, "not_checkable", why or "", details)
    words = _metric_words(corpus, metric)
    same, context = _figures_in(corpus, doc, value, unit, words)
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
        return Outcome(sx.name(key, doc), checked, "supported", ev, details)
    facts = _certain_same_metric(corpus, doc, metric, unit, kind)
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
        return Outcome(sx.name(key, doc), checked, "contradicted", ev, details)
    where = sx.name(key, doc)
    verdict, ev = _nothing_stated(where, claimed, mname, value, same, context, words, attribution)
    details["closest"] = sorted(context, key=lambda r: abs(r["value_base"] - value))[:3]
    return Outcome(where, checked, verdict, ev, details)

"""A verification verdict told in the briefing's language.

`analysis.verify` writes its `checked` and `evidence` fields in English, with term and
metric ids, for the CLI; a briefing says the same from the verdict's `details` through
the language's sentence templates (`v_checked`, `v_count`, `v_first`, `v_presence`,
`v_figure`, `v_missing`) and the key-point sentences (`kp_count_wrong`, `kp_first_wrong`,
`kp_figure_wrong`).

    told = Told.of(b, verdict)   # None when there is nothing a reader can check
    told.checked, told.evidence, told.key_point(b, doc_name)
    claim, evidence = verdict_cites(b, verdict)   # the claim's and the primary's citations
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from policyscope.report.numbers import say

if TYPE_CHECKING:
    from policyscope.analysis.verify import Verdict
    from policyscope.report.briefing import Briefing
    from policyscope.report.model import Citation

_DOC_REF = re.compile(r"\(doc (\d+)\)")
_KEY = re.compile(r"\b((?:19|20)\d\d)\b")
_BULLETS = "-–•※*·▪■□◦ \t"


@dataclass
class Told:
    checked: str
    evidence: str
    point: dict  # the values of the key-point sentence ('' name when it has none)
    missing_member: bool = False

    @classmethod
    def of(cls, b: Briefing, v: Verdict) -> Told | None:
        """`b` gives the templates, labels and names; `v` is an analysis Verdict."""
        d = v.details or {}
        m = _DOC_REF.search(v.primary or "")
        primary = int(m.group(1)) if m else None
        if primary is not None:
            member = b.doc_name(primary)
        else:
            key = _KEY.search(v.primary or "")
            member = b.t(
                "doc_member",
                series=b.series_name(b.series),
                key=key.group(1) if key else "",
                lang="",
            )
        term = b.label(v.item_id) if v.item_id and v.item_id in b.pack else v.term
        if v.claim_type == "attributed_figure":
            return cls._figure(b, v, d, member, primary)
        kind = b.t.claim_types.get(v.claim_type, "")
        checked = b.t("v_checked", kind=kind, term=term, member=member)
        if v.claim_type == "count":
            found = _literal_count(d)
            ev = b.t(
                "v_count",
                term=_literal_word(d) or term,
                claimed=d.get("claimed"),
                found=found,
                member=member,
            )
            point = {
                "name": "kp_count_wrong",
                "term": term,
                "member": member,
                "claimed": d.get("claimed"),
                "found": found,
            }
            return cls(checked, ev, point if found is not None else {})
        if v.claim_type == "first_appearance":
            first = d.get("first_key") or ""
            gap = gap_before(first, [k for k, row in (d.get("table") or {}).items() if row is None])
            ev = b.t("v_first", term=term, claimed=d.get("claimed_key") or "", first=first, gap=gap)
            point = {
                "name": "kp_first_wrong",
                "term": term,
                "claimed": d.get("claimed_key"),
                "first": first,
            }
            return cls(checked, ev, point if first and not gap else {})
        ev = b.t("v_presence", term=term, keys=list(d.get("keys_present") or []))
        return cls(checked, ev, {})

    @classmethod
    def _figure(cls, b: Briefing, v: Verdict, d: dict, member: str, primary) -> Told | None:
        claimed = d.get("claimed") or {}
        metric = b.label(claimed.get("metric")) if claimed.get("metric") else ""
        if not metric or claimed.get("metric", "").startswith("np:"):
            return None  # a figure without a pack metric is not checkable by a reader
        unit_kind = b.unit_kind(claimed.get("metric", ""))
        said = say(claimed.get("value"), claimed.get("unit", ""), "exact", b.lang, unit_kind)
        checked = b.t(
            "v_checked",
            kind=b.t.claim_types.get("attributed_figure", ""),
            term=f"{metric} {said}",
            member=member,
        )
        if primary is None:
            return cls(checked, b.t("v_missing", member=member), {}, missing_member=True)
        rows = d.get("matches") or d.get("same_metric") or d.get("closest") or []
        row = rows[0] if rows and isinstance(rows[0], dict) else {}
        found = (
            say(row.get("value_base"), claimed.get("unit", ""), "exact", b.lang, unit_kind)
            if row.get("value_base") is not None
            else ""
        )
        if v.verdict != "not_checkable" and not found:
            return None
        ev = b.t(
            "v_figure", verdict=v.verdict, metric=metric, claimed=said, found=found, member=member
        )
        point = {
            "name": "kp_figure_wrong",
            "metric": metric,
            "member": member,
            "claimed": said,
            "found": found,
            "period": getattr(b.verdict_claim(v), "period", ""),
        }
        return cls(checked, ev, point if v.verdict == "contradicted" else {})

    def key_point(self, b: Briefing, doc: str) -> str:
        """The one-sentence finding of a contradicted verdict ('' when it has none)."""
        if not self.point:
            return ""
        values = {k: v for k, v in self.point.items() if k != "name"}
        return b.t(self.point["name"], doc=doc, **values)


def _literal_count(d: dict) -> int | None:
    for r in d.get("rules") or []:
        if isinstance(r, dict) and r.get("rule") == "literal":
            return r.get("count")
    return None


def _literal_word(d: dict) -> str:
    for r in d.get("rules") or []:
        if isinstance(r, dict) and r.get("rule") == "literal":
            return str(r.get("described", "")).removeprefix("literal ").strip()
    return ""


def gap_before(first_key: str | None, missing: list[str]) -> str:
    """The missing member right before a first appearance (where it may really be)."""
    if not first_key or not first_key.isdigit():
        return ""
    prev = str(int(first_key) - 1)
    return prev if prev in missing else ""


def verdict_cites(b: Briefing, v: Verdict) -> tuple[Citation | None, list[Citation]]:
    """The claim of the secondary source (bullets left out), and up to two citations of
    the evidence in other documents (the primary member's figures first)."""
    claim = None
    if v.doc_id is not None:
        text, s = b.notes.text(v.doc_id), v.start
        while s < v.end and text[s] in _BULLETS:
            s += 1
        claim = b.notes.cite(v.doc_id, s, v.end)
    spans = _primary_spans(v) + _spans_in(
        {k: val for k, val in (v.details or {}).items() if k not in ("figure", "claimed")}
    )
    prim: list[Citation] = []
    for d, s, e in spans:
        if d == v.doc_id or d not in b.all_docs:
            continue
        c = b.occurrence(d, s, e)
        if c and c not in prim:
            prim.append(c)
        if len(prim) >= 2:
            break
    return claim, prim


def _primary_spans(v: Verdict) -> list[tuple[int, int, int]]:
    """Figures found in the primary member: spans into that member's text."""
    m = _DOC_REF.search(v.primary or "")
    if m is None:
        return []
    primary, details, out = int(m.group(1)), v.details or {}, []
    for key in ("matches", "same_metric", "closest"):
        for row in details.get(key) or []:
            if isinstance(row, dict) and isinstance(row.get("start"), int):
                out.append((primary, row["start"], row["end"]))
    return out


def _spans_in(x: Any) -> list[tuple[int, int, int]]:
    """Every {doc_id, start, end} span anywhere in a verdict's details, in order."""
    out: list[tuple[int, int, int]] = []
    if isinstance(x, dict):
        if all(isinstance(x.get(k), int) for k in ("doc_id", "start", "end")):
            out.append((x["doc_id"], x["start"], x["end"]))
        for val in x.values():
            out += _spans_in(val)
    elif isinstance(x, list | tuple):
        for val in x:
            out += _spans_in(val)
    return out

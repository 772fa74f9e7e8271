"""A verification verdict told in the briefing's language.

`analysis.verify` writes its `checked` and `evidence` fields in English, with term and
metric ids, for the CLI; a briefing says the same from the verdict's `details` through
the language's sentence templates (`v_checked`, `v_count`, `v_first`, `v_presence`,
`v_figure`, `v_missing`) and the key-point sentences (`kp_count_wrong`, `kp_first_wrong`,
`kp_figure_wrong`).

    told = Told.of(builder, verdict)   # None when there is nothing a reader can check
    told.checked, told.evidence, told.key_point(doc_name)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policyscope.report.numbers import say

_DOC_REF = re.compile(r"\(doc (\d+)\)")
_KEY = re.compile(r"\b((?:19|20)\d\d)\b")


@dataclass
class Told:
    checked: str
    evidence: str
    point: dict  # the values of the key-point sentence ('' name when it has none)
    missing_member: bool = False

    @classmethod
    def of(cls, b, v) -> Told | None:
        """`b` is the report Builder (templates, labels, names); `v` an analysis Verdict."""
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
            gap = b.gap_before(
                first, [k for k, row in (d.get("table") or {}).items() if row is None]
            )
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
    def _figure(cls, b, v, d, member, primary) -> Told | None:
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

    def key_point(self, b, doc: str) -> str:
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

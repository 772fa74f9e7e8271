"""Claim extraction against hand annotations: precision, recall, F1 and field accuracy.

    python bench/extract_eval.py                         # tests/data/annotations/*.tsv
    python bench/extract_eval.py --annotations tests/data/annotations/seed_004.tsv \\
        --seeds ../shared/seeds --db /tmp/eval.db

Annotations are TSV (lines starting with '#' are comments):
    seed_file  value_base  base_unit  kind  period  metric  quote
`quote` is a few words locating the figure, with the figure in [brackets]; a space
matches any run of whitespace (table cells are tab-separated). Identical quotes are the
1st, 2nd, ... occurrence in the text, in file order.

Predictions come from a temporary workspace (`Workspace.ingest`, then
`Workspace.facts(doc=path)`); while `Workspace.facts` does not exist, from
`policyscope.extract.claims.extract_claims` on the normalised text; and when that does
not exist either, from bare `find_quantities` (a value-only baseline: kind, period and
metric empty). The report says which source was used.

Matching: a prediction matches a gold figure of the same seed when the units agree
(`unit_key`: '%' = 'percent', 'people' = 'count') and the values are within 0.5%
relative. Among several candidates (5% appears eight times in seed 004) pairs are chosen
greedily: overlapping spans first, then the nearest span, then the most fields agreeing.
Each gold figure and each prediction is used at most once. Field accuracy (kind, period,
metric) is over matched pairs. Exit code is always 0: this is a report.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from policyscope.analysis.targets import unit_key  # noqa: E402

SHARED = Path(os.environ.get("POLICYSCOPE_SHARED", ROOT.parent / "shared"))
DEFAULT_ANNOTATIONS = ROOT / "tests" / "data" / "annotations"
REL_TOL = 0.005
FIELDS = ("kind", "period", "metric")


@dataclass
class Figure:
    """A gold or predicted figure, reduced to what is scored."""

    seed: str
    value_base: float
    base_unit: str
    kind: str = ""
    period: str = ""
    metric: str = ""
    quote: str = ""
    start: int | None = None
    end: int | None = None
    value: str = ""  # as written (predictions)


@dataclass
class Scores:
    tp: int
    fp: int
    fn: int
    precision: float
    recall: float
    f1: float
    field_accuracy: dict[str, float]
    pairs: list[tuple[Figure, Figure]] = field(default_factory=list)
    misses: list[Figure] = field(default_factory=list)
    false_positives: list[Figure] = field(default_factory=list)


# --------------------------------------------------------------------------- scoring


def norm_period(p: str) -> str:
    """'2024~2030', '2024/2030', '2024–2030' -> '2024-2030'; 'n.d.' -> ''."""
    p = (p or "").strip()
    if p.lower() in ("n.d.", "nd", "-"):
        return ""
    return re.sub(r"\s*[~/–]\s*", "-", p)


def value_match(g: Figure, p: Figure, rel_tol: float = REL_TOL) -> bool:
    if g.seed != p.seed or unit_key(g.base_unit) != unit_key(p.base_unit):
        return False
    big = max(abs(g.value_base), abs(p.value_base))
    return abs(g.value_base - p.value_base) <= rel_tol * big if big else True


def field_agrees(g: Figure, p: Figure, name: str) -> bool:
    if name == "period":
        return norm_period(g.period) == norm_period(p.period)
    return (getattr(g, name) or "") == (getattr(p, name) or "")


def _pair_rank(g: Figure, p: Figure) -> tuple:
    if g.start is not None and p.start is not None:
        g_end = g.end if g.end is not None else g.start + 1
        p_end = p.end if p.end is not None else p.start + 1
        overlap = p.start < g_end and g.start < p_end
        distance = 0 if overlap else min(abs(p.start - g_end), abs(g.start - p_end))
    else:
        overlap, distance = False, 10**9
        if g.quote and p.quote:
            bare = re.sub(r"[\[\]\s]", "", g.quote)
            overlap = bare in re.sub(r"\s", "", p.quote)
    agree = sum(field_agrees(g, p, f) for f in FIELDS)
    return (not overlap, distance, -agree)


def match(gold: list[Figure], preds: list[Figure], rel_tol: float = REL_TOL):
    """Greedy one-to-one matching -> (pairs, misses, false positives)."""
    cands = [
        (_pair_rank(g, p), gi, pi)
        for gi, g in enumerate(gold)
        for pi, p in enumerate(preds)
        if value_match(g, p, rel_tol)
    ]
    cands.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _rank, gi, pi in cands:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gi, pi))
    pairs.sort()
    return (
        [(gold[gi], preds[pi]) for gi, pi in pairs],
        [g for gi, g in enumerate(gold) if gi not in used_g],
        [p for pi, p in enumerate(preds) if pi not in used_p],
    )


def score(gold: list[Figure], preds: list[Figure], rel_tol: float = REL_TOL) -> Scores:
    pairs, misses, fps = match(gold, preds, rel_tol)
    tp = len(pairs)
    precision = tp / len(preds) if preds else 0.0
    recall = tp / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    acc = {f: (sum(field_agrees(g, p, f) for g, p in pairs) / tp if tp else 0.0) for f in FIELDS}
    return Scores(tp, len(fps), len(misses), precision, recall, f1, acc, pairs, misses, fps)


# --------------------------------------------------------------------------- gold


def read_annotations(path: Path) -> list[Figure]:
    out: list[Figure] = []
    header: list[str] | None = None
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = line.split("\t")
        if header is None:
            header = cols
            continue
        row = dict(zip(header, cols + [""] * (len(header) - len(cols)), strict=False))
        try:
            value = float(row["value_base"])
        except ValueError as e:
            raise SystemExit(f"{path}:{n}: bad value_base {row['value_base']!r}") from e
        out.append(
            Figure(
                seed=row["seed_file"].strip(),
                value_base=value,
                base_unit=row["base_unit"].strip(),
                kind=row.get("kind", "").strip(),
                period=row.get("period", "").strip(),
                metric=row.get("metric", "").strip(),
                quote=row.get("quote", ""),
            )
        )
    return out


def _quote_regex(quote: str) -> tuple[re.Pattern[str], int | None]:
    """A whitespace-tolerant pattern for the quote, and which group is the figure."""
    has_mark = "[" in quote and "]" in quote
    parts = re.split(r"(\[|\])", quote) if has_mark else [quote]
    pattern, group, inside = "", None, False
    for part in parts:
        if part == "[":
            pattern += "("
            inside = True
            group = 1
            continue
        if part == "]":
            pattern += ")"
            inside = False
            continue
        pieces = [re.escape(w) for w in part.split()]
        chunk = r"\s+".join(pieces)
        if part[:1].isspace() and pattern:
            chunk = r"\s+" + chunk
        if part[-1:].isspace() and part.strip():
            chunk += r"\s+"
        pattern += chunk
    del inside
    return re.compile(pattern), group


def locate(gold: list[Figure], text_of: dict[str, str]) -> list[str]:
    """Set start/end of each gold figure from its quote; returns problems found."""
    problems: list[str] = []
    seen: dict[tuple[str, str], int] = {}
    for g in gold:
        text = text_of.get(g.seed)
        if text is None or not g.quote:
            continue
        k = (g.seed, g.quote)
        nth = seen.get(k, 0)
        seen[k] = nth + 1
        rx, group = _quote_regex(g.quote)
        hits = list(rx.finditer(text))
        if nth >= len(hits):
            problems.append(f"{g.seed}: quote {g.quote!r} found {len(hits)}x, need {nth + 1}")
            continue
        m = hits[nth]
        g.start, g.end = (m.start(group), m.end(group)) if group else (m.start(), m.end())
    return problems


# --------------------------------------------------------------------------- predictions


def _from_claims(seed: str, claims) -> list[Figure]:
    return [
        Figure(
            seed=seed,
            value_base=c.value_base,
            base_unit=c.base_unit,
            kind=c.kind,
            period=c.period,
            metric=c.metric,
            quote=c.quote,
            start=c.start,
            end=c.end,
            value=f"{c.value}{c.unit}",
        )
        for c in claims
    ]


def predict(paths: list[Path], db: str | None) -> tuple[dict[str, list[Figure]], dict, str]:
    """(seed -> predictions, seed -> normalised text, source used)."""
    from policyscope.text.normalize import normalize

    texts = {p.name: normalize(p.read_text(encoding="utf-8")).text for p in paths}
    out: dict[str, list[Figure]] = {}
    try:
        from policyscope.workspace import Workspace

        has_facts = hasattr(Workspace, "facts")
    except ImportError:
        has_facts = False
    note = ""
    if has_facts:
        tmp = None
        if db is None:
            tmp = tempfile.TemporaryDirectory(prefix="ps-eval-")
            db = str(Path(tmp.name) / "eval.db")
        try:
            with Workspace(db) as ws:
                outcomes = ws.ingest([str(p) for p in paths])
                failed = [o for o in outcomes if o.status == "failed"]
                if failed:
                    raise RuntimeError(failed[0].error)
                for p in paths:
                    doc = ws.resolve_doc(str(p))
                    out[p.name] = _from_claims(p.name, ws.facts(doc=doc.id))
                    texts[p.name] = ws.text(doc.id)
            return out, texts, f"Workspace.facts ({db})"
        except Exception as e:  # fall back to the extractor itself, and say why
            note = f" [workspace path failed: {type(e).__name__}: {e}]"
            out = {}
        finally:
            if tmp is not None:
                tmp.cleanup()
    try:
        from policyscope.extract.claims import extract_claims
    except ImportError:
        extract_claims = None
    if extract_claims is not None:
        for p in paths:
            out[p.name] = _from_claims(p.name, extract_claims(texts[p.name]))
        return out, texts, "extract_claims(normalised text)" + note
    from policyscope.extract.quantities import find_quantities

    for p in paths:
        out[p.name] = [
            Figure(
                p.name,
                q.value,
                q.base_unit,
                start=q.start,
                end=q.end,
                value=f"{q.value_text}{q.unit_text}",
            )
            for q in find_quantities(texts[p.name])
        ]
    return out, texts, "BASELINE find_quantities (no extract_claims: fields empty)" + note


# --------------------------------------------------------------------------- report


def _show(f: Figure, text: str | None) -> str:
    ctx = ""
    if text is not None and f.start is not None:
        end = f.end if f.end is not None else f.start
        ctx = " | " + re.sub(r"\s+", " ", text[max(0, f.start - 12) : end + 8])
    fields = "/".join(x or "-" for x in (f.kind, f.period, f.metric))
    shown = f.value or f"{f.value_base:g} {f.base_unit}"
    return f"{f.seed[:3]} @{f.start} {shown} [{fields}]{ctx}"


def report(scores: Scores, texts: dict[str, str], source: str, per_seed: dict) -> None:
    print(f"predictions from: {source}")
    print(f"gold {scores.tp + scores.fn}  predicted {scores.tp + scores.fp}  matched {scores.tp}")
    print(f"precision {scores.precision:.3f}  recall {scores.recall:.3f}  F1 {scores.f1:.3f}")
    acc = "  ".join(f"{k} {v:.3f}" for k, v in scores.field_accuracy.items())
    print(f"field accuracy on matched pairs: {acc}")
    for seed, s in per_seed.items():
        print(f"  {seed}: P {s.precision:.3f} R {s.recall:.3f} F1 {s.f1:.3f} (tp {s.tp})")
    wrong = [(g, p) for g, p in scores.pairs if not all(field_agrees(g, p, f) for f in FIELDS)]
    if wrong:
        print(f"\nmatched with wrong fields ({len(wrong)}):")
        for g, p in wrong:
            bad = ", ".join(
                f"{f} {getattr(p, f) or '-'}!={getattr(g, f) or '-'}"
                for f in FIELDS
                if not field_agrees(g, p, f)
            )
            print(f"  {_show(g, texts.get(g.seed))}  -> {bad}")
    print(f"\nmisses ({len(scores.misses)}):")
    for g in scores.misses:
        print(f"  {_show(g, texts.get(g.seed))}")
    print(f"\nfalse positives ({len(scores.false_positives)}):")
    for p in scores.false_positives:
        print(f"  {_show(p, texts.get(p.seed))}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--annotations", nargs="*", type=Path, default=None)
    ap.add_argument("--seeds", type=Path, default=SHARED / "seeds")
    ap.add_argument("--db", default=None, help="workspace DB (default: a temporary one)")
    args = ap.parse_args(argv)

    files = args.annotations or sorted(DEFAULT_ANNOTATIONS.glob("*.tsv"))
    gold: list[Figure] = []
    for f in files:
        gold.extend(read_annotations(f))
    if not gold:
        print("no annotations found")
        return 0
    seeds = sorted({g.seed for g in gold})
    paths = [args.seeds / s for s in seeds]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        print(f"seed files not found: {', '.join(missing)} (use --seeds)")
        return 0
    try:
        preds_by_seed, texts, source = predict(paths, args.db)
    except Exception as e:  # a report: say what broke, do not crash the caller
        print(f"extraction failed: {type(e).__name__}: {e}")
        return 0
    for problem in locate(gold, texts):
        print(f"annotation: {problem}")
    preds = [p for s in seeds for p in preds_by_seed.get(s, [])]
    per_seed = {s: score([g for g in gold if g.seed == s], preds_by_seed.get(s, [])) for s in seeds}
    report(score(gold, preds), texts, source, per_seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())

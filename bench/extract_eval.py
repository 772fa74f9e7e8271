"""Claim extraction against hand annotations: precision, recall, F1 and field accuracy,
then (with the Government Work Reports) the precision of `targets`, `ledger` and `conflicts`.

    python bench/extract_eval.py                         # tests/data/annotations/*.tsv
    python bench/extract_eval.py --annotations tests/data/annotations/seed_004.tsv \\
        --seeds ../shared/seeds --db /tmp/eval.db

Two annotation formats (TSV, lines starting with '#' are comments):
  seeds:   seed_file  value_base  base_unit  kind  period  metric  [measure]  quote
           `quote` is a few words locating the figure, with the figure in [brackets]; a
           space matches any run of whitespace. Identical quotes are the 1st, 2nd, ...
           occurrence in the text, in file order.
  primary: file  start  value  value_base  base_unit  metric  kind  measure  period  qualifier
           `file` is relative to ../shared (corpus/cn-gwr/2024.zh.txt), `start` the offset of
           the figure in the stored text, `value` the figure as written (checked). These are
           ingested with the corpus MANIFEST.tsv, so each report has its date.
metric 'unassigned' in gold matches any unlinked prediction ('np:...').

Predictions come from a temporary workspace (`Workspace.ingest`, then
`Workspace.facts(doc=path)`).

Matching: a prediction matches a gold figure of the same file when the units agree
(`unit_key`: '%' = 'percent', 'people' = 'count') and the values are within 0.5%
relative. Among several candidates pairs are chosen greedily: overlapping spans first,
then the nearest span, then the most fields agreeing. Each gold figure and each prediction
is used at most once. Field accuracy (metric, kind, period, measure, qualifier) is over
matched pairs; 'headline' is the subset of gold figures of the series' standing metrics
(HEADLINE) that are targets or outcomes, and 'fully right' needs every field. For primary
annotations, predictions outside the annotated paragraphs are not counted as false
positives (only the figures of those paragraphs were annotated).

Ledger and targets precision (needs ../shared/corpus): every row of `Workspace.ledger` for
the HEADLINE metrics is compared with tests/data/annotations/ledger/cn-gwr.tsv (each year's
target and outcome as the reports state them, read by hand); conflicts over the
Government Work Reports alone are listed (each one is a false positive unless it is in
GOLD_CONFLICTS). Exit code is always 0: this is a report.
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
FIELDS = ("metric", "kind", "period", "measure", "qualifier")
HEADLINE = frozenset(
    {
        "gdp_growth",
        "gdp_size",
        "cpi_growth",
        "urban_new_jobs",
        "urban_surveyed_unemployment",
        "urban_registered_unemployment",
        "deficit_ratio",
        "deficit_amount",
        "local_special_bonds",
        "ultra_long_special_treasury_bonds",
        "special_treasury_bonds",
        "central_budget_investment",
        "grain_output",
        "energy_intensity_reduction",
    }
)


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
    value: str = ""  # as written
    measure: str = ""
    qualifier: str = ""
    scored: frozenset[str] = FIELDS  # the fields this gold row was annotated for


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
    if name not in g.scored:
        return True
    if name == "period":
        return norm_period(g.period) == norm_period(p.period)
    if name == "metric" and g.metric == "unassigned":
        return p.metric.startswith("np:") or p.metric == "unassigned"
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
    acc = {}
    for f in FIELDS:
        scored = [(g, p) for g, p in pairs if f in g.scored]
        acc[f] = sum(field_agrees(g, p, f) for g, p in scored) / len(scored) if scored else 0.0
    return Scores(tp, len(fps), len(misses), precision, recall, f1, acc, pairs, misses, fps)


def headline_scores(scores: Scores) -> dict[str, float]:
    """On the gold figures of HEADLINE metrics that are targets or outcomes: the share with
    metric, kind and period right (a miss counts as wrong), and with every field right."""
    gold = [g for g, _p in scores.pairs] + scores.misses
    head = [g for g in gold if g.metric in HEADLINE and g.kind in ("target", "actual")]
    if not head:
        return {}
    by_gold = {id(g): p for g, p in scores.pairs}
    mkp = full = 0
    for g in head:
        p = by_gold.get(id(g))
        if p is None:
            continue
        mkp += all(field_agrees(g, p, f) for f in ("metric", "kind", "period"))
        full += all(field_agrees(g, p, f) for f in FIELDS)
    return {"n": len(head), "metric_kind_period": mkp / len(head), "fully_right": full / len(head)}


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
        primary = "file" in row
        scored = set(FIELDS)
        if "measure" not in row:
            scored.discard("measure")
        if "qualifier" not in row:
            scored.discard("qualifier")
        out.append(
            Figure(
                seed=(row["file"] if primary else row["seed_file"]).strip(),
                value_base=value,
                base_unit=row["base_unit"].strip(),
                kind=row.get("kind", "").strip(),
                period=row.get("period", "").strip(),
                metric=row.get("metric", "").strip(),
                quote=row.get("quote", ""),
                start=int(row["start"]) if primary else None,
                end=int(row["start"]) + len(row["value"]) if primary else None,
                value=row.get("value", ""),
                measure=row.get("measure", "").strip(),
                qualifier=row.get("qualifier", "").strip(),
                scored=frozenset(scored),
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
    """Set start/end of each gold figure from its quote (seed rows) or check the figure
    written at its offset (primary rows); returns problems found."""
    problems: list[str] = []
    seen: dict[tuple[str, str], int] = {}
    for g in gold:
        text = text_of.get(g.seed)
        if text is None:
            continue
        if g.start is not None:
            if text[g.start : g.end] != g.value:
                got = text[g.start : g.end]
                problems.append(f"{g.seed}@{g.start}: expected {g.value!r}, text has {got!r}")
            continue
        if not g.quote:
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
            measure=c.measure,
            qualifier=c.qualifier,
        )
        for c in claims
    ]


def _ingest(ws, paths: list[Path]) -> None:
    corpus = SHARED / "corpus"
    primary = [p for p in paths if corpus in p.parents]
    others = [p for p in paths if p not in primary]
    for group, manifest in ((primary, corpus / "MANIFEST.tsv"), (others, None)):
        if not group:
            continue
        outcomes = ws.ingest([str(p) for p in group], manifest=manifest if manifest else None)
        failed = [o for o in outcomes if o.status == "failed"]
        if failed:
            raise RuntimeError(failed[0].error)


def predict(ws, keyed: dict[str, Path]) -> tuple[dict[str, list[Figure]], dict[str, str]]:
    """(key -> predictions, key -> stored text) for the annotated files."""
    _ingest(ws, list(keyed.values()))
    out: dict[str, list[Figure]] = {}
    texts: dict[str, str] = {}
    for key, p in keyed.items():
        doc = ws.resolve_doc(str(p))
        out[key] = _from_claims(key, ws.facts(doc=doc.id))
        texts[key] = ws.text(doc.id)
    return out, texts


def _annotated_paragraphs(gold: list[Figure], key: str, text: str) -> list[tuple[int, int]]:
    from policyscope.text.segment import paragraphs

    starts = [g.start for g in gold if g.seed == key and g.start is not None]
    return [(a, b) for a, b in paragraphs(text) if any(a <= s < b for s in starts)]


def restrict_primary(gold, preds_by_key, texts) -> None:
    """Primary annotations cover some paragraphs: predictions elsewhere are not scored."""
    for key, preds in preds_by_key.items():
        if not key.startswith("corpus/"):
            continue
        spans = _annotated_paragraphs(gold, key, texts[key])
        preds_by_key[key] = [p for p in preds if any(a <= p.start < b for a, b in spans)]


# --------------------------------------------------------------------------- report


def _show(f: Figure, text: str | None) -> str:
    ctx = ""
    if text is not None and f.start is not None:
        end = f.end if f.end is not None else f.start
        ctx = " | " + re.sub(r"\s+", " ", text[max(0, f.start - 12) : end + 8])
    fields = "/".join(x or "-" for x in (f.kind, f.measure, f.period, f.metric))
    shown = f.value or f"{f.value_base:g} {f.base_unit}"
    return f"{f.seed[:3]} @{f.start} {shown} [{fields}]{ctx}"


def report(scores: Scores, texts: dict[str, str], source: str, per_seed: dict) -> None:
    """Scores, per file, then every wrong field, miss and false positive."""
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


# --------------------------------------------------------------------------- ledger

LEDGER_GOLD = DEFAULT_ANNOTATIONS / "ledger" / "cn-gwr.tsv"
# the real disagreements among the Government Work Reports alone, as (metric, period),
# found by reading the reviews against later restatements: the 2013 services share, 46.1%
# in the 2014 report and 46.9% in the 2015 one (revised after the 2013 economic census)
GOLD_CONFLICTS: frozenset[tuple[str, str]] = frozenset({("services_gdp_share", "2013")})


def read_ledger_gold(path: Path) -> list[dict]:
    lines = [x for x in path.read_text(encoding="utf-8").splitlines() if x and x[0] != "#"]
    head = lines[0].split("\t")
    return [dict(zip(head, x.split("\t"), strict=False)) for x in lines[1:]]


def _same(v: str, c) -> bool:
    if not v:
        return c is None
    return c is not None and abs(float(v) - c.value_base) <= 1e-6 * max(1.0, abs(float(v)))


def ledger_scores(ws, gold: list[dict]) -> dict:
    """Cells of `ledger` and rows of `targets` against the hand-read ledger."""
    metrics = sorted({g["metric"] for g in gold})
    led = ws.ledger("cn-gwr", metric=metrics)
    cells = {(r.metric, y): c for r in led.rows for y, c in r.cells.items()}
    ok_cells = 0
    wrong = []
    for g in gold:
        c = cells.get((g["metric"], g["year"]))
        good = c is not None and _same(g["target"], c.target) and _same(g["actual"], c.actual)
        good = good and c.status == g["status"]
        ok_cells += good
        if not good:
            wrong.append((g, c))
    pairs = [g for g in gold if g["target"] and g["actual"]]
    rows = ws.targets()
    members = dict(ws.series_docs("cn-gwr").members)
    paired = 0
    for g in pairs:
        doc = members.get(g["year"])
        got = [
            r
            for r in rows
            if r.metric == g["metric"] and r.deadline == g["year"] and r.target_doc_id == doc
        ]
        paired += any(
            abs(r.target_base - float(g["target"])) < 1e-6 * max(1, float(g["target"]))
            and r.actual_base is not None
            and abs(r.actual_base - float(g["actual"])) < 1e-6 * max(1, float(g["actual"]))
            and r.status == g["status"]
            for r in got
        )
    return {
        "cells": len(gold),
        "cells_right": ok_cells,
        "pairs": len(pairs),
        "targets_paired_right": paired,
        "wrong": wrong,
    }


def conflict_scores(ws) -> dict:
    gwr = {d.id for d in ws.documents(series="cn-gwr")}
    rows = [c for c in ws.conflicts() if c.a_doc_id in gwr and c.b_doc_id in gwr]
    real = [c for c in rows if (c.metric, c.a_period) in GOLD_CONFLICTS]
    return {"listed": len(rows), "real": len(real), "rows": rows}


def report_ledger(ls: dict, cs: dict) -> None:
    print(f"\nledger cells right: {ls['cells_right']}/{ls['cells']}")
    print(
        f"targets paired with the right outcome and status: {ls['targets_paired_right']}/"
        f"{ls['pairs']}"
    )
    for g, c in ls["wrong"]:
        got = (
            "no cell"
            if c is None
            else f"T {c.target.value if c.target else '-'} A {c.actual.value if c.actual else '-'} "
            f"{c.status}"
        )
        print(
            f"  {g['metric']} {g['year']}: gold T {g['target'] or '-'} A {g['actual'] or '-'} "
            f"{g['status']}; got {got}"
        )
    prec = cs["real"] / cs["listed"] if cs["listed"] else 1.0
    print(
        f"conflicts among the Government Work Reports: {cs['listed']} listed, "
        f"{cs['real']} real (precision {prec:.2f})"
    )
    for c in cs["rows"]:
        print(
            f"  {c.metric} {c.classification}: {c.a_value} ({c.a_period}) vs {c.b_value} "
            f"({c.b_period})"
        )


# --------------------------------------------------------------------------- main


def _paths(gold: list[Figure], seeds_dir: Path) -> dict[str, Path]:
    return {
        s: (SHARED / s if s.startswith("corpus/") else seeds_dir / s)
        for s in sorted({g.seed for g in gold})
    }


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
    keyed = _paths(gold, args.seeds)
    missing = [str(p) for p in keyed.values() if not p.exists()]
    if missing:
        print(f"files not found: {', '.join(missing)} (use --seeds, or POLICYSCOPE_SHARED)")
        return 0
    from policyscope.workspace import Workspace

    with tempfile.TemporaryDirectory(prefix="ps-eval-") as tmp:
        db = args.db or str(Path(tmp) / "eval.db")
        with Workspace(db) as ws:
            try:
                preds_by_key, texts = predict(ws, keyed)
            except Exception as e:  # a report: say what broke, do not crash the caller
                print(f"extraction failed: {type(e).__name__}: {e}")
                return 0
            for problem in locate(gold, texts):
                print(f"annotation: {problem}")
            restrict_primary(gold, preds_by_key, texts)
            keys = list(keyed)
            preds = [p for k in keys for p in preds_by_key.get(k, [])]
            per_file = {
                k: score([g for g in gold if g.seed == k], preds_by_key.get(k, [])) for k in keys
            }
            scores = score(gold, preds)
            report(scores, texts, f"Workspace.facts ({db})", per_file)
            head = headline_scores(scores)
            if head:
                print(
                    f"\nheadline figures ({head['n']}): metric+kind+period right "
                    f"{head['metric_kind_period']:.3f}, fully right {head['fully_right']:.3f}"
                )
            corpus = SHARED / "corpus" / "cn-gwr"
            if LEDGER_GOLD.exists() and corpus.is_dir() and not args.annotations:
                _ingest(ws, sorted(corpus.glob("*.zh.txt")))
                report_ledger(ledger_scores(ws, read_ledger_gold(LEDGER_GOLD)), conflict_scores(ws))
    return 0


if __name__ == "__main__":
    sys.exit(main())

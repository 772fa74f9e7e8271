"""Is a figure known well enough to be shown as a fact?

A figure may enter a ledger, a conflict, a key point or a verdict only when its metric,
kind, measure and period are all known (DESIGN.md, "A figure is true before it is shown").
Everything else stays visible in `facts`, marked with the reason it was held back.

    is_certain(claim)        -> True / False
    uncertain_reason(claim)  -> '' when certain, else a short reason code
"""

from __future__ import annotations

from policyscope.model import Claim

__all__ = ["is_certain", "uncertain_reason", "REASONS"]

# The kinds a ledger or conflict can compare; 'other' (and the legacy 'share' /
# 'growth_rate' kinds, which are measures, not standings) say nothing about standing.
STANDING_KINDS = frozenset({"actual", "target", "forecast"})

REASONS = {
    "unassigned_metric": "no pack metric claims this figure",
    "period_unknown": "the period of the figure is unknown",
    "kind_unknown": "not known whether it is an outcome, a target or a forecast",
    "measure_unknown": "not known what the number measures (level, growth, share...)",
    "conversion": "a currency conversion of another figure",
}


def uncertain_reason(claim: Claim) -> str:
    """'' for a certain claim, else the first reason (a key of REASONS) it is held back."""
    metric = getattr(claim, "metric", "") or ""
    if not metric or metric.startswith("np:") or metric == "unassigned":
        return "unassigned_metric"
    if not getattr(claim, "period", ""):
        return "period_unknown"
    if getattr(claim, "kind", "") not in STANDING_KINDS:
        return "kind_unknown"
    measure = getattr(claim, "measure", "") or ""
    if measure == "conversion":
        return "conversion"
    if not measure or measure == "unknown":
        return "measure_unknown"
    return ""


def is_certain(claim: Claim) -> bool:
    return not uncertain_reason(claim)

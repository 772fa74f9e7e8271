"""Targets ledger on hand-built claims (quotes written for these tests)."""

from __future__ import annotations

import pytest

from policyscope.analysis.targets import (
    METRIC_DIRECTIONS,
    TargetRow,
    period_end,
    reaches,
    targets_ledger,
)
from policyscope.model import Claim

_pos = iter(range(0, 100_000, 10))


def claim(
    metric: str,
    value: str,
    unit: str,
    base: float,
    base_unit: str,
    kind: str,
    period: str,
    qualifier: str = "exact",
    doc: int | None = 1,
    subject: str = "china",
    value_high: float | None = None,
) -> Claim:
    start = next(_pos)
    # 'growth_rate' as a kind is shorthand here for an actual growth rate
    measure = "growth_rate" if kind == "growth_rate" or metric.endswith("_growth") else "level"
    return Claim(
        metric=metric,
        subject=subject,
        value=value,
        unit=unit,
        value_base=base,
        base_unit=base_unit,
        kind="actual" if kind == "growth_rate" else kind,
        measure=measure,
        period=period,
        qualifier=qualifier,
        quote=f"{metric} {value}{unit}",
        start=start,
        end=start + len(value) + len(unit),
        value_high=value_high,
        doc_id=doc,
    )


CORE = "ai_core_industry_size"
RELATED = "ai_related_industry_size"


def plan_claims(with_growth: bool = True) -> list[Claim]:
    """The New Generation AI Development Plan stages (doc 1) and the CAICT 2023 figure."""
    out = [
        claim(CORE, "1,500억", "위안", 150e9, "CNY", "target", "2020"),
        claim(CORE, "4,000억", "위안", 400e9, "CNY", "target", "2025"),
        claim(CORE, "1조", "위안", 1e12, "CNY", "target", "2030"),
        claim(RELATED, "1조", "위안", 1e12, "CNY", "target", "2020"),
        claim(RELATED, "5조", "위안", 5e12, "CNY", "target", "2025"),
        claim(RELATED, "10조", "위안", 10e12, "CNY", "target", "2030"),
        claim(CORE, "5,784억", "위안", 578.4e9, "CNY", "actual", "2023", doc=2),
    ]
    if with_growth:
        out.append(claim(CORE, "13", "%", 13.0, "percent", "growth_rate", "2023", "approx", doc=2))
    return out


def by(rows: list[TargetRow], metric: str, deadline: str) -> TargetRow:
    found = [r for r in rows if r.metric == metric and r.deadline == deadline]
    assert len(found) == 1, found
    return found[0]


def test_period_end_reads_years_months_and_ranges():
    assert str(period_end("2023")) == "2023-12-31"
    assert str(period_end("2023-06")) == "2023-06-30"
    assert str(period_end("2025-2027")) == "2027-12-31"
    assert str(period_end("2025/2027")) == "2027-12-31"
    assert period_end("") is None
    assert period_end("n.d.") is None


def test_plan_stages_before_2025_deadline():
    rows = targets_ledger(plan_claims(), today="2025-03-01")
    # 2020: the deadline passed with no figure at or before it -> judged on the 2023 figure
    r2020 = by(rows, CORE, "2020")
    assert r2020.status == "met"
    assert "later 2023 figure" in r2020.evidence
    # 2025: already 145% of the target, before the deadline -> on_track (not yet met)
    r2025 = by(rows, CORE, "2025")
    assert r2025.status == "on_track"
    assert r2025.actual_base == 578.4e9
    assert r2025.actual_value == "5,784억 위안"
    assert "145% of the 2025 target 4,000억 위안 two years before the deadline" in (r2025.evidence)
    # 2030: 13% a year from 2023 gives ~1.36 trillion -> on_track
    r2030 = by(rows, CORE, "2030")
    assert r2030.status == "on_track"
    assert "13%" in r2030.evidence and "1.36 trillion" in r2030.evidence
    # related industries: no actual at all -> unknown
    assert {r.status for r in rows if r.metric == RELATED} == {"unknown"}


def test_plan_2025_is_met_once_the_deadline_has_passed():
    rows = targets_ledger(plan_claims(), today="2026-06-01")
    r = by(rows, CORE, "2025")
    assert r.status == "met"
    assert "reached two years before the deadline" in r.evidence


def test_single_actual_without_growth_is_unknown_with_needed_rate():
    rows = targets_ledger(plan_claims(with_growth=False), today="2025-03-01")
    r = by(rows, CORE, "2030")
    assert r.status == "unknown"
    assert "8.1% growth a year" in r.evidence
    assert r.actual_base == 578.4e9  # the figure is still shown


def test_linear_path_behind_and_on_track():
    base = [
        claim("nev_output", "1,000만", "대", 10e6, "count", "target", "2030"),
        claim("nev_output", "500만", "대", 5e6, "count", "actual", "2022"),
        claim("nev_output", "560만", "대", 5.6e6, "count", "actual", "2024"),
    ]
    r = targets_ledger(base, today="2025-01-01")[0]
    # 5.6M + 0.3M/yr * 6 = 7.4M < 10M
    assert r.status == "behind"
    assert "linear path from 2022" in r.evidence
    fast = base[:2] + [claim("nev_output", "800만", "대", 8e6, "count", "actual", "2024")]
    assert targets_ledger(fast, today="2025-01-01")[0].status == "on_track"


def test_macro_table_growth_and_ceiling_targets():
    claims = [
        claim("gdp_growth", "5", "%", 5.0, "percent", "target", "2023", "approx"),
        claim("gdp_growth", "5.2", "%", 5.2, "percent", "actual", "2023"),
        claim("gdp_growth", "5", "%", 5.0, "percent", "target", "2024", "approx"),
        claim("gdp_growth", "4.95", "%", 4.95, "percent", "growth_rate", "2024"),
        claim("cpi_growth", "3", "%", 3.0, "percent", "target", "2023", "approx"),
        claim("cpi_growth", "0.2", "%", 0.2, "percent", "actual", "2023"),
        claim(
            "urban_surveyed_unemployment",
            "5.5",
            "%",
            5.5,
            "percent",
            "target",
            "2023",
            "upper_bound",
        ),
        claim("urban_surveyed_unemployment", "5.1", "%", 5.1, "percent", "actual", "2023"),
        claim("urban_new_jobs", "1,200만", "개", 12e6, "count", "target", "2023"),
        claim("urban_new_jobs", "1,244만", "명", 12.44e6, "people", "actual", "2023"),
    ]
    rows = targets_ledger(claims, today="2025-01-01")
    assert [r.deadline for r in rows] == ["2023"] * 4 + ["2024"]
    assert by(rows, "gdp_growth", "2023").status == "met"
    # a growth_rate claim joins a growth target; 4.95 is within 0.1 pp of '5% 내외'
    g24 = by(rows, "gdp_growth", "2024")
    assert g24.status == "met" and "tolerance" in g24.evidence
    cpi = by(rows, "cpi_growth", "2023")
    assert cpi.status == "met" and "ceiling" in cpi.evidence and "far below" in cpi.evidence
    assert by(rows, "urban_surveyed_unemployment", "2023").status == "met"
    # people and count are one unit family
    assert by(rows, "urban_new_jobs", "2023").status == "met"


def test_missed_floor_and_ceiling():
    claims = [
        claim("gdp_growth", "5", "%", 5.0, "percent", "target", "2022", "approx"),
        claim("gdp_growth", "3", "%", 3.0, "percent", "actual", "2022"),
        claim(
            "urban_surveyed_unemployment",
            "5.5",
            "%",
            5.5,
            "percent",
            "target",
            "2022",
            "upper_bound",
        ),
        claim("urban_surveyed_unemployment", "5.6", "%", 5.6, "percent", "actual", "2022"),
    ]
    rows = targets_ledger(claims, today="2024-01-01")
    assert by(rows, "gdp_growth", "2022").status == "missed"
    u = by(rows, "urban_surveyed_unemployment", "2022")
    assert u.status == "missed" and "above the ceiling" in u.evidence


def test_cpi_direction_comes_from_the_table_not_the_qualifier():
    assert METRIC_DIRECTIONS["cpi_growth"] == "min"
    t = claim("cpi_growth", "3", "%", 3.0, "percent", "target", "2024", "approx")
    assert reaches(t, 0.2) and reaches(t, 3.05) and not reaches(t, 3.2)
    g = claim("gdp_growth", "5", "%", 5.0, "percent", "target", "2024", "approx")
    assert reaches(g, 4.9) and not reaches(g, 4.85)
    s = claim("special_treasury_bonds", "1조", "위안", 1e12, "CNY", "target", "2025", "approx")
    assert reaches(s, 0.98e12) and not reaches(s, 0.97e12)


def test_superseded_by_newer_document_and_dedup_within_one():
    claims = [
        claim("cpi_growth", "3", "%", 3.0, "percent", "target", "2025", "approx", doc=1),
        claim("cpi_growth", "3", "%", 3.0, "percent", "target", "2025", doc=1),  # restated
        claim("cpi_growth", "0.2", "%", 0.2, "percent", "actual", "2023", doc=1),
        claim("cpi_growth", "2", "%", 2.0, "percent", "target", "2025", "approx", doc=2),
        claim("cpi_growth", "0.2", "%", 0.2, "percent", "actual", "2024", doc=2),
    ]
    rows = targets_ledger(claims, today="2025-06-01")
    assert len(rows) == 2
    old = [r for r in rows if r.target_doc_id == 1][0]
    new = [r for r in rows if r.target_doc_id == 2][0]
    assert old.status == "superseded" and "revises it to 2%" in old.evidence
    assert new.status == "on_track"
    # explicit document dates override the inferred recency
    rows = targets_ledger(claims, today="2025-06-01", doc_dates={1: "2025-03", 2: "2024-03"})
    assert [r.target_doc_id for r in rows if r.status == "superseded"] == [2]


def test_subject_and_unit_must_match():
    claims = [
        claim(
            "regional_ai_industry_size",
            "3,000억",
            "위안",
            300e9,
            "CNY",
            "target",
            "2025",
            subject="shenzhen",
        ),
        claim(
            "regional_ai_industry_size",
            "4,000억",
            "위안",
            400e9,
            "CNY",
            "actual",
            "2024",
            subject="beijing",
        ),
        claim(
            "regional_ai_industry_size",
            "20",
            "%",
            20.0,
            "percent",
            "actual",
            "2024",
            subject="shenzhen",
        ),
    ]
    r = targets_ledger(claims, today="2025-01-01")[0]
    assert r.status == "unknown" and r.actual_value is None


def test_sorting_and_undated_target_last():
    claims = [
        claim("b_metric", "2", "%", 2.0, "percent", "target", ""),
        claim("b_metric", "1", "%", 1.0, "percent", "target", "2030"),
        claim("a_metric", "1", "%", 1.0, "percent", "target", "2030"),
        claim("z_metric", "1", "%", 1.0, "percent", "target", "2021"),
    ]
    rows = targets_ledger(claims, today="2025-01-01")
    assert [(r.deadline, r.metric) for r in rows] == [
        ("2021", "z_metric"),
        ("2030", "a_metric"),
        ("2030", "b_metric"),
        ("", "b_metric"),
    ]
    assert rows[-1].status == "unknown" and "no deadline" in rows[-1].evidence


def test_bad_today_is_rejected():
    with pytest.raises(ValueError):
        targets_ledger([], today="yesterday")


def test_undated_restatement_is_dropped_and_earlier_rate_is_indicative():
    claims = [
        claim("gdp_growth", "5", "%", 5.0, "percent", "target", "", doc=2),  # summary
        claim("gdp_growth", "5", "%", 5.0, "percent", "target", "2025", "approx", doc=2),
        claim("gdp_growth", "5", "%", 5.0, "percent", "actual", "2024", doc=2),
    ]
    rows = targets_ledger(claims, today="2025-04-01")
    assert len(rows) == 1
    r = rows[0]
    assert r.status == "on_track" and r.qualifier == "approx"
    assert "indicative only" in r.evidence

"""The target/outcome ledger: on hand-built claims, on a small series written for these
tests, through the CLI, and (when ../shared is present) on the Government Work Reports."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from policyscope.analysis.ledger import build_ledger
from policyscope.model import Claim
from policyscope.workspace import Workspace

CLI = [sys.executable, "-m", "policyscope"]
_pos = iter(range(0, 1_000_000, 10))


def claim(metric, value, base, kind, period, doc, qualifier="exact", measure="growth_rate"):
    start = next(_pos)
    return Claim(
        metric=metric,
        subject="china",
        value=value,
        unit="%",
        value_base=base,
        base_unit="percent",
        kind=kind,
        period=period,
        qualifier=qualifier,
        quote=f"{metric} {value}%",
        start=start,
        end=start + len(value) + 1,
        doc_id=doc,
        measure=measure,
    )


MEMBERS = [("2021", 1), ("2022", 2), ("2024", 4), ("2025", 5)]


def test_target_meets_the_outcome_the_next_member_states():
    claims = [
        claim("gdp_growth", "6", 6.0, "target", "2021", 1, "lower_bound"),
        claim("gdp_growth", "8.1", 8.1, "actual", "2021", 2),
        claim("gdp_growth", "5.5", 5.5, "target", "2022", 2, "approx"),
        claim("gdp_growth", "5.2", 5.2, "actual", "2023", 4),
        claim("gdp_growth", "5", 5.0, "target", "2024", 4, "approx"),
        claim("gdp_growth", "4.9", 4.9, "actual", "2024", 5),
        claim("gdp_growth", "5", 5.0, "target", "2025", 5, "approx"),
        # a later member restating an old target does not replace the year's own
        claim("gdp_growth", "4", 4.0, "target", "2024", 5, "approx"),
        # an increment is never a growth target's outcome
        claim("gdp_growth", "0.3", 0.3, "actual", "2022", 4, measure="increment"),
    ]
    led = build_ledger(
        claims, MEMBERS, ["2023"], series="s", measures={"gdp_growth": "growth_rate"}
    )
    assert led.years == ["2021", "2022", "2023", "2024", "2025"]
    assert led.missing == ["2023"]
    (row,) = led.rows
    cells = row.cells
    assert (cells["2021"].target.value, cells["2021"].actual.value, cells["2021"].status) == (
        "6",
        "8.1",
        "met",
    )
    assert cells["2022"].status == "no_outcome" and cells["2022"].actual is None
    assert cells["2023"].status == "missing" and cells["2023"].actual.value == "5.2"
    # '5%左右' with 4.9%: within the 0.1 point an approximate target allows
    assert (cells["2024"].target.doc_id, cells["2024"].status) == (4, "met")
    assert cells["2025"].status == "no_outcome"


def test_ceilings_floors_ranges_and_misses():
    claims = [
        claim("cpi_growth", "3", 3.0, "target", "2021", 1, "approx"),
        claim("cpi_growth", "3.4", 3.4, "actual", "2021", 2),
        claim("urban_new_jobs", "1100", 11e6, "target", "2021", 1, "lower_bound", "level"),
        claim("urban_new_jobs", "1050", 10.5e6, "actual", "2021", 2, measure="level"),
        claim(
            "urban_surveyed_unemployment", "5.5", 5.5, "target", "2021", 1, "upper_bound", "level"
        ),
        claim("urban_surveyed_unemployment", "5.1", 5.1, "actual", "2021", 2, measure="average"),
    ]
    rng = claim("gdp_growth", "6", 6.0, "target", "2021", 1, "range")
    rng.value_high = 6.5
    claims += [rng, claim("gdp_growth", "6.6", 6.6, "actual", "2021", 2)]
    led = build_ledger(
        claims,
        MEMBERS,
        measures={"urban_new_jobs": "level", "urban_surveyed_unemployment": "level"},
        metrics=["cpi_growth", "urban_new_jobs", "urban_surveyed_unemployment", "gdp_growth"],
    )
    status = {r.metric: r.cells["2021"].status for r in led.rows}
    assert status == {
        "cpi_growth": "missed",  # 3.4 is over the 3% ceiling (0.1 point tolerance)
        "urban_new_jobs": "missed",  # below the floor of 11 million
        "urban_surveyed_unemployment": "met",  # a year's average answers a rate target
        "gdp_growth": "met",  # 6.6 is above the low end of a 6-6.5 floor
    }


def test_year_range_shows_years_but_keeps_later_outcomes():
    claims = [
        claim("gdp_growth", "6", 6.0, "target", "2021", 1, "lower_bound"),
        claim("gdp_growth", "8.1", 8.1, "actual", "2021", 2),
    ]
    led = build_ledger(claims, MEMBERS, year_range=("2021", "2021"))
    assert led.years == ["2021"]
    assert led.rows[0].cells["2021"].actual.value == "8.1"


# ----------------------------------------------------------------- a series on disk

REPORTS = {
    "2022": (
        "一、2021年工作回顾\n国内生产总值增长8%，城镇新增就业1260万人。\n"
        "二、2022年经济社会发展总体要求\n今年发展主要预期目标是：国内生产总值增长5.5%左右；"
        "城镇新增就业1100万人以上。"
    ),
    "2024": (
        "一、2023年工作回顾\n国内生产总值增长5.2%，城镇新增就业1240万人。\n"
        "二、2024年经济社会发展总体要求\n今年发展主要预期目标是：国内生产总值增长5%左右；"
        "城镇新增就业1200万人以上。"
    ),
    "2025": (
        "一、2024年工作回顾\n国内生产总值增长5%，城镇新增就业1250万人。\n"
        "二、2025年经济社会发展总体要求\n今年发展主要预期目标是：国内生产总值增长5%左右；"
        "城镇新增就业1200万人以上。"
    ),
}


@pytest.fixture(scope="module")
def series_db(tmp_path_factory):
    root = tmp_path_factory.mktemp("series")
    db = root / "w.db"
    with Workspace(db) as w:
        for year, text in REPORTS.items():
            f = root / f"{year}.txt"
            f.write_text(text, encoding="utf-8")
            meta = {
                "series": "t-gwr",
                "series_key": year,
                "date": f"{year}-03-05",
                "language": "zh",
            }
            w.ingest([f], meta=meta)
    return db


def test_workspace_ledger_on_a_series(series_db):
    with Workspace(series_db) as w:
        led = w.ledger("t-gwr", metric=["gdp_growth", "urban_new_jobs"])
    assert led.missing == ["2023"]
    gdp, jobs = led.rows
    assert [(y, c.status) for y, c in gdp.cells.items()] == [
        ("2022", "no_outcome"),
        ("2023", "missing"),
        ("2024", "met"),
        ("2025", "no_outcome"),
    ]
    assert gdp.cells["2023"].actual.value == "5.2"  # the 2024 report's review of 2023
    assert jobs.cells["2024"].target.qualifier == "lower_bound"
    assert jobs.cells["2024"].actual.value_base == 12.5e6


def _run(db: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, "--db", str(db), *args], capture_output=True, text=True)


def test_cli_ledger_csv_json_and_errors(series_db):
    r = _run(series_db, "ledger", "--series", "t-gwr", "--metric", "gdp_growth", "-f", "csv")
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    by_year = {x["year"]: x for x in rows}
    assert by_year["2024"]["status"] == "met"
    assert by_year["2024"]["target_value"] == "5" and by_year["2024"]["actual_value"] == "5"
    # every cell links to its span: the document and the offsets of the figure
    doc = int(by_year["2024"]["target_doc_id"])
    with Workspace(series_db) as w:
        text = w.text(doc)
    s, e = int(by_year["2024"]["target_start"]), int(by_year["2024"]["target_end"])
    assert text[s:e].startswith("5%")
    assert "2023" in r.stderr  # the missing member is named
    j = json.loads(_run(series_db, "ledger", "--series", "t-gwr", "-f", "json").stdout)
    assert {x["metric"] for x in j} >= {"gdp_growth", "urban_new_jobs"}
    table = _run(series_db, "ledger", "--series", "t-gwr", "--from", "2024")
    assert "met" in table.stdout and "2022" not in table.stdout
    bad = _run(series_db, "ledger", "--series", "t-gwr", "--metric", "gdp_grwth")
    assert bad.returncode != 0 and "unknown metric 'gdp_grwth'" in bad.stderr
    assert "Traceback" not in bad.stderr
    none = _run(series_db, "ledger", "--series", "nope")
    assert none.returncode != 0 and "Traceback" not in none.stderr


# ----------------------------------------------------------------- the primary series


@pytest.fixture(scope="module")
def gwr_db(shared_dir, tmp_path_factory):
    db = tmp_path_factory.mktemp("gwr") / "w.db"
    corpus = shared_dir / "corpus"
    with Workspace(db) as w:
        w.ingest([corpus / "cn-gwr"], manifest=corpus / "MANIFEST.tsv")
    return db


@pytest.mark.corpus
def test_gwr_ledger_shows_the_headline_metrics_with_2023_missing(gwr_db):
    with Workspace(gwr_db) as w:
        led = w.ledger("cn-gwr")
    rows = {r.metric: r for r in led.rows}
    for m in (
        "gdp_growth",
        "cpi_growth",
        "urban_new_jobs",
        "urban_surveyed_unemployment",
        "deficit_ratio",
        "local_special_bonds",
    ):
        assert m in rows, m
        assert rows[m].cells["2023"].status == "missing"
    assert rows["gdp_growth"].cells["2023"].actual.value_base == 5.2
    assert rows["gdp_growth"].cells["2024"].target.value_base == 5.0
    assert rows["urban_new_jobs"].cells["2014"].actual.value_base == 13.22e6
    assert rows["urban_new_jobs"].cells["2014"].status == "met"


@pytest.mark.corpus
def test_gwr_targets_pair_with_the_hand_read_outcomes(gwr_db):
    gold_path = Path(__file__).parent / "data" / "annotations" / "ledger" / "cn-gwr.tsv"
    lines = [x for x in gold_path.read_text(encoding="utf-8").splitlines() if x[:1] != "#"]
    head = lines[0].split("\t")
    gold = [dict(zip(head, x.split("\t"), strict=False)) for x in lines[1:]]
    with Workspace(gwr_db) as w:
        led = w.ledger("cn-gwr", metric=sorted({g["metric"] for g in gold}))
        rows = w.targets()
        members = dict(w.series_docs("cn-gwr").members)
    cells = {(r.metric, y): c for r in led.rows for y, c in r.cells.items()}
    right = sum(cells[g["metric"], g["year"]].status == g["status"] for g in gold)
    assert right / len(gold) >= 0.95
    pairs = [g for g in gold if g["target"] and g["actual"]]
    paired = 0
    for g in pairs:
        got = [
            r
            for r in rows
            if r.metric == g["metric"]
            and r.deadline == g["year"]
            and r.target_doc_id == members[g["year"]]
        ]
        paired += any(
            r.actual_base is not None
            and abs(r.actual_base - float(g["actual"])) < 1e-6 * float(g["actual"])
            and r.status == g["status"]
            for r in got
        )
    assert paired / len(pairs) >= 0.9


@pytest.mark.corpus
def test_gwr_conflicts_are_only_real_ones(gwr_db):
    with Workspace(gwr_db) as w:
        got = [(c.metric, c.a_period, c.classification) for c in w.conflicts()]
    # the 2013 services share, revised between the 2014 and 2015 reports (economic census)
    assert got == [("services_gdp_share", "2013", "revision")]

"""Facts, timeline, targets and conflicts through the CLI, as an analyst uses them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policyscope.workspace import Workspace
from tests.clirun import run_ok

JSONL_FIELDS = [
    "doc_id",
    "doc_title",
    "source_path",
    "metric",
    "subject",
    "value",
    "unit",
    "value_base",
    "base_unit",
    "kind",
    "measure",
    "period",
    "period_kind",
    "period_unknown",
    "qualifier",
    "conversion_of",
    "uncertain",
    "quote",
    "start",
    "end",
]


def run(db, *args) -> str:
    return run_ok("--db", db, *args).stdout


def test_facts_and_timeline_on_own_text(tmp_path):
    f = tmp_path / "brief.txt"
    f.write_text(
        "중국 정부는 2025년 경제성장률 목표를 5% 내외로 제시했다.\n"
        "국무원은 2017년 7월 20일 「차세대 AI 발전계획」을 발표했다.\n",
        encoding="utf-8",
    )
    db = tmp_path / "w.db"
    run(db, "ingest", str(f))
    rows = [json.loads(line) for line in run(db, "facts", "--format", "jsonl").splitlines()]
    assert rows and list(rows[0]) == JSONL_FIELDS
    g = [r for r in rows if r["metric"] == "gdp_growth"]
    assert [
        (r["value_base"], r["base_unit"], r["kind"], r["period"], r["qualifier"]) for r in g
    ] == [(5.0, "percent", "target", "2025", "approx")]
    text = Workspace(db).text(1)
    assert text[g[0]["start"] : g[0]["end"]].startswith("5%")
    events = json.loads(run(db, "timeline", "--format", "json"))
    plan = [e for e in events if e["object"] == "new_generation_ai_development_plan"]
    assert [(e["date"], e["action"], e["actor"]) for e in plan] == [
        ("2017-07-20", "announced", "state_council")
    ]


@pytest.fixture(scope="module")
def seeds_db(shared_dir, tmp_path_factory):
    db = tmp_path_factory.mktemp("facts") / "w.db"
    run(db, "ingest", str(shared_dir / "seeds"))
    return db


def names(db) -> dict[int, str]:
    return {
        d["id"]: Path(d["source_path"]).name
        for d in json.loads(run(db, "docs", "--format", "json"))
    }


def test_every_quote_is_verbatim_at_its_span(seeds_db):
    ws = Workspace(seeds_db)
    for c in ws.facts():
        text = ws.text(c.doc_id)
        assert text[c.quote_start : c.quote_end] == c.quote
        assert c.quote_start <= c.start < c.end <= c.quote_end
    for e in ws.timeline():
        assert ws.text(e.doc_id)[e.quote_start : e.quote_end] == e.quote
    ws.close()


def test_macro_table_targets_and_actuals_per_year(seeds_db):
    ws = Workspace(seeds_db)
    table = [c for c in ws.facts(doc="004_baff780838081e41.txt") if c.source == "table"]
    got = {(c.metric, c.kind, c.period) for c in table}
    for metric in ("gdp_growth", "urban_new_jobs", "urban_surveyed_unemployment", "cpi_growth"):
        for year in ("2023", "2024"):
            assert (metric, "target", year) in got and (metric, "actual", year) in got
        assert (metric, "target", "2025") in got
    gdp = {(c.kind, c.period): c.value_base for c in table if c.metric == "gdp_growth"}
    assert gdp[("actual", "2023")] == 5.2 and gdp[("target", "2023")] == 5.0
    ws.close()


def test_conflicts_company_counts_and_budget_labels(seeds_db):
    rows = json.loads(run(seeds_db, "conflicts", "--format", "json"))
    n = names(seeds_db)
    counts = [c for c in rows if c["metric"] == "ai_company_count"]
    assert {c["a_base"] for c in counts} | {c["b_base"] for c in counts} >= {5734.0, 4469.0}
    budget = [
        c
        for c in rows
        if c["classification"] == "label_mismatch" and c["a_base"] == c["b_base"] == 398100000000.0
    ]
    assert budget and {n[budget[0]["a_doc_id"]], n[budget[0]["b_doc_id"]]} == {
        "000_59329f84dd77c02e.txt",
        "004_baff780838081e41.txt",
    }


def test_targets_plan_stages_with_2023_actual(seeds_db):
    rows = json.loads(run(seeds_db, "targets", "--format", "json"))
    core = {r["deadline"]: r for r in rows if r["metric"] == "ai_core_industry_size"}
    assert {k: core[k]["target_base"] for k in ("2020", "2025", "2030")} == {
        "2020": 1.5e11,
        "2025": 4e11,
        "2030": 1e12,
    }
    assert all(
        core[k]["actual_base"] == 5.784e11 and core[k]["actual_period"] == "2023" for k in core
    )
    assert core["2025"]["status"] in ("met", "on_track")
    related = {
        r["deadline"]: r["target_base"] for r in rows if r["metric"] == "ai_related_industry_size"
    }
    assert related == {"2020": 1e12, "2025": 5e12, "2030": 1e13}


def test_timeline_interim_measures(seeds_db):
    events = json.loads(run(seeds_db, "timeline", "--format", "json"))
    im = {(e["date"], e["action"]) for e in events if e["object"] == "genai_interim_measures"}
    assert ("2023-07-10", "enacted") in im and ("2023-08-15", "took_effect") in im
    assert events == sorted(events, key=lambda e: e["date"])


def test_a_translation_of_a_series_member_is_no_second_source(tmp_path):
    """cn-gwr 2024 in Chinese and in English: the English figure that disagrees with its
    original is not a conflict between two sources (unless all languages are asked for);
    an English member whose key has no Chinese document still counts."""
    folder = tmp_path / "in"
    folder.mkdir()
    texts = {
        "2024.zh.txt": "2023年国内生产总值增长5.2%。\n",
        "2024.en.txt": "In 2023, GDP growth was 5.3 percent.\n",
        "2025.en.txt": "In 2024, GDP growth was 5.0 percent.\n",
        "2026.zh.txt": "2024年国内生产总值增长4.8%。\n",
    }
    with Workspace(tmp_path / "w.db") as w:
        for name, body in texts.items():
            (folder / name).write_text(body, encoding="utf-8")
            w.ingest([folder / name], meta={"series": "g", "series_key": name[:4]}, workers=1)
        ids = {d.source_path.rsplit("/", 1)[-1]: d.id for d in w.documents()}
        assert w.translations() == {ids["2024.en.txt"]}
        docs_of = lambda rows: {frozenset((c.a_doc_id, c.b_doc_id)) for c in rows}  # noqa: E731
        everything = docs_of(w.conflicts(all_languages=True))
        assert frozenset((ids["2024.zh.txt"], ids["2024.en.txt"])) in everything
        kept = docs_of(w.conflicts())
        assert all(ids["2024.en.txt"] not in pair for pair in kept)
        assert frozenset((ids["2025.en.txt"], ids["2026.zh.txt"])) in kept  # 5.0 vs 4.8
    out = json.loads(run(tmp_path / "w.db", "conflicts", "--all-languages", "--format", "json"))
    assert len(out) == len(everything)

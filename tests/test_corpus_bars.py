"""The issue's bars, checked on ../shared as a user would, through the CLI.

Skipped (with the reason) when ../shared is absent."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter

import pytest

CLI = [sys.executable, "-m", "policyscope.cli"]


@pytest.fixture(scope="module")
def db(shared_dir, tmp_path_factory):
    path = tmp_path_factory.mktemp("corpus") / "w.db"
    corpus = shared_dir / "corpus"
    run(path, "ingest", str(corpus), "--manifest", str(corpus / "MANIFEST.tsv"))
    run(path, "ingest", str(shared_dir / "seeds"))
    return path


def run(db, *args: str) -> str:
    r = subprocess.run(CLI + ["--db", str(db), *args], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return r.stdout


def as_json(db, *args: str) -> list[dict]:
    return json.loads(run(db, *args, "--format", "json"))


def plain_count(shared_dir, year: int, term: str) -> int:
    from policyscope.text.normalize import normalize

    text = (shared_dir / "corpus" / "cn-gwr" / f"{year}.zh.txt").read_text(encoding="utf-8")
    return normalize(text).text.count(term)


def test_manifest_gives_series_and_year(db):
    docs = as_json(db, "docs", "--series", "cn-gwr")
    zh = {d["series_key"]: d for d in docs if d["language"] == "zh"}
    assert sorted(zh) == [
        "2014",
        "2015",
        "2016",
        "2017",
        "2018",
        "2019",
        "2020",
        "2021",
        "2022",
        "2024",
        "2025",
    ]
    assert zh["2025"]["date"] == "2025-03-05"


def test_kwic_embodied_intelligence_is_one_line_in_2025(db):
    lines = as_json(db, "kwic", "具身智能", "--series", "cn-gwr")
    assert [(k["series_key"], k["match"]) for k in lines] == [("2025", "具身智能")]


def test_kwic_ai_counts_per_year_equal_plain_substring_counts(db, shared_dir):
    lines = as_json(db, "kwic", "人工智能", "--series", "cn-gwr")
    per_year = Counter(k["series_key"] for k in lines)
    assert per_year["2024"] == 3 and per_year["2025"] == 3
    for year in (2017, 2019, 2022, 2024, 2025):
        assert per_year[str(year)] == plain_count(shared_dir, year, "人工智能")


def test_kwic_internet_plus_counts_fullwidth_plus(db, shared_dir):
    lines = as_json(db, "kwic", "互联网+", "--series", "cn-gwr")
    per_year = Counter(k["series_key"] for k in lines)
    raw_2020 = (shared_dir / "corpus" / "cn-gwr" / "2020.zh.txt").read_text(encoding="utf-8")
    assert "互联网＋" in raw_2020  # the source writes it full-width...
    assert per_year["2020"] == raw_2020.count("互联网＋") + raw_2020.count("互联网+") > 0
    assert per_year["2015"] >= 1


def test_kwic_offsets_point_at_the_match(db):
    lines = as_json(db, "kwic", "新质生产力", "--series", "cn-gwr")
    assert lines
    for k in lines[:5]:
        doc = as_json(db, "show", str(k["doc_id"]))[0]
        assert doc["text"][k["start"] : k["end"]] == "新质生产力"


def test_search_korean_term_finds_seed_000(db):
    hits = as_json(db, "search", "신체화")
    docs = {d["id"]: d["source_path"] for d in as_json(db, "docs")}
    assert any(docs[h["doc_id"]].endswith("000_59329f84dd77c02e.txt") for h in hits)
    assert all("«" in h["snippet"] for h in hits)


def test_search_new_quality_productive_forces_finds_both_seeds_and_two_reports(db):
    hits = as_json(db, "search", "新质生产力", "--limit", "100")
    docs = {d["id"]: d for d in as_json(db, "docs")}
    found = {docs[h["doc_id"]]["source_path"].rsplit("/", 1)[-1] for h in hits}
    assert {
        "000_59329f84dd77c02e.txt",
        "004_baff780838081e41.txt",
        "2024.zh.txt",
        "2025.zh.txt",
    } <= found
    # the filters narrow it
    only = as_json(db, "search", "新质生产力", "--series", "cn-gwr", "--from", "2025")
    assert {h["series_key"] for h in only} == {"2025"}

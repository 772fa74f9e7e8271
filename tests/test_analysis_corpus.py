"""The analysis bars on the shared corpus (cn-gwr; the 2023 report is missing).

Skipped (with the reason) when ../shared is absent."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from policyscope import Workspace
from policyscope.cli import app

TERMS = [
    "人工智能",
    "人工智能+",
    "具身智能",
    "新质生产力",
    "互联网+",
    "智能+",
    "大模型",
    "低空经济",
]
YEARS = ["2014", "2015", "2016", "2017", "2018", "2019", "2020", "2021", "2022", "2024", "2025"]


@pytest.fixture(scope="module")
def db(shared_dir, tmp_path_factory):
    path = tmp_path_factory.mktemp("analysis") / "w.db"
    corpus = shared_dir / "corpus"
    with Workspace(path) as w:
        w.ingest([corpus], manifest=corpus / "MANIFEST.tsv")
    return path


@pytest.fixture(scope="module")
def w(db):
    ws = Workspace(db)
    yield ws
    ws.close()


def plain_count(shared_dir, year: str, term: str) -> int:
    from policyscope.text.normalize import normalize

    text = (shared_dir / "corpus" / "cn-gwr" / f"{year}.zh.txt").read_text(encoding="utf-8")
    return normalize(text).text.count(term)


def cli(db, *args: str) -> tuple[str, str]:
    r = CliRunner().invoke(app, ["--db", str(db), *args])
    assert r.exit_code == 0, (r.stdout, r.stderr, r.exception)
    return r.stdout, r.stderr


def test_trend_literal_equals_plain_substring_counts(w, shared_dir):
    res = w.trend(TERMS, "cn-gwr", rule="literal")
    assert res.missing == ["2023"]
    assert set(res.langs.values()) == {"zh"}
    got = {(r.term, r.series_key): r.count for r in res.rows}
    assert len(got) == len(TERMS) * len(YEARS)
    for term in TERMS:
        for year in YEARS:
            assert got[(term, year)] == plain_count(shared_dir, year, term), (term, year)
    assert got[("互联网+", "2020")] > 0  # written full-width there


def test_first_appearances(w):
    rows = {
        r.term: r
        for r in w.first(["人工智能+", "具身智能", "新质生产力", "互联网+", "智能+"], "cn-gwr")
    }
    assert {t: r.first_key for t, r in rows.items()} == {
        "人工智能+": "2024",
        "具身智能": "2025",
        "新质生产力": "2024",
        "互联网+": "2015",
        "智能+": "2019",
    }
    for term in ("人工智能+", "具身智能", "新质生产力"):
        assert rows[term].missing_before_first == ["2023"]
        assert "2023" in rows[term].warning and term in rows[term].warning
    for term in ("互联网+", "智能+"):
        assert rows[term].missing_before_first == [] and rows[term].warning is None


def test_compare_2024_2025_lists_embodied_ai_as_new(w):
    res = w.compare("cn-gwr/2024.zh.txt", "cn-gwr/2025.zh.txt")
    new = {r.term: r for r in res.new_in_b}
    assert "具身智能" in new and new["具身智能"].count_a == 0 and new["具身智能"].count_b == 1
    assert all(r.count_a == 0 for r in res.new_in_b)
    assert all(r.count_b == 0 for r in res.dropped_from_a)


def test_rules_agree_where_they_should(w):
    lit = {r.series_key: r.count for r in w.trend(["人工智能"], "cn-gwr").rows}
    tok = {r.series_key: r.count for r in w.trend(["人工智能"], "cn-gwr", rule="token").rows}
    assert all(tok[k] <= lit[k] for k in lit)
    assert tok["2025"] < lit["2025"]  # 人工智能+行动 is one token
    con = w.trend(["concept:embodied_ai"], "cn-gwr", rule="concept")
    assert {r.series_key: r.count for r in con.rows}["2025"] == 1
    assert con.langs["concept:embodied_ai"] == "zh"  # the series' most common language


def test_cooc_and_terms_run(w):
    rows = w.cooc("人工智能", series="cn-gwr", measure="llr", top=10)
    assert rows and all(r.count >= 2 for r in rows)
    assert "人工智能" not in {r.other for r in rows}
    terms = w.terms(doc="cn-gwr/2025.zh.txt", top=10)
    assert terms[0].term == "发展" and terms[0].count > 50
    assert not {"的", "和", "，"} & {t.term for t in terms}


def test_cli_trend_json_is_one_array_with_the_gap(db, tmp_path):
    stdout, stderr = cli(db, "trend", "具身智能", "--series", "cn-gwr", "--format", "json")
    rows = json.loads(stdout)
    assert [r["series_key"] for r in rows] == sorted(YEARS + ["2023"])
    gap = next(r for r in rows if r["series_key"] == "2023")
    assert gap["count"] is None and gap["doc_id"] is None
    assert {r["count"] for r in rows if r["series_key"] == "2025"} == {1}
    assert "2023" in stderr
    chart = tmp_path / "t.svg"
    cli(
        db,
        "trend",
        "具身智能",
        "人工智能",
        "--series",
        "cn-gwr",
        "--per",
        "10k",
        "--chart",
        str(chart),
    )
    assert "具身智能" in chart.read_text("utf-8")


def test_cli_first_compare_cooc_terms(db, tmp_path):
    out, err = cli(db, "first", "具身智能", "--series", "cn-gwr", "--format", "json")
    assert json.loads(out)[0]["first_key"] == "2025"
    out, err = cli(db, "first", "具身智能", "--series", "cn-gwr")
    assert "2023" in err and "具身智能" in out
    out, _ = cli(db, "compare", "cn-gwr/2024.zh.txt", "cn-gwr/2025.zh.txt", "-f", "json")
    assert any(r["list"] == "new_in_b" and r["term"] == "具身智能" for r in json.loads(out))
    graph = tmp_path / "g.graphml"
    out, _ = cli(db, "cooc", "人工智能", "--series", "cn-gwr", "--graph", str(graph), "-f", "csv")
    assert out.startswith("term,other,count") and "<graphml" in graph.read_text("utf-8")
    out, _ = cli(db, "terms", "--series", "cn-gwr", "--lang", "zh", "--top", "5", "-f", "json")
    assert len(json.loads(out)) == 5
    for cmd in ("trend", "first", "compare", "cooc", "terms"):
        out, _ = cli(db, cmd, "--help")
        assert "Example: policyscope" in out


def test_literal_counts_equal_plain_counts_for_cut_needles(w):
    """Needles of 1-6 characters cut at random from the stored texts (CJK, Latin, digits,
    punctuation, mixed): per document, the literal count equals str.count."""
    import random

    from policyscope.analysis.kwic import count
    from policyscope.store.filters import DocFilter

    rng = random.Random(11)
    store = w.store
    texts = {d.id: store.text(d.id) for d in store.documents()}
    checked = 0
    for _ in range(150):
        text = texts[rng.choice(list(texts))]
        i = rng.randrange(len(text) - 6)
        needle = text[i : i + rng.randint(1, 6)].strip()
        if not needle or "\n" in needle:
            continue
        want = {d: t.count(needle) for d, t in texts.items() if needle in t}
        assert count(store, needle, DocFilter()) == want, needle
        checked += 1
    assert checked > 100

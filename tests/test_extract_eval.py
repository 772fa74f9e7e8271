"""The extraction evaluation's matching and scoring, on tiny hand-made lists."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from policyscope.extract.quantities import find_quantities
from policyscope.text.normalize import normalize

ROOT = Path(__file__).resolve().parent.parent
ANNOTATIONS = ROOT / "tests" / "data" / "annotations"


@pytest.fixture(scope="module")
def ev():
    spec = importlib.util.spec_from_file_location(
        "extract_eval", ROOT / "bench" / "extract_eval.py"
    )
    mod = importlib.util.module_from_spec(spec)
    sys.modules["extract_eval"] = mod
    spec.loader.exec_module(mod)
    return mod


def fig(
    ev,
    value,
    unit="percent",
    kind="target",
    period="2025",
    metric="gdp_growth",
    start=None,
    seed="s.txt",
):
    return ev.Figure(
        seed,
        value,
        unit,
        kind,
        period,
        metric,
        start=start,
        end=None if start is None else start + 2,
    )


def test_precision_recall_and_field_accuracy(ev):
    gold = [
        fig(ev, 5.0, start=10),
        fig(ev, 5.2, kind="actual", period="2023", start=20),
        fig(ev, 398.1e9, "CNY", metric="science_tech_budget", start=30),
        fig(ev, 12e6, "count", metric="urban_new_jobs", start=40),
    ]
    preds = [
        fig(ev, 5.0, start=10),  # exact
        fig(ev, 5.2, kind="growth_rate", period="2023", start=20),  # wrong kind
        fig(ev, 398.2e9, "CNY", period="", metric="rd_budget", start=30),  # within 0.5%
        fig(ev, 12e6, "people", metric="urban_new_jobs", start=40),  # people = count
        fig(ev, 60e12, "KRW", kind="actual", start=35),  # a conversion: false positive
        fig(ev, 5.0, start=90),  # a second 5%: false positive
    ]
    s = ev.score(gold, preds)
    assert (s.tp, s.fp, s.fn) == (4, 2, 0)
    assert s.precision == pytest.approx(4 / 6)
    assert s.recall == 1.0
    assert s.f1 == pytest.approx(0.8)
    assert {k: s.field_accuracy[k] for k in ("kind", "period", "metric")} == {
        "kind": 0.75,
        "period": 0.75,
        "metric": 0.75,
    }
    assert [p.start for p in s.false_positives] == [35, 90]


def test_value_tolerance_unit_and_seed_must_agree(ev):
    gold = [fig(ev, 100.0, "CNY"), fig(ev, 7.0, seed="a.txt")]
    preds = [fig(ev, 100.6, "CNY"), fig(ev, 7.0, seed="b.txt"), fig(ev, 7.0, "count", seed="a.txt")]
    s = ev.score(gold, preds)
    assert (s.tp, s.fp, s.fn) == (0, 3, 2)
    assert (s.precision, s.recall, s.f1) == (0.0, 0.0, 0.0)
    s = ev.score(gold, [fig(ev, 100.4, "CNY")])
    assert (s.tp, s.fp, s.fn) == (1, 0, 1)
    assert (s.precision, s.recall) == (1.0, 0.5)


def test_duplicates_pair_by_position_then_fields(ev):
    gold = [fig(ev, 5.0, period="2023", start=100), fig(ev, 5.0, period="2024", start=200)]
    preds = [fig(ev, 5.0, period="2024", start=201), fig(ev, 5.0, period="2023", start=99)]
    pairs, misses, fps = ev.match(gold, preds)
    assert [(g.start, p.start) for g, p in pairs] == [(100, 99), (200, 201)]
    assert ev.score(gold, preds).field_accuracy["period"] == 1.0
    # without positions, the pair with more agreeing fields wins
    gold = [fig(ev, 5.0, period="2023"), fig(ev, 5.0, period="2024")]
    preds = [fig(ev, 5.0, period="2024"), fig(ev, 5.0, period="2023")]
    assert ev.score(gold, preds).field_accuracy["period"] == 1.0


def test_periods_compare_across_range_spellings(ev):
    g = fig(ev, 56.0, kind="growth_rate", period="2024-2030")
    p = fig(ev, 56.0, kind="growth_rate", period="2024/2030")
    assert ev.score([g], [p]).field_accuracy["period"] == 1.0


def test_empty_lists(ev):
    s = ev.score([], [])
    assert (s.precision, s.recall, s.f1) == (0.0, 0.0, 0.0)


def test_annotation_file_reads_and_locates(ev):
    path = ANNOTATIONS / "seed_004.tsv"
    gold = ev.read_annotations(path)
    assert len(gold) == 40
    assert all(len(g.quote) < 40 for g in gold)
    assert {g.kind for g in gold} <= {"actual", "target", "forecast", "other"}
    assert {g.measure for g in gold} <= {
        "level",
        "growth_rate",
        "share",
        "cumulative",
        "conversion",
        "count",
        "increment",
    }
    assert sum(g.measure == "conversion" for g in gold) == 2
    # locating works on a synthetic text: whitespace-tolerant, brackets mark the figure
    g = ev.Figure("x.txt", 5.2, "percent", quote="5% 내외 [5.2%]")
    h = ev.Figure("x.txt", 5.0, "percent", quote="경제성장률을 [5%]로")
    h2 = ev.Figure("x.txt", 5.0, "percent", quote="경제성장률을 [5%]로")
    text = "표\t5% 내외\t5.2%\n경제성장률을 5%로 제시. 또 경제성장률을 5%로."
    assert ev.locate([g, h, h2], {"x.txt": text}) == []
    assert text[g.start : g.end] == "5.2%"
    assert text[h.start : h.end] == "5%" and h2.start > h.start
    missing = ev.Figure("x.txt", 1.0, "percent", quote="없는 [1%]")
    assert ev.locate([missing], {"x.txt": text}) == ["x.txt: quote '없는 [1%]' found 0x, need 1"]


@pytest.mark.corpus
def test_seed_004_quotes_all_locate(ev):
    seed = ROOT.parent / "shared" / "seeds" / "004_baff780838081e41.txt"
    if not seed.exists():
        pytest.skip("needs ../shared")

    text = normalize(seed.read_text(encoding="utf-8")).text
    gold = ev.read_annotations(ANNOTATIONS / "seed_004.tsv")
    assert ev.locate(gold, {seed.name: text}) == []
    # every annotated figure's span overlaps a quantity the reader finds, of the same value
    qs = find_quantities(text)
    for g in gold:
        assert any(
            q.start < g.end and g.start < q.end and abs(q.value - g.value_base) < 1e-6 * q.value
            for q in qs
        ), g.quote


def test_primary_annotations_read_by_offset_and_check_the_figure(ev, tmp_path):
    f = tmp_path / "gwr.tsv"
    f.write_text(
        "# a test file\n"
        "file\tstart\tvalue\tvalue_base\tbase_unit\tmetric\tkind\tmeasure\tperiod\tqualifier\n"
        "corpus/x.txt\t3\t5%\t5\tpercent\tgdp_growth\ttarget\tgrowth_rate\t2024\tapprox\n"
        "corpus/x.txt\t10\t7亿元\t7e8\tCNY\tunassigned\tactual\tlevel\t2023\texact\n",
        encoding="utf-8",
    )
    gold = ev.read_annotations(f)
    assert [(g.start, g.end, g.measure, g.qualifier) for g in gold] == [
        (3, 5, "growth_rate", "approx"),
        (10, 13, "level", "exact"),
    ]
    text = "增长 5%左右，去年7亿元。"
    assert ev.locate(gold, {"corpus/x.txt": text}) == []
    moved = "增长 5%左右，去年的7亿元。"
    assert ev.locate(gold, {"corpus/x.txt": moved}) == [
        "corpus/x.txt@10: expected '7亿元', text has '的7亿'"
    ]
    # an unassigned gold metric matches any unlinked prediction, not a pack metric
    p = ev.Figure("corpus/x.txt", 7e8, "CNY", "actual", "2023", "np:去年", start=10, end=13)
    assert ev.field_agrees(gold[1], p, "metric")
    p.metric = "gdp_size"
    assert not ev.field_agrees(gold[1], p, "metric")

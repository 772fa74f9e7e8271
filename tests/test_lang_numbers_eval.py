"""Numbers in four languages, measured: hand-written policy sentences (tests/data/numbers/
sentences.tsv) and a subset of Microsoft Recognizers-Text's public spec cases
(tests/data/numbers/recognizers_*.tsv). Each prints its figures; wrong values (a figure read
with another value or unit) are counted apart from misses (a figure not read at all)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from policyscope.extract.quantities import find_quantities
from policyscope.text.normalize import fold

DATA = Path(__file__).parent / "data" / "numbers"


def _parse_expected(cell: str) -> list[tuple[float, float | None, str]]:
    out = []
    for item in cell.split(" | "):
        value, base = item.strip().rsplit(" ", 1)
        lo, _, hi = value.partition("..")
        out.append((float(lo), float(hi) if hi else None, base))
    return out


def _rows(name: str) -> list[tuple[str, str, list]]:
    rows = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        lang, text, expected = line.split("\t")
        rows.append((lang, text, _parse_expected(expected)))
    return rows


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def score(rows, same_unit: dict[str, str] | None = None) -> dict:
    """Per language: expected figures, right (value and unit), wrong (read, but with another
    value or unit) and missed (not read at all), with a line for each miss. Text is folded
    as stored text is (text.normalize: full-width digits and % to ASCII). same_unit maps a
    read unit to the unit the expectations use for it."""
    stats: dict = {}
    same_unit = same_unit or {}
    for lang, text, expected in rows:
        st = stats.setdefault(lang, {"n": 0, "right": 0, "wrong": 0, "missed": 0, "log": []})
        qs = find_quantities(fold(text))
        got = [(q.value, q.value_high, same_unit.get(q.base_unit, q.base_unit)) for q in qs]
        unused = list(got)
        unmatched = []
        for exp in expected:
            st["n"] += 1
            hit = next((g for g in unused if _same(g, exp)), None)
            if hit is not None:
                unused.remove(hit)
                st["right"] += 1
            else:
                unmatched.append(exp)
        # a figure read that matches nothing expected is a wrong reading of one of the
        # unmatched expected figures; the unmatched beyond those were not read at all
        wrong = min(len(unused), len(unmatched))
        st["wrong"] += wrong
        st["missed"] += len(unmatched) - wrong
        for i, exp in enumerate(unmatched):
            tag = "WRONG" if i < wrong else "MISS "
            st["log"].append(f"{tag} {text!r}: expected {exp}, got {got}")
    return stats


def _same(got: tuple, exp: tuple) -> bool:
    return (
        got[2] == exp[2] and _close(got[0], exp[0]) and (exp[1] is None or _close(got[1], exp[1]))
    )


def _report(title: str, stats: dict) -> tuple[int, int, int]:
    n = sum(s["n"] for s in stats.values())
    right = sum(s["right"] for s in stats.values())
    wrong = sum(s["wrong"] for s in stats.values())
    print(
        f"\n{title}: {right}/{n} values right ({right / n:.1%}), {wrong} wrong, "
        f"{n - right - wrong} missed"
    )
    for lang, s in sorted(stats.items()):
        print(f"  {lang}: {s['right']}/{s['n']} right, {s['wrong']} wrong, {s['missed']} missed")
        for line in s["log"]:
            print("   ", line)
    return n, right, wrong


def test_hand_written_sentences():
    rows = _rows("sentences.tsv")
    per_lang = {lang: sum(1 for r in rows if r[0] == lang) for lang in ("ko", "zh", "ja", "en")}
    assert min(per_lang.values()) >= 40, per_lang
    n, right, _wrong = _report("hand-written sentences", score(rows))
    assert right / n >= 0.98


_RT_SAME = {"percentage_point": "percent"}


@pytest.mark.parametrize("lang", ["ko", "zh", "ja", "en"])
def test_recognizers_text_subset(lang):
    path = DATA / f"recognizers_{lang}.tsv"
    rows = _rows(path.name)
    # Recognizers-Text resolves 个百分点 / ポイント to '%'; PolicyScope keeps percentage
    # points apart (a different quantity for an analyst): the value is what is compared
    stats = score(rows, _RT_SAME)
    n, right, wrong = _report(f"Recognizers-Text {lang}", stats)
    # thresholds: what was measured when the subset was chosen (see the file header)
    floor, max_wrong = RT_BARS[lang]
    assert right / n >= floor
    assert wrong / n <= max_wrong


# (min share right, max share wrong) per language, just under what was measured on the
# subset when it was chosen: ko 80/82 right, 1 wrong; zh 87/93, 2 wrong; ja 150/155,
# 5 wrong; en 40/45, 1 wrong. Six of the nine 'wrong' are cases whose expected value is
# itself off (2억 4천 4백만 given as 254,000,000; 600% as 6; 12.54 as 12.56; '5-20%'
# given as 20 alone...): they stay in, as chosen.
RT_BARS = {"ko": (0.97, 0.02), "zh": (0.93, 0.03), "ja": (0.96, 0.04), "en": (0.88, 0.03)}


def test_recognizers_text_overall():
    rows = [r for lang in RT_BARS for r in _rows(f"recognizers_{lang}.tsv")]
    n, right, wrong = _report("Recognizers-Text, all kept cases", score(rows, _RT_SAME))
    assert n >= 350
    assert right / n >= 0.95
    assert wrong / n <= 0.03
